"""Figure helpers: deterministic SVG output, default sizes and simple line plots."""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from ._validate import check_array

SVG_HASH_SALT = "d2lmini"
SCALES = ("linear", "log", "symlog", "logit")


def use_svg_display() -> None:
    """Show notebook figures as SVG that is byte-identical on every run.

    The SVG carries no creation date, and the ids matplotlib writes into it
    are seeded with a fixed salt instead of a random one.

    Outside IPython (a plain script) only the salt is set: asking for the
    notebook format there would start an IPython shell, with its history
    file, just to configure it.
    """
    plt.rcParams["svg.hashsalt"] = SVG_HASH_SALT
    if not _in_ipython():
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("svg", metadata={"Date": None})


def _in_ipython() -> bool:
    import sys

    # IPython is imported by every IPython shell; if it was never imported, there is no shell.
    if "IPython" not in sys.modules:
        return False
    from IPython import get_ipython

    return get_ipython() is not None


def check_figsize(name: str, value: Any) -> tuple[float, float]:
    """Return ``value`` as ``(width, height)``, two finite numbers > 0 (inches), or raise."""
    what = f"{name} must be two positive numbers (width, height) in inches"
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) and np.ndim(value) != 1:
        raise TypeError(f"{what}, got {type(value).__name__} {value!r:.60}")
    if len(value) != 2 or not all(_is_real(v) for v in value):
        raise TypeError(f"{what}, got {value!r:.60}")
    size = tuple(float(v) for v in value)
    if not all(math.isfinite(v) and 0 < v <= 100 for v in size):
        raise ValueError(f"{what}, each at most 100, got {value!r:.60}")
    return size


def check_limits(name: str, value: Any) -> tuple[float, float]:
    """Return ``value`` as ``(low, high)``, two finite numbers, or raise."""
    what = f"{name} must be two finite numbers (low, high)"
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) and np.ndim(value) != 1:
        raise TypeError(f"{what}, got {type(value).__name__} {value!r:.60}")
    if len(value) != 2 or not all(_is_real(v) for v in value):
        raise TypeError(f"{what}, got {value!r:.60}")
    try:
        low, high = (float(v) for v in value)
    except OverflowError:
        raise ValueError(f"{what}, got {value!r:.60}") from None
    if not (math.isfinite(low) and math.isfinite(high)) or low == high:
        raise ValueError(f"{what} that differ, got {value!r:.60}")
    return low, high


def _is_real(value: Any) -> bool:
    return isinstance(value, Real) and not isinstance(value, (bool, np.bool_))


def _check_text(name: str, value: Any) -> None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a string or None, got {type(value).__name__} {value!r:.60}")


def _check_scale(name: str, value: Any) -> None:
    if not isinstance(value, str) or value not in SCALES:
        raise ValueError(f"{name} must be one of {SCALES}, got {value!r:.60}")


def _check_legend(value: Any) -> list[str] | None:
    if value is None:
        return None
    if (
        isinstance(value, str)
        or not isinstance(value, Sequence)
        or not all(isinstance(v, str) for v in value)
    ):
        raise TypeError(f"legend must be a list of strings, got {value!r:.60}")
    return list(value)


def check_fmts(value: Any) -> tuple[str, ...]:
    """Return ``value`` as a non-empty tuple of matplotlib format strings, or raise."""
    if (
        isinstance(value, str)
        or not isinstance(value, Sequence)
        or not all(isinstance(v, str) for v in value)
    ):
        raise TypeError(
            f"fmts must be a list of matplotlib format strings such as ['-', 'm--'], got {value!r:.60}"
        )
    if not value:
        raise ValueError("fmts must hold at least one format string, got an empty sequence")
    from matplotlib.axes._base import _process_plot_format

    for fmt in value:
        try:
            _process_plot_format(fmt)
        except ValueError as exc:
            raise ValueError(f"fmts holds {fmt!r}, which is not a matplotlib format string: {exc}") from None
    return tuple(value)


def set_figsize(figsize: tuple[float, float] = (3.5, 2.5)) -> None:
    """Use SVG display and set the default figure size in inches.

    Parameters
    ----------
    figsize : (float, float)
        Width and height, each > 0 and at most 100 inches.
    """
    size = check_figsize("figsize", figsize)
    use_svg_display()
    plt.rcParams["figure.figsize"] = size


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
    """Set labels, limits, scales and legend of one ``Axes`` in one call.

    Every argument is checked before the axes change, so a rejected call
    leaves them as they were.
    """
    if not isinstance(axes, Axes):
        raise TypeError(f"axes must be a matplotlib Axes, got {type(axes).__name__}")
    _check_axes_settings(xlabel, ylabel, xlim, ylim, xscale, yscale)
    legend = _check_legend(legend)
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


def _check_axes_settings(xlabel: Any, ylabel: Any, xlim: Any, ylim: Any, xscale: Any, yscale: Any) -> None:
    _check_text("xlabel", xlabel)
    _check_text("ylabel", ylabel)
    _check_scale("xscale", xscale)
    _check_scale("yscale", yscale)
    for name, lim, scale in (("xlim", xlim, xscale), ("ylim", ylim, yscale)):
        if lim is not None:
            low, high = check_limits(name, lim)
            if scale == "log" and min(low, high) <= 0:
                raise ValueError(f"{name} must be > 0 on a log scale, got {lim!r}")


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
    _check_axes_settings(xlabel, ylabel, xlim, ylim, xscale, yscale)
    legend = _check_legend(legend)
    fmts = check_fmts(fmts)
    if figsize is not None:
        figsize = check_figsize("figsize", figsize)
    if axes is not None and not isinstance(axes, Axes):
        raise TypeError(f"axes must be a matplotlib Axes or None, got {type(axes).__name__}")
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
    for i, (x, y) in enumerate(zip(X, Y)):
        if len(x) != len(y):
            raise ValueError(f"curve {i} has {len(x)} x values but {len(y)} y values")
    if axes is None:
        _, axes = plt.subplots(figsize=figsize)
    for i, (x, y) in enumerate(zip(X, Y)):
        axes.plot(x, y, fmts[i % len(fmts)])
    set_axes(axes, xlabel, ylabel, xlim, ylim, xscale, yscale, legend)
    return axes


def _as_curves(name: str, values: Any) -> list[np.ndarray]:
    """Turn one array or a list of arrays into a list of 1-D float arrays (NaN and inf are gaps)."""
    if isinstance(values, np.ndarray) and values.ndim in (1, 2):
        array = check_array(name, values)
        return [array] if array.ndim == 1 else list(array)
    if isinstance(values, (list, tuple)) and values and all(np.ndim(v) == 0 for v in values):
        return [check_array(name, values, ndim=1)]
    if isinstance(values, (list, tuple)) and values:
        return [check_array(f"{name}[{i}]", v, ndim=1) for i, v in enumerate(values)]
    raise TypeError(
        f"{name} must be a non-empty array (1-D or 2-D) or a list of 1-D arrays, got {type(values).__name__}"
        + (f" of shape {values.shape}" if isinstance(values, np.ndarray) else "")
    )
