"""Reading a document's pages in forked processes the operating system bounds, one or two at once.

`start_reading` checks the file (`check_is_pdf`: `InputMissing`, `NotAPdf`) and forks the workers:
two where the machine has a core to spare (`workers`, `DEFAULT_WORKERS`), else one, while this
process goes on (the CLI imports the analysis meanwhile). Each worker bounds itself before it opens
the PDF and again before each page (`bounds`: address space, CPU seconds), so whatever the library
does, for either page source, costs no more than the bounds; this process never opens the PDF with
a library. `Reading.pages()` then gathers every page's `PageLayout`, in order; `read_pages` is both
at once. The layouts are the same, byte for byte, however many processes read them:

* the first worker opens the PDF, checks its pages (none: `NotAPdf`; more than `max_pages`:
  `TooManyPages`), says how many there are and puts each page's index in the queue (a pipe:
  `pipeline.extract.pipes.PageQueue`), so the work divides however fast each worker goes, each
  page once; the second opens the PDF once it has claimed a page;
* a worker sends each message on its own pipe as it goes (the page count, the page it starts, the
  page's outcome: `pipes.sent`); this process refuses a message longer than a page's layout may be
  (`max_page_layout_bytes`) before reading it, naming the page;
* a page that fails fails the reading as reading in order would: the error of the first failing
  page is raised (the queue emptied, so no later page is read for nothing). A worker ended by
  SIGXCPU went over its CPU seconds and one ended by SIGABRT over its memory (PDFium aborts when an
  allocation fails): `LimitExceeded` naming the page it was reading; one that dies otherwise (the
  PDF library crashing on a hostile file) is a `NotAPdf` naming the file. No worker outlives the
  reading (killed and waited for).

Where no process can be forked safely (not on Linux, or this process runs threads), this process
reads the pages itself, unbounded.
"""

from __future__ import annotations

import faulthandler
import gc
import os
import select
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import cast

from pipeline.errors import NotAPdf, PipelineError, TooManyPages
from pipeline.extract.bounds import bound_page, bound_process, layout_too_large, memory_exceeded, seconds_exceeded
from pipeline.extract.geometry import PageLayout
from pipeline.extract.pages import PAGE_SOURCES, PageSource, check_is_pdf
from pipeline.extract.pipes import MessageTooLong, PageQueue, answer_with, received, sent, taken_messages
from pipeline.extract.settings import ExtractSettings

DEFAULT_MAX_PAGES = 2000
Progress = Callable[[int, int], None]
"""Called with (pages read, pages in all) after each page."""
LIMIT_SIGNALS: dict[int, Callable[..., PipelineError]] = {
    signal.SIGXCPU: seconds_exceeded,
    signal.SIGABRT: memory_exceeded,
}
"""The bound a worker ended by each signal went over."""
OUT_OF_MEMORY = 3
"""A worker's exit code when it ran out of memory where it could not say so (writing a message)."""


def available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


DEFAULT_WORKERS = min(2, available_cores())
"""Processes that read a document's pages: two where the machine has two cores, else one."""


def forks_safely() -> bool:
    """Whether a worker may be forked: on Linux, from a process running one thread (a fork copies
    only the thread calling it, and what the others hold locked stays locked)."""
    return sys.platform == "linux" and threading.active_count() == 1


