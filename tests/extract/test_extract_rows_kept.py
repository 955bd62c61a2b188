"""No row lost or merged silently: rotated pages, rows ending at a page foot, words left over.

A page whose /Rotate turns its text sideways is read as its text reads; a page whose text runs
sideways anyway is refused, naming the page (exit 11) — by either page source. Whether a row goes on over a page break
is read from the table's geometry, never from a missing ")" in a name. A word inside the table
that ends in no cell, header row or heading stops extraction, naming page and word (exit 12); in
a table without rules, a name line set apart beside no cell starting level with it, naming page
and line (exit 14).
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.extract import DEFAULT_SETTINGS, extract_pdf
from pipeline.models import Block, Extraction, Row, RowProvenance
from rendering import DEFAULT_LAYOUT, LAYOUTS, Layout, paginate, render
from tests.support import GOLDEN, run_cdpc


@pytest.fixture(scope="module")
def golden() -> Extraction:
    return Extraction.model_validate_json((GOLDEN / "extraction.json").read_text(encoding="utf-8"))


def printed(row) -> tuple:
    """A row's cells and its footnotes' numbers and anchors (not their pages: those are the paper's in the golden
    file)."""
    notes = [(note.number, note.anchor, note.url) for note in row.footnotes]
    return row.section, row.name, row.website, [b.text for b in row.purpose], [b.text for b in row.members], notes


SOURCES = ["pdfium", "pdfplumber"]


@pytest.mark.parametrize("source", SOURCES)
def test_pages_turned_sideways_by_their_rotate_are_read_as_their_text_reads(golden, tmp_path, source):
    """The same rendering with three pages given /Rotate 90 reads exactly as the upright one."""
    layout = Layout(ruling="horizontal")
    upright = render(golden, tmp_path / "upright.pdf", layout)
    placement = render(golden, tmp_path / "rotated.pdf", replace(layout, rotated_pages=(3, 8, 9)))
    assert placement == upright and any(8 in placement.row_pages(i) for i in range(len(golden.rows)))
    settings = replace(DEFAULT_SETTINGS, page_source=source)
    extraction = extract_pdf(tmp_path / "rotated.pdf", settings=settings)
    assert [printed(row) for row in extraction.rows] == [
        printed(row) for row in extract_pdf(tmp_path / "upright.pdf", settings=settings).rows
    ]
    assert [row.provenance.pages for row in extraction.rows] == [
        list(placement.row_pages(i)) for i in range(len(golden.rows))
    ]
    assert len(extraction.rows) == len(golden.rows)


def sideways_pdf(path, upright_first_page: bool):
    """A catalogue page, then (or only) a page whose text is drawn turned by 90 degrees."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    if upright_first_page:
        table_page(pdf)
        pdf.showPage()
    pdf.rotate(90)
    for n, text in enumerate(["PURPOSE MEMBERS", "Network (N) Helps prosecutors. Albania"]):
        pdf.drawString(72, -100 - 16 * n, text)
    pdf.save()
    return path


def table_page(pdf, stray: str | None = None):
    """A small ruled catalogue table: a header row and two rows; `stray` printed sideways in a cell."""
    for x in (66, 240, 410, 530):
        pdf.line(x, 765, x, 665)
    for y in (765, 740, 700, 665):
        pdf.line(66, y, 530, y)
    pdf.setFont("Helvetica-Bold", 11)
    pdf.drawString(72, 780, "Networks")
    pdf.drawString(250, 750, "PURPOSE")
    pdf.drawString(420, 750, "MEMBERS")
    rows = [
        ("Alpha Network (AN)", "Helps prosecutors.", "Albania, Andorra"),
        ("Beta Network (BN)", "Trains judges.", "Belgium"),
    ]
    for n, (name, purpose, members) in enumerate(rows):
        y = 720 - 40 * n
        pdf.setFont("Helvetica-Bold", 11)
        pdf.drawString(72, y, name)
        pdf.setFont("Helvetica", 11)
        pdf.drawString(250, y, purpose)
        pdf.drawString(420, y, members)
    if stray:
        pdf.saveState()
        pdf.translate(380, 700)
        pdf.rotate(90)
        pdf.drawString(0, 0, stray)
        pdf.restoreState()


