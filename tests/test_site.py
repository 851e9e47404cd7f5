"""The built website: a strict build, page budgets, and every page checked in a real browser.

The site is built once per run with ``jupyter-book build . -W -n --keep-going --all`` (any warning
fails), served on 127.0.0.1, and opened in headless Chromium (Debian's ``chromium``) with every other
request blocked. Screenshots of each page are saved under ``_build/screenshots/``.
"""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
BUILD_COMMAND = [
    str(Path(sys.executable).with_name("jupyter-book")),
    "build",
    str(ROOT),
    "-W",
    "-n",
    "--keep-going",
]
PAGES = ["chapters/intro"] + re.findall(r"file:\s*(\S+)", (ROOT / "_toc.yml").read_text(encoding="utf-8"))
PAGE_BUDGET = 2_000_000
SITE_BUDGET = 40_000_000
# Logged by pydata-sphinx-theme on a fresh browser profile; harmless (see TOOLING-NOTES).
BENIGN_CONSOLE = ("Got invalid theme mode",)
BROWSER_BUDGET = 60.0
BROWSER_SECONDS: dict[str, float] = {}


@pytest.fixture(scope="module")
def site() -> Path:
    """Build the site once from scratch, strictly: any warning fails."""
    result = subprocess.run([*BUILD_COMMAND, "--all"], cwd=ROOT, capture_output=True, text=True)
    warnings = [line for line in (result.stdout + result.stderr).splitlines() if "WARNING" in line]
    assert result.returncode == 0 and not warnings, "\n".join(warnings) or result.stdout[-3000:]
    return SITE


def test_strict_build_writes_every_page(site):
    for name in PAGES:
        assert (site / f"{name}.html").is_file(), name


def test_chapters_offer_binder_thebe_and_download(site):
    """Each chapter links its notebook for download and launches in Binder and Thebe from one repo URL."""
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    repo = re.search(r"repository:\s*\n\s*url:\s*https://github.com/(\S+)", config).group(1)
    for name in PAGES:
        if not (ROOT / f"{name}.ipynb").is_file():
            continue
        html = (site / f"{name}.html").read_text(encoding="utf-8")
        assert f'href="../_sources/{name}.ipynb"' in html, name
        assert (site / "_sources" / f"{name}.ipynb").is_file(), name
        binder = re.search(rf'href="(https://mybinder.org/v2/gh/{repo}/main\?urlpath=[^"]*)"', html)
        assert binder and binder.group(1).endswith(f"{name}.ipynb"), name
        assert "btn-launch-thebe" in html, name


def _page_bytes(site: Path, name: str) -> int:
    """The page's HTML plus every image it shows."""
    html_path = site / f"{name}.html"
    html = html_path.read_text(encoding="utf-8")
    # Inline (data:) images are part of the HTML already.
    images = {src for src in re.findall(r'<img[^>]+src="([^"]+)"', html) if not src.startswith("data:")}
    return html_path.stat().st_size + sum((html_path.parent / src).resolve().stat().st_size for src in images)


def test_page_and_site_budgets(site):
    sizes = {name: _page_bytes(site, name) for name in PAGES}
    over = {name: size for name, size in sizes.items() if size >= PAGE_BUDGET}
    assert not over, f"pages over {PAGE_BUDGET} bytes: {over}"
    total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    assert total < SITE_BUDGET, f"site is {total} bytes"


