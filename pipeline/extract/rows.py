"""A table's stretches → row drafts: rows cut at their separators, lines split into cells, and
rows cut by a page break joined again.

`table_rows` turns a `Table` into `RowDraft`s. On each page a row is a `Fragment`, bounded by the
horizontal rules drawn across the table where there are any, else by where a name cell starts,
set apart and level with the other cells; each line of the fragment is split into the cells of
`pipeline.columns.COLUMNS` by the stretch's `Columns`. The first fragment on a page continues the
last row of the page before when `continues_row` says so, from the table's geometry and how
the cells' lines wrap; where nothing printed tells, `table_rows` raises `RowCutUnclear`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from pipeline.columns import BLOCK_COLUMNS, CELL_NAMES, COLUMNS, NAME_COLUMN, CellName, Column
from pipeline.errors import RowCutUnclear, RowStartUnclear
from pipeline.extract.geometry import COORDINATE_DECIMALS, MEASURE_DECIMALS, Word, distance
from pipeline.extract.layout import Document, Line, join_words
from pipeline.extract.table import WEB_ADDRESS, Columns, Stretch, Table, table_wide_rules
from pipeline.models import Box

SENTENCE_END = re.compile(r"[.!?:;)”’\"']$")


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
        left, top, right, bottom = (round(value, COORDINATE_DECIMALS) for value in (x0, self.top, x1, self.bottom))
        return Box(page=self.page, bbox=(left, top, right, bottom))

    def text_edge(self, cell: CellName, margins: dict[CellName, float]) -> float:
        """How far right the cell's text can reach: its column's edge less the table's margin."""
        return self.columns.span(cell)[1] - margins[cell]

    @property
    def content_bottom(self) -> float:
        return max((line.bottom for lines in self.cells.values() for line in lines), default=self.top)


@dataclass
class RowDraft:
    section: str
    fragments: list[Fragment]
    margins: dict[CellName, float]
    """The table's `text_margins`."""

    def text_edges(self, cell: CellName) -> dict[int, float]:
        """Where the cell's text can reach on each page the row is printed on."""
        return {fragment.page: fragment.text_edge(cell, self.margins) for fragment in self.fragments}


def split_line_by_cell(line: Line, columns: Columns) -> dict[CellName, Line]:
    parts: dict[CellName, list[Word]] = defaultdict(list)
    for word in line.words:
        parts[columns.cell_of(word)].append(word)
    return {cell: Line(words, line.page, line.settings) for cell, words in parts.items()}


def row_separators(path: Path, stretch: Stretch, document: Document) -> list[float]:
    """Y positions where a new row starts on this page: in a ruled table (a rule drawn across it
    below its top and above the page's footnotes, were it only the one closing the page's last
    row), its rules; else name-cell starts: a name line set apart from the line above, not a web
    address (printed under a name), beside cells starting level with it. A name line set apart
    that is neither is `RowStartUnclear`: a row is never merged into the one above silently."""
    columns, settings = stretch.known_columns, document.settings
    area = document.footnote_areas.get(stretch.layout.number)
    footnotes_top = area.top if area else float("inf")
    rules = sorted(
        {
            round(y, MEASURE_DECIMALS)
            for y, x0 in table_wide_rules(stretch, settings)
            if stretch.top + settings.separator_min_depth < y < footnotes_top and x0 < columns.name_end
        }
    )
    if rules:
        return [y for y in rules if y < stretch.bottom]
    pieces = [split_line_by_cell(line, columns) for line in stretch.lines]
    tops = {cell: [piece[cell].top for piece in pieces if cell in piece] for cell in CELL_NAMES}
    starts, previous = [], None
    for index, piece in enumerate(pieces):
        name = piece.get(NAME_COLUMN.name)
        if name is None:
            continue
        set_apart = (
            previous is None or name.top - previous > document.pitch - settings.row_start_gap_ratio * document.body_size
        )
        if set_apart and not WEB_ADDRESS.match(name.text):
            if cells_start_beside(name.top, tops, document):
                starts.append(name.top - settings.above_line)
            elif index:  # below other lines of the page's table (atop it, `continues_row` decides)
                raise RowStartUnclear(path, unclear_start(stretch, name))
        previous = name.bottom
    return starts


def unclear_start(stretch: Stretch, name: Line) -> str:
    """Why a name line set apart neither starts a row nor goes on with one: its page and text."""
    return (
        f"page {stretch.layout.number}: the name-cell line {name.text!r} stands apart from the line above it, but no "
        "other cell starts level with it: cannot tell whether it starts a row or goes on with the row above"
    )


