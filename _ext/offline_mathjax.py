"""Sphinx extension: serve MathJax from the built site (no CDN) and tidy script tags.

MathJax 3 comes from the ``django-static-mathjax`` package on PyPI (pinned in
requirements.txt), so nothing is committed and nothing is fetched when a
reader opens a page. Only the parts a page can load are copied: the TeX input
with CommonHTML output, its fonts, the TeX extensions that ``autoload`` may
request, the menu and the accessibility helpers.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

TARGET = "mathjax"
PARTS = [
    "tex-chtml.js",
    "output/chtml/fonts/woff-v2",
    "input/tex/extensions",
    "ui",
    "a11y",
]


def mathjax_source() -> Path:
    """The ``es5`` folder of the installed MathJax distribution."""
    try:
        import mathjax
    except ImportError as exc:
        raise ExtensionError(
            "MathJax is not installed: run `python -m pip install -r requirements.txt` "
            "(it provides django-static-mathjax)"
        ) from exc
    return Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"


def copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = mathjax_source()
    target = Path(app.outdir) / "_static" / TARGET
    for part in PARTS:
        src, dst = source / part, target / part
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)


INLINE_SCRIPT = re.compile(r"[ \t]*<script>[^<]*</script>\n?")


def drop_duplicate_scripts(app: Sphinx, exception: Exception | None) -> None:
    """Keep the first copy of each inline script tag in the head of every page.

    With Jupyter Book 1.0.4 the inline configuration scripts of sphinx-thebe and
    sphinx-togglebutton are written twice, and the second ``const THEBE_JS_URL``
    raises "Identifier 'THEBE_JS_URL' has already been declared" in the browser
    console of every page.
    """
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        head, sep, body = html.partition("</head>")
        cleaned = _first_copies(head) + sep + body
        if cleaned != html:
            page.write_text(cleaned, encoding="utf-8")


def _first_copies(head: str) -> str:
    """Remove inline script tags that repeat an earlier one."""
    seen: set[str] = set()

    def first_only(match: re.Match) -> str:
        tag = match.group(0).strip()
        if tag in seen:
            return ""
        seen.add(tag)
        return match.group(0)

    return INLINE_SCRIPT.sub(first_only, head)


def setup(app: Sphinx) -> dict:
    mathjax_source()  # fail early, with the install hint, if the package is missing
    app.config.mathjax_path = f"{TARGET}/tex-chtml.js"
    app.connect("build-finished", drop_duplicate_scripts)
    app.connect("build-finished", copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
