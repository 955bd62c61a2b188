"""A table's stretches → row drafts: rows cut at their separators, lines split into cells, and
rows cut by a page break joined again.

`table_rows` turns a `Table` into `RowDraft`s. On each page a row is a `Fragment`, bounded by the
horizontal rules drawn across the table where there are any, else by where a name cell starts,
set apart and level with the other cells; each line of the fragment is split into the cells of
`pipeline.columns.COLUMNS` by the stretch's `Columns`. The first fragment on a page continues the
last row of the page before when `continues_row` says so, from the table's geometry.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from pipeline.columns import BLOCK_COLUMNS, CELL_NAMES, NAME_COLUMN, CellName, Column
from pipeline.extract.geometry import COORDINATE_DECIMALS, MEASURE_DECIMALS, Word
from pipeline.extract.layout import Document, Line, join_words
from pipeline.extract.table import Columns, Stretch, Table, table_wide_rules
from pipeline.models import Box

SENTENCE_END = re.compile(r"[.!?:;)”’\"']$")
WEB_ADDRESS = re.compile(r"^(?:(?i:https?://)\S*|(?i:www\.)\S+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?)$")
"""A printed line that is a web address: with a scheme (or the scheme alone: a word processor
breaks "https://" | "www.…" after the slashes), from "www.", or a bare lower-case domain with a
top-level domain's shape ("thecommonwealth.org", "seepag.info/en"), path allowed; one token, no
space (the first line of an address wrapped over several)."""


@dataclass
class Fragment:
    """The part of one row printed on one page."""

    page: int
    top: float
    bottom: float
    columns: Columns
    cells: dict[CellName, list[Line]] = field(default_factory=lambda: {cell: [] for cell in CELL_NAMES})

    def box(self, cell: CellName) -> Box:
        x0, x1 = self.columns.span(cell)
        corners = (x0, self.top, x1, self.bottom)
        return Box(page=self.page, bbox=tuple(round(value, COORDINATE_DECIMALS) for value in corners))

    @property
    def content_bottom(self) -> float:
        return max((line.bottom for lines in self.cells.values() for line in lines), default=self.top)


@dataclass
class RowDraft:
    section: str
    fragments: list[Fragment]


def split_line_by_cell(line: Line, columns: Columns) -> dict[CellName, Line]:
    parts: dict[CellName, list[Word]] = defaultdict(list)
    for word in line.words:
        parts[columns.cell_of(word)].append(word)
    return {cell: Line(words, line.page, line.settings) for cell, words in parts.items()}


def row_separators(stretch: Stretch, document: Document) -> list[float]:
    """Y positions where a new row starts on this page: in a ruled table (a rule drawn across it
    below its top, were it only the one closing the page's last row), its rules; else name-cell
    starts."""
    columns, settings = stretch.columns, document.settings
    rules = sorted(
        {
            round(y, MEASURE_DECIMALS)
            for y, x0 in table_wide_rules(stretch, settings)
            if stretch.top + settings.separator_min_depth < y and x0 < columns.name_end
        }
    )
    if rules:
        return [y for y in rules if y < stretch.bottom]
    pieces = [split_line_by_cell(line, columns) for line in stretch.lines]
    tops = {cell: [piece[cell].top for piece in pieces if cell in piece] for cell in CELL_NAMES}
    starts, previous = [], None
    for piece in pieces:
        name = piece.get(NAME_COLUMN.name)
        if name is None:
            continue
        set_apart = previous is None or name.top - previous > document.pitch - settings.row_start_gap_ratio * document.body_size
        if set_apart and cells_start_beside(name.top, tops, document):
            starts.append(name.top - settings.above_line)
        previous = name.bottom
    return starts


def cells_start_beside(top: float, tops: dict[CellName, list[float]], document: Document) -> bool:
    """Whether the other cells start level with a name line at `top`: a new row prints its cells
    side by side from one top, so in each further column with a line within a pitch below `top`,
    the first such line stands level with it, and at least one column has one. A name-cell line
    set apart beside the middle of other cells (a web address under a name) starts no row."""
    tolerance = document.settings.row_top_tolerance
    level = False
    for column in BLOCK_COLUMNS:
        near = [t for t in tops[column.name] if top - tolerance <= t < top + document.pitch - tolerance]
        if near:
            if min(near) - top > tolerance:
                return False
            level = True
    return level


def stretch_fragments(stretch: Stretch, document: Document) -> list[Fragment]:
    """The row fragments printed in this stretch, top to bottom, with their lines split by cell."""
    slack = document.settings.edge_slack
    separators = [s for s in row_separators(stretch, document) if s > stretch.top + slack]
    content_bottom = max((line.bottom for line in stretch.lines), default=stretch.top) + slack
    bounds = [stretch.top] + separators + [max(content_bottom, separators[-1] + slack if separators else 0)]
    fragments = [Fragment(stretch.layout.number, a, b, stretch.columns) for a, b in pairwise(bounds)]
    for line in stretch.lines:
        fragment = next((f for f in reversed(fragments) if f.top - slack <= line.top), fragments[0])
        for cell, piece in split_line_by_cell(line, stretch.columns).items():
            fragment.cells[cell].append(piece)
    return [f for f in fragments if any(f.cells.values())]


def continues_row(previous: Fragment, fragment: Fragment, document: Document) -> bool:
    """Whether the first fragment on a page continues the row cut at the foot of the last page,
    read from the table's geometry (never from what the name says).

    It does when its name cell is empty, holds nothing but a name cell, or opens with a web
    address (printed under a name): a new row prints its name first, beside its other cells.
    Otherwise the name cell itself must have been cut by the page break: the name of the row
    above (the last on its page) runs down to the row's foot. Then a fragment that leaves
    empty a cell the row above had continues it (a new row fills every cell); with every cell
    filled, it continues where a cell carries on mid-sentence or mid-list."""
    name = fragment.cells[NAME_COLUMN.name]
    if not name or not any(fragment.cells[column.name] for column in BLOCK_COLUMNS) or WEB_ADDRESS.match(name[0].text):
        return True
    settings = document.settings
    previous_name = previous.cells[NAME_COLUMN.name]
    if not previous_name or previous_name[-1].bottom < previous.content_bottom - settings.name_end_ratio * document.pitch:
        return False
    if any(previous.cells[column.name] and not fragment.cells[column.name] for column in BLOCK_COLUMNS):
        return True
    return any(carries_on(column, previous.cells[column.name], fragment.cells[column.name]) for column in BLOCK_COLUMNS)


def carries_on(column: Column, before: list[Line], after: list[Line]) -> bool:
    """Whether `after` continues the sentence or list that `before` leaves open: it starts in
    lower case, or `before` ends on a comma, hyphen or sub-heading, or (in prose) mid-sentence."""
    if not before or not after:
        return False
    last = before[-1]
    ending = join_words(last.body_words, last.settings).rstrip()
    if after[0].text[:1].islower() or ending.endswith((",", "-")) or last.bold:
        return True
    return column.prose and not SENTENCE_END.search(ending)


def table_rows(table: Table, document: Document) -> list[RowDraft]:
    rows: list[RowDraft] = []
    for position, stretch in enumerate(table.stretches):
        for index, fragment in enumerate(stretch_fragments(stretch, document)):
            continues = rows and index == 0 and position > 0 and continues_row(rows[-1].fragments[-1], fragment, document)
            if continues:
                rows[-1].fragments.append(fragment)
            else:
                rows.append(RowDraft(table.heading, [fragment]))
    return rows
