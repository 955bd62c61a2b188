"""Hostile PDFs, built by the tests with a hand-written PDF writer (`rendering.hostile`): each is
refused by the real CLI, through either page source, within 60 s and 1 GB with one error line and
its own exit code, and nothing is written. The bounds are `ExtractSettings`' `max_page_*` fields
and `Limits.render_pixels`. A page over a bound is refused before the library interprets it: a
page inflating to 1.5 GB would take more than the 1 GB allowed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from pipeline.errors import LimitExceeded
from pipeline.extract.pages import page_content
from pipeline.extract.rawpdf import RawPdf, Unsupported
from pipeline.extract.settings import DEFAULT_SETTINGS
from pipeline.limits import LIMITS
from pipeline.models import Extraction
from rendering import LAYOUTS, render
from rendering.hostile import (
    HostilePage,
    flate_bomb,
    hostile_pdf,
    lzw_bomb,
    lzw_encoded,
    run_length_bomb,
    run_length_encoded,
    text_content,
)
from tests.builders import MEGABYTES, SECONDS, make_input, refused
from tests.support import GOLDEN, PAPER, run_cdpc, run_measured

HEADER = text_content(["NAME PURPOSE MEMBERS", "Network of tests A test network Austria, Belgium"])


HOSTILE = {
    # 40 MB of blanks in a ~40 KB file: inflating stops at the bound.
    "inflates_to_40_MB": (HostilePage(HEADER + b" " * 40_000_000), "content decompresses to more than the limit of"),
    # 1.5 GB of blanks in a few KB, compressed twice (a chain of two Flate filters): each stage stops at the bound.
    "inflates_twice_to_1_5_GB": (HostilePage(flate_bomb(90 << 24), encoded=("FlateDecode",)),
                                 "content decompresses to more than the limit of"),
    # 1.5 GB of blanks as 600 KB of LZW codes, Flate-compressed to 7 KB: LZW stops at the bound.
    "lzw_to_1_5_GB": (HostilePage(lzw_bomb(1500 << 20), encoded=("LZWDecode",)), "content decompresses to more than the limit of"),
    # 250 MB of blanks as 3.9 MB of runs (under the bound), Flate-compressed to 4 KB: RunLength stops at the bound.
    "runs_to_250_MB": (HostilePage(run_length_bomb(250_000_000), encoded=("RunLengthDecode",)),
                       "content decompresses to more than the limit of"),
    # 64 bytes of CCITT fax data in rows 150 million pixels wide: pdfminer would make 1.5 GB of each row.
    "ccitt_rows_150_million_wide": (HostilePage(bytes(64), encoded=("CCITTFaxDecode",), parameters="/K -1 /Columns 150000000"),
                                    "content is encoded with /CCITTFaxDecode, which cannot be decoded within a bound"),
    # 400,000 path segments (lines and moves) in a few KB.
    "400000_rule_segments": (HostilePage(HEADER + b"1 1 m 2 2 l\n" * 200_000 + b"S\n"), "draws 400000 path segments"),
    # 20,000 one-letter words in one line of small print.
    "20000_words_on_a_line": (HostilePage(HEADER + b"BT /F1 1 Tf 0 0 Td (" + b"x " * 20_000 + b") Tj ET\n"),
                              "words, more than the limit of 5000"),
    # 300,000 characters shown by one operator.
    "300000_characters": (HostilePage(HEADER + b"BT /F1 1 Tf 0 0 Td (" + b"x" * 300_000 + b") Tj ET\n"), "holds about"),
}


@pytest.mark.parametrize("source", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_page_is_refused_within_bounds_naming_the_page(tmp_path, name, source):
    page, message = HOSTILE[name]
    pdf = hostile_pdf(tmp_path / f"{name}.pdf", [HostilePage(text_content(["A first page"])), page])
    assert pdf.stat().st_size < 64_000
    done, seconds, peak = run_measured("extract", pdf, "-o", tmp_path / "out.json", "--page-source", source, timeout=SECONDS)
    refused(done, 41, str(pdf), "page 2", message)
    assert seconds < SECONDS and peak < MEGABYTES
    assert not (tmp_path / "out.json").exists()


def test_the_bounds_leave_room_for_the_paper():
    """The bounds are far above what the paper holds (on its fullest page: 21 KB of content, 19
rules, 3,462 characters, 551 words)."""
    assert DEFAULT_SETTINGS.max_page_content_bytes >= 100 * 21_323
    assert DEFAULT_SETTINGS.max_page_segments >= 100 * 19
    assert DEFAULT_SETTINGS.max_page_objects >= 20 * 3_462 and DEFAULT_SETTINGS.max_page_words >= 9 * 551


def test_the_report_refuses_to_render_a_14400_pt_page(tmp_path, small_catalogue):
    root = tmp_path / "root"
    (root / "source_docs").mkdir(parents=True)
    (root / "corrections").mkdir()
    small_catalogue(root / "source_docs" / "huge.pdf", page_size=(14_400, 14_400))
    built, _, _ = run_measured("build", "--root", root)
    assert built.returncode == 0, built.stderr
    done, seconds, peak = run_measured("report", "pc-oc-mod-2020-03rev2", "-o", tmp_path / "report", "--root", root, timeout=SECONDS)
    refused(done, 41, "page 1 is 14400 × 14400 pt", f"more than the limit of {LIMITS.render_pixels}")
    assert seconds < SECONDS and peak < MEGABYTES
    assert not (tmp_path / "report").exists()


@pytest.fixture(scope="module")
def raw_readable(tmp_path_factory) -> dict[str, Path]:
    """PDFs as the raw reader meets them: the paper (LibreOffice: a table, Flate), a rendering
    (reportlab: ASCII85 then Flate), a PDF 1.5 file (objects in an object stream, a cross-reference
    stream with a predictor), a page encoded by RunLength under Flate, and a page inflating
    beyond the bound."""
    folder = tmp_path_factory.mktemp("raw")
    golden = Extraction.model_validate_json((GOLDEN / "extraction.json").read_text(encoding="utf-8"))
    pages = [HostilePage(text_content(["A first page"])), HostilePage(HEADER + b"1 1 m 2 2 l\n" * 500)]
    return {
        "paper": PAPER,
        "rendering": render(golden, folder / "rendering.pdf", LAYOUTS["a4_times_whole_rows"]) and folder / "rendering.pdf",
        "compact": hostile_pdf(folder / "compact.pdf", pages, compact=True),
        "encoded": hostile_pdf(folder / "encoded.pdf", [pages[0], HostilePage(run_length_encoded(pages[1].content), encoded=("RunLengthDecode",))]),
        "bomb": hostile_pdf(folder / "bomb.pdf", [pages[0], HOSTILE["inflates_to_40_MB"][0]], compact=True),
    }


def pdfminer_contents(path: Path) -> list[list[bytes] | None]:
    """Each page's decoded content as pdfminer reads it (None: over the bound)."""
    with path.open("rb") as handle:
        found = []
        for number, page in enumerate(PDFPage.create_pages(PDFDocument(PDFParser(handle))), start=1):
            try:
                found.append(sorted(page_content(page, path, number, DEFAULT_SETTINGS)))
            except LimitExceeded:
                found.append(None)
        return found


