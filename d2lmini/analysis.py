"""Eigen-analysis of gradient descent, momentum and Nesterov on quadratics.

On ``h(x) = 1/2 x^T Q x`` every eigen-direction of ``Q`` evolves on its own, so
each method reduces to a scalar problem ``f(x) = lambda/2 x^2`` with ``g = lambda*x``.
In the book's convention (learning rate outside the velocity, as in PyTorch)::

    momentum:  v_t = beta*v_{t-1} + g(x_{t-1}),  x_t = x_{t-1} - eta*v_t
    Nesterov:  v_t = beta*v_{t-1} + g(x_{t-1}),  x_t = x_{t-1} - eta*(g(x_{t-1}) + beta*v_t)

and the state ``(v, x)``, a column vector in that order, is multiplied by a 2x2
matrix each step (:func:`momentum_matrix`, :func:`nesterov_matrix`).

The functions taking ``beta``, ``eta`` and ``lam`` (or ``eta_lam``) broadcast them
like numpy does, so a whole grid is analysed in one call. The return rule:

* matrices have shape ``broadcast_shape + (2, 2)`` and eigenvalues
  ``broadcast_shape + (2,)``; they are always numpy arrays;
* one number per grid point (factors, radii, regions, damping values) comes back
  as an array of shape ``broadcast_shape``, except that a result with no grid axes
  (every input a scalar) is a plain Python ``float`` (``bool`` for regions).

The allowed ranges are ``0 <= beta < 1``, ``eta > 0`` and ``lam >= 0`` (a zero
curvature is allowed so that grids may start at ``eta*lam = 0``).
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from ._validate import (
    check_array,
    check_bool,
    check_in_unit_interval,
    check_int,
    check_positive_array,
    check_real,
)

__all__ = [
    "GDSettings",
    "MomentumSettings",
    "NesterovSettings",
    "critical_damping_beta",
    "gd_factor",
    "iterations_to_tolerance",
    "momentum_convergence_region",
    "momentum_eigenvalues",
    "momentum_matrix",
    "momentum_spectral_radius",
    "nesterov_convergence_region",
    "nesterov_eigenvalues",
    "nesterov_matrix",
    "nesterov_spectral_radius",
    "optimal_gd",
    "optimal_momentum",
    "optimal_nesterov",
    "run_quadratic",
    "spectral_radius",
]


# --------------------------------------------------------------------------- helpers


def _broadcast(names: tuple[str, ...], *arrays: np.ndarray) -> list[np.ndarray]:
    try:
        return list(np.broadcast_arrays(*arrays))
    except ValueError:
        shapes = ", ".join(f"{name} {array.shape}" for name, array in zip(names, arrays, strict=True))
        raise ValueError(f"{' and '.join(names)} must broadcast to one shape, got {shapes}") from None


def _grid_args(beta: Any, eta: Any, lam: Any) -> list[np.ndarray]:
    return _broadcast(
        ("beta", "eta", "lam"),
        check_in_unit_interval("beta", beta),
        check_positive_array("eta", eta),
        check_positive_array("lam", lam, allow_zero=True),
    )


def _per_point(result: np.ndarray) -> Any:
    """Apply the module's return rule: a 0-d result becomes a Python scalar."""
    return result.item() if result.ndim == 0 else result


