"""Adam, with bias correction, optional L2 regularization and the AMSGrad variant.

Floating-point convention, for chapters that rewrite the update from scratch and
compare loss curves bit for bit. At step ``t = 1, 2, ...`` (a Python ``int``)::

    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * np.square(g)
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    delta = -(lr * m_hat / (np.sqrt(v_hat) + eps))

``beta1 ** t`` is a Python float power; ``np.power(beta1, t)`` can differ in
the last bit. On arrays ``np.square(g)``, ``g**2`` and ``g * g`` give
identical bits (on Python floats write ``g * g``). With ``weight_decay`` the
gradient is first replaced by ``g = g + weight_decay * x``. With ``amsgrad``
``v_max = np.maximum(v_max, v)`` and ``v_hat = v_max / (1 - beta2 ** t)``.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from .base import REQUIRED, Optimizer, checked_update


class AdamState(NamedTuple):
    """The moments of one parameter.

    ``count`` is the number of steps taken (0 before the first), ``m`` and
    ``v`` the leaky averages of the gradient and of its square (zeros before
    the first step) and ``v_max`` the running maximum of ``v`` that AMSGrad
    keeps (None until an AMSGrad step first sets it).
    """

    count: int
    m: np.ndarray
    v: np.ndarray
    v_max: np.ndarray | None = None


def adam_init(param: np.ndarray) -> AdamState:
    """Return zero moments shaped like ``param`` and a step count of 0."""
    return AdamState(count=0, m=np.zeros_like(param), v=np.zeros_like(param))


def _require_param(param: np.ndarray | None, who: str) -> np.ndarray:
    if param is None:
        raise ValueError(f"{who} needs the parameter: pass param= to the update")
    return param


def _moments(grad: np.ndarray, state: AdamState, beta1: float, beta2: float, amsgrad: bool) -> AdamState:
    """Advance Adam's step count and moments (shared by Adam and AdamW)."""
    m = beta1 * state.m + (1 - beta1) * grad
    v = beta2 * state.v + (1 - beta2) * np.square(grad)
    v_max = state.v_max
    if amsgrad:
        # A missing maximum stands for PyTorch's zero start: max(0, v) is v since v >= 0.
        v_max = np.array(v, copy=True) if v_max is None else np.maximum(v_max, v)
    return AdamState(state.count + 1, m, v, v_max)


