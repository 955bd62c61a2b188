"""Reading a document's pages: by this process and, where it pays, a forked worker at once.

`start_reading` checks the file (a PDF, `InputMissing`/`NotAPdf`; at most `max_pages` pages,
`TooManyPages`), opens it with the settings' page source (`pages.PAGE_SOURCES`) and, when the
machine has a core to spare (`workers`, `DEFAULT_WORKERS`), the document more than one page and
the platform forks safely (Linux, this process running one thread), forks a worker that starts
reading pages at once, while this process goes on (the CLI imports the analysis meanwhile).
`Reading.pages()` then reads pages here too until none is left and returns every page's
`PageLayout`, in order; `read_pages` is both at once. The layouts are the same, byte for byte,
however many processes read them:

* pages are handed out one at a time from a queue, a pipe holding each page's index that both
  processes read `INDEX.size` bytes at a time (a pipe's reader takes whole what was written
  before, under the pipe's lock), so the work divides however fast each goes, each page once;
* each process opens the PDF itself, the worker after the fork (an open file's offset is shared
  across a fork), with the same source and bounds; no state passes from page to page;
* the worker sends its pages back as plain tuples, pickled (written by this program, read back
  only from the worker it forked), and counts them in shared memory for the progress shown here;
* a page that fails fails the reading as reading in order would: the error of the first failing
  page is raised (a process that fails empties the queue, so no later page is read for nothing).
  A worker that dies without its answer (the PDF library crashing on a hostile file) is a
  `NotAPdf` naming the file; the worker never outlives the reading (killed and waited for).
"""

from __future__ import annotations

import dataclasses
import gc
import mmap
import os
import pickle
import struct
import sys
import threading
from collections.abc import Callable
from operator import attrgetter
from pathlib import Path

from pipeline.errors import NotAPdf, PipelineError, TooManyPages
from pipeline.extract.geometry import Link, PageLayout, Word
from pipeline.extract.pages import PAGE_SOURCES, PageSource, check_is_pdf
from pipeline.extract.settings import ExtractSettings

DEFAULT_MAX_PAGES = 2000
Progress = Callable[[int, int], None]
"""Called with (pages read, pages in all) after each page."""
INDEX = struct.Struct("=I")
"""A page's index in the queue."""
COUNT = struct.Struct("=I")
"""Pages read so far by one process, in the memory both share: this process's first, the worker's next."""


def available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


DEFAULT_WORKERS = min(2, available_cores())
"""Processes that read a document's pages: two where the machine has two cores, else one."""


def forks_safely() -> bool:
    """Whether a worker may be forked: on Linux, from a process running one thread (a fork copies
    only the thread calling it, and what the others hold locked stays locked)."""
    return sys.platform == "linux" and threading.active_count() == 1


class Reading:
    """A document's pages being read, by this process (`pages()`) and maybe a worker already."""

    def __init__(self, path: Path, password: str | None, progress: Progress | None, settings: ExtractSettings, workers: int,
                 source: PageSource):
        self.path, self.progress, self.settings, self.source = path, progress, settings, source
        self.total = source.page_count
        self.counts = mmap.mmap(-1, 2 * COUNT.size)  # anonymous, so shared with a worker forked
        self.queue = PageQueue.shared(self.total) if workers > 1 and self.total > 1 and forks_safely() else None
        self.worker = Worker.forked(path, password, settings, self.queue, self.counts, self.shown) if self.queue else None
        """None also when no process could be forked: this one then reads the queue alone."""

    def pages(self) -> list[PageLayout]:
        """Every page's layout, in order, once this process and the worker have read them all."""
        outcomes: dict[int, PageLayout | PipelineError] = {}
        try:
            claims = self.queue.claims() if self.queue else iter(range(self.total))
            read_into(outcomes, self.source, claims, self.queue, self.counts, 0, self.shown)
            if self.worker:
                outcomes.update(self.worker.outcomes())
        finally:
            self.close()
        failed = [index for index, outcome in outcomes.items() if isinstance(outcome, PipelineError)]
        if failed:
            raise outcomes[min(failed)]
        if self.progress:
            self.progress(self.total, self.total)
        return [outcomes[index] for index in range(self.total)]

    def shown(self) -> None:
        """The progress after a page read, by either process: the pages both have read, the last
        of them (which ends the line) left to `pages()` once both are done."""
        if self.progress and (done := self.pages_read()) < self.total:
            self.progress(done, self.total)

    def pages_read(self) -> int:
        """By both processes, so far."""
        return sum(COUNT.unpack_from(self.counts, slot * COUNT.size)[0] for slot in (0, 1))

    def close(self) -> None:
        """The worker stopped, the queue and the PDF closed (once, however often called)."""
        if self.worker:
            self.worker.stop()
        if self.queue:
            self.queue.close()
        if self.source:
            self.source.close()
            self.source = None

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *_) -> None:
        self.close()