def _stack_matrix(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray:
    return np.stack([np.stack([a, b], axis=-1), np.stack([c, d], axis=-1)], axis=-2)


def _roots(
    trace: np.ndarray, det: np.ndarray, scale: np.ndarray, disc: np.ndarray | None = None
) -> np.ndarray:
    """Roots of ``z**2 - trace*z + det``, larger modulus first, positive imaginary part first.

    ``scale`` bounds the size of the terms entering the discriminant; it sets the
    level below which the discriminant is rounding noise. A caller that can write
    the discriminant ``trace**2 - 4*det`` in a form with less cancellation passes it.
    """
    if disc is None:
        disc = trace * trace - 4.0 * det
    # Near a double root the roots move like sqrt(disc): a discriminant of 1e-16 that is pure
    # rounding would split them by 1e-8. Inside its own rounding error, call the root double.
    disc = np.where(np.abs(disc) <= 16 * np.finfo(float).eps * scale, 0.0, disc)
    root = np.emath.sqrt(disc).astype(complex)
    sign = np.where(trace >= 0, 1.0, -1.0)
    # Adding terms of the same sign avoids cancellation; the partner then follows from the product
    # of the roots. A complex pair is written as exact conjugates, positive imaginary part first.
    big = 0.5 * (trace + sign * root)
    big = np.where(disc < 0, 0.5 * (trace + root), big)
    with np.errstate(divide="ignore", invalid="ignore"):
        small = np.where(big != 0, det / np.where(big != 0, big, 1.0), 0.0)
    small = np.where(disc < 0, np.conj(big), small)
    return np.stack([big, small], axis=-1)


# --------------------------------------------------------------------------- gradient descent


def gd_factor(eta: Any, lam: Any) -> Any:
    """The factor ``1 - eta*lam`` by which gradient descent scales an eigen-coordinate each step.

    On ``f(x) = lam/2 x**2``, ``x_t = (1 - eta*lam)**t x_0``: monotone decay for
    ``eta*lam < 1``, oscillating decay for ``1 < eta*lam < 2``, divergence beyond 2.

    Parameters
    ----------
    eta : float or array_like
        Learning rate, ``> 0``.
    lam : float or array_like
        Eigenvalue (curvature), ``>= 0``.

    Returns
    -------
    float or numpy.ndarray
        ``1 - eta*lam``, broadcast (a float when both inputs are scalars).

    Examples
    --------
    >>> gd_factor(0.1, 19.0)
    -0.9000000000000001
    >>> gd_factor(0.1, np.array([0.1, 1.0, 10.0]))
    array([0.99, 0.9 , 0.  ])
    """
    eta_a, lam_a = _broadcast(
        ("eta", "lam"), check_positive_array("eta", eta), check_positive_array("lam", lam, allow_zero=True)
    )
    return _per_point(1.0 - eta_a * lam_a)


# --------------------------------------------------------------------------- iteration matrices


def momentum_matrix(beta: Any, eta: Any, lam: Any) -> np.ndarray:
    """The matrix ``R`` with ``(v_t, x_t) = R (v_{t-1}, x_{t-1})`` for momentum on ``lam/2 x**2``.

    ``R = [[beta, lam], [-eta*beta, 1 - eta*lam]]``, from ``v_t = beta*v_{t-1} + lam*x_{t-1}``
    and ``x_t = x_{t-1} - eta*v_t``.

    Parameters
    ----------
    beta : float or array_like
        Momentum coefficient, ``0 <= beta < 1``.
    eta : float or array_like
        Learning rate, ``> 0``.
    lam : float or array_like
        Eigenvalue, ``>= 0``.

    Returns
    -------
    numpy.ndarray
        Shape ``broadcast_shape + (2, 2)``.

    Examples
    --------
    >>> momentum_matrix(0.5, 0.1, 2.0)
    array([[ 0.5 ,  2.  ],
           [-0.05,  0.8 ]])
    """
    beta_a, eta_a, lam_a = _grid_args(beta, eta, lam)
    return _stack_matrix(beta_a, lam_a, -eta_a * beta_a, 1.0 - eta_a * lam_a)


def nesterov_matrix(beta: Any, eta: Any, lam: Any) -> np.ndarray:
    """The matrix ``N`` with ``(v_t, x_t) = N (v_{t-1}, x_{t-1})`` for Nesterov on ``lam/2 x**2``.

    In the library (PyTorch) form ``v_t = beta*v_{t-1} + g`` and
    ``x_t = x_{t-1} - eta*(g + beta*v_t)`` with ``g = lam*x_{t-1}``; substituting
    ``v_t`` gives ``x_t = -eta*beta**2 v_{t-1} + (1 - eta*lam*(1 + beta)) x_{t-1}``, so
    ``N = [[beta, lam], [-eta*beta**2, 1 - eta*lam*(1 + beta)]]``.

    Parameters
    ----------
    beta, eta, lam : float or array_like
        As in :func:`momentum_matrix`.

    Returns
    -------
    numpy.ndarray
        Shape ``broadcast_shape + (2, 2)``.

    Examples
    --------
    >>> nesterov_matrix(0.5, 0.1, 2.0)
    array([[ 0.5  ,  2.   ],
           [-0.025,  0.7  ]])
    """
    beta_a, eta_a, lam_a = _grid_args(beta, eta, lam)
    return _stack_matrix(beta_a, lam_a, -eta_a * beta_a**2, 1.0 - eta_a * lam_a * (1.0 + beta_a))


# --------------------------------------------------------------------------- eigenvalues


def momentum_eigenvalues(beta: Any, eta: Any, lam: Any) -> np.ndarray:
    """Eigenvalues of :func:`momentum_matrix`, in closed form.

    They are the roots of ``z**2 - (1 + beta - eta*lam) z + beta``. When they are
    complex their product is ``beta``, so both have modulus ``sqrt(beta)``; they
    coincide when ``beta = (1 - sqrt(eta*lam))**2`` (or ``(1 + sqrt(eta*lam))**2``,
    which is ``>= 1``).

    A discriminant smaller than its own rounding error is treated as zero, so points
    on the critical-damping curve give an exact double root rather than a pair split
    by about ``1e-8`` of noise.

    Parameters
    ----------
    beta, eta, lam : float or array_like
        As in :func:`momentum_matrix`.

    Returns
    -------
    numpy.ndarray of complex
        Shape ``broadcast_shape + (2,)``. The root of larger modulus comes first; of a
        complex-conjugate pair, the one with positive imaginary part comes first.

    Examples
    --------
    >>> momentum_eigenvalues(0.25, 1.0, 0.25)
    array([0.5+0.j, 0.5+0.j])
    >>> np.abs(momentum_eigenvalues(0.81, 1.0, 1.0))
    array([0.9, 0.9])
    """
    beta_a, eta_a, lam_a = _grid_args(beta, eta, lam)
    eta_lam = eta_a * lam_a
    # (1 + beta - a)**2 - 4 beta, rearranged so that a = 0 gives (1 - beta)**2 without cancellation
    # and the roots come out as exactly 1 and beta.
    disc = (1.0 - beta_a) ** 2 - eta_lam * (2.0 + 2.0 * beta_a - eta_lam)
    return _roots(1.0 + beta_a - eta_lam, beta_a, (1.0 + beta_a + eta_lam) ** 2, disc)


def nesterov_eigenvalues(beta: Any, eta: Any, lam: Any) -> np.ndarray:
    """Eigenvalues of :func:`nesterov_matrix`, in closed form.

    They are the roots of ``z**2 - (1 + beta)(1 - eta*lam) z + beta*(1 - eta*lam)``.
    Sorting and the treatment of near-double roots are as in :func:`momentum_eigenvalues`.

    Parameters
    ----------
    beta, eta, lam : float or array_like
        As in :func:`momentum_matrix`.

    Returns
    -------
    numpy.ndarray of complex
        Shape ``broadcast_shape + (2,)``, larger modulus first.

    Examples
    --------
    >>> nesterov_eigenvalues(0.5, 1.0, 1.0)
    array([0.+0.j, 0.+0.j])
    >>> nesterov_eigenvalues(0.0, 0.5, 1.0)
    array([0.5+0.j, 0. +0.j])
    """
    beta_a, eta_a, lam_a = _grid_args(beta, eta, lam)
    shrink = 1.0 - eta_a * lam_a
    scale = ((1.0 + beta_a) * (1.0 + eta_a * lam_a)) ** 2
    return _roots((1.0 + beta_a) * shrink, beta_a * shrink, scale)


# --------------------------------------------------------------------------- spectral radius


def spectral_radius(values: Any, *, matrices: bool = False) -> Any:
    """The largest modulus of the eigenvalues, for each point of a grid.

    Parameters
    ----------
    values : array_like
        Eigenvalues along the last axis (shape ``grid_shape + (n,)``), or, with
        ``matrices=True``, square matrices along the last two axes
        (``grid_shape + (n, n)``). The flag is explicit because a ``(2, 2)`` array
        could be either.
    matrices : bool
        Whether ``values`` holds matrices (default False: eigenvalues).

    Returns
    -------
    float or numpy.ndarray
        Shape ``grid_shape``; a float when there is no grid axis.

    Examples
    --------
    >>> spectral_radius([0.5 + 0.5j, 0.5 - 0.5j, -0.1])
    0.7071067811865476
    >>> round(spectral_radius(momentum_matrix(0.81, 1.0, 1.0), matrices=True), 12)
    0.9
    """
    matrices = check_bool("matrices", matrices)
    what = f"values must be an array of numbers, got {type(values).__name__}"
    try:
        array = np.asarray(values)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"{what} {values!r:.60}") from None
    if array.dtype.kind not in "iufc":
        raise TypeError(f"{what} of dtype {array.dtype}")
    check_array("values", np.abs(array))
    if matrices:
        if array.ndim < 2 or array.shape[-1] != array.shape[-2]:
            raise ValueError(
                "values must hold square matrices on its last two axes (matrices=True), "
                f"got shape {array.shape}"
            )
        if not np.all(np.isfinite(array)):
            raise ValueError("values must hold finite matrices (matrices=True)")
        array = np.linalg.eigvals(array)
    elif array.ndim < 1:
        raise ValueError(f"values must hold eigenvalues along its last axis, got a scalar {values!r}")
    return _per_point(np.max(np.abs(array), axis=-1))


