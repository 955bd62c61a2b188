"""Reading a document's pages in bounded worker processes (`pipeline.extract.reading`): the same
layouts from two workers as from one, every page read once by one of them and none by this process,
the first failing page's error whichever worker met it, a worker that dies, fails or goes over a
bound of the operating system reported (never outliving the reading), and this process reading
alone where a fork is unsafe.

The worker is made to take part for sure by a page source that takes its time over each page and
logs which process read it (`logged_source`): registered in `PAGE_SOURCES`, which the forked
worker inherits.
"""

from __future__ import annotations

import os
import select
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.errors import LimitExceeded, NotAPdf
from pipeline.extract.pages import PAGE_SOURCES
from pipeline.extract.pipes import PageQueue
from pipeline.extract.reading import read_pages, start_reading
from pipeline.extract.settings import DEFAULT_SETTINGS
from rendering.hostile import HostilePage, hostile_pdf, text_content
from tests.support import PAPER

LOGGED = replace(DEFAULT_SETTINGS, page_source="logged")
PDFIUM = replace(DEFAULT_SETTINGS, page_source="pdfium")
"""What the "logged" source reads with, to compare with."""


@pytest.fixture
def logged_source(monkeypatch, tmp_path):
    """Registers the page source "logged": PDFium's, each page read appended to `tmp_path/pages.log`
    as "pid index" after `delays(index)` seconds, and `act(index)` called first (in whichever
    process reads the page). Returns the log's path and a setter of `delays` and `act`."""
    log = tmp_path / "pages.log"
    behaviour = {"delays": lambda index: 0.02, "act": lambda index: None}
    pdfium = PAGE_SOURCES["pdfium"]

    class Logged:
        def __init__(self, path, password, settings):
            self.inner = pdfium(path, password, replace(settings, page_source="pdfium"))
            self.page_count = self.inner.page_count

        def layout(self, index):
            behaviour["act"](index)
            time.sleep(behaviour["delays"](index))
            layout = self.inner.layout(index)
            with log.open("a", encoding="utf-8") as out:
                out.write(f"{os.getpid()} {index}\n")
            return layout

        def close(self):
            self.inner.close()

    monkeypatch.setitem(PAGE_SOURCES, "logged", Logged)
    return log, behaviour


def readers(log: Path) -> dict[int, list[int]]:
    """The pages each process read, by its pid."""
    by_pid: dict[int, list[int]] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        pid, index = map(int, line.split())
        by_pid.setdefault(pid, []).append(index)
    return by_pid


def two_bad_pages(path: Path) -> Path:
    """Six pages, the third and the fifth over the word bound (20,000 one-letter words)."""
    crowded = text_content(["A crowded page"]) + b"BT /F1 1 Tf 0 0 Td (" + b"x " * 20_000 + b") Tj ET\n"
    pages = [HostilePage(crowded if number in (3, 5) else text_content([f"Page {number}"])) for number in range(1, 7)]
    return hostile_pdf(path, pages)


@pytest.mark.parametrize("source", ["pdfium", "pdfplumber"])
def test_two_processes_read_the_paper_as_one_does(source):
    settings = replace(DEFAULT_SETTINGS, page_source=source)
    alone = read_pages(PAPER, None, 100, None, settings, workers=1)
    with start_reading(PAPER, None, 100, None, settings, workers=2) as reading:
        assert len(reading.workers) == 2
        shared = reading.pages()
    assert shared == alone
    assert [layout.number for layout in shared] == list(range(1, 27))


def test_two_processes_read_sideways_words_as_one_does(tmp_path):
    """The paper prints no word sideways: four pages that each print one up the margin."""
    margin = b"BT /F1 9 Tf 0 1 -1 0 40 300 Tm (a margin note) Tj ET\n"
    pdf = hostile_pdf(
        tmp_path / "margins.pdf",
        [
            HostilePage(text_content([f"Page {n} of a document whose text reads left to right"] * 3) + margin)
            for n in range(1, 5)
        ],
    )
    alone = read_pages(pdf, None, 10, None, DEFAULT_SETTINGS, workers=1)
    with start_reading(pdf, None, 10, None, DEFAULT_SETTINGS, workers=2) as reading:
        assert len(reading.workers) == 2
        assert reading.pages() == alone
    assert all("".join(w.text for w in layout.sideways) == "amarginonte" for layout in alone)  # as PDFium orders them


