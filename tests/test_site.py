"""The built website: a strict build, page sizes, and every page checked in a real browser.

The site is built once per run with ``jupyter-book build . -W -n --keep-going --all`` (any warning
fails), served on 127.0.0.1, and opened in headless Chromium (Debian's ``chromium``) with every other
request blocked. Each page is loaded once and read three ways in that tab:

* on a desktop (1280 px, light): typeset mathematics, loaded images, no raw TeX or MyST roles in the
  text, tables whose last column is visible or reachable by a visible scroll, one menu button and one
  search field, text contrast, an axe-core audit, solutions and explorers that work;
* in dark mode: figures sit on the page with at most one frame, their text and lines contrast with
  their background, and so does all text;
* on a phone (390 px): no sideways overflow, tables as above, the chapter list opens from the menu
  button and lists every page, the page-contents menu opens.

Zero console errors throughout, with no exception by name. The search page must show snippets without
raw TeX, and two chapters are printed to PDF. Screenshots and PDFs land in ``_build/screenshots/``; the
time spent in the browser is printed as a ``BENCHMARK`` line for ``tests/benchmark.py``.
"""

from __future__ import annotations

import base64
import io
import math
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import servers

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
CHAPTERS = [name for name in PAGES if (ROOT / f"{name}.ipynb").is_file()]
PAGE_BUDGET = 1_500_000  # bytes of a page with its images (issue 11)
SITE_BUDGET = 40_000_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Raw TeX or MyST that escaped rendering, in text a reader sees.
RAW_MARKUP = re.compile(r"\$|\\frac|\\\(|\\\[|\\begin\{|\{(?:ref|eq|numref|cite|prf:ref|doc)\}`")
# Chapters printed to PDF: the first (figures, explorers, exercises) and the last (the wide table).
PRINTED = [CHAPTERS[0], CHAPTERS[-1]]
BROWSER_SECONDS: dict[str, float] = {}

# axe-core rules not applied, each with the reason. Everything else must show no serious or critical
# violation. MathJax's output is left out of the audit as a region (see AXE_CONTEXT), not by rule.
AXE_SKIPPED_RULES: dict[str, str] = {
    "color-contrast": "TEXT_CONTRAST applies the same WCAG 2 ratios (4.5:1, 3:1 for large text) to every text"
    " of the article, blending translucent boxes, in light and in dark mode, in a fraction of a second;"
    " axe's rule took most of each audit (seconds a page) and covered the light theme only. Both"
    " flagged the same links on tinted theorem boxes before book.css darkened them.",
    "link-in-text-block": "LINKS_UNDERLINED asks more (every link with text among other text is underlined,"
    " where axe also accepts a 3:1 colour contrast with the text around it) in milliseconds; axe's rule"
    " took about 2 s a page, the largest part of each audit.",
}
# MathJax CHTML draws each formula as thousands of aria-hidden glyph boxes next to an assistive MathML
# copy that screen readers read; auditing the glyph boxes takes most of axe's time and finds nothing
# the surrounding paragraph (same colours, audited) does not.
AXE_CONTEXT = {"exclude": [["mjx-container"]]}


# ---------------------------------------------------------------------------------------------------
# The build and its files


@pytest.fixture(scope="module")
def site() -> Path:
    """Build the site once from scratch (pages left by older builds would hide orphans), strictly."""
    shutil.rmtree(SITE, ignore_errors=True)
    result = subprocess.run([*BUILD_COMMAND, "--all"], cwd=ROOT, capture_output=True, text=True)
    warnings = [line for line in (result.stdout + result.stderr).splitlines() if "WARNING" in line]
    assert result.returncode == 0 and not warnings, "\n".join(warnings) or result.stdout[-3000:]
    return SITE


def test_strict_build_writes_every_page_and_no_orphan(site):
    """Every page of the table of contents is written; no other page is, except search and the redirect."""
    for name in PAGES:
        assert (site / f"{name}.html").is_file(), name
    written = {p.relative_to(site).with_suffix("").as_posix() for p in site.rglob("*.html")}
    written -= {p for p in written if p.startswith(("_static/", "_sources/", "_images/"))}
    assert written == set(PAGES) | {"index", "search"}, written - set(PAGES)