def test_no_page_loads_anything_from_outside(site):
    """Scripts, styles and images come from the site itself (links to elsewhere are fine)."""
    for name in PAGES:
        html = (site / f"{name}.html").read_text(encoding="utf-8")
        external = re.findall(
            r'<(?:script|img|link[^>]*rel="stylesheet")[^>]*(?:src|href)="(https?:[^"]+)"', html
        )
        assert not external, (name, external)


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _open(browser, url: str, base: str):
    """Open ``url`` with every request outside ``base`` blocked; return page, blocked list, console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    blocked: list[str] = []
    errors: list[str] = []

    def route(r):
        if r.request.url.startswith(base):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, wait_until="load")
    if page.locator("script[src*='mathjax']").count():
        ready = "() => window.MathJax && MathJax.startup && MathJax.startup.promise"
        page.wait_for_function(ready, timeout=15000)
        page.evaluate("() => MathJax.startup.promise")
    page.wait_for_load_state("networkidle")
    return context, page, blocked, errors


@pytest.mark.parametrize("name", PAGES)
def test_page_in_browser(browser, server, name):
    started = time.perf_counter()
    context, page, blocked, errors = _open(browser, f"{server}/{name}.html", server)
    try:
        assert not blocked, f"requests outside the site: {blocked}"
        math = page.evaluate(
            """() => {
                const all = [...document.querySelectorAll('.math, span.math, div.math')];
                const raw = all.filter(e => !e.querySelector('mjx-container'))
                               .map(e => e.textContent.slice(0, 60));
                const errors = document.querySelectorAll('mjx-merror').length;
                return {count: all.length, raw, errors};
            }"""
        )
        assert not math["raw"], f"untypeset mathematics: {math['raw'][:5]}"
        assert math["errors"] == 0, "MathJax reported errors"
        body_text = page.inner_text("article")
        assert "$$" not in body_text and "\\begin{" not in body_text
        broken = page.evaluate(
            "() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
        )
        assert not broken, f"images that did not load: {broken}"
        real_errors = [e for e in errors if not any(b in e for b in BENIGN_CONSOLE)]
        assert not real_errors, f"console errors: {real_errors}"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{Path(name).name}.png"))
        _check_solutions(page)
        _check_explorers(page, name)
    finally:
        context.close()
    BROWSER_SECONDS[name] = time.perf_counter() - started


def test_browser_checks_fit_their_budget(browser):
    """All pages were opened and checked in the browser, within the budget for the whole site."""
    if not BROWSER_SECONDS:
        pytest.skip("the page tests were deselected in this run")
    assert sorted(BROWSER_SECONDS) == sorted(PAGES)
    total = sum(BROWSER_SECONDS.values())
    print(f"browser checks: {total:.1f} s for {len(BROWSER_SECONDS)} pages")
    assert total < BROWSER_BUDGET, BROWSER_SECONDS


def _check_solutions(page) -> None:
    """Every solution starts closed and opens when its title is clicked."""
    solutions = page.locator("div.solution.dropdown")
    for i in range(solutions.count()):
        solution = solutions.nth(i)
        content = solution.locator("section").first
        assert "toggle-hidden" in (solution.get_attribute("class") or ""), f"solution {i} starts open"
        assert not content.is_visible(), f"solution {i} content visible before a click"
        solution.locator(":scope > .admonition-title").click()
        page.wait_for_timeout(50)
        assert content.is_visible(), f"solution {i} did not open on a click"


def _check_explorers(page, name: str) -> None:
    """Every chapter has an explorer; moving any of its sliders changes the picture and the value shown."""
    explorers = page.locator("div.d2l-explorer")
    if (ROOT / f"{name}.ipynb").is_file():
        assert explorers.count() >= 1, f"{name} has no explorer"
    for i in range(explorers.count()):
        explorer = explorers.nth(i)
        image = explorer.locator("img.d2l-explorer-frame")
        sliders = explorer.locator("input[type=range]")
        assert sliders.count() >= 1
        for k in range(sliders.count()):
            slider = sliders.nth(k)
            shown = slider.locator("xpath=following-sibling::output")
            before_src, before_text = image.get_attribute("src"), shown.inner_text()
            at_end = slider.input_value() == slider.get_attribute("max")
            slider.focus()
            slider.press("ArrowLeft" if at_end else "ArrowRight")
            where = f"explorer {i}, slider {k}"
            assert image.get_attribute("src") != before_src, f"{where}: the picture did not change"
            assert shown.inner_text() != before_text, f"{where}: the value shown did not change"
