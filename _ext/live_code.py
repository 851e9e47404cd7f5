"""Sphinx extension: "Live Code" runs a page's cells on a Binder kernel with thebe 0.9 (ipywidgets 8).

Jupyter Book 1.x wires its "Live Code" launch button to sphinx-thebe 0.3.1, which loads thebe 0.8.2:
its widget manager is ipywidgets 7, so the book's explorers show "Error displaying widget". This
extension keeps the button and replaces what happens on the click (``_ext/live_code_static/``):

* thebe ``THEBE_VERSION`` (pinned; its bundle holds the ipywidgets 8 managers) and its stylesheet are
  fetched from ``THEBE_CDN`` only on the click, so until then a page loads nothing from outside the site;
* every code cell gets an output area (thebe 0.9 pairs the i-th cell with the i-th area) and
  ``bootstrap`` is called with ``requestKernel: true``;
* Binder builds the repository named once, in ``repository:`` of ``_config.yml`` (url and branch), from
  its ``binder/`` folder, the lean reader environment.

sphinx-thebe stays loaded (Jupyter Book always adds it and the theme reads its configuration), but
its two page hooks, the 0.8.2 loader script and the per-page thebe configuration, are disconnected.
While ``repository.url`` is still the project's placeholder the build says so, at info level so that
the strict build (``-W``) stays green.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.console import bold, red

logger = logging.getLogger(__name__)

THEBE_VERSION = "0.9.3"
THEBE_CDN = f"https://cdn.jsdelivr.net/npm/thebe@{THEBE_VERSION}/lib/"
# thebe's widget manager fetches this require.js from cdnjs for the first widget (the tests serve a copy).
REQUIREJS_VERSION = "2.3.6"
# The repository URL the book was written with; a fork that publishes the book replaces it.
PLACEHOLDER_URL = "https://github.com/d2lmini/momentum-book"
STATIC = Path(__file__).with_name("live_code_static")


def placeholder_notice(repository_url: str | None) -> str | None:
    """The message the build shows while ``repository.url`` is unset or the placeholder, else None."""
    if repository_url and repository_url.rstrip("/") != PLACEHOLDER_URL:
        return None
    return (
        f"repository.url in _config.yml is still the placeholder {PLACEHOLDER_URL}: the Binder and "
        "Live Code buttons point at a repository that is not yours. Set it to the GitHub repository "
        "that publishes the book (README, 'Publish the book')."
    )


def live_code_config(theme_options: dict) -> dict:
    """What the page script needs: where thebe comes from and which repository Binder builds."""
    url = (theme_options.get("repository_url") or PLACEHOLDER_URL).rstrip("/")
    if not url.startswith("https://github.com/"):
        raise ValueError(f"repository.url must be a https://github.com/<owner>/<name> URL, got {url!r}")
    binderhub = theme_options.get("launch_buttons", {}).get("binderhub_url") or "https://mybinder.org"
    return {
        "thebe": THEBE_CDN,
        "binder": {
            "binderUrl": binderhub.rstrip("/"),
            "repoProvider": "github",
            "repo": url.removeprefix("https://github.com/"),
            "ref": theme_options.get("repository_branch") or "main",
        },
        "bookPath": (theme_options.get("path_to_docs") or ".").strip("/") or ".",
        "kernelName": "python3",
    }


def _disconnect_sphinx_thebe(app: Sphinx) -> None:
    """Drop sphinx-thebe's loader script and per-page configuration (its CSS and directive stay)."""
    try:
        import sphinx_thebe
    except ImportError:
        return
    hooks = {sphinx_thebe.init_thebe_core, sphinx_thebe.update_thebe_context}
    ids = [
        listener.id
        for listeners in app.events.listeners.values()
        for listener in listeners
        if listener.handler in hooks
    ]
    for listener_id in ids:
        app.disconnect(listener_id)


def add_live_code(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    _disconnect_sphinx_thebe(app)
    theme_options = app.config.html_theme_options or {}
    notice = placeholder_notice(theme_options.get("repository_url"))
    if notice:
        logger.info(bold(red("Live Code and Binder: " + notice)))
    app.config.html_static_path.append(str(STATIC))
    config = json.dumps(live_code_config(theme_options), sort_keys=True)
    app.add_js_file(None, body=f"window.liveCodeConfig = {config};")
    app.add_js_file("live-code.js")
    app.add_css_file("live-code.css")


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", add_live_code)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
