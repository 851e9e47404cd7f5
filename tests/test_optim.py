"""Tests of the built-in optimizers against the book's equations.

Most comparisons are exact: the reference loops below write each chapter's
update in the same floating-point order as the package, so the chapters can
rely on bit-identical loss curves between their from-scratch code and the
built-in optimizers.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
import pytest

from d2lmini.optim import (
    SGD,
    Adadelta,
    AdadeltaState,
    Adagrad,
    Adam,
    AdamState,
    AdamW,
    AMSGrad,
    NAdam,
    NAdamState,
    RMSProp,
    Yogi,
    YogiState,
    adadelta_init,
    adadelta_update,
    adagrad_init,
    adagrad_update,
    adam_init,
    adam_update,
    adamw_init,
    adamw_update,
    nadam_init,
    nadam_update,
    rmsprop_init,
    rmsprop_update,
    sgd_init,
    sgd_update,
    yogi_init,
    yogi_update,
)
from d2lmini.optim.adagrad import AdagradState
from d2lmini.optim.nadam import momentum_schedule
from d2lmini.optim.rmsprop import RMSPropState
from d2lmini.optim.sgd import SGDState

# ---------------------------------------------------------------------------
# The chapters' equations, written plainly: one step, on plain arrays.
# ---------------------------------------------------------------------------


def ref_sgd(x, st, g, t, *, lr, momentum, nesterov):
    v = momentum * st["velocity"] + g
    if nesterov:
        return x - lr * (g + momentum * v), {"velocity": v}
    return x - lr * v, {"velocity": v}


def ref_adagrad(x, st, g, t, *, lr, eps):
    # g * g rather than np.square: the module docstrings promise the same bits.
    s = st["s"] + g * g
    return x - lr * g / np.sqrt(s + eps), {"s": s}


def ref_rmsprop(x, st, g, t, *, lr, gamma, eps, momentum, centered):
    s = gamma * st["s"] + (1 - gamma) * g**2
    mean = gamma * st["mean"] + (1 - gamma) * g if centered else None
    root = np.sqrt(s - mean**2 + eps) if centered else np.sqrt(s + eps)
    velocity = momentum * st["velocity"] + g / root if momentum else None
    step = velocity if momentum else g / root
    return x - lr * step, {"s": s, "mean": mean, "velocity": velocity}


def ref_adadelta(x, st, g, t, *, lr, rho, eps):
    # Zeiler's Algorithm 1 in d2l's order, with PyTorch's lr multiplying the step.
    s = rho * st["s"] + (1 - rho) * g**2
    dx = np.sqrt(st["u"] + eps) / np.sqrt(s + eps) * g
    u = rho * st["u"] + (1 - rho) * dx * dx
    return x - lr * dx, {"s": s, "u": u}


def ref_nadam(x, st, g, t, *, lr, beta1, beta2, eps, momentum_decay):
    # PyTorch's NAdam, with its two parameter updates summed first.
    mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))
    mu_next = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))
    mu_product = st["mu_product"] * mu
    m = beta1 * st["m"] + (1 - beta1) * g
    v = beta2 * st["v"] + (1 - beta2) * g**2
    denom = np.sqrt(v / (1 - beta2**t)) + eps
    step = (
        lr * (1 - mu) / (1 - mu_product) * g / denom + lr * mu_next / (1 - mu_product * mu_next) * m / denom
    )
    return x - step, {"count": t, "mu_product": mu_product, "m": m, "v": v}


def ref_adam(x, st, g, t, *, lr, beta1, beta2, eps, weight_decay, amsgrad, bias_correction):
    if weight_decay:
        g = g + weight_decay * x
    m = beta1 * st["m"] + (1 - beta1) * g
    v = beta2 * st["v"] + (1 - beta2) * g**2
    v_max = np.maximum(st["v_max"], v) if amsgrad else None
    if bias_correction:
        m_hat = m / (1 - beta1**t)
        v_hat = (v_max if amsgrad else v) / (1 - beta2**t)
    else:
        m_hat, v_hat = m, (v_max if amsgrad else v)
    return x - lr * m_hat / (np.sqrt(v_hat) + eps), {"count": t, "m": m, "v": v, "v_max": v_max}


def ref_adamw(x, st, g, t, *, lr, beta1, beta2, eps, weight_decay, amsgrad, bias_correction):
    m = beta1 * st["m"] + (1 - beta1) * g
    v = beta2 * st["v"] + (1 - beta2) * g**2
    v_max = np.maximum(st["v_max"], v) if amsgrad else None
    if bias_correction:
        m_hat = m / (1 - beta1**t)
        v_hat = (v_max if amsgrad else v) / (1 - beta2**t)
    else:
        m_hat, v_hat = m, (v_max if amsgrad else v)
    x = x - lr * (m_hat / (np.sqrt(v_hat) + eps) + weight_decay * x)
    return x, {"count": t, "m": m, "v": v, "v_max": v_max}


def ref_yogi(x, st, g, t, *, lr, beta1, beta2, eps, bias_correction):
    m = beta1 * st["m"] + (1 - beta1) * g
    # The written-out form with the sign flipped: the module promises the same bits.
    v = st["v"] + (1 - beta2) * np.sign(g**2 - st["v"]) * g**2
    m_hat, v_hat = (m / (1 - beta1**t), v / (1 - beta2**t)) if bias_correction else (m, v)
    return x - lr * m_hat / (np.sqrt(v_hat) + eps), {"count": t, "m": m, "v": v}


def ref_start(cls, x, settings):
    """The zero start every chapter uses (AMSGrad's maximum starts at 0, as in PyTorch)."""
    zeros = np.zeros_like(x)
    if cls is SGD:
        return {"velocity": zeros}
    if cls is Adagrad:
        return {"s": zeros}
    if cls is RMSProp:
        mean = zeros if settings["centered"] else None
        return {"s": zeros, "mean": mean, "velocity": zeros if settings["momentum"] else None}
    if cls is Adadelta:
        return {"s": zeros, "u": zeros}
    if cls is NAdam:
        return {"count": 0, "mu_product": 1.0, "m": zeros, "v": zeros}
    if cls is Yogi:
        return {"count": 0, "m": zeros, "v": zeros}
    return {"count": 0, "m": zeros, "v": zeros, "v_max": zeros}


REFERENCE = {
    SGD: ref_sgd,
    Adagrad: ref_adagrad,
    RMSProp: ref_rmsprop,
    Adam: ref_adam,
    AMSGrad: ref_adam,
    AdamW: ref_adamw,
    Yogi: ref_yogi,
    Adadelta: ref_adadelta,
    NAdam: ref_nadam,
}

ADAM_DEFAULTS = dict(beta1=0.9, beta2=0.999, eps=1e-6, bias_correction=True)
BOOK_DEFAULTS: dict[type, dict[str, Any]] = {
    SGD: dict(momentum=0.0, nesterov=False),
    Adagrad: dict(eps=1e-6),
    RMSProp: dict(gamma=0.9, eps=1e-6, momentum=0.0, centered=False),
    Adam: dict(ADAM_DEFAULTS, weight_decay=0.0, amsgrad=False),
    AMSGrad: dict(ADAM_DEFAULTS, weight_decay=0.0, amsgrad=True),
    AdamW: dict(ADAM_DEFAULTS, weight_decay=0.01, amsgrad=False),
    Yogi: dict(ADAM_DEFAULTS),
    Adadelta: dict(lr=1.0, rho=0.9, eps=1e-5),
    NAdam: dict(beta1=0.9, beta2=0.999, eps=1e-6, momentum_decay=0.004),
}


# ---------------------------------------------------------------------------
# The table that feeds every generic test.
# ---------------------------------------------------------------------------


class Case(NamedTuple):
    cls: type
    settings: dict[str, Any]
    zero_grad_is_noop: bool = True
    # Distance to the minimizer allowed after the schedule of test_lands_on_minimizer.
    tol: float = 1e-6


CASES = [
    pytest.param(Case(SGD, {"lr": 0.1}), id="sgd"),
    pytest.param(Case(SGD, {"lr": 0.05, "momentum": 0.9}), id="momentum"),
    pytest.param(Case(SGD, {"lr": 0.05, "momentum": 0.9, "nesterov": True}), id="nesterov"),
    pytest.param(Case(Adagrad, {"lr": 0.4}), id="adagrad"),
    pytest.param(Case(RMSProp, {"lr": 0.01}), id="rmsprop"),
    pytest.param(Case(RMSProp, {"lr": 0.01, "gamma": 0.5, "eps": 1e-4}), id="rmsprop-gamma"),
    pytest.param(Case(RMSProp, {"lr": 0.01, "centered": True}), id="rmsprop-centered"),
    pytest.param(Case(RMSProp, {"lr": 0.01, "momentum": 0.9}), id="rmsprop-momentum"),
    pytest.param(
        Case(RMSProp, {"lr": 0.01, "gamma": 0.5, "momentum": 0.5, "centered": True}), id="rmsprop-both"
    ),
    pytest.param(Case(Adadelta, {}), id="adadelta"),
    pytest.param(Case(Adadelta, {"lr": 0.5, "rho": 0.95, "eps": 1e-4}), id="adadelta-settings"),
    pytest.param(Case(NAdam, {"lr": 0.1}), id="nadam"),
    pytest.param(Case(NAdam, {"lr": 0.05, "beta1": 0.5, "momentum_decay": 0.0}), id="nadam-settings"),
    pytest.param(Case(Adam, {"lr": 0.1}), id="adam"),
    # A short memory (beta2 = 0.9) leaves sign-like oscillations that only the rate decay damps.
    pytest.param(
        Case(Adam, {"lr": 0.05, "beta1": 0.5, "beta2": 0.9, "eps": 1e-8}, tol=1e-4), id="adam-betas"
    ),
    pytest.param(Case(Adam, {"lr": 0.1, "bias_correction": False}), id="adam-no-correction"),
    pytest.param(Case(Adam, {"lr": 0.1, "weight_decay": 0.1}, zero_grad_is_noop=False), id="adam-l2"),
    pytest.param(Case(Adam, {"lr": 0.1, "amsgrad": True}), id="adam-amsgrad"),
    pytest.param(Case(AMSGrad, {"lr": 0.1}), id="amsgrad"),
    pytest.param(Case(Yogi, {"lr": 0.1}), id="yogi"),
    # AdamW's decay is balanced by m_hat / sqrt(v_hat), and v_hat forgets the early large gradients only
    # over about 1 / (1 - beta2) = 1000 steps, so it approaches the minimizer slowly.
    pytest.param(
        Case(AdamW, {"lr": 0.1, "weight_decay": 1e-3}, zero_grad_is_noop=False, tol=1e-3), id="adamw"
    ),
]

SHAPES = [(3,), (2, 2)]


def seeded_problem(k: int, seed: int = 0) -> tuple[list[np.ndarray], list[list[np.ndarray]]]:
    """Start values and ``k`` gradients per parameter, coordinates spread over six orders of magnitude."""
    rng = np.random.default_rng(seed)
    x0 = [rng.standard_normal(shape) for shape in SHAPES]
    grads = [
        [rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 4, size=shape) for shape in SHAPES]
        for _ in range(k)
    ]
    return x0, grads


