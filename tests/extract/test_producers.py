"""PDFs printed by real producers, read exactly and alike by both page sources: the gate.

`tests/producers/` holds PDFs made by `scripts/make_producer_corpus.sh` (`rendering/producers.py`):
the golden 2017 rows and the 2020 revision printed by LibreOffice Writer (tables in DejaVu Sans,
DejaVu Serif and Liberation Serif, whose OpenType ligatures Writer uses; A4, Letter and Legal,
portrait and landscape; ruled or not; justified or not), by Chromium (an HTML table) and
re-distilled by Ghostscript, with cells beyond the BMP, combining marks, a Hebrew word and a
ToUnicode mapping a glyph to a lone surrogate. Next to each PDF, its truth: its rows as printed.

The gate: every PDF gives the same extraction JSON, byte for byte, through `cdpc extract` with
`--page-source pdfplumber` (a subprocess) and `extract_pdf` with the PDFium source, and rows equal
to its truth. Below it, the characters a ToUnicode CMap can map — the BMP's edges, the astral
planes, lone surrogates, NUL — through both sources, `cdpc extract`, `cdpc build` and `cdpc check`.
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.extract import DEFAULT_SETTINGS, extract_pdf
from pipeline.extract.catalogue import to_json
from pipeline.extract.pages import PAGE_SOURCES
from rendering.producers import patched_tounicode, printed_row
from tests.support import REPO, run_cdpc

CORPUS = REPO / "tests" / "producers"
PDFS = {path.stem: path for path in sorted(CORPUS.glob("*.pdf"))}
PDFIUM = replace(DEFAULT_SETTINGS, page_source="pdfium")
PLUMBER = replace(DEFAULT_SETTINGS, page_source="pdfplumber")
SINGLE_PRECISION = {
    "ghostscript-writer-2017-dejavuserif-letter-norules": (
        "Ghostscript writes TJ numbers and text moves to 5 or 6 digits; PDFium keeps them in single precision, so "
        "a box on a hundredth's edge rounds the other way: PDFium is therefore not the default page source"
    ),
}
"""The PDFs whose extraction the PDFium source cannot give byte for byte, and why."""


def truth(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[tuple[str, str], str]:
    """(PDF, source) → extraction JSON: pdfplumber's through `cdpc extract` in a subprocess (two at
    once), PDFium's through `extract_pdf` in this process meanwhile."""
    folder = tmp_path_factory.mktemp("producers")

    def by_cli(name: str) -> str:
        out = folder / f"{name}.json"
        done = run_cdpc("extract", PDFS[name], "-o", out, "--page-source", "pdfplumber", "--quiet")
        assert done.returncode == 0 and done.stderr == "", done.stderr
        return out.read_text(encoding="utf-8")

    with ThreadPoolExecutor(max_workers=2) as pool:
        cli = {name: pool.submit(by_cli, name) for name in PDFS}
        found = {(name, "pdfium"): to_json(extract_pdf(path, settings=PDFIUM)) for name, path in PDFS.items()}
        found |= {(name, "pdfplumber"): future.result() for name, future in cli.items()}
    return found


def test_the_corpus_holds_three_producers_three_fonts_three_page_sizes_and_both_papers_whole():
    truths = [truth(name) for name in PDFS]
    assert {t["producer"] for t in truths} == {"writer", "chromium", "ghostscript"}
    assert {t["font"] for t in truths} >= {"DejaVu Sans", "DejaVu Serif", "Liberation Serif"}
    assert {t["page"] for t in truths} >= {"A4", "A4 landscape", "Letter", "Legal", "Legal landscape"}
    assert {t["ruling"] for t in truths} == {"full", "horizontal", "none"} and {t["justified"] for t in truths} == {
        True,
        False,
    }
    whole = {(t["content"], t["font"]) for t in truths if t["whole"]}
    assert {("2017", "DejaVu Sans"), ("2020", "DejaVu Serif")} <= whole
    assert sum(len(t["rows"]) for t in truths) > 150


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=SINGLE_PRECISION[n]))
        if n in SINGLE_PRECISION
        else n
        for n in PDFS
    ],
)
def test_both_page_sources_give_the_same_extraction_byte_for_byte(extracted, name):
    assert extracted[name, "pdfium"] == extracted[name, "pdfplumber"]


@pytest.mark.parametrize("source", ["pdfplumber", "pdfium"])
@pytest.mark.parametrize("name", list(PDFS))
def test_every_row_is_read_as_printed(extracted, name, source):
    from pipeline.models import Extraction

    rows = [printed_row(row) for row in Extraction.model_validate_json(extracted[name, source]).rows]
    assert rows == truth(name)["rows"]


def test_sections_are_the_printed_headings(extracted):
    from pipeline.models import Extraction

    for name in PDFS:
        assert Extraction.model_validate_json(extracted[name, "pdfplumber"]).sections == truth(name)["sections"], name


def test_a_web_address_wrapped_after_its_scheme_is_the_rows_website(extracted):
    """Writer breaks "https://" | "www.eurojust.europa.eu/…" after the slashes: the scheme alone on
    its line is still the address's first line, not the end of the name."""
    from pipeline.models import Extraction

    name = "writer-2020-dejavuserif-a4-landscape"
    rows = Extraction.model_validate_json(extracted[name, "pdfplumber"]).rows
    assert [(row.name, row.website) for row in rows] == [(row["name"], row["website"]) for row in truth(name)["rows"]]
    assert sum(row.website.startswith("https://") for row in rows) >= 5


