"""d2lmini: the small helper package of the book *Momentum and adaptive learning rates*.

Everything a chapter needs is importable from the top level::

    import d2lmini as d2l
"""

from . import analysis, bounds, convex, noise, optim
from .analysis import *  # noqa: F403
from .animator import Animator
from .bounds import *  # noqa: F403
from .convex import *  # noqa: F403
from .data import (
    DataLoader,
    LeastSquares,
    download_airfoil,
    get_data_ch11,
    least_squares,
    load_airfoil,
    make_default_data,
)
from .explorer import Explorer, explore
from .explorers import (
    adagrad_explorer,
    adam_explorer,
    choosing_explorer,
    effective_weight_explorer,
    eigen_explorer,
    momentum_explorer,
    nesterov_explorer,
    rmsprop_explorer,
)
from .noise import *  # noqa: F403
from .optim import *  # noqa: F403
from .plotting import plot, set_axes, set_figsize, use_svg_display
from .timer import Timer
from .trace2d import show_trace_2d, train_2d
from .training import TrainHistory, evaluate_loss, linreg, squared_loss, train_ch11, train_concise_ch11

__version__ = "0.1.0"

__all__ = [
    "Explorer",
    "explore",
    "adagrad_explorer",
    "adam_explorer",
    "choosing_explorer",
    "effective_weight_explorer",
    "eigen_explorer",
    "momentum_explorer",
    "nesterov_explorer",
    "rmsprop_explorer",
    "Animator",
    "DataLoader",
    "LeastSquares",
    "Timer",
    "TrainHistory",
    "download_airfoil",
    "evaluate_loss",
    "get_data_ch11",
    "least_squares",
    "linreg",
    "load_airfoil",
    "make_default_data",
    "plot",
    "set_axes",
    "set_figsize",
    "show_trace_2d",
    "squared_loss",
    "train_2d",
    "train_ch11",
    "train_concise_ch11",
    "use_svg_display",
    *analysis.__all__,
    *bounds.__all__,
    *convex.__all__,
    *noise.__all__,
    *optim.__all__,
]
