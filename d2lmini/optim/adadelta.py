"""Adadelta: RMSProp whose learning rate is a leaky root mean square of past steps.

Floating-point convention, for chapters that rewrite the update from scratch and
compare loss curves bit for bit (it is the order of d2l's section 12.9)::

    s = rho * s + (1 - rho) * np.square(g)
    step = np.sqrt(u + eps) / np.sqrt(s + eps) * g
    u = rho * u + (1 - rho) * step * step
    delta = -(lr * step)

With ``lr = 1.0`` the change is exactly ``-step``, so ``p -= step`` and
``p += delta`` give the same bits. Keep ``(1 - rho) * step * step`` as it is:
``(1 - rho) * np.square(step)`` rounds differently.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .base import Optimizer, checked_update


class AdadeltaState(NamedTuple):
    """The leaky averages of one parameter (zeros before the first step).

    ``s`` averages the squared gradients and ``u`` the squared rescaled steps
    (Zeiler's ``E[g^2]`` and ``E[dx^2]``).
    """

    s: np.ndarray
    u: np.ndarray


def adadelta_init(param: np.ndarray) -> AdadeltaState:
    """Return zero averages shaped like ``param``."""
    return AdadeltaState(s=np.zeros_like(param), u=np.zeros_like(param))


@checked_update(adadelta_init)
def adadelta_update(
    grad: np.ndarray,
    state: AdadeltaState,
    param: np.ndarray | None = None,
    *,
    lr: float = 1.0,
    rho: float = 0.9,
    eps: float = 1e-5,
) -> tuple[np.ndarray, AdadeltaState]:
    """One Adadelta step (Zeiler 2012), in the form of PyTorch and d2l.

    With ``g = grad``, elementwise::

        s_t  = rho * s_{t-1} + (1 - rho) * g_t**2,            s_0 = 0
        dx_t = sqrt(u_{t-1} + eps) / sqrt(s_t + eps) * g_t
        u_t  = rho * u_{t-1} + (1 - rho) * dx_t**2,           u_0 = 0
        x_t  = x_{t-1} - lr * dx_t

    The numerator, the root of a leaky average of past squared steps, takes
    the place of RMSProp's learning rate and gives the step the units of the
    parameter. ``lr = 1`` is Zeiler's update; PyTorch multiplies the step by
    ``lr`` as here (default 1.0, ``rho`` 0.9, ``eps`` 1e-6). d2l's section
    12.9 uses ``rho = 0.9`` and ``eps = 1e-5``, the defaults here. ``eps``
    sits inside both roots; with ``u_0 = 0`` it also sets the size of the
    first steps, about ``sqrt(eps / (1 - rho))`` in each coordinate.

    Parameters
    ----------
    grad : numpy.ndarray
        The gradient ``g_t``.
    state : AdadeltaState
        The averages ``s_{t-1}`` and ``u_{t-1}``.
    param : numpy.ndarray, optional
        Unused; accepted so that every update rule has one signature.
    lr : float
        Multiplies the step; default 1.0.
    rho : float
        The averaging coefficient of both averages, ``0 <= rho <= 1``; default 0.9.
    eps : float
        Added under both square roots; default 1e-5.

    Returns
    -------
    delta : numpy.ndarray
        The change to add to the parameter.
    state : AdadeltaState
        ``s_t`` and ``u_t``.

    Examples
    --------
    With ``g = 4``, ``rho = 0.5`` and ``eps = 1``: ``s = 8``, the step is
    ``sqrt(1) / sqrt(9) * 4 = 4/3`` and ``u = 0.5 * 16/9``:

    >>> delta, state = adadelta_update(np.array([4.0]), adadelta_init(np.zeros(1)), rho=0.5, eps=1.0)
    >>> state.s, delta.round(6), state.u.round(6)
    (array([8.]), array([-1.333333]), array([0.888889]))
    """
    s = rho * state.s + (1 - rho) * np.square(grad)
    step = np.sqrt(state.u + eps) / np.sqrt(s + eps) * grad
    u = rho * state.u + (1 - rho) * step * step
    return -(lr * step), AdadeltaState(s, u)


class Adadelta(Optimizer):
    """Adadelta: RMSProp with a step size learned from past steps (Zeiler 2012).

    ``lr`` (default 1.0, Zeiler's update), ``rho`` (0.9) and ``eps`` (1e-5,
    inside both square roots) as in :func:`adadelta_update`.

    Examples
    --------
    >>> w = np.array([1.0, -2.0])
    >>> opt = Adadelta([w])
    >>> opt.step([2 * w])
    >>> w.round(6)
    array([ 0.99, -1.99])
    >>> opt
    Adadelta(lr=1.0, rho=0.9, eps=1e-05)
    """

    defaults = {"lr": 1.0, "rho": 0.9, "eps": 1e-5}
    init = staticmethod(adadelta_init)
    update = staticmethod(adadelta_update)