def start_reading(path: Path, password: str | None, max_pages: int, progress: Progress | None, settings: ExtractSettings,
                  workers: int = DEFAULT_WORKERS) -> Reading:
    """The reading of the PDF at `path` begun (see the module's docstring)."""
    check_is_pdf(path)
    source = PAGE_SOURCES[settings.page_source](path, password, settings)
    try:
        if source.page_count == 0:
            raise NotAPdf(path, "the PDF has no pages")
        if source.page_count > max_pages:
            raise TooManyPages(path, f"{source.page_count} pages is more than the limit of {max_pages} (raise it with --max-pages)")
        return Reading(path, password, progress, settings, workers, source)
    except BaseException:
        source.close()
        raise


def read_pages(path: Path, password: str | None, max_pages: int, progress: Progress | None, settings: ExtractSettings,
               workers: int = DEFAULT_WORKERS) -> list[PageLayout]:
    """Every page of the PDF at `path` as a `PageLayout`, read by the settings' page source."""
    return start_reading(path, password, max_pages, progress, settings, workers).pages()


def read_into(outcomes: dict, source: PageSource, claims, queue: PageQueue | None, counts: mmap.mmap, slot: int,
              after_page: Callable[[], None]) -> None:
    """Each claimed page's layout, or the error that stopped at it (then the queue emptied), into
    `outcomes` by index; this process's count of pages read (`slot` of `counts`) kept up."""
    for index in claims:
        try:
            outcomes[index] = source.layout(index)
        except PipelineError as error:
            outcomes[index] = error
            if queue:
                queue.empty()
            return
        COUNT.pack_into(counts, slot * COUNT.size, COUNT.unpack_from(counts, slot * COUNT.size)[0] + 1)
        after_page()


class PageQueue:
    """The indices of the pages not yet claimed, in a pipe both processes read."""

    def __init__(self, read_end: int):
        self.read_end = read_end

    @classmethod
    def shared(cls, total: int) -> PageQueue | None:
        """A queue of every page, or None when no pipe can hold them all (Linux's pipe-max-size,
        a mebibyte unless raised: 262,144 pages)."""
        read_end, write_end = os.pipe()
        data = b"".join(INDEX.pack(index) for index in range(total))
        try:
            if len(data) > PIPE_DEFAULT_BYTES:
                import fcntl

                fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, len(data))
            os.set_blocking(write_end, False)
            written = os.write(write_end, data)
        except OSError:
            written = -1
        finally:
            os.close(write_end)
        if written != len(data):
            os.close(read_end)
            return None
        return cls(read_end)

    def claims(self):
        """The next page's index, for as long as there is one."""
        while len(data := os.read(self.read_end, INDEX.size)) == INDEX.size:
            yield INDEX.unpack(data)[0]

    def empty(self) -> None:
        while os.read(self.read_end, 1 << 16):
            pass

    def close(self) -> None:
        if self.read_end >= 0:
            os.close(self.read_end)
            self.read_end = -1


PIPE_DEFAULT_BYTES = 1 << 16
"""What a pipe holds unless made larger (Linux's default)."""