LIGATURE_LETTERS = re.compile("ff|fi|fl")


def page_words(path: Path, settings) -> list[list[str]]:
    source = PAGE_SOURCES[settings.page_source](path, None, settings)
    try:
        return [[word.text for word in source.layout(index).words] for index in range(source.page_count)]
    finally:
        source.close()


@pytest.mark.parametrize("name", ["writer-2017-dejavusans-a4", "chromium-2020-dejavuserif-a4-landscape"])
def test_a_ligature_glyph_is_read_inside_its_word_by_both_sources(name):
    """Writer and Chromium print "ff", "fi", "ffi" as one glyph the ToUnicode maps to several
    characters: PDFium must give them in the word, with no space inside ("different")."""
    pdfium, plumber = (
        [[word for word in page if LIGATURE_LETTERS.search(word)] for page in page_words(PDFS[name], settings)]
        for settings in (PDFIUM, PLUMBER)
    )
    assert pdfium == plumber
    words = {word for page in pdfium for word in page}
    assert {"effective", "offices", "officials", "financing"} & words and not {"ff", "fi", "eff", "diff", "off"} & words


# --- what a ToUnicode CMap can map -----------------------------------------------------------------

CMAP_TARGETS = {
    "NUL": "0000",
    "a C0 control": "001F",
    "DEL": "007F",
    "a soft hyphen": "00AD",
    "the last before the surrogates": "D7FF",
    "a lone high surrogate": "D800",
    "a lone low surrogate": "DC00",
    "a low surrogate, then a high one": "DC00D800",
    "the first private use": "E000",
    "a byte order mark": "FEFF",
    "U+FFFD": "FFFD",
    "U+FFFE": "FFFE",
    "U+FFFF": "FFFF",
    "a right-to-left override": "202E",
    "an emoji": "D83DDE00",
    "a CJK Extension B ideograph": "D840DC00",
    "U+10FFFF": "DBFFDFFF",
    "three characters": "006600660069",
}
"""What the patched ToUnicode maps one glyph to, UTF-16BE in hex, by what it is."""


def patched(target: str, folder: Path) -> Path:
    path = folder / f"mapped-to-{target}.pdf"
    path.write_bytes(patched_tounicode(PDFS["writer-2017-dejavusans-lone-surrogate"].read_bytes(), "\ud800", target))
    return path


PDFIUM_MARKS = (
    "PDFium reads U+FFFE as its mark of a line-end hyphen and U+FFFF as its mark of a mapping to several characters"
)


@pytest.mark.parametrize(
    "what",
    [
        pytest.param(w, marks=pytest.mark.xfail(strict=True, reason=PDFIUM_MARKS)) if w in ("U+FFFE", "U+FFFF") else w
        for w in sorted(CMAP_TARGETS)
    ],
)
def test_any_character_a_tounicode_maps_a_glyph_to_is_read_alike_by_both_sources(tmp_path, what):
    path = patched(CMAP_TARGETS[what], tmp_path)
    pdfium, plumber = (to_json(extract_pdf(path, settings=settings)) for settings in (PDFIUM, PLUMBER))
    assert pdfium == plumber
    json.loads(pdfium)  # valid JSON of valid text
    assert not re.search("[\ud800-\udfff]", pdfium)


@pytest.mark.parametrize("page_source", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("target", ["0000", "D800", "DBFFDFFF"])
def test_cdpc_extract_reads_a_nul_a_lone_surrogate_and_the_last_code_point_without_a_word_on_stderr(
    tmp_path, target, page_source
):
    path = patched(target, tmp_path)
    done = run_cdpc("extract", path, "-o", tmp_path / "out.json", "--page-source", page_source, "--quiet")
    assert (done.returncode, done.stderr) == (0, "")
    json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))


def test_a_lone_surrogate_is_u_fffd_and_cdpc_build_and_check_name_its_page_and_cell(tmp_path):
    pdf = PDFS["writer-2017-dejavusans-lone-surrogate"]
    built = run_cdpc("build", pdf, "--root", tmp_path, "--quiet")
    assert built.returncode == 0 and "Traceback" not in built.stderr, built.stderr
    assert "1 unreadable_character" in built.stdout
    checked = run_cdpc("check", pdf, "--quiet")
    lines = [line.split("\t") for line in checked.stdout.splitlines()]
    unreadable = [line for line in lines if line[4] == "unreadable_character"]
    assert checked.returncode == 1 and len(unreadable) == 1
    page, network, cell, raw = unreadable[0][:4]
    assert (page, network, cell) == ("p1", "g20-anti-corruption-working-group", "purpose")
    assert raw.endswith("\ufffd-mark")


def test_a_superscript_three_where_a_marker_stands_is_no_marker_and_no_crash(tmp_path):
    """'³' is a digit to `str.isdigit` that `int` refuses: a footnote marker mapped to it was a
    traceback in `marker_words`."""
    path = tmp_path / "superscript-three.pdf"
    path.write_bytes(patched_tounicode(PDFS["writer-2017-dejavusans-a4"].read_bytes(), "2", "00B3"))
    for page_source in ("pdfium", "pdfplumber"):
        done = run_cdpc("extract", path, "-o", tmp_path / "out.json", "--page-source", page_source, "--quiet")
        assert (done.returncode, done.stderr) == (0, "")
        assert "³" in (tmp_path / "out.json").read_text(encoding="utf-8")
