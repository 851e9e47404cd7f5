"""RMSProp: steps divided by the root of a leaky average of squared gradients.

Floating-point convention, for chapters that rewrite the update from scratch and
compare loss curves bit for bit: the new state and the change are computed as ::

    s = gamma * s + (1 - gamma) * np.square(g)
    delta = -(lr * g / np.sqrt(s + eps))

On arrays ``np.square(g)``, ``g**2`` and ``g * g`` give identical bits (on
Python floats write ``g * g``: there ``g**2`` calls C ``pow``). Keep the
parentheses: ``(1 - gamma) * g * g`` rounds differently from
``(1 - gamma) * (g * g)``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .base import REQUIRED, Optimizer


class RMSPropState(NamedTuple):
    """The leaky average ``s`` of squared gradients of one parameter (zeros before the first step)."""

    s: np.ndarray


def rmsprop_init(param: np.ndarray) -> RMSPropState:
    """Return a zero average of squares shaped like ``param``."""
    return RMSPropState(s=np.zeros_like(param))


def rmsprop_update(
    grad: np.ndarray,
    state: RMSPropState,
    param: np.ndarray | None = None,
    *,
    lr: float,
    gamma: float = 0.9,
    eps: float = 1e-6,
) -> tuple[np.ndarray, RMSPropState]:
    """One RMSProp step, in the book's convention (Tieleman and Hinton 2012).

    With ``eta = lr`` and ``g = grad``, elementwise::

        s_t = gamma * s_{t-1} + (1 - gamma) * g_t**2,     s_0 = 0
        x_t = x_{t-1} - eta * g_t / sqrt(s_t + eps)

    ``eta`` multiplies the scaled gradient, never the state.
    ``eps`` sits inside the square root, the average starts at 0 and is not
    bias-corrected, so early steps are larger than later ones with gradients
    of the same size. ``gamma = 0`` divides by ``sqrt(g_t**2 + eps)``, close
    to a sign step; ``gamma = 1`` never updates ``s``.

    Libraries differ: PyTorch's ``RMSprop`` puts ``eps=1e-8`` outside the root
    and averages with ``alpha=0.99``; Keras (3) and Optax put ``eps`` inside
    the root as here, with ``rho``/``decay`` = 0.9 and ``eps`` 1e-7 / 1e-8.

    Parameters
    ----------
    grad : numpy.ndarray
        The gradient ``g_t``.
    state : RMSPropState
        The average ``s_{t-1}``.
    param : numpy.ndarray, optional
        Unused; accepted so that every update rule has one signature.
    lr : float
        The learning rate ``eta``.
    gamma : float
        The averaging coefficient, ``0 <= gamma <= 1``; default 0.9.
    eps : float
        Added to ``s_t`` under the square root; default 1e-6.

    Returns
    -------
    delta : numpy.ndarray
        The change to add to the parameter.
    state : RMSPropState
        The average ``s_t``.

    Examples
    --------
    >>> delta, state = rmsprop_update(np.array([2.0]), rmsprop_init(np.zeros(1)), lr=0.01, gamma=0.75)
    >>> state.s, delta.round(6)
    (array([1.]), array([-0.02]))
    """
    s = gamma * state.s + (1 - gamma) * np.square(grad)
    return -(lr * grad / np.sqrt(s + eps)), RMSPropState(s)


class RMSProp(Optimizer):
    """RMSProp: steps scaled per coordinate by a leaky average of squared gradients.

    ``lr`` (``eta``, required), ``gamma`` (default 0.9) and ``eps`` (default
    1e-6, inside the square root) as in :func:`rmsprop_update`.

    Examples
    --------
    >>> w = np.array([1.0, -2.0])
    >>> opt = RMSProp([w], lr=0.01)
    >>> opt.step([2 * w])
    >>> w.round(6)
    array([ 0.968377, -1.968377])
    >>> opt
    RMSProp(lr=0.01, gamma=0.9, eps=1e-06)
    """

    defaults = {"lr": REQUIRED, "gamma": 0.9, "eps": 1e-6}
    init = staticmethod(rmsprop_init)
    update = staticmethod(rmsprop_update)