class Reading:
    """A document's pages being read by the workers forked (or by this process, `pages()`)."""

    def __init__(
        self,
        path: Path,
        password: str | None,
        max_pages: int,
        progress: Progress | None,
        settings: ExtractSettings,
        workers: int,
    ):
        self.path, self.password, self.max_pages, self.progress, self.settings = (
            path,
            password,
            max_pages,
            progress,
            settings,
        )
        self.total: int | None = None
        self.outcomes: dict[int, PageLayout | PipelineError] = {}
        self.queue = PageQueue()
        self.workers: list[Worker] = []
        if forks_safely():
            gc.freeze()  # what exists so far out of the collector's reach till the workers end (`close`)
            for first in [True] + [False] * (workers - 1):
                worker = Worker.forked(path, password, max_pages, settings, self.queue, first)
                if worker is None:
                    break
                self.workers.append(worker)
        if self.workers:
            self.queue.close_filler()
        elif forks_safely():
            gc.unfreeze()

    def pages(self) -> list[PageLayout]:
        """Every page's layout, in order, once the workers have read them all."""
        try:
            if self.workers:
                self.gather()
            else:
                for message in readings(
                    self.path, self.password, self.max_pages, self.settings, self.queue, True, False
                ):
                    self.take(None, message)
        finally:
            self.close()
        failed = {index: outcome for index, outcome in self.outcomes.items() if isinstance(outcome, PipelineError)}
        if failed:
            raise failed[min(failed)]
        total = self.total
        assert total is not None, "the opening's message gives the page count"
        if self.progress:
            self.progress(total, total)
        return cast("list[PageLayout]", [self.outcomes[index] for index in range(total)])  # none failed

    def gather(self) -> None:
        """The workers' messages taken as they come, until each worker has ended."""
        while live := [worker for worker in self.workers if worker.answer >= 0]:
            for worker in select.select(live, [], [])[0]:
                try:
                    for message in worker.messages(self.settings.max_page_layout_bytes):
                        self.take(worker, message)
                except MessageTooLong as long:
                    worker.stop()
                    self.failed(
                        worker.current,
                        layout_too_large(self.path, number_of(worker.current), long.length, self.settings),
                    )
                    continue
                if worker.answer < 0 and worker.status:
                    self.failed(worker.current, worker.failure(self.path, self.settings))

    def take(self, worker: Worker | None, message: tuple) -> None:
        kind, value = message
        if kind == "count":
            self.total = value
        elif kind == "reading":
            if worker:
                worker.current = value
        elif kind == "bug":
            raise RuntimeError(f"the page worker failed reading {self.path}:\n{value}")
        else:
            index, outcome = received(value)
            if worker:
                worker.current = None
            if isinstance(outcome, PipelineError):
                self.failed(index, outcome)
                return
            assert index is not None, "the opening gives no layout"
            self.outcomes[index] = outcome
            if self.progress and self.total and len(self.outcomes) < self.total:
                self.progress(len(self.outcomes), self.total)

    def failed(self, index: int | None, error: PipelineError) -> None:
        """`error` is the outcome of page `index` (None: of the opening); no page is claimed after it."""
        self.outcomes[-1 if index is None else index] = error
        if self.workers:
            self.queue.empty()

    def close(self) -> None:
        """The workers stopped, the queue closed (once, however often called)."""
        if self.workers:
            for worker in self.workers:
                worker.stop()
            self.workers = []
            gc.unfreeze()
        self.queue.close()

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *_) -> None:
        self.close()


def number_of(index: int | None) -> int | None:
    return None if index is None else index + 1


def start_reading(
    path: Path,
    password: str | None,
    max_pages: int,
    progress: Progress | None,
    settings: ExtractSettings,
    workers: int = DEFAULT_WORKERS,
) -> Reading:
    """The reading of the PDF at `path` begun (see the module's docstring)."""
    check_is_pdf(path)
    return Reading(path, password, max_pages, progress, settings, workers)


def read_pages(
    path: Path,
    password: str | None,
    max_pages: int,
    progress: Progress | None,
    settings: ExtractSettings,
    workers: int = DEFAULT_WORKERS,
) -> list[PageLayout]:
    """Every page of the PDF at `path` as a `PageLayout`, read by the settings' page source."""
    return start_reading(path, password, max_pages, progress, settings, workers).pages()


