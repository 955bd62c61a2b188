"""What reading a page may cost, bounded by the operating system (issue 20: one way to bound a page).

Pages are read in a forked process (`reading`) that `bound_process` limits with `resource.setrlimit`
before it opens the PDF, so that whatever a library does for a page — decode its content, fonts and
images, repair a cross-reference — is bounded alike, through either page source. The bounds are
`ExtractSettings`' fields; a breach is `LimitExceeded` naming the page (or the file, while opening):

* the process's address space: what it held when forked plus `max_reading_memory` (`RLIMIT_AS`),
  past which an allocation fails (`memory_exceeded`; a library that cannot go on without the
  memory ends the process, which is reported as the library's failure);
* its CPU time: `max_page_seconds` to open the document, and as many again for each page
  (`bound_page` raises the soft `RLIMIT_CPU` before each; past it the kernel ends the process
  with SIGXCPU: `seconds_exceeded`);
* what it hands back: a page's layout, pickled, at most `max_page_layout_bytes`, checked by the
  process that receives it before it reads it (`layout_too_large`);
* its words, counted before the analysis (`check_words`), which also refuses with `SidewaysPage`
  a page whose text mostly runs sideways.
"""

from __future__ import annotations

import os
import resource
from pathlib import Path

from pipeline.errors import LimitExceeded, SidewaysPage
from pipeline.extract.geometry import PageLayout
from pipeline.extract.settings import ExtractSettings


def where(number: int | None) -> str:
    return f"page {number}" if number else "opening the PDF"


def memory_exceeded(path: Path, number: int | None, settings: ExtractSettings) -> LimitExceeded:
    return LimitExceeded(
        path, f"{where(number)} needs more than the limit of {settings.max_reading_memory >> 20} MB of memory"
    )


def seconds_exceeded(path: Path, number: int | None, settings: ExtractSettings) -> LimitExceeded:
    return LimitExceeded(path, f"{where(number)} takes more than the limit of {settings.max_page_seconds} CPU seconds")


def layout_too_large(path: Path, number: int | None, size: int, settings: ExtractSettings) -> LimitExceeded:
    return LimitExceeded(
        path, f"{where(number)} hands back {size} bytes, more than the limit of {settings.max_page_layout_bytes}"
    )


def bound_process(settings: ExtractSettings) -> None:
    """Limit this process (a forked reader) to `max_reading_memory` more address space than it
    holds now, and to `max_page_seconds` of CPU time more than it has spent."""
    held = int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    lowered(resource.RLIMIT_AS, held + settings.max_reading_memory)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a reader the kernel ends leaves no core file
    bound_page(settings)


def bound_page(settings: ExtractSettings) -> None:
    """Give this process `max_page_seconds` of CPU time from now on, the seconds begun counted whole."""
    spent = resource.getrusage(resource.RUSAGE_SELF)
    lowered(resource.RLIMIT_CPU, int(spent.ru_utime + spent.ru_stime) + 1 + settings.max_page_seconds)


def lowered(kind: int, soft: int) -> None:
    """Set the soft limit of `kind` to `soft`, within the hard limit (which stays)."""
    _, hard = resource.getrlimit(kind)
    resource.setrlimit(kind, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))


def check_words(layout: PageLayout, path: Path, settings: ExtractSettings) -> None:
    """Raise LimitExceeded when a page holds more words than the settings allow, and SidewaysPage
    when more of its words run sideways than left to right (in its reading orientation)."""
    count = len(layout.words) + len(layout.sideways)
    if count > settings.max_page_words:
        raise LimitExceeded(
            path, f"page {layout.number} holds {count} words, more than the limit of {settings.max_page_words}"
        )
    if len(layout.sideways) > len(layout.words):
        raise SidewaysPage(
            path,
            f"page {layout.number}: its text runs sideways, not left to right; turn the page upright and extract again",
        )
