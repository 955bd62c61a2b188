"""PDF → catalogue rows with provenance.

The paper's catalogue is a table of the columns declared in `pipeline.columns` (NAME | PURPOSE |
MEMBERS), one per section, that runs over many pages. Nothing here knows this rendering's
coordinates, fonts or page numbers: every measure is read from the document itself —

* the body font size and line pitch from the commonest sizes and line distances;
* the running header/footer as lines that recur at about the same height on most pages;
* the symbol and date from the running header/footer, else from page 1's masthead;
* the footnote area as the run of small-print lines at a page's foot that starts with a number;
* columns from the header row (PURPOSE, MEMBERS) and the vertical rules where they are drawn,
  else from the text gutters between the header's columns;
* rows from horizontal rules where drawn, else from where a name cell starts;
* footnote markers as small, raised digits whose number the footnote area defines.

The floors, each importing only those below it:

    settings, geometry   the tolerances and strategies; page records and geometry helpers
    pages                the PDF's pages as light records, read by PDFium (`pdfium`, `charwords`,
                         `paths`, `frame`) or pdfplumber (the only floor that imports pdfplumber), each
                         page's words within the bound of `bounds`
    reading              a document's pages read by one or two forked workers, each bounded by
                         the operating system (`bounds`: memory, CPU seconds, bytes handed back),
                         the queue and their messages on pipes (`pipes`)
    layout               lines, furniture, footnote areas, document measures (`Document`)
    masthead             the symbol and date page 1 prints above the table
    table                table stretches, their columns, tables under their section heading
    accounting           every word inside a table in a cell, header row or heading
    rows                 row fragments, their cells, rows joined again across pages
    blocks               paragraphs, items, sub-headings, footnote markers, `Row`s

`extract_pdf` (`catalogue`) runs them in that order; its tolerances and strategies are an
`ExtractSettings`. Importing this package imports none of its floors: each name below is imported
from its floor when first used, so that `reading` can start reading a PDF before `catalogue` (and
with it pydantic and the models) is imported.
"""

from __future__ import annotations

from pipeline.lazy import lazy_exports

EXPORTS = {
    "DEFAULT_MAX_PAGES": "pipeline.extract.reading",
    "Progress": "pipeline.extract.reading",
    "DEFAULT_SETTINGS": "pipeline.extract.settings",
    "ExtractSettings": "pipeline.extract.settings",
    "extract_pdf": "pipeline.extract.catalogue",
    "extract_reading": "pipeline.extract.catalogue",
    "start_reading": "pipeline.extract.reading",
    "to_json": "pipeline.extract.catalogue",
}
"""The package's names, by the floor each is imported from."""

__all__ = sorted(EXPORTS)


__getattr__ = lazy_exports(__name__, EXPORTS)
