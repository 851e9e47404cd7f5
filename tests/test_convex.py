"""Tests of d2lmini.convex: methods beyond quadratics and their test functions."""

from __future__ import annotations

import numpy as np
import pytest

from d2lmini.analysis import optimal_momentum, run_quadratic
from d2lmini.convex import (
    LESSARD_L,
    LESSARD_MU,
    convex_beta,
    flat_spectrum_quadratic,
    gradient_descent,
    heavy_ball,
    lessard_function,
    lessard_gradient,
    nesterov,
)

Q = np.diag([0.2, 4.0])


def quad_grad(x):
    return Q @ x


def test_gradient_descent_and_heavy_ball_match_run_quadratic():
    x0 = [-5.0, -2.0]
    assert np.allclose(
        gradient_descent(quad_grad, x0, 0.4, 20), run_quadratic(Q, x0, 0.4, steps=20), rtol=1e-12
    )
    assert np.allclose(
        heavy_ball(quad_grad, x0, 0.6, 0.5, 20), run_quadratic(Q, x0, 0.6, 0.5, steps=20), rtol=1e-12
    )


def test_nesterov_constant_beta_is_the_step_form():
    # Step form: dw_t = beta dw_{t-1} - eta g(w_{t-1} + beta dw_{t-1}), w_t = w_{t-1} + dw_t.
    w, dw = np.array([-5.0, -2.0]), np.zeros(2)
    path = nesterov(quad_grad, w, 0.3, 0.5, 30)
    for t in range(1, 31):
        dw = 0.5 * dw - 0.3 * quad_grad(w + 0.5 * dw)
        w = w + dw
        assert np.allclose(path[t], w, rtol=0, atol=1e-12)


def test_nesterov_constant_beta_look_ahead_is_the_library_form():
    # The library form's iterates are a_t + beta (a_t - a_{t-1}).
    a = nesterov(quad_grad, [-5.0, -2.0], 0.3, 0.5, 30)
    lib = run_quadratic(Q, [-5.0, -2.0], 0.3, 0.5, steps=30, nesterov=True)
    assert np.allclose(lib[1:], a[1:] + 0.5 * (a[1:] - a[:-1]), rtol=0, atol=1e-12)


def test_convex_beta_schedule_and_callable_beta():
    assert [convex_beta(t) for t in (1, 2, 3, 7)] == [0.0, 0.25, 0.4, 6 / 9]
    a = nesterov(quad_grad, [1.0, 1.0], 0.2, convex_beta, 5)
    b = np.array([1.0, 1.0])
    prev = b.copy()
    for t in range(1, 6):
        new = b - 0.2 * quad_grad(b)
        b = new + convex_beta(t) * (new - prev)
        prev = new
        assert np.allclose(a[t], new, rtol=1e-14)


def test_lessard_function_is_smooth_strongly_convex_with_matching_gradient():
    x = np.linspace(-3, 5, 8001)
    f, g = lessard_function(x), lessard_gradient(x)
    # Central differences are exact on each quadratic piece; within h of a kink the
    # curvature jumps by 24, which costs at most 24 * h / 2.
    h = 1e-4
    diff = (lessard_function(x + h) - lessard_function(x - h)) / (2 * h) - g
    near_kink = (np.abs(x - 1) < h) | (np.abs(x - 2) < h)
    assert np.abs(diff[~near_kink]).max() < 1e-6 and np.abs(diff).max() < 12 * h + 1e-9
    slopes = np.diff(g) / np.diff(x)
    assert np.all(slopes >= LESSARD_MU - 1e-9) and np.all(slopes <= LESSARD_L + 1e-9)
    assert f.min() == 0 and x[f.argmin()] == 0


def test_heavy_ball_cycles_on_lessard_function_and_nesterov_converges():
    # Heavy ball with its optimal quadratic tuning for [mu, L] = [1, 25]: eta = 1/9, beta = 4/9.
    s = optimal_momentum(LESSARD_MU, LESSARD_L)
    assert np.isclose(s.eta, 1 / 9) and np.isclose(s.beta, 4 / 9)
    xs = heavy_ball(lessard_gradient, [3.3], s.eta, s.beta, 600)[:, 0]
    assert np.allclose(xs[-3:], xs[-6:-3], atol=1e-9) and np.abs(xs[-3:]).min() > 0.5
    root = np.sqrt(LESSARD_L / LESSARD_MU)
    ws = nesterov(lessard_gradient, [3.3], 1 / LESSARD_L, (root - 1) / (root + 1), 600)[:, 0]
    assert abs(ws[-1]) < 1e-12


def test_flat_spectrum_quadratic():
    q = flat_spectrum_quadratic(n=500, smallest=1e-6)
    assert q.lam.min() == pytest.approx(1e-6) and q.lam.max() == 1.0
    assert q.f(q.x0) == pytest.approx(0.5, rel=1e-5)
    assert q.x0 @ q.x0 == pytest.approx(np.log(1e6), rel=0.01)
    assert np.allclose(q.grad(q.x0), q.lam * q.x0)
    assert np.allclose(q.f(np.stack([q.x0, 2 * q.x0])), [q.f(q.x0), 4 * q.f(q.x0)])


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: gradient_descent(1.0, [1.0], 0.1, 3), TypeError, "grad"),
        (lambda: gradient_descent(quad_grad, [1.0, 1.0], 0.0, 3), ValueError, "eta"),
        (lambda: heavy_ball(quad_grad, [1.0, 1.0], 0.1, 1.0, 3), ValueError, "beta"),
        (lambda: nesterov(quad_grad, [1.0, 1.0], 0.1, -0.1, 3), ValueError, "beta"),
        (lambda: nesterov(quad_grad, [1.0, 1.0], 0.1, lambda t: 1.5, 3), ValueError, "beta\\(t\\)"),
        (lambda: nesterov(quad_grad, [[1.0]], 0.1, 0.5, 3), ValueError, "x0"),
        (lambda: gradient_descent(quad_grad, [1.0, np.nan], 0.1, 3), ValueError, "x0"),
        (lambda: gradient_descent(quad_grad, [1.0, 1.0], 0.1, -1), ValueError, "steps"),
        (lambda: convex_beta(0), ValueError, "t"),
        (lambda: flat_spectrum_quadratic(n=1), ValueError, "n"),
        (lambda: flat_spectrum_quadratic(smallest=1.0), ValueError, "smallest"),
    ],
)
def test_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()
