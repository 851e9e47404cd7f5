"""Stochastic gradient descent with momentum and Nesterov's look-ahead."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from .base import REQUIRED, Optimizer, checked_update


class SGDState(NamedTuple):
    """The velocity ``v`` of one parameter (zeros before the first step)."""

    velocity: np.ndarray


def sgd_init(param: np.ndarray) -> SGDState:
    """Return a zero velocity shaped like ``param``."""
    return SGDState(velocity=np.zeros_like(param))


@checked_update(sgd_init)
def sgd_update(
    grad: np.ndarray,
    state: SGDState,
    param: np.ndarray | None = None,
    *,
    lr: float,
    momentum: float = 0.0,
    nesterov: bool = False,
) -> tuple[np.ndarray, SGDState]:
    """One step of SGD with momentum, in the book's convention.

    With ``eta = lr``, ``beta = momentum`` and ``g = grad``::

        v_t = beta * v_{t-1} + g_t
        x_t = x_{t-1} - eta * v_t                     (momentum)
        x_t = x_{t-1} - eta * (g_t + beta * v_t)      (nesterov=True)

    The learning rate stays outside the velocity, as in PyTorch's ``SGD``
    (with ``dampening=0``); ``momentum=0`` is plain gradient descent.

    Parameters
    ----------
    grad : numpy.ndarray
        The gradient ``g_t``.
    state : SGDState
        The velocity ``v_{t-1}``.
    param : numpy.ndarray, optional
        Unused; accepted so that every update rule has one signature.
    lr, momentum : float
        ``eta`` and ``beta``.
    nesterov : bool
        Use Nesterov's look-ahead form.

    Returns
    -------
    delta : numpy.ndarray
        The change to add to the parameter.
    state : SGDState
        The velocity ``v_t``.

    Examples
    --------
    >>> delta, state = sgd_update(np.array([1.0]), sgd_init(np.zeros(1)), lr=0.1, momentum=0.5)
    >>> delta, state = sgd_update(np.array([1.0]), state, lr=0.1, momentum=0.5)
    >>> state.velocity, delta
    (array([1.5]), array([-0.15]))
    """
    velocity = momentum * state.velocity + grad
    direction = grad + momentum * velocity if nesterov else velocity
    return -(lr * direction), SGDState(velocity)


class SGD(Optimizer):
    """Gradient descent with optional momentum and Nesterov's look-ahead.

    ``lr`` (``eta``, required), ``momentum`` (``beta`` in ``[0, 1)``, default
    0) and ``nesterov`` (default False) as in :func:`sgd_update`. Momentum
    is the heavy-ball method of Polyak (1964).

    Examples
    --------
    >>> w = np.array([1.0, -2.0])
    >>> opt = SGD([w], lr=0.1, momentum=0.9)
    >>> opt.step([2 * w])
    >>> w
    array([ 0.8, -1.6])
    >>> opt
    SGD(lr=0.1, momentum=0.9, nesterov=False)
    """

    defaults = {"lr": REQUIRED, "momentum": 0.0}
    flags = {"nesterov": False}
    init = staticmethod(sgd_init)
    update = staticmethod(sgd_update)

    @classmethod
    def _check_combination(cls, settings: dict[str, Any]) -> None:
        if settings["nesterov"] and settings["momentum"] == 0:
            raise ValueError("SGD: nesterov=True requires a momentum > 0")
