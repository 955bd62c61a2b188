"""What the benchmark scripts share: timing one piece of work."""

from __future__ import annotations

import time


def seconds(work) -> float:
    """Wall time of calling `work()`, in seconds."""
    start = time.perf_counter()
    work()
    return time.perf_counter() - start