def test_chapters_offer_binder_thebe_and_download(site):
    """Each chapter links its notebook for download and launches in Binder and Thebe from one repo URL."""
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    repo = re.search(r"repository:\s*\n\s*url:\s*https://github.com/(\S+)", config).group(1)
    for name in CHAPTERS:
        html = (site / f"{name}.html").read_text(encoding="utf-8")
        assert f'href="../_sources/{name}.ipynb"' in html, name
        assert (site / "_sources" / f"{name}.ipynb").is_file(), name
        binder = re.search(rf'href="(https://mybinder.org/v2/gh/{repo}/main\?urlpath=[^"]*)"', html)
        assert binder and binder.group(1).endswith(f"lab/tree/{name}.ipynb"), (name, binder)
        assert "btn-launch-thebe" in html, name


def _page_bytes(site: Path, name: str) -> int:
    """The page's HTML plus every image it shows."""
    html_path = site / f"{name}.html"
    html = html_path.read_text(encoding="utf-8")
    # Inline (data:) images are part of the HTML already.
    images = {src for src in re.findall(r'<img[^>]+src="([^"]+)"', html) if not src.startswith("data:")}
    return html_path.stat().st_size + sum((html_path.parent / src).resolve().stat().st_size for src in images)


def test_page_and_site_sizes(site):
    sizes = {name: _page_bytes(site, name) for name in PAGES}
    print(f"BENCHMARK heaviest page with its images: {max(sizes.values()) / 1e6:.3f} MB")
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


# ---------------------------------------------------------------------------------------------------
# Browser tabs: one per way of reading, reused for every page


@pytest.fixture(scope="module")
def server(site):
    with servers.serve_folder(site) as url:
        yield url


