"""RMSProp: steps divided by the root of a leaky average of squared gradients.

Two options from the libraries' lists: ``centered`` (Graves 2013) divides by
the root of an estimate of the gradient's variance instead of its second
moment, and ``momentum`` accumulates the scaled gradients in a velocity.

Floating-point convention, for chapters that rewrite the update from scratch and
compare loss curves bit for bit: the new state and the change are computed as ::

    s = gamma * s + (1 - gamma) * np.square(g)
    delta = -(lr * g / np.sqrt(s + eps))

and with the options ::

    mean = gamma * mean + (1 - gamma) * g                    # centered only
    root = np.sqrt(s - np.square(mean) + eps)                # centered; else np.sqrt(s + eps)
    velocity = momentum * velocity + g / root                # momentum > 0 only
    delta = -(lr * velocity)                                 # else -(lr * g / root)

On arrays ``np.square(g)``, ``g**2`` and ``g * g`` give identical bits (on
Python floats write ``g * g``: there ``g**2`` calls C ``pow``). Keep the
parentheses: ``(1 - gamma) * g * g`` rounds differently from
``(1 - gamma) * (g * g)``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .base import REQUIRED, Optimizer, checked_update


class RMSPropState(NamedTuple):
    """The running averages of one parameter.

    ``s`` is the leaky average of squared gradients (zeros before the first
    step). ``mean``, the leaky average of the gradients, is kept only by
    centred RMSProp and ``velocity`` only with momentum; each is None until
    the first step that needs it, which stands for a zero start.
    """

    s: np.ndarray
    mean: np.ndarray | None = None
    velocity: np.ndarray | None = None


def rmsprop_init(param: np.ndarray) -> RMSPropState:
    """Return a zero average of squares shaped like ``param``."""
    return RMSPropState(s=np.zeros_like(param))


@checked_update(rmsprop_init)
def rmsprop_update(
    grad: np.ndarray,
    state: RMSPropState,
    param: np.ndarray | None = None,
    *,
    lr: float,
    gamma: float = 0.9,
    eps: float = 1e-6,
    momentum: float = 0.0,
    centered: bool = False,
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

    ``centered=True`` (Graves 2013) also keeps ``m_t = gamma * m_{t-1} +
    (1 - gamma) * g_t`` and divides by ``sqrt(s_t - m_t**2 + eps)``, the root
    of a variance estimate. ``momentum = beta > 0`` keeps a velocity of the
    scaled gradients, ``b_t = beta * b_{t-1} + g_t / root_t``, and steps
    ``x_t = x_{t-1} - eta * b_t``. Both follow PyTorch's ``RMSprop`` (``eta``
    outside the velocity, so a schedule acts on the next step at once); only
    ``eps`` differs, inside the root here and in Keras, outside it in PyTorch.

    Libraries differ: PyTorch's ``RMSprop`` puts ``eps=1e-8`` outside the root
    and averages with ``alpha=0.99``; Keras (3) and Optax put ``eps`` inside
    the root as here, with ``rho``/``decay`` = 0.9 and ``eps`` 1e-7 / 1e-8.
    Keras puts ``eta`` inside its momentum velocity.

    Parameters
    ----------
    grad : numpy.ndarray
        The gradient ``g_t``.
    state : RMSPropState
        The averages ``s_{t-1}``, ``m_{t-1}`` and the velocity ``b_{t-1}``.
    param : numpy.ndarray, optional
        Unused; accepted so that every update rule has one signature.
    lr : float
        The learning rate ``eta``.
    gamma : float
        The averaging coefficient, ``0 <= gamma <= 1``; default 0.9.
    eps : float
        Added under the square root; default 1e-6.
    momentum : float
        The velocity's coefficient ``beta``, ``0 <= beta < 1``; default 0.
    centered : bool
        Divide by the root of ``s_t - m_t**2``; default False.

    Returns
    -------
    delta : numpy.ndarray
        The change to add to the parameter.
    state : RMSPropState
        ``s_t``, ``m_t`` and ``b_t``.

    Examples
    --------
    >>> delta, state = rmsprop_update(np.array([2.0]), rmsprop_init(np.zeros(1)), lr=0.01, gamma=0.75)
    >>> state.s, delta.round(6)
    (array([1.]), array([-0.02]))
    >>> delta, state = rmsprop_update(
    ...     np.array([2.0]), rmsprop_init(np.zeros(1)), lr=0.01, gamma=0.75, centered=True
    ... )
    >>> state.mean, delta.round(6)
    (array([0.5]), array([-0.023094]))
    """
    s = gamma * state.s + (1 - gamma) * np.square(grad)
    mean = state.mean
    if centered:
        # A missing average stands for the zero start; so does a missing velocity below.
        mean = gamma * (0.0 if mean is None else mean) + (1 - gamma) * grad
        root = np.sqrt(s - np.square(mean) + eps)
    else:
        root = np.sqrt(s + eps)
    if not momentum:
        return -(lr * grad / root), RMSPropState(s, mean, state.velocity)
    velocity = momentum * (0.0 if state.velocity is None else state.velocity) + grad / root
    return -(lr * velocity), RMSPropState(s, mean, velocity)


class RMSProp(Optimizer):
    """RMSProp: steps scaled per coordinate by a leaky average of squared gradients.

    ``lr`` (``eta``, required), ``gamma`` (default 0.9), ``eps`` (default
    1e-6, inside the square root), ``momentum`` (default 0) and ``centered``
    (default False) as in :func:`rmsprop_update`.

    Examples
    --------
    >>> w = np.array([1.0, -2.0])
    >>> opt = RMSProp([w], lr=0.01)
    >>> opt.step([2 * w])
    >>> w.round(6)
    array([ 0.968377, -1.968377])
    >>> opt
    RMSProp(lr=0.01, gamma=0.9, eps=1e-06, momentum=0.0, centered=False)
    """

    defaults = {"lr": REQUIRED, "gamma": 0.9, "eps": 1e-6, "momentum": 0.0}
    flags = {"centered": False}
    init = staticmethod(rmsprop_init)
    update = staticmethod(rmsprop_update)
