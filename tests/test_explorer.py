"""The explorer API: one drawing function behind the live widget and the static frames."""

import base64
import io
import json
import re
import statistics
import time
from pathlib import Path

import numpy as np
import pytest
from matplotlib.text import Text
from PIL import Image

import d2lmini as d2l
from d2lmini.explorer import DENSITY

ROOT = Path(__file__).resolve().parents[1]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def draw_line(fig, slope, offset):
    ax = fig.subplots()
    x = np.linspace(0, 1, 20)
    ax.plot(x, slope * x + offset)
    ax.set(xlabel="x", ylabel="y", ylim=(-3, 3))


@pytest.fixture
def explorer():
    sliders = {"slope": [-1, 0, 1], "offset": [0, 1]}
    return d2l.explore(draw_line, sliders, alt="a line whose slope and offset move")


def _data(html):
    found = re.search(r'<script type="application/json" class="d2l-explorer-data">(.*?)</script>', html)
    return json.loads(found.group(1))


def test_static_view_holds_one_frame_per_grid_point(explorer):
    html = explorer.static_html()
    data = _data(html)
    assert data["shape"] == [3, 2]
    assert data["labels"] == [["-1", "0", "1"], ["0", "1"]]
    frames = [base64.b64decode(f) for f in data["frames"]]
    assert len(frames) == 6 and all(f.startswith(PNG_MAGIC) for f in frames)
    assert len(set(frames)) == 6
    # Row-major order: frame (slope=1, offset=0) is index 2 * 2 + 0.
    assert frames[4] == explorer.render(slope=1.0, offset=0.0)


def test_static_view_starts_at_the_initial_values_and_is_deterministic(explorer):
    html = explorer.static_html()
    first = re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1)
    assert base64.b64decode(first) == explorer.render(slope=0.0, offset=1.0)
    assert re.findall(r'value="(\d)"', html) == ["1", "1"]
    assert 'alt="a line whose slope and offset move"' in html
    assert explorer.static_html() == html


def test_live_view_redraws_the_same_image_in_place(explorer):
    widget = explorer.widget()
    image = widget.image
    before = image.value
    assert before == explorer.render(slope=0.0, offset=1.0)
    widget.controls["slope"].value = 1.0
    assert widget.image is image
    assert image.value == explorer.render(slope=1.0, offset=1.0) != before
    assert explorer.widget() is widget


def test_live_and_static_views_agree(explorer):
    widget = explorer.widget()
    frames = [base64.b64decode(f) for f in _data(explorer.static_html())["frames"]]
    widget.controls["slope"].value = -1.0
    widget.controls["offset"].value = 0.0
    assert widget.image.value == frames[0]


def test_a_frame_drawn_once_is_a_lookup_afterwards():
    """The live view keeps each frame: a second visit costs a small fraction of a drawing.

    Times are only compared with each other, side by side; the budgets live in tests/benchmark.py.
    """
    explorer = d2l.momentum_explorer()
    widget = explorer.widget()
    moves = [(0.4, 0.0), (0.8, 0.25), (0.2, 0.75), (1.0, 0.9), (0.6, 0.5)]
    drawn, looked_up = [], []
    for eta, beta in moves:
        before = len(explorer.render_seconds)
        started = time.perf_counter()
        widget.controls["eta"].value = eta
        widget.controls["beta"].value = beta
        drawn.append(time.perf_counter() - started)
        assert len(explorer.render_seconds) > before
    for eta, beta in moves:
        before = len(explorer.render_seconds)
        started = time.perf_counter()
        widget.controls["eta"].value = eta
        widget.controls["beta"].value = beta
        looked_up.append(time.perf_counter() - started)
        assert len(explorer.render_seconds) == before, "a frame was drawn twice"
    drawn_ms, kept_ms = statistics.median(drawn) * 1000, statistics.median(looked_up) * 1000
    print(f"slider move (median): drawn {drawn_ms:.0f} ms, kept {kept_ms:.1f} ms")
    assert kept_ms < 0.1 * drawn_ms


BOOK_EXPLORERS = [n for n in d2l.__all__ if n.endswith("_explorer")]

PAGE_SHARE = 950_000
"""Bytes an explorer may add to its chapter page. The page budget is 1.5 MB with its images; the rest of a
chapter page weighs 0.37 to 0.69 MB (measured in the built site), and the browser test reports the heaviest
page. The heaviest explorers (about 0.9 MB) sit on the lighter pages."""


PHONE_COLUMN = 342
"""The width of an explorer's picture on a 390 px wide phone, in CSS px (measured in the built site)."""


