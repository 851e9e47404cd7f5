"""train_ch11 and train_concise_ch11: equal curves, known optima, timing budget, bad input."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from d2l_style import init_momentum_states, sgd_momentum

import d2lmini as d2l


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def data():
    return d2l.get_data_ch11(batch_size=10)


@pytest.mark.parametrize("lr, momentum", [(0.02, 0.5), (0.01, 0.9), (0.005, 0.9)])
def test_concise_sgd_reproduces_from_scratch_momentum_exactly(data, lr, momentum):
    data_iter, feature_dim = data
    hp = {"lr": lr, "momentum": momentum}
    scratch = d2l.train_ch11(
        sgd_momentum, init_momentum_states(feature_dim), hp, data_iter, feature_dim, plot=False
    )
    concise = d2l.train_concise_ch11(d2l.SGD, hp, data_iter, num_epochs=2, plot=False)
    assert len(scratch.losses) == 2 * 1500 // d2l.training.RECORD_EVERY
    assert np.array_equal(scratch.losses, concise.losses)
    np.testing.assert_allclose(scratch.epochs, np.arange(1, 16) * 200 / 1500)


def test_other_seed_gives_another_curve(data):
    data_iter, feature_dim = data
    hp = {"lr": 0.01, "momentum": 0.9}
    a = d2l.train_concise_ch11(d2l.SGD, hp, data_iter, num_epochs=1, plot=False)
    b = d2l.train_concise_ch11(d2l.SGD, hp, data_iter, num_epochs=1, plot=False, seed=1)
    assert not np.array_equal(a.losses, b.losses)


def test_first_step_matches_hand_computation(data):
    data_iter, feature_dim = data
    rng = np.random.default_rng(0)
    w = rng.normal(0, 0.01, size=(feature_dim, 1))
    X, y = next(data_iter.epoch(rng))
    err = X @ w - y.reshape(-1, 1)
    w1, b1 = w - 0.1 * (X.T @ err / len(y)), -0.1 * err.mean()
    recorded = []

    def record(params, grads, states, hyperparams):
        for p, g in zip(params, grads):
            p -= hyperparams["lr"] * g
        recorded.append((params[0].copy(), params[1].copy()))

    d2l.train_ch11(record, None, {"lr": 0.1}, data_iter, feature_dim, num_epochs=1, plot=False)
    np.testing.assert_allclose(recorded[0][0], w1, rtol=1e-14)
    np.testing.assert_allclose(recorded[0][1], [b1], rtol=1e-14)


def test_plain_sgd_reaches_the_least_squares_optimum(data):
    data_iter, feature_dim = data
    optimum = d2l.least_squares(data_iter.X, data_iter.y).loss
    hist = d2l.train_concise_ch11(
        d2l.SGD,
        {"lr": 0.01, "momentum": 0.9},
        data_iter,
        num_epochs=6,
        plot=False,
        lr_schedule=lambda epoch: 0.01 if epoch < 3 else 0.001,
    )
    assert optimum <= hist.losses.min()
    assert hist.losses[-1] - optimum < 0.002


def test_airfoil_run_ends_near_its_optimum(airfoil_path):
    data_iter, feature_dim = d2l.get_data_ch11(batch_size=10, n=1500, path=airfoil_path)
    optimum = d2l.least_squares(data_iter.X, data_iter.y).loss
    hist = d2l.train_ch11(
        sgd_momentum,
        init_momentum_states(feature_dim),
        {"lr": 0.005, "momentum": 0.9},
        data_iter,
        feature_dim,
        num_epochs=4,
        plot=False,
        lr_schedule=lambda epoch: 0.005 if epoch < 2 else 0.0005,
    )
    assert abs(hist.losses[-1] - optimum) < 0.01


def test_schedule_is_applied_per_epoch(data):
    data_iter, feature_dim = data
    seen = []

    def spy(params, grads, states, hyperparams):
        seen.append(hyperparams["lr"])

    d2l.train_ch11(
        spy,
        None,
        {"lr": 1.0},
        data_iter,
        feature_dim,
        num_epochs=3,
        plot=False,
        lr_schedule=lambda epoch: 0.1 * (epoch + 1),
    )
    assert seen == [0.1] * 150 + [0.2] * 150 + [0.30000000000000004] * 150


def test_printed_line_and_time_budget(data, capsys):
    data_iter, feature_dim = data
    hist = d2l.train_ch11(
        sgd_momentum,
        init_momentum_states(feature_dim),
        {"lr": 0.01, "momentum": 0.9},
        data_iter,
        feature_dim,
        num_epochs=2,
        plot=False,
    )
    line = capsys.readouterr().out.strip()
    loss_text, time_text = line.split(", ")
    assert loss_text == f"loss: {hist.losses[-1]:.3f}"
    assert time_text.endswith(" sec/epoch")
    assert np.all(np.diff(hist.times) >= 0)
    # Generous bound here (shared CI machine); tests/benchmark.py reports the 5 ms budget.
    assert float(time_text.split()[0]) < 0.05


def test_diverging_run_is_reported_and_plots(data, capsys):
    data_iter, feature_dim = data
    hist = d2l.train_concise_ch11(d2l.SGD, {"lr": 50.0}, data_iter, num_epochs=2)
    out = capsys.readouterr().out
    assert "diverged: the loss stopped being finite after" in out
    assert not np.isfinite(hist.losses[-1])
    ax = plt.gca()
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss"
    assert np.isfinite(ax.get_ylim()).all()
    ax.figure.canvas.draw()


def test_plot_shows_curve_and_optimum(data):
    data_iter, feature_dim = data
    d2l.train_concise_ch11(d2l.SGD, {"lr": 0.01}, data_iter, num_epochs=1)
    ax = plt.gca()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["loss", "least-squares optimum"]
    low, high = ax.get_ylim()
    assert low < d2l.least_squares(data_iter.X, data_iter.y).loss < high


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        (dict(trainer_fn="sgd"), TypeError, "trainer_fn must be callable"),
        (
            dict(hyperparams={"momentum": 0.9}),
            TypeError,
            r"trainer_fn looked up hyperparams\['lr'\], which is missing",
        ),
        (dict(hyperparams={"lr": 0.1, "momentun": 0.9}), TypeError, "unknown hyperparameter 'momentun'"),
        (dict(hyperparams={"lr": -0.1, "momentum": 0.9}), ValueError, "lr must satisfy lr >= 0, got -0.1"),
        (
            dict(hyperparams={"lr": 0.1, "momentum": 1.0}),
            ValueError,
            "momentum must satisfy 0 <= momentum < 1",
        ),
        (dict(hyperparams=[0.1]), TypeError, "hyperparams must be a dict"),
        (
            dict(hyperparams={"lr": 0.1}),
            TypeError,
            r"trainer_fn looked up hyperparams\['momentum'\], which is missing",
        ),
        (dict(num_epochs=0), ValueError, "num_epochs must be an integer >= 1, got 0"),
        (dict(feature_dim=4), ValueError, "feature_dim is 4 but the data has 5 features"),
        (dict(data_iter=[(1, 2)]), TypeError, "data_iter must be a DataLoader"),
        (dict(lr_schedule=0.1), TypeError, "lr_schedule must be callable"),
    ],
)
def test_train_ch11_rejects_bad_input(data, kwargs, error, pattern):
    data_iter, feature_dim = data
    args = dict(
        trainer_fn=sgd_momentum,
        states=init_momentum_states(feature_dim),
        hyperparams={"lr": 0.1, "momentum": 0.9},
        data_iter=data_iter,
        feature_dim=feature_dim,
        plot=False,
    )
    args.update(kwargs)
    with pytest.raises(error, match=pattern):
        d2l.train_ch11(**args)


@pytest.mark.parametrize(
    "optimizer, hyperparams, error, pattern",
    [
        (lambda params, lr: None, {"lr": 0.1}, TypeError, "optimizer must be a d2lmini optimizer class"),
        (d2l.SGD, {"momentum": 0.9}, TypeError, "SGD is missing the hyperparameter 'lr'"),
        (d2l.SGD, {"lr": 0.1, "beta": 0.9}, TypeError, "SGD got an unknown hyperparameter 'beta'"),
        (d2l.SGD, {"lr": -1}, ValueError, "lr must satisfy lr >= 0"),
        (
            d2l.SGD,
            {"lr": 0.1, "momentum": -0.1},
            ValueError,
            "momentum must satisfy 0 <= momentum < 1, got -0.1",
        ),
        (d2l.SGD, (0.1,), TypeError, "hyperparams must be a dict"),
    ],
)
def test_train_concise_rejects_bad_input(data, optimizer, hyperparams, error, pattern):
    with pytest.raises(error, match=pattern):
        d2l.train_concise_ch11(optimizer, hyperparams, data[0], plot=False)


def test_concise_rejects_bad_epochs(data):
    with pytest.raises(ValueError, match="num_epochs must be an integer >= 1"):
        d2l.train_concise_ch11(d2l.SGD, {"lr": 0.1}, data[0], num_epochs=0)


def test_verbose_false_prints_nothing(data, capsys):
    data_iter, feature_dim = data
    quiet = d2l.train_concise_ch11(d2l.SGD, {"lr": 0.01}, data_iter, num_epochs=1, plot=False, verbose=False)
    assert capsys.readouterr().out == ""
    loud = d2l.train_concise_ch11(d2l.SGD, {"lr": 0.01}, data_iter, num_epochs=1, plot=False)
    assert capsys.readouterr().out.startswith("loss: ")
    assert np.array_equal(quiet.losses, loud.losses)


def test_a_run_shorter_than_one_record_still_reports_its_loss(capsys):
    data_iter, _ = d2l.get_data_ch11(10, n=100)
    hist = d2l.train_concise_ch11(d2l.SGD, {"lr": 0.01}, data_iter, 1, plot=False)
    assert hist.epochs.tolist() == [1.0] and np.isfinite(hist.losses).all()
    assert capsys.readouterr().out.startswith(f"loss: {hist.losses[-1]:.3f}, ")


@pytest.mark.parametrize("trainer", ["scratch", "concise"])
def test_a_bad_schedule_is_rejected_by_both_trainers(data, trainer):
    data_iter, feature_dim = data
    with pytest.raises(ValueError, match=r"lr_schedule\(0\) returned -0.1.*lr must satisfy lr >= 0"):
        if trainer == "scratch":
            d2l.train_ch11(
                sgd_momentum,
                init_momentum_states(feature_dim),
                {"lr": 0.1, "momentum": 0.9},
                data_iter,
                feature_dim,
                plot=False,
                lr_schedule=lambda e: -0.1,
            )
        else:
            d2l.train_concise_ch11(d2l.SGD, {"lr": 0.1}, data_iter, plot=False, lr_schedule=lambda e: -0.1)


def test_a_failed_optimizer_step_changes_nothing():
    w = np.array([1.0, 2.0])
    opt = d2l.SGD([w], lr=0.1, momentum=0.9)
    opt.step([np.array([1.0, 1.0])])
    state, before = opt.state[0], w.copy()
    with pytest.raises(TypeError, match=r"grads\[0\] must be an array of real numbers"):
        opt.step([np.array([1j, 2j])])
    assert opt.steps_taken == 1 and opt.state[0] is state and np.array_equal(w, before)