def full_settings(case: Case) -> dict[str, Any]:
    return {**BOOK_DEFAULTS[case.cls], **case.settings}


def assert_state_equal(state: NamedTuple, expected: dict[str, Any]) -> None:
    assert set(state._fields) == set(expected)
    for name, value in expected.items():
        got = getattr(state, name)
        if value is None or isinstance(value, (int, float)):
            assert got == value, name
        else:
            np.testing.assert_array_equal(got, value, err_msg=name, strict=True)


# ---------------------------------------------------------------------------
# Generic tests.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_defaults_and_repr(case: Case) -> None:
    opt = case.cls([np.zeros(2)], **case.settings)
    assert opt.settings == full_settings(case)
    assert (
        repr(opt) == f"{case.cls.__name__}(" + ", ".join(f"{k}={v!r}" for k, v in opt.settings.items()) + ")"
    )


@pytest.mark.parametrize("case", CASES)
def test_five_steps_match_the_equations_exactly(case: Case) -> None:
    k = 5
    x0, grads = seeded_problem(k)
    params = [x.copy() for x in x0]
    opt = case.cls(params, **case.settings)
    settings = full_settings(case)
    reference = REFERENCE[case.cls]
    xs = [x.copy() for x in x0]
    states = [ref_start(case.cls, x, settings) for x in x0]
    for t in range(1, k + 1):
        opt.step(grads[t - 1])
        for i in range(len(xs)):
            xs[i], states[i] = reference(xs[i], states[i], grads[t - 1][i], t, **settings)
    for i, param in enumerate(params):
        np.testing.assert_array_equal(param, xs[i], strict=True)
        assert_state_equal(opt.state[i], states[i])
    assert opt.steps_taken == k
    # The run must have moved every coordinate, or the comparison above proves little.
    assert all(np.all(p != x) for p, x in zip(params, x0, strict=True))


