"""Momentum with noisy gradients on one eigen-direction: the noise floor.

On ``f(x) = lam/2 x**2`` with noisy gradients ``g_t = lam*x_{t-1} + xi_t``, where the
``xi_t`` are independent with mean 0 and variance ``sigma**2``, the book's momentum::

    v_t = beta*v_{t-1} + g_t,    x_t = x_{t-1} - eta*v_t

is a linear system driven by noise, ``(v_t, x_t) = R (v_{t-1}, x_{t-1}) + (1, -eta) xi_t``
with momentum's matrix ``R`` (:func:`d2lmini.momentum_matrix`). When ``R`` is stable the
iterates settle into a stationary distribution around the minimizer; its variance is the
**noise floor**. :func:`stationary_covariance` solves the stationary (Lyapunov) equation
``P = R P R^T + sigma**2 b b^T`` numerically, :func:`stationary_variance` evaluates the closed
form of its ``x`` entry, and :func:`simulate_noisy_momentum` runs many independent chains.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validate import check_int, check_real
from .analysis import momentum_matrix

__all__ = ["simulate_noisy_momentum", "stationary_covariance", "stationary_variance"]


def _check(eta: Any, beta: Any, lam: Any, sigma: Any) -> tuple[float, float, float, float]:
    eta = check_real("eta", eta, low=0.0, low_open=True)
    beta = check_real("beta", beta, low=0.0, high=1.0, high_open=True)
    lam = check_real("lam", lam, low=0.0, low_open=True)
    sigma = check_real("sigma", sigma, low=0.0)
    if not eta * lam < 2.0 + 2.0 * beta:
        raise ValueError(
            f"eta*lam must satisfy 0 < eta*lam < 2 + 2*beta for a stationary distribution, "
            f"got eta*lam={eta * lam:g} with beta={beta:g}"
        )
    return eta, beta, lam, sigma


def stationary_covariance(eta: float, beta: float, lam: float, sigma: float = 1.0) -> np.ndarray:
    """Stationary covariance of the state ``(v, x)`` of momentum with noisy gradients.

    Solves ``P = R P R^T + sigma**2 b b^T`` with ``b = (1, -eta)`` as the linear system
    ``(I - R kron R) vec(P) = sigma**2 vec(b b^T)``.

    Parameters
    ----------
    eta : float
        Learning rate, ``> 0``.
    beta : float
        Momentum, ``0 <= beta < 1``.
    lam : float
        Curvature, ``> 0``, with ``eta*lam < 2 + 2*beta`` (the convergence region).
    sigma : float
        Standard deviation of the gradient noise, ``>= 0`` (default 1).

    Returns
    -------
    numpy.ndarray
        The symmetric 2x2 matrix ``[[Var v, Cov(v, x)], [Cov(v, x), Var x]]``.

    Examples
    --------
    >>> P = stationary_covariance(0.01, 0.0, 1.0)
    >>> bool(np.isclose(P[1, 1], 0.01 / (2 - 0.01)))
    True
    """
    eta, beta, lam, sigma = _check(eta, beta, lam, sigma)
    R = momentum_matrix(beta, eta, lam)
    b = np.array([1.0, -eta])
    vec_p = np.linalg.solve(np.eye(4) - np.kron(R, R), sigma**2 * np.outer(b, b).ravel())
    P = vec_p.reshape(2, 2)
    return (P + P.T) / 2  # symmetric up to rounding; make it exactly so


def stationary_variance(eta: float, beta: float, lam: float, sigma: float = 1.0) -> float:
    """Closed-form stationary variance of ``x`` for momentum with noisy gradients.

    With the effective learning rate ``c = eta/(1 - beta)``::

        Var x = c * sigma**2 / (lam * (2 - eta*lam/(1 + beta))),

    which is about ``c*sigma**2/(2*lam)`` whatever ``beta`` is, when ``eta*lam`` is small.

    Parameters
    ----------
    eta, beta, lam, sigma : float
        As in :func:`stationary_covariance`.

    Returns
    -------
    float

    Examples
    --------
    >>> round(stationary_variance(0.001, 0.9, 1.0), 7)
    0.0050013
    """
    eta, beta, lam, sigma = _check(eta, beta, lam, sigma)
    c = eta / (1.0 - beta)
    return c * sigma**2 / (lam * (2.0 - eta * lam / (1.0 + beta)))


def simulate_noisy_momentum(
    eta: float,
    beta: float,
    lam: float,
    sigma: float = 1.0,
    *,
    steps: int = 1000,
    chains: int = 1000,
    x0: float = 0.0,
    seed: int = 0,
    final_only: bool = False,
) -> np.ndarray:
    """Run independent chains of momentum with Gaussian gradient noise on ``lam/2 x**2``.

    Parameters
    ----------
    eta, beta, lam, sigma : float
        As in :func:`stationary_covariance`.
    steps : int
        Steps per chain, ``>= 1`` (default 1000).
    chains : int
        Number of independent chains, ``>= 1`` (default 1000).
    x0 : float
        Common start, with zero velocity (default 0).
    seed : int
        Seed of the noise.
    final_only : bool
        Return only the last iterate of each chain, which saves memory on long runs
        (default False).

    Returns
    -------
    numpy.ndarray
        The iterates, shape ``(steps + 1, chains)`` with the start in row 0; with
        ``final_only=True`` only the last row, shape ``(chains,)``.

    Examples
    --------
    >>> xs = simulate_noisy_momentum(0.1, 0.5, 1.0, sigma=0.0, steps=3, chains=2, x0=1.0)
    >>> xs[:, 0].round(4).tolist()
    [1.0, 0.9, 0.76, 0.614]
    """
    eta, beta, lam, sigma = _check(eta, beta, lam, sigma)
    steps = check_int("steps", steps, minimum=1)
    chains = check_int("chains", chains, minimum=1)
    x0 = check_real("x0", x0)
    seed = check_int("seed", seed)
    rng = np.random.default_rng(seed)
    x, v = np.full(chains, x0), np.zeros(chains)
    out = None if final_only else np.empty((steps + 1, chains))
    if out is not None:
        out[0] = x
    for t in range(1, steps + 1):
        v = beta * v + lam * x + sigma * rng.standard_normal(chains)
        x = x - eta * v
        if out is not None:
            out[t] = x
    return x if out is None else out
