"""Rows cut by a page break: joined as printed, or one error naming the page, never an extra row.

A row of the 2020 revision is printed (by `rendering`, landscape A4 with rules, between the rows
around it, opening a page) with the page break forced into it after each of its lines in turn:
in its name, in the website under it, in its purpose and members, right before a group heading.
Each printing must read back as the truth. A row whose cut nothing printed explains (a name cut
after a full line beside cells that each end a paragraph) stops with `RowCutUnclear` naming the
page the fragment opens (exit 13, one line, nothing written): never a row split or merged. PDFs printed by LibreOffice
Writer (`tests/producers/page_breaks/`, made by `scripts/page_break_pdfs.py`) cut CARIN's name
before "(CARIN)", its members before the group heading "Regional asset recovery inter-agency
networks" (bold, and printed plain) and T-CY's website before "tcy"; they read as their truth
through both page sources, and CARIN's members keep World Bank in their group. A footnote marker
wrapped alone onto a page's last body line keeps its footnote.

How a cell reads across a break, on lines built as a page source reads them: a prose cell whose
last line ends a sentence (a full stop, a colon: "Its tasks are:") does not carry on, one ending
mid-sentence does; a list closed by its last item after "and" or "or" ends its block at the
break, one left open goes on with the next page's items.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import replace

import pytest

from pipeline.columns import CELL_NAMES, COLUMNS
from pipeline.errors import RowCutUnclear
from pipeline.extract import DEFAULT_SETTINGS, extract_pdf
from pipeline.extract.blocks import build_blocks
from pipeline.extract.rows import carries_on
from pipeline.models import Block, Extraction, Row, RowProvenance
from pipeline.normalise.member_groups import member_groups
from rendering import DEFAULT_LAYOUT, LAYOUTS_2020, catalogue_2020_extraction, paginate, render
from rendering.pagination import laid_out
from tests.builders import measured_document, printed_line
from tests.support import GOLDEN, REPO, run_cdpc

PRODUCED = REPO / "tests" / "producers" / "page_breaks"
LAYOUT = replace(LAYOUTS_2020["default"], rows_on_new_page=(1,))
"""The 2020 revision's printing, the row to cut (the second of three) opening a page."""
SOURCES = ["pdfium", "pdfplumber"]


def printed(row) -> tuple:
    """A row as printed: section, name, website, and each block of the purpose and members cells."""
    blocks = lambda cell: [(block.text, block.style) for block in cell]
    return row.section, row.name, row.website, blocks(row.purpose), blocks(row.members)


def around(index: int) -> Extraction:
    """The 2020 revision's row `index` between the rows printed before and after it."""
    truth = catalogue_2020_extraction()
    rows = truth.rows[index - 1 : index + 2]
    return truth.model_copy(update={"rows": rows, "sections": list(dict.fromkeys(row.section for row in rows))})


def cut_depth(lines: int, layout=LAYOUT) -> float:
    """A forced page break after `lines` lines of a row (its cells' padding included)."""
    return 2 * layout.cell_padding + lines * layout.leading + 0.01


def cuts(index: int) -> list[tuple[int, int]]:
    """(row, lines) for every line after which a forced page break cuts the row, up to where the
    row prints as it would unforced (on one page, or cut where its page ends)."""
    content, found = around(index), []
    unforced = paginate(content, LAYOUT)
    for lines in range(1, 200):
        placement = paginate(content, replace(LAYOUT, row_cuts=((1, cut_depth(lines)),)))
        if placement == unforced:
            break
        found.append((index, lines))
    return found


JIT, CARIN = 2, 7
"""The JIT network (its website, the longest, wraps over three lines under its name) and CARIN
(a name over three lines, members in four groups)."""
CUTS = cuts(JIT) + cuts(CARIN)


def openings(index: int, lines: int) -> dict[str, str]:
    """What each cell of row `index` cut after `lines` lines prints first on its second page."""
    content, layout = around(index), replace(LAYOUT, row_cuts=((1, cut_depth(lines)),))
    pages, placement = laid_out(content, layout)
    second = placement.row_pages(1)[1]
    placed = sorted(pages[second - 1].lines, key=lambda place: place.baseline)
    found = {}
    for cell, left in zip(CELL_NAMES, layout.column_lefts):
        if second in placement.cell_pages[1].get(cell, ()):
            texts = [
                "".join(glyph.text for glyph in place.line.glyphs)
                for place in placed
                if place.x == left + layout.cell_padding
            ]
            found[cell] = next(text for text in texts if text not in ("PURPOSE", "MEMBERS"))
    return found


