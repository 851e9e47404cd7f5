"""Slider explorers: live ipywidgets in Jupyter, precomputed frames on the static site.

One plotting function ``draw(fig, **params)`` makes every picture. In a live
kernel :func:`explore` wires it to ipywidgets sliders that redraw one image in
place; when notebooks are executed for the website (``D2LMINI_STATIC=1``) it
renders the same function once per grid point and emits a self-contained HTML
block whose range inputs swap between the frames, with no kernel and no
network. Both views offer the same parameter values, so they cannot disagree.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import html
import io
import itertools
import json
import math
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from ._validate import check_array, check_callable, check_int, check_real
from .animator import live_display_enabled
from .plotting import check_figsize

MARGINS = dict(left=0.1, right=0.98, bottom=0.17, top=0.96, wspace=0.4)

DENSITY = 2
"""Frames hold this many pixels per CSS pixel, so they stay sharp on high-density screens."""

FONTS = {
    "font.size": 10,
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
}
"""Text sizes in points: at 96 CSS px per inch 9 pt is 12 px, and still 7.1 px on a 390 px phone."""

MAX_FRAMES = 64
"""The most frames a static explorer may hold (its page budget is 1.5 MB)."""


class Explorer:
    """A figure driven by sliders; see :func:`explore`.

    Attributes
    ----------
    draw : callable
        ``draw(fig, **params)`` draws one state on a cleared figure.
    sliders : dict of str to tuple of float
        The values each parameter can take.
    initial : dict
        The parameter values shown first.
    css_size : (int, int)
        Width and height of the picture on a page, in CSS pixels.
    render_seconds : list of float
        How long each live redraw took.
    """

    def __init__(
        self,
        draw: Callable[..., Any],
        sliders: Mapping[str, Sequence[float]],
        initial: Mapping[str, float] | None,
        alt: str,
        figsize: tuple[float, float] = (6.0, 3.0),
        dpi: int = 96,
        labels: Mapping[str, str] | None = None,
    ) -> None:
        # Checked here, not only in explore(), so that a direct construction fails as clearly.
        sliders, initial, alt, figsize, dpi, labels = _check_settings(
            draw, sliders, initial, alt, figsize, dpi, labels
        )
        self.draw = draw
        self.sliders = {name: tuple(values) for name, values in sliders.items()}
        self.initial = dict(initial)
        self.alt = alt
        self.figsize = figsize
        self.dpi = dpi
        self.labels = {name: labels.get(name, name) for name in self.sliders}
        self.css_size = (round(figsize[0] * dpi), round(figsize[1] * dpi))
        self.render_seconds: list[float] = []
        self._figure = Figure(figsize=figsize, dpi=dpi * DENSITY)
        FigureCanvasAgg(self._figure)
        self._widget = None
        self._frames: dict[tuple[float, ...], bytes] = {}

    def _check_names(self, params: Mapping[str, float]) -> None:
        unknown = set(params) - set(self.sliders)
        if unknown:
            raise TypeError(f"unknown explorer parameters {sorted(unknown)}; known: {list(self.sliders)}")

    def render(self, **params: float) -> bytes:
        """Draw the figure for ``params`` and return it as PNG bytes."""
        self._check_names(params)
        started = time.perf_counter()
        self._figure.clear()
        # Fixed margins: an automatic layout engine would double the time of a redraw.
        self._figure.subplots_adjust(**MARGINS)
        with matplotlib.rc_context(FONTS):
            self.draw(self._figure, **{**self.initial, **params})
        png = _palette_png(self._figure)
        self.render_seconds.append(time.perf_counter() - started)
        return png

    def frame(self, **params: float) -> bytes:
        """The PNG for ``params``, drawn once per grid point and then kept."""
        self._check_names(params)
        key = tuple(float(params.get(name, self.initial[name])) for name in self.sliders)
        if key not in self._frames:
            self._frames[key] = self.render(**dict(zip(self.sliders, key)))
        return self._frames[key]

    def frames(self) -> list[tuple[tuple[float, ...], bytes]]:
        """Every grid point with its PNG, in row-major order of the sliders."""
        return [(combo, self.frame(**dict(zip(self.sliders, combo)))) for combo in self._grid()]

    def _grid(self) -> list[tuple[float, ...]]:
        return list(itertools.product(*self.sliders.values()))

    def _prefetch_when_idle(self) -> None:
        """Draw the rest of the grid one frame per turn of the kernel's event loop.

        Slider messages are handled between two frames, so a move is never delayed by
        more than one drawing; once the grid is complete every move is a lookup.
        """
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        pending = [combo for combo in self._grid() if combo not in self._frames]

        def next_frame() -> None:
            while pending and pending[-1] in self._frames:
                pending.pop()
            if pending:
                combo = pending.pop()
                self.frame(**dict(zip(self.sliders, combo)))
                loop.call_later(0.02, next_frame)

        loop.call_later(0.5, next_frame)

    def widget(self) -> Any:
        """The live view: one slider per parameter above an image redrawn in place."""
        import ipywidgets as widgets

        if self._widget is not None:
            return self._widget
        image = widgets.Image(value=self.frame(), format="png")
        # Shown at its CSS size, the 2x frame stays sharp on high-density screens.
        image.layout.width = f"{self.css_size[0]}px"
        image.layout.max_width = "100%"
        image.layout.height = "auto"
        controls = {
            name: widgets.SelectionSlider(
                options=[(_fmt(v), v) for v in values],
                value=self.initial[name],
                description=self.labels[name],
                continuous_update=True,
                style={"description_width": "initial"},
            )
            for name, values in self.sliders.items()
        }

        def redraw(_change: Any = None) -> None:
            image.value = self.frame(**{name: c.value for name, c in controls.items()})

        for control in controls.values():
            control.observe(redraw, names="value")
        self._widget = widgets.VBox([widgets.HBox(list(controls.values())), image])
        self._widget.controls = controls
        self._widget.image = image
        if live_display_enabled():
            self._prefetch_when_idle()
        return self._widget

    def static_html(self) -> str:
        """The static view: range inputs that swap precomputed frames."""
        frames = self.frames()
        encoded = [base64.b64encode(png).decode("ascii") for _, png in frames]
        uid = "d2l-explorer-" + hashlib.sha1("".join(encoded).encode()).hexdigest()[:12]
        start = [values.index(self.initial[name]) for name, values in self.sliders.items()]
        inputs = []
        for i, (name, values) in enumerate(self.sliders.items()):
            label = html.escape(self.labels[name])
            inputs.append(
                f'<label style="margin-right:1.5em">{label} '
                f'<input type="range" min="0" max="{len(values) - 1}" step="1" value="{start[i]}" '
                f'data-index="{i}" aria-label="{label}"> '
                f'<output style="font-family:monospace">{html.escape(_fmt(self.initial[name]))}</output>'
                "</label>"
            )
        data = {
            "shape": [len(v) for v in self.sliders.values()],
            "labels": [[_fmt(x) for x in values] for values in self.sliders.values()],
            "frames": encoded,
        }
        first = "data:image/png;base64," + encoded[_flat_index(start, data["shape"])]
        width, height = self.css_size
        return (
            f'<div class="d2l-explorer" id="{uid}">'
            f'<div class="d2l-explorer-controls">{"".join(inputs)}</div>'
            f'<img class="d2l-explorer-frame" alt="{html.escape(self.alt)}" '
            f'width="{width}" height="{height}" style="max-width:100%;height:auto" '
            f'src="{first}" srcset="{first} {DENSITY}x">'
            f'<script type="application/json" class="d2l-explorer-data">{json.dumps(data)}</script>'
            f"<script>{_SCRIPT.replace('UID', uid).replace('DENSITY', str(DENSITY))}</script>"
            "</div>"
        )

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        if live_display_enabled():
            display(self.widget())
        else:
            display(HTML(self.static_html()))

    def __repr__(self) -> str:
        grid = ", ".join(f"{k}: {len(v)} values" for k, v in self.sliders.items())
        return f"Explorer({grid})"


_SCRIPT = """(function () {
  var root = document.getElementById("UID");
  var data = JSON.parse(root.querySelector(".d2l-explorer-data").textContent);
  var inputs = root.querySelectorAll("input[type=range]");
  var img = root.querySelector("img.d2l-explorer-frame");
  function update() {
    var flat = 0;
    inputs.forEach(function (input, i) {
      var k = Number(input.value);
      flat = flat * data.shape[i] + k;
      input.nextElementSibling.textContent = data.labels[i][k];
    });
    var src = "data:image/png;base64," + data.frames[flat];
    img.srcset = src + " DENSITYx";
    img.src = src;
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
})();"""


def _palette_png(fig: Figure, colors: int = 32) -> bytes:
    """Render ``fig`` as a PNG with a small palette.

    Line art loses nothing visible and the file shrinks about threefold; taking the pixels straight from
    the Agg canvas skips a second PNG encoding.
    """
    fig.canvas.draw()
    width, height = fig.canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    image.convert("RGB").quantize(colors=colors, method=Image.Quantize.FASTOCTREE).save(
        out, format="PNG", optimize=True
    )
    return out.getvalue()


def _flat_index(index: Sequence[int], shape: Sequence[int]) -> int:
    flat = 0
    for k, n in zip(index, shape):
        flat = flat * n + k
    return flat


def _fmt(value: float) -> str:
    return f"{value:g}"


def explore(
    draw: Callable[..., Any],
    sliders: Mapping[str, Sequence[float]],
    *,
    initial: Mapping[str, float] | None = None,
    alt: str,
    figsize: tuple[float, float] = (6.0, 3.0),
    dpi: int = 96,
    labels: Mapping[str, str] | None = None,
) -> Explorer:
    """Build an explorer of ``draw`` over a grid of parameter values.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **params)`` draws on the (cleared) matplotlib figure ``fig``.
    sliders : dict of str to sequence of float
        The values of each parameter, in slider order. The static view
        precomputes every combination, at most :data:`MAX_FRAMES` of them.
    initial : dict, optional
        The starting values; each must be one of its slider's values. By
        default the middle value of each slider.
    alt : str
        Alternative text of the image, for readers who cannot see it.
    figsize : (float, float)
        Figure size in inches.
    dpi : int
        CSS pixels per inch of the figure on a page; the frames are drawn at
        :data:`DENSITY` times this resolution, and text sizes follow :data:`FONTS`.
    labels : dict of str to str, optional
        Slider labels (for example ``{"eta": "η"}``); the names by default.

    Returns
    -------
    Explorer
        Displaying it shows sliders (live kernel) or the static frames.
    """
    return Explorer(draw, sliders, initial, alt, figsize, dpi, labels)


def _check_settings(
    draw: Any, sliders: Any, initial: Any, alt: Any, figsize: Any, dpi: Any, labels: Any
) -> tuple[dict[str, tuple[float, ...]], dict[str, float], str, tuple[float, float], int, dict[str, str]]:
    """Check an explorer's settings (see :func:`explore`) and return them normalized."""
    check_callable("draw", draw)
    if not isinstance(sliders, Mapping) or not sliders:
        raise TypeError("sliders must be a non-empty dict such as {'eta': [0.1, 0.2]}")
    grid = {}
    for name, values in sliders.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise TypeError(f"sliders keys must be parameter names such as 'eta', got {name!r:.40}")
        values = tuple(check_array(f"sliders[{name!r}]", values, ndim=1).tolist())
        if len(values) < 2:
            raise ValueError(f"slider {name!r} needs at least 2 values, got {len(values)}")
        if any(not math.isfinite(v) for v in values) or len(set(values)) != len(values):
            raise ValueError(f"slider {name!r} needs distinct finite values, got {values}")
        grid[name] = values
    count = math.prod(len(v) for v in grid.values())
    if count > MAX_FRAMES:
        raise ValueError(f"the sliders span {count} frames; at most {MAX_FRAMES} fit the page budget")
    start = {name: values[len(values) // 2] for name, values in grid.items()}
    if initial is not None and not isinstance(initial, Mapping):
        raise TypeError(f"initial must be a dict such as {{'eta': 0.1}}, got {type(initial).__name__}")
    for name, value in (initial or {}).items():
        check_real(f"initial[{name!r}]", value)
        if name not in grid:
            raise TypeError(f"initial names {name!r}, which is not a slider; sliders: {list(grid)}")
        if float(value) not in grid[name]:
            raise ValueError(
                f"initial value {value!r} of {name!r} is not one of its slider values {grid[name]}"
            )
        start[name] = float(value)
    if not isinstance(alt, str) or len(alt) < 10:
        raise ValueError("alt must describe the figure in words (at least 10 characters)")
    dpi = check_int("dpi", dpi, minimum=20, maximum=600)
    figsize = check_figsize("figsize", figsize)
    if labels is not None and not (
        isinstance(labels, Mapping) and all(isinstance(v, str) for v in labels.values())
    ):
        raise TypeError(f"labels must be a dict of slider names to strings, got {labels!r:.60}")
    return grid, start, alt, figsize, dpi, dict(labels or {})
