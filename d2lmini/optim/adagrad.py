"""Adagrad: per-coordinate steps divided by the root of the summed squared gradients.

Floating-point convention, for chapters that rewrite the update from scratch and
compare loss curves bit for bit: the new state and the change are computed as ::

    s = s + np.square(g)
    delta = -(lr * g / np.sqrt(s + eps))

On arrays ``np.square(g)``, ``g**2`` and ``g * g`` give identical bits; on
Python floats and numpy scalars ``g**2`` goes through C ``pow`` and can differ
in the last bit, so scalar code should write ``g * g``. ``p -= lr * g / ...``
gives the same bits as ``p += delta``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .base import REQUIRED, Optimizer, checked_update


class AdagradState(NamedTuple):
    """The running sum ``s`` of squared gradients of one parameter (zeros before the first step)."""

    s: np.ndarray


def adagrad_init(param: np.ndarray) -> AdagradState:
    """Return a zero sum of squares shaped like ``param``."""
    return AdagradState(s=np.zeros_like(param))


@checked_update(adagrad_init)
def adagrad_update(
    grad: np.ndarray,
    state: AdagradState,
    param: np.ndarray | None = None,
    *,
    lr: float,
    eps: float = 1e-6,
) -> tuple[np.ndarray, AdagradState]:
    """One Adagrad step, in the book's convention (Duchi et al. 2011).

    With ``eta = lr`` and ``g = grad``, elementwise::

        s_t = s_{t-1} + g_t**2,          s_0 = 0
        x_t = x_{t-1} - eta * g_t / sqrt(s_t + eps)

    ``eps`` sits inside the square root, the accumulator starts at 0 and
    ``eta`` multiplies the scaled gradient, never the state. The
    effective rate ``eta / sqrt(s_t + eps)`` only shrinks, roughly like
    ``1/sqrt(t)`` when gradients keep their size.

    Libraries differ: PyTorch's ``Adagrad`` starts at 0 but puts ``eps=1e-10``
    outside the root (``lr=0.01`` by default); Keras (3) and Optax put ``eps``
    (1e-7) inside the root as here but start the accumulator at 0.1.

    Parameters
    ----------
    grad : numpy.ndarray
        The gradient ``g_t``.
    state : AdagradState
        The sum ``s_{t-1}``.
    param : numpy.ndarray, optional
        Unused; accepted so that every update rule has one signature.
    lr : float
        The learning rate ``eta``.
    eps : float
        Added to ``s_t`` under the square root; default 1e-6.

    Returns
    -------
    delta : numpy.ndarray
        The change to add to the parameter.
    state : AdagradState
        The sum ``s_t``.

    Examples
    --------
    >>> delta, state = adagrad_update(np.array([3.0, -4.0]), adagrad_init(np.zeros(2)), lr=0.1)
    >>> state.s, delta.round(6)
    (array([ 9., 16.]), array([-0.1,  0.1]))
    """
    s = state.s + np.square(grad)
    return -(lr * grad / np.sqrt(s + eps)), AdagradState(s)


class Adagrad(Optimizer):
    """Adagrad: steps scaled per coordinate by the summed squared gradients.

    ``lr`` (``eta``, required) and ``eps`` (default 1e-6, inside the square
    root) as in :func:`adagrad_update`; the sum of squares starts at 0.

    Examples
    --------
    >>> w = np.array([1.0, -2.0])
    >>> opt = Adagrad([w], lr=0.5)
    >>> opt.step([2 * w])
    >>> w.round(6)
    array([ 0.5, -1.5])
    >>> opt
    Adagrad(lr=0.5, eps=1e-06)
    """

    defaults = {"lr": REQUIRED, "eps": 1e-6}
    init = staticmethod(adagrad_init)
    update = staticmethod(adagrad_update)
