"""Built-in optimizers: pure update rules and thin stateful classes around them."""

from .adadelta import Adadelta, AdadeltaState, adadelta_init, adadelta_update
from .adagrad import Adagrad, AdagradState, adagrad_init, adagrad_update
from .adam import Adam, AdamState, AMSGrad, adam_init, adam_update
from .adamw import AdamW, adamw_init, adamw_update
from .base import REQUIRED, Optimizer
from .nadam import NAdam, NAdamState, nadam_init, nadam_update
from .rmsprop import RMSProp, RMSPropState, rmsprop_init, rmsprop_update
from .sgd import SGD, SGDState, sgd_init, sgd_update
from .yogi import Yogi, YogiState, yogi_init, yogi_update

__all__ = [
    "AMSGrad",
    "REQUIRED",
    "SGD",
    "Adadelta",
    "AdadeltaState",
    "Adagrad",
    "AdagradState",
    "Adam",
    "AdamState",
    "AdamW",
    "NAdam",
    "NAdamState",
    "Optimizer",
    "RMSProp",
    "RMSPropState",
    "SGDState",
    "Yogi",
    "YogiState",
    "adadelta_init",
    "adadelta_update",
    "adagrad_init",
    "adagrad_update",
    "adam_init",
    "adam_update",
    "adamw_init",
    "adamw_update",
    "nadam_init",
    "nadam_update",
    "rmsprop_init",
    "rmsprop_update",
    "sgd_init",
    "sgd_update",
    "yogi_init",
    "yogi_update",
]
