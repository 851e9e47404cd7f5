"""Yogi: Adam with an additive update of the second moment.

Floating-point convention, for chapters that rewrite the update from scratch and
compare loss curves bit for bit. At step ``t = 1, 2, ...`` (a Python ``int``)::

    m = beta1 * m + (1 - beta1) * g
    v = v - (1 - beta2) * np.sign(v - np.square(g)) * np.square(g)
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    delta = -(lr * m_hat / (np.sqrt(v_hat) + eps))

The written-out alternative ``v + (1 - beta2) * np.sign(np.square(g) - v) *
np.square(g)`` gives the same bits: a sign flip is exact.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .adam import debias
from .base import REQUIRED, Optimizer, checked_update


class YogiState(NamedTuple):
    """The step count (0 before the first step) and the moments ``m``, ``v`` of one parameter (zeros)."""

    count: int
    m: np.ndarray
    v: np.ndarray


def yogi_init(param: np.ndarray) -> YogiState:
    """Return zero moments shaped like ``param`` and a step count of 0."""
    return YogiState(count=0, m=np.zeros_like(param), v=np.zeros_like(param))


@checked_update(yogi_init)
def yogi_update(
    grad: np.ndarray,
    state: YogiState,
    param: np.ndarray | None = None,
    *,
    lr: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-6,
    bias_correction: bool = True,
) -> tuple[np.ndarray, YogiState]:
    """One Yogi step, in the book's convention (Zaheer et al. 2018).

    As :func:`~d2lmini.optim.adam.adam_update`, except for the second moment::

        v_t = v_{t-1} - (1 - beta2) * sign(v_{t-1} - g_t**2) * g_t**2,   v_0 = 0

    Each step moves ``v`` by at most ``(1 - beta2) * g_t**2`` whatever the
    gap between ``v_{t-1}`` and ``g_t**2``, where Adam moves it by
    ``(1 - beta2) * |g_t**2 - v_{t-1}|``; so a run of small gradients
    cannot make ``v`` collapse quickly. ``v`` never turns negative. Bias
    correction and ``eps`` (outside the square root) are as in Adam, so from
    the zero start Yogi's first step equals Adam's.

    The book keeps Adam's ``eps = 1e-6`` and zero start so that the two can
    be compared directly. The paper recommends ``eps = 1e-3``, and Optax's
    ``yogi`` uses that with ``m`` and ``v`` starting at 1e-6 (and bias
    correction as here).

    Parameters
    ----------
    grad : numpy.ndarray
        The gradient ``g_t``.
    state : YogiState
        ``count = t - 1``, ``m_{t-1}`` and ``v_{t-1}``.
    param : numpy.ndarray, optional
        Unused; accepted so that every update rule has one signature.
    lr, beta1, beta2, eps, bias_correction
        As in :func:`~d2lmini.optim.adam.adam_update`.

    Returns
    -------
    delta : numpy.ndarray
        The change to add to the parameter.
    state : YogiState
        ``count = t``, ``m_t`` and ``v_t``.

    Examples
    --------
    A large ``v`` shrinks by ``(1 - beta2) * g**2`` only:

    >>> state = YogiState(count=1, m=np.zeros(1), v=np.array([100.0]))
    >>> delta, state = yogi_update(np.array([1.0]), state, lr=0.1)
    >>> state.v
    array([99.999])
    """
    square = np.square(grad)
    m = beta1 * state.m + (1 - beta1) * grad
    v = state.v - (1 - beta2) * np.sign(state.v - square) * square
    t = state.count + 1
    m_hat, v_hat = debias(m, v, t, beta1, beta2, bias_correction)
    return -(lr * m_hat / (np.sqrt(v_hat) + eps)), YogiState(t, m, v)


class Yogi(Optimizer):
    """Yogi: Adam with an additive second-moment update (Zaheer et al. 2018).

    ``lr`` (required), ``beta1`` (0.9), ``beta2`` (0.999), ``eps`` (1e-6,
    outside the square root) and ``bias_correction`` (True) as in
    :func:`yogi_update`.

    Examples
    --------
    >>> w = np.array([1.0, -2.0])
    >>> opt = Yogi([w], lr=0.1)
    >>> opt.step([2 * w])
    >>> w.round(6)
    array([ 0.9, -1.9])
    >>> opt
    Yogi(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-06, bias_correction=True)
    """

    defaults = {"lr": REQUIRED, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6}
    flags = {"bias_correction": True}
    init = staticmethod(yogi_init)
    update = staticmethod(yogi_update)
