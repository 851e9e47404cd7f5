"""AdamW: Adam's step plus weight decay that bypasses the adaptive scaling.

Floating-point convention, for chapters that rewrite the update from scratch and
compare loss curves bit for bit. The moments are Adam's (see
:mod:`d2lmini.optim.adam`), and the change is ::

    delta = -(lr * (m_hat / (np.sqrt(v_hat) + eps) + weight_decay * x))

Note the grouping: ``lr`` multiplies the sum, so with ``weight_decay=0`` the
result can differ from :class:`~d2lmini.optim.adam.Adam`'s
``-(lr * m_hat / (np.sqrt(v_hat) + eps))`` in the last bit.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validate import check_hyperparameter
from .adam import Adam, AdamState, _moments, _require_param, adam_init, debias
from .base import REQUIRED, Optimizer, checked_update


def adamw_init(param: np.ndarray) -> AdamState:
    """Return zero moments shaped like ``param``: the same state as Adam's."""
    return adam_init(param)


@checked_update(adamw_init)
def adamw_update(
    grad: np.ndarray,
    state: AdamState,
    param: np.ndarray | None = None,
    *,
    lr: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-6,
    weight_decay: float = 0.01,
    amsgrad: bool = False,
    bias_correction: bool = True,
) -> tuple[np.ndarray, AdamState]:
    """One AdamW step: Adam with decoupled weight decay (Loshchilov and Hutter 2019).

    With ``eta = lr``, ``lambda = weight_decay`` and Adam's ``m_hat``,
    ``v_hat`` (computed from ``g_t`` alone)::

        x_t = x_{t-1} - eta * (m_hat / (sqrt(v_hat) + eps) + lambda * x_{t-1})

    so every step shrinks ``x`` by the factor ``1 - eta * lambda`` whatever
    the gradient's history. Adam with L2 regularization
    (``Adam(weight_decay=lambda)``) adds ``lambda * x_{t-1}`` to ``g_t``
    instead; the penalty is then divided by ``sqrt(v_hat)`` and decays
    coordinates with large gradients less.

    The decay is multiplied by ``eta``, as in PyTorch's ``AdamW`` (default
    ``weight_decay=0.01``, the default here), Keras (0.004) and Optax
    (1e-4); the paper multiplies it by the schedule factor only. ``eps``
    sits outside the square root, as in Adam.

    Parameters
    ----------
    grad : numpy.ndarray
        The gradient ``g_t`` of the loss without any penalty.
    state : AdamState
        As in :func:`~d2lmini.optim.adam.adam_update`.
    param : numpy.ndarray
        The parameter ``x_{t-1}`` (required).
    lr, beta1, beta2, eps, amsgrad, bias_correction
        As in :func:`~d2lmini.optim.adam.adam_update`.
    weight_decay : float
        The decay coefficient ``lambda``; default 0.01.

    Returns
    -------
    delta : numpy.ndarray
        The change to add to the parameter.
    state : AdamState
        The new moments.

    Examples
    --------
    A zero gradient still shrinks the parameter by ``lr * weight_decay``:

    >>> x = np.array([2.0])
    >>> delta, state = adamw_update(np.zeros(1), adamw_init(x), x, lr=0.1, weight_decay=0.5)
    >>> delta
    array([-0.1])
    """
    param = _require_param(param, "AdamW")
    new = _moments(grad, state, beta1, beta2, amsgrad)
    m_hat, v_hat = debias(new.m, new.v_max if amsgrad else new.v, new.count, beta1, beta2, bias_correction)
    return -(lr * (m_hat / (np.sqrt(v_hat) + eps) + weight_decay * param)), new


class AdamW(Adam):
    """AdamW: Adam with decoupled weight decay (Loshchilov and Hutter 2019).

    ``lr`` (required), ``beta1`` (0.9), ``beta2`` (0.999), ``eps`` (1e-6),
    ``weight_decay`` (0.01, decoupled), ``amsgrad`` (False) and
    ``bias_correction`` (True) as in :func:`adamw_update`. The product
    ``lr * weight_decay`` must stay below 1, otherwise the decay factor
    ``1 - lr * weight_decay`` would flip or zero the weights; this is checked
    again when ``lr`` is reassigned.

    Examples
    --------
    >>> w = np.array([1.0, -2.0])
    >>> opt = AdamW([w], lr=0.1, weight_decay=0.5)
    >>> opt.step([np.zeros(2)])
    >>> w
    array([ 0.95, -1.9 ])
    """

    defaults = {"lr": REQUIRED, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6, "weight_decay": 0.01}
    init = staticmethod(adamw_init)
    update = staticmethod(adamw_update)

    @classmethod
    def _check_combination(cls, settings: dict[str, Any]) -> None:
        if settings["lr"] * settings["weight_decay"] >= 1:
            raise ValueError(
                "AdamW: lr * weight_decay must be < 1 so that the decay factor 1 - lr * weight_decay "
                f"stays positive, got lr={settings['lr']}, weight_decay={settings['weight_decay']}"
            )

    @Optimizer.lr.setter
    def lr(self, value: float) -> None:
        checked = dict(self.settings, lr=check_hyperparameter("lr", value))
        self._check_combination(checked)
        self.settings = checked
