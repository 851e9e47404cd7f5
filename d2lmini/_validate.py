"""Argument checks shared by the public functions of :mod:`d2lmini`.

Each check raises a ``TypeError`` (wrong kind of value) or a ``ValueError``
(right kind, wrong value) whose message names the argument, echoes the value
and says what is allowed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Integral, Real
from typing import Any

import numpy as np


def check_callable(name: str, value: Any) -> None:
    """Raise ``TypeError`` unless ``value`` can be called."""
    if not callable(value):
        raise TypeError(f"{name} must be callable, got {type(value).__name__} {value!r}")


def check_bool(name: str, value: Any) -> bool:
    """Return ``value`` if it is ``True`` or ``False`` (numpy booleans included), or raise ``TypeError``."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r:.60}")
    return bool(value)


def check_int(name: str, value: Any, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Return ``value`` as an ``int``, or raise if it is not a whole number in ``[minimum, maximum]``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r:.60}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be an integer <= {maximum}, got {value}")
    return int(value)


def check_real(
    name: str,
    value: Any,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a ``float``, or raise if it is not a finite real in the interval.

    The interval runs from ``low`` to ``high``; ``low_open`` and ``high_open``
    exclude the end points.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r:.60}")
    try:
        value = float(value)
    except OverflowError:
        # An int beyond the float range, such as 10**400.
        raise ValueError(f"{name} must be finite, got an integer too large for a float") from None
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"{name} must be finite, got {value}")
    too_low = value <= low if low_open else value < low
    too_high = value >= high if high_open else value > high
    if too_low or too_high:
        raise ValueError(
            f"{name} must satisfy {_interval(name, low, high, low_open, high_open)}, got {value}"
        )
    return value


def _interval(name: str, low: float, high: float, low_open: bool, high_open: bool) -> str:
    if high == math.inf:
        return f"{name} {'>' if low_open else '>='} {low:g}"
    if low == -math.inf:
        return f"{name} {'<' if high_open else '<='} {high:g}"
    return f"{low:g} {'<' if low_open else '<='} {name} {'<' if high_open else '<='} {high:g}"


# The hyperparameters of the book, with the values each may take. Optimizers
# and trainers look their names up here so that every message reads the same.
HYPERPARAMETERS: Mapping[str, dict[str, Any]] = {
    "lr": dict(low=0.0),
    "momentum": dict(low=0.0, high=1.0, high_open=True),
    "gamma": dict(low=0.0, high=1.0),
    "beta1": dict(low=0.0, high=1.0, high_open=True),
    "beta2": dict(low=0.0, high=1.0, high_open=True),
    "eps": dict(low=0.0, low_open=True),
    "weight_decay": dict(low=0.0),
    "rho": dict(low=0.0, high=1.0),
    "momentum_decay": dict(low=0.0),
}

# Settings that are whole numbers: d2l's from-scratch Adam and Yogi keep the step count ``t`` in
# their hyperparameters (``{'lr': 0.01, 't': 1}``) and increment it in place.
INTEGER_HYPERPARAMETERS: Mapping[str, dict[str, Any]] = {"t": dict(minimum=0)}


def check_hyperparameter(name: str, value: Any) -> float:
    """Check one named hyperparameter against :data:`HYPERPARAMETERS` (or the integer ones)."""
    if name in INTEGER_HYPERPARAMETERS:
        return check_int(name, value, **INTEGER_HYPERPARAMETERS[name])
    if name not in HYPERPARAMETERS:
        known = sorted([*HYPERPARAMETERS, *INTEGER_HYPERPARAMETERS])
        raise TypeError(f"unknown hyperparameter {name!r}; known ones are {known}")
    return check_real(name, value, **HYPERPARAMETERS[name])