def cells_start_beside(top: float, tops: dict[CellName, list[float]], document: Document) -> bool:
    """Whether the other cells start level with a name line at `top`: a new row prints its cells
    side by side from one top, so in each further column with a line within a pitch below `top`,
    the first such line stands level with it, and at least one column has one. A name-cell line
    set apart beside the middle of other cells (a web address under a name) starts no row."""
    tolerance = document.settings.row_top_tolerance
    level = False
    for column in BLOCK_COLUMNS:
        near = [t for t in tops[column.name] if -tolerance <= distance(top, t) < document.pitch - tolerance]
        if near:
            if distance(top, min(near)) > tolerance:
                return False
            level = True
    return level


def stretch_fragments(path: Path, stretch: Stretch, document: Document) -> list[Fragment]:
    """The row fragments printed in this stretch, top to bottom, with their lines split by cell."""
    slack = document.settings.edge_slack
    separators = [s for s in row_separators(path, stretch, document) if s > stretch.top + slack]
    content_bottom = max((line.bottom for line in stretch.lines), default=stretch.top) + slack
    bounds = [stretch.top] + separators + [max(content_bottom, separators[-1] + slack if separators else 0)]
    fragments = [Fragment(stretch.layout.number, a, b, stretch.known_columns) for a, b in pairwise(bounds)]
    for line in stretch.lines:
        fragment = next((f for f in reversed(fragments) if f.top - slack <= line.top), fragments[0])
        for cell, piece in split_line_by_cell(line, stretch.known_columns).items():
            fragment.cells[cell].append(piece)
    return [f for f in fragments if any(f.cells.values())]


def text_margins(fragments: list[Fragment]) -> dict[CellName, float]:
    """How close each cell's text comes to its column's right edge over a table: what a full line
    leaves free (the cell's padding), so that `Fragment.text_edge` is where a line can reach."""
    margins = {cell: float("inf") for cell in CELL_NAMES}
    for fragment in fragments:
        for cell, lines in fragment.cells.items():
            right = fragment.columns.span(cell)[1]
            for line in lines:
                margins[cell] = min(margins[cell], right - line.x1)
    return {cell: margin if margin != float("inf") else 0.0 for cell, margin in margins.items()}


def wraps_into(last: Line, first: Line, edge: float, document: Document) -> bool:
    """Whether `first` may be `last` wrapped: its first word, after a word space, would not have
    fit on `last`, whose text can reach `edge` (a line with room for it ended its paragraph)."""
    word = first.body_words[0]
    return last.x1 + document.word_gap + (word.x1 - word.x0) > edge - document.settings.wrap_room_slack


def line_ending(line: Line) -> str:
    return join_words(line.body_words, line.settings).rstrip()


def goes_on_mid_word_or_list(before: list[Line], after: list[Line]) -> bool:
    """Whether `after` plainly continues `before`: it starts in lower case, or `before` ends on a
    comma or hyphen (what a cell's first line never does after a cell that ended)."""
    return after[0].text[:1].islower() or line_ending(before[-1]).endswith((",", "-"))


def carries_on(column: Column, before: list[Line], after: list[Line]) -> bool:
    """Whether `after` continues the sentence or list that `before` leaves open: mid-word or
    mid-list, or (but in the name, printed bold) after a sub-heading, or (in prose) mid-sentence."""
    last = before[-1]
    if goes_on_mid_word_or_list(before, after):
        return True
    return column is not NAME_COLUMN and last.bold or column.prose and not SENTENCE_END.search(line_ending(last))


GOES_ON, ENDS, ENDED_SHORT = "goes on", "ends", "ended short"
"""How a cell cut by a page break reads across it: printed as going on (`carries_on`), as ended
(its last line had room for the next line's first word), as ended short of the page's foot (a
line's room or more below it: a cell going on would have filled it), or (None) either."""


def cell_join(column: Column, previous: Fragment, after: list[Line], edge: float, document: Document) -> str | None:
    """How the cell of `previous` (at a page's foot) and `after` (at the next page's top) read
    across the break: GOES_ON, ENDS, ENDED_SHORT or None."""
    before = previous.cells[column.name]
    if carries_on(column, before, after):
        return GOES_ON
    if before[-1].bottom < previous.content_bottom - document.settings.ended_short_ratio * document.pitch:
        return ENDED_SHORT
    return None if wraps_into(before[-1], after[0], edge, document) else ENDS