def test_the_cuts_fall_in_the_name_the_website_the_cells_and_before_a_group_heading():
    """The forced breaks cover every kind of position the tests mean to cut at: JIT's name before
    "(JIT)", its website (three lines) before each of its lines; CARIN's name, its members list
    inside "World Bank", and right before the group heading "Regional asset recovery …"."""
    jit, carin = around(JIT).rows[1], around(CARIN).rows[1]
    jit_names = [openings(JIT, lines).get("name") for _, lines in cuts(JIT)]
    assert "(JIT)" in jit_names
    assert {text for text in jit_names if text and text in jit.website and not jit.website.startswith(text)} >= {
        "teams"
    }
    assert len({text for text in jit_names if text and text in jit.website}) == 4
    carin_openings = [openings(CARIN, lines) for _, lines in cuts(CARIN)]
    assert "Inter-Agency Network (CARIN)" in [opening.get("name") for opening in carin_openings]
    members = [opening.get("members") for opening in carin_openings]
    assert "Bank (Associate)" in members and "Regional asset recovery inter-agency" in members
    assert (
        carin.members[6].text == "Regional asset recovery inter-agency networks" and carin.members[6].style == "heading"
    )


@pytest.mark.parametrize("index, lines", CUTS, ids=[f"row{index}-after-line{lines}" for index, lines in CUTS])
def test_a_row_cut_after_any_line_reads_as_printed(tmp_path, index, lines):
    """Each of these cuts is told by what is printed (a cell going on mid-word, mid-sentence or
    mid-list, a web address under the name, a cell left empty), so it joins: no error, no row
    split or merged, every block as printed."""
    content = around(index)
    placement = render(content, tmp_path / "cut.pdf", replace(LAYOUT, row_cuts=((1, cut_depth(lines)),)))
    assert len(placement.row_pages(1)) == 2
    extraction = extract_pdf(tmp_path / "cut.pdf")
    assert [printed(row) for row in extraction.rows] == [printed(row) for row in content.rows]
    assert [row.provenance.pages for row in extraction.rows] == [list(placement.row_pages(i)) for i in range(3)]


PARAGRAPHS = [
    "Helps prosecutors.",
    "Trains judges.",
    "Keeps contact points.",
    "Meets yearly.",
    "Publishes guides.",
    "Hosts a register.",
    "Runs a forum.",
    "Reports to ministers.",
    "Shares practice.",
    "Holds a seminar.",
]
COUNTRIES = [
    "Albania",
    "Andorra",
    "Armenia",
    "Austria",
    "Belgium",
    "Bulgaria",
    "Croatia",
    "Cyprus",
    "Denmark",
    "Estonia",
]


def unclear_rows() -> Extraction:
    """Two rows, the second's purpose and members one-line paragraphs, longer than its name and
    the web address under it: cut after the name's first line ("Beta", the next word too wide
    for it), the next page's "Prosecutors Cooperation Gamma Network (GN)" beside paragraphs
    may be the rest of that row or a row of their own."""

    def row(name: str, purpose: list[str], members: list[str], website: str | None = None) -> Row:
        return Row(
            section="Networks",
            name=name,
            website=website,
            purpose=[Block(text=text, boxes=[]) for text in purpose],
            members=[Block(text=text, boxes=[]) for text in members],
            footnotes=[],
            provenance=RowProvenance(pages=[], cells={}),
        )

    rows = [
        row(
            "Alpha Network (AN)",
            [
                "Helps the prosecutors of its member states to cooperate in criminal matters, "
                "trains them, and keeps a list of contact points in each of them."
            ]
            * 3,
            ["Albania"],
        ),
        row(
            "Beta Prosecutors Cooperation Gamma Network (GN)",
            PARAGRAPHS,
            COUNTRIES,
            "www.gamma-network.org/prosecutors/cooperation",
        ),
    ]
    return Extraction.model_validate(
        {
            "source": {"file": "x.pdf", "sha256": "0" * 64, "pages": 0, "symbol": "X (2020) 1"},
            "front_matter": [],
            "sections": ["Networks"],
            "rows": [r.model_dump() for r in rows],
            "footnotes": [],
        }
    )


UNCLEAR_LAYOUT = replace(DEFAULT_LAYOUT, column_fractions=(0.2, 0.5, 0.3))


def unclear_cuts(content: Extraction | None = None) -> dict[str, float]:
    """Top margins that make the page break cut the second row's name (of `content`, by default
    `unclear_rows()`) after each of its lines, by what the name column opens the next page with:
    a natural break, the page full."""
    content = content or unclear_rows()
    found = {}
    for margin in range(72, 720, 2):
        layout = replace(UNCLEAR_LAYOUT, margin_top=float(margin))
        pages, placement = laid_out(content, layout)
        if len(placement.row_pages(1)) == 2:
            placed = sorted(pages[placement.row_pages(1)[1] - 1].lines, key=lambda place: place.baseline)
            names = [
                "".join(glyph.text for glyph in place.line.glyphs)
                for place in placed
                if place.x == layout.column_lefts[0] + layout.cell_padding
            ]
            if names:
                found.setdefault(names[0], float(margin))
    return found


