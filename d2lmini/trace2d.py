"""Optimizers on a two-dimensional function: run them and draw their paths."""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from ._validate import check_array, check_callable, check_int

START = (-5.0, -2.0)
"""Where every 2-D run of the book starts."""

OUTSIDE_NOTE = "d2lmini-outside-note"
"""The ``gid`` of the note that show_trace_2d writes when a path leaves the view."""


def train_2d(
    trainer: Callable[..., tuple],
    steps: int = 20,
    f_grad: Callable | None = None,
    *,
    state: tuple = (0.0, 0.0),
) -> list[tuple]:
    """Run a 2-D optimizer for ``steps`` steps from ``(-5, -2)``.

    Parameters
    ----------
    trainer : callable
        ``trainer(x1, x2, s1, s2)`` (or ``trainer(x1, x2, s1, s2, f_grad)``
        when ``f_grad`` is given) returns the next ``(x1, x2, s1, s2)``.
    steps : int
        Number of steps, from 1 to ``10**5``.
    f_grad : callable, optional
        Gradient function passed on to the trainer.
    state : tuple
        The optimizer state at the start, ``(s1, s2) = (0, 0)`` by default.
        A longer tuple serves optimizers with more state (Adam's two moments
        and a step count); the trainer then receives and returns it whole.

    Returns
    -------
    list of tuple
        The ``steps + 1`` points ``(x1, x2)``, the start included.

    Notes
    -----
    Prints ``epoch {steps}, x1: {x1:f}, x2: {x2:f}``. A run that leaves the
    floating-point range prints a second line saying when it diverged.

    Examples
    --------
    >>> path = train_2d(lambda x1, x2, s1, s2: (x1 / 2, x2 / 2, s1, s2), steps=3)
    epoch 3, x1: -0.625000, x2: -0.250000
    >>> len(path)
    4
    """
    check_callable("trainer", trainer)
    steps = check_int("steps", steps, minimum=1, maximum=10**5)
    if f_grad is not None:
        check_callable("f_grad", f_grad)
    extra = () if f_grad is None else (f_grad,)
    if not isinstance(state, tuple):
        raise TypeError(f"state must be a tuple, got {type(state).__name__}")
    x1, x2 = START
    results = [(x1, x2)]
    diverged_at = None
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(1, steps + 1):
            out = trainer(x1, x2, *state, *extra)
            if not isinstance(out, tuple) or len(out) < 2:
                raise TypeError(f"trainer must return a tuple (x1, x2, *state), got {out!r:.80}")
            x1, x2, *rest = out
            state = tuple(rest)
            results.append((x1, x2))
            if diverged_at is None and not (np.all(np.isfinite(x1)) and np.all(np.isfinite(x2))):
                diverged_at = step
    print(f"epoch {steps}, x1: {float(x1):f}, x2: {float(x2):f}")
    if diverged_at is not None:
        print(f"diverged: the iterate left the floating-point range at step {diverged_at}")
    return results


