"""Speed limits: the first-order lower bound and the convex-case guarantees.

* :func:`lower_bound_rate`: no first-order method beats the factor
  ``(sqrt(kappa) - 1)/(sqrt(kappa) + 1)`` per step on every ``L``-smooth, ``mu``-strongly convex
  function with ``kappa = L/mu`` (Nesterov 2004, Theorem 2.1.13): some such function keeps
  ``||x_t - x*|| >= rate**t * ||x_0 - x*||``.
* :func:`gd_convex_bound` and :func:`nesterov_convex_bound`: on an ``L``-smooth convex function,
  gradient descent with ``eta = 1/L`` guarantees ``f(x_t) - f* <= L r2 / (2 t)`` and Nesterov's
  method with ``beta_t = (t - 1)/(t + 2)`` guarantees ``f(x_t) - f* <= 2 L r2 / (t + 1)**2``, where
  ``r2 = ||x_0 - x*||**2`` (Beck and Teboulle 2009; Su, Boyd and Candes 2016).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validate import check_positive_array, check_real

__all__ = ["gd_convex_bound", "lower_bound_rate", "nesterov_convex_bound"]


def _per_point(result: np.ndarray) -> Any:
    return float(result) if result.ndim == 0 else result


def lower_bound_rate(kappa: Any) -> Any:
    """The best factor per step any first-order method can guarantee for condition number ``kappa``.

    Parameters
    ----------
    kappa : float or array_like
        Condition number(s), ``>= 1``.

    Returns
    -------
    float or numpy.ndarray
        ``(sqrt(kappa) - 1)/(sqrt(kappa) + 1)``, elementwise.

    Examples
    --------
    >>> lower_bound_rate(100.0)
    0.8181818181818182
    """
    kappa = check_positive_array("kappa", kappa)
    if np.any(kappa < 1):
        raise ValueError(f"kappa must be >= 1, got {kappa[kappa < 1].ravel()[0]!r} among its values")
    root = np.sqrt(kappa)
    return _per_point((root - 1.0) / (root + 1.0))


def _check_bound_args(t: Any, L: Any, r2: Any) -> tuple[np.ndarray, float, float]:
    t = check_positive_array("t", t)
    L = check_real("L", L, low=0.0, low_open=True)
    r2 = check_real("r2", r2, low=0.0)
    return t, L, r2


def gd_convex_bound(t: Any, L: float, r2: float) -> Any:
    """Guarantee of gradient descent with ``eta = 1/L`` on an ``L``-smooth convex function.

    Parameters
    ----------
    t : int or array_like
        Step count(s), ``> 0``.
    L : float
        Smoothness constant, ``> 0``.
    r2 : float
        Squared distance ``||x_0 - x*||**2`` of the start from a minimizer, ``>= 0``.

    Returns
    -------
    float or numpy.ndarray
        ``L * r2 / (2 t)``.

    Examples
    --------
    >>> gd_convex_bound(10, 1.0, 2.0)
    0.1
    """
    t, L, r2 = _check_bound_args(t, L, r2)
    return _per_point(L * r2 / (2.0 * t))


def nesterov_convex_bound(t: Any, L: float, r2: float) -> Any:
    """Guarantee of Nesterov's method, ``eta = 1/L``, ``beta_t = (t - 1)/(t + 2)``, when convex.

    Parameters
    ----------
    t, L, r2
        As in :func:`gd_convex_bound`.

    Returns
    -------
    float or numpy.ndarray
        ``2 L r2 / (t + 1)**2``.

    Examples
    --------
    >>> nesterov_convex_bound(9, 1.0, 5.0)
    0.1
    """
    t, L, r2 = _check_bound_args(t, L, r2)
    return _per_point(2.0 * L * r2 / (t + 1.0) ** 2)