def _stored_explorers() -> list[tuple[str, str]]:
    """Each chapter's stored explorer output (HTML), as the website shows it; nbval checks it is current."""
    found = []
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for out in cell.get("outputs", []):
                html = "".join(out.get("data", {}).get("text/html", ""))
                if "d2l-explorer-data" in html:
                    found.append((path.stem, html))
    return found


def test_every_book_explorer_fits_its_page_budget():
    """Measured on the stored chapters, which hold every frame of every book explorer (no second drawing)."""
    stored = _stored_explorers()
    assert len(stored) >= len(BOOK_EXPLORERS)
    for chapter, html in stored:
        data = _data(html)
        print(f"{chapter}: {len(data['frames'])} frames, {len(html.encode()) / 1e6:.3f} MB")
        assert len(html.encode()) < PAGE_SHARE, chapter
        assert len(data["frames"]) == np.prod(data["shape"]), chapter


@pytest.mark.parametrize("name", BOOK_EXPLORERS)
def test_every_book_explorer_is_sharp_and_its_text_legible(name):
    """Frames hold 2 pixels per CSS pixel; every text is at least 9 CSS px on a desktop and 7 px on a phone,
    and lies wholly inside the picture, for the first and the last settings of the sliders."""
    explorer = getattr(d2l, name)()
    width, height = explorer.css_size
    assert width <= 688, "wider than the desktop text column: the browser would shrink the text"
    for params in [explorer.initial, {k: v[-1] for k, v in explorer.sliders.items()}]:
        png = Image.open(io.BytesIO(explorer.render(**params)))
        assert png.size == (width * DENSITY, height * DENSITY)
        figure = explorer._figure
        renderer = figure.canvas.get_renderer()
        texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
        assert texts
        for text in texts:
            desktop_px = text.get_fontsize() * explorer.dpi / 72
            phone_px = desktop_px * min(1, PHONE_COLUMN / width)
            assert desktop_px >= 9 and phone_px >= 7, (text.get_text(), desktop_px, phone_px)
        # Everything drawn (labels, legends, notes) lies within the picture, in inches.
        drawn = figure.get_tightbbox(renderer)
        inside = drawn.x0 >= 0 and drawn.y0 >= 0 and drawn.x1 <= width / 96 and drawn.y1 <= height / 96
        assert inside, f"something is cut off at {params}: drawn extent {drawn.bounds} inches"


def test_static_view_shows_2x_frames_at_their_css_size(explorer):
    html = explorer.static_html()
    width, height = explorer.css_size
    assert (width, height) == (576, 288)
    img = re.search(r'<img class="d2l-explorer-frame"[^>]*>', html).group()
    assert f'width="{width}" height="{height}"' in img
    src = re.search(r'src="([^"]+)"', img).group(1)
    assert re.search(r'srcset="([^"]+)"', img).group(1) == f"{src} 2x"
    assert 'img.srcset = src + " 2x"' in html


def test_live_view_shows_2x_frames_at_their_css_size(explorer):
    image = explorer.widget().image
    assert image.layout.width == f"{explorer.css_size[0]}px" and image.layout.max_width == "100%"
    assert Image.open(io.BytesIO(image.value)).size == (1152, 576)


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        (dict(draw=None, sliders={"a": [1, 2]}), TypeError, "draw must be callable"),
        (dict(sliders={}), TypeError, "sliders must be a non-empty dict"),
        (dict(sliders={"a": [1]}), ValueError, "slider 'a' needs at least 2 values"),
        (dict(sliders={"a": [1, 1]}), ValueError, "slider 'a' needs distinct finite values"),
        (dict(sliders={"a": range(9), "b": range(9)}), ValueError, "the sliders span 81 frames; at most 64"),
        (dict(initial={"c": 1}), TypeError, "initial names 'c', which is not a slider"),
        (dict(initial={"a": 3}), ValueError, "initial value 3 of 'a' is not one of its slider values"),
        (dict(alt=""), ValueError, "alt must describe the figure"),
    ],
)
def test_explore_rejects_bad_input(kwargs, error, pattern):
    args = dict(draw=draw_line, sliders={"a": [1, 2]}, alt="a described figure")
    args.update(kwargs)
    with pytest.raises(error, match=pattern):
        d2l.explore(**args)


def test_render_rejects_unknown_parameters(explorer):
    with pytest.raises(TypeError, match=r"unknown explorer parameters \['slop'\]"):
        explorer.render(slop=1.0)


def test_frames_are_drawn_once_and_checked(explorer):
    first = explorer.frame(slope=1.0)
    drawn = len(explorer.render_seconds)
    assert explorer.frame(slope=1.0) is first
    assert len(explorer.render_seconds) == drawn
    with pytest.raises(TypeError, match=r"unknown explorer parameters \['offst'\]"):
        explorer.frame(offst=1.0)
