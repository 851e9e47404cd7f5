"""Live Code (thebe 0.9) on the built site, in a real browser, with Binder emulated on this machine.

The preface and two chapters are built into a scratch folder and served on 127.0.0.1. Headless Chromium
opens the chapter pages and clicks "Live Code". Every request is routed by the test:

* Binder's build event stream (``<binderhub>/build/gh/<repo>/<ref>``) is answered with a "ready" event
  that points at a ``jupyter server`` this test starts on 127.0.0.1 with a token;
* thebe's bundle (``live_code.THEBE_CDN``) and the require.js that its widget manager fetches come from
  local copies that ``.ci/run`` unpacks with ``npm pack`` into ``_build/vendor/`` (never a CDN);
* everything else outside the site and the Jupyter server is blocked, and the test fails if a page
  asked for it. Before the click on Live Code a page may ask for nothing outside the site at all (offline
  reading). Any console error fails the test too.

One chapter is run cell by cell ("run all"): each cell's text output must equal the one stored under
that same cell on the page, a figure must appear, and the explorer must show ipywidgets sliders whose
move changes the image. A second chapter checks that Live Code starts there too and runs its explorer.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import live_code  # noqa: E402
import servers  # noqa: E402

VENDOR = Path(os.environ.get("LIVE_CODE_VENDOR", ROOT / "_build" / "vendor"))
THEBE = VENDOR / f"thebe-{live_code.THEBE_VERSION}" / "lib"
REQUIREJS_VERSION = live_code.REQUIREJS_VERSION
REQUIREJS = VENDOR / f"requirejs-{REQUIREJS_VERSION}" / "require.js"
REQUIREJS_URL = f"https://cdnjs.cloudflare.com/ajax/libs/require.js/{REQUIREJS_VERSION}/require.min.js"
RUN_ALL_CHAPTER = "chapters/momentum"
SECOND_CHAPTER = "chapters/adam"
# Logged by pydata-sphinx-theme on a fresh browser profile; harmless (see TOOLING-NOTES).
BENIGN_CONSOLE = ("Got invalid theme mode",)
TIMINGS = re.compile(r"\d+\.\d+ sec/epoch")


@pytest.fixture(scope="module", autouse=True)
def module_started() -> float:
    """When this module's work began: the Live Code budget covers the build, the servers and the browser."""
    return time.perf_counter()


