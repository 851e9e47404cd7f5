"""The book in a real JupyterLab, as a Binder reader gets it.

A JupyterLab server (with ``jupyterlab-myst``, pinned in requirements.txt) runs on 127.0.0.1 over a scratch
folder holding a copy of chapter 1 and a one-cell explorer notebook; headless Chromium opens them.

* The chapter reads as on the site: an equation reference is a link, no MyST role shows as raw text, and a
  solution is folded (its dropdown closed, its later cells collapsed) until the reader opens it.
* The explorer's slider redraws one image in place. Each redraw is timed from the click to the new image and
  printed as a ``BENCHMARK`` line; tests/benchmark.py holds the budget (200 ms median), no test asserts it.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

import pytest
import servers
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = "momentum.ipynb"
STALL_SECONDS = 90
"""How long a kernel may take to answer a slider: detects a hang, not slowness (a busy machine is slow)."""

PANEL = "[...window.jupyterapp.shell.widgets('main')].find(w => w.context && w.context.path === PATH)"
NOTEBOOK = PANEL + "?.content"
"""The chapter's notebook widget (the server exposes the application to the page for this test)."""


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lab")
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": ["import d2lmini as d2l\n", "d2l.momentum_explorer()"],
    }
    notebook = {
        "cells": [cell],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (folder / "explore.ipynb").write_text(json.dumps(notebook))
    shutil.copy(ROOT / "chapters" / CHAPTER, folder / CHAPTER)
    port = servers.free_port()
    command = [
        str(Path(sys.executable).with_name("jupyter-lab")),
        "--no-browser",
        "--allow-root",
        f"--port={port}",
        "--ip=127.0.0.1",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={folder}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.expose_app_in_browser=True",
    ]
    url = f"http://127.0.0.1:{port}"
    with servers.running(command, f"{url}/lab"):
        yield url


def _open(browser, url: str, name: str):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    # A reset workspace: the notebook opened by an earlier test does not come back as a second tab.
    page.goto(f"{url}/lab/tree/{name}?reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60000)
    panel, notebook = _js(PANEL, name), _js(NOTEBOOK, name)
    ready = f"() => window.jupyterapp && {panel}?.context.isReady && {notebook}.widgets.length > 0"
    page.wait_for_function(ready, timeout=60000)
    return page


def _js(expression: str, path: str = CHAPTER) -> str:
    return expression.replace("PATH", json.dumps(path))


def _cells(page) -> list[tuple[str, str]]:
    return page.evaluate(
        f"() => {_js(NOTEBOOK)}.widgets.map(c => [c.model.type, c.model.sharedModel.getSource()])"
    )


def _show(page, index: int) -> None:
    """Make cell ``index`` active and scroll it into view: JupyterLab renders only the cells near the view."""
    notebook = _js(NOTEBOOK)
    scroll = (
        f"async (i) => {{ const nb = {notebook}; nb.activeCellIndex = i; await nb.scrollToItem(i, 'start') }}"
    )
    page.evaluate(scroll, index)
    page.wait_for_function(
        f"(i) => {_js(NOTEBOOK)}.widgets[i].node.querySelector('.myst')",
        arg=index,
        timeout=20000,
    )


def _cell_node(page, index: int, js: str):
    return page.evaluate(
        f"(i) => {{ const cell = {_js(NOTEBOOK)}.widgets[i]; const node = cell.node; {js} }}", index
    )


def test_chapter_reads_in_jupyterlab_as_on_the_site(browser, lab):
    page = _open(browser, lab, CHAPTER)
    try:
        cells = _cells(page)
        # MyST, not raw text: the first cell that refers to an equation shows the reference as a link.
        eq = next(i for i, (kind, src) in enumerate(cells) if kind == "markdown" and "{eq}`" in src)
        _show(page, eq)
        links = _cell_node(
            page,
            eq,
            "return [...node.querySelectorAll('.myst a[href^=\"#eq-\"]')].map(a => [a.textContent, a.href]);",
        )
        assert links and all(re.fullmatch(r"\(\d+\)", text) for text, _ in links), links
        text = _cell_node(page, eq, "return node.querySelector('.myst').innerText;")
        for raw in ("{eq}`", "{ref}`", "{numref}`", "{cite}`", ":label:", "```"):
            assert raw not in text, f"raw MyST {raw!r} shows in cell {eq}: {text[:300]}"

        # A solution: its dropdown is closed, the cells up to {solution-end} are collapsed; clicks open them.
        start = next(
            i for i, (kind, src) in enumerate(cells) if kind == "markdown" and "{solution-start}" in src
        )
        end = next(i for i in range(start + 1, len(cells)) if "{solution-end}" in cells[i][1])
        _show(page, start)
        details = page.locator(".jp-Cell.jp-mod-active details").first
        body = details.locator(".details-body")
        assert details.get_attribute("open") is None and not body.is_visible(), "the solution starts open"
        hidden = [_cell_node(page, i, "return cell.inputHidden;") for i in range(start + 1, end + 1)]
        assert all(hidden), f"solution cells {start + 1}..{end} must start collapsed, got {hidden}"
        # jupyterlab-myst can render a cell again soon after it first appears (seen: the clicked node replaced
        # by a new, closed one), and on a busy machine that window is long. So click until the dropdown stays
        # open, for at most a minute; one that never opens still fails.
        clicks, deadline = 0, time.monotonic() + 60
        while not body.is_visible() and time.monotonic() < deadline:
            if details.get_attribute("open") is None:
                details.locator("summary").click()
                clicks += 1
            try:
                body.wait_for(state="visible", timeout=3000)
            except PlaywrightTimeout:
                continue
        dropdowns = page.locator(".jp-Cell.jp-mod-active details").count()
        assert body.is_visible(), f"the solution did not open: {clicks} clicks in 60 s, {dropdowns} dropdowns"
        page.evaluate(f"async (i) => {{ await {_js(NOTEBOOK)}.scrollToItem(i, 'center'); }}", start + 1)
        placeholder = page.locator(".jp-Cell .jp-InputPlaceholder").first
        placeholder.wait_for(timeout=10000)
        placeholder.locator(".jp-Placeholder-content, .jp-Placeholder-contentContainer").first.click()
        page.wait_for_function(f"(i) => !{_js(NOTEBOOK)}.widgets[i].inputHidden", arg=start + 1, timeout=5000)
    finally:
        page.close()


def test_live_explorer_redraws_in_place(browser, lab):
    page = _open(browser, lab, "explore.ipynb")
    try:
        # The kernel must be up before the cell is run, or the request can be lost.
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=60000)
        page.click(".jp-Cell .jp-InputArea-editor")
        page.keyboard.press("Shift+Enter")
        image = page.locator(".jp-OutputArea img").first
        image.wait_for(timeout=60000)
        assert page.locator(".jp-OutputArea img").count() == 1
        # The 2x frame is shown at its CSS size: 576 px wide, sharp on high-density screens.
        assert image.evaluate("i => [i.naturalWidth, Math.round(i.getBoundingClientRect().width)]") == [
            1152,
            576,
        ]
        # Let the kernel draw the rest of the grid in its idle time, as it does while a reader looks.
        page.wait_for_timeout(6000)
        track = page.locator(".widget-hslider .noUi-target").first
        readout = page.locator(".widget-hslider .widget-readout").first
        changed = "([sel, old]) => document.querySelector(sel).getAttribute('src') !== old"
        # noUiSlider ignores a tap while it marks the previous one as running (noUi-state-tap, 300 ms, longer
        # on a busy machine): each tap waits for that mark to go.
        tap_over = "() => !document.querySelector('.widget-hslider .noUi-state-tap')"
        seconds, values = [], []
        for fraction in [0.1, 0.3, 0.5, 0.7, 0.9, 0.2]:
            page.wait_for_function(tap_over, timeout=STALL_SECONDS * 1000)
            before = image.get_attribute("src")
            box = track.bounding_box()
            started = time.perf_counter()
            page.mouse.click(box["x"] + fraction * box["width"], box["y"] + box["height"] / 2)
            # Not a budget (the BENCHMARK line below reports the time): a bound that only detects a redraw
            # that never comes, far above the ~0.05 s of an idle machine.
            try:
                redrawn = [".jp-OutputArea img", before]
                page.wait_for_function(changed, arg=redrawn, timeout=STALL_SECONDS * 1000)
            except PlaywrightTimeout:
                shown = readout.inner_text()
                pytest.fail(f"no redraw {STALL_SECONDS} s after a tap at {fraction}: at {shown}, {values}")
            seconds.append(time.perf_counter() - started)
            values.append(readout.inner_text())
        # Every click moved the learning-rate slider and was redrawn in the same single image.
        assert values == ["0.1", "0.2", "0.4", "0.6", "0.8", "0.2"]
        assert page.locator(".jp-OutputArea img").count() == 1
        print("redraw seconds per slider move:", [round(s, 3) for s in seconds])
        print(f"BENCHMARK live redraw (median): {statistics.median(seconds):.3f} s")
    finally:
        page.close()
