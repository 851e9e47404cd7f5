"""The book's slider explorers, one per chapter, built with :func:`d2lmini.explore`.

Each ``*_explorer()`` pairs a plotting function with the grid of settings a
reader can move through; the same function draws the live and the static view.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .analysis import momentum_eigenvalues
from .explorer import Explorer, explore
from .optim import SGD, Adagrad, Adam, RMSProp, Yogi
from .trace2d import START, show_trace_2d

CURVATURES = np.array([0.2, 4.0])
"""The Hessian diagonal of the book's valley ``f = 0.1 x1**2 + 2 x2**2``."""


def valley(x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """The book's 2-D test function ``0.1 x1**2 + 2 x2**2``."""
    return 0.1 * x1**2 + 2 * x2**2


def optimizer_path(optimizer: type, settings: dict, steps: int = 20) -> np.ndarray:
    """Run a built-in optimizer on the valley from ``(-5, -2)``; return the ``steps + 1`` points."""
    x = np.array(START)
    opt = optimizer([x], **settings)
    path = [x.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            opt.step([CURVATURES * x])
            path.append(x.copy())
    return np.array(path)


def _trace_and_loss(fig: Figure, paths: dict[str, np.ndarray]) -> None:
    """Left: the paths on the contours; right: the loss of each path per step."""
    # Room below the panels for show_trace_2d's note on points outside the view.
    fig.subplots_adjust(bottom=0.3)
    left, right = fig.subplots(1, 2)
    colors = ["tab:orange", "tab:green"]
    for (label, path), color in zip(paths.items(), colors):
        show_trace_2d(
            valley,
            [tuple(p) for p in path],
            axes=left,
            label=label if len(paths) > 1 else None,
            color=color,
            resolution=60,
        )
        with np.errstate(over="ignore", invalid="ignore"):
            loss = valley(path[:, 0], path[:, 1])
        right.semilogy(
            np.where(np.isfinite(loss), loss, np.nan), "-o", markersize=2, color=color, label=label
        )
    if len(paths) > 1:
        left.get_legend().remove()  # the loss panel's legend names the same colours
    right.set_xlabel("step")
    right.set_ylabel("f(x)")
    right.set_ylim(1e-6, 1e4)
    right.grid(True, alpha=0.3)
    if len(paths) > 1:
        right.legend()


def momentum_explorer() -> Explorer:
    """Momentum on the valley: learning rate and momentum coefficient."""

    def draw(fig: Figure, eta: float, beta: float) -> None:
        settings = {"lr": eta, "momentum": beta}
        _trace_and_loss(fig, {"momentum": optimizer_path(SGD, settings)})

    return explore(
        draw,
        {"eta": [0.1, 0.2, 0.4, 0.6, 0.8, 1.0], "beta": [0.0, 0.25, 0.5, 0.75, 0.9]},
        initial={"eta": 0.6, "beta": 0.5},
        labels={"eta": "η", "beta": "β"},
        alt="Two panels: the momentum path on the contours of the valley f = 0.1 x1^2 + 2 x2^2, and the loss "
        "f(x) per step on a log scale, for the chosen learning rate and momentum coefficient.",
    )


def effective_weight_explorer() -> Explorer:
    """The weights beta**tau of past gradients and their running sum."""
    betas = [0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98]

    def draw(fig: Figure, beta: float) -> None:
        left, right = fig.subplots(1, 2)
        tau = np.arange(40)
        weights = beta**tau
        left.bar(tau, weights, color="tab:blue")
        left.set(xlabel=r"steps back, $\tau$", ylabel=r"weight $\beta^\tau$", ylim=(0, 1.05))
        right.plot(tau, np.cumsum(weights), label="sum of weights")
        right.axhline(1 / (1 - beta), color="gray", linestyle="--", label=r"$1/(1-\beta)$")
        right.set(xlabel="number of terms", ylabel="sum", ylim=(0, 52))
        right.legend()
        if beta > 0:
            half_life = np.log(2) / -np.log(beta)
            left.axvline(half_life, color="tab:red", linestyle=":", label=f"half-life {half_life:.1f}")
            left.legend()

    return explore(
        draw,
        {"beta": betas},
        initial={"beta": 0.9},
        labels={"beta": "β"},
        alt="Two panels: bars of the weights beta^tau of the last 40 gradients with the half-life marked, "
        "and the running sum of the weights approaching the dashed line 1/(1 - beta).",
    )


def eigen_explorer() -> Explorer:
    """Momentum on one eigen-direction: the iterates and the eigenvalues of R."""

    def draw(fig: Figure, eta_lam: float, beta: float) -> None:
        # The legend sits right of the complex plane, where it hides no eigenvalue.
        fig.subplots_adjust(right=0.72, wspace=0.35)
        left, right = fig.subplots(1, 2, width_ratios=[1.3, 1])
        v, x, xs = 0.0, 1.0, [1.0]
        for _ in range(40):
            v = beta * v + x
            x = x - eta_lam * v
            xs.append(x)
        xs = np.array(xs)
        left.plot(xs, "-o", markersize=2)
        left.axhline(0, color="gray", linewidth=0.8)
        left.set(xlabel="step", ylabel="x (one eigen-coordinate)", ylim=(-3, 3))
        z = momentum_eigenvalues(beta, eta_lam, 1.0)
        circle = np.exp(1j * np.linspace(0, 2 * np.pi, 200))
        right.plot(circle.real, circle.imag, color="gray", linewidth=0.8, label=r"$|z| = 1$")
        radius = np.sqrt(beta)
        right.plot(
            radius * circle.real, radius * circle.imag, ":", color="tab:green", label=r"$|z| = \sqrt{\beta}$"
        )
        right.plot(
            z.real, z.imag, "x", color="tab:red", markersize=8, mew=2, label=r"eigenvalues of $\mathbf{R}$"
        )
        right.set(
            xlabel="real part", ylabel="imaginary part", xlim=(-2.7, 1.3), ylim=(-1.3, 1.3), aspect="equal"
        )
        right.legend(loc="upper left", bbox_to_anchor=(1.04, 1), borderaxespad=0)

    return explore(
        draw,
        {"eta_lam": [0.1, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5], "beta": [0.0, 0.25, 0.5, 0.75, 0.9]},
        initial={"eta_lam": 1.5, "beta": 0.25},
        labels={"eta_lam": "ηλ", "beta": "β"},
        alt="Two panels: the iterates of momentum on a single eigen-direction starting at 1, and the two "
        "eigenvalues of the momentum matrix R in the complex plane with the unit circle and the circle of "
        "radius square root of beta.",
    )


def nesterov_explorer() -> Explorer:
    """Momentum and Nesterov side by side on the valley."""

    def draw(fig: Figure, eta: float, beta: float) -> None:
        paths = {
            "momentum": optimizer_path(SGD, {"lr": eta, "momentum": beta}),
            "Nesterov": optimizer_path(SGD, {"lr": eta, "momentum": beta, "nesterov": True}),
        }
        _trace_and_loss(fig, paths)

    return explore(
        draw,
        # Five rates, not six: two paths per frame make these the heaviest frames of the book.
        {"eta": [0.1, 0.3, 0.6, 0.8, 1.0], "beta": [0.25, 0.5, 0.75, 0.9]},
        initial={"eta": 0.6, "beta": 0.5},
        labels={"eta": "η", "beta": "β"},
        alt="Two panels: the momentum and Nesterov paths on the contours of the valley, and their losses per "
        "step on a log scale, for the chosen learning rate and momentum coefficient.",
    )


def adagrad_explorer() -> Explorer:
    """Adagrad on the valley: the learning rate."""

    def draw(fig: Figure, eta: float) -> None:
        _trace_and_loss(fig, {"Adagrad": optimizer_path(Adagrad, {"lr": eta})})

    return explore(
        draw,
        {"eta": [0.1, 0.2, 0.4, 0.8, 1.2, 2.0, 3.0, 5.0]},
        initial={"eta": 0.4},
        labels={"eta": "η"},
        alt="Two panels: the Adagrad path on the contours of the valley and its loss per step on a log "
        "scale, for the chosen learning rate.",
    )


def rmsprop_explorer() -> Explorer:
    """RMSProp on the valley: learning rate and averaging coefficient."""

    def draw(fig: Figure, eta: float, gamma: float) -> None:
        _trace_and_loss(fig, {"RMSProp": optimizer_path(RMSProp, {"lr": eta, "gamma": gamma})})

    return explore(
        draw,
        {"eta": [0.05, 0.1, 0.2, 0.4, 0.8], "gamma": [0.5, 0.7, 0.8, 0.9, 0.95, 0.99]},
        initial={"eta": 0.4, "gamma": 0.9},
        labels={"eta": "η", "gamma": "γ"},
        alt="Two panels: the RMSProp path on the contours of the valley and its loss per step on a log "
        "scale, for the chosen learning rate and averaging coefficient.",
    )


def adam_explorer() -> Explorer:
    """Adam on the valley: learning rate and both averaging coefficients."""

    def draw(fig: Figure, eta: float, beta1: float, beta2: float) -> None:
        settings = {"lr": eta, "beta1": beta1, "beta2": beta2}
        _trace_and_loss(fig, {"Adam": optimizer_path(Adam, settings, steps=40)})

    return explore(
        draw,
        {"eta": [0.1, 0.3, 0.6, 1.0], "beta1": [0.0, 0.5, 0.9], "beta2": [0.9, 0.99, 0.999]},
        initial={"eta": 0.3, "beta1": 0.9, "beta2": 0.999},
        labels={"eta": "η", "beta1": "β₁", "beta2": "β₂"},
        alt="Two panels: the Adam path over 40 steps on the contours of the valley and its loss per "
        "step on a log scale, for the chosen learning rate and averaging coefficients.",
    )


BOOK_SETTINGS = {
    "GD": (SGD, {"lr": 0.4}),
    "momentum": (SGD, {"lr": 0.6, "momentum": 0.5}),
    "Nesterov": (SGD, {"lr": 0.3, "momentum": 0.5, "nesterov": True}),
    "Adagrad": (Adagrad, {"lr": 0.4}),
    "RMSProp": (RMSProp, {"lr": 0.4, "gamma": 0.9}),
    "Adam": (Adam, {"lr": 0.16}),
    "Yogi": (Yogi, {"lr": 0.16}),
}
"""Each optimizer with the learning rate its chapter used on the valley."""


def choosing_explorer() -> Explorer:
    """Every optimizer on the valley, all learning rates scaled by one factor."""

    def draw(fig: Figure, scale: float) -> None:
        fig.subplots_adjust(right=0.76)  # the legend sits right of the curves, where it hides none
        ax = fig.subplots()
        styles = ["-", "--", "-.", ":", "-", "--", "-."]
        for (name, (optimizer, settings)), style in zip(BOOK_SETTINGS.items(), styles):
            path = optimizer_path(optimizer, {**settings, "lr": settings["lr"] * scale}, steps=40)
            with np.errstate(over="ignore", invalid="ignore"):
                loss = valley(path[:, 0], path[:, 1])
            # Yogi's curve lies almost on Adam's: open circles keep both in sight.
            marks = {"marker": "o", "markevery": 4, "fillstyle": "none", "markersize": 4}
            marks = marks if name == "Yogi" else {}
            ax.semilogy(np.where(np.isfinite(loss), loss, np.nan), style, label=name, **marks)
        ax.set(xlabel="step", ylabel="f(x)", ylim=(1e-8, 1e4))
        ax.grid(True, alpha=0.3)
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), borderaxespad=0)

    return explore(
        draw,
        {"scale": [0.25, 0.5, 1.0, 2.0, 4.0]},
        initial={"scale": 1.0},
        labels={"scale": "learning-rate factor"},
        alt="Loss per step on a log scale for gradient descent, momentum, Nesterov, Adagrad, RMSProp, Adam "
        "and Yogi on the valley, with every learning rate multiplied by the chosen factor.",
    )
