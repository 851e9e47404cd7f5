"""Sphinx extension: accessible roles in the written HTML.

docutils marks each bibliography entry ``role="doc-biblioentry"``, a DPUB-ARIA role that is
deprecated and is not a list item, inside a ``role="list"`` container. Screen readers and axe-core
then see a list whose children are links instead of items. Each entry is written as
``role="listitem"`` instead.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

DEPRECATED_ROLE = 'role="doc-biblioentry"'
LIST_ITEM_ROLE = 'role="listitem"'


def fix_bibliography_roles(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if DEPRECATED_ROLE in html:
            page.write_text(html.replace(DEPRECATED_ROLE, LIST_ITEM_ROLE), encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", fix_bibliography_roles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