def show_trace_2d(
    f: Callable[[np.ndarray, np.ndarray], np.ndarray],
    results: list[tuple],
    axes: Axes | None = None,
    label: str | None = None,
    fmt: str = "-o",
    color: str | None = "tab:orange",
    resolution: int = 200,
) -> Axes:
    """Draw the contours of ``f`` and the path ``results`` on top of them.

    The view covers the start, the origin and every point within twice the
    start's distance from it; a path that runs farther (a diverging run) is clipped, and a note below
    the axis label says so, how many points lie outside and where the path ends.

    Parameters
    ----------
    f : callable
        ``f(x1, x2)``, vectorized over numpy arrays.
    results : list of (float, float)
        The path, as returned by :func:`train_2d`.
    axes : matplotlib.axes.Axes, optional
        Draw here (for side-by-side panels) instead of on a new figure.
    label : str, optional
        Legend entry for the path.
    fmt, color : str
        Matplotlib line format and colour of the path.
    resolution : int
        Grid points per axis for the contours (lower is faster).

    Returns
    -------
    matplotlib.axes.Axes
    """
    check_callable("f", f)
    path = check_array("results", results)
    if path.ndim != 2 or path.shape[1] != 2 or not np.all(np.isfinite(path[0])):
        raise ValueError(
            f"results must be a non-empty list of (x1, x2) points from a finite start, got shape {path.shape}"
        )
    resolution = check_int("resolution", resolution, minimum=10, maximum=2000)
    if axes is not None and not isinstance(axes, Axes):
        raise TypeError(f"axes must be a matplotlib Axes or None, got {type(axes).__name__}")
    if not isinstance(fmt, str) or (color is not None and not isinstance(color, str)):
        raise TypeError(f"fmt and color must be strings, got fmt={fmt!r:.40}, color={color!r:.40}")
    (x_lo, x_hi), (y_lo, y_hi) = _view(path)
    if axes is None:
        _, axes = plt.subplots()
    g1, g2 = np.meshgrid(np.linspace(x_lo, x_hi, resolution), np.linspace(y_lo, y_hi, resolution))
    with np.errstate(over="ignore", invalid="ignore"):
        axes.contour(g1, g2, f(g1, g2), levels=12, colors="#1f77b4", linewidths=0.8)
    axes.plot(path[:, 0], path[:, 1], fmt, color=color, markersize=3, label=label)
    axes.set_xlim(x_lo, x_hi)
    axes.set_ylim(y_lo, y_hi)
    axes.set_xlabel("x1")
    axes.set_ylabel("x2")
    outside = ~((path[:, 0] >= x_lo) & (path[:, 0] <= x_hi) & (path[:, 1] >= y_lo) & (path[:, 1] <= y_hi))
    if outside.any():
        # Below the axis label (and below the note of an earlier path), not on the plot, so that the note
        # never hides the path or the contours.
        notes = [t for t in axes.texts if t.get_gid() == OUTSIDE_NOTE]
        axes.annotate(
            _outside_note(path, outside, label),
            xy=(0, 0),
            xycoords=("axes fraction", notes[-1] if notes else axes.xaxis.label),
            gid=OUTSIDE_NOTE,
            xytext=(0, -2),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=9,
            color="darkred",
        )
    if label is not None:
        axes.legend()
    return axes


def _outside_note(path: np.ndarray, outside: np.ndarray, label: str | None) -> str:
    """Say plainly that the path leaves the view, and where it ends (one line for a labelled path)."""
    count = f"{outside.sum()} of {len(path)} points"
    if not outside[-1]:
        return f"{label or 'the path'}: {count} lie outside the view"
    finite = np.all(np.isfinite(path), axis=1)
    if finite[-1]:
        end = "ends at ({:.3g}, {:.3g})".format(*path[-1])
    else:
        end = f"diverges: not finite from step {np.argmin(finite)}"
    if label is None:
        return f"the path leaves the view: {count} lie outside;\nit {end}"
    return f"{label} leaves the view: {count} outside, {end}"


def _view(path: np.ndarray, pad: float = 0.1) -> tuple[tuple[float, float], tuple[float, float]]:
    """Limits that show the start, the origin and the points near them.

    The limits grow with the path up to twice the start's distance from the
    origin on either side, in each coordinate, so that a diverging path cannot
    shrink the contours to a dot.
    """
    start = path[0]
    reach = 2 * np.maximum(np.abs(start), 1.0)
    finite = path[np.all(np.isfinite(path), axis=1)]
    lo = np.clip(np.minimum(np.minimum(start, 0.0), finite.min(axis=0)), -reach, None)
    hi = np.clip(np.maximum(np.maximum(start, 0.0), finite.max(axis=0)), None, reach)
    # A path that never leaves a point (or a line) has a zero span there: give it a unit-sized view, since
    # equal limits would make matplotlib warn and pick its own.
    span = np.where(hi > lo, hi - lo, np.maximum(np.abs(hi), 1.0))
    margin = pad * span
    return (lo[0] - margin[0], hi[0] + margin[0]), (lo[1] - margin[1], hi[1] + margin[1])
