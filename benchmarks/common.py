"""Shared helpers for the benchmarks: medians of repeated runs and a description of the machine."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable


def median_seconds(run: Callable[[], object], repeat: int = 5) -> float:
    """Median wall-clock seconds of ``repeat`` calls of ``run``."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def machine() -> str:
    """One line describing this machine."""
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