def momentum_spectral_radius(beta: Any, eta: Any, lam: Any) -> Any:
    """Spectral radius of :func:`momentum_matrix`: the asymptotic rate of momentum.

    Parameters
    ----------
    beta, eta, lam : float or array_like
        As in :func:`momentum_matrix`.

    Returns
    -------
    float or numpy.ndarray
        Shape ``broadcast_shape``; a float for scalar input.

    Examples
    --------
    >>> round(momentum_spectral_radius(0.81, 1.0, 1.0), 12)
    0.9
    >>> momentum_spectral_radius(0.0, 0.1, np.array([1.0, 19.0]))
    array([0.9, 0.9])
    """
    return spectral_radius(momentum_eigenvalues(beta, eta, lam))


def nesterov_spectral_radius(beta: Any, eta: Any, lam: Any) -> Any:
    """Spectral radius of :func:`nesterov_matrix`.

    Parameters
    ----------
    beta, eta, lam : float or array_like
        As in :func:`momentum_matrix`.

    Returns
    -------
    float or numpy.ndarray
        Shape ``broadcast_shape``; a float for scalar input.

    Examples
    --------
    >>> nesterov_spectral_radius(0.5, 1.0, 1.0)
    0.0
    """
    return spectral_radius(nesterov_eigenvalues(beta, eta, lam))


