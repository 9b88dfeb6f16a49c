"""Timing helpers of the benchmark: every timing is the median of `repeat` runs; ratios compare medians measured
in the same loop (interleaved runs), so both sides see the same machine load."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def duration_s(fn: Callable[[], object]) -> float:
    """Seconds one call of fn takes."""
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def median_ms(fn: Callable[[], object], repeat: int, warmup: int = 1) -> float:
    """Median (ms) of `repeat` calls of fn after `warmup` untimed ones."""
    for _ in range(warmup):
        fn()
    return statistics.median(duration_s(fn) for _ in range(repeat)) * 1000


def side_by_side(fa: Callable[[], object], fb: Callable[[], object], repeat: int, warmup: int = 1
                 ) -> tuple[float, float]:
    """Medians (ms) of two functions measured in the same loop, alternately, so both see the same machine load."""
    for _ in range(warmup):
        fa()
        fb()
    ta, tb = [], []
    for _ in range(repeat):
        ta.append(duration_s(fa))
        tb.append(duration_s(fb))
    return statistics.median(ta) * 1000, statistics.median(tb) * 1000
