"""The 2020 revision (PC-OC Mod (2020) 03rev2), printed three ways, extracts exactly.

The content is `tests/fixtures/catalogue_2020.json` (`rendering.catalogue_2020_extraction`), printed
by `rendering.LAYOUTS_2020`: landscape A4, no introduction, the masthead "PC-OC Mod (2020) 03rev2 …
Strasbourg, 22 September 2020" on page 1, unnumbered section headings (one at the very top of a
page after a row cut by the page break), a website under every name (www., bare domain, with a
scheme, with a path, wrapped), the symbol and page number in a footer — which a later printing
moves 0.8 cm up, and another prints without the symbol. Each must give back every row's section,
name, website, purpose and members exactly, the symbol and the date.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import replace

import pdfplumber
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from pipeline.extract import extract_pdf
from pipeline.extract.masthead import masthead, printed_date
from rendering import LAYOUTS_2020, catalogue_2020_extraction, render
from tests.support import run_cdpc

SYMBOL = "PC-OC Mod (2020) 03rev2"
DATE = datetime.date(2020, 9, 22)
VARIANTS = sorted(LAYOUTS_2020)


@pytest.fixture(scope="module")
def expected():
    return catalogue_2020_extraction()


@pytest.fixture(scope="module")
def extracted(rendered_2020):
    return {variant: extract_pdf(path) for variant, (path, _) in rendered_2020.items()}


def printed(row) -> tuple:
    """A row as printed: section, name, website, and each block of the purpose and members cells."""
    return (
        row.section,
        row.name,
        row.website,
        [(block.text, block.style) for block in row.purpose],
        [(block.text, block.style) for block in row.members],
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_row_is_extracted_exactly(extracted, expected, variant):
    rows = extracted[variant].rows
    assert len(rows) == len(expected.rows) == 40
    assert [printed(row) for row in rows] == [printed(row) for row in expected.rows]
    assert all(row.footnotes == [] for row in rows)


@pytest.mark.parametrize("variant", VARIANTS)
def test_sections_are_the_printed_headings_in_order(extracted, expected, variant):
    assert extracted[variant].sections == expected.sections
    assert [row.section for row in extracted[variant].rows] == [row.section for row in expected.rows]


@pytest.mark.parametrize("variant", VARIANTS)
def test_symbol_and_date_are_read_whatever_the_footer(extracted, variant):
    source = extracted[variant].source
    assert (source.symbol, source.date) == (SYMBOL, DATE)
    assert source.pages > 1 and source.file.endswith(f"{variant}.pdf")


@pytest.mark.parametrize("variant", VARIANTS)
def test_front_matter_is_the_masthead_committees_and_title_then_the_first_heading(extracted, expected, variant):
    front = [(block.text, block.style) for block in extracted[variant].front_matter]
    assert front == [(block.text, block.style) for block in expected.front_matter] + [(expected.sections[0], "heading")]
    assert front[0] == (f"{SYMBOL} Strasbourg, 22 September 2020", "text")


@pytest.mark.parametrize("variant", VARIANTS)
def test_rows_are_found_on_the_pages_they_were_printed_on(rendered_2020, extracted, variant):
    _, placement = rendered_2020[variant]
    assert [row.provenance.pages for row in extracted[variant].rows] == [
        list(placement.row_pages(i)) for i in range(len(extracted[variant].rows))
    ]


def test_a_heading_falls_at_the_top_of_a_page_right_after_a_row_cut_by_the_page_break(rendered_2020, expected):
    _, placement = rendered_2020["default"]
    first_row = {}
    for index, row in enumerate(expected.rows):
        first_row.setdefault(row.section, index)
    at_top = [heading for heading in placement.headings if heading.at_page_top]
    assert at_top, "no section heading at the top of a page"
    cut_before = [h for h in at_top if len(placement.row_pages(first_row[h.text] - 1)) > 1]
    assert cut_before, "no heading at a page top follows a row cut by a page break"
    heading = cut_before[0]
    assert placement.row_pages(first_row[heading.text] - 1)[-1] == heading.page - 1


def test_the_three_printings_break_pages_alike_and_differ_in_the_footer(rendered_2020):
    placements = [placement for _, placement in rendered_2020.values()]
    assert all(placement == placements[0] for placement in placements)
    footers = {}
    for variant, (path, _) in rendered_2020.items():
        with pdfplumber.open(path) as pdf:
            page = pdf.pages[2]
            lowest = max(page.extract_text_lines(), key=lambda line: line["top"])
            footers[variant] = (lowest["text"], lowest["top"] / page.height)
    assert footers["default"][0] == footers["footer_raised"][0] == f"{SYMBOL} 3"
    assert footers["footer_without_symbol"][0] == "3"
    # The raised footer stands above the bottom eighth of the page, where a fixed band would look.
    assert footers["footer_raised"][1] < 0.88 < footers["default"][1]


def test_websites_come_in_every_form_and_some_wrap_in_the_name_column(expected):
    websites = [row.website for row in expected.rows]
    assert all(websites)
    assert any(w.startswith("www.") for w in websites) and any(w.startswith(("http://", "https://")) for w in websites)
    assert {"thecommonwealth.org", "iberred.org", "seepag.info"} <= set(websites)
    layout = LAYOUTS_2020["default"]
    room = layout.column_widths[0] - 2 * layout.cell_padding
    wrapped = [w for w in websites if stringWidth(w, layout.font_family, layout.font_size) > room]
    assert len(wrapped) >= 3


@pytest.mark.parametrize("ruling", ["full", "none"])
def test_a_short_heading_at_a_page_top_inside_the_name_column_is_a_heading(expected, tmp_path, ruling):
    """Smaller print: "Regional Networks" fits the name column and falls at the top of a page."""
    layout = replace(
        LAYOUTS_2020["default"],
        font_size=10,
        margin_top=50,
        column_fractions=(0.2, 0.46, 0.34),
        paragraph_spacing=3,
        ruling=ruling,
    )
    placement = render(expected, tmp_path / "compact.pdf", layout)
    at_top = [h.text for h in placement.headings if h.at_page_top]
    room = layout.column_widths[0] - 2 * layout.cell_padding
    assert any(stringWidth(text, layout.bold_font, layout.font_size) < room for text in at_top)
    extraction = extract_pdf(tmp_path / "compact.pdf")
    assert [printed(row) for row in extraction.rows] == [printed(row) for row in expected.rows]
    assert extraction.sections == expected.sections


def test_cdpc_extract_reads_the_revision_through_the_command_line(rendered_2020, expected, tmp_path):
    path, _ = rendered_2020["footer_without_symbol"]
    result = run_cdpc("extract", path, "-o", tmp_path / "extraction.json", "--quiet")
    assert result.returncode == 0, result.stderr
    written = json.loads((tmp_path / "extraction.json").read_text(encoding="utf-8"))
    assert written["source"]["symbol"] == SYMBOL and written["source"]["date"] == "2020-09-22"
    assert [(row["name"], row["website"]) for row in written["rows"]] == [
        (row.name, row.website) for row in expected.rows
    ]


@pytest.mark.parametrize(
    "text, found",
    [
        ("PC-OC Mod (2020) 03rev2 Strasbourg, 22 September 2020", ("PC-OC Mod (2020) 03rev2", DATE)),
        ("Strasbourg, 5 Dec 2016", ("", datetime.date(2016, 12, 5))),
        ("CDPC (2017) 1_rev Brussels, 1 March 2017", ("CDPC (2017) 1_rev", datetime.date(2017, 3, 1))),
        ("held in Strasbourg, 5 December 2016.", None),  # prose, not a masthead
        ("Paris, 31 February 2020", None),  # no such day
        ("Strasbourg, 22 Septembre 2020", None),  # not an English month
        ("CDPC (2017) 1_rev", None),
    ],
)
def test_a_masthead_date_is_a_place_and_an_english_date_ending_the_line(text, found):
    assert printed_date(text) == found


def test_the_2017_paper_prints_no_date(paper_extraction):
    assert paper_extraction.source.date is None
    assert paper_extraction.source.symbol == "CDPC (2017) 1_rev"
    assert masthead([]) == (None, None)
