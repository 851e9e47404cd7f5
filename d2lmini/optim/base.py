"""The stateful shell shared by every built-in optimizer.

Each optimizer is a pure update rule, ``update(grad, state, param, **settings)
-> (delta, new_state)``, plus a thin class that validates its settings, keeps
one state per parameter and applies ``param += delta`` in place. The pure rule
can be tested on an injected state; the class is what ``train_concise_ch11``
and readers use, in the shape they know from deep-learning libraries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from .._validate import check_hyperparameter

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
        return list(params)

    @classmethod
    def _check_settings(cls, settings: dict[str, Any]) -> dict[str, Any]:
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

        Parameters
        ----------
        grads : sequence of numpy.ndarray
            One gradient per parameter, each of the parameter's shape.
        """
        if len(grads) != len(self.params):
            raise ValueError(f"step got {len(grads)} gradients for {len(self.params)} parameters")
        # Check every shape before touching anything, so that a rejected step changes nothing.
        for i, (param, grad) in enumerate(zip(self.params, grads, strict=True)):
            if np.shape(grad) != param.shape:
                raise ValueError(f"grads[{i}] has shape {np.shape(grad)}, its parameter {param.shape}")
        self.steps_taken += 1
        for i, (param, grad) in enumerate(zip(self.params, grads, strict=True)):
            if self.state[i] is None:
                self.state[i] = self.init(param)
            delta, self.state[i] = self.update(grad, self.state[i], param, **self.settings)
            param += delta

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