def debias(
    m: np.ndarray, v: np.ndarray, t: int, beta1: float, beta2: float, bias_correction: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``m / (1 - beta1**t)`` and ``v / (1 - beta2**t)``, or ``m, v`` untouched.

    Both averages start at zero, so after ``t`` steps of a constant input
    ``c`` they equal ``(1 - beta**t) * c``; dividing by that factor removes
    the bias towards zero (Kingma and Ba 2015, section 3).

    Examples
    --------
    >>> debias(np.array([0.1]), np.array([0.001]), 1, 0.9, 0.999)
    (array([1.]), array([1.]))
    """
    if not bias_correction:
        return m, v
    return m / (1 - beta1**t), v / (1 - beta2**t)


@checked_update(adam_init)
def adam_update(
    grad: np.ndarray,
    state: AdamState,
    param: np.ndarray | None = None,
    *,
    lr: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-6,
    weight_decay: float = 0.0,
    amsgrad: bool = False,
    bias_correction: bool = True,
) -> tuple[np.ndarray, AdamState]:
    """One Adam step, in the book's convention (Kingma and Ba 2015).

    With ``eta = lr``, ``g = grad`` and the step count ``t`` starting at 1,
    elementwise::

        m_t = beta1 * m_{t-1} + (1 - beta1) * g_t,        m_0 = 0
        v_t = beta2 * v_{t-1} + (1 - beta2) * g_t**2,     v_0 = 0
        m_hat = m_t / (1 - beta1**t),   v_hat = v_t / (1 - beta2**t)
        x_t = x_{t-1} - eta * m_hat / (sqrt(v_hat) + eps)

    ``eta`` multiplies the whole step, never the moments. ``eps`` sits
    outside the square root, added to the bias-corrected root,
    as in PyTorch and Optax (whose default is 1e-8; the book uses 1e-6).
    Keras (3) adds its ``eps=1e-7`` to the uncorrected root instead, which is
    a larger effective ``eps`` early on. The first corrected step has size
    close to ``eta`` in every coordinate, whatever the gradient's scale.

    ``weight_decay = lambda`` adds L2 regularization: ``g_t`` is replaced by
    ``g_t + lambda * x_{t-1}`` before the moments, as in PyTorch's ``Adam``.
    The penalty then passes through the division by ``sqrt(v_hat)``; for
    decoupled decay use :func:`~d2lmini.optim.adamw.adamw_update`.

    ``amsgrad=True`` (Reddi et al. 2018) keeps ``v_max_t = max(v_max_{t-1},
    v_t)`` and uses ``v_max_t / (1 - beta2**t)`` for ``v_hat``, as PyTorch
    does (Optax takes the maximum of the corrected ``v_hat`` instead).
    ``bias_correction=False`` uses ``m_t`` and ``v_t`` as they are.

    Parameters
    ----------
    grad : numpy.ndarray
        The gradient ``g_t``.
    state : AdamState
        ``count = t - 1``, ``m_{t-1}``, ``v_{t-1}`` and, for AMSGrad,
        ``v_max_{t-1}``.
    param : numpy.ndarray, optional
        The parameter ``x_{t-1}``; needed only when ``weight_decay > 0``.
    lr : float
        The learning rate ``eta``.
    beta1, beta2 : float
        The averaging coefficients, each in ``[0, 1)``; default 0.9 and 0.999.
    eps : float
        Added to ``sqrt(v_hat)``; default 1e-6.
    weight_decay : float
        The L2 coefficient ``lambda``; default 0.
    amsgrad, bias_correction : bool
        Use AMSGrad's maximum (default False); divide by ``1 - beta**t``
        (default True).

    Returns
    -------
    delta : numpy.ndarray
        The change to add to the parameter.
    state : AdamState
        ``count = t``, ``m_t``, ``v_t`` and ``v_max_t``.

    Examples
    --------
    The first step has size ``lr`` even for a tiny gradient:

    >>> delta, state = adam_update(np.array([1e-3, -5.0]), adam_init(np.zeros(2)), lr=0.1)
    >>> state.count, delta.round(3)
    (1, array([-0.1,  0.1]))
    """
    if weight_decay:
        grad = grad + weight_decay * _require_param(param, "Adam with weight_decay")
    new = _moments(grad, state, beta1, beta2, amsgrad)
    m_hat, v_hat = debias(new.m, new.v_max if amsgrad else new.v, new.count, beta1, beta2, bias_correction)
    return -(lr * m_hat / (np.sqrt(v_hat) + eps)), new


class Adam(Optimizer):
    """Adam: bias-corrected first and second moments (Kingma and Ba 2015).

    ``lr`` (``eta``) is required, as for every optimizer of the book, so that
    a run always states it (PyTorch and Keras default to 0.001). ``beta1``
    (0.9), ``beta2`` (0.999), ``eps`` (1e-6, outside the square root),
    ``weight_decay`` (0, L2-coupled), ``amsgrad`` (False) and
    ``bias_correction`` (True) as in :func:`adam_update`.

    Examples
    --------
    >>> w = np.array([1.0, -2.0])
    >>> opt = Adam([w], lr=0.1)
    >>> opt.step([2 * w])
    >>> w.round(6)
    array([ 0.9, -1.9])
    >>> opt.state[0].count
    1
    """

    defaults = {"lr": REQUIRED, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6, "weight_decay": 0.0}
    flags = {"amsgrad": False, "bias_correction": True}
    init = staticmethod(adam_init)
    update = staticmethod(adam_update)


class AMSGrad(Adam):
    """Adam with AMSGrad's running maximum of ``v`` (Reddi et al. 2018).

    The same as ``Adam(..., amsgrad=True)``; ``amsgrad`` cannot be switched
    off here. The maximum is taken of the uncorrected ``v`` and then divided
    by ``1 - beta2**t``, as in PyTorch.

    Examples
    --------
    >>> w = np.array([1.0])
    >>> opt = AMSGrad([w], lr=0.1)
    >>> opt.step([np.array([2.0])])
    >>> opt.step([np.array([0.0])])
    >>> opt.state[0].v_max, opt.state[0].v
    (array([0.004]), array([0.003996]))
    """

    flags = {"amsgrad": True, "bias_correction": True}

    @classmethod
    def _check_combination(cls, settings: dict[str, Any]) -> None:
        if not settings["amsgrad"]:
            raise ValueError("AMSGrad: amsgrad must be True; use Adam for amsgrad=False")
