"""Linear regression trained by minibatch optimizers: the practical experiments."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
from matplotlib.axes import Axes

from ._validate import check_array, check_callable, check_hyperparameter, check_hyperparams, check_int
from .data import DataLoader, least_squares
from .optim.base import Optimizer
from .plotting import check_limits, plot
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
    """The linear model ``X @ w + b``.

    Parameters
    ----------
    X : numpy.ndarray, shape (n, d)
    w : numpy.ndarray, shape (d, 1) or (d,)
    b : numpy.ndarray or float, shape (1,) or ()

    Returns
    -------
    numpy.ndarray
        Shape ``(n, 1)`` for a column ``w``, ``(n,)`` for a flat one.
    """
    X, w, b = _check_model("linreg", X, w, b)
    return _linreg(X, w, b)


def squared_loss(y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Half the squared error of each example, ``(y_hat - y)**2 / 2``.

    ``y`` is reshaped to ``y_hat``'s shape, as d2l does, so a column of
    predictions and a flat target give one loss per example.
    """
    y_hat = check_array("y_hat", y_hat)
    y = check_array("y", y)
    if y.size != y_hat.size:
        raise ValueError(f"y must hold one target per prediction: y_hat {y_hat.shape}, y {y.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        return _squared_loss(y_hat, y.reshape(y_hat.shape))


def _linreg(X: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    return X @ w + b


def _squared_loss(y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
    return (y_hat - y) ** 2 / 2


def _check_model(who: str, X: Any, w: Any, b: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X = check_array("X", X, ndim=2)
    w = check_array("w", w)
    b = check_array("b", b)
    if w.ndim not in (1, 2) or w.shape[0] != X.shape[1] or (w.ndim == 2 and w.shape[1] != 1):
        raise ValueError(
            f"{who}: w must have shape ({X.shape[1]}, 1) or ({X.shape[1]},) to match X {X.shape}, "
            f"got {w.shape}"
        )
    if b.size != 1 or b.ndim > 1:
        raise ValueError(f"{who}: b must be one number, shape (1,) or (), got shape {b.shape}")
    return X, w, b


def linreg_grads(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
    """Gradients of the mean of :func:`squared_loss` with respect to ``w`` (shape ``(d, 1)``) and ``b``."""
    err = _linreg(X, w, b) - y.reshape(-1, 1)
    return [X.T @ err / len(y), np.array([err.mean()])]


def evaluate_loss(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: np.ndarray) -> float:
    """Mean of :func:`squared_loss` over ``(X, y)``; ``w`` has shape ``(d, 1)`` (or ``(d,)``).

    A loss beyond the float range comes back as ``inf``, as for a diverged run.
    """
    X, w, b = _check_model("evaluate_loss", X, w, b)
    y = check_array("y", y)
    if y.size != X.shape[0]:
        raise ValueError(f"y must hold one target per row of X: X {X.shape}, y {y.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        return _evaluate_loss(X, y, w.reshape(-1, 1), b.reshape(1))


def _evaluate_loss(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(_squared_loss(_linreg(X, w, b), y.reshape(-1, 1))))


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
        in ``params = [w, b]`` (and its ``states``) in place; ``w`` has shape
        ``(feature_dim, 1)`` and ``b`` shape ``(1,)``, as in d2l, and each
        gradient has its parameter's shape.
    states : any
        The optimizer state handed to ``trainer_fn``, for example
        ``[np.zeros((feature_dim, 1)), np.zeros(1)]``.
    hyperparams : dict
        The settings handed to ``trainer_fn``; names from the book's table
        (``lr``, ``momentum``, ``gamma``, ``beta1``, ``beta2``, ``eps``,
        ``weight_decay``, ``rho``, and d2l's step count ``t``), checked
        against their ranges. ``trainer_fn`` gets a copy, which it may
        update (d2l's Adam increments ``hyperparams['t']``).
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
        replacing ``hyperparams['lr']``; it must return a number ``>= 0``.
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

    Raises
    ------
    ValueError
        As soon as ``trainer_fn`` breaks the parameters: it replaced
        ``params[i]`` by a new array (``params[0] = ...`` instead of an
        in-place ``params[0][:] = ...``, which would train nothing), changed
        a shape or dtype, or left a value that is not finite after the first
        step.

    Notes
    -----
    Prints ``loss: {last:.3f}, {t:.3f} sec/epoch``. A run whose loss stops
    being finite ends early and says so.
    """
    check_callable("trainer_fn", trainer_fn)
    # No name is required: d2l's Adadelta trainer reads only {'rho': 0.9}; a missing name the
    # trainer looks up is reported when it does.
    hyperparams = check_hyperparams(hyperparams, required=())
    _check_run(data_iter, feature_dim, num_epochs, seed, lr_schedule, ylim, plot, verbose)
    rng = np.random.default_rng(seed)
    params = init_params(feature_dim, rng)
    guard = _ParamGuard(params, states)
    # One dict for the whole run, so that a trainer may keep a count in it (d2l's hyperparams['t']).
    settings = dict(hyperparams)

    def step(grads: list[np.ndarray], lr: float | None) -> None:
        if lr_schedule is not None:
            settings["lr"] = lr
        try:
            trainer_fn(params, grads, states, settings)
        except KeyError as exc:
            raise TypeError(
                f"trainer_fn looked up hyperparams[{exc.args[0]!r}], which is missing; "
                f"hyperparams has {sorted(settings)}"
            ) from None
        except ValueError as exc:
            if guard.first and ("broadcast" in str(exc) or "shape" in str(exc)):
                raise ValueError(f"trainer_fn failed on the first step: {exc}. {guard.shapes()}") from exc
            raise
        guard.check()

    return _run(
        params, step, hyperparams.get("lr"), data_iter, num_epochs, rng, lr_schedule, ylim, plot, verbose
    )


class _ParamGuard:
    """Stops a run at once when a from-scratch trainer breaks the parameters.

    The checks are identity and attribute comparisons after every step (and
    one finiteness check after the first), a few hundred nanoseconds each.
    """

    def __init__(self, params: list[np.ndarray], states: Any) -> None:
        self.params = params
        self.originals = tuple(params)
        self.shapes_dtypes = tuple((p.shape, p.dtype) for p in params)
        self.states = states
        self.first = True

    def shapes(self) -> str:
        w, b = self.originals
        text = (
            f"train_ch11's parameters have d2l's shapes, w {w.shape} and b {b.shape}, and each gradient "
            "has its parameter's shape; states are usually [np.zeros((feature_dim, 1)), np.zeros(1)]"
        )
        found = _array_shapes(self.states)
        return text + (f"; the states given have shapes {found}" if found else "")

    def check(self) -> None:
        params = self.params
        if len(params) != 2 or params[0] is not self.originals[0] or params[1] is not self.originals[1]:
            self._rebound()
        for i, (p, (shape, dtype)) in enumerate(zip(params, self.shapes_dtypes)):
            if p.shape != shape or p.dtype != dtype:
                raise ValueError(
                    f"trainer_fn changed params[{i}] to shape {p.shape} and dtype {p.dtype}; it must keep "
                    f"shape {shape} and dtype {dtype}. {self.shapes()}"
                )
        if self.first:
            self.first = False
            for i, p in enumerate(params):
                if not np.all(np.isfinite(p)):
                    raise ValueError(
                        f"after the first step params[{i}] holds values that are not finite "
                        f"({p.ravel()[~np.isfinite(p.ravel())][0]}); check the update in trainer_fn "
                        "(a division by a zero state, a wrong sign or a huge learning rate)"
                    )

    def _rebound(self) -> None:
        if len(self.params) != 2:
            raise ValueError(
                f"trainer_fn changed the length of params to {len(self.params)}; it holds [w, b] and "
                "each must be updated in place"
            )
        i = 0 if self.params[0] is not self.originals[0] else 1
        raise ValueError(
            f"trainer_fn replaced params[{i}] by a new array instead of updating it in place, so the "
            f"model would never change; write params[{i}][:] = ... or p[:] -= lr * g (or p -= lr * g) "
            "inside the loop over zip(params, grads)"
        )


def _array_shapes(states: Any, depth: int = 0) -> list:
    """The shapes of the arrays in a nested list/tuple/dict of states (for error messages)."""
    if isinstance(states, np.ndarray):
        return [states.shape]
    if depth > 3:
        return []
    if isinstance(states, Mapping):
        states = list(states.values())
    if isinstance(states, (list, tuple)):
        return [s for item in states for s in _array_shapes(item, depth + 1)]
    return []


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
    if not (isinstance(optimizer, type) and issubclass(optimizer, Optimizer)) or optimizer is Optimizer:
        raise TypeError(f"optimizer must be a d2lmini optimizer class such as d2lmini.SGD, got {optimizer!r}")
    if not isinstance(hyperparams, Mapping):
        raise TypeError(
            f"hyperparams must be a dict such as {{'lr': 0.01}}, got {type(hyperparams).__name__}"
        )
    if not all(isinstance(key, str) for key in hyperparams):
        raise TypeError(f"hyperparams keys must be strings such as 'lr', got {list(hyperparams)!r:.80}")
    feature_dim = data_iter.X.shape[1] if isinstance(data_iter, DataLoader) else 0
    _check_run(data_iter, feature_dim, num_epochs, seed, lr_schedule, ylim, plot, verbose)
    rng = np.random.default_rng(seed)
    params = init_params(feature_dim, rng)
    opt = optimizer(params, **hyperparams)

    def step(grads: list[np.ndarray], lr: float | None) -> None:
        if lr_schedule is not None:
            opt.lr = lr
        opt.step(grads)

    return _run(params, step, opt.lr, data_iter, num_epochs, rng, lr_schedule, ylim, plot, verbose)


def _check_run(
    data_iter: Any,
    feature_dim: Any,
    num_epochs: Any,
    seed: Any,
    lr_schedule: Any,
    ylim: Any,
    plot: Any,
    verbose: Any,
) -> None:
    if not isinstance(data_iter, DataLoader):
        raise TypeError(f"data_iter must be a DataLoader from get_data_ch11, got {type(data_iter).__name__}")
    feature_dim = check_int("feature_dim", feature_dim, minimum=1)
    if feature_dim != data_iter.X.shape[1]:
        raise ValueError(f"feature_dim is {feature_dim} but the data has {data_iter.X.shape[1]} features")
    check_int("num_epochs", num_epochs, minimum=1, maximum=MAX_EPOCHS)
    check_int("seed", seed, minimum=0)
    if lr_schedule is not None:
        check_callable("lr_schedule", lr_schedule)
    if ylim is not None:
        check_limits("ylim", ylim)
    for name, flag in (("plot", plot), ("verbose", verbose)):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False, got {flag!r:.60}")


MAX_EPOCHS = 10_000
"""The most epochs one call may run (a typo such as 10**9 would otherwise run for days)."""


def _scheduled_lr(lr_schedule: Callable[[int], float], epoch: int) -> float:
    value = lr_schedule(epoch)
    try:
        return check_hyperparameter("lr", value)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"lr_schedule({epoch}) returned {value!r:.60}, not a learning rate: {exc}") from None


def _run(
    params: list[np.ndarray],
    step: Callable[[list[np.ndarray], float | None], None],
    lr: float | None,
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
                lr = _scheduled_lr(lr_schedule, epoch)
            timer.start()
            for X, y in data_iter.epoch(rng):
                step(linreg_grads(X, y, w, b), lr)
                before, seen = seen, seen + len(y)
                if seen // RECORD_EVERY > before // RECORD_EVERY:
                    timer.stop()
                    losses.append(_evaluate_loss(X_all, y_all, w, b))
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
        if not losses:
            # A run shorter than RECORD_EVERY examples still reports where it ended.
            losses.append(_evaluate_loss(X_all, y_all, w, b))
            times.append(timer.sum())
            epochs.append(seen / n)
            diverged = not np.isfinite(losses[-1])
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
