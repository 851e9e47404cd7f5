"""Tests of d2lmini.bounds and of analysis.optimal_nesterov: speed limits and best settings."""

from __future__ import annotations

import numpy as np
import pytest

from d2lmini.analysis import nesterov_spectral_radius, optimal_momentum, optimal_nesterov
from d2lmini.bounds import gd_convex_bound, lower_bound_rate, nesterov_convex_bound
from d2lmini.convex import convex_beta, flat_spectrum_quadratic, gradient_descent, nesterov


def test_lower_bound_rate_is_optimal_heavy_ball_rate():
    kappas = np.array([1.0, 4.0, 100.0, 1e4])
    assert np.allclose(lower_bound_rate(kappas), [optimal_momentum(1.0, k).rate for k in kappas])
    assert lower_bound_rate(9.0) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="kappa"):
        lower_bound_rate(0.5)


def test_convex_bounds_values_and_validation():
    assert gd_convex_bound(4, 2.0, 3.0) == pytest.approx(0.75)
    assert nesterov_convex_bound(3, 2.0, 3.0) == pytest.approx(0.75)
    assert np.allclose(gd_convex_bound(np.array([1.0, 2.0]), 1.0, 1.0), [0.5, 0.25])
    with pytest.raises(ValueError, match="t"):
        gd_convex_bound(0, 1.0, 1.0)
    with pytest.raises(ValueError, match="L"):
        nesterov_convex_bound(1, 0.0, 1.0)
    with pytest.raises(ValueError, match="r2"):
        nesterov_convex_bound(1, 1.0, -1.0)


def test_runs_respect_the_convex_guarantees_and_their_slopes():
    q = flat_spectrum_quadratic(n=1000, smallest=1e-8)
    t = np.arange(1, 1001)
    gd = q.f(gradient_descent(q.grad, q.x0, 1.0, 1000))[1:]
    nag = q.f(nesterov(q.grad, q.x0, 1.0, convex_beta, 1000))[1:]
    r2 = q.x0 @ q.x0
    assert np.all(gd <= gd_convex_bound(t, 1.0, r2)) and np.all(nag <= nesterov_convex_bound(t, 1.0, r2))
    fit = t >= 10
    slope_gd = np.polyfit(np.log(t[fit]), np.log(gd[fit]), 1)[0]
    slope_nag = np.polyfit(np.log(t[fit]), np.log(nag[fit]), 1)[0]
    assert -1.05 < slope_gd < -0.95 and -2.1 < slope_nag < -1.85


@pytest.mark.parametrize("mu, L", [(1.0, 1.0), (1.0, 5.0), (1.0, 100.0), (0.01, 30.0)])
def test_optimal_nesterov_closed_form_and_optimality(mu, L):
    s = optimal_nesterov(mu, L)
    kappa = L / mu
    assert s.eta == pytest.approx(4 / (3 * L + mu))
    assert s.rate == pytest.approx(1 - 2 / np.sqrt(3 * kappa + 1))
    lam = np.linspace(mu, L, 2001)
    worst = nesterov_spectral_radius(s.beta, s.eta, lam).max()
    assert worst == pytest.approx(s.rate, abs=1e-6)
    # Both ends attain the rate.
    ends = nesterov_spectral_radius(s.beta, s.eta, np.array([mu, L]))
    assert np.allclose(ends, s.rate, atol=1e-6)
    # No nearby setting does better.
    rng = np.random.default_rng(0)
    for d_eta, d_beta in rng.uniform(-0.05, 0.05, size=(200, 2)):
        eta, beta = s.eta * (1 + d_eta), min(max(s.beta + d_beta, 0.0), 0.999)
        assert nesterov_spectral_radius(beta, eta, lam).max() >= s.rate - 1e-9


def test_optimal_nesterov_at_kappa_100():
    s = optimal_nesterov(1.0, 100.0)
    assert round(s.eta * 100, 2) == 1.33 and round(s.beta, 4) == 0.7933 and round(s.rate, 4) == 0.8847
    with pytest.raises(ValueError, match="mu"):
        optimal_nesterov(2.0, 1.0)