@pytest.fixture(scope="module")
def thebe_copy() -> Path:
    """The local copy of thebe; absent, the test is skipped (and fails under CI)."""
    if not (THEBE / "index.js").is_file() or not REQUIREJS.is_file():
        message = (
            f"no local copy of thebe {live_code.THEBE_VERSION} and require.js {REQUIREJS_VERSION} in "
            f"{VENDOR}; .ci/run unpacks them (npm pack thebe@{live_code.THEBE_VERSION} "
            f"requirejs@{REQUIREJS_VERSION})"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return THEBE


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The preface and the two chapters, built into a scratch folder (the site test owns ``_build/html``).

    A table of contents with only these pages keeps the build short; links to other chapters stay
    unresolved there, which is harmless for this test and why it is not strict (the site test is).
    """
    out = tmp_path_factory.mktemp("live-code-site")
    toc = out / "_toc.yml"
    pages = "".join(f"  - file: {page}\n" for page in (RUN_ALL_CHAPTER, SECOND_CHAPTER))
    toc.write_text(f"format: jb-book\nroot: chapters/intro\nchapters:\n{pages}", encoding="utf-8")
    command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT), "--toc", str(toc)]
    result = subprocess.run([*command, "--path-output", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "_build" / "html"


@pytest.fixture(scope="module")
def site_url(site):
    with servers.serve_folder(site) as url:
        yield url


@pytest.fixture(scope="module")
def jupyter(site_url):
    """A Jupyter server over the repository, as Binder runs one: a token, and the site allowed as origin."""
    token = secrets.token_hex(16)
    port = servers.free_port()
    command = [
        str(Path(sys.executable).with_name("jupyter-server")),
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.allow_origin={site_url}",
        f"--ServerApp.root_dir={ROOT}",
    ]
    url = f"http://127.0.0.1:{port}/"
    with servers.running(command, f"{url}api/status?token={token}"):
        yield {"url": url, "token": token}


class LivePage:
    """A browser page whose every request outside the site and the Jupyter server is answered or blocked."""

    def __init__(self, context, site_url: str, jupyter: dict, config: dict):
        self.page = context.new_page()
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.binder_requests: list[str] = []
        self.outside: list[str] = []
        binder = config["binder"]
        self.binder_build = f"{binder['binderUrl']}/build/gh/{binder['repo']}/{binder['ref']}"
        self.site_url = site_url
        self.allowed = (site_url, jupyter["url"].rstrip("/"))
        ready = {"phase": "ready", "url": jupyter["url"], "token": jupyter["token"]}
        self.event_stream = f"data: {json.dumps(ready)}\n\n"
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _route(self, route):
        url = route.request.url
        if not url.startswith(self.site_url):
            self.outside.append(url)
        cors = {"Access-Control-Allow-Origin": "*"}
        if url.startswith(self.allowed):
            route.continue_()
        elif url.startswith(self.binder_build):
            self.binder_requests.append(url)
            headers = {**cors, "Content-Type": "text/event-stream"}
            route.fulfill(status=200, headers=headers, body=self.event_stream)
        elif url.startswith(live_code.THEBE_CDN) and (THEBE / url[len(live_code.THEBE_CDN) :]).is_file():
            route.fulfill(status=200, headers=cors, path=THEBE / url[len(live_code.THEBE_CDN) :])
        elif url == REQUIREJS_URL:
            route.fulfill(status=200, headers={**cors, "Content-Type": "text/javascript"}, path=REQUIREJS)
        else:
            self.blocked.append(url)
            route.abort()

    def open(self, url: str) -> None:
        self.page.goto(url, wait_until="load")

    def start_live_code(self) -> None:
        # Offline reading: from loading the page until the click, nothing was asked of anyone but the site.
        assert not self.outside, f"the page asked for outside resources before Live Code: {self.outside}"
        self.page.click(".dropdown-launch-buttons > button")
        self.page.click("button.btn-launch-thebe")
        self.page.wait_for_selector("html.live-code-ready", state="attached", timeout=30000)

    def check_clean(self) -> None:
        assert not self.blocked, f"requests outside the site and the kernel: {self.blocked}"
        errors = [e for e in self.errors if not any(b in e for b in BENIGN_CONSOLE)]
        assert not errors, f"console errors: {errors}"


# Per code cell of a page before Live Code: its stored text output (None unless all its outputs are text)
# and whether it holds an explorer.
STORED = """() => [...document.querySelectorAll('div.cell')].map(cell => {
    const outputs = [...cell.querySelectorAll('.cell_output > .output')];
    const text = outputs.length > 0 && outputs.every(o => o.matches('.stream, .text_plain'));
    return {text: text ? outputs.map(o => o.innerText).join('') : null,
            explorer: cell.querySelector('.d2l-explorer') !== null};
})"""

# Per code cell after running: what thebe put in the cell's own output area.
LIVE = """() => [...document.querySelectorAll('div.cell')].map(cell => {
    const area = cell.querySelector('[data-output]');
    const text = /^(text[/]plain|application[/]vnd[.]jupyter[.]std(out|err))$/;
    const outputs = [...area.querySelectorAll('.jp-OutputArea-output')];
    return {
        text: outputs.filter(o => text.test(o.dataset.mimeType || '')).map(o => o.innerText).join(''),
        figures: area.querySelectorAll('.jp-OutputArea-output img, .jp-OutputArea-output svg').length,
        sliders: area.querySelectorAll('.widget-hslider .noUi-target').length,
        errors: area.querySelectorAll('[data-mime-type="application/vnd.jupyter.error"]').length,
        inCell: area.closest('div.cell') === cell,
    };
})"""

CELLS_DONE = """() => { const cells = window.thebe.notebook.cells;
    return [cells.filter(c => !c.isBusy && c.executionCount !== null).length, cells.length]; }"""
STALL_SECONDS = 90
"""How long "run all" may go without finishing another cell: a hang, not slowness (a busy machine is slow)."""
SRC_CHANGED = "([image, old]) => image.getAttribute('src') !== old"


def _normal(text: str) -> str:
    return TIMINGS.sub("T sec/epoch", text).strip()


def _wait_for_every_cell(page) -> None:
    """Wait while the cells keep finishing; fail when none has finished for STALL_SECONDS."""
    done, last_progress = -1, time.monotonic()
    while True:
        finished, total = page.evaluate(CELLS_DONE)
        if finished == total:
            return
        if finished != done:
            done, last_progress = finished, time.monotonic()
        elif time.monotonic() - last_progress > STALL_SECONDS:
            pytest.fail(f"run all stalled: {finished} of {total} cells done, none more in {STALL_SECONDS} s")
        page.wait_for_timeout(500)


def _check_explorer_moves(page, area) -> None:
    """The explorer shows ipywidgets sliders, and clicking along the first one changes its image."""
    image = area.locator(".widget-image").first
    image.wait_for(timeout=30000)
    track = area.locator(".widget-hslider .noUi-target").first
    track.scroll_into_view_if_needed()
    # noUiSlider ignores a tap while it marks the previous one as running (noUi-state-tap, 300 ms, longer on
    # a busy machine): each tap waits for that mark to go.
    tap_over = "(track) => !track.classList.contains('noUi-state-tap')"
    for fraction in (0.95, 0.05):
        page.wait_for_function(tap_over, arg=track.element_handle(), timeout=STALL_SECONDS * 1000)
        before = image.get_attribute("src")
        box = track.bounding_box()
        page.mouse.click(box["x"] + fraction * box["width"], box["y"] + box["height"] / 2)
        # A bound that detects a redraw that never comes; a redraw takes well under a second when idle.
        redrawn = [image.element_handle(), before]
        page.wait_for_function(SRC_CHANGED, arg=redrawn, timeout=STALL_SECONDS * 1000)


def test_live_code_runs_chapters_and_explorers(browser, thebe_copy, site_url, jupyter, module_started):
    config = live_code.live_code_config(_theme_options())
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    started = time.perf_counter()
    try:
        # One chapter, every cell ("run all").
        live = LivePage(context, site_url, jupyter, config)
        live.open(f"{site_url}/{RUN_ALL_CHAPTER}.html")
        stored = live.page.evaluate(STORED)
        live.start_live_code()
        assert live.binder_requests, "thebe did not ask Binder for a server"
        assert live.page.locator(".thebe-cell").count() == len(stored), "every code cell is live"
        assert live.page.locator("link[href$='thebe.css']").count() == 1, "thebe's stylesheet is loaded"
        live.page.locator(".thebe-runall-button").first.click()
        _wait_for_every_cell(live.page)
        outputs = live.page.evaluate(LIVE)
        assert all(o["inCell"] for o in outputs)
        assert not [i for i, o in enumerate(outputs) if o["errors"]], "cells raised errors"
        # Each text output lands under its own cell: the text stored under that cell on the page.
        compared = [(i, cell["text"]) for i, cell in enumerate(stored) if cell["text"] is not None]
        assert len(compared) >= 5
        for i, text in compared:
            assert _normal(outputs[i]["text"]) == _normal(text), f"cell {i}"
        assert sum(o["figures"] for o in outputs) >= 1, "no figure appeared"
        explorers = [i for i, cell in enumerate(stored) if cell["explorer"]]
        assert explorers and all(outputs[i]["sliders"] >= 1 for i in explorers), "explorers without sliders"
        _check_explorer_moves(live.page, live.page.locator("div.cell").nth(explorers[0]))
        live.check_clean()
        # The reader leaves the page. Its kernel would go on drawing explorer frames in its idle time and
        # compete for the CPU with the second chapter, so it is shut down, as Binder does after a while.
        live.page.close()
        _shut_down_kernels(jupyter)

        # A second chapter: Live Code starts there too; its cells run one by one up to its first explorer.
        second = LivePage(context, site_url, jupyter, config)
        second.open(f"{site_url}/{SECOND_CHAPTER}.html")
        first_explorer = [cell["explorer"] for cell in second.page.evaluate(STORED)].index(True)
        second.start_live_code()
        runs = second.page.locator(".thebe-run-button")
        for i in range(first_explorer + 1):
            # A dispatched click: the buttons of hidden-input cells sit in a closed <details>.
            runs.nth(i).dispatch_event("click")
        explorer = second.page.locator("div.cell").nth(first_explorer)
        _check_explorer_moves(second.page, explorer)
        assert second.page.evaluate(LIVE)[first_explorer]["sliders"] >= 1
        second.check_clean()
    finally:
        context.close()
    print(f"Live Code test: {time.perf_counter() - started:.1f} s in the browser")
    print(f"BENCHMARK Live Code test: {time.perf_counter() - module_started:.1f} s")


def _shut_down_kernels(jupyter: dict) -> None:
    headers = {"Authorization": f"token {jupyter['token']}"}
    with urllib.request.urlopen(urllib.request.Request(f"{jupyter['url']}api/kernels", headers=headers)) as r:
        kernels = json.load(r)
    for kernel in kernels:
        url = f"{jupyter['url']}api/kernels/{kernel['id']}"
        urllib.request.urlopen(urllib.request.Request(url, headers=headers, method="DELETE")).close()


def _theme_options() -> dict:
    """``repository:`` and ``launch_buttons:`` of _config.yml, as Jupyter Book hands them to the theme."""
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    repository = config.get("repository", {})
    return {
        "repository_url": repository.get("url"),
        "repository_branch": repository.get("branch"),
        "path_to_docs": repository.get("path_to_book"),
        "launch_buttons": config.get("launch_buttons", {}),
    }


def test_placeholder_repository_is_announced():
    assert live_code.placeholder_notice(live_code.PLACEHOLDER_URL)
    assert live_code.placeholder_notice(None)
    assert live_code.placeholder_notice("https://github.com/someone/their-book") is None


def test_binder_builds_the_repository_of_config():
    config = live_code.live_code_config(
        {"repository_url": "https://github.com/someone/their-book/", "repository_branch": "pages"}
    )
    assert config["binder"] == {
        "binderUrl": "https://mybinder.org",
        "repoProvider": "github",
        "repo": "someone/their-book",
        "ref": "pages",
    }
    assert config["thebe"] == f"https://cdn.jsdelivr.net/npm/thebe@{live_code.THEBE_VERSION}/lib/"
    with pytest.raises(ValueError, match="repository.url"):
        live_code.live_code_config({"repository_url": "https://gitlab.com/someone/their-book"})
