"""Every record and file format of the pipeline, in one place.

Extraction (`cdpc extract`) produces an :class:`Extraction`; later stages add their own models
below the extraction ones.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CellName = Literal["name", "purpose", "members"]
BlockStyle = Literal["heading", "item", "text"]


class Record(BaseModel):
    """Base of every model: unknown fields are an error, so a file of another format never loads."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Box(Record):
    """A rectangle on a page, in PDF points from the page's top-left corner (pdfplumber's frame)."""

    page: int = Field(description="1-based page number")
    bbox: tuple[float, float, float, float] = Field(description="x0, top, x1, bottom")


class Anchor(Record):
    """Where a footnote marker stood: the cell, the block in it and the character offset in its text."""

    cell: CellName | Literal["front_matter"]
    block: int
    offset: int


class Footnote(Record):
    number: int
    text: str
    url: str | None = None
    page: int


class CitedFootnote(Footnote):
    """A footnote as cited by a row or a front-matter block, with where its marker stood."""

    anchor: Anchor


class Block(Record):
    """A paragraph, list item or sub-heading of a cell, its wrapped lines re-joined."""

    text: str
    style: BlockStyle = "text"
    boxes: list[Box] = Field(description="one box per page the block is printed on")


class FrontBlock(Block):
    footnotes: list[CitedFootnote] = []


class RowProvenance(Record):
    pages: list[int]
    cells: dict[CellName, list[Box]]


class Row(Record):
    section: str = Field(description="the heading printed above the row's table, e.g. '4.1 European Networks'")
    name: str
    purpose: list[Block]
    members: list[Block]
    footnotes: list[CitedFootnote]
    provenance: RowProvenance


class Source(Record):
    file: str = Field(description="the PDF's file name, without its folder")
    sha256: str
    pages: int
    symbol: str | None = Field(description="the paper's document symbol from its running header, e.g. 'CDPC (2017) 1_rev'")


class Extraction(Record):
    source: Source
    front_matter: list[FrontBlock]
    sections: list[str]
    rows: list[Row]
    footnotes: list[Footnote]
