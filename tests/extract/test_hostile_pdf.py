"""Hostile PDFs, built by the tests with a hand-written PDF writer (`rendering.hostile`): each is
read through either page source by the real CLI within the bounds of `ExtractSettings` (the pages
are read in processes the operating system bounds: `pipeline.extract.bounds`) and refused with one
error line and its own exit code, and nothing is written; `Limits.render_pixels` bounds the report.

Each case is measured by what the bounds are for: the peak resident memory of the largest process
and the CPU time of all, below what reading the page unbounded takes (1.5 GB inflated, tens of CPU
seconds), so that a bound that stops working fails its case even where a later check refuses the
file anyway.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from pipeline.errors import LimitExceeded
from pipeline.extract.reading import read_pages
from pipeline.extract.settings import DEFAULT_SETTINGS
from pipeline.limits import Limits
from rendering.hostile import (
    HostilePage,
    flate_bomb,
    hostile_pdf,
    lzw_bomb,
    run_length_bomb,
    text_content,
)
from tests.builders import MEGABYTES, SECONDS, refused
from tests.support import PAPER, run_measured

HEADER = text_content(["NAME PURPOSE MEMBERS", "Network of tests A test network Austria, Belgium"])
MEMORY = rf"page 2 needs more than the limit of {DEFAULT_SETTINGS.max_reading_memory >> 20} MB of memory"
TIME = rf"page 2 takes more than the limit of {DEFAULT_SETTINGS.max_page_seconds} CPU seconds"
READER_BOUND = f"(?:{MEMORY}|{TIME})"
"""Past one bound or the other, whichever the library reaches first (a slower machine: the time)."""
UNREAD = (7, "the catalogue table has a header row but no rows")
NO_TABLE = (7, "no catalogue table found")
READER_MEGABYTES = (DEFAULT_SETTINGS.max_reading_memory >> 20) + 256
"""The peak resident memory a case may take: a reader's bound on memory, and the process it was forked from."""
CPU_SECONDS = 3 * DEFAULT_SETTINGS.max_page_seconds
"""The CPU time (every process's) a case may take: a reader's page, its opening, and the rest."""

HOSTILE = {
    # 1 GB of blanks in 1 MB of Flate data.
    "inflates_to_1_GB": (
        HostilePage(flate_bomb(64 << 24), compress=False, encoded=("FlateDecode",)),
        {"pdfium": (41, MEMORY), "pdfplumber": (41, MEMORY)},
    ),
    # 1.5 GB of blanks in a few KB, compressed twice (a chain of two Flate filters).
    "inflates_twice_to_1_5_GB": (
        HostilePage(flate_bomb(90 << 24), encoded=("FlateDecode",)),
        {"pdfium": (41, MEMORY), "pdfplumber": (41, MEMORY)},
    ),
    # 1.5 GB of blanks as 600 KB of LZW codes, Flate-compressed to 7 KB.
    "lzw_to_1_5_GB": (
        HostilePage(lzw_bomb(1500 << 20), encoded=("LZWDecode",)),
        {"pdfium": (41, MEMORY), "pdfplumber": (41, READER_BOUND)},
    ),
    # 250 MB of blanks as 3.9 MB of runs, Flate-compressed to 4 KB (PDFium decodes no RunLength content).
    "runs_to_250_MB": (
        HostilePage(run_length_bomb(250_000_000), encoded=("RunLengthDecode",)),
        {"pdfium": NO_TABLE, "pdfplumber": (41, MEMORY)},
    ),
    # 64 bytes of CCITT fax data in rows 150 million pixels wide: pdfminer would make 1.5 GB of each row.
    "ccitt_rows_150_million_wide": (
        HostilePage(bytes(64), encoded=("CCITTFaxDecode",), parameters="/K -1 /Columns 150000000"),
        {"pdfium": NO_TABLE, "pdfplumber": (41, MEMORY)},
    ),
    # 400,000 path segments (lines and moves) in a few KB.
    "400000_rule_segments": (
        HostilePage(HEADER + b"1 1 m 2 2 l\n" * 200_000 + b"S\n"),
        {"pdfium": UNREAD, "pdfplumber": (41, READER_BOUND)},
    ),
    # 20,000 one-letter words in one line of small print.
    "20000_words_on_a_line": (
        HostilePage(HEADER + b"BT /F1 1 Tf 0 0 Td (" + b"x " * 20_000 + b") Tj ET\n"),
        {
            "pdfium": (41, "page 2 holds 16395 words, more than the limit of 5000"),
            "pdfplumber": (41, "page 2 holds 20011 words, more than the limit of 5000"),
        },
    ),
    # 300,000 characters shown by one operator.
    "300000_characters": (
        HostilePage(HEADER + b"BT /F1 1 Tf 0 0 Td (" + b"x" * 300_000 + b") Tj ET\n"),
        {"pdfium": UNREAD, "pdfplumber": (41, READER_BOUND)},
    ),
}