@pytest.mark.parametrize("page_source", SOURCES)
def test_a_page_whose_text_runs_sideways_is_refused_naming_the_page(tmp_path, page_source):
    source = sideways_pdf(tmp_path / "sideways.pdf", upright_first_page=True)
    result = run_cdpc("extract", source, "-o", tmp_path / "out.json", "--page-source", page_source)
    assert result.returncode == 11
    assert (
        result.stderr
        == f"cdpc: error: {source}: page 2: its text runs sideways, not left to right; turn the page upright and "
        f"extract again\n"
    )
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("source", SOURCES)
def test_a_word_inside_the_table_in_no_cell_stops_extraction_naming_page_and_word(tmp_path, source):
    clean, stray = tmp_path / "clean.pdf", tmp_path / "stray.pdf"
    for path, word in ((clean, None), (stray, "Andorra")):
        pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
        table_page(pdf, word)
        pdf.save()
    names = [row.name for row in extract_pdf(clean, settings=replace(DEFAULT_SETTINGS, page_source=source)).rows]
    assert names == ["Alpha Network (AN)", "Beta Network (BN)"]
    result = run_cdpc("extract", stray, "-o", tmp_path / "out.json", "--page-source", source)
    assert result.returncode == 12, result.stderr
    named = re.match(
        rf"cdpc: error: {re.escape(str(stray))}: page 1: the word '(\w+)' \(x \d+, y \d+\) ", result.stderr
    )
    assert named and (named[1] in "Andorra" or named[1] in "arrodnA")  # sideways letters read as they come
    assert result.stderr.endswith("lies inside the catalogue table but in no cell, header row or heading\n")
    assert not (tmp_path / "out.json").exists()


FIELDS = ["environmental", "cybercrime", "anti-corruption", "asset recovery", "counter-terrorism and extremism", "tax"]


def short_rows(count: int) -> Extraction:
    """Rows whose names print no acronym and no ")" and are their rows' longest cell."""
    rows = [
        Row(
            section="Networks",
            name=f"Network {n} of {FIELDS[n % len(FIELDS)]} prosecutors, no acronym",
            purpose=[
                Block(text="Helps the prosecutors of its member states to cooperate in criminal matters.", boxes=[])
            ],
            members=[Block(text="Albania, Andorra, Armenia and Austria", boxes=[])],
            footnotes=[],
            provenance=RowProvenance(pages=[], cells={}),
        )
        for n in range(count)
    ]
    return Extraction.model_validate(
        {
            "source": {"file": "x.pdf", "sha256": "0" * 64, "pages": 0, "symbol": "X (2020) 1"},
            "front_matter": [],
            "sections": ["Networks"],
            "rows": [row.model_dump() for row in rows],
            "footnotes": [],
        }
    )


@pytest.mark.parametrize("ruling", ["full", "horizontal", "none"])
def test_a_row_ending_at_a_page_foot_without_a_closing_parenthesis_is_not_merged_into_the_next(tmp_path, ruling):
    content = short_rows(60)
    layout = replace(DEFAULT_LAYOUT, ruling=ruling)
    placement = paginate(content, layout)
    breaks = [i for i in range(59) if placement.row_pages(i + 1)[0] == placement.row_pages(i)[-1] + 1]
    assert breaks and all(len(placement.row_pages(i)) == 1 for i in breaks)  # rows end at page feet, uncut
    render(content, tmp_path / "short.pdf", layout)
    extraction = extract_pdf(tmp_path / "short.pdf")
    assert [row.name for row in extraction.rows] == [row.name for row in content.rows]
    assert [printed(row) for row in extraction.rows] == [printed(row) for row in content.rows]


@pytest.mark.parametrize("page_source", SOURCES)
def test_a_name_set_apart_with_no_cell_beside_it_in_a_table_without_rules_stops_naming_the_page(
    golden, tmp_path, page_source
):
    """Without rules, a row starts where a name line set apart stands level with the other cells'
    first lines; a name printed alone (its row's purpose and members left empty) is neither that
    nor a line of the row above: extraction stops naming its page and line (exit 14), rather than
    merge it into the row above."""
    index = 3
    rows = list(golden.rows)
    rows[index] = rows[index].model_copy(update={"purpose": [], "members": [], "footnotes": []})
    placement = render(
        golden.model_copy(update={"rows": rows}), tmp_path / "name-alone.pdf", LAYOUTS["a4_helvetica_norules"]
    )
    (page,) = placement.row_pages(index)
    out = tmp_path / "out.json"
    result = run_cdpc("extract", tmp_path / "name-alone.pdf", "-o", out, "--page-source", page_source)
    assert result.returncode == 14 and result.stderr.count("\n") == 1, result.stderr
    first_line = rows[index].name.split()[0]
    assert f"page {page}: the name-cell line '{first_line} " in result.stderr and not out.exists()