@pytest.mark.parametrize("case", CASES)
def test_class_equals_pure_functions(case: Case) -> None:
    x0, grads = seeded_problem(4, seed=1)
    params = [x.copy() for x in x0]
    opt = case.cls(params, **case.settings)
    xs = [x.copy() for x in x0]
    states = [case.cls.init(x) for x in xs]
    for g in grads:
        opt.step(g)
        for i in range(len(xs)):
            delta, states[i] = case.cls.update(g[i], states[i], xs[i], **opt.settings)
            xs[i] = xs[i] + delta
    for p, x in zip(params, xs, strict=True):
        np.testing.assert_array_equal(p, x)


@pytest.mark.parametrize("case", CASES)
def test_update_is_pure(case: Case) -> None:
    x0, grads = seeded_problem(2, seed=2)
    x, g = x0[1], grads[1][1]
    _, state = case.cls.update(grads[0][1], case.cls.init(x), x, **full_settings(case))
    copies = [np.copy(a) if isinstance(a, np.ndarray) else a for a in (x, g, *state)]
    case.cls.update(g, state, x, **full_settings(case))
    for before, after in zip(copies, (x, g, *state), strict=True):
        np.testing.assert_array_equal(before, after)


@pytest.mark.parametrize("case", CASES)
def test_zero_gradient(case: Case) -> None:
    x0, _ = seeded_problem(0, seed=3)
    params = [x.copy() for x in x0]
    opt = case.cls(params, **case.settings)
    for _ in range(3):
        opt.step([np.zeros_like(p) for p in params])
    for p, x, state in zip(params, x0, opt.state, strict=True):
        assert p.shape == x.shape and p.dtype == np.float64
        for field in state:
            if isinstance(field, np.ndarray):
                assert field.shape == x.shape
                assert np.all(np.isfinite(field))
        if case.zero_grad_is_noop:
            np.testing.assert_array_equal(p, x)
        else:
            # Weight decay acts without a gradient.
            assert np.all(p != x)
        delta, _ = case.cls.update(np.zeros_like(x), state, x, **opt.settings)
        assert delta.shape == x.shape


@pytest.mark.parametrize("case", CASES)
def test_lands_on_minimizer(case: Case) -> None:
    """f(x) = 0.1 (x1 - 1)^2 + 2 (x2 + 0.5)^2 from (-5, -2); the rate is divided by 10 twice."""
    h, c = np.array([0.2, 4.0]), np.array([1.0, -0.5])
    x = np.array([-5.0, -2.0])
    opt = case.cls([x], **case.settings)
    for step in range(3000):
        if step in (1000, 2000):
            opt.lr = opt.lr / 10
        opt.step([h * (x - c)])
    # Adam's L2 term moves the minimizer to that of f + weight_decay / 2 * |x|^2.
    l2 = case.settings.get("weight_decay", 0.0) if case.cls is Adam else 0.0
    target = h * c / (h + l2)
    assert np.max(np.abs(x - target)) <= case.tol


# ---------------------------------------------------------------------------
# One step from an injected state, against values worked out by hand.
# Every number below is exact in binary floating point, so the comparisons are exact.
# ---------------------------------------------------------------------------


def test_sgd_one_step_from_injected_state() -> None:
    state = SGDState(velocity=np.array([1.0]))
    # v = 0.5 * 1 + 2 = 2.5; momentum: -0.1 * 2.5; Nesterov: -0.1 * (2 + 0.5 * 2.5) = -0.325
    delta, new = sgd_update(np.array([2.0]), state, lr=0.5, momentum=0.5)
    assert new.velocity[0] == 2.5 and delta[0] == -1.25
    delta, new = sgd_update(np.array([2.0]), state, lr=0.5, momentum=0.5, nesterov=True)
    assert new.velocity[0] == 2.5 and delta[0] == -0.5 * 3.25


def test_adagrad_one_step_from_injected_state() -> None:
    # s = 7 + 3^2 = 16; sqrt(16 + 9) = 5; delta = -(0.5 * 3 / 5) = -0.3
    delta, new = adagrad_update(np.array([3.0]), AdagradState(s=np.array([7.0])), lr=0.5, eps=9.0)
    assert new.s[0] == 16.0 and delta[0] == -0.3


def test_rmsprop_one_step_from_injected_state() -> None:
    # s = 0.5 * 2 + 0.5 * 2^2 = 3; sqrt(3 + 1) = 2; delta = -(0.5 * 2 / 2) = -0.5
    delta, new = rmsprop_update(np.array([2.0]), RMSPropState(s=np.array([2.0])), lr=0.5, gamma=0.5, eps=1.0)
    assert new.s[0] == 3.0 and delta[0] == -0.5


HAND = dict(lr=0.5, beta1=0.5, beta2=0.5, eps=1.0)


def test_adam_one_step_from_injected_state() -> None:
    # t = 2: m = 0.5 * 0 + 0.5 * 3 = 1.5, m_hat = 1.5 / 0.75 = 2; v = 0.5 * 4.5 + 0.5 * 9 = 6.75,
    # v_hat = 6.75 / 0.75 = 9; delta = -(0.5 * 2 / (3 + 1)) = -0.25
    state = AdamState(count=1, m=np.array([0.0]), v=np.array([4.5]))
    delta, new = adam_update(np.array([3.0]), state, **HAND)
    assert (new.count, new.m[0], new.v[0], new.v_max) == (2, 1.5, 6.75, None)
    assert delta[0] == -0.25
    # L2: g = 2 + 0.5 * 2 = 3 gives the very same step.
    delta_l2, new_l2 = adam_update(np.array([2.0]), state, np.array([2.0]), weight_decay=0.5, **HAND)
    assert delta_l2[0] == -0.25 and new_l2.m[0] == 1.5