# --------------------------------------------------------------------------- regions and curves


def _beta_and_eta_lam(beta: Any, eta_lam: Any) -> list[np.ndarray]:
    return _broadcast(
        ("beta", "eta_lam"),
        check_in_unit_interval("beta", beta),
        check_positive_array("eta_lam", eta_lam, allow_zero=True),
    )


def momentum_convergence_region(beta: Any, eta_lam: Any) -> Any:
    """Whether momentum converges: ``0 < eta*lam < 2 + 2*beta``.

    The characteristic polynomial ``p(z) = z**2 - (1 + beta - eta*lam) z + beta`` has both
    roots inside the unit circle exactly when ``|beta| < 1``, ``p(1) = eta*lam > 0`` and
    ``p(-1) = 2 + 2*beta - eta*lam > 0`` (the Jury conditions for a quadratic).

    Parameters
    ----------
    beta : float or array_like
        Momentum coefficient, ``0 <= beta < 1``.
    eta_lam : float or array_like
        The product ``eta*lam``, ``>= 0``.

    Returns
    -------
    bool or numpy.ndarray of bool
        Shape ``broadcast_shape``; a bool for scalar input.

    Examples
    --------
    >>> momentum_convergence_region(0.5, np.array([0.0, 1.0, 2.9, 3.0]))
    array([False,  True,  True, False])
    """
    beta_a, eta_lam_a = _beta_and_eta_lam(beta, eta_lam)
    return _per_point((eta_lam_a > 0) & (eta_lam_a < 2.0 + 2.0 * beta_a))


