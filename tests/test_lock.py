"""The writer's lock (`pipeline.versions.lock`) tested by exclusion: two writer processes, started together,
each take the lock on one `extracted/` folder and wait inside for the other at a barrier; the
barrier can only be passed if both are inside at once, which the lock must never allow.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
from pathlib import Path

from pipeline.limits import Limits
from pipeline.versions import lock

INSIDE_SECONDS = 1.0
"""How long a writer inside waits for the other to join it there (it never should)."""


def writer(extracted: Path, start, inside_barrier, inside, most_inside, entered) -> None:
    """A writer: at the start line with the other, then inside the lock, counted while there."""
    start.wait()
    with lock.hold(extracted, Limits().lock_wait):
        with inside.get_lock():
            inside.value += 1
            most_inside.value = max(most_inside.value, inside.value)
            entered.value += 1
        with contextlib.suppress(threading.BrokenBarrierError):  # alone inside, as it should be
            inside_barrier.wait(timeout=INSIDE_SECONDS)
        with inside.get_lock():
            inside.value -= 1


def test_two_writers_are_never_inside_the_lock_at_once(tmp_path):
    context = multiprocessing.get_context("spawn")  # fresh interpreters: nothing of this process's lock state
    start, inside_barrier = context.Barrier(2), context.Barrier(2)
    inside, most_inside, entered = context.Value("i", 0), context.Value("i", 0), context.Value("i", 0)
    processes = [context.Process(target=writer, args=(tmp_path / "extracted", start, inside_barrier, inside, most_inside, entered))
                 for _ in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    assert [process.exitcode for process in processes] == [0, 0]
    assert entered.value == 2 and most_inside.value == 1
    assert inside_barrier.broken  # the first inside waited alone, and gave up