def test_amsgrad_one_step_from_injected_state() -> None:
    # v = 6.75 stays below v_max = 27; v_hat = 27 / 0.75 = 36; delta = -(0.5 * 2 / (6 + 1)) = -1/7
    state = AdamState(count=1, m=np.array([0.0]), v=np.array([4.5]), v_max=np.array([27.0]))
    delta, new = adam_update(np.array([3.0]), state, amsgrad=True, **HAND)
    assert new.v[0] == 6.75 and new.v_max[0] == 27.0
    assert delta[0] == -1 / 7


def test_yogi_one_step_from_injected_state() -> None:
    # v = 11.25 - 0.5 * sign(11.25 - 9) * 9 = 6.75 (Adam would give 0.5 * 11.25 + 4.5 = 10.125)
    state = YogiState(count=1, m=np.array([0.0]), v=np.array([11.25]))
    delta, new = yogi_update(np.array([3.0]), state, **HAND)
    assert (new.count, new.m[0], new.v[0]) == (2, 1.5, 6.75)
    assert delta[0] == -0.25


def test_adamw_one_step_from_injected_state() -> None:
    # Adam's direction 2 / (3 + 1) = 0.5, plus 0.25 * 2 = 0.5; delta = -(0.5 * 1.0) = -0.5
    state = AdamState(count=1, m=np.array([0.0]), v=np.array([4.5]))
    delta, _ = adamw_update(np.array([3.0]), state, np.array([2.0]), weight_decay=0.25, **HAND)
    assert delta[0] == -0.5


# ---------------------------------------------------------------------------
# Equivalences between variants.
# ---------------------------------------------------------------------------


def test_sgd_without_momentum_is_gradient_descent() -> None:
    x0, grads = seeded_problem(10, seed=4)
    params = [x.copy() for x in x0]
    opt = SGD(params, lr=0.3)
    xs = [x.copy() for x in x0]
    for g in grads:
        opt.step(g)
        xs = [x - 0.3 * gi for x, gi in zip(xs, g, strict=True)]
    for p, x in zip(params, xs, strict=True):
        np.testing.assert_array_equal(p, x)


def test_nesterov_equals_the_look_ahead_form() -> None:
    """The library form, x_t = x_{t-1} - eta (g(x_{t-1}) + beta v_t), tracks the look-ahead point.

    Step form (Sutskever et al. 2013): dw_{t+1} = beta dw_t - eta grad(w_t + beta dw_t),
    w_{t+1} = w_t + dw_{t+1}. With v = -dw / eta, the library's iterate is u_t = w_t + beta dw_t.
    """
    rng = np.random.default_rng(5)
    a = rng.standard_normal((4, 4))
    q = a @ a.T + np.eye(4)
    c = rng.standard_normal(4)

    def grad(x: np.ndarray) -> np.ndarray:
        return q @ (x - c)

    eta, beta = 0.02, 0.8
    u = np.ones(4)
    opt = SGD([u], lr=eta, momentum=beta, nesterov=True)
    w, dw = np.ones(4), np.zeros(4)
    for _ in range(30):
        opt.step([grad(u)])
        dw = beta * dw - eta * grad(w + beta * dw)
        w = w + dw
        np.testing.assert_allclose(u, w + beta * dw, rtol=1e-12, atol=1e-14)
    # Plain momentum follows a different path from the same start.
    x = np.ones(4)
    heavy = SGD([x], lr=eta, momentum=beta)
    for _ in range(30):
        heavy.step([grad(x)])
    assert np.max(np.abs(x - u)) > 1e-3


def test_adam_with_beta1_zero_is_rmsprop_with_eps_outside() -> None:
    """Adam(beta1=0) against RMSProp(gamma=beta2), on the same gradients.

    With beta1 = 0, m_t = 0 * m_{t-1} + 1 * g_t = g_t and m_hat = g_t / (1 - 0**t) = g_t exactly, and
    Adam's v_t is RMSProp's s_t by the same expression, so the states agree bit for bit. The steps
    then differ only in bias correction and in where eps sits:

        Adam:    -(lr * g_t / (sqrt(s_t / (1 - beta2**t)) + eps))
        RMSProp: -(lr * g_t / sqrt(s_t + eps))

    (a) Adam's step is exactly RMSProp's state put into Adam's denominator. (b) With
    bias_correction=False and eps = 1e-300, which no addition here can notice, both are
    -(lr * g_t / sqrt(s_t)), bit for bit. (c) With a realistic eps the two differ.
    """
    beta2, lr = 0.95, 0.01
    _, grads = seeded_problem(8, seed=6)
    g_seq = [g[0] for g in grads]
    adam_state, rms_state = adam_init(g_seq[0]), rmsprop_init(g_seq[0])
    tiny_adam, tiny_rms = adam_init(g_seq[0]), rmsprop_init(g_seq[0])
    for t, g in enumerate(g_seq, start=1):
        adam_delta, adam_state = adam_update(g, adam_state, lr=lr, beta1=0.0, beta2=beta2, eps=1e-6)
        rms_delta, rms_state = rmsprop_update(g, rms_state, lr=lr, gamma=beta2, eps=1e-6)
        np.testing.assert_array_equal(adam_state.m, g)
        np.testing.assert_array_equal(adam_state.v, rms_state.s)
        np.testing.assert_array_equal(adam_delta, -(lr * g / (np.sqrt(rms_state.s / (1 - beta2**t)) + 1e-6)))
        assert np.any(adam_delta != rms_delta)

        settings = dict(lr=lr, eps=1e-300)
        a, tiny_adam = adam_update(g, tiny_adam, beta1=0.0, beta2=beta2, bias_correction=False, **settings)
        r, tiny_rms = rmsprop_update(g, tiny_rms, gamma=beta2, **settings)
        np.testing.assert_array_equal(a, r)
        np.testing.assert_array_equal(r, -(lr * g / np.sqrt(tiny_rms.s)))