def nesterov_convergence_region(beta: Any, eta_lam: Any) -> Any:
    """Whether Nesterov (library form) converges: ``0 < eta*lam < (2 + 2*beta) / (1 + 2*beta)``.

    With ``s = 1 - eta*lam`` the polynomial is ``p(z) = z**2 - (1 + beta) s z + beta*s``; the
    Jury conditions ``p(1) = eta*lam > 0``, ``p(-1) = 1 + (1 + 2*beta) s > 0`` and
    ``|beta*s| < 1`` reduce to the interval above. It is narrower than momentum's
    ``2 + 2*beta``: the look-ahead damps the large-curvature directions harder.

    Parameters
    ----------
    beta, eta_lam : float or array_like
        As in :func:`momentum_convergence_region`.

    Returns
    -------
    bool or numpy.ndarray of bool
        Shape ``broadcast_shape``; a bool for scalar input.

    Examples
    --------
    >>> nesterov_convergence_region(0.5, np.array([1.0, 1.49, 1.51]))
    array([ True,  True, False])
    """
    beta_a, eta_lam_a = _beta_and_eta_lam(beta, eta_lam)
    return _per_point((eta_lam_a > 0) & (eta_lam_a < (2.0 + 2.0 * beta_a) / (1.0 + 2.0 * beta_a)))


def critical_damping_beta(eta_lam: Any) -> Any:
    """The momentum ``beta = (1 - sqrt(eta*lam))**2`` at which momentum's eigenvalues coincide.

    Below this value the eigenvalues are real (overdamped); above it they are complex
    with modulus ``sqrt(beta)`` (underdamped), up to the second double root at
    ``(1 + sqrt(eta*lam))**2``, which is ``>= 1`` and so never a valid momentum. The
    value returned lies in ``[0, 1)`` for ``0 < eta_lam < 4`` and reaches 1 at both
    ends; beyond 4 it would exceed 1, so ``eta_lam`` is restricted to ``[0, 4]``.

    Parameters
    ----------
    eta_lam : float or array_like
        The product ``eta*lam``, ``0 <= eta_lam <= 4``.

    Returns
    -------
    float or numpy.ndarray
        Same shape as ``eta_lam``; a float for scalar input.

    Examples
    --------
    >>> critical_damping_beta(0.25)
    0.25
    >>> critical_damping_beta(np.array([1.0, 2.25]))
    array([0.  , 0.25])
    """
    eta_lam_a = check_positive_array("eta_lam", eta_lam, allow_zero=True)
    too_big = eta_lam_a > 4.0
    if too_big.any():
        raise ValueError(
            "eta_lam must satisfy 0 <= eta_lam <= 4 (beyond 4 the double root needs beta > 1); "
            f"got {eta_lam_a[too_big].ravel()[0]!r}"
        )
    return _per_point((1.0 - np.sqrt(eta_lam_a)) ** 2)


# --------------------------------------------------------------------------- optimal settings


class GDSettings(NamedTuple):
    """Best constant learning rate ``eta`` of gradient descent and its rate ``rate``."""

    eta: float
    rate: float


class MomentumSettings(NamedTuple):
    """Best ``eta`` and ``beta`` of momentum and the resulting rate ``rate``."""

    eta: float
    beta: float
    rate: float


def _check_mu_l(mu: Any, L: Any) -> tuple[float, float]:
    mu = check_real("mu", mu, low=0.0, low_open=True)
    L = check_real("L", L, low=0.0, low_open=True)
    if mu > L:
        raise ValueError(f"mu must satisfy mu <= L (smallest and largest eigenvalue), got mu={mu}, L={L}")
    return mu, L


