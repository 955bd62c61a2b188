"""Extraction of the bundled paper: every row, every cell as printed, every footnote where cited."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from pipeline.extract import to_json
from tests.support import GOLDEN, PAPER, run_cdpc

# Footnote number → a word of the name of the row that cites it, read off the printed paper.
CITING_ROWS = {
    2: "(BES)",
    3: "(BES)",
    4: "(BES)",
    5: "(CARIN)",
    6: "(PC-OC)",
    7: "(T-CY)",
    8: "(T-CY)",
    9: "(T-CY)",
    10: "Eurojust",
    11: "Euromed",
    12: "(EJN)",
    13: "(EJN)",
    14: "Genocide",
    15: "(JIT)",
    16: "(ACN)",
    17: "(Seepag)",
    18: "(WBPN)",
    19: "(AJN)",
    20: "(AJNE)",
    21: "(CNCP)",
    22: "(CNCP)",
    23: "(CLASG)",
    24: "G8",
    25: "G20",
    26: "(GLRJCN)",
    27: "Hemispheric",
    28: "(IberRed)",
    29: "(IMoLIN)",
    30: "Indian Ocean",
    31: "Asia and the Pacific",
    32: "Portuguese",
    33: "Source, Transit",
    34: "Central Asia",
    35: "(UNTOC)",
    36: "(WACAP",
    37: "(WACAP",
}


def all_text(row) -> str:
    return " ".join([row.name] + [b.text for b in row.purpose + row.members])


def row_named(extraction, fragment: str):
    matches = [row for row in extraction.rows if fragment in row.name]
    assert len(matches) == 1, [r.name for r in matches]
    return matches[0]


def test_whole_extraction_of_the_paper_matches_the_golden_file(paper_extraction):
    assert to_json(paper_extraction) == (GOLDEN / "extraction.json").read_text(encoding="utf-8")


def test_finds_15_european_and_24_non_european_rows_under_headings_read_from_the_paper(paper_extraction):
    counts = Counter(row.section for row in paper_extraction.rows)
    assert counts == {"4.1 European Networks": 15, "4.2 Non-European Networks": 24}
    assert paper_extraction.sections == ["4.1 European Networks", "4.2 Non-European Networks"]


def test_network_printed_in_both_sections_is_a_row_in_each(paper_extraction):
    acn = [row for row in paper_extraction.rows if row.name.startswith("Organization for Economic Cooperation")]
    assert [row.section for row in acn] == ["4.1 European Networks", "4.2 Non-European Networks"]


def test_footnotes_2_to_37_are_each_attached_to_the_row_that_cites_them(paper_extraction):
    attached = {note.number: row.name for row in paper_extraction.rows for note in row.footnotes}
    assert sorted(attached) == list(range(2, 38))
    for number, fragment in CITING_ROWS.items():
        assert fragment in attached[number], (number, attached[number])


def test_footnote_carries_its_page_foot_text_and_link_url(paper_extraction):
    notes = {note.number: note for note in paper_extraction.footnotes}
    assert notes[3].url == "http://www.e-codex.eu/home.html" and notes[3].text == notes[3].url
    wrapped = notes[19]
    assert wrapped.url.endswith("checksum=62E3AC1D254AE7F1BC7B82A85EB88CE0") and wrapped.text == wrapped.url
    assert notes[1].url is None and notes[1].text.startswith("Epidemiological modelling")


def test_marker_is_removed_from_the_text_and_anchored_where_it_stood(paper_extraction):
    bes = row_named(paper_extraction, "(BES)")
    note = next(n for n in bes.footnotes if n.number == 2)
    block = bes.purpose[note.anchor.block].text
    assert note.anchor.cell == "purpose"
    assert block[: note.anchor.offset].endswith("in the region") and block.endswith("in the region.")


def test_marker_printed_after_a_space_or_alone_on_a_line_is_still_a_marker(paper_extraction):
    tcy = row_named(paper_extraction, "(T-CY)")
    assert tcy.purpose[0].text.endswith("among various cybercrime units.")
    genocide = row_named(paper_extraction, "Genocide")
    assert genocide.purpose[-1].text.endswith("exchanging information between authorities.")
    assert [n.number for n in genocide.footnotes] == [14]


def test_marker_in_a_members_cell_is_attached_to_the_members_cell(paper_extraction):
    euromed = row_named(paper_extraction, "Euromed")
    (note,) = euromed.footnotes
    assert note.number == 11 and note.anchor.cell == "members"
    assert euromed.members[note.anchor.block].text.endswith("Moldova, Ukraine")


@pytest.mark.parametrize("printed", ["C/DIR.1/08/11", "2014-2018", "24/7", "Art 35", "in 1995", "Article 35"])
def test_digits_that_are_not_markers_stay_intact(paper_extraction, printed):
    assert any(printed in all_text(row) for row in paper_extraction.rows)


def test_row_whose_name_cell_continues_over_a_page_break_is_one_row(paper_extraction):
    wbpn = row_named(paper_extraction, "(WBPN)")
    assert wbpn.name == "Western Balkan Prosecutors Network (WBPN) Project"
    assert [box.page for box in wbpn.provenance.cells["name"]] == wbpn.provenance.pages == [13, 14]
    wacap = row_named(paper_extraction, "(WACAP")
    assert wacap.name.endswith("with the Economic Community for West African States")
    assert wacap.purpose[1].text.startswith("It holds regular meetings")


def test_cell_continued_on_the_next_page_joins_the_sentence_it_breaks(paper_extraction):
    wbpn = row_named(paper_extraction, "(WBPN)")
    assert "organised crime and corruption: strengthening the prosecutors" in wbpn.purpose[0].text
    carin = row_named(paper_extraction, "(CARIN)")
    assert "Italy, Jersey, Latvia, Liechtenstein, Lithuania" in carin.members[1].text


def test_row_with_an_empty_purpose_cell_keeps_its_members(paper_extraction):
    sahel = row_named(paper_extraction, "(SAHEL)")
    assert (
        sahel.purpose == [] and sahel.members[0].text == "Burkina Faso, Mali, Mauritania, and Niger, launched in Bamako"
    )


def test_header_rows_running_heads_and_footnotes_never_leak_into_cells(paper_extraction):
    for row in paper_extraction.rows:
        text = all_text(row)
        assert "1_rev" not in text and "http" not in text
        assert "PURPOSE" not in text.split() and "MEMBERS" not in text.split()


def test_line_ending_in_a_hyphen_joins_the_next_without_a_space(paper_extraction):
    text = " ".join(all_text(row) for row in paper_extraction.rows)
    for joined in ["cross-border", "‘Tri-national", "Bosnia-Herzegovina", "Sub-Region", "anti-corruption"]:
        assert joined in text
    assert "cross- border" not in text


def test_members_sub_headings_are_heading_blocks(paper_extraction):
    carin = row_named(paper_extraction, "(CARIN)")
    headings = [b.text for b in carin.members if b.style == "heading"]
    assert headings == [
        "54 Registered Member Jurisdictions",
        "Observer States",
        "9 Observer International Organisations",
        "Regional asset recovery inter-agency networks",
    ]


def test_every_cell_box_lies_on_a_page_the_row_is_printed_on(paper_extraction):
    for row in paper_extraction.rows:
        for boxes in row.provenance.cells.values():
            for box in boxes:
                x0, top, x1, bottom = box.bbox
                assert box.page in row.provenance.pages and x0 < x1 and top < bottom


def test_front_matter_is_kept_with_its_footnote(paper_extraction):
    texts = [b.text for b in paper_extraction.front_matter]
    assert "1. Introduction" in texts and "3.5 Final Comment" in texts
    cited = [note for block in paper_extraction.front_matter for note in block.footnotes]
    assert [note.number for note in cited] == [1]
    block = paper_extraction.front_matter[cited[0].anchor.block].text
    assert block[: cited[0].anchor.offset].endswith("on the lifespan of social networks")


def test_source_records_the_symbol_from_the_running_header(paper_extraction):
    assert paper_extraction.source.symbol == "CDPC (2017) 1_rev"
    assert paper_extraction.source.pages == 26 and paper_extraction.source.file == PAPER.name


def test_cli_writes_the_same_json_to_a_file_and_prints_no_progress_bar_without_a_terminal(tmp_path):
    out = tmp_path / "rows.json"
    result = run_cdpc("extract", PAPER, "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    assert out.read_text(encoding="utf-8") == (GOLDEN / "extraction.json").read_text(encoding="utf-8")
    assert len(json.loads(out.read_text())["rows"]) == 39