def test_amsgrad_class_equals_adam_flag() -> None:
    x0, grads = seeded_problem(6, seed=7)
    p1, p2 = [x.copy() for x in x0], [x.copy() for x in x0]
    a, b = AMSGrad(p1, lr=0.05), Adam(p2, lr=0.05, amsgrad=True)
    for g in grads:
        a.step(g)
        b.step(g)
    for u, v in zip(p1, p2, strict=True):
        np.testing.assert_array_equal(u, v)


def test_adamw_without_decay_is_adam_up_to_rounding() -> None:
    """Only the grouping differs: lr * (d + 0 * x) against lr * m_hat / (...)."""
    x0, grads = seeded_problem(6, seed=8)
    p1, p2 = [x.copy() for x in x0], [x.copy() for x in x0]
    a, b = AdamW(p1, lr=0.05, weight_decay=0.0), Adam(p2, lr=0.05)
    for g in grads:
        a.step(g)
        b.step(g)
    for u, v in zip(p1, p2, strict=True):
        np.testing.assert_allclose(u, v, rtol=1e-15, atol=1e-15)


def test_yogi_first_step_equals_adams() -> None:
    _, grads = seeded_problem(1, seed=9)
    g = grads[0][1]
    d_yogi, s_yogi = yogi_update(g, yogi_init(g), lr=0.1)
    d_adam, s_adam = adam_update(g, adam_init(g), lr=0.1)
    np.testing.assert_array_equal(d_yogi, d_adam)
    np.testing.assert_array_equal(s_yogi.v, s_adam.v)


def test_centred_rmsprop_with_zero_mean_is_rmsprop() -> None:
    """With gamma = 0.5 and an injected mean of -g, the new mean 0.5 (-g) + 0.5 g is exactly 0.

    The centred denominator sqrt(s - 0**2 + eps) is then RMSProp's, and the steps agree bit for bit.
    """
    _, grads = seeded_problem(1, seed=13)
    g = grads[0][1]
    s = np.abs(grads[0][1]) + 1.0
    settings = dict(lr=0.01, gamma=0.5, eps=1e-6)
    d_centred, st_centred = rmsprop_update(g, RMSPropState(s, mean=-g), centered=True, **settings)
    d_plain, st_plain = rmsprop_update(g, RMSPropState(s), **settings)
    assert not st_centred.mean.any()
    np.testing.assert_array_equal(st_centred.s, st_plain.s)
    np.testing.assert_array_equal(d_centred, d_plain)
    # A non-zero mean makes the centred step larger: the variance is below the second moment.
    d_other, _ = rmsprop_update(g, RMSPropState(s, mean=np.zeros_like(g)), centered=True, **settings)
    assert np.all(np.abs(d_other) > np.abs(d_plain))


def test_rmsprop_momentum_with_a_frozen_average_is_heavy_ball() -> None:
    """gamma = 1 keeps s = 0 and eps = 1 makes the root exactly 1: RMSProp(momentum) is SGD(momentum)."""
    x0, grads = seeded_problem(8, seed=14)
    p1, p2 = [x.copy() for x in x0], [x.copy() for x in x0]
    rms = RMSProp(p1, lr=0.05, gamma=1.0, eps=1.0, momentum=0.9)
    sgd = SGD(p2, lr=0.05, momentum=0.9)
    for g in grads:
        rms.step(g)
        sgd.step(g)
    for u, v in zip(p1, p2, strict=True):
        np.testing.assert_array_equal(u, v)


def test_rmsprop_options_off_keep_the_plain_state() -> None:
    x = np.ones(3)
    opt = RMSProp([x], lr=0.1)
    opt.step([np.full(3, 2.0)])
    assert opt.state[0].mean is None and opt.state[0].velocity is None


def test_adadelta_equals_d2ls_loop() -> None:
    """d2l 12.9 writes p -= g' with two separate roots; with lr = 1 the class gives the same bits."""
    x0, grads = seeded_problem(6, seed=15)
    params = [x.copy() for x in x0]
    opt = Adadelta(params)
    xs = [x.copy() for x in x0]
    states = [(np.zeros_like(x), np.zeros_like(x)) for x in x0]
    rho, eps = 0.9, 1e-5
    for g in grads:
        opt.step(g)
        for p, grad, (s, delta) in zip(xs, g, states, strict=True):
            s[:] = rho * s + (1 - rho) * np.square(grad)
            step = (np.sqrt(delta + eps) / np.sqrt(s + eps)) * grad
            p[:] -= step
            delta[:] = rho * delta + (1 - rho) * step * step
    for p, x, state, (s, delta) in zip(params, xs, opt.state, states, strict=True):
        np.testing.assert_array_equal(p, x)
        np.testing.assert_array_equal(state.s, s)
        np.testing.assert_array_equal(state.u, delta)


def test_adadelta_first_step_is_set_by_eps() -> None:
    """u_0 = 0: the first step is sqrt(eps) g / sqrt((1 - rho) g^2 + eps), about sqrt(eps / (1 - rho))."""
    g = np.array([1e3, 1.0, -10.0])
    delta, state = adadelta_update(g, adadelta_init(g), rho=0.9, eps=1e-5)
    np.testing.assert_allclose(-delta, np.sqrt(1e-5) * g / np.sqrt(0.1 * g**2 + 1e-5), rtol=1e-15)
    np.testing.assert_allclose(np.abs(delta), np.sqrt(1e-4), rtol=1e-3)
    # The step enters the second average: u = (1 - rho) * step**2.
    np.testing.assert_allclose(state.u, 0.1 * np.square(delta), rtol=1e-15)


def test_adadelta_is_invariant_to_the_scale_of_f_up_to_eps() -> None:
    """Zeiler's units argument: gradients c g leave the steps almost unchanged when c^2 g^2 >> eps."""
    x = np.array([3.0, -1.0])
    h = np.array([1.0, 0.1])
    paths = {}
    for c in (1.0, 1e3):
        y = x.copy()
        opt = Adadelta([y], eps=1e-12)
        for _ in range(100):
            opt.step([c * h * y])
        paths[c] = y
    np.testing.assert_allclose(paths[1.0], paths[1e3], rtol=1e-4)