def optimal_gd(mu: float, L: float) -> GDSettings:
    """The learning rate that minimizes gradient descent's worst rate on eigenvalues in ``[mu, L]``.

    ``eta = 2/(mu + L)`` balances ``|1 - eta*mu| = |1 - eta*L|``, giving the rate
    ``(kappa - 1)/(kappa + 1)`` with ``kappa = L/mu``.

    Parameters
    ----------
    mu, L : float
        Smallest and largest eigenvalue, ``0 < mu <= L``.

    Returns
    -------
    GDSettings
        ``eta`` and ``rate``.

    Examples
    --------
    >>> optimal_gd(1.0, 9.0)
    GDSettings(eta=0.2, rate=0.8)
    """
    mu, L = _check_mu_l(mu, L)
    kappa = L / mu
    # Beyond kappa = 2**54 the rate rounds to 1, so an overflowing kappa (mu = 1e-300, L = 1e300) gives 1;
    # mu + L overflows only near the largest float, where 2/L / (1 + mu/L) is the same number.
    rate = 1.0 if math.isinf(kappa) else (kappa - 1.0) / (kappa + 1.0)
    eta = 2.0 / (mu + L) if math.isfinite(mu + L) else (2.0 / L) / (1.0 + mu / L)
    return GDSettings(eta=eta, rate=rate)


def optimal_momentum(mu: float, L: float) -> MomentumSettings:
    """The momentum settings that minimize the worst spectral radius on eigenvalues in ``[mu, L]``.

    ``eta = (2/(sqrt(mu) + sqrt(L)))**2`` and ``beta = ((sqrt(kappa) - 1)/(sqrt(kappa) + 1))**2``
    put both ``eta*mu`` and ``eta*L`` on the critical-damping curves, so every eigenvalue in
    between has complex (or double) eigenvalues of modulus ``sqrt(beta)``, the rate
    ``(sqrt(kappa) - 1)/(sqrt(kappa) + 1)`` (Polyak 1964).

    Parameters
    ----------
    mu, L : float
        Smallest and largest eigenvalue, ``0 < mu <= L``.

    Returns
    -------
    MomentumSettings
        ``eta``, ``beta`` and ``rate``.

    Examples
    --------
    >>> optimal_momentum(1.0, 9.0)
    MomentumSettings(eta=0.25, beta=0.25, rate=0.5)
    """
    mu, L = _check_mu_l(mu, L)
    # L / mu overflows for mu = 1e-200, L = 1e200; the square roots do not (and the rate rounds to 1).
    kappa = L / mu
    root_kappa = math.sqrt(kappa) if math.isfinite(kappa) else math.sqrt(L) / math.sqrt(mu)
    rate = 1.0 if math.isinf(root_kappa) else (root_kappa - 1.0) / (root_kappa + 1.0)
    return MomentumSettings(eta=(2.0 / (math.sqrt(mu) + math.sqrt(L))) ** 2, beta=rate**2, rate=rate)


class NesterovSettings(NamedTuple):
    """Best constant ``eta`` and ``beta`` of Nesterov's method and the resulting rate ``rate``."""

    eta: float
    beta: float
    rate: float


def optimal_nesterov(mu: float, L: float) -> NesterovSettings:
    """The constant Nesterov settings that minimize the worst spectral radius on ``[mu, L]``.

    ``eta = 4/(3L + mu)`` and ``beta = (sqrt(3 kappa + 1) - 2)/(sqrt(3 kappa + 1) + 2)`` put
    ``lambda = mu`` on Nesterov's critical-damping curve and give ``lambda = L`` a real
    eigenvalue of the same modulus, the rate ``1 - 2/sqrt(3 kappa + 1)`` (Lessard, Recht and
    Packard 2016).

    Parameters
    ----------
    mu, L : float
        Smallest and largest eigenvalue, ``0 < mu <= L``.

    Returns
    -------
    NesterovSettings
        ``eta``, ``beta`` and ``rate``.

    Examples
    --------
    >>> s = optimal_nesterov(1.0, 5.0)
    >>> round(s.eta, 12), round(s.beta, 12), round(s.rate, 12)
    (0.25, 0.333333333333, 0.5)
    """
    mu, L = _check_mu_l(mu, L)
    root = math.sqrt(3.0 * L / mu + 1.0)
    return NesterovSettings(eta=4.0 / (3.0 * L + mu), beta=(root - 2.0) / (root + 2.0), rate=1.0 - 2.0 / root)


