"""Tests of d2lmini.noise: the stationary variance of momentum with noisy gradients."""

from __future__ import annotations

import numpy as np
import pytest

from d2lmini.noise import simulate_noisy_momentum, stationary_covariance, stationary_variance

SETTINGS = [
    (0.01, 0.0, 1.0, 1.0),
    (0.005, 0.5, 1.0, 1.0),
    (0.001, 0.9, 1.0, 1.0),
    (0.3, 0.8, 2.0, 0.5),
    (1.5, 0.2, 1.0, 2.0),
]


@pytest.mark.parametrize("eta, beta, lam, sigma", SETTINGS)
def test_closed_form_matches_lyapunov_solution(eta, beta, lam, sigma):
    P = stationary_covariance(eta, beta, lam, sigma)
    assert np.isclose(P[1, 1], stationary_variance(eta, beta, lam, sigma), rtol=1e-10)


@pytest.mark.parametrize("eta, beta, lam, sigma", SETTINGS)
def test_covariance_is_a_fixed_point(eta, beta, lam, sigma):
    R = np.array([[beta, lam], [-eta * beta, 1 - eta * lam]])
    b = np.array([1.0, -eta])
    P = stationary_covariance(eta, beta, lam, sigma)
    assert np.allclose(R @ P @ R.T + sigma**2 * np.outer(b, b), P, rtol=1e-10, atol=1e-14)
    assert np.all(np.linalg.eigvalsh(P) > 0)


def test_gradient_descent_case():
    # beta = 0: x_t = (1 - eta lam) x_{t-1} - eta xi_t, so Var x = eta^2 sigma^2 / (1 - (1 - eta lam)^2).
    eta, lam, sigma = 0.3, 2.0, 0.7
    expected = eta**2 * sigma**2 / (1 - (1 - eta * lam) ** 2)
    assert np.isclose(stationary_variance(eta, 0.0, lam, sigma), expected, rtol=1e-12)


def test_issue_values_at_a_fixed_effective_rate():
    # c = eta/(1 - beta) = 0.01, lambda = sigma = 1: 0.005025, 0.005008, 0.005001, 0.0050001.
    got = [stationary_variance(0.01 * (1 - b), b, 1.0) for b in (0.0, 0.5, 0.9, 0.99)]
    assert np.allclose(got, [0.0050251, 0.0050083, 0.0050013, 0.0050001], rtol=2e-5)


def test_simulation_agrees_with_the_stationary_variance():
    eta, beta, lam = 0.02, 0.8, 1.0
    xs = simulate_noisy_momentum(eta, beta, lam, steps=2000, chains=20000, seed=1)
    exact = stationary_variance(eta, beta, lam)
    assert abs((xs[-1] ** 2).mean() - exact) < 5 * exact * np.sqrt(2 / 20000)


def test_final_only_is_the_last_row():
    full = simulate_noisy_momentum(0.05, 0.7, 1.5, 0.3, steps=50, chains=7, seed=3)
    last = simulate_noisy_momentum(0.05, 0.7, 1.5, 0.3, steps=50, chains=7, seed=3, final_only=True)
    assert last.shape == (7,) and np.array_equal(last, full[-1])


def test_noise_free_run_is_momentum():
    xs = simulate_noisy_momentum(0.1, 0.5, 2.0, sigma=0.0, steps=30, chains=3, x0=1.0)
    v, x = 0.0, 1.0
    for t in range(1, 31):
        v = 0.5 * v + 2.0 * x
        x = x - 0.1 * v
        assert np.allclose(xs[t], x, rtol=1e-12)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(eta=-0.1, beta=0.5, lam=1.0), ValueError, "eta"),
        (dict(eta=0.1, beta=1.0, lam=1.0), ValueError, "beta"),
        (dict(eta=0.1, beta=0.5, lam=0.0), ValueError, "lam"),
        (dict(eta=0.1, beta=0.5, lam=1.0, sigma=-1.0), ValueError, "sigma"),
        (dict(eta=4.0, beta=0.5, lam=1.0), ValueError, "2 \\+ 2\\*beta"),
        (dict(eta="0.1", beta=0.5, lam=1.0), TypeError, "eta"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    for fn in (stationary_covariance, stationary_variance, simulate_noisy_momentum):
        with pytest.raises(error, match=match):
            fn(**kwargs)


def test_bad_run_arguments():
    with pytest.raises(ValueError, match="steps"):
        simulate_noisy_momentum(0.1, 0.5, 1.0, steps=0)
    with pytest.raises(TypeError, match="chains"):
        simulate_noisy_momentum(0.1, 0.5, 1.0, chains=2.5)