def test_nadam_with_beta1_zero_is_adam_with_beta1_zero() -> None:
    """beta1 = 0 gives mu_t = 0: NAdam's step is lr * g / (sqrt(v_hat) + eps), as Adam's, bit for bit."""
    x0, grads = seeded_problem(8, seed=16)
    p1, p2 = [x.copy() for x in x0], [x.copy() for x in x0]
    nadam, adam = NAdam(p1, lr=0.05, beta1=0.0), Adam(p2, lr=0.05, beta1=0.0)
    for g in grads:
        nadam.step(g)
        adam.step(g)
    for u, v in zip(p1, p2, strict=True):
        np.testing.assert_array_equal(u, v)
    assert nadam.state[0].mu_product == 0.0


def test_nadam_matches_pytorchs_two_updates() -> None:
    """PyTorch applies the gradient part and the momentum part as two addcdiv calls: equal to rounding."""
    x0, grads = seeded_problem(10, seed=17)
    x = x0[0].copy()
    opt = NAdam([x], lr=0.01)
    y, m, v, mu_product = x0[0].copy(), np.zeros(3), np.zeros(3), 1.0
    beta1, beta2, eps, psi = 0.9, 0.999, 1e-6, 0.004
    for t, g in enumerate(grads, start=1):
        opt.step([g[0]])
        g = g[0]
        mu, mu_next = beta1 * (1 - 0.5 * 0.96 ** (t * psi)), beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi))
        mu_product *= mu
        m = m + (1 - beta1) * (g - m)
        v = beta2 * v + (1 - beta2) * g * g
        denom = np.sqrt(v / (1 - beta2**t)) + eps
        y = y - 0.01 * (1 - mu) / (1 - mu_product) * g / denom
        y = y - 0.01 * mu_next / (1 - mu_product * mu_next) * m / denom
    np.testing.assert_allclose(x, y, rtol=1e-13, atol=1e-13)


def test_nadam_momentum_schedule() -> None:
    """mu_t = beta1 (1 - 0.96**(t psi) / 2): beta1 / 2 at psi = 0, close to beta1 after many steps."""
    assert momentum_schedule(5, 0.9, 0.0) == 0.45
    assert momentum_schedule(1, 0.9, 0.004) == 0.9 * (1 - 0.5 * 0.96**0.004)
    mus = [momentum_schedule(t, 0.9, 0.004) for t in range(1, 10_001)]
    assert all(a < b for a, b in zip(mus, mus[1:]))
    # The schedule is slow: after 10,000 steps 0.96**40 = 0.195 still holds mu_t near 0.81.
    assert 0.45 < mus[0] < 0.451 and 0.81 < mus[-1] < 0.82
    state = nadam_init(np.zeros(2))
    for _ in range(3):
        _, state = nadam_update(np.ones(2), state, lr=0.1)
    assert state.mu_product == math.prod(momentum_schedule(t, 0.9, 0.004) for t in (1, 2, 3))
    assert isinstance(state, NAdamState) and state.count == 3


def test_adadelta_state_type() -> None:
    _, state = adadelta_update(np.ones(2), adadelta_init(np.ones(2)))
    assert isinstance(state, AdadeltaState)


# ---------------------------------------------------------------------------
# Properties the chapters state.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_adams_first_step_has_size_lr(scale: float) -> None:
    """m_hat = g and v_hat = g^2 (to a few ulps), so the step is lr * |g| / (|g| + eps).

    Its relative shortfall from lr is eps / (|g| + eps) < eps / |g|: at most 2e-3 for the
    smallest gradients here (|g| >= 5e-4, eps = 1e-6), below 2e-6 at scale 1.
    """
    rng = np.random.default_rng(10)
    g = scale * rng.uniform(0.5, 2.0, 1000) * rng.choice([-1.0, 1.0], 1000)
    lr, eps = 0.01, 1e-6
    delta, _ = adam_update(g, adam_init(g), lr=lr, eps=eps)
    size = np.abs(delta)
    assert np.all(np.sign(delta) == -np.sign(g))
    assert np.all(size <= lr * (1 + 1e-15))
    assert np.all(size >= lr * (1 - eps / np.abs(g)) * (1 - 1e-15))
    assert np.max(np.abs(size / lr - 1)) <= 2 * eps / scale


def test_amsgrad_keeps_v_max_monotone() -> None:
    """Ten large gradients, then forty small ones: v decays, v_max does not."""
    g_seq = [np.array([10.0, -3.0])] * 10 + [np.array([0.1, 0.2])] * 40
    x_ams, x_adam = np.zeros(2), np.zeros(2)
    ams, adam = AMSGrad([x_ams], lr=0.01), Adam([x_adam], lr=0.01)
    previous = np.zeros(2)
    for g in g_seq:
        ams.step([g])
        adam.step([g])
        state = ams.state[0]
        assert np.all(state.v_max >= previous)
        assert np.all(state.v_max >= state.v)
        previous = state.v_max
    assert np.all(state.v < 0.99 * state.v_max)
    # With the larger remembered v, AMSGrad's late steps are smaller than Adam's.
    d_ams, _ = adam_update(g_seq[-1], ams.state[0], lr=0.01, amsgrad=True)
    d_adam, _ = adam_update(g_seq[-1], adam.state[0], lr=0.01)
    assert np.all(np.abs(d_ams) < np.abs(d_adam))