def readings(
    path: Path,
    password: str | None,
    max_pages: int,
    settings: ExtractSettings,
    queue: PageQueue,
    first: bool,
    bounded: bool,
) -> Iterator[tuple]:
    """A worker's messages: ("count", pages) from the first, then ("reading", index) and ("page",
    its outcome `sent`) for each page it claims, till none is left or one fails (the queue then
    emptied); each page bounded
    (`bound_page`) when `bounded`. An opening that fails is the outcome of page None, and an
    allocation that fails (over the bound on memory) the error of the page it was for."""
    source: PageSource | None = None
    index = None
    try:
        claims: Iterable[int] = queue.claims()
        if first:
            source = opened(path, password, settings)
            if source.page_count == 0:
                raise NotAPdf(path, "the PDF has no pages")
            if source.page_count > max_pages:
                raise TooManyPages(
                    path, f"{source.page_count} pages is more than the limit of {max_pages} (raise it with --max-pages)"
                )
            yield "count", source.page_count
            claims = queue.filled(source.page_count)
        for index in claims:
            yield "reading", index
            if bounded:
                bound_page(settings)
            source = source or opened(path, password, settings)
            outcome = source.layout(index)
            yield "page", sent(index, outcome)
    except PipelineError as error:
        queue.close_filler()
        queue.empty()
        yield "page", sent(index, error)
    except MemoryError:
        queue.close_filler()
        queue.empty()
        yield "page", sent(index, memory_exceeded(path, number_of(index), settings))
    finally:
        queue.close_filler()
        if source:
            source.close()


def opened(path: Path, password: str | None, settings: ExtractSettings) -> PageSource:
    return PAGE_SOURCES[settings.page_source](path, password, settings)


class Worker:
    """A forked process reading pages from the queue, and the pipe it answers on."""

    def __init__(self, pid: int, answer: int):
        self.pid, self.answer = pid, answer
        self.current: int | None = None
        """The page it is reading (None: none, or the opening)."""
        self.status = 0
        self.received = bytearray()

    @classmethod
    def forked(
        cls, path: Path, password: str | None, max_pages: int, settings: ExtractSettings, queue: PageQueue, first: bool
    ) -> Worker | None:
        """A worker forked, or None when no process could be (EAGAIN, ENOMEM)."""
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the worker: it never returns from here
            status = 1
            try:
                os.close(read_end)
                os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # what a library prints is not ours to say
                faulthandler.disable()  # nor a crash's traceback: this process reports it
                if not first:
                    queue.close_filler()
                bound_process(settings)
                answer_with(write_end, readings(path, password, max_pages, settings, queue, first, True))
                status = 0
            except MemoryError:
                status = OUT_OF_MEMORY
            finally:
                os._exit(status)
        os.close(write_end)
        return cls(pid, read_end)

    def fileno(self) -> int:
        return self.answer

    def messages(self, longest: int) -> list[tuple]:
        """The messages whole in what the worker sent so far (read once `select` says there is
        some, `taken_messages`); the worker waited for once it has closed its pipe."""
        chunk = os.read(self.answer, 1 << 16)
        if not chunk:
            os.close(self.answer)
            self.answer = -1
            self.ended()
        self.received += chunk
        return taken_messages(self.received, longest)

    def failure(self, path: Path, settings: ExtractSettings) -> PipelineError:
        """The error a worker that ended with `status` stands for."""
        if os.WIFSIGNALED(self.status) and os.WTERMSIG(self.status) in LIMIT_SIGNALS:
            return LIMIT_SIGNALS[os.WTERMSIG(self.status)](path, number_of(self.current), settings)
        if os.WIFEXITED(self.status) and os.WEXITSTATUS(self.status) == OUT_OF_MEMORY:
            return memory_exceeded(path, number_of(self.current), settings)
        return NotAPdf(
            path, f"reading its pages failed in the PDF library (the worker ended with {exit_of(self.status)})"
        )

    def stop(self) -> None:
        """The worker killed and waited for, unless it has ended already."""
        if self.answer >= 0:
            os.close(self.answer)
            self.answer = -1
        if self.pid:
            os.kill(self.pid, signal.SIGKILL)
            self.ended()

    def ended(self) -> None:
        """The worker's exit status kept, once it has ended."""
        _, self.status = os.waitpid(self.pid, 0)
        self.pid = 0


def exit_of(status: int) -> str:
    return (
        f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit code {os.waitstatus_to_exitcode(status)}"
    )
