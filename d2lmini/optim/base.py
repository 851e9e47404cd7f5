"""The stateful shell shared by every built-in optimizer.

Each optimizer is a pure update rule, ``update(grad, state, param, **settings)
-> (delta, new_state)``, plus a thin class that validates its settings, keeps
one state per parameter and applies ``param += delta`` in place. The pure rule
can be tested on an injected state; the class is what ``train_concise_ch11``
and readers use, in the shape they know from deep-learning libraries.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import numpy as np

from .._validate import check_array, check_hyperparameter, check_int

REQUIRED = object()
"""Marks a setting that has no default and must be given."""


class Optimizer:
    """Base class: validated settings, lazily created state, in-place steps.

    Subclasses set ``defaults`` (setting name to default value or
    :data:`REQUIRED`), ``flags`` (boolean options) and implement the static
    methods ``init(param)`` and ``update(grad, state, param, **settings)``.

    Parameters
    ----------
    params : sequence of numpy.ndarray
        The arrays to optimize. They are updated in place by :meth:`step`.
    **settings
        The hyperparameters named in ``defaults`` and ``flags``.
    """

    defaults: ClassVar[dict[str, Any]] = {}
    flags: ClassVar[dict[str, bool]] = {}

    def __init__(self, params: Sequence[np.ndarray], **settings: Any) -> None:
        self.params = self._check_params(params)
        self.settings = self._check_settings(settings)
        self.state: list[Any] = [None] * len(self.params)
        self.steps_taken = 0

    @classmethod
    def _check_params(cls, params: Any) -> list[np.ndarray]:
        if isinstance(params, np.ndarray) or not isinstance(params, Sequence):
            raise TypeError(
                f"{cls.__name__}: params must be a list of numpy arrays, got {type(params).__name__}"
            )
        if len(params) == 0:
            raise ValueError(f"{cls.__name__}: params must not be empty")
        for i, p in enumerate(params):
            if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
                raise TypeError(f"{cls.__name__}: params[{i}] must be a float numpy array, got {p!r:.60}")
            if p.size == 0:
                raise ValueError(f"{cls.__name__}: params[{i}] must not be empty")
            if not p.flags.writeable:
                raise ValueError(f"{cls.__name__}: params[{i}] is read-only; steps update it in place")
            for j in range(i):
                if np.shares_memory(p, params[j]):
                    raise ValueError(
                        f"{cls.__name__}: params[{i}] shares memory with params[{j}]; "
                        "each parameter must be its own array"
                    )
        return list(params)

    @classmethod
    def _check_settings(cls, settings: dict[str, Any]) -> dict[str, Any]:
        if cls is Optimizer:
            raise TypeError("Optimizer is the base class; use one of its subclasses such as d2lmini.SGD")
        allowed = sorted([*cls.defaults, *cls.flags])
        for key in settings:
            if key not in allowed:
                raise TypeError(f"{cls.__name__} got an unknown hyperparameter {key!r}; allowed: {allowed}")
        checked: dict[str, Any] = {}
        for key, default in cls.defaults.items():
            value = settings.get(key, default)
            if value is REQUIRED:
                raise TypeError(f"{cls.__name__} is missing the hyperparameter {key!r}")
            checked[key] = check_hyperparameter(key, value)
        for key, default in cls.flags.items():
            value = settings.get(key, default)
            if not isinstance(value, bool):
                raise TypeError(f"{cls.__name__}: {key} must be True or False, got {value!r}")
            checked[key] = value
        cls._check_combination(checked)
        return checked

    @classmethod
    def _check_combination(cls, settings: dict[str, Any]) -> None:
        """Hook for checks that involve several settings at once."""

    @property
    def lr(self) -> float:
        """The learning rate; assign to it to follow a schedule."""
        return self.settings["lr"]

    @lr.setter
    def lr(self, value: float) -> None:
        self.settings["lr"] = check_hyperparameter("lr", value)

    def step(self, grads: Sequence[np.ndarray]) -> None:
        """Update every parameter in place from its gradient.

        The step is all or nothing: every gradient is checked and every
        update computed before any parameter, state or count changes, so a
        rejected step leaves the optimizer as it was. Gradients that are not
        finite are accepted (a diverging run is the trainer's to report).

        Parameters
        ----------
        grads : sequence of numpy.ndarray
            One gradient per parameter, each of the parameter's shape, real.
        """
        name = type(self).__name__
        if isinstance(grads, (np.ndarray, str, bytes)) or not isinstance(grads, Sequence):
            raise TypeError(
                f"{name}.step: grads must be a list of arrays, one per parameter, got {grads!r:.60}"
            )
        if len(grads) != len(self.params):
            raise ValueError(f"step got {len(grads)} gradients for {len(self.params)} parameters")
        checked = []
        for i, (param, grad) in enumerate(zip(self.params, grads, strict=True)):
            grad = check_array(f"grads[{i}]", grad)
            if grad.shape != param.shape:
                raise ValueError(f"grads[{i}] has shape {grad.shape}, its parameter {param.shape}")
            checked.append(grad)
        update = getattr(self.update, "__wrapped__", self.update)
        results = []
        for i, (param, grad) in enumerate(zip(self.params, checked, strict=True)):
            state = self.init(param) if self.state[i] is None else self.state[i]
            delta, new_state = update(grad, state, param, **self.settings)
            if np.shape(delta) != param.shape:
                raise ValueError(
                    f"{name}.update returned a change of shape {np.shape(delta)} for {param.shape}"
                )
            results.append((delta, new_state))
        # Nothing has changed so far; now apply every update.
        for i, (param, (delta, new_state)) in enumerate(zip(self.params, results, strict=True)):
            param += delta
            self.state[i] = new_state
        self.steps_taken += 1

    @staticmethod
    def init(param: np.ndarray) -> Any:
        """Return the initial state for one parameter."""
        raise NotImplementedError

    @staticmethod
    def update(grad: np.ndarray, state: Any, param: np.ndarray, **settings: Any) -> tuple[np.ndarray, Any]:
        """Return the change to add to ``param`` and the new state."""
        raise NotImplementedError

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.settings.items())
        return f"{type(self).__name__}({shown})"


def checked_update(init: Callable[[np.ndarray], Any]) -> Callable[[Callable], Callable]:
    """Decorate a pure update rule so that it checks its arguments before any arithmetic.

    ``init`` is the rule's state initializer: a state must be of the type it
    returns, with every array field real and of the gradient's shape and
    every integer field (a step count) a whole number ``>= 0``. ``grad`` must
    be a non-empty real array (values that are not finite are allowed),
    ``param`` ``None`` or a real array of the same shape, each keyword
    setting within its range in :data:`~d2lmini._validate.HYPERPARAMETERS`
    and each boolean option ``True`` or ``False``. Errors are ``TypeError``
    or ``ValueError`` naming the argument. The rule itself never changes its
    inputs; the undecorated rule is ``rule.__wrapped__``.
    """

    def decorate(rule: Callable) -> Callable:
        signature = inspect.signature(rule)
        options = {
            name: p.default
            for name, p in signature.parameters.items()
            if p.kind is inspect.Parameter.KEYWORD_ONLY
        }
        who = rule.__name__

        @functools.wraps(rule)
        def checked(grad: Any, state: Any, param: Any = None, **settings: Any) -> tuple[np.ndarray, Any]:
            grad = check_array(f"{who}: grad", grad)
            if param is not None:
                param = check_array(f"{who}: param", param)
                if param.shape != grad.shape:
                    raise ValueError(f"{who}: param has shape {param.shape}, grad {grad.shape}")
            state = _check_state(who, state, init(grad), grad.shape)
            for key, value in settings.items():
                if key not in options:
                    raise TypeError(f"{who} got an unknown setting {key!r}; allowed: {sorted(options)}")
                if isinstance(options[key], bool):
                    if not isinstance(value, bool):
                        raise TypeError(f"{who}: {key} must be True or False, got {value!r:.60}")
                else:
                    check_hyperparameter(key, value)
            missing = [k for k, d in options.items() if d is inspect.Parameter.empty and k not in settings]
            if missing:
                raise TypeError(f"{who} is missing the setting(s) {missing}")
            return rule(grad, state, param, **settings)

        return checked

    return decorate


def _check_state(who: str, state: Any, fresh: Any, shape: tuple[int, ...]) -> Any:
    """Check ``state`` field by field against a freshly initialized one; return it with float arrays."""
    kind = type(fresh)
    if type(state) is not kind:
        raise TypeError(
            f"{who}: state must be a {kind.__name__} (from the matching init function or a previous "
            f"update), got {type(state).__name__}"
        )
    fields = {}
    for field, value in zip(kind._fields, state):
        template = getattr(fresh, field)
        if isinstance(template, np.ndarray) or (template is None and value is not None):
            array = check_array(f"{who}: state.{field}", value)
            if array.shape != shape:
                raise ValueError(f"{who}: state.{field} has shape {array.shape}, grad {shape}")
            fields[field] = array
        elif isinstance(template, int):
            fields[field] = check_int(f"{who}: state.{field}", value, minimum=0)
        else:
            fields[field] = value
    return kind(**fields)