def continues_row(
    previous: Fragment, fragment: Fragment, margins: dict[CellName, float], document: Document
) -> bool | None:
    """Whether the first fragment on a page continues the row cut at the foot of the last page,
    read from the table's geometry and how its lines wrap (never from what a name means: a
    missing ")"); None when nothing printed tells.

    It does when its name cell is empty, holds nothing but a name cell, or opens with a web
    address (printed under a name): a new row prints its name first, beside its other cells.
    Otherwise the name cell itself must have been cut by the page break: the name of the row
    above (the last on its page) runs down to the row's foot. Then a fragment that leaves
    empty a cell the row above had continues it (a new row fills every cell). With every cell
    filled, it continues where a cell (the name's too) carries on mid-word, mid-sentence or
    mid-list and the name did not end; it starts a row where, with no cell carrying on, the
    name ended (its last line had room for the next line's first word), another cell ended
    short of the fragment's foot, or the fragment itself short of the page's (a row going on
    would have filled the page: a row moved whole to the next page). Anything else — a name
    cut after a full line beside cells that end at the page's foot and tell nothing, or an
    ended name beside a cell that carries on — is None."""
    name = fragment.cells[NAME_COLUMN.name]
    if not name or not any(fragment.cells[column.name] for column in BLOCK_COLUMNS) or WEB_ADDRESS.match(name[0].text):
        return True
    settings = document.settings
    previous_name = previous.cells[NAME_COLUMN.name]
    if not previous_name:
        return False
    if previous_name[-1].bottom < previous.content_bottom - settings.name_end_ratio * document.pitch:
        return name_held_over(previous, fragment, margins, document)
    if any(previous.cells[column.name] and not fragment.cells[column.name] for column in BLOCK_COLUMNS):
        return True
    joins = {
        column.name: cell_join(
            column, previous, fragment.cells[column.name], previous.text_edge(column.name, margins), document
        )
        for column in COLUMNS
        if previous.cells[column.name] and fragment.cells[column.name]
    }
    name_join = joins.pop(NAME_COLUMN.name)
    if GOES_ON in (name_join, *joins.values()):
        return None if name_join == ENDS else True
    room = document.content_bottom(previous.page) - previous.content_bottom
    if (
        name_join == ENDS
        or ENDED_SHORT in joins.values()
        or room > document.settings.ended_short_ratio * document.pitch
    ):
        return False
    return None


def name_held_over(previous: Fragment, fragment: Fragment, margins: dict[CellName, float], document: Document) -> bool:
    """Whether a name ending short of its fragment's foot went on all the same on the next page:
    a word processor keeping a paragraph's last lines together (widow control) moves the name's
    last line, with the web address under it, over the break. It did where the name's last line
    had no room for the fragment's first name word and a further cell goes on there mid-word or
    mid-list (a new row's cells start afresh); else the name had ended: a new row."""
    name, name_after = previous.cells[NAME_COLUMN.name], fragment.cells[NAME_COLUMN.name]
    if not wraps_into(name[-1], name_after[0], previous.text_edge(NAME_COLUMN.name, margins), document):
        return False
    return any(
        previous.cells[column.name]
        and fragment.cells[column.name]
        and goes_on_mid_word_or_list(previous.cells[column.name], fragment.cells[column.name])
        for column in BLOCK_COLUMNS
    )


def unclear_cut(previous: Fragment, fragment: Fragment) -> str:
    """Why `continues_row` cannot tell: the page, the fragment and the row it may go on with."""
    text = lambda part, cell: " ".join(line.text for line in part.cells[cell])
    return (
        f"page {fragment.page}: cannot tell whether the row fragment at the top of the page "
        f"({text(fragment, NAME_COLUMN.name)!r} | {text(fragment, BLOCK_COLUMNS[0].name)[:60]!r} …) goes on with "
        f"the row {text(previous, NAME_COLUMN.name)!r} cut at the foot of page {previous.page} or starts a new row; "
        "nothing printed (a cell going on mid-sentence or mid-list, a name ending short of its line) says which"
    )


def table_rows(path: Path, table: Table, document: Document) -> list[RowDraft]:
    """The rows of a table, each fragment at a page's top joined to the row it continues;
    `RowCutUnclear` for one that cannot be told from a new row (`RowStartUnclear`, see
    `row_separators`)."""
    fragments = [stretch_fragments(path, stretch, document) for stretch in table.stretches]
    margins = text_margins([fragment for page in fragments for fragment in page])
    rows: list[RowDraft] = []
    for position, page in enumerate(fragments):
        for index, fragment in enumerate(page):
            continues = (
                bool(rows)
                and index == 0
                and position > 0
                and continues_row(rows[-1].fragments[-1], fragment, margins, document)
            )
            if continues is None:
                raise RowCutUnclear(path, unclear_cut(rows[-1].fragments[-1], fragment))
            if continues:
                rows[-1].fragments.append(fragment)
            else:
                rows.append(RowDraft(table.heading, [fragment], margins))
    return rows
