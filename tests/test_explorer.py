"""The explorer API: one drawing function behind the live widget and the static frames."""

import base64
import json
import re
import statistics

import numpy as np
import pytest

import d2lmini as d2l

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


def test_book_explorer_redraws_fast_enough():
    """The live budget is 200 ms per slider move: the median of several moves is checked."""
    explorer = d2l.momentum_explorer()
    widget = explorer.widget()
    moves = [(0.4, 0.0), (0.8, 0.25), (0.2, 0.75), (1.0, 0.9), (0.6, 0.5), (0.1, 0.0), (0.6, 0.9)]
    for eta, beta in moves:
        before = len(explorer.render_seconds)
        widget.controls["eta"].value = eta
        widget.controls["beta"].value = beta
        assert len(explorer.render_seconds) > before
    assert statistics.median(explorer.render_seconds[1:]) < 0.2


@pytest.mark.parametrize("name", [n for n in d2l.__all__ if n.endswith("_explorer")])
def test_every_book_explorer_fits_its_budget(name):
    explorer = getattr(d2l, name)()
    html = explorer.static_html()
    assert len(html.encode()) < 1_500_000
    assert len(_data(html)["frames"]) == np.prod([len(v) for v in explorer.sliders.values()])
    assert statistics.median(explorer.render_seconds) < 0.5


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
