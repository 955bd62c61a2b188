"""One writer at a time on a root: an exclusive `fcntl.flock` on the root's `extracted/` folder.

Every write of a version and every cleaning of leftovers runs under `hold(extracted)`; a process
may nest holds (the lock is counted, taken once). A second process waits for it up to
`Limits.lock_wait` seconds (environment `CDPC_LOCK_WAIT`), polling, then gives up with
`WriterBusy`. `held_for_command()` keeps the first hold of a command until the command ends, so a
whole build — from reading the latest version to pointing `latest` at the new one — is one
critical section, while the slow extraction before it runs unlocked.

The lock is taken on the folder itself (an open descriptor of `extracted/`), not on a file in it,
so nothing is left behind to trip over. A folder the lock had to create is removed again when
released empty (a build that stopped early writes nothing); a waiting process that then holds a
lock on the removed folder sees that the path no longer names it, and locks the new one. The
kernel drops the lock when the process dies, however it dies.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import WriterBusy

POLL_SECONDS = 0.1

_held: dict[Path, tuple[int, int]] = {}  # folder → (descriptor, holds)
_created: dict[Path, list[Path]] = {}  # folder → the folders its lock created, deepest first
_command_holds = False


def host_name() -> str:
    """This machine's name as a folder name may carry it: letters, digits and '-'."""
    import socket  # only a writer and the cleaning of leftovers ask

    return "".join(c if c.isascii() and c.isalnum() else "-" for c in socket.gethostname()) or "host"


def process_alive(pid: int) -> bool:
    """Whether a process of that id runs on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def hold(extracted: Path, wait: float) -> Iterator[None]:
    """Hold the writer's lock on `extracted` (created if missing) for the block, waiting at most
    `wait` seconds (`Limits.lock_wait`) for another writer."""
    key = extracted.resolve()
    acquire(extracted, key, wait)
    try:
        yield
    finally:
        fd, holds = _held[key]
        _held[key] = (fd, holds - 1)
        if holds == 1 and not _command_holds:
            release(key)


def acquire(extracted: Path, key: Path, wait: float) -> None:
    if key in _held:
        fd, holds = _held[key]
        _held[key] = (fd, holds + 1)
        return
    deadline = time.monotonic() + wait
    while True:
        if not extracted.is_dir():
            missing = [p for p in (extracted.absolute(), *extracted.absolute().parents) if not p.exists()]
            extracted.mkdir(parents=True, exist_ok=True)
            _created[key] = missing
        fd = os.open(extracted, os.O_RDONLY | os.O_DIRECTORY)
        if locked_in_time(fd, deadline) and names_same_folder(fd, extracted):
            break
        os.close(fd)
        if time.monotonic() >= deadline:
            raise WriterBusy(
                extracted, f"another cdpc command has been writing here for over {wait:g} s; try again when it ends"
            )
    _held[key] = (fd, 1)


def locked_in_time(fd: int, deadline: float) -> bool:
    """Whether the lock on `fd` was taken before the deadline (polling)."""
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_SECONDS)


def names_same_folder(fd: int, path: Path) -> bool:
    """Whether `path` still names the folder open as `fd` (not removed or replaced meanwhile)."""
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)


def release(key: Path) -> None:
    fd, _ = _held.pop(key)
    for folder in _created.pop(key, []):
        try:
            folder.rmdir()  # only when still empty: nothing was published
        except OSError:
            break
    os.close(fd)  # closing the descriptor drops the flock


@contextmanager
def held_for_command() -> Iterator[None]:
    """Within the block, a lock once taken stays held until the block ends."""
    global _command_holds
    _command_holds = True
    try:
        yield
    finally:
        _command_holds = False
        for key in list(_held):
            release(key)
