"""Tests of d2lmini.analysis: eigen-analysis of gradient descent, momentum and Nesterov."""

from __future__ import annotations

import math

import numpy as np
import pytest

from d2lmini.analysis import (
    critical_damping_beta,
    gd_factor,
    iterations_to_tolerance,
    momentum_convergence_region,
    momentum_eigenvalues,
    momentum_matrix,
    momentum_spectral_radius,
    nesterov_convergence_region,
    nesterov_eigenvalues,
    nesterov_matrix,
    nesterov_spectral_radius,
    optimal_gd,
    optimal_momentum,
    run_quadratic,
    spectral_radius,
)


def random_grid(seed: int, shape: tuple[int, ...] = (400,)) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    beta = rng.uniform(0.0, 1.0, shape)
    eta = rng.uniform(0.01, 1.0, shape)
    lam = rng.uniform(0.0, 4.0, shape)
    return beta, eta, lam


def momentum_step(beta, eta, lam, v, x):
    """The book's recurrence, written out independently of the matrix."""
    g = lam * x
    v_new = beta * v + g
    return v_new, x - eta * v_new


def nesterov_step(beta, eta, lam, v, x):
    """PyTorch's SGD(nesterov=True) with dampening 0: buf = beta*buf + g; x -= eta*(g + beta*buf)."""
    g = lam * x
    buf = beta * v + g
    return buf, x - eta * (g + beta * buf)