class Worker:
    """The forked process reading pages from the queue, and the pipe it answers on."""

    def __init__(self, pid: int, answer: int, path: Path):
        self.pid, self.answer, self.path = pid, answer, path

    @classmethod
    def forked(cls, path: Path, password: str | None, settings: ExtractSettings, queue: PageQueue, counts: mmap.mmap,
               shown: Callable[[], None]) -> Worker | None:
        read_end, write_end = os.pipe()
        gc.freeze()  # what exists so far out of the collector's reach, till the worker ends (`ended`)
        try:
            pid = os.fork()
        except OSError:  # no process to spare (EAGAIN, ENOMEM)
            gc.unfreeze()
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the worker: it never returns from here
            status = 1
            try:
                os.close(read_end)
                with os.fdopen(write_end, "wb") as answer:
                    answer.write(pickle.dumps(worker_answer(path, password, settings, queue, counts, shown), pickle.HIGHEST_PROTOCOL))
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        return cls(pid, read_end, path)

    def outcomes(self) -> dict[int, PageLayout | PipelineError]:
        """What the worker read, once it has ended."""
        with os.fdopen(self.answer, "rb") as answer:
            self.answer = -1
            data = answer.read()
        status = self.ended()
        if status != 0 or not data:
            raise NotAPdf(self.path, f"reading its pages failed in the PDF library (the worker ended with {exit_of(status)})")
        pages, failure = pickle.loads(data)
        if failure:
            raise RuntimeError(f"the page worker failed reading {self.path}:\n{failure}")
        return dict(received(item) for item in pages)

    def stop(self) -> None:
        """The worker killed and waited for, unless it has ended already."""
        if self.answer >= 0:
            os.close(self.answer)
            self.answer = -1
        if self.pid:
            import signal

            os.kill(self.pid, signal.SIGKILL)
            self.ended()

    def ended(self) -> int:
        """The worker's exit status, once it has ended; the objects frozen at the fork back in
        the collector's reach. While both processes run, neither collector writes to the pages of
        what existed before the fork, which the two share until one writes to them (copy on write):
        a tenth of `cdpc extract`'s CPU time."""
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        gc.unfreeze()
        return status


def worker_answer(path: Path, password: str | None, settings: ExtractSettings, queue: PageQueue, counts: mmap.mmap,
                  shown: Callable[[], None]) -> tuple:
    """In the worker: the pages it read, as `sent`, and the traceback of a failure that is no
    `PipelineError` (a bug; else None)."""
    outcomes: dict = {}
    try:
        source = PAGE_SOURCES[settings.page_source](path, password, settings)
        try:
            read_into(outcomes, source, queue.claims(), queue, counts, 1, shown)
        finally:
            source.close()
    except PipelineError as error:  # opening the file again (it changed since?)
        queue.empty()
        return [sent(-1, error)], None
    except Exception:
        import traceback

        queue.empty()
        return [], traceback.format_exc()
    return [sent(index, outcome) for index, outcome in outcomes.items()], None


def exit_of(status: int) -> str:
    return f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit code {os.waitstatus_to_exitcode(status)}"


HELD_RECORDS = {"words": Word, "sideways": Word, "links": Link}
"""The fields of a `PageLayout` that hold records, by the record's class; the others are plain."""
LAYOUT_FIELDS = [field.name for field in dataclasses.fields(PageLayout)]
FIELDS_OF = {kind: attrgetter(*(field.name for field in dataclasses.fields(kind))) for kind in (Word, Link)}
"""A record's fields as a tuple, in their declared order (a tenth of the time pickle takes on the record)."""


def sent(index: int, outcome: PageLayout | PipelineError) -> tuple:
    """A page's outcome as plain values: its layout's fields (each record a tuple), or its error's
    class, file and problem."""
    if isinstance(outcome, PipelineError):
        return index, False, (type(outcome), outcome.path, outcome.problem)
    return index, True, [
        list(map(FIELDS_OF[HELD_RECORDS[name]], value)) if name in HELD_RECORDS else value
        for name, value in zip(LAYOUT_FIELDS, map(outcome.__getattribute__, LAYOUT_FIELDS))
    ]


def received(item: tuple) -> tuple[int, PageLayout | PipelineError]:
    """The page's outcome again, from what `sent` made of it."""
    index, ok, fields = item
    if not ok:
        kind, path, problem = fields
        return index, kind(path, problem)
    return index, PageLayout(*(
        [HELD_RECORDS[name](*record) for record in value] if name in HELD_RECORDS else value
        for name, value in zip(LAYOUT_FIELDS, fields)
    ))
