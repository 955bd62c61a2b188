"""The catalogue table's columns, declared once.

`COLUMNS` lists the table's columns left to right. Everything that knows about the columns reads
it: the models (`CellName`, the cells of `RowProvenance` and `Anchor`), the extractor (which
labels make a header row, how many column edges to find, which cells a row has) and the fixture
renderer (which labels and cells to print).

The first column is the row's name: the paper leaves its header cell blank, and `Row.name` holds
its text as one string. Every further column is a cell of blocks, headed by its label and held by
the `Row` field of its name. Adding such a column is one `Column` here and its `list[Block]`
field in `pipeline.models.Row`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal


@dataclass(frozen=True)
class Column:
    """One column of the catalogue table."""

    name: str
    """The cell's key in provenance and footnote anchors, and the `Row` field that holds it."""
    label: str
    """The word printed over the column in the table's header row."""
    prose: bool = False
    """Whether the cell is running text, so that a cell cut mid-sentence at a page foot goes on
    with the first line of the next page (a list cell goes on only after a comma, hyphen or
    sub-heading, or with a lower-case line)."""


COLUMNS: tuple[Column, ...] = (
    Column("name", "NAME"),
    Column("purpose", "PURPOSE", prose=True),
    Column("members", "MEMBERS"),
)

NAME_COLUMN = COLUMNS[0]
"""The row's name: the column whose header cell the paper leaves blank."""
BLOCK_COLUMNS = COLUMNS[1:]
"""The columns whose cells are lists of blocks, each named by its label in every header row."""

CELL_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
HEADER_LABELS: tuple[str, ...] = tuple(column.label for column in BLOCK_COLUMNS)
"""The labels a line must hold to be a header row of the catalogue table."""

if TYPE_CHECKING:  # mypy reads no Literal built at run time: to it, a cell's name is a str
    CellName = str
else:
    CellName = Literal[CELL_NAMES]  # built from the declaration above