def apply(matrix: np.ndarray, v: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    out = np.einsum("...ij,...j->...i", matrix, np.stack([v, x], axis=-1))
    return out[..., 0], out[..., 1]


def match_pairs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Largest error between two stacks of root pairs, under the better of the two pairings.

    Sorting complex roots is fragile (conjugate real parts may differ in the last bit), so each
    pair is compared both ways round.
    """
    straight = np.maximum(np.abs(a[..., 0] - b[..., 0]), np.abs(a[..., 1] - b[..., 1]))
    swapped = np.maximum(np.abs(a[..., 0] - b[..., 1]), np.abs(a[..., 1] - b[..., 0]))
    return np.minimum(straight, swapped)


# --------------------------------------------------------------------------- one step, many steps


@pytest.mark.parametrize(
    "matrix_fn, step_fn", [(momentum_matrix, momentum_step), (nesterov_matrix, nesterov_step)]
)
def test_matrix_is_one_step_of_the_recurrence(matrix_fn, step_fn):
    beta, eta, lam = random_grid(0)
    rng = np.random.default_rng(1)
    v, x = rng.uniform(-1, 1, (2, beta.size))
    got_v, got_x = apply(matrix_fn(beta, eta, lam), v, x)
    want_v, want_x = step_fn(beta, eta, lam, v, x)
    np.testing.assert_allclose(got_v, want_v, rtol=0, atol=1e-15)
    np.testing.assert_allclose(got_x, want_x, rtol=0, atol=1e-15)


@pytest.mark.parametrize(
    "matrix_fn, step_fn", [(momentum_matrix, momentum_step), (nesterov_matrix, nesterov_step)]
)
def test_matrix_power_is_many_steps(matrix_fn, step_fn):
    beta, eta, lam = 0.7, 0.3, np.array([0.1, 1.0, 3.0, 5.0])
    v, x = np.zeros(4), np.ones(4)
    power = np.linalg.matrix_power(matrix_fn(beta, eta, lam), 30)
    for _ in range(30):
        v, x = step_fn(beta, eta, lam, v, x)
    got_v, got_x = apply(power, np.zeros(4), np.ones(4))
    np.testing.assert_allclose(got_x, x, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(got_v, v, rtol=1e-12, atol=1e-12)


def test_known_matrices():
    np.testing.assert_array_equal(momentum_matrix(0.5, 0.25, 2.0), [[0.5, 2.0], [-0.125, 0.5]])
    np.testing.assert_array_equal(nesterov_matrix(0.5, 0.25, 2.0), [[0.5, 2.0], [-0.0625, 0.25]])


def test_zero_momentum_is_gradient_descent():
    eta, lam = 0.3, np.array([0.5, 2.0, 6.0, 8.0])
    for matrix_fn in (momentum_matrix, nesterov_matrix):
        matrix = matrix_fn(0.0, eta, lam)
        np.testing.assert_array_equal(matrix[..., 1, 1], gd_factor(eta, lam))
        np.testing.assert_array_equal(matrix[..., 1, 0], 0.0)
    np.testing.assert_allclose(momentum_spectral_radius(0.0, eta, lam), np.abs(1 - eta * lam), atol=1e-15)


def test_gd_factor_values_and_regimes():
    factors = gd_factor(0.1, np.array([0.1, 1.0, 10.0, 19.0, 21.0]))
    np.testing.assert_allclose(factors, [0.99, 0.9, 0.0, -0.9, -1.1], atol=1e-15)
    assert isinstance(gd_factor(0.1, 1.0), float)


# --------------------------------------------------------------------------- eigenvalues


@pytest.mark.parametrize(
    "matrix_fn, eig_fn", [(momentum_matrix, momentum_eigenvalues), (nesterov_matrix, nesterov_eigenvalues)]
)
def test_closed_form_eigenvalues_match_numpy(matrix_fn, eig_fn):
    beta, eta, lam = random_grid(2, (20, 30))
    closed = eig_fn(beta, eta, lam)
    assert closed.shape == (20, 30, 2) and closed.dtype == complex
    numeric = np.linalg.eigvals(matrix_fn(beta, eta, lam))
    assert match_pairs(closed, numeric).max() < 1e-10


@pytest.mark.parametrize("eig_fn", [momentum_eigenvalues, nesterov_eigenvalues])
def test_eigenvalue_order(eig_fn):
    ev = eig_fn(*random_grid(3))
    assert np.all(np.abs(ev[..., 0]) >= np.abs(ev[..., 1]))
    complex_pair = ev[..., 0].imag != 0
    assert complex_pair.any() and (~complex_pair).any()
    assert np.all(ev[complex_pair, 0].imag > 0)
    np.testing.assert_array_equal(ev[complex_pair, 1], np.conj(ev[complex_pair, 0]))


def test_shapes_broadcast_and_scalar_rule():
    beta = np.array([[0.0], [0.5], [0.9]])
    lam = np.linspace(0.5, 2.0, 4)
    assert momentum_matrix(beta, 0.1, lam).shape == (3, 4, 2, 2)
    assert nesterov_eigenvalues(beta, 0.1, lam).shape == (3, 4, 2)
    assert momentum_spectral_radius(beta, 0.1, lam).shape == (3, 4)
    assert momentum_convergence_region(beta, lam).dtype == bool
    assert momentum_matrix(0.5, 0.1, 1.0).shape == (2, 2)
    assert momentum_eigenvalues(0.5, 0.1, 1.0).shape == (2,)
    assert type(momentum_spectral_radius(0.5, 0.1, 1.0)) is float
    assert type(nesterov_spectral_radius(0.5, 0.1, 1.0)) is float
    assert type(momentum_convergence_region(0.5, 1.0)) is bool
    assert type(critical_damping_beta(0.5)) is float


def test_spectral_radius_of_matrices_and_eigenvalues_agree():
    beta, eta, lam = random_grid(4, (10, 10))
    from_matrices = spectral_radius(momentum_matrix(beta, eta, lam), matrices=True)
    from_eigenvalues = spectral_radius(momentum_eigenvalues(beta, eta, lam))
    assert from_matrices.shape == (10, 10)
    np.testing.assert_allclose(from_matrices, from_eigenvalues, rtol=0, atol=1e-10)
    assert spectral_radius([0.3, -0.8j, 0.5 + 0.5j]) == 0.8


def test_spectral_radius_grid_is_vectorized_and_exact():
    """A whole heat-map grid in one call (the chapter's figure), equal to the point-by-point radius."""
    eta_lam, beta = np.meshgrid(np.linspace(0.0, 4.0, 400), np.linspace(0.0, 0.999, 400))
    radius = momentum_spectral_radius(beta, 1.0, eta_lam)
    assert radius.shape == (400, 400)
    for i, j in [(0, 0), (17, 250), (399, 399), (200, 100), (350, 20)]:
        point = spectral_radius(momentum_eigenvalues(beta[i, j], 1.0, eta_lam[i, j]))
        assert radius[i, j] == pytest.approx(point, rel=1e-12, abs=1e-12)


# --------------------------------------------------------------------------- regions, damping


@pytest.mark.parametrize(
    "radius_fn, region_fn, upper",
    [
        (momentum_spectral_radius, momentum_convergence_region, lambda b: 2 + 2 * b),
        (nesterov_spectral_radius, nesterov_convergence_region, lambda b: (2 + 2 * b) / (1 + 2 * b)),
    ],
)
def test_radius_below_one_exactly_on_the_convergence_region(radius_fn, region_fn, upper):
    beta, eta_lam = np.meshgrid(np.linspace(0.0, 0.99, 100), np.linspace(0.0, 5.0, 401), indexing="ij")
    far = (np.abs(eta_lam - upper(beta)) > 1e-9) & (eta_lam > 1e-9)
    # eta = 1 makes lam = eta*lam; another eta with lam = eta_lam/eta must give the same radius.
    converges = radius_fn(beta, 1.0, eta_lam) < 1
    region = region_fn(beta, eta_lam)
    assert region[far].any() and (~region[far]).any()
    np.testing.assert_array_equal(converges[far], region[far])
    np.testing.assert_allclose(radius_fn(beta, 0.25, 4 * eta_lam), radius_fn(beta, 1.0, eta_lam), atol=1e-12)


def test_nesterov_region_is_narrower():
    beta = np.linspace(0.01, 0.99, 50)
    eta_lam = 0.5 * (2 + 2 * beta) / (1 + 2 * beta) + 0.5 * (2 + 2 * beta)
    assert np.all(momentum_convergence_region(beta, eta_lam))
    assert not np.any(nesterov_convergence_region(beta, eta_lam))


def test_complex_eigenvalues_have_modulus_sqrt_beta():
    beta, eta_lam = np.meshgrid(np.linspace(0.0, 0.99, 100), np.linspace(0.0, 4.0, 401), indexing="ij")
    ev = momentum_eigenvalues(beta, 1.0, eta_lam)
    is_complex = ev[..., 0].imag != 0
    root = np.sqrt(beta)
    inside = ((1 - root) ** 2 < eta_lam) & (eta_lam < (1 + root) ** 2)
    far = (np.abs(eta_lam - (1 - root) ** 2) > 1e-6) & (np.abs(eta_lam - (1 + root) ** 2) > 1e-6)
    assert is_complex.sum() > 1000
    np.testing.assert_array_equal(is_complex[far], inside[far])
    for k in range(2):
        np.testing.assert_allclose(np.abs(ev[is_complex, k]), root[is_complex], rtol=0, atol=1e-12)
    np.testing.assert_allclose(
        momentum_spectral_radius(beta, 1.0, eta_lam)[is_complex], root[is_complex], rtol=0, atol=1e-12
    )


def test_eigenvalues_coincide_at_critical_damping():
    eta_lam = np.linspace(0.01, 3.99, 300)
    beta = critical_damping_beta(eta_lam)
    assert np.all((0 <= beta) & (beta < 1))
    ev = momentum_eigenvalues(beta, 1.0, eta_lam)
    # The double root is (1 + beta - eta*lam)/2 = 1 - sqrt(eta*lam).
    np.testing.assert_allclose(ev[..., 0], 1 - np.sqrt(eta_lam), atol=1e-12)
    np.testing.assert_allclose(ev[..., 1], 1 - np.sqrt(eta_lam), atol=1e-12)
    # Off the curve the roots separate, into a real pair below it and a complex pair above it.
    below = momentum_eigenvalues(np.maximum(beta - 0.01, 0.0), 1.0, eta_lam)
    above = momentum_eigenvalues(np.minimum(beta + 0.01, 0.999), 1.0, eta_lam)
    assert np.all(np.abs(below[..., 0] - below[..., 1]) > 1e-3)
    assert np.all(np.abs(above[..., 0] - above[..., 1]) > 1e-3)
    assert np.all(above[..., 0].imag > 0)
    assert np.all(below[..., 0].imag == 0)


def test_critical_damping_known_values():
    np.testing.assert_allclose(
        critical_damping_beta(np.array([0.0, 0.25, 1.0, 2.25, 4.0])), [1.0, 0.25, 0.0, 0.25, 1.0], atol=1e-15
    )


# --------------------------------------------------------------------------- optimal settings


def test_optimal_gd_balances_both_ends():
    for mu, L in [(1.0, 10.0), (0.2, 4.0), (3.0, 3.0), (1e-3, 10.0)]:
        eta, rate = optimal_gd(mu, L)
        assert abs(abs(1 - eta * mu) - rate) < 1e-12
        assert abs(abs(1 - eta * L) - rate) < 1e-12
        lam = np.linspace(mu, L, 1001)
        assert np.max(np.abs(gd_factor(eta, lam))) <= rate + 1e-12
        for other in (0.99 * eta, 1.01 * eta):
            assert np.max(np.abs(gd_factor(other, lam))) > rate
    assert optimal_gd(1.0, 9.0) == (0.2, 0.8)


@pytest.mark.parametrize("mu, L", [(1.0, 10.0), (1.0, 100.0), (0.3, 1000.0 * 0.3), (2e-3, 20.0), (3.0, 3.0)])
def test_optimal_momentum_rate(mu, L):
    eta, beta, rate = optimal_momentum(mu, L)
    kappa = L / mu
    assert rate == pytest.approx((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1), abs=1e-15)
    ends = momentum_spectral_radius(beta, eta, np.array([mu, L]))
    np.testing.assert_allclose(ends, [rate, rate], rtol=0, atol=1e-12)
    lam = np.linspace(mu, L, 2001)
    assert np.max(momentum_spectral_radius(beta, eta, lam)) <= rate + 1e-12
    if kappa > 1:
        assert rate < optimal_gd(mu, L).rate
        # Nudging either setting makes the worst direction slower: the formula is a local optimum.
        for eta_other, beta_other in [
            (1.01 * eta, beta),
            (0.99 * eta, beta),
            (eta, beta * 0.98),
            (eta, beta + 0.01),
        ]:
            assert np.max(momentum_spectral_radius(beta_other, eta_other, lam)) > rate


def test_optimal_momentum_known_values():
    assert optimal_momentum(1.0, 9.0) == (0.25, 0.25, 0.5)


# --------------------------------------------------------------------------- runs


@pytest.fixture
def spd_problem():
    rng = np.random.default_rng(42)
    basis, _ = np.linalg.qr(rng.normal(size=(5, 5)))
    lam = np.array([0.1, 0.5, 1.0, 2.0, 3.0])
    Q = basis @ np.diag(lam) @ basis.T
    Q = (Q + Q.T) / 2
    return Q, basis, lam, rng.normal(size=5)


@pytest.mark.parametrize("beta, nesterov", [(0.0, False), (0.6, False), (0.6, True)])
def test_runs_do_not_mix_eigen_directions(spd_problem, beta, nesterov):
    Q, basis, lam, x0 = spd_problem
    eta, steps = 0.4, 60
    in_x = run_quadratic(Q, x0, eta, beta, steps=steps, nesterov=nesterov)
    in_eigenbasis = run_quadratic(np.diag(lam), basis.T @ x0, eta, beta, steps=steps, nesterov=nesterov)
    np.testing.assert_allclose(in_x @ basis, in_eigenbasis, rtol=0, atol=1e-10)
    # Each coordinate on its own: the state (v_i, z_i) multiplied by its own 2x2 matrix.
    matrix = (nesterov_matrix if nesterov else momentum_matrix)(beta, eta, lam)
    state = np.stack([np.zeros(5), basis.T @ x0], axis=-1)
    for t in range(1, steps + 1):
        state = np.einsum("nij,nj->ni", matrix, state)
        np.testing.assert_allclose(in_x[t] @ basis, state[:, 1], rtol=0, atol=1e-10)


def test_linear_term_shifts_the_minimizer(spd_problem):
    Q, basis, lam, x0 = spd_problem
    c = np.arange(5.0)
    minimizer = -np.linalg.solve(Q, c)
    shifted = run_quadratic(Q, x0, 0.4, 0.5, steps=40, c=c)
    centred = run_quadratic(Q, x0 - minimizer, 0.4, 0.5, steps=40)
    np.testing.assert_allclose(shifted - minimizer, centred, rtol=0, atol=1e-10)
    np.testing.assert_allclose(run_quadratic(Q, x0, 0.4, 0.5, steps=2000, c=c)[-1], minimizer, atol=1e-10)


def test_gradient_descent_on_the_book_problem():
    iterates = run_quadratic(np.diag([0.2, 4.0]), [-5.0, -2.0], 0.4, steps=20)
    assert iterates.shape == (21, 2)
    t = np.arange(21)[:, None]
    np.testing.assert_allclose(iterates, (1 - 0.4 * np.array([0.2, 4.0])) ** t * [-5.0, -2.0], atol=1e-12)


def direct_count(lam, eta, beta, tol=1e-6, steps=20000, nesterov=False, x0=None):
    """Reference count by a plain step-by-step run of the recurrence, one coordinate per eigenvalue."""
    step = nesterov_step if nesterov else momentum_step
    v, x = np.zeros_like(lam), np.ones_like(lam) if x0 is None else np.asarray(x0, dtype=float)
    limit = tol * np.linalg.norm(x)
    for t in range(1, steps + 1):
        v, x = step(beta, eta, lam, v, x)
        if np.linalg.norm(x) <= limit:
            return t
    raise AssertionError(f"no convergence in {steps} steps")


@pytest.mark.parametrize("kappa", [10, 100, 1000])
def test_gd_iterations_match_the_rate(kappa):
    # With eta = 2/(mu + L), |1 - eta*mu| = |1 - eta*L| = rate, so from (1, 1) the error norm is
    # exactly rate**t times the start: the count is the first t with rate**t <= tol.
    eta, rate = optimal_gd(1.0, kappa)
    exact = math.log(1e-6) / math.log(rate)
    assert 1e-6 < exact - math.floor(exact) < 1 - 1e-6  # not at a rounding knife edge
    count = iterations_to_tolerance([1.0, kappa], eta)
    assert count == math.ceil(exact)
    assert count == direct_count(np.array([1.0, kappa]), eta, 0.0)


@pytest.mark.parametrize("size", [7, 1000])
@pytest.mark.parametrize("nesterov", [False, True])
def test_blocked_count_matches_a_direct_run(nesterov, size):
    # 1000 eigenvalues shrink the block below 256 steps, so both code paths are covered.
    lam = np.geomspace(1.0, 300.0, size)
    eta, beta, rate = optimal_momentum(1.0, 300.0)
    if nesterov:
        # Momentum's optimum puts eta*L = 3.6, far outside Nesterov's region; use the textbook
        # strongly convex choice eta = 1/L, beta = (sqrt(kappa) - 1)/(sqrt(kappa) + 1) instead.
        eta, beta = 1 / 300.0, rate
    count = iterations_to_tolerance(lam, eta, beta, nesterov=nesterov)
    assert count == direct_count(lam, eta, beta, nesterov=nesterov)
    x0 = np.random.default_rng(5).normal(size=size)
    assert iterations_to_tolerance(lam, eta, beta, x0=x0, nesterov=nesterov) == direct_count(
        lam, eta, beta, nesterov=nesterov, x0=x0
    )
    assert iterations_to_tolerance(lam, eta, beta, max_iter=count, nesterov=nesterov) == count
    assert iterations_to_tolerance(lam, eta, beta, max_iter=count - 1, nesterov=nesterov) is None


def test_momentum_speed_up_grows_like_sqrt_kappa():
    kappas = np.array([10.0, 100.0, 1000.0, 10000.0])
    speed_up = []
    for kappa in kappas:
        lam = np.array([1.0, kappa])
        gd = iterations_to_tolerance(lam, optimal_gd(1.0, kappa).eta)
        eta, beta, _ = optimal_momentum(1.0, kappa)
        speed_up.append(gd / iterations_to_tolerance(lam, eta, beta))
    speed_up = np.array(speed_up)
    assert np.all(np.diff(speed_up) > 0)
    # At the optimum both ends are double roots, so errors decay like t*rate**t rather than rate**t;
    # that log factor keeps the measured slope a little under 1/2.
    slope = np.polyfit(np.log(kappas), np.log(speed_up), 1)[0]
    assert 0.4 < slope < 0.55
    assert np.all((0.5 < speed_up / np.sqrt(kappas)) & (speed_up / np.sqrt(kappas) < 1.0))


def test_divergent_run_gives_none():
    # eta*L = 2.5: outside gradient descent's region (2) and momentum's at beta = 0.2 (2.4).
    assert iterations_to_tolerance([1.0, 10.0], eta=0.25) is None
    assert iterations_to_tolerance([1.0, 10.0], eta=0.25, beta=0.2) is None
    assert iterations_to_tolerance([1.0, 10.0], eta=0.25, beta=0.3) is not None
    assert iterations_to_tolerance([1.0, 10.0], eta=0.25, beta=0.3, nesterov=True) is None


# --------------------------------------------------------------------------- errors

ERROR_CASES = [
    (
        momentum_matrix,
        dict(beta=1.0, eta=0.1, lam=1.0),
        ValueError,
        r"beta must satisfy 0 <= beta < 1; got .*1\.0",
    ),
    (momentum_matrix, dict(beta=-0.1, eta=0.1, lam=1.0), ValueError, "beta must satisfy 0 <= beta < 1"),
    (
        nesterov_matrix,
        dict(beta=0.5, eta=0.0, lam=1.0),
        ValueError,
        r"eta must be finite and > 0; got .*0\.0",
    ),
    (
        momentum_eigenvalues,
        dict(beta=0.5, eta=0.1, lam=[1.0, -2.0]),
        ValueError,
        "lam must be finite and >= 0",
    ),
    (nesterov_eigenvalues, dict(beta=0.5, eta=np.nan, lam=1.0), ValueError, "eta must be finite and > 0"),
    (momentum_spectral_radius, dict(beta=0.5, eta=0.1, lam=[]), ValueError, "lam must not be empty"),
    (momentum_matrix, dict(beta=0.5, eta=0.1, lam="big"), TypeError, "lam must be an array of real numbers"),
    (
        momentum_eigenvalues,
        dict(beta=[0.1, 0.2], eta=0.1, lam=[1.0, 2.0, 3.0]),
        ValueError,
        r"beta and eta and lam must broadcast to one shape, got beta \(2,\), eta \(\), lam \(3,\)",
    ),
    (gd_factor, dict(eta=-0.1, lam=1.0), ValueError, "eta must be finite and > 0"),
    (spectral_radius, dict(values=[]), ValueError, "values must not be empty"),
    (spectral_radius, dict(values=0.5), ValueError, "values must hold eigenvalues along its last axis"),
    (spectral_radius, dict(values=["a", "b"]), TypeError, "values must be an array of numbers"),
    (
        spectral_radius,
        dict(values=np.ones((2, 3)), matrices=True),
        ValueError,
        r"values must hold square matrices on its last two axes \(matrices=True\), got shape \(2, 3\)",
    ),
    (
        momentum_convergence_region,
        dict(beta=0.5, eta_lam=-1.0),
        ValueError,
        "eta_lam must be finite and >= 0",
    ),
    (nesterov_convergence_region, dict(beta=1.5, eta_lam=1.0), ValueError, "beta must satisfy 0 <= beta < 1"),
    (critical_damping_beta, dict(eta_lam=4.5), ValueError, "eta_lam must satisfy 0 <= eta_lam <= 4"),
    (critical_damping_beta, dict(eta_lam=-0.1), ValueError, "eta_lam must be finite and >= 0"),
    (optimal_gd, dict(mu=2.0, L=1.0), ValueError, "mu must satisfy mu <= L .*got mu=2.0, L=1.0"),
    (optimal_gd, dict(mu=0.0, L=1.0), ValueError, r"mu must satisfy mu > 0, got 0\.0"),
    (optimal_momentum, dict(mu=1.0, L=-3.0), ValueError, r"L must satisfy L > 0, got -3\.0"),
    (optimal_momentum, dict(mu="1", L=3.0), TypeError, "mu must be a real number"),
    (
        iterations_to_tolerance,
        dict(eigenvalues=[1.0, 0.0], eta=0.1),
        ValueError,
        r"eigenvalues must be finite and > 0; got .*0\.0",
    ),
    (
        iterations_to_tolerance,
        dict(eigenvalues=[[1.0, 2.0]], eta=0.1),
        ValueError,
        "eigenvalues must be 1-dimensional",
    ),
    (iterations_to_tolerance, dict(eigenvalues=[], eta=0.1), ValueError, "eigenvalues must not be empty"),
    (
        iterations_to_tolerance,
        dict(eigenvalues=[1.0], eta=0.1, beta=1.0),
        ValueError,
        "beta must satisfy 0 <= beta < 1, got 1.0",
    ),
    (
        iterations_to_tolerance,
        dict(eigenvalues=[1.0], eta=0.1, tol=1.0),
        ValueError,
        "tol must satisfy 0 < tol < 1, got 1.0",
    ),
    (
        iterations_to_tolerance,
        dict(eigenvalues=[1.0], eta=0.1, tol=0.0),
        ValueError,
        "tol must satisfy 0 < tol < 1",
    ),
    (
        iterations_to_tolerance,
        dict(eigenvalues=[1.0, 2.0], eta=0.1, x0=[1.0]),
        ValueError,
        r"x0 must have the shape of eigenvalues \(2,\), got \(1,\)",
    ),
    (
        iterations_to_tolerance,
        dict(eigenvalues=[1.0, 2.0], eta=0.1, x0=[0.0, 0.0]),
        ValueError,
        "x0 must be finite and not all zero",
    ),
    (
        iterations_to_tolerance,
        dict(eigenvalues=[1.0], eta=0.1, max_iter=0),
        ValueError,
        "max_iter must be an integer >= 1, got 0",
    ),
    (
        iterations_to_tolerance,
        dict(eigenvalues=[1.0], eta=0.1, max_iter=1.5),
        TypeError,
        "max_iter must be an integer",
    ),
    (
        run_quadratic,
        dict(Q=[[1.0, 2.0], [0.0, 1.0]], x0=[1.0, 1.0], eta=0.1),
        ValueError,
        "Q must be symmetric",
    ),
    (
        run_quadratic,
        dict(Q=np.ones((2, 3)), x0=[1.0, 1.0], eta=0.1),
        ValueError,
        r"Q must be a square matrix, got shape \(2, 3\)",
    ),
    (run_quadratic, dict(Q=[1.0, 2.0], x0=[1.0, 1.0], eta=0.1), ValueError, "Q must be 2-dimensional"),
    (
        run_quadratic,
        dict(Q=[[1.0, np.inf], [np.inf, 1.0]], x0=[1.0, 1.0], eta=0.1),
        ValueError,
        "Q must be finite",
    ),
    (
        run_quadratic,
        dict(Q=np.eye(2), x0=[1.0, 1.0, 1.0], eta=0.1),
        ValueError,
        r"x0 must have shape \(2,\) to match Q, got \(3,\)",
    ),
    (
        run_quadratic,
        dict(Q=np.eye(2), x0=[1.0, 1.0], eta=0.1, c=[1.0]),
        ValueError,
        r"c must have shape \(2,\)",
    ),
    (
        run_quadratic,
        dict(Q=np.eye(2), x0=[1.0, 1.0], eta=0.0),
        ValueError,
        r"eta must satisfy eta > 0, got 0\.0",
    ),
    (
        run_quadratic,
        dict(Q=np.eye(2), x0=[1.0, 1.0], eta=0.1, steps=-1),
        ValueError,
        "steps must be an integer >= 0, got -1",
    ),
]


@pytest.mark.parametrize(
    "fn, kwargs, error, pattern",
    ERROR_CASES,
    ids=[f"{case[0].__name__}-{i}" for i, case in enumerate(ERROR_CASES)],
)
def test_invalid_arguments_are_rejected(fn, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        fn(**kwargs)


def test_momentum_radius_is_exactly_one_without_curvature():
    """At eta*lambda = 0 the eigenvalues of R are exactly 1 and beta: nothing moves x."""
    betas = np.linspace(0.0, 0.99, 1000)
    assert np.all(momentum_spectral_radius(betas, 1.0, 0.0) == 1.0)
    roots = momentum_eigenvalues(betas, 1.0, 0.0)
    assert np.all(roots[:, 0] == 1.0) and np.allclose(roots[:, 1], betas, rtol=0, atol=1e-15)