def test_each_page_is_read_once_by_one_of_the_two_workers(logged_source):
    log, _ = logged_source
    pages = read_pages(PAPER, None, 100, None, LOGGED, workers=2)
    by_pid = readers(log)
    assert len(by_pid) == 2 and os.getpid() not in by_pid
    assert sorted(index for indices in by_pid.values() for index in indices) == list(range(26))
    assert pages == read_pages(PAPER, None, 100, None, PDFIUM, workers=1)


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_counts_the_pages_the_workers_read(logged_source, workers):
    shown: list[tuple[int, int]] = []
    read_pages(PAPER, None, 100, lambda done, total: shown.append((done, total)), LOGGED, workers=workers)
    assert shown == [(done, 26) for done in range(1, 27)]  # each page as this process receives it


WAIT_SECONDS = 60
"""How long a page's reading waits for another's (`waiting`) before it fails the reading: a bound, never reached
but by a hang."""


def waited_for(found: Callable[[], object]) -> object:
    """What `found` returns once it is no longer None (or False): asked again every millisecond."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not (value := found()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {WAIT_SECONDS} s")
        time.sleep(0.001)
    return value


def process_ended(pid: int) -> None:
    """Returns once process `pid` (another worker: not this process's child) has ended."""
    ended = os.pidfd_open(pid)  # readable once the process has ended
    try:
        if not select.select([ended], [], [], WAIT_SECONDS)[0]:
            raise TimeoutError(f"process {pid} still running after {WAIT_SECONDS} s")
    finally:
        os.close(ended)


def waiting(log: Path, started: Path, waits: dict[int, tuple[str, int]]) -> Callable[[int], None]:
    """An `act` for `logged_source`: page `index`, in whichever worker reads it, noted as started
    (pid, index) in `started`, then held till `waits[index]` is so: ("read", other) till page
    `other` is in the log; ("ended", other) till the process reading page `other` has ended (its
    failure met and the queue emptied: a worker ends only after that)."""

    def act(index: int) -> None:
        with started.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {index}\n")
        what, other = waits.get(index, ("", -1))
        if what == "read":
            waited_for(lambda: log.exists() and any(other in indices for indices in readers(log).values()))
        elif what == "ended":
            process_ended(
                waited_for(
                    lambda: (
                        started.exists()
                        and next((pid for pid, indices in readers(started).items() if other in indices), None)
                    )
                )
            )

    return act


@pytest.mark.parametrize(
    ("waits", "read"),
    [({2: ("ended", 4)}, {0, 1, 3}), ({2: ("read", 3), 4: ("ended", 2)}, {0, 1, 3}), ({1: ("ended", 2)}, {0, 1})],
    ids=["page 5 fails first", "page 3 fails first", "the other process stops there"],
)
def test_the_first_failing_page_is_raised_whichever_process_meets_it(tmp_path, logged_source, waits, read):
    """Six pages, the third and fifth over a bound, read in the order `waits` sets whatever the
    machine's load: page 3 once page 5 has failed; page 3 failing once page 4 is read and page 5
    once page 3 has failed; page 2 (in the other worker) read once page 3 has failed."""
    log, behaviour = logged_source
    pdf = two_bad_pages(tmp_path / "two-bad.pdf")
    behaviour["act"] = waiting(log, tmp_path / "started.log", waits)
    with pytest.raises(LimitExceeded, match=r"page 3\b") as raised:
        read_pages(pdf, None, 10, None, LOGGED, workers=2)
    assert {index for indices in readers(log).values() for index in indices} == read  # none past a failure once met
    with pytest.raises(LimitExceeded) as alone:
        read_pages(pdf, None, 10, None, PDFIUM, workers=1)
    assert str(raised.value) == str(alone.value)


def test_a_worker_that_dies_is_an_error_naming_the_file(logged_source):
    _, behaviour = logged_source
    parent = os.getpid()
    behaviour["act"] = lambda index: os.kill(os.getpid(), signal.SIGKILL) if os.getpid() != parent else None
    with pytest.raises(
        NotAPdf,
        match=r"CDPC-2017-1-rev.pdf: reading its pages failed in the PDF library \(the worker ended with signal 9\)",
    ):
        read_pages(PAPER, None, 100, None, LOGGED, workers=2)


def test_a_bug_in_the_worker_is_raised_with_its_traceback(logged_source):
    _, behaviour = logged_source
    parent = os.getpid()

    def fail(index):
        if os.getpid() != parent:
            raise ZeroDivisionError(f"a bug on page {index + 1}")

    behaviour["act"] = fail
    with pytest.raises(
        RuntimeError,
        match=r"(?s)the page worker failed reading .*CDPC-2017-1-rev.pdf.*ZeroDivisionError: a bug on page",
    ):
        read_pages(PAPER, None, 100, None, LOGGED, workers=2)


def test_the_workers_never_outlive_the_reading(logged_source):
    with start_reading(PAPER, None, 100, None, LOGGED, workers=2) as reading:
        pids = [worker.pid for worker in reading.workers]
        for pid in pids:
            os.kill(pid, 0)  # alive, reading
    for pid in pids:
        with pytest.raises(ProcessLookupError):  # killed and waited for: no such process, not even a zombie
            os.kill(pid, 0)


def test_a_process_running_threads_reads_alone(logged_source):
    log, _ = logged_source
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        with start_reading(PAPER, None, 100, None, LOGGED, workers=2) as reading:
            assert reading.workers == []
            pages = reading.pages()
    finally:
        release.set()
        thread.join()
    assert set(readers(log)) == {os.getpid()} and len(pages) == 26


def test_on_one_core_one_bounded_worker_reads_every_page(logged_source):
    log, _ = logged_source
    with start_reading(PAPER, None, 100, None, LOGGED, workers=1) as reading:
        assert len(reading.workers) == 1
        pid = reading.workers[0].pid
        assert len(reading.pages()) == 26
    assert readers(log) == {pid: list(range(26))}


def test_the_queue_gives_every_page_once_in_order():
    queue = PageQueue()
    assert list(queue.filled(100_000)) == list(range(100_000))  # 400 KB: more than a pipe holds unless made larger
    queue.close()


def test_pages_no_pipe_holds_are_read_by_the_first_worker(monkeypatch, logged_source):
    """A pipe is made larger only up to pipe-max-size (but by root): past it, the queue stays empty
    and the worker that would fill it reads every page."""
    import fcntl

    def refused(*_):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(fcntl, "fcntl", refused)  # as if the paper's 26 pages did not fit
    queue = PageQueue()
    assert list(queue.filled(20)) == list(range(20)) and list(queue.claims()) == []
    queue.close()
    log, _ = logged_source
    with start_reading(PAPER, None, 100, None, LOGGED, workers=2) as reading:
        first = reading.workers[0].pid
        assert len(reading.pages()) == 26
    assert readers(log) == {first: list(range(26))}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_page_over_the_cpu_bound_is_refused_naming_it(logged_source, workers):
    """The operating system ends the worker spinning on page 3 (SIGXCPU) once past its CPU seconds."""
    _, behaviour = logged_source

    def spin(index):
        while index == 2:
            pass

    behaviour["act"] = spin
    bounded = replace(LOGGED, max_page_seconds=1)
    started = time.process_time()
    with pytest.raises(LimitExceeded, match=r"CDPC-2017-1-rev.pdf: page 3 takes more than the limit of 1 CPU seconds$"):
        read_pages(PAPER, None, 100, None, bounded, workers=workers)
    assert time.process_time() - started < 1  # spent by the worker, not here


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("how", ["allocated", "aborted"])
def test_a_page_over_the_memory_bound_is_refused_naming_it(logged_source, workers, how):
    """A worker's address space ends its bound on memory above what it held when forked: an
    allocation past it fails (Python's MemoryError), or the library aborts (PDFium's way)."""
    _, behaviour = logged_source
    parent = os.getpid()
    held = []

    def allocate(index):
        if index == 1 and os.getpid() != parent:
            held.append(bytearray(DEFAULT_SETTINGS.max_reading_memory // 2))  # within the bound
            if how == "aborted":
                os.abort()
            held.append(bytearray(DEFAULT_SETTINGS.max_reading_memory // 2 + (64 << 20)))  # past it

    behaviour["act"] = allocate
    with pytest.raises(
        LimitExceeded, match=r"CDPC-2017-1-rev.pdf: page 2 needs more than the limit of 512 MB of memory$"
    ):
        read_pages(PAPER, None, 100, None, LOGGED, workers=workers)