UNCLEAR_CUTS = unclear_cuts()


def test_a_cut_nothing_printed_explains_stops_with_one_line_naming_the_page(tmp_path):
    layout = replace(UNCLEAR_LAYOUT, margin_top=UNCLEAR_CUTS["Prosecutors"])
    placement = render(unclear_rows(), tmp_path / "unclear.pdf", layout)
    first, second = placement.row_pages(1)
    result = run_cdpc("extract", tmp_path / "unclear.pdf", "-o", tmp_path / "out.json")
    assert result.returncode == 13, result.stderr
    assert result.stderr.startswith(
        f"cdpc: error: {tmp_path / 'unclear.pdf'}: page {second}: cannot tell whether the row fragment at the top of "
        f"the page "
    )
    assert (
        "('Prosecutors Cooperation Gamma Network (GN) www.gamma- network.org/pros ecutors/cooperat ion' | 'Trains "
        "judges." in result.stderr
    )
    assert f"goes on with the row 'Beta' cut at the foot of page {first}" in result.stderr
    assert result.stderr.count("\n") == 1 and not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("opening", sorted(UNCLEAR_CUTS))
def test_the_unclear_row_cut_anywhere_joins_or_stops_naming_the_page(tmp_path, opening):
    """Cut after each line of its name and of the web address under it, the row joins where
    something printed tells (a cell left empty on the next page, the address's tail going on in
    lower case) and stops naming the page where nothing does (its cells' texts compared: in so
    short a document the line pitch, measured from it, takes the space between two paragraphs
    for a line's)."""
    placement = render(unclear_rows(), tmp_path / "cut.pdf", replace(UNCLEAR_LAYOUT, margin_top=UNCLEAR_CUTS[opening]))
    try:
        rows = extract_pdf(tmp_path / "cut.pdf").rows
    except RowCutUnclear as unclear:
        assert not opening[:1].islower(), "a name cell going on in lower case tells"
        assert str(unclear).startswith(
            f"{tmp_path / 'cut.pdf'}: page {placement.row_pages(1)[1]}: cannot tell whether"
        ) and "\n" not in str(unclear)
        return
    assert [as_printed(printed(row)) for row in rows] == [as_printed(printed(row)) for row in unclear_rows().rows]


def test_a_name_cut_after_a_hyphen_goes_on_on_the_next_page(tmp_path):
    """The unclear row's name broken at its hyphen by the page break ("Beta Euro-" at the foot,
    "Mediterranean …" capitalised at the next page's top): the hyphen tells the name goes on, so
    the row joins, whole."""
    content = unclear_rows()
    named = content.rows[1].model_copy(update={"name": "Beta Euro-Mediterranean Cooperation Gamma Network (GN)"})
    content = content.model_copy(update={"rows": [content.rows[0], named]})
    placement = render(
        content, tmp_path / "cut.pdf", replace(UNCLEAR_LAYOUT, margin_top=unclear_cuts(content)["Mediterranean"])
    )
    assert len(placement.row_pages(1)) == 2
    rows = extract_pdf(tmp_path / "cut.pdf").rows
    assert [as_printed(printed(row)) for row in rows] == [as_printed(printed(row)) for row in content.rows]


def producer_cases() -> list[str]:
    return sorted(path.stem for path in PRODUCED.glob("*.pdf"))


def truth_rows(case: str) -> list[tuple]:
    rows = json.loads((PRODUCED / f"{case}.json").read_text(encoding="utf-8"))["rows"]
    blocks = lambda cell: [(block["text"], block["style"]) for block in cell]
    return [
        (row["section"], row["name"], row["website"], blocks(row["purpose"]), blocks(row["members"])) for row in rows
    ]


def as_printed(row: tuple) -> tuple:
    """A row as `printed` gives it, its cells' texts joined: LibreOffice wraps "judge – depending"
    with the dash opening a line, which reads as a list item (a fault of its own, not a page break's)."""
    section, name, website, purpose, members = row
    joined = lambda blocks: (
        " ".join(text for text, _ in blocks),
        [text for text, style in blocks if style == "heading"],
    )
    return section, name, website, joined(purpose), joined(members)


def test_the_producer_corpus_holds_the_cases_it_names():
    assert producer_cases() == ["carin_members", "carin_members_plain", "carin_name", "tcy_website"]


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("case", producer_cases())
def test_a_libreoffice_table_cut_by_a_page_break_reads_as_its_truth(case, source):
    extraction = extract_pdf(PRODUCED / f"{case}.pdf", settings=replace(DEFAULT_SETTINGS, page_source=source))
    assert [as_printed(printed(row)) for row in extraction.rows] == [as_printed(row) for row in truth_rows(case)]
    assert [row.provenance.pages for row in extraction.rows][1] == [1, 2]