@pytest.mark.parametrize("source", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_page_is_read_within_the_bounds_and_refused(tmp_path, name, source):
    page, outcomes = HOSTILE[name]
    code, message = outcomes[source]
    pdf = hostile_pdf(tmp_path / f"{name}.pdf", [HostilePage(text_content(["A first page"])), page])
    assert pdf.stat().st_size < 1_100_000
    done, seconds, peak = run_measured(
        "extract", pdf, "-o", tmp_path / "out.json", "--page-source", source, timeout=SECONDS
    )
    assert peak < READER_MEGABYTES and done.cpu_seconds < CPU_SECONDS, (peak, done.cpu_seconds, done.stderr)
    refused(done, code, str(pdf))
    assert re.search(message, done.stderr), done.stderr
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("source", ["pdfium", "pdfplumber"])
def test_the_bounds_leave_room_for_the_paper(source):
    """The paper reads the same within a quarter of each bound (on its fullest page: 33 KB handed
    back, 551 words; its slowest page: 0.2 CPU seconds)."""
    settings = replace(DEFAULT_SETTINGS, page_source=source)
    tight = replace(
        settings,
        max_reading_memory=settings.max_reading_memory // 4,
        max_page_seconds=1,
        max_page_layout_bytes=settings.max_page_layout_bytes // 200,
        max_page_words=settings.max_page_words // 4,
    )
    assert read_pages(PAPER, None, 100, None, tight) == read_pages(PAPER, None, 100, None, settings)


@pytest.mark.parametrize("source", ["pdfium", "pdfplumber"])
def test_a_page_handing_back_more_than_the_bound_is_refused_naming_it(source):
    """The bound is checked by the process receiving a page's layout: the paper's first page over
    a bound of 30 KB (its second: 33 KB) is named, whichever reader read it."""
    settings = replace(DEFAULT_SETTINGS, page_source=source, max_page_layout_bytes=30_000)
    with pytest.raises(LimitExceeded, match=r"page 2 hands back \d+ bytes, more than the limit of 30000$"):
        read_pages(PAPER, None, 100, None, settings)


def test_the_report_refuses_to_render_a_14400_pt_page(tmp_path, small_catalogue):
    root = tmp_path / "root"
    (root / "source_docs").mkdir(parents=True)
    (root / "corrections").mkdir()
    small_catalogue(root / "source_docs" / "huge.pdf", page_size=(14_400, 14_400))
    built, _, _ = run_measured("build", "--root", root)
    assert built.returncode == 0, built.stderr
    done, seconds, peak = run_measured(
        "report", "pc-oc-mod-2020-03rev2", "-o", tmp_path / "report", "--root", root, timeout=SECONDS
    )
    refused(done, 41, "page 1 is 14400 × 14400 pt", f"more than the limit of {Limits.render_pixels}")
    assert seconds < SECONDS and peak < MEGABYTES
    assert not (tmp_path / "report").exists()
