"""Gradient descent, heavy ball and Nesterov beyond quadratics, and two test functions.

The methods take a gradient function ``grad(x)`` of a 1-D array and return every iterate:

* :func:`gradient_descent`: ``x_t = x_{t-1} - eta*grad(x_{t-1})``;
* :func:`heavy_ball`: Polyak's method, the book's momentum
  ``v_t = beta*v_{t-1} + grad(x_{t-1})``, ``x_t = x_{t-1} - eta*v_t``;
* :func:`nesterov`: Nesterov's method in two-sequence form,
  ``a_t = b_{t-1} - eta*grad(b_{t-1})``, ``b_t = a_t + beta_t*(a_t - a_{t-1})`` from
  ``a_0 = b_0 = x0``, with a constant ``beta_t`` or a schedule such as
  :func:`convex_beta`, ``beta_t = (t - 1)/(t + 2)``, the choice for smooth convex functions
  that are not strongly convex. The returned iterates are the ``a_t``, which are the step
  form's ``w_t``.

The test functions are :func:`lessard_function` (smooth and strongly convex, yet heavy ball
with its optimal quadratic tuning cycles on it) and :func:`flat_spectrum_quadratic` (a
quadratic whose curvatures reach down so far that, over a few thousand steps, it behaves like
a convex function that is not strongly convex).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from ._validate import check_array, check_callable, check_int, check_real

__all__ = [
    "LESSARD_L",
    "LESSARD_MU",
    "FlatQuadratic",
    "convex_beta",
    "flat_spectrum_quadratic",
    "gradient_descent",
    "heavy_ball",
    "lessard_function",
    "lessard_gradient",
    "nesterov",
]

#: Strong convexity and smoothness constants of :func:`lessard_function`.
LESSARD_MU, LESSARD_L = 1.0, 25.0


def _start(x0: Any) -> np.ndarray:
    x = check_array("x0", x0, ndim=1)
    if not np.all(np.isfinite(x)):
        raise ValueError("x0 must be finite")
    return x.copy()


def _check_run(grad: Any, eta: Any, steps: Any) -> tuple[float, int]:
    check_callable("grad", grad)
    eta = check_real("eta", eta, low=0.0, low_open=True)
    steps = check_int("steps", steps, minimum=0)
    return eta, steps


def gradient_descent(grad: Callable[[np.ndarray], np.ndarray], x0: Any, eta: float, steps: int) -> np.ndarray:
    """Gradient descent with a constant learning rate.

    Parameters
    ----------
    grad : callable
        ``grad(x)`` returns the gradient at the 1-D array ``x``.
    x0 : array_like
        Start, a 1-D array.
    eta : float
        Learning rate, ``> 0``.
    steps : int
        Number of steps, ``>= 0``.

    Returns
    -------
    numpy.ndarray
        The iterates ``x_0, ..., x_steps``, shape ``(steps + 1, n)``.

    Examples
    --------
    >>> gradient_descent(lambda x: 2 * x, [1.0], 0.25, 2)[:, 0].tolist()
    [1.0, 0.5, 0.25]
    """
    eta, steps = _check_run(grad, eta, steps)
    x = _start(x0)
    out = np.empty((steps + 1, x.size))
    out[0] = x
    for t in range(1, steps + 1):
        x = x - eta * grad(x)
        out[t] = x
    return out


def heavy_ball(
    grad: Callable[[np.ndarray], np.ndarray], x0: Any, eta: float, beta: float, steps: int
) -> np.ndarray:
    """Polyak's heavy ball, written as the book's momentum, from zero velocity.

    ``v_t = beta*v_{t-1} + grad(x_{t-1})``, ``x_t = x_{t-1} - eta*v_t``; eliminating ``v``
    gives ``x_t = x_{t-1} - eta*grad(x_{t-1}) + beta*(x_{t-1} - x_{t-2})``.

    Parameters
    ----------
    grad, x0, eta, steps
        As in :func:`gradient_descent`.
    beta : float
        Momentum, ``0 <= beta < 1``.

    Returns
    -------
    numpy.ndarray
        The iterates, shape ``(steps + 1, n)``.

    Examples
    --------
    >>> heavy_ball(lambda x: x, [1.0], 0.5, 0.5, 2)[:, 0].tolist()
    [1.0, 0.5, 0.0]
    """
    eta, steps = _check_run(grad, eta, steps)
    beta = check_real("beta", beta, low=0.0, high=1.0, high_open=True)
    x = _start(x0)
    v = np.zeros_like(x)
    out = np.empty((steps + 1, x.size))
    out[0] = x
    for t in range(1, steps + 1):
        v = beta * v + grad(x)
        x = x - eta * v
        out[t] = x
    return out


def convex_beta(t: int) -> float:
    """Nesterov's momentum schedule for smooth convex functions, ``beta_t = (t - 1)/(t + 2)``.

    Parameters
    ----------
    t : int
        Step count, ``>= 1``.

    Examples
    --------
    >>> [convex_beta(t) for t in (1, 2, 4)]
    [0.0, 0.25, 0.5]
    """
    t = check_int("t", t, minimum=1)
    return (t - 1) / (t + 2)


def nesterov(
    grad: Callable[[np.ndarray], np.ndarray],
    x0: Any,
    eta: float,
    beta: float | Callable[[int], float],
    steps: int,
) -> np.ndarray:
    """Nesterov's accelerated gradient in two-sequence form.

    ``a_t = b_{t-1} - eta*grad(b_{t-1})`` and ``b_t = a_t + beta_t*(a_t - a_{t-1})``, from
    ``a_0 = b_0 = x0``. With a constant ``beta`` the ``a_t`` are the iterates ``w_t`` of the
    book's step form; the ``b_t`` are the look-ahead points, where the gradient is taken.

    Parameters
    ----------
    grad, x0, eta, steps
        As in :func:`gradient_descent`.
    beta : float or callable
        A constant momentum ``0 <= beta < 1``, or a schedule ``beta(t)`` for ``t = 1, 2, ...``
        returning values in ``[0, 1)``, such as :func:`convex_beta`.

    Returns
    -------
    numpy.ndarray
        The iterates ``a_0, ..., a_steps``, shape ``(steps + 1, n)``.

    Examples
    --------
    >>> nesterov(lambda x: x, [1.0], 1.0, 0.5, 2)[:, 0].tolist()
    [1.0, 0.0, 0.0]
    """
    eta, steps = _check_run(grad, eta, steps)
    if callable(beta):
        schedule = beta
    else:
        constant = check_real("beta", beta, low=0.0, high=1.0, high_open=True)

        def schedule(t: int) -> float:
            return constant

    a = _start(x0)
    b = a.copy()
    out = np.empty((steps + 1, a.size))
    out[0] = a
    for t in range(1, steps + 1):
        a_next = b - eta * grad(b)
        beta_t = check_real("beta(t)", schedule(t), low=0.0, high=1.0, high_open=True)
        a, b = a_next, a_next + beta_t * (a_next - a)
        out[t] = a
    return out


def lessard_function(x: Any) -> np.ndarray:
    """The piecewise quadratic of Lessard, Recht and Packard (2016), elementwise.

    ``25/2 x**2`` for ``x < 1``, ``1/2 x**2 + 24 x - 12`` for ``1 <= x < 2`` and
    ``25/2 x**2 - 24 x + 36`` for ``x >= 2``. It is continuously differentiable, its
    derivative is increasing with slopes between ``LESSARD_MU = 1`` and ``LESSARD_L = 25``, so it is
    1-strongly convex and 25-smooth, with its minimum 0 at ``x = 0``.

    Examples
    --------
    >>> lessard_function(np.array([0.0, 1.0, 2.0])).tolist()
    [0.0, 12.5, 38.0]
    """
    x = check_array("x", x)
    return np.where(x < 1, 12.5 * x**2, np.where(x < 2, 0.5 * x**2 + 24 * x - 12, 12.5 * x**2 - 24 * x + 36))


def lessard_gradient(x: Any) -> np.ndarray:
    """Derivative of :func:`lessard_function`: ``25 x``, ``x + 24`` or ``25 x - 24`` by piece.

    Examples
    --------
    >>> lessard_gradient(np.array([0.5, 1.5, 3.0])).tolist()
    [12.5, 25.5, 51.0]
    """
    x = check_array("x", x)
    return np.where(x < 1, 25 * x, np.where(x < 2, x + 24, 25 * x - 24))


class FlatQuadratic(NamedTuple):
    """A diagonal quadratic ``f(x) = 1/2 sum_i lam_i x_i**2`` and its start ``x0``."""

    lam: np.ndarray
    x0: np.ndarray

    def f(self, x: np.ndarray) -> np.ndarray:
        """Function value at ``x`` (one value per row when ``x`` is 2-D); the minimum is 0."""
        return 0.5 * (self.lam * np.asarray(x) ** 2).sum(axis=-1)

    def grad(self, x: np.ndarray) -> np.ndarray:
        """Gradient ``lam * x``."""
        return self.lam * x


def flat_spectrum_quadratic(n: int = 3000, smallest: float = 1e-8) -> FlatQuadratic:
    """A quadratic with curvatures from ``smallest`` to 1 and evenly spread initial error.

    The ``n`` curvatures ``lam_i`` are spaced geometrically in ``[smallest, 1]``, and the
    start gives each the share ``lam_i * x0_i**2 = d_i`` of twice the initial value, where
    ``d_i`` is the width of the interval of curvatures that ``lam_i`` stands for. So the
    initial error is spread evenly over the curvatures in ``(0, 1]``, as for a convex function
    with ever flatter directions: ``L = 1``, ``f(x0)`` is about 1/2 and ``||x0||**2`` about
    ``ln(1/smallest)``.

    Parameters
    ----------
    n : int
        Number of coordinates, ``>= 2`` (default 3000).
    smallest : float
        Smallest curvature, ``0 < smallest < 1`` (default ``1e-8``).

    Returns
    -------
    FlatQuadratic

    Examples
    --------
    >>> q = flat_spectrum_quadratic()
    >>> round(float(q.f(q.x0)), 6), round(float(q.x0 @ q.x0), 2)
    (0.5, 18.42)
    """
    n = check_int("n", n, minimum=2)
    smallest = check_real("smallest", smallest, low=0.0, high=1.0, low_open=True, high_open=True)
    lam = np.geomspace(smallest, 1.0, n)
    # Interval edges at the geometric midpoints; the first interval starts one half-step below lam_0.
    inner = np.sqrt(lam[1:] * lam[:-1])
    edges = np.concatenate([[lam[0] ** 2 / inner[0]], inner, [1.0]])
    return FlatQuadratic(lam=lam, x0=np.sqrt(np.diff(edges) / lam))
