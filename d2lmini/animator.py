"""Curves that grow while a loop runs: live in Jupyter, one final figure elsewhere."""

from __future__ import annotations

import os
from collections.abc import Sequence

import matplotlib.pyplot as plt

from ._validate import check_array
from .plotting import _check_axes_settings, _check_legend, check_figsize, check_fmts, set_axes

STATIC_ENV = "D2LMINI_STATIC"
"""When this environment variable is ``1``, animations show only their final figure.

The book's re-execute command and its notebook tests set it, so that a stored
notebook holds exactly one figure per animation, the one the static site shows.
"""


def live_display_enabled() -> bool:
    """True inside a Jupyter kernel unless :data:`STATIC_ENV` asks for static output."""
    if os.environ.get(STATIC_ENV) == "1":
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


class Animator:
    """Plot data incrementally on one ``Axes``.

    In a live Jupyter session every :meth:`add` redraws the figure in place.
    Otherwise nothing is drawn until :meth:`show`, which displays the final
    figure once.

    Parameters
    ----------
    xlabel, ylabel, legend, xlim, ylim, xscale, yscale
        As in :func:`d2lmini.set_axes`.
    fmts : sequence of str
        Matplotlib format strings, one per curve.
    figsize : (float, float)
        Figure size in inches.
    """

    def __init__(
        self,
        xlabel: str | None = None,
        ylabel: str | None = None,
        legend: Sequence[str] | None = None,
        xlim: Sequence[float] | None = None,
        ylim: Sequence[float] | None = None,
        xscale: str = "linear",
        yscale: str = "linear",
        fmts: Sequence[str] = ("-", "m--", "g-.", "r:"),
        figsize: tuple[float, float] = (3.5, 2.5),
    ) -> None:
        # Everything is checked here, so that a bad setting fails now and not at the first draw.
        _check_axes_settings(xlabel, ylabel, xlim, ylim, xscale, yscale)
        legend = _check_legend(legend)
        fmts = check_fmts(fmts)
        figsize = check_figsize("figsize", figsize)
        self.fig, self.axes = plt.subplots(figsize=figsize)
        # The figure is displayed by this class, not by the inline backend at cell end.
        plt.close(self.fig)
        self._config = dict(
            xlabel=xlabel, ylabel=ylabel, xlim=xlim, ylim=ylim, xscale=xscale, yscale=yscale, legend=legend
        )
        self.fmts = fmts
        self.X: list[list[float]] = []
        self.Y: list[list[float]] = []
        self._live = live_display_enabled()
        self._handle = None

    def add(self, x: float | Sequence[float], y: float | Sequence[float]) -> None:
        """Append one point to each curve (``y`` holds one value per curve).

        ``x`` is one number shared by the curves or one per curve; ``nan``
        leaves a gap. A rejected call adds nothing.
        """
        ys = self._values("y", y)
        xs = self._values("x", x)
        if len(xs) == 1:
            xs = xs * len(ys)
        if not self.X:
            self.X = [[] for _ in ys]
            self.Y = [[] for _ in ys]
        if len(ys) != len(self.Y) or len(xs) != len(ys):
            raise ValueError(f"add expects {len(self.Y)} y values (and one x or as many), got {len(ys)}")
        for i, (a, b) in enumerate(zip(xs, ys)):
            self.X[i].append(float(a))
            self.Y[i].append(float(b))
        if self._live:
            self._draw()
            self._push()

    @staticmethod
    def _values(name: str, value: object) -> list[float]:
        array = check_array(name, value)
        if array.ndim > 1:
            raise ValueError(f"{name} must be one number or a 1-D list of numbers, got shape {array.shape}")
        return list(array.reshape(-1))

    def show(self) -> None:
        """Draw the final figure and display it (once, or as the last live frame)."""
        self._draw()
        self._push()

    def _draw(self) -> None:
        self.axes.cla()
        for x, y, fmt in zip(self.X, self.Y, self.fmts):
            self.axes.plot(x, y, fmt)
        set_axes(self.axes, **self._config)

    def _push(self) -> None:
        try:
            from IPython import get_ipython
            from IPython.display import display
        except ImportError:
            return
        if get_ipython() is None:
            return
        if self._handle is None:
            self._handle = display(self.fig, display_id=True)
        else:
            self._handle.update(self.fig)
