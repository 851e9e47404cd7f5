"""Linear regression trained by minibatch optimizers: the practical experiments."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
from matplotlib.axes import Axes

from ._validate import check_callable, check_hyperparams, check_int
from .data import DataLoader, least_squares
from .optim.base import Optimizer
from .plotting import plot
from .timer import Timer

RECORD_EVERY = 200
"""The full-data loss is recorded each time this many more examples have been seen."""


class TrainHistory(NamedTuple):
    """What a training run returns."""

    times: np.ndarray
    """Cumulative training time in seconds at each record (evaluation excluded)."""
    losses: np.ndarray
    """Full-data loss at each record."""
    epochs: np.ndarray
    """Epochs elapsed at each record."""


def init_params(feature_dim: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Weights ``w ~ N(0, 0.01**2)`` of shape ``(feature_dim, 1)`` and a bias ``b = 0`` of shape ``(1,)``.

    These are d2l's shapes, so optimizers written for d2l (``np.zeros((feature_dim, 1))`` states updated
    in place) run unchanged.
    """
    return [rng.normal(0.0, 0.01, size=(feature_dim, 1)), np.zeros(1)]


def linreg(X: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The linear model ``X @ w + b``."""
    return X @ w + b


def squared_loss(y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Half the squared error of each example."""
    return (y_hat - y) ** 2 / 2


def linreg_grads(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
    """Gradients of the mean of :func:`squared_loss` with respect to ``w`` (shape ``(d, 1)``) and ``b``."""
    err = linreg(X, w, b) - y.reshape(-1, 1)
    return [X.T @ err / len(y), np.array([err.mean()])]


def evaluate_loss(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: np.ndarray) -> float:
    """Mean of :func:`squared_loss` over ``(X, y)``; ``w`` has shape ``(d, 1)``."""
    return float(np.mean(squared_loss(linreg(X, w, b), y.reshape(-1, 1))))


def train_ch11(
    trainer_fn: Callable[[list, list, Any, Mapping], None],
    states: Any,
    hyperparams: Mapping[str, float],
    data_iter: DataLoader,
    feature_dim: int,
    num_epochs: int = 2,
    *,
    seed: int = 0,
    lr_schedule: Callable[[int], float] | None = None,
    ylim: Sequence[float] | None = None,
    plot: bool = True,
    verbose: bool = True,
) -> TrainHistory:
    """Train linear regression with an optimizer written from scratch.

    Parameters
    ----------
    trainer_fn : callable
        ``trainer_fn(params, grads, states, hyperparams)`` updates the arrays
        in ``params = [w, b]`` (and its ``states``) in place.
    states : any
        The optimizer state handed to ``trainer_fn``.
    hyperparams : dict
        The settings, ``{'lr': ...}`` at least; names from the book's table
        (``lr``, ``momentum``, ``gamma``, ``beta1``, ``beta2``, ``eps``,
        ``weight_decay``), checked against their ranges.
    data_iter : DataLoader
        From :func:`get_data_ch11`.
    feature_dim : int
        Number of features.
    num_epochs : int
        Passes over the data, at least 1.
    seed : int
        Seeds the initial weights and the minibatch order.
    lr_schedule : callable, optional
        ``lr_schedule(epoch)`` gives the learning rate of each epoch (from 0),
        replacing ``hyperparams['lr']``.
    ylim : (float, float), optional
        Loss-axis limits; by default they cover the curve and the optimum.
    plot : bool
        Draw the loss curve.
    verbose : bool
        Print the final loss and the time per epoch.

    Returns
    -------
    TrainHistory
        Cumulative times, recorded losses and their epochs.

    Notes
    -----
    Prints ``loss: {last:.3f}, {t:.3f} sec/epoch``. A run whose loss stops
    being finite ends early and says so.
    """
    check_callable("trainer_fn", trainer_fn)
    hyperparams = check_hyperparams(hyperparams)
    _check_run(data_iter, feature_dim, num_epochs, lr_schedule)
    rng = np.random.default_rng(seed)
    params = init_params(feature_dim, rng)

    def step(grads: list[np.ndarray], lr: float) -> None:
        settings = hyperparams if lr_schedule is None else {**hyperparams, "lr": lr}
        try:
            trainer_fn(params, grads, states, settings)
        except KeyError as exc:
            raise TypeError(
                f"trainer_fn looked up hyperparams[{exc.args[0]!r}], which is missing; "
                f"hyperparams has {sorted(hyperparams)}"
            ) from None

    return _run(params, step, hyperparams["lr"], data_iter, num_epochs, rng, lr_schedule, ylim, plot, verbose)


def train_concise_ch11(
    optimizer: type[Optimizer],
    hyperparams: Mapping[str, Any],
    data_iter: DataLoader,
    num_epochs: int = 4,
    *,
    seed: int = 0,
    lr_schedule: Callable[[int], float] | None = None,
    ylim: Sequence[float] | None = None,
    plot: bool = True,
    verbose: bool = True,
) -> TrainHistory:
    """Train the same model with a built-in optimizer of :mod:`d2lmini.optim`.

    Parameters
    ----------
    optimizer : type
        An optimizer class such as :class:`d2lmini.SGD`; it is built as
        ``optimizer([w, b], **hyperparams)``.
    hyperparams : dict
        Its settings, for example ``{'lr': 0.01, 'momentum': 0.9}``.
    data_iter, num_epochs, seed, lr_schedule, ylim, plot, verbose
        As in :func:`train_ch11`; the same seed gives the same initial weights
        and minibatches, so equal update rules give equal loss curves.

    Returns
    -------
    TrainHistory
    """
    if not (isinstance(optimizer, type) and issubclass(optimizer, Optimizer)):
        raise TypeError(f"optimizer must be a d2lmini optimizer class such as d2lmini.SGD, got {optimizer!r}")
    if not isinstance(hyperparams, Mapping):
        raise TypeError(
            f"hyperparams must be a dict such as {{'lr': 0.01}}, got {type(hyperparams).__name__}"
        )
    feature_dim = data_iter.X.shape[1] if isinstance(data_iter, DataLoader) else 0
    _check_run(data_iter, feature_dim, num_epochs, lr_schedule)
    rng = np.random.default_rng(seed)
    params = init_params(feature_dim, rng)
    opt = optimizer(params, **hyperparams)

    def step(grads: list[np.ndarray], lr: float) -> None:
        if lr_schedule is not None:
            opt.lr = lr
        opt.step(grads)

    return _run(params, step, opt.lr, data_iter, num_epochs, rng, lr_schedule, ylim, plot, verbose)


def _check_run(data_iter: Any, feature_dim: Any, num_epochs: Any, lr_schedule: Any) -> None:
    if not isinstance(data_iter, DataLoader):
        raise TypeError(f"data_iter must be a DataLoader from get_data_ch11, got {type(data_iter).__name__}")
    feature_dim = check_int("feature_dim", feature_dim, minimum=1)
    if feature_dim != data_iter.X.shape[1]:
        raise ValueError(f"feature_dim is {feature_dim} but the data has {data_iter.X.shape[1]} features")
    check_int("num_epochs", num_epochs, minimum=1)
    if lr_schedule is not None:
        check_callable("lr_schedule", lr_schedule)


def _run(
    params: list[np.ndarray],
    step: Callable[[list[np.ndarray], float], None],
    lr: float,
    data_iter: DataLoader,
    num_epochs: int,
    rng: np.random.Generator,
    lr_schedule: Callable[[int], float] | None,
    ylim: Sequence[float] | None,
    plot: bool,
    verbose: bool,
) -> TrainHistory:
    """The training loop shared by both trainers."""
    X_all, y_all = data_iter.X, data_iter.y
    w, b = params
    n = data_iter.num_examples
    timer = Timer()
    times, losses, epochs = [], [], []
    seen = 0
    diverged = False
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(num_epochs):
            if lr_schedule is not None:
                lr = float(lr_schedule(epoch))
            timer.start()
            for X, y in data_iter.epoch(rng):
                step(linreg_grads(X, y, w, b), lr)
                before, seen = seen, seen + len(y)
                if seen // RECORD_EVERY > before // RECORD_EVERY:
                    timer.stop()
                    losses.append(evaluate_loss(X_all, y_all, w, b))
                    times.append(timer.sum())
                    epochs.append(seen / n)
                    if not np.isfinite(losses[-1]):
                        diverged = True
                        break
                    timer.start()
            else:
                timer.stop()
                continue
            break
    if verbose:
        print(f"loss: {losses[-1]:.3f}, {timer.sum() / (seen / n):.3f} sec/epoch")
        if diverged:
            print(
                f"diverged: the loss stopped being finite after {epochs[-1]:.2f} epochs; "
                "try a smaller learning rate"
            )
    history = TrainHistory(np.array(times), np.array(losses), np.array(epochs))
    if plot:
        plot_losses(history, least_squares(X_all, y_all).loss, num_epochs, ylim)
    return history


def plot_losses(
    history: TrainHistory, optimum: float | None, num_epochs: float, ylim: Sequence[float] | None = None
) -> Axes:
    """Draw a loss curve with the least-squares optimum as a dashed line.

    The loss axis covers the finite losses and the optimum unless ``ylim``
    is given, so a diverging run still gives a readable plot.
    """
    finite = history.losses[np.isfinite(history.losses)]
    if ylim is None:
        values = np.append(finite, [] if optimum is None else [optimum])
        values = values if values.size else np.array([0.0, 1.0])
        span = max(values.max() - values.min(), 1e-3)
        ylim = (values.min() - 0.05 * span, values.max() + 0.05 * span)
    axes = plot(
        history.epochs, history.losses, xlabel="epoch", ylabel="loss", xlim=[0, num_epochs], ylim=ylim
    )
    if optimum is not None:
        axes.axhline(optimum, color="gray", linestyle="--", linewidth=1)
        axes.legend(["loss", "least-squares optimum"], fontsize=8)
    return axes