def test_yogi_changes_v_additively() -> None:
    """|v_t - v_{t-1}| = (1 - beta2) g_t^2 for Yogi; Adam moves v by (1 - beta2) |g_t^2 - v_{t-1}|."""
    beta2 = 0.9
    rng = np.random.default_rng(11)
    g_seq = [rng.standard_normal(50) * scale for scale in (10.0, 10.0, 0.01, 0.01, 1.0, 0.0)]
    yogi_state, adam_state = yogi_init(g_seq[0]), adam_init(g_seq[0])
    adam_too_far = False
    for g in g_seq:
        old_yogi, old_adam = yogi_state.v, adam_state.v
        _, yogi_state = yogi_update(g, yogi_state, lr=0.1, beta2=beta2)
        _, adam_state = adam_update(g, adam_state, lr=0.1, beta2=beta2)
        bound = (1 - beta2) * g**2
        slack = 4 * np.spacing(np.maximum(old_yogi, yogi_state.v))
        np.testing.assert_array_less(np.abs(yogi_state.v - old_yogi), bound + slack)
        moved = old_yogi != g**2
        np.testing.assert_allclose(
            np.abs(yogi_state.v - old_yogi)[moved], bound[moved], rtol=0, atol=slack.max()
        )
        adam_too_far |= bool(np.any(np.abs(adam_state.v - old_adam) > 2 * bound + slack))
    # The last gradient is zero: Yogi keeps v, Adam shrinks it by beta2.
    np.testing.assert_array_equal(yogi_state.v, old_yogi)
    np.testing.assert_array_equal(adam_state.v, beta2 * old_adam)
    assert adam_too_far


def test_adamw_differs_from_adam_with_l2() -> None:
    """f = 5 (x1 - 1)^2 + 0.05 (x2 - 1)^2, lambda = 0.1 for both.

    L2 moves the minimizer to h c / (h + lambda) = (0.990, 0.5): the flat coordinate is halved.
    AdamW's decay goes past the division by sqrt(v_hat), so it pulls both coordinates alike and
    only a little: the normalized gradient term, of size up to 1, outweighs lambda * x.
    """
    h, c, lam = np.array([10.0, 0.1]), np.ones(2), 0.1
    ends = {}
    for cls in (Adam, AdamW):
        x = np.zeros(2)
        opt = cls([x], lr=0.05, weight_decay=lam)
        for step in range(3000):
            if step in (1000, 2000):
                opt.lr = opt.lr / 10
            opt.step([h * (x - c)])
        ends[cls] = x
    np.testing.assert_allclose(ends[Adam], h * c / (h + lam), rtol=1e-9)
    assert np.all(np.abs(ends[AdamW] - c) < 0.01)
    assert abs(ends[AdamW][0] - ends[AdamW][1]) < 1e-4
    assert ends[AdamW][1] - ends[Adam][1] > 0.4


def test_squares_are_bitwise_identical_on_arrays() -> None:
    """The modules write np.square(g); chapters may write g**2 or g * g on arrays."""
    rng = np.random.default_rng(12)
    g = rng.standard_normal(100_000) * 10.0 ** rng.integers(-150, 150, 100_000)
    a, b, c = np.square(g), g**2, g * g
    assert a.tobytes() == b.tobytes() == c.tobytes()


def test_learning_rate_can_follow_a_schedule() -> None:
    x = np.array([1.0, -2.0])
    opt = Adam([x], lr=0.1)
    opt.step([np.array([1.0, 1.0])])
    opt.lr = 0.01
    state, before = opt.state[0], x.copy()
    opt.step([np.array([1.0, 1.0])])
    delta, _ = adam_update(np.array([1.0, 1.0]), state, lr=0.01)
    np.testing.assert_array_equal(x, before + delta)


def test_adamw_checks_lr_times_weight_decay_on_reassignment() -> None:
    opt = AdamW([np.zeros(2)], lr=0.1, weight_decay=5.0)
    with pytest.raises(ValueError, match=r"lr \* weight_decay must be < 1.*lr=0\.2, weight_decay=5\.0"):
        opt.lr = 0.2
    assert opt.lr == 0.1
    opt.lr = 0.15
    assert opt.lr == 0.15


def test_pure_updates_that_need_the_parameter_say_so() -> None:
    with pytest.raises(ValueError, match="AdamW needs the parameter"):
        adamw_update(np.ones(2), adamw_init(np.ones(2)), lr=0.1)
    with pytest.raises(ValueError, match="Adam with weight_decay needs the parameter"):
        adam_update(np.ones(2), adam_init(np.ones(2)), lr=0.1, weight_decay=0.1)


def test_states_start_at_zero() -> None:
    x = np.ones((2, 3))
    assert sgd_init(x).velocity.shape == (2, 3) and not sgd_init(x).velocity.any()
    assert not adagrad_init(x).s.any() and not rmsprop_init(x).s.any()
    state = adam_init(x)
    assert state.count == 0 and not state.m.any() and not state.v.any() and state.v_max is None
    assert yogi_init(x).count == 0 and not yogi_init(x).v.any()
    assert not adadelta_init(x).s.any() and not adadelta_init(x).u.any()
    assert nadam_init(x).count == 0 and nadam_init(x).mu_product == 1.0 and not nadam_init(x).m.any()


# ---------------------------------------------------------------------------
# Errors: (class, keyword arguments, exception, message pattern naming the argument).
# ---------------------------------------------------------------------------

