"""Figure helpers: deterministic SVG output, default sizes and simple line plots."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

SVG_HASH_SALT = "d2lmini"


def use_svg_display() -> None:
    """Show notebook figures as SVG that is byte-identical on every run.

    The SVG carries no creation date, and the ids matplotlib writes into it
    are seeded with a fixed salt instead of a random one.
    """
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    plt.rcParams["svg.hashsalt"] = SVG_HASH_SALT
    set_matplotlib_formats("svg", metadata={"Date": None})


def set_figsize(figsize: tuple[float, float] = (3.5, 2.5)) -> None:
    """Use SVG display and set the default figure size in inches."""
    if len(figsize) != 2 or not all(isinstance(v, (int, float)) and v > 0 for v in figsize):
        raise ValueError(f"figsize must be two positive numbers (width, height) in inches, got {figsize!r}")
    use_svg_display()
    plt.rcParams["figure.figsize"] = tuple(figsize)


def set_axes(
    axes: Axes,
    xlabel: str | None = None,
    ylabel: str | None = None,
    xlim: Sequence[float] | None = None,
    ylim: Sequence[float] | None = None,
    xscale: str = "linear",
    yscale: str = "linear",
    legend: Sequence[str] | None = None,
) -> None:
    """Set labels, limits, scales and legend of one ``Axes`` in one call."""
    axes.set_xlabel(xlabel or "")
    axes.set_ylabel(ylabel or "")
    axes.set_xscale(xscale)
    axes.set_yscale(yscale)
    if xlim is not None:
        axes.set_xlim(xlim)
    if ylim is not None:
        axes.set_ylim(ylim)
    if legend:
        axes.legend(legend)
    axes.grid(True, alpha=0.3)


def plot(
    X: Any,
    Y: Any = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    legend: Sequence[str] | None = None,
    xlim: Sequence[float] | None = None,
    ylim: Sequence[float] | None = None,
    xscale: str = "linear",
    yscale: str = "linear",
    fmts: Sequence[str] = ("-", "m--", "g-.", "r:", "b-", "c--", "k-."),
    figsize: tuple[float, float] | None = None,
    axes: Axes | None = None,
) -> Axes:
    """Plot one or several curves on shared axes.

    Parameters
    ----------
    X : array or list of arrays
        The x values, shared by every curve or one array per curve. With ``Y``
        omitted, ``X`` holds the y values and x is the index.
    Y : array or list of arrays, optional
        The y values, one array per curve.
    xlabel, ylabel, legend, xlim, ylim, xscale, yscale
        Passed to :func:`set_axes`.
    fmts : sequence of str
        Matplotlib format strings, used in turn.
    figsize : (float, float), optional
        Size of a new figure; ignored when ``axes`` is given.
    axes : matplotlib.axes.Axes, optional
        Draw here instead of on a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    X = _as_curves("X", X)
    if Y is None:
        X, Y = [np.arange(len(x)) for x in X], X
    else:
        Y = _as_curves("Y", Y)
    if len(X) == 1 and len(Y) > 1:
        X = X * len(Y)
    if len(X) != len(Y):
        raise ValueError(f"X holds {len(X)} curves but Y holds {len(Y)}")
    if legend is not None and len(legend) != len(Y):
        raise ValueError(f"legend has {len(legend)} entries for {len(Y)} curves")
    if axes is None:
        _, axes = plt.subplots(figsize=figsize)
    for i, (x, y) in enumerate(zip(X, Y)):
        if len(x) != len(y):
            raise ValueError(f"curve {i} has {len(x)} x values but {len(y)} y values")
        axes.plot(x, y, fmts[i % len(fmts)])
    set_axes(axes, xlabel, ylabel, xlim, ylim, xscale, yscale, legend)
    return axes


def _as_curves(name: str, values: Any) -> list[np.ndarray]:
    """Turn one array or a list of arrays into a list of 1-D float arrays."""
    if isinstance(values, np.ndarray) and values.ndim == 1:
        return [values.astype(float)]
    if isinstance(values, np.ndarray) and values.ndim == 2:
        return [row.astype(float) for row in values]
    if isinstance(values, (list, tuple)) and values and np.ndim(values[0]) == 0:
        return [np.asarray(values, dtype=float)]
    if isinstance(values, (list, tuple)) and values:
        return [np.asarray(v, dtype=float) for v in values]
    raise TypeError(f"{name} must be a non-empty array or list of arrays, got {type(values).__name__}")
