"""Every word inside the catalogue table accounted for: no row is lost silently.

Each body line of a page ends up in the front matter, a table's header row, a row's cell or the
text between tables (a heading); what analysis leaves out is the running header and footer, the
footnote area and words that run sideways. `check_table_words` stops extraction with
`WordOutsideCells`, naming the page and the word, when a left-out word lies inside a table's
area on a page — between its columns' outer edges, from its top to its foot on that page: a line
taken for furniture that is in fact table text, or sideways text inside a cell.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import WordOutsideCells
from pipeline.extract.layout import Document
from pipeline.extract.table import Stretch


def check_table_words(path: Path, stretches: list[Stretch], document: Document) -> None:
    """Raise `WordOutsideCells` for the first word inside a stretch's area that is in no body line."""
    for stretch in stretches:
        layout = stretch.layout
        in_lines = {id(word) for line in document.lines[layout.number] for word in line.words}
        left, right = stretch.known_columns.left, stretch.known_columns.right
        for word in [*layout.words, *layout.sideways]:
            inside = left <= word.center_x <= right and stretch.top <= word.center_y <= stretch.bottom
            if inside and id(word) not in in_lines:
                raise WordOutsideCells(
                    path,
                    f"page {layout.number}: the word {word.text!r} (x {word.x0:.0f}, y {word.top:.0f}) lies inside the "
                    "catalogue table but in no cell, header row or heading",
                )