# --------------------------------------------------------------------------- runs


def _check_method(eta: Any, beta: Any) -> tuple[float, float]:
    eta = check_real("eta", eta, low=0.0, low_open=True)
    beta = check_real("beta", beta, low=0.0, high=1.0, high_open=True)
    return eta, beta


def iterations_to_tolerance(
    eigenvalues: Any,
    eta: float,
    beta: float = 0.0,
    *,
    tol: float = 1e-6,
    x0: Any = None,
    max_iter: int = 10**6,
    nesterov: bool = False,
) -> int | None:
    """Steps until gradient descent or momentum shrinks ``||x_t|| / ||x_0||`` to ``tol``.

    Runs the method (``beta = 0`` is gradient descent) on ``f(x) = 1/2 sum_i lam_i x_i**2``
    from ``x0`` with zero velocity and returns the first ``t`` with
    ``||x_t|| <= tol * ||x_0||``.

    Parameters
    ----------
    eigenvalues : array_like
        The ``lam_i``, a non-empty 1-D array of values ``> 0``.
    eta : float
        Learning rate, ``> 0``.
    beta : float
        Momentum, ``0 <= beta < 1`` (default 0: gradient descent).
    tol : float
        Relative tolerance, ``0 < tol < 1`` (default ``1e-6``).
    x0 : array_like, optional
        Start, same length as ``eigenvalues``, not all zero (default: all ones).
    max_iter : int
        Largest step count tried (default ``10**6``, at most ``10**8``).
    nesterov : bool
        Use Nesterov's library form instead of momentum (default False).

    Returns
    -------
    int or None
        The step count, or ``None`` when the tolerance is not reached within
        ``max_iter`` steps (for example because the run diverges).

    Examples
    --------
    >>> settings = optimal_gd(1.0, 10.0)
    >>> iterations_to_tolerance([1.0, 10.0], settings.eta)
    69
    >>> iterations_to_tolerance([1.0, 10.0], 1.0) is None
    True
    """
    lam = check_positive_array("eigenvalues", eigenvalues)
    lam = check_array("eigenvalues", lam, ndim=1)
    eta, beta = _check_method(eta, beta)
    tol = check_real("tol", tol, low=0.0, high=1.0, low_open=True, high_open=True)
    max_iter = check_int("max_iter", max_iter, minimum=1, maximum=10**8)
    start = np.ones_like(lam) if x0 is None else check_array("x0", x0, ndim=1)
    if start.shape != lam.shape:
        raise ValueError(f"x0 must have the shape of eigenvalues {lam.shape}, got {start.shape}")
    if not np.all(np.isfinite(start)) or not start.any():
        raise ValueError("x0 must be finite and not all zero")
    # ||x_t|| / ||x_0|| does not depend on the scale of x0; scaling it to 1 keeps the squared norms in
    # range (x0 = [1e200] would overflow them and stop at step 1).
    start = start / np.max(np.abs(start))

    nesterov = check_bool("nesterov", nesterov)
    matrix = (nesterov_matrix if nesterov else momentum_matrix)(beta, eta, lam)
    # Advance a block of steps per numpy call: powers R**1 .. R**block of every coordinate's matrix
    # are built once, so 10**5 steps cost a few hundred vectorized calls instead of 10**5 small ones.
    # Up to 256 steps per block, fewer for long eigenvalue lists so the powers stay a few MB.
    block = max(1, min(max_iter, 256, 2**16 // lam.size))
    powers = np.empty((block,) + matrix.shape)
    powers[0] = matrix
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, block):
            powers[k] = matrix @ powers[k - 1]
    # Only the x-row of each power is needed inside a block; the full last power carries the state on.
    x_from_v, x_from_x = np.ascontiguousarray(powers[..., 1, 0]), np.ascontiguousarray(powers[..., 1, 1])
    v, x = np.zeros_like(start), start
    threshold = (tol * np.linalg.norm(start)) ** 2
    done = 0
    while done < max_iter:
        # A diverging run overflows to inf or nan; that is detected below, so the warning is noise.
        with np.errstate(over="ignore", invalid="ignore"):
            xs = x_from_v * v + x_from_x * x
            sq_norms = np.einsum("kn,kn->k", xs, xs)
            v, x = powers[-1, :, 0, 0] * v + powers[-1, :, 0, 1] * x, xs[-1]
        hits = np.flatnonzero(sq_norms <= threshold)
        if hits.size:
            steps = done + int(hits[0]) + 1
            return steps if steps <= max_iter else None
        if not np.all(np.isfinite(sq_norms)):
            return None
        done += block
    return None


def _check_q(Q: Any) -> np.ndarray:
    matrix = check_array("Q", Q, ndim=2)
    if matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"Q must be a square matrix, got shape {matrix.shape}")
    if not np.all(np.isfinite(matrix)):
        raise ValueError("Q must be finite")
    asymmetry = np.max(np.abs(matrix - matrix.T))
    if asymmetry > 1e-12 * max(1.0, np.max(np.abs(matrix))):
        raise ValueError(f"Q must be symmetric, got max |Q - Q.T| = {asymmetry:g}")
    return matrix


