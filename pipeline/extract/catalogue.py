"""The catalogue of a PDF: its pages read (`pages`), then analysed floor by floor (see the package's
docstring) into an `Extraction`: every catalogue row, with its footnotes and provenance.

`extract_pdf` raises the `PipelineError` that says why a file has no catalogue: `NoTextLayer`,
`NoCatalogue`, `CatalogueColumnMissing` (and whatever reading its pages raises).
`extract_reading` does the same with the pages of a `reading.Reading` already begun (the CLI
begins one before it imports this module, so that a worker reads pages while the models load).
"""

from __future__ import annotations

from pathlib import Path

from pipeline.columns import COLUMNS, HEADER_LABELS
from pipeline.errors import CatalogueColumnMissing, NoCatalogue, NoTextLayer
from pipeline.extract.accounting import check_table_words
from pipeline.extract.blocks import front_blocks, row_from_draft
from pipeline.extract.layout import Document, analyse, normalised_word
from pipeline.extract.masthead import masthead
from pipeline.extract.reading import DEFAULT_MAX_PAGES, Progress, Reading, start_reading
from pipeline.extract.rows import table_rows
from pipeline.extract.settings import DEFAULT_SETTINGS, ExtractSettings
from pipeline.extract.table import (
    assign_columns,
    find_stretches,
    group_tables,
    header_rows_repeat,
    trim_outside_lines,
)
from pipeline.files import sha256_file
from pipeline.models import Extraction, Source, held_records


def extract_pdf(
    path: Path | str,
    progress: Progress | None = None,
    password: str | None = None,
    max_pages: int = DEFAULT_MAX_PAGES,
    settings: ExtractSettings = DEFAULT_SETTINGS,
) -> Extraction:
    """Every catalogue row of the PDF at `path`, with its footnotes and provenance."""
    return extract_reading(start_reading(Path(path), password, max_pages, progress, settings))


def extract_reading(reading: Reading) -> Extraction:
    """Every catalogue row of the PDF `reading` reads (begun by `reading.start_reading`), with its
    footnotes and provenance, analysed under the reading's settings."""
    path, settings = reading.path, reading.settings
    for record in held_records(Extraction):  # their validators built while a worker reads, not after
        record.model_rebuild()
    pages = reading.pages()
    if not any(layout.words for layout in pages):
        raise NoTextLayer(path, "no page has a text layer (a scanned document?); run OCR on it first")
    document = analyse(pages, settings)
    stretches, before_first = find_stretches(document)
    if not stretches:
        raise no_catalogue(path, document)
    assign_columns(stretches, settings)
    headers_repeat = header_rows_repeat(stretches, document)
    for index, stretch in enumerate(stretches):
        following = stretches[index + 1] if index + 1 < len(stretches) else None
        same_page_header = following is not None and following.layout is stretch.layout and following.header is not None
        trim_outside_lines(stretch, document, same_page_header, headers_repeat)
    check_table_words(path, stretches, document)
    tables = group_tables(stretches, before_first, document)
    numbers = {note.number for note in document.footnotes}
    rows = [row_from_draft(draft, document, numbers) for table in tables for draft in table_rows(path, table, document)]
    if not rows:
        raise NoCatalogue(path, "the catalogue table has a header row but no rows")
    printed_symbol, date = masthead(line for line in before_first if line.page == pages[0].number)
    return Extraction(
        source=Source(
            file=path.name,
            sha256=sha256_file(path),
            pages=len(pages),
            symbol=document.symbol or printed_symbol,
            date=date,
        ),
        front_matter=front_blocks(before_first, document, numbers),
        sections=list(dict.fromkeys(table.heading for table in tables)),
        rows=rows,
        footnotes=sorted(document.footnotes, key=lambda f: (f.page, f.number)),
    )


def no_catalogue(path: Path, document: Document) -> NoCatalogue:
    """Why no table was found: a short capitalised line with some of the header labels but not
    all ("NAME PURPOSE") is a header row whose table lacks a column, said so with its page;
    otherwise there is no catalogue table at all."""
    for page, lines in sorted(document.lines.items()):
        for line in lines:
            words = [normalised_word(w.text) for w in line.words]
            present = [label for label in HEADER_LABELS if label in words]
            short = len(words) <= document.settings.partial_header_max_words
            if 0 < len(present) < len(HEADER_LABELS) and short and line.text.isupper():
                missing = next(label for label in HEADER_LABELS if label not in present)
                return CatalogueColumnMissing(
                    path,
                    f"the catalogue table on page {page} has no {missing} column (its header row reads {line.text!r}; "
                    f"a catalogue table is {' | '.join(column.label for column in COLUMNS)})",
                )
    return NoCatalogue(path, f"no catalogue table found (no header row reading {' and '.join(HEADER_LABELS)})")


def to_json(extraction: Extraction) -> str:
    return extraction.model_dump_json(indent=2) + "\n"
