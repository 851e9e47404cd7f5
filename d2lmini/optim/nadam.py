"""NAdam: Adam with Nesterov's look-ahead, in PyTorch's form (Dozat 2016).

Floating-point convention, for chapters that rewrite the update from scratch and
compare loss curves bit for bit. At step ``t = 1, 2, ...`` (a Python ``int``),
with Python floats for the schedule::

    mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))
    mu_next = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))
    mu_product = mu_product * mu                   # starts at 1.0
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * np.square(g)
    root = np.sqrt(v / (1 - beta2 ** t)) + eps
    delta = -(lr * (1 - mu) / (1 - mu_product) * g / root
              + lr * mu_next / (1 - mu_product * mu_next) * m / root)
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .base import REQUIRED, Optimizer, checked_update


class NAdamState(NamedTuple):
    """The moments of one parameter.

    ``count`` is the number of steps taken (0 before the first),
    ``mu_product`` the product ``mu_1 * ... * mu_t`` of the momentum
    schedule (1.0 before the first step), ``m`` and ``v`` the leaky averages
    of the gradient and of its square (zeros before the first step).
    """

    count: int
    mu_product: float
    m: np.ndarray
    v: np.ndarray


def nadam_init(param: np.ndarray) -> NAdamState:
    """Return zero moments shaped like ``param``, a step count of 0 and an empty product 1.0."""
    return NAdamState(count=0, mu_product=1.0, m=np.zeros_like(param), v=np.zeros_like(param))


def momentum_schedule(t: int, beta1: float, momentum_decay: float) -> float:
    """Return NAdam's momentum coefficient ``mu_t = beta1 (1 - 0.96**(t * psi) / 2)``.

    ``psi = momentum_decay``; PyTorch's default 0.004 is Dozat's ``0.96**(t/250)``.
    ``mu_t`` grows from about ``beta1 / 2`` towards ``beta1``; ``psi = 0``
    keeps it at ``beta1 / 2``.

    Examples
    --------
    >>> momentum_schedule(1, 0.9, 0.0), round(momentum_schedule(10**6, 0.9, 0.004), 12)
    (0.45, 0.9)
    """
    return beta1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))


@checked_update(nadam_init)
def nadam_update(
    grad: np.ndarray,
    state: NAdamState,
    param: np.ndarray | None = None,
    *,
    lr: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-6,
    momentum_decay: float = 0.004,
) -> tuple[np.ndarray, NAdamState]:
    """One NAdam step, as PyTorch's ``NAdam`` computes it (Dozat 2016).

    With ``eta = lr``, ``g = grad``, the step count ``t`` starting at 1 and
    ``mu_t`` from :func:`momentum_schedule`, elementwise::

        m_t = beta1 * m_{t-1} + (1 - beta1) * g_t,        m_0 = 0
        v_t = beta2 * v_{t-1} + (1 - beta2) * g_t**2,     v_0 = 0
        r_t = sqrt(v_t / (1 - beta2**t)) + eps
        x_t = x_{t-1} - eta * ((1 - mu_t) / (1 - mu_1...mu_t) * g_t
                               + mu_{t+1} / (1 - mu_1...mu_{t+1}) * m_t) / r_t

    The numerator is Adam's bias-corrected ``m_hat`` with Nesterov's look-ahead:
    the average enters with the weight ``mu_{t+1}`` of the next step, and the
    current gradient with its own weight ``1 - mu_t``. ``mu_t`` grows from
    about ``beta1 / 2`` towards ``beta1``; a constant ``mu_t = beta1``, the
    simplified form of Dozat's paper, is not a setting of this function.
    ``eps`` sits outside the square root, as in Adam. ``beta1 = 0`` gives
    ``mu_t = 0`` and Adam's step with ``beta1 = 0``: RMSProp with bias
    correction and ``eps`` outside the root.

    Parameters
    ----------
    grad : numpy.ndarray
        The gradient ``g_t``.
    state : NAdamState
        ``count = t - 1``, the product ``mu_1 ... mu_{t-1}``, ``m_{t-1}`` and ``v_{t-1}``.
    param : numpy.ndarray, optional
        Unused; accepted so that every update rule has one signature.
    lr : float
        The learning rate ``eta``.
    beta1, beta2 : float
        The averaging coefficients, each in ``[0, 1)``; default 0.9 and 0.999.
    eps : float
        Added to the corrected root; default 1e-6 (PyTorch: 1e-8).
    momentum_decay : float
        ``psi >= 0`` of the momentum schedule; default 0.004 as in PyTorch.

    Returns
    -------
    delta : numpy.ndarray
        The change to add to the parameter.
    state : NAdamState
        ``count = t``, ``mu_1 ... mu_t``, ``m_t`` and ``v_t``.

    Examples
    --------
    As Adam's, the first step has the same size in every coordinate, whatever
    the gradient's scale: ``lr * (1 + (1 - beta1) mu_2 / (1 - mu_1 mu_2))``,
    about ``1.06 lr`` with the defaults:

    >>> delta, state = nadam_update(np.array([1e-2, -5.0]), nadam_init(np.zeros(2)), lr=0.1)
    >>> state.count, delta.round(3)
    (1, array([-0.106,  0.106]))
    """
    t = state.count + 1
    mu = momentum_schedule(t, beta1, momentum_decay)
    mu_next = momentum_schedule(t + 1, beta1, momentum_decay)
    mu_product = state.mu_product * mu
    m = beta1 * state.m + (1 - beta1) * grad
    v = beta2 * state.v + (1 - beta2) * np.square(grad)
    root = np.sqrt(v / (1 - beta2**t)) + eps
    grad_weight = lr * (1 - mu) / (1 - mu_product)
    m_weight = lr * mu_next / (1 - mu_product * mu_next)
    return -(grad_weight * grad / root + m_weight * m / root), NAdamState(t, mu_product, m, v)


class NAdam(Optimizer):
    """NAdam: Adam with a Nesterov look-ahead and PyTorch's momentum schedule.

    ``lr`` (``eta``) is required, as for Adam. ``beta1`` (0.9), ``beta2``
    (0.999), ``eps`` (1e-6, outside the square root) and ``momentum_decay``
    (0.004) as in :func:`nadam_update`.

    Examples
    --------
    >>> w = np.array([1.0, -2.0])
    >>> opt = NAdam([w], lr=0.1)
    >>> opt.step([2 * w])
    >>> w.round(3)
    array([ 0.894, -1.894])
    >>> opt
    NAdam(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-06, momentum_decay=0.004)
    """

    defaults = {"lr": REQUIRED, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6, "momentum_decay": 0.004}
    init = staticmethod(nadam_init)
    update = staticmethod(nadam_update)