@pytest.mark.parametrize("name", ["paper", "rendering", "compact", "encoded", "bomb"])
def test_the_raw_reader_reads_each_page_s_content_as_pdfminer_does(raw_readable, name):
    path = raw_readable[name]
    expected = pdfminer_contents(path)
    raw = RawPdf(path, len(expected))
    try:
        read = [raw.page_contents(index, DEFAULT_SETTINGS.max_page_content_bytes) for index in range(len(expected))]
    finally:
        raw.close()
    assert [sorted(datas) if datas is not None else None for datas in read] == expected
    assert any(expected) and (None in expected) == (name == "bomb")


def test_the_raw_reader_leaves_what_it_does_not_read_exactly_to_pdfminer(tmp_path):
    """An encrypted file, one with an LZW page, and one whose cross-reference is off by what was
    put before it: the raw reader declines each; the LZW page is read as pdfminer reads it, and a
    hostile page in the last is refused all the same."""
    with pytest.raises(Unsupported, match="encrypted"):
        RawPdf(make_input("encrypted", tmp_path), 1)
    printed = text_content(["Network of tests A test network Austria, Belgium"])
    lzw = hostile_pdf(tmp_path / "lzw.pdf", [HostilePage(lzw_encoded(printed), encoded=("LZWDecode",))])
    with pytest.raises(Unsupported, match="LZWDecode"):
        RawPdf(lzw, 1).page_contents(0, DEFAULT_SETTINGS.max_page_content_bytes)
    assert pdfminer_contents(lzw) == [[printed]]
    content = HEADER + b"1 1 m 2 2 l\n" * 200_000 + b"S\n"
    pdf = hostile_pdf(tmp_path / "shifted.pdf", [HostilePage(text_content(["A first page"])), HostilePage(content)])
    pdf.write_bytes(b"%" + b"-" * 99 + b"\n" + pdf.read_bytes())
    with pytest.raises(Unsupported, match="not where the cross-reference says"):
        RawPdf(pdf, 2).page_contents(1, DEFAULT_SETTINGS.max_page_content_bytes)
    refused(run_cdpc("extract", pdf, "-o", tmp_path / "out.json"), 41, "page 2", "draws 400000 path segments")