def run_quadratic(
    Q: Any,
    x0: Any,
    eta: float,
    beta: float = 0.0,
    *,
    steps: int = 20,
    c: Any = None,
    nesterov: bool = False,
) -> np.ndarray:
    """Run gradient descent, momentum or Nesterov on ``h(x) = 1/2 x^T Q x + c^T x``.

    The gradient is ``Q x + c``. With zero initial velocity each step is
    ``v_t = beta*v_{t-1} + g`` followed by ``x_t = x_{t-1} - eta*v_t`` (momentum;
    ``beta = 0`` is gradient descent) or ``x_t = x_{t-1} - eta*(g + beta*v_t)``
    (``nesterov=True``; with ``beta = 0`` it is gradient descent as well).

    Parameters
    ----------
    Q : array_like
        Symmetric ``(n, n)`` matrix.
    x0 : array_like
        Start, shape ``(n,)``.
    eta : float
        Learning rate, ``> 0``.
    beta : float
        Momentum, ``0 <= beta < 1`` (default 0).
    steps : int
        Number of steps, ``0 <= steps <= 10**6`` (default 20).
    c : array_like, optional
        Linear term, shape ``(n,)`` (default zero).
    nesterov : bool
        Use Nesterov's library form (default False).

    Returns
    -------
    numpy.ndarray
        The iterates ``x_0, ..., x_steps``, shape ``(steps + 1, n)``.

    Examples
    --------
    >>> run_quadratic(np.diag([0.2, 4.0]), [-5.0, -2.0], eta=0.4, steps=2)
    array([[-5.   , -2.   ],
           [-4.6  ,  1.2  ],
           [-4.232, -0.72 ]])
    """
    matrix = _check_q(Q)
    n = matrix.shape[0]
    x = check_array("x0", x0, ndim=1)
    if x.shape != (n,):
        raise ValueError(f"x0 must have shape ({n},) to match Q, got {x.shape}")
    linear = np.zeros(n) if c is None else check_array("c", c, ndim=1)
    if linear.shape != (n,):
        raise ValueError(f"c must have shape ({n},) to match Q, got {linear.shape}")
    eta, beta = _check_method(eta, beta)
    steps = check_int("steps", steps, minimum=0, maximum=10**6)
    nesterov = check_bool("nesterov", nesterov)

    iterates = np.empty((steps + 1, n))
    iterates[0] = x
    v = np.zeros(n)
    for t in range(1, steps + 1):
        g = matrix @ x + linear
        v = beta * v + g
        x = x - eta * (g + beta * v if nesterov else v)
        iterates[t] = x
    return iterates