def check_hyperparams(
    hyperparams: Any, *, required: tuple[str, ...] = ("lr",), allowed: Mapping[str, Any] | None = None
) -> dict[str, float]:
    """Check a dictionary of hyperparameters and return a checked copy.

    Parameters
    ----------
    hyperparams : mapping of str to float
        The settings to check.
    required : tuple of str
        Names that must be present.
    allowed : mapping, optional
        The names allowed; defaults to every name in :data:`HYPERPARAMETERS`.
    """
    if not isinstance(hyperparams, Mapping):
        raise TypeError(
            f"hyperparams must be a dict such as {{'lr': 0.01}}, got {type(hyperparams).__name__}"
        )
    allowed_names = sorted([*HYPERPARAMETERS, *INTEGER_HYPERPARAMETERS] if allowed is None else allowed)
    for key in hyperparams:
        if not isinstance(key, str):
            raise TypeError(f"hyperparams keys must be strings such as 'lr', got {key!r:.60}")
        if key not in allowed_names:
            raise TypeError(f"unknown hyperparameter {key!r} in hyperparams; allowed: {allowed_names}")
    for key in required:
        if key not in hyperparams:
            raise TypeError(f"hyperparams is missing {key!r}; it needs {list(required)}")
    return {key: check_hyperparameter(key, value) for key, value in hyperparams.items()}


def check_array(name: str, value: Any, *, ndim: int | None = None) -> np.ndarray:
    """Return ``value`` as a float array, raising if it is empty, not numeric or of the wrong rank.

    Only integer and float entries are accepted: strings, booleans, complex
    numbers and objects are rejected rather than converted.
    """
    what = f"{name} must be an array of real numbers"
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise TypeError(f"{what}, got {type(value).__name__} {value!r:.60}") from exc
    if raw.dtype.kind not in "iuf":
        if raw.dtype.kind == "O" and not _all_real(raw):
            raise TypeError(f"{what}, got {type(value).__name__} {value!r:.60}")
        if raw.dtype.kind != "O":
            raise TypeError(f"{what}, got {type(value).__name__} of dtype {raw.dtype}")
    if isinstance(value, (list, tuple)) and _holds_bool(value):
        # numpy would read True as 1.0 next to floats; a boolean among numbers is a mistake.
        raise TypeError(f"{what}, got a boolean among the values of {value!r:.60}")
    try:
        array = raw.astype(float)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError(f"{what} within the float range, got {value!r:.60}") from exc
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {array.shape}")
    return array


def _holds_bool(values: list | tuple, depth: int = 0) -> bool:
    """Whether a nested list holds a boolean (looked for in the first few levels)."""
    for v in values:
        if isinstance(v, (bool, np.bool_)):
            return True
        if isinstance(v, (list, tuple)) and depth < 3 and _holds_bool(v, depth + 1):
            return True
    return False


def _all_real(array: np.ndarray) -> bool:
    """Whether every entry of an object array is a real number (Python ints beyond int64 land here)."""
    return all(isinstance(v, Real) and not isinstance(v, (bool, np.bool_)) for v in array.ravel())


def check_finite_array(name: str, value: Any, *, ndim: int | None = None) -> np.ndarray:
    """As :func:`check_array`, and every entry must be finite."""
    array = check_array(name, value, ndim=ndim)
    if not np.all(np.isfinite(array)):
        bad = array[~np.isfinite(array)].ravel()[0].item()
        raise ValueError(f"{name} must hold finite numbers only; got {bad!r} among its values")
    return array


def check_positive_array(name: str, value: Any, *, allow_zero: bool = False) -> np.ndarray:
    """Return ``value`` as a non-empty float array whose entries are all > 0 (or >= 0)."""
    array = check_array(name, value)
    bad = ~np.isfinite(array) | ((array < 0) if allow_zero else (array <= 0))
    if bad.any():
        what = ">= 0" if allow_zero else "> 0"
        raise ValueError(
            f"{name} must be finite and {what}; got {array[bad].ravel()[0].item()!r} among its values"
        )
    return array


def check_in_unit_interval(name: str, value: Any) -> np.ndarray:
    """Return ``value`` as a float array with every entry in ``[0, 1)``."""
    array = check_array(name, value)
    bad = ~((array >= 0) & (array < 1))
    if bad.any():
        raise ValueError(f"{name} must satisfy 0 <= {name} < 1; got {array[bad].ravel()[0].item()!r}")
    return array


__all__ = [
    "HYPERPARAMETERS",
    "INTEGER_HYPERPARAMETERS",
    "check_array",
    "check_bool",
    "check_callable",
    "check_finite_array",
    "check_hyperparameter",
    "check_hyperparams",
    "check_in_unit_interval",
    "check_int",
    "check_positive_array",
    "check_real",
]