@dataclass
class Tab:
    """A browser tab that blocks every request outside the site and records console errors."""

    page: object
    base: str
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, name: str, query: str = "") -> None:
        self.blocked.clear()
        self.errors.clear()
        self.page.goto(f"{self.base}/{name}.html{query}", wait_until="load")
        if self.page.locator("script[src*='mathjax']").count():
            ready = "() => window.MathJax && MathJax.startup && MathJax.startup.promise"
            self.page.wait_for_function(ready, timeout=15000)
            self.page.evaluate("() => MathJax.startup.promise")
        self.page.evaluate("() => document.fonts.ready.then(() => true)")

    def check_clean(self) -> None:
        assert not self.blocked, f"requests outside the site: {self.blocked}"
        assert not self.errors, f"console errors: {self.errors}"

    def screenshot(self, name: str, suffix: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{Path(name).name}{suffix}.png"))


def _tab(browser, base: str, **options) -> Tab:
    context = browser.new_context(**options)
    page = context.new_page()
    tab = Tab(page, base)

    def route(r):
        if r.request.url.startswith(base):
            r.continue_()
        else:
            tab.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    page.on("response", lambda r: tab.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return tab


@pytest.fixture(scope="module")
def tabs(browser, server):
    made = {
        "reader": _tab(browser, server, viewport=DESKTOP),
        "print": _tab(browser, server, viewport=DESKTOP),
    }
    yield made
    for tab in made.values():
        tab.page.context.close()


@pytest.fixture
def timed(request):
    """Add the test's time to the browser total."""
    started = time.perf_counter()
    yield
    BROWSER_SECONDS[request.node.name] = time.perf_counter() - started


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


# ---------------------------------------------------------------------------------------------------
# Checks shared by the ways of reading

READER_TEXT = """() => {
    // The text of the page outside code (code may well contain $ or backslashes), including text a
    // reader reveals by a click (solutions, folded cells).
    const parts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const inCode = n.parentElement.closest('pre, code, script, style, .highlight, dialog');
        if (!inCode) parts.push(n.textContent);
    }
    return parts.join(' ');
}"""

TABLE_REACH = """() => {
    // For each table: is its last column inside the viewport and its scroll box, or can the reader
    // scroll to it in a box that shows it scrolls (the cue book.js and book.css draw)?
    const out = [];
    const width = document.documentElement.clientWidth;
    for (const [i, table] of [...document.querySelectorAll('article table')].entries()) {
        const row = table.querySelector('tr');
        const last = row.lastElementChild.getBoundingClientRect();
        const box = table.closest('.pst-scrollable-table-container');
        const boxRect = (box || table).getBoundingClientRect();
        const shown = last.right <= Math.min(width, boxRect.right) + 1;
        let reachable = false, cue = false;
        if (!shown && box) {
            const frame = box.closest('.d2l-scroll-frame');
            const hint = frame && frame.querySelector(':scope > .d2l-scroll-hint');
            cue = !!(frame && frame.classList.contains('d2l-more-right') && hint
                     && hint.offsetHeight > 0 && getComputedStyle(frame, '::after').opacity === '1');
            const before = box.scrollLeft;
            box.scrollLeft = box.scrollWidth;
            const moved = row.lastElementChild.getBoundingClientRect();
            reachable = boxRect.right <= width + 1 && moved.right <= boxRect.right + 1;
            box.scrollLeft = before;
        }
        if (!shown && !(reachable && cue)) {
            out.push({table: i, lastRight: Math.round(last.right), boxRight: Math.round(boxRect.right),
                      reachable, cue, head: row.innerText.slice(0, 60)});
        }
    }
    return out;
}"""

OVERFLOW = """() => {
    // Elements that stick out of the viewport on the right, outside any box that scrolls or clips them.
    const width = document.documentElement.clientWidth;
    const out = [];
    const pageWidth = document.documentElement.scrollWidth;
    if (pageWidth > width) out.push('page is ' + pageWidth + ' px wide');
    // The page itself must not scroll sideways, and no content may stick out (even where the theme
    // clips the body) unless a box that scrolls holds it. Drawers are fixed off-screen, not content.
    for (const e of document.querySelectorAll('article *')) {
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.right <= width + 0.5) continue;
        if (!e.checkVisibility({visibilityProperty: true})) continue;
        let a = e.parentElement, contained = false;
        while (a && a !== document.body) {
            const holds = getComputedStyle(a).overflowX !== 'visible';
            if (holds && a.getBoundingClientRect().right <= width + 0.5) { contained = true; break; }
            a = a.parentElement;
        }
        const what = e.tagName.toLowerCase() + '.' + e.className + ' right=' + Math.round(r.right);
        if (!contained) out.push(what + ' ' + e.textContent.slice(0, 50));
    }
    return out.slice(0, 5);
}"""

CLIPPED = """() => [...document.querySelectorAll('article *')]
    // Boxes that cut their content off instead of scrolling it (code, outputs). An inline formula's box
    // holds MathJax's invisible assistive copy, which may be wider: its drawn formula (mjx-math) counts.
    .filter(e => !e.closest('mjx-container') && ['hidden', 'clip'].includes(getComputedStyle(e).overflowX))
    .filter(e => {
        const drawn = e.matches('span.math') && e.querySelector('mjx-math');
        return (drawn ? drawn.getBoundingClientRect().width : e.scrollWidth) > e.clientWidth + 2;
    })
    .map(e => e.tagName.toLowerCase() + '.' + e.className + ': ' + e.textContent.slice(0, 40))"""

VISIBLE_COUNT = """(selector) => [...document.querySelectorAll(selector)]
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
                   && getComputedStyle(e).visibility !== 'hidden'; }).length"""


LINKS_UNDERLINED = """() => [...document.querySelectorAll('article a[href]')]
    // A link inside running text (a paragraph, list item, caption, table cell with other text) must be
    // told from that text without colour: underlined. Permalink anchors show no text and do not count.
    .filter(a => a.innerText.trim())
    .filter(a => {
        const block = a.closest('p, li, dd, td, th, figcaption, caption, .admonition-title');
        return block && block.innerText.replace(a.innerText, '').trim();
    })
    .filter(a => !getComputedStyle(a).textDecorationLine.includes('underline'))
    .map(a => a.innerText.slice(0, 40))"""


FIGURE_TEXT = r"""async () => {
    // The smallest text of each SVG figure as the page shows it, in CSS px. Matplotlib writes text as
    // glyph outlines at 100 units per point, each text scaled by scale(size/100 -size/100), and sizes the
    // drawing in points: a glyph's shown size is its points times the shown width over the drawing's width.
    const out = [];
    for (const img of document.querySelectorAll('article img[src$=".svg"]')) {
        const shown = img.getBoundingClientRect().width;
        if (!shown) continue;
        const svg = await (await fetch(img.src)).text();
        const width = parseFloat((svg.match(/<svg[^>]*\swidth="([\d.]+)pt"/) || [])[1]);
        const sizes = [...svg.matchAll(/scale\(([\d.]+) -[\d.]+\)/g)].map(m => 100 * parseFloat(m[1]));
        if (!width || !sizes.length) continue;
        const px = Math.min(...sizes) * shown / width;
        out.push([img.closest('figure')?.id || img.src.slice(-20), Math.round(px * 10) / 10]);
    }
    return out;
}"""


TEXT_CONTRAST = r"""() => {
    // Text in the article whose colour has less than 4.5:1 contrast (3:1 when large) with the solid
    // background behind it: the box itself or the nearest enclosing box with a background colour.
    const parse = c => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => [r, g, b]
        .map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const out = [];
    const seen = new Set();
    const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const e = n.parentElement;
        if (seen.has(e) || !n.textContent.trim() || e.closest('mjx-container, svg')) continue;
        seen.add(e);
        if (!e.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
        const s = getComputedStyle(e);
        const fg = parse(s.color);
        // Translucent boxes (tinted theorem and exercise boxes) are blended over what lies beneath.
        const layers = [];
        let bg = null, a = e;
        for (; a; a = a.parentElement) {
            if (getComputedStyle(a).backgroundImage !== 'none') break;
            const b = parse(getComputedStyle(a).backgroundColor);
            const alpha = b.length === 4 ? b[3] : 1;
            if (alpha === 1) { bg = b.slice(0, 3); break; }
            if (alpha > 0) layers.push(b);
        }
        if (!bg) continue;
        for (const [r, g, b, alpha] of layers.reverse()) {
            bg = [r, g, b].map((c, i) => alpha * c + (1 - alpha) * bg[i]);
        }
        const [l1, l2] = [lum(fg), lum(bg)];
        const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
        const size = parseFloat(s.fontSize);
        const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
        if (ratio >= (large ? 3 : 4.5)) continue;
        const where = `${e.tagName.toLowerCase()}.${e.className} on ${a.tagName.toLowerCase()}`;
        const shown = bg.map(Math.round);
        const text = n.textContent.trim().slice(0, 30);
        out.push(`${where}: ${ratio.toFixed(2)}, ${s.color} on ${shown}: ${text}`);
    }
    return out;
}"""


def _check_raw_markup(text: str, where: str) -> None:
    found = [text[max(m.start() - 40, 0) : m.end() + 40] for m in RAW_MARKUP.finditer(text)]
    assert not found, f"{where}: raw TeX or MyST in visible text: {found[:3]}"


def _check_axe(axe, page, where: str, options: dict) -> None:
    rules = {rule: {"enabled": False} for rule in AXE_SKIPPED_RULES}
    # preload=False: axe would fetch every stylesheet again for its one CSSOM rule (css-orientation-lock,
    # a page that forbids rotation: ours set no orientation) and resolves theme.css's @import "../basic.css"
    # against the site root, a 404 of the audit's own making in the console.
    options = {"resultTypes": ["violations"], "preload": False, **options, "rules": rules}
    results = axe.run(page, context=AXE_CONTEXT, options=options)
    bad = [
        (
            v["id"],
            v["impact"],
            len(v["nodes"]),
            v["nodes"][0]["target"],
            v["nodes"][0]["failureSummary"][:160],
        )
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{where}: axe-core violations: {bad}"


# ---------------------------------------------------------------------------------------------------
# Every page, read three ways in one loaded tab (a page load with its typesetting costs more than the
# checks): on a desktop, then in dark mode, then on a phone.


@pytest.mark.parametrize("name", PAGES)
def test_page(tabs, axe, name, timed):
    tab = tabs["reader"]
    page = tab.page
    page.set_viewport_size(DESKTOP)
    page.emulate_media(color_scheme="light")
    tab.open(name)
    _check_desktop(tab, axe, name)
    _check_dark_mode(tab, name)
    _check_phone(tab, name)
    tab.check_clean()


def _check_desktop(tab: Tab, axe, name: str) -> None:
    page = tab.page
    math_state = page.evaluate(
        """() => {
            const all = [...document.querySelectorAll('.math, span.math, div.math')];
            const raw = all.filter(e => !e.querySelector('mjx-container'))
                           .map(e => e.textContent.slice(0, 60));
            return {raw, errors: document.querySelectorAll('mjx-merror').length};
        }"""
    )
    assert not math_state["raw"], f"untypeset mathematics: {math_state['raw'][:5]}"
    assert math_state["errors"] == 0, "MathJax reported errors"
    _check_raw_markup(page.evaluate(READER_TEXT), name)
    broken = page.evaluate(
        "() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0))"
        ".map(i => i.src.slice(0, 80))"
    )
    assert not broken, f"images that did not load: {broken}"
    assert page.evaluate(TABLE_REACH) == []
    assert page.evaluate(CLIPPED) == [], f"{name}: content cut off"
    assert page.evaluate(VISIBLE_COUNT, ".primary-toggle") == 1, "one menu button"
    assert page.evaluate(VISIBLE_COUNT, ".search-button-field, .bd-search") <= 1, "one search field"
    tab.screenshot(name, "")
    _check_axe(axe, page, name, {})
    assert page.evaluate(TEXT_CONTRAST) == [], f"{name}: text with too little contrast"
    assert page.evaluate(LINKS_UNDERLINED) == [], f"{name}: links in text told apart by colour only"
    _check_solutions(page)
    # With the solutions open, every figure of the page is shown: its smallest text is at least 9 CSS px.
    small = [(figure, px) for figure, px in page.evaluate(FIGURE_TEXT) if px < 9]
    assert not small, f"{name}: figures with text under 9 px at {DESKTOP['width']} px: {small}"
    _check_explorers(page, name)


def _check_solutions(page) -> None:
    """Every solution starts closed and opens when its title is clicked."""
    solutions = page.locator("div.solution.dropdown")
    for i in range(solutions.count()):
        solution = solutions.nth(i)
        content = solution.locator("section").first
        assert "toggle-hidden" in (solution.get_attribute("class") or ""), f"solution {i} starts open"
        assert not content.is_visible(), f"solution {i} content visible before a click"
        # The title links its exercise; the toggle button at its end is what opens the solution.
        solution.locator(":scope > .admonition-title .toggle-button").click()
        content.wait_for(state="visible", timeout=2000)


def _check_explorers(page, name: str) -> None:
    """Every chapter has an explorer; moving any of its sliders changes the picture and the value shown."""
    explorers = page.locator("div.d2l-explorer")
    if name in CHAPTERS:
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


# ---------------------------------------------------------------------------------------------------
# Phone


def _check_phone(tab: Tab, name: str) -> None:
    page = tab.page
    page.set_viewport_size(PHONE)
    # Let the resize reach the page's scripts (book.js marks formulas wider than the column).
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.evaluate("() => window.scrollTo(0, 0)")
    assert page.evaluate(OVERFLOW) == [], f"{name} is wider than a {PHONE['width']} px screen"
    assert page.evaluate(TABLE_REACH) == []
    assert page.evaluate(CLIPPED) == [], f"{name}: content cut off on a phone"
    tab.screenshot(name, "-390")
    _check_chapter_menu(tab)
    _check_contents_menu(tab, name)


def _wait(page, script: str, arg, message: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(script, arg=arg, timeout=3000)
    except PlaywrightTimeout:
        pytest.fail(message)


def _in_view(page, selector: str) -> bool:
    return page.evaluate(
        """(s) => { const e = document.querySelector(s); const r = e.getBoundingClientRect();
                   return r.width > 0 && r.left >= 0 && r.right <= document.documentElement.clientWidth + 1
                          && getComputedStyle(e).visibility === 'visible'; }""",
        selector,
    )


def _check_chapter_menu(tab: Tab) -> None:
    """The menu button opens the chapter list on screen, it links every page, and it closes again."""
    page = tab.page
    sidebar = ".bd-sidebar-primary"
    off_screen = "(s) => document.querySelector(s).getBoundingClientRect().right <= 0"
    _wait(page, off_screen, sidebar, "the chapter list covers the page before the menu is opened")
    page.locator(".primary-toggle:visible").click()
    on_screen = "(s) => document.querySelector(s).getBoundingClientRect().left >= 0"
    _wait(page, on_screen, sidebar, "the menu button did not open the chapter list")
    assert _in_view(page, sidebar), "the menu button did not open the chapter list"
    linked = page.evaluate(
        """(s) => [...document.querySelectorAll(s + ' nav a')]
            .filter(a => a.getBoundingClientRect().width > 0).map(a => new URL(a.href).pathname)""",
        sidebar,
    )
    missing = [name for name in PAGES if not any(path.endswith(f"/{name}.html") for path in linked)]
    assert not missing, f"the chapter list does not link {missing}"
    tab.screenshot(page.url.rsplit("/", 1)[-1].removesuffix(".html"), "-390-menu")
    beside = {"x": PHONE["width"] - 20, "y": PHONE["height"] // 2}
    page.locator("label.overlay-primary").click(position=beside)
    _wait(page, off_screen, sidebar, "the chapter list did not close")


def _check_contents_menu(tab: Tab, name: str) -> None:
    """On a page with sections, the contents button opens the list of the page's sections."""
    page = tab.page
    toc = ".bd-sidebar-secondary"
    if not page.locator(f"{toc} nav.page-toc a").count():
        return
    page.locator(".secondary-toggle:visible").click()
    on_screen = (
        "(s) => { const r = document.querySelector(s).getBoundingClientRect();"
        " return r.right <= document.documentElement.clientWidth + 1 && r.left >= 0; }"
    )
    _wait(page, on_screen, toc, f"{name}: the contents button did not open the page's sections")
    assert _in_view(page, toc), f"{name}: the contents button did not open the page's sections"
    assert page.locator(f"{toc} nav.page-toc a:visible").count() >= 1
    page.locator("label.overlay-secondary").click(position={"x": 20, "y": PHONE["height"] // 2})


# ---------------------------------------------------------------------------------------------------
# Dark mode

FRAMES = """(img) => {
    // Boxes drawn around a figure: the image's own background or border, and each enclosing box up to
    // the article with a background of its own or a border.
    const page = getComputedStyle(document.body).backgroundColor;
    const frames = [];
    for (let e = img; e && !e.matches('article'); e = e.parentElement) {
        const s = getComputedStyle(e);
        const bg = s.backgroundColor;
        const filled = bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent' && bg !== page;
        const border = ['Top', 'Right', 'Bottom', 'Left'].some(
            side => parseFloat(s['border' + side + 'Width']) > 0 && s['border' + side + 'Style'] !== 'none');
        if (filled || border) frames.push(e.tagName.toLowerCase() + '.' + e.className);
    }
    return frames;
}"""


FIGURE_CONTRAST = r"""async (img) => {
    // Redraw the figure as the page shows it (its own background, its CSS filter, over the page
    // behind it) and return the contrast between its most common colour and its ink: the colour at
    // the 99th percentile of luminance distance from it, so text and lines count and anti-aliasing not.
    const parse = c => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => [r, g, b]
        .map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    let behind = 'rgb(255, 255, 255)';
    for (let a = img.parentElement; a; a = a.parentElement) {
        const b = parse(getComputedStyle(a).backgroundColor);
        if (b.length === 3 || b[3] === 1) { behind = getComputedStyle(a).backgroundColor; break; }
    }
    const rect = img.getBoundingClientRect();
    const [w, h] = [Math.round(rect.width), Math.round(rect.height)];
    const layer = new OffscreenCanvas(w, h);
    const lc = layer.getContext('2d');
    lc.fillStyle = getComputedStyle(img).backgroundColor;
    lc.fillRect(0, 0, w, h);
    lc.drawImage(img, 0, 0, w, h);
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d', {willReadFrequently: true});
    ctx.fillStyle = behind;
    ctx.fillRect(0, 0, w, h);
    ctx.filter = getComputedStyle(img).filter;
    ctx.drawImage(layer, 0, 0);
    const data = ctx.getImageData(0, 0, w, h).data;
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
        const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        counts.set(key, (counts.get(key) || 0) + 1);
    }
    const rgb = key => [key >> 16, (key >> 8) & 255, key & 255];
    const background = [...counts].reduce((best, c) => (c[1] > best[1] ? c : best))[0];
    const lb = lum(rgb(background));
    const colours = [...counts].map(([key, n]) => [lum(rgb(key)), n]);
    colours.sort((x, y) => Math.abs(x[0] - lb) - Math.abs(y[0] - lb));
    const total = w * h;
    let seen = 0, ink = lb;
    for (const [l, n] of colours) {
        if (seen >= 0.99 * total) break;
        seen += n; ink = l;
    }
    return (Math.max(lb, ink) + 0.05) / (Math.min(lb, ink) + 0.05);
}"""


def _check_dark_mode(tab: Tab, name: str) -> None:
    """With the system in dark mode the page turns dark (the theme follows it)."""
    page = tab.page
    page.emulate_media(color_scheme="dark")
    _wait(page, "() => document.documentElement.dataset.theme === 'dark'", None, "no dark mode")
    # Figures a reader sees without a click (those in closed solutions are the same kind of picture).
    figures = page.locator("article figure img:visible, article div.cell_output img:visible")
    for i in range(figures.count()):
        image = figures.nth(i)
        frames = image.evaluate(FRAMES)
        assert len(frames) <= 1, f"{name}: figure {i} sits in {len(frames)} frames: {frames}"
        contrast = image.evaluate(FIGURE_CONTRAST)
        assert contrast >= 4.5, f"{name}: figure {i}: its ink has contrast {contrast:.1f} with its background"
    if figures.count():
        figures.first.scroll_into_view_if_needed()
    tab.screenshot(name, "-dark")
    # The colours change with the theme: text contrast again (axe-core's other rules do not depend on it).
    assert page.evaluate(TEXT_CONTRAST) == [], f"{name}: text with too little contrast in dark mode"
    page.emulate_media(color_scheme="light")


# ---------------------------------------------------------------------------------------------------
# Search


@pytest.mark.parametrize("query", ["momentum beta", "learning rate eta", "bias correction"])
def test_search_snippets_show_no_raw_tex(tabs, query, timed):
    """Search results quote the pages with their formulas as readable text."""
    tab = tabs["reader"]
    page = tab.page
    page.set_viewport_size(DESKTOP)
    tab.open("search", f"?q={query.replace(' ', '+')}")
    page.wait_for_function("() => document.querySelectorAll('#search-results li p.context').length >= 3")
    finished = "() => /Search finished/.test(document.querySelector('#search-results').innerText)"
    page.wait_for_function(finished)
    snippets = page.locator("#search-results p.context").all_inner_texts()
    for snippet in snippets:
        _check_raw_markup(snippet, f"search snippet for {query!r}")
    _check_raw_markup(page.evaluate(READER_TEXT), "search page")
    assert page.locator("input[type=search]:visible").count() == 1, "one search box"
    tab.screenshot("search", f"-{query.split()[0]}")
    tab.check_clean()


# ---------------------------------------------------------------------------------------------------
# Print

A4_MM = (210, 297)
MARGIN_MM = 12
CSS_PX_PER_MM = 96 / 25.4


@pytest.mark.parametrize("name", PRINTED)
def test_print_to_pdf(tabs, name, timed):
    """A printed chapter has its text, figures, equations and explorers (default frame), and no controls."""
    from pypdf import PdfReader

    tab = tabs["print"]
    page = tab.page
    width_px = (A4_MM[0] - 2 * MARGIN_MM) * CSS_PX_PER_MM
    height_px = (A4_MM[1] - 2 * MARGIN_MM) * CSS_PX_PER_MM
    page.set_viewport_size({"width": round(width_px), "height": round(height_px)})
    tab.open(name)
    page.emulate_media(media="print")
    try:
        controls = page.evaluate(
            """() => [...document.querySelectorAll('button, input, nav, summary, .bd-sidebar-primary,'
                       + ' .bd-sidebar-secondary, .bd-header-article, .prev-next-area, .d2l-scroll-hint')]
                .filter(e => !e.closest('#jb-print-docs-body'))  // the printed table of contents
                .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
                .map(e => e.tagName.toLowerCase() + '.' + e.className)"""
        )
        assert controls == [], f"{name}: controls or navigation in print: {controls[:5]}"
        figures = page.evaluate(
            """() => [...document.querySelectorAll('article figure img')]
                .map(i => i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().height > 50)"""
        )
        assert figures and all(figures), f"{name}: a figure is missing in print"
        assert page.evaluate("() => document.querySelectorAll('article mjx-container').length") > 0
        defaults = page.evaluate(
            "() => [...document.querySelectorAll('img.d2l-explorer-frame')].map(i => i.getAttribute('src'))"
        )
        pages_expected = page.evaluate("() => document.documentElement.scrollHeight") / height_px
        title = page.locator("article h1").first.inner_text()
        headings = page.locator("article h2").all_inner_texts()
        captions = page.locator("article figcaption .caption-number").all_inner_texts()
        pdf = page.pdf(
            format="A4", margin={side: f"{MARGIN_MM}mm" for side in ("top", "right", "bottom", "left")}
        )
    finally:
        page.emulate_media(media="screen")
        page.set_viewport_size(DESKTOP)
    tab.check_clean()
    (SCREENSHOTS / f"{Path(name).name}.pdf").write_bytes(pdf)

    reader = PdfReader(io.BytesIO(pdf))
    count = len(reader.pages)
    # Page breaks that keep figures and equations whole only add space: never fewer pages than the
    # printed layout is tall, and not many more.
    assert math.floor(pages_expected) <= count <= 1.4 * pages_expected + 1, (count, pages_expected)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    for wanted in [title.strip("#"), *headings, *captions]:
        assert re.sub(r"\s+", " ", wanted.strip("# ")) in text, f"{name}: {wanted!r} missing from the PDF"
    for unwanted in ["Search", "Ctrl", "Skip to main content", "Back to top", "Show code cell", "Click to"]:
        assert unwanted not in text, f"{name}: {unwanted!r} printed"
    frames = [_png(src) for src in defaults if src.startswith("data:image/png")]
    assert frames, f"{name}: no explorer frame to compare"
    raster = _raster_images(reader, {frame.size for frame in frames})
    for frame in frames:
        printed = any(_same_picture(frame, image) for image in raster)
        assert printed, f"{name}: an explorer's default frame is not printed"


def _raster_images(reader, sizes: set[tuple[int, int]]) -> list:
    """The PDF's raster images of the given pixel sizes, decoded (decoding every image is slow)."""
    found = []
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject")
        for key, ref in (xobjects.get_object() if xobjects else {}).items():
            image = ref.get_object()
            if image.get("/Subtype") == "/Image" and (image["/Width"], image["/Height"]) in sizes:
                found.append(page.images[key].image)
    return found


def _png(data_uri: str):
    from PIL import Image

    return Image.open(io.BytesIO(base64.b64decode(data_uri.split(",", 1)[1]))).convert("RGB")


def _same_picture(a, b) -> bool:
    """Same size and, pixel by pixel, the same picture (the PDF may re-encode it)."""
    from PIL import ImageChops, ImageStat

    if a.size != b.size:
        return False
    difference = ImageStat.Stat(ImageChops.difference(a, b.convert("RGB"))).mean
    return max(difference) < 2


# ---------------------------------------------------------------------------------------------------


def test_browser_time_is_reported():
    """Every page was checked in each way of reading; the time spent is printed for the benchmark."""
    if not BROWSER_SECONDS:
        pytest.skip("the browser tests were deselected in this run")
    checked = {k for k in BROWSER_SECONDS if k.startswith("test_page[")}
    assert len(checked) == len(PAGES), sorted(checked)
    total = sum(BROWSER_SECONDS.values())
    slowest = max(BROWSER_SECONDS, key=BROWSER_SECONDS.get)
    print(f"BENCHMARK browser checks of every page: {total:.1f} s")
    print(f"slowest: {slowest} {BROWSER_SECONDS[slowest]:.1f} s")
