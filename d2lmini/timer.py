"""A small stopwatch that keeps every interval it measured."""

from __future__ import annotations

import time

import numpy as np


class Timer:
    """Record the lengths of timed intervals.

    Examples
    --------
    >>> timer = Timer()
    >>> elapsed = timer.stop()
    >>> len(timer.times)
    1
    """

    def __init__(self) -> None:
        self.times: list[float] = []
        self.start()

    def start(self) -> None:
        """Start (or restart) the current interval."""
        self._started = time.perf_counter()

    def stop(self) -> float:
        """End the current interval, keep its length and return it in seconds."""
        self.times.append(time.perf_counter() - self._started)
        return self.times[-1]

    def avg(self) -> float:
        """Mean interval length in seconds (0 before any interval)."""
        return sum(self.times) / len(self.times) if self.times else 0.0

    def sum(self) -> float:
        """Total of the interval lengths in seconds."""
        return sum(self.times)

    def cumsum(self) -> np.ndarray:
        """Running totals of the interval lengths."""
        return np.cumsum(self.times)
