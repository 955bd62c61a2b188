"""The extractor's seams: one settings object, named strategies, one page source, one column declaration."""

from __future__ import annotations

import re

import pytest

from pipeline.columns import CELL_NAMES, COLUMNS, NAME_COLUMN
from pipeline.errors import NoCatalogue
from pipeline.extract import ExtractSettings, extract_pdf
from pipeline.extract.pages import PAGE_SOURCES, PdfplumberPages
from pipeline.models import Row
from tests.support import PAPER, REPO


def cells(row: Row) -> tuple:
    return (row.name, *([block.text for block in getattr(row, column.name)] for column in COLUMNS[1:]))


def test_text_gutters_find_the_same_cells_as_the_drawn_rules_of_the_paper(paper_extraction):
    by_gutters = extract_pdf(PAPER, settings=ExtractSettings(columns="gutters"))
    assert [cells(row) for row in by_gutters.rows] == [cells(row) for row in paper_extraction.rows]


def test_every_function_reads_its_tolerance_from_the_settings_given():
    # The paper's header rows print two words (its NAME cell is blank): allowing one finds none.
    with pytest.raises(NoCatalogue, match="no header row reading PURPOSE and MEMBERS"):
        extract_pdf(PAPER, settings=ExtractSettings(header_max_words=1))


def test_a_page_source_plugs_in_under_the_name_the_settings_choose_it_by(monkeypatch, paper_extraction, tmp_path):
    """The source is opened by the workers reading the pages, each writing down the path it opened."""
    opened = tmp_path / "opened"

    def recording(path, password, settings):
        with opened.open("a", encoding="utf-8") as log:
            log.write(f"{path}\n")
        return PdfplumberPages(path, password, settings)

    monkeypatch.setitem(PAGE_SOURCES, "recording", recording)
    assert extract_pdf(PAPER, settings=ExtractSettings(page_source="recording")) == paper_extraction
    assert set(opened.read_text(encoding="utf-8").splitlines()) == {str(PAPER)}


def test_rows_have_a_field_and_a_provenance_cell_per_declared_column_in_order(paper_extraction):
    assert [name for name in Row.model_fields if name in CELL_NAMES] == list(CELL_NAMES)
    assert NAME_COLUMN.name == "name" and Row.model_fields["name"].annotation is str
    assert all(list(row.provenance.cells) == list(CELL_NAMES) for row in paper_extraction.rows)


def test_only_the_page_source_and_the_report_renderer_import_the_pdf_library():
    importing = {
        path.relative_to(REPO).as_posix()
        for path in (REPO / "pipeline").rglob("*.py")
        if re.search(r"^\s*(from|import) (pdfplumber|pdfminer)", path.read_text(encoding="utf-8"), re.MULTILINE)
    }
    assert importing == {"pipeline/extract/pages.py", "pipeline/review/report.py"}
