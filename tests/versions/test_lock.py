"""The writer's lock (`pipeline.versions.lock`) tested by exclusion: two writer processes, started together,
each take the lock on one `extracted/` folder and wait inside for the other at a barrier; the
barrier can only be passed if both are inside at once, which the lock must never allow. Then what
the lock keeps and leaves: nested holds, the folders it created, a folder replaced while waiting,
the host name and the liveness that the cleaning of leftovers reads.
"""

from __future__ import annotations

import contextlib
import fcntl
import multiprocessing
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

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
    processes = [
        context.Process(
            target=writer, args=(tmp_path / "extracted", start, inside_barrier, inside, most_inside, entered)
        )
        for _ in range(2)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    assert [process.exitcode for process in processes] == [0, 0]
    assert entered.value == 2 and most_inside.value == 1
    assert inside_barrier.broken  # the first inside waited alone, and gave up


def test_the_host_name_keeps_ascii_letters_and_digits_and_dashes_the_rest(monkeypatch):
    import socket

    for name, shown in [("build-01.example.org", "build-01-example-org"), ("hôte_2", "h-te-2"), ("", "host")]:
        monkeypatch.setattr(socket, "gethostname", lambda name=name: name)
        assert lock.host_name() == shown, name


def test_a_process_is_alive_until_it_has_ended():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert lock.process_alive(os.getpid()) and not lock.process_alive(child.pid)


def test_a_process_of_another_user_is_alive(monkeypatch):
    def refused(pid, signal):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "kill", refused)
    assert lock.process_alive(1)


def free(extracted: Path) -> bool:
    """Whether another holder (a descriptor of its own, as another process has) could lock the folder now."""
    fd = os.open(extracted, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def test_nested_holds_keep_the_lock_till_the_outermost_ends(tmp_path):
    extracted = tmp_path / "extracted"
    extracted.mkdir()  # there before: kept
    with lock.hold(extracted, Limits().lock_wait):
        with lock.hold(extracted, Limits().lock_wait):
            assert not free(extracted)
        assert not free(extracted)
    assert free(extracted)


@pytest.mark.parametrize("written", [False, True])
def test_the_folders_a_lock_created_are_removed_when_left_empty(tmp_path, written):
    extracted = tmp_path / "a" / "b" / "extracted"
    with lock.hold(extracted, Limits().lock_wait):
        assert extracted.is_dir() and not free(extracted)
        if written:
            (extracted / "v1").mkdir()
    assert [p.exists() for p in (extracted, tmp_path / "a")] == [written, written]
    assert tmp_path.is_dir() and (not written or free(extracted))


def test_a_folder_removed_or_replaced_since_it_was_opened_is_not_the_one_held(tmp_path):
    extracted = tmp_path / "extracted"
    extracted.mkdir()
    fd = os.open(extracted, os.O_RDONLY)
    try:
        assert lock.names_same_folder(fd, extracted)
        extracted.rmdir()
        assert not lock.names_same_folder(fd, extracted)
        extracted.mkdir()
        assert not lock.names_same_folder(fd, extracted)
    finally:
        os.close(fd)