ERRORS = [
    (Adam, {"lr": -0.1}, ValueError, r"lr must satisfy lr >= 0, got -0\.1"),
    (SGD, {"lr": math.nan}, ValueError, r"lr must be finite"),
    (Adagrad, {"lr": "0.1"}, TypeError, r"lr must be a real number, got str"),
    (RMSProp, {}, TypeError, r"RMSProp is missing the hyperparameter 'lr'"),
    (Yogi, {"gamma": 0.9}, TypeError, r"Yogi got an unknown hyperparameter 'gamma'"),
    (Adam, {"lr": 0.1, "betas": (0.9, 0.99)}, TypeError, r"unknown hyperparameter 'betas'"),
    (Adagrad, {"lr": 0.1, "momentum": 0.9}, TypeError, r"unknown hyperparameter 'momentum'"),
    (SGD, {"lr": 0.1, "momentum": 1.0}, ValueError, r"momentum must satisfy 0 <= momentum < 1, got 1\.0"),
    (SGD, {"lr": 0.1, "momentum": -0.5}, ValueError, r"momentum must satisfy 0 <= momentum < 1"),
    (SGD, {"lr": 0.1, "nesterov": True}, ValueError, r"nesterov=True requires a momentum"),
    (RMSProp, {"lr": 0.1, "gamma": 1.5}, ValueError, r"gamma must satisfy 0 <= gamma <= 1, got 1\.5"),
    (RMSProp, {"lr": 0.1, "gamma": -0.1}, ValueError, r"gamma must satisfy 0 <= gamma <= 1"),
    (Adam, {"lr": 0.1, "beta1": 1.0}, ValueError, r"beta1 must satisfy 0 <= beta1 < 1, got 1\.0"),
    (Yogi, {"lr": 0.1, "beta2": 1.0}, ValueError, r"beta2 must satisfy 0 <= beta2 < 1, got 1\.0"),
    (AdamW, {"lr": 0.1, "beta2": -0.1}, ValueError, r"beta2 must satisfy 0 <= beta2 < 1"),
    (Adagrad, {"lr": 0.1, "eps": 0.0}, ValueError, r"eps must satisfy eps > 0, got 0\.0"),
    (RMSProp, {"lr": 0.1, "eps": -1e-8}, ValueError, r"eps must satisfy eps > 0"),
    (Adam, {"lr": 0.1, "eps": 0}, ValueError, r"eps must satisfy eps > 0"),
    (Yogi, {"lr": 0.1, "eps": 0.0}, ValueError, r"eps must satisfy eps > 0"),
    (Adam, {"lr": 0.1, "weight_decay": -0.01}, ValueError, r"weight_decay must satisfy weight_decay >= 0"),
    (Adam, {"lr": 0.1, "amsgrad": "yes"}, TypeError, r"amsgrad must be True or False, got 'yes'"),
    (Yogi, {"lr": 0.1, "bias_correction": 1}, TypeError, r"bias_correction must be True or False"),
    (AMSGrad, {"lr": 0.1, "amsgrad": False}, ValueError, r"AMSGrad: amsgrad must be True"),
    (AdamW, {"lr": 1.0, "weight_decay": 1.0}, ValueError, r"lr \* weight_decay must be < 1"),
    (RMSProp, {"lr": 0.1, "momentum": 1.0}, ValueError, r"momentum must satisfy 0 <= momentum < 1, got 1\.0"),
    (RMSProp, {"lr": 0.1, "centered": "yes"}, TypeError, r"centered must be True or False, got 'yes'"),
    (RMSProp, {"lr": 0.1, "nesterov": True}, TypeError, r"RMSProp got an unknown hyperparameter 'nesterov'"),
    (Adadelta, {"rho": 1.5}, ValueError, r"rho must satisfy 0 <= rho <= 1, got 1\.5"),
    (Adadelta, {"rho": -0.1}, ValueError, r"rho must satisfy 0 <= rho <= 1"),
    (Adadelta, {"eps": 0.0}, ValueError, r"eps must satisfy eps > 0, got 0\.0"),
    (Adadelta, {"lr": -1.0}, ValueError, r"lr must satisfy lr >= 0, got -1\.0"),
    (Adadelta, {"gamma": 0.9}, TypeError, r"Adadelta got an unknown hyperparameter 'gamma'"),
    (NAdam, {}, TypeError, r"NAdam is missing the hyperparameter 'lr'"),
    (NAdam, {"lr": 0.1, "beta1": 1.0}, ValueError, r"beta1 must satisfy 0 <= beta1 < 1, got 1\.0"),
    (
        NAdam,
        {"lr": 0.1, "momentum_decay": -0.004},
        ValueError,
        r"momentum_decay must satisfy momentum_decay >= 0",
    ),
    (NAdam, {"lr": 0.1, "eps": 0.0}, ValueError, r"eps must satisfy eps > 0"),
    (NAdam, {"lr": 0.1, "amsgrad": True}, TypeError, r"NAdam got an unknown hyperparameter 'amsgrad'"),
]


@pytest.mark.parametrize(("cls", "kwargs", "exc", "pattern"), ERRORS)
def test_bad_settings_are_rejected(cls: type, kwargs: dict[str, Any], exc: type, pattern: str) -> None:
    with pytest.raises(exc, match=pattern):
        cls([np.zeros(2)], **kwargs)


OPTIMIZERS = [SGD, Adagrad, RMSProp, Adam, AMSGrad, Yogi, AdamW, Adadelta, NAdam]

PARAM_ERRORS = [
    (np.zeros(3), TypeError, r"params must be a list of numpy arrays, got ndarray"),
    ([], ValueError, r"params must not be empty"),
    ([np.zeros(3, dtype=int)], TypeError, r"params\[0\] must be a float numpy array"),
    ([np.zeros(2), [1.0, 2.0]], TypeError, r"params\[1\] must be a float numpy array"),
]


@pytest.mark.parametrize("cls", OPTIMIZERS)
@pytest.mark.parametrize(("params", "exc", "pattern"), PARAM_ERRORS)
def test_bad_params_are_rejected(cls: type, params: Any, exc: type, pattern: str) -> None:
    with pytest.raises(exc, match=pattern):
        cls(params, lr=0.1)


STEP_ERRORS = [
    ([np.zeros(3)], ValueError, r"step got 1 gradients for 2 parameters"),
    ([np.zeros(3), np.zeros(4)], ValueError, r"grads\[1\] has shape \(4,\), its parameter \(2, 2\)"),
    (
        [np.zeros((3, 1)), np.zeros((2, 2))],
        ValueError,
        r"grads\[0\] has shape \(3, 1\), its parameter \(3,\)",
    ),
]


@pytest.mark.parametrize("cls", OPTIMIZERS)
@pytest.mark.parametrize(("grads", "exc", "pattern"), STEP_ERRORS)
def test_bad_grads_are_rejected(cls: type, grads: list[np.ndarray], exc: type, pattern: str) -> None:
    params = [np.ones(3), np.ones((2, 2))]
    opt = cls(params, lr=0.1)
    with pytest.raises(exc, match=pattern):
        opt.step(grads)
    # A rejected step leaves parameters, states and the step count untouched.
    assert opt.steps_taken == 0 and all(s is None for s in opt.state)
    assert all(np.all(p == 1.0) for p in params)


def test_lr_setter_validates() -> None:
    opt = RMSProp([np.zeros(2)], lr=0.1)
    with pytest.raises(ValueError, match=r"lr must satisfy lr >= 0, got -1\.0"):
        opt.lr = -1.0
    assert opt.lr == 0.1