@pytest.mark.parametrize("case", ["carin_members", "carin_members_plain"])
def test_carin_keeps_world_bank_and_the_next_page_heading_starts_a_group(case):
    carin = extract_pdf(PRODUCED / f"{case}.pdf").rows[1]
    groups = {group.label: group for group in member_groups(carin.members, on=datetime.date(2020, 9, 22))}
    observers = groups["9 Observer International Organisations"]
    assert observers.entries[-1].raw == "World Bank (Associate)" and observers.entries[-1].page == 1
    regional = groups["Regional asset recovery inter-agency networks"]
    assert [entry.raw for entry in regional.entries] == ["ARIN-AP", "ARIN-EA", "ARIN-SA", "ARIN-WA"]
    assert {entry.page for entry in regional.entries} == {2}


SPACED = replace(DEFAULT_LAYOUT, marker_spaced=True, column_fractions=(0.22, 0.54, 0.24))
"""The paper printed with each footnote marker after a space: WACAP's purpose ends "… at regional
levels." and its marker 37 wraps alone onto a line of its own."""
MARKER_CUTS = {
    "at the foot of its page": SPACED,
    "at the top of the next page": replace(SPACED, rows_on_new_page=(38,), row_cuts=((38, cut_depth(22, SPACED)),)),
}


@pytest.mark.parametrize("where", sorted(MARKER_CUTS))
def test_a_footnote_marker_wrapped_alone_onto_a_line_keeps_its_footnote(tmp_path, where):
    """The marker alone on the page's last body line, right above footnote 37, or cut from its
    text by the page break and alone at the next page's top: it cites footnote 37, which stays one."""
    golden = Extraction.model_validate_json((GOLDEN / "extraction.json").read_text(encoding="utf-8"))
    layout = MARKER_CUTS[where]
    pages, placement = laid_out(golden, layout)
    page = pages[placement.footnote_pages[37] - 1]
    body = sorted(
        (place for place in page.lines if place.line.size == layout.font_size), key=lambda place: place.baseline
    )
    cells = [
        place for place in body if "".join(glyph.text for glyph in place.line.glyphs) not in ("PURPOSE", "MEMBERS")
    ]
    alone = cells[-1] if where == "at the foot of its page" else cells[0]
    assert alone.line.footnotes == (37,) and len(alone.line.glyphs) == 1
    render(golden, tmp_path / "spaced.pdf", layout)
    extraction = extract_pdf(tmp_path / "spaced.pdf")
    notes = lambda row: [(note.number, note.anchor.cell, note.anchor.block, note.url) for note in row.footnotes]
    assert [notes(row) for row in extraction.rows] == [notes(row) for row in golden.rows]
    assert sorted(note.number for note in extraction.footnotes) == sorted(note.number for note in golden.footnotes)


PURPOSE = next(column for column in COLUMNS if column.prose)


@pytest.mark.parametrize(
    "ending, goes_on",
    [
        ("its tasks are:", False),
        ("its tasks are.", False),
        ("its tasks are;", False),
        ("(see its tasks)", False),
        ("its tasks are", True),
        ("its tasks, which", True),
    ],
)
def test_a_prose_cell_cut_after_a_colon_has_ended_its_sentence(ending, goes_on):
    """A purpose cell whose last line at a page's foot ends on a colon (or a full stop, a
    semicolon, a bracket) closed its sentence: it does not carry on into the next page's
    capitalised line; one ending on a word or a comma does."""
    before = [printed_line(f"The network lists {ending}", 200.0, 700.0, page=1)]
    after = [printed_line("Training prosecutors.", 200.0, 80.0, page=2)]
    assert carries_on(PURPOSE, before, after) is goes_on


@pytest.mark.parametrize(
    "last_line, blocks",
    [
        ("Armenia, Austria or Belgium.", 2),
        ("Armenia, Austria and Belgium.", 2),
        ("Armenia, Austria, Belgium.", 1),
    ],
)
def test_a_list_closed_by_and_or_or_ends_at_the_page_break(last_line, blocks):
    """A members cell listing countries between commas, its last line at a page's foot closing a
    sentence: closed by a last item after "or" (or "and"), the list ended, and the next page's
    "Croatia, Cyprus, …" starts a block of its own; left open, the list goes on over the break."""
    lines = [
        printed_line("Albania, Andorra,", 400.0, 700.0, page=1),
        printed_line(last_line, 400.0, 713.2, page=1),
        printed_line("Croatia, Cyprus, Denmark.", 400.0, 80.0, page=2),
    ]
    document = measured_document({1: lines[:2], 2: lines[2:]})
    found, _ = build_blocks(lines, "members", document, set())
    assert len(found) == blocks, [block.text for block in found]
