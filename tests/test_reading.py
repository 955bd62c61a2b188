"""Reading a document's pages in two processes (`pipeline.extract.reading`): the same layouts as one
process reads, every page read once by one of them, the first failing page's error whichever
process met it, a worker that dies or fails reported (never outliving the reading), and one
process reading alone where a fork is unsafe.

The worker is made to take part for sure by a page source that takes its time over each page and
logs which process read it (`logged_source`): registered in `PAGE_SOURCES`, which the forked
worker inherits.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.errors import LimitExceeded, NotAPdf
from pipeline.extract.pages import PAGE_SOURCES
from pipeline.extract.reading import PageQueue, read_pages, start_reading
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
        assert reading.worker is not None
        shared = reading.pages()
    assert shared == alone
    assert [layout.number for layout in shared] == list(range(1, 27))


def test_two_processes_read_sideways_words_as_one_does(tmp_path):
    """The paper prints no word sideways: four pages that each print one up the margin."""
    margin = b"BT /F1 9 Tf 0 1 -1 0 40 300 Tm (a margin note) Tj ET\n"
    pdf = hostile_pdf(tmp_path / "margins.pdf", [HostilePage(text_content([f"Page {n} of a document whose text reads left to right"] * 3) + margin) for n in range(1, 5)])
    alone = read_pages(pdf, None, 10, None, DEFAULT_SETTINGS, workers=1)
    with start_reading(pdf, None, 10, None, DEFAULT_SETTINGS, workers=2) as reading:
        assert reading.worker is not None
        assert reading.pages() == alone
    assert all("".join(w.text for w in layout.sideways) == "amarginonte" for layout in alone)  # as PDFium orders them


def test_each_page_is_read_once_by_one_of_the_two_processes(logged_source):
    log, _ = logged_source
    pages = read_pages(PAPER, None, 100, None, LOGGED, workers=2)
    by_pid = readers(log)
    assert len(by_pid) == 2 and os.getpid() in by_pid
    assert sorted(index for indices in by_pid.values() for index in indices) == list(range(26))
    assert pages == read_pages(PAPER, None, 100, None, PDFIUM, workers=1)


def test_progress_counts_the_pages_both_processes_read(logged_source):
    shown: list[tuple[int, int]] = []
    read_pages(PAPER, None, 100, lambda done, total: shown.append((done, total)), LOGGED, workers=2)
    # this process's calls only (the worker's went to its own copy of the list); the last says all
    assert shown[-1] == (26, 26) and [done for done, _ in shown] == sorted(done for done, _ in shown)
    assert all(done < 26 for done, _ in shown[:-1]) and len(shown) < 26


@pytest.mark.parametrize(
    ("delays", "read"),
    [({2: 0.6}, {0, 1, 3}), ({2: 0.3, 4: 0.6}, {0, 1, 3}), ({1: 0.5}, {0, 1})],
    ids=["page 5 fails first", "page 3 fails first", "the other process stops there"],
)
def test_the_first_failing_page_is_raised_whichever_process_meets_it(tmp_path, logged_source, delays, read):
    """Six pages, the third and fifth over a bound; each page takes 0.1 s to read but those delayed."""
    log, behaviour = logged_source
    pdf = two_bad_pages(tmp_path / "two-bad.pdf")
    behaviour["delays"] = lambda index: delays.get(index, 0.1)
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
    with pytest.raises(NotAPdf, match=r"CDPC-2017-1-rev.pdf: reading its pages failed in the PDF library \(the worker ended with signal 9\)"):
        read_pages(PAPER, None, 100, None, LOGGED, workers=2)


def test_a_bug_in_the_worker_is_raised_with_its_traceback(logged_source):
    _, behaviour = logged_source
    parent = os.getpid()

    def fail(index):
        if os.getpid() != parent:
            raise ZeroDivisionError(f"a bug on page {index + 1}")

    behaviour["act"] = fail
    with pytest.raises(RuntimeError, match=r"(?s)the page worker failed reading .*CDPC-2017-1-rev.pdf.*ZeroDivisionError: a bug on page"):
        read_pages(PAPER, None, 100, None, LOGGED, workers=2)


def test_the_worker_never_outlives_the_reading(logged_source):
    with start_reading(PAPER, None, 100, None, LOGGED, workers=2) as reading:
        pid = reading.worker.pid
        os.kill(pid, 0)  # alive, reading
    with pytest.raises(ProcessLookupError):  # killed and waited for: no such process, not even a zombie
        os.kill(pid, 0)


def test_a_process_running_threads_reads_alone(logged_source):
    log, _ = logged_source
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        with start_reading(PAPER, None, 100, None, LOGGED, workers=2) as reading:
            assert reading.worker is None
            pages = reading.pages()
    finally:
        release.set()
        thread.join()
    assert set(readers(log)) == {os.getpid()} and len(pages) == 26


def test_one_worker_reads_alone_without_forking(logged_source):
    log, _ = logged_source
    with start_reading(PAPER, None, 100, None, LOGGED, workers=1) as reading:
        assert reading.worker is None and reading.queue is None
        reading.pages()
    assert set(readers(log)) == {os.getpid()}


def test_the_queue_gives_every_page_once_in_order():
    queue = PageQueue.shared(100_000)  # 400 KB: more than a pipe holds unless made larger
    assert queue is not None
    assert list(queue.claims()) == list(range(100_000))
    queue.close()


def test_pages_no_pipe_holds_are_read_by_one_process(monkeypatch, logged_source):
    """A pipe is made larger than 64 KB only up to pipe-max-size (but by root): past it, no queue."""
    import fcntl

    def refused(*_):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(fcntl, "fcntl", refused)
    assert PageQueue.shared(20_000) is None
    assert PageQueue.shared(16_384) is not None  # 64 KB fit as they are
    monkeypatch.setattr("pipeline.extract.reading.PIPE_DEFAULT_BYTES", 8)  # as if the paper's 26 pages did not fit
    log, _ = logged_source
    with start_reading(PAPER, None, 100, None, LOGGED, workers=2) as reading:
        assert reading.queue is None and reading.worker is None
        assert len(reading.pages()) == 26
    assert set(readers(log)) == {os.getpid()}
