"""Code written for d2l (section 12.6 to 12.10) runs through train_ch11 unchanged.

Each trainer and state initializer (tests/d2l_style.py) is written the way d2l writes it, with only the
framework's array calls replaced by numpy and the gradient taken from ``grads`` instead of ``p.grad``.
Each run is compared with the built-in optimizer that implements the same equations: same seed, same
minibatches, so the loss curves must agree exactly.
The second half checks that a trainer which breaks the parameters stops the run at once.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from d2l_style import (
    adadelta,
    adagrad,
    adam,
    init_adadelta_states,
    init_adagrad_states,
    init_adam_states,
    init_momentum_states,
    init_rmsprop_states,
    rmsprop,
    sgd_momentum,
    yogi,
)

import d2lmini as d2l


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def data():
    return d2l.get_data_ch11(batch_size=10)


# d2l's settings for each run, and the built-in optimizer (by name) with the same equations.
CASES = {
    "momentum": (sgd_momentum, init_momentum_states, {"lr": 0.01, "momentum": 0.9}, "SGD", {}),
    "adagrad": (adagrad, init_adagrad_states, {"lr": 0.1}, "Adagrad", {"eps": 1e-6}),
    "rmsprop": (rmsprop, init_rmsprop_states, {"lr": 0.01, "gamma": 0.9}, "RMSProp", {"eps": 1e-6}),
    "adadelta": (adadelta, init_adadelta_states, {"rho": 0.9}, "Adadelta", {"lr": 1.0, "eps": 1e-5}),
    "adam": (adam, init_adam_states, {"lr": 0.01, "t": 1}, "Adam", {"eps": 1e-6}),
    "yogi": (yogi, init_adam_states, {"lr": 0.01, "t": 1}, "Yogi", {"eps": 1e-3}),
}


# d2l's Adadelta writes (1 - rho) * g * g, which rounds differently from the built-in's
# (1 - rho) * np.square(step) in the last bit; the curves then agree to rounding only.
LAST_BIT = {"adadelta"}


@pytest.mark.parametrize("name", list(CASES))
def test_d2l_trainer_matches_the_built_in_optimizer(data, name):
    trainer, init_states, hyperparams, builtin, extra = CASES[name]
    optimizer = getattr(d2l, builtin, None)
    if optimizer is None:
        pytest.skip(f"d2lmini.{builtin} does not exist yet; the from-scratch run is checked alone")
    data_iter, feature_dim = data
    settings = dict(hyperparams)
    scratch = d2l.train_ch11(
        trainer, init_states(feature_dim), settings, data_iter, feature_dim, plot=False, verbose=False
    )
    assert settings == hyperparams, "train_ch11 must hand the trainer a copy of hyperparams"
    built_in_settings = {k: v for k, v in hyperparams.items() if k != "t"} | extra
    concise = d2l.train_concise_ch11(
        optimizer, built_in_settings, data_iter, num_epochs=2, plot=False, verbose=False
    )
    assert len(scratch.losses) == 15
    if name in LAST_BIT:
        np.testing.assert_allclose(scratch.losses, concise.losses, rtol=1e-12, atol=0)
    else:
        np.testing.assert_array_equal(scratch.losses, concise.losses)
    # The run trains: the loss falls well below its start (about 1 for standardized targets).
    assert scratch.losses[-1] < 0.35


def test_d2l_adam_step_count_survives_a_schedule(data):
    """d2l's Adam increments hyperparams['t']; a schedule must not reset it every step."""
    data_iter, feature_dim = data
    seen = []

    def counting(params, grads, states, hyperparams):
        seen.append((hyperparams["t"], hyperparams["lr"]))
        adam(params, grads, states, hyperparams)

    d2l.train_ch11(
        counting,
        init_adam_states(feature_dim),
        {"lr": 0.01, "t": 1},
        data_iter,
        feature_dim,
        plot=False,
        verbose=False,
        lr_schedule=lambda epoch: 0.01 / (epoch + 1),
    )
    assert [t for t, _ in seen] == list(range(1, 301))
    assert {lr for _, lr in seen[:150]} == {0.01} and {lr for _, lr in seen[150:]} == {0.005}


# --------------------------------------------------------------------------- trainers that break params


def rebinding(params, grads, states, hyperparams):
    params[0] = params[0] - hyperparams["lr"] * grads[0]


def local_update_of_the_list(params, grads, states, hyperparams):
    params[:] = [p - hyperparams["lr"] * g for p, g in zip(params, grads)]


def reshaping(params, grads, states, hyperparams):
    params[0].shape = (-1,)


def shrinking_list(params, grads, states, hyperparams):
    params.pop()


def nan_on_first_step(params, grads, states, hyperparams):
    for p, g, s in zip(params, grads, states):
        p[:] -= hyperparams["lr"] * g / np.sqrt(s)  # s is still 0: division by zero


def old_flat_states(params, grads, states, hyperparams):
    for p, g, v in zip(params, grads, states):
        v[:] = hyperparams["momentum"] * v + g
        p[:] -= hyperparams["lr"] * v


@pytest.mark.parametrize(
    "trainer, states, pattern",
    [
        (rebinding, None, r"replaced params\[0\] by a new array instead of updating it in place"),
        (local_update_of_the_list, None, r"replaced params\[0\] by a new array"),
        (reshaping, None, r"changed params\[0\] to shape \(5,\)"),
        (shrinking_list, None, "changed the length of params to 1"),
        (nan_on_first_step, [np.zeros((5, 1)), np.zeros(1)], r"after the first step params\[0\] holds"),
        (old_flat_states, [np.zeros(5), np.zeros(1)], r"trainer_fn failed on the first step.*w \(5, 1\)"),
    ],
)
def test_a_trainer_that_breaks_the_parameters_stops_the_run_at_once(data, trainer, states, pattern):
    data_iter, feature_dim = data
    calls = []

    def counted(*args):
        calls.append(1)
        trainer(*args)

    with np.errstate(divide="ignore", invalid="ignore"), pytest.raises(ValueError, match=pattern):
        d2l.train_ch11(
            counted, states, {"lr": 0.1, "momentum": 0.9}, data_iter, feature_dim, plot=False, verbose=False
        )
    assert len(calls) == 1


def test_the_flat_state_error_names_the_states_shapes(data):
    data_iter, feature_dim = data
    with pytest.raises(ValueError, match=r"the states given have shapes \[\(5,\), \(1,\)\]"):
        d2l.train_ch11(
            old_flat_states,
            [np.zeros(5), np.zeros(1)],
            {"lr": 0.1, "momentum": 0.9},
            data_iter,
            feature_dim,
            plot=False,
        )
