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
    website: str | None = Field(default=None, description="a web address printed in the name cell, if any")
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


# ---------------------------------------------------------------------------------------------
# Normalisation (`cdpc normalise`): rows become networks with typed, coded member entries.
# ---------------------------------------------------------------------------------------------

EntryKind = Literal["country", "subdivision", "territory", "organisation", "network", "institution", "other"]
EntryStatus = Literal["coded", "unresolved", "ambiguous", "text"]


class Span(Record):
    """Where a piece of text came from inside a cell: block index and character offsets in its text."""

    block: int
    start: int
    end: int


class Entry(Record):
    """One member as printed, typed and (where it can be, never by guess) coded.

    `codes` holds ISO 3166-1 alpha-2 codes for countries and territories, ISO 3166-2 codes for
    subdivisions, the country's code for institutions, and gazetteer ids (network ids for
    catalogued networks) for organisations and networks. Status `text` is for sentences kept
    whole (kind `other`), which expect no code.
    """

    raw: str
    kind: EntryKind
    codes: list[str] = []
    status: EntryStatus
    candidates: list[str] = Field(default=[], description="possible codes of an ambiguous entry")
    role: str | None = None
    count: int | None = None
    note: str | None = None
    span: Span


class Group(Record):
    label: str | None = Field(description="the printed sub-heading, None for entries printed under none")
    count: int | None = None
    span: Span | None = None
    entries: list[Entry]


class Relation(Record):
    """A link from one catalogued network to another, found in a purpose text or a member list."""

    source: str
    target: str
    kind: str = Field(description="e.g. 'hosts', 'partner', 'observer', 'member', 'mentions'")
    evidence: str
    span: Span | None = None
    cell: CellName


class PurposeTerms(Record):
    crime_areas: list[str] = []
    instruments: list[str] = []
    years: list[int] = []


class Network(Record):
    id: str = Field(description="stable id: slug of the printed acronym, else of the name")
    name: str
    acronym: str | None
    section: str = Field(description="'european', 'non_european', or the slug of another heading")
    section_heading: str
    purpose: list[Block]
    terms: PurposeTerms
    groups: list[Group]
    relations: list[Relation]
    footnotes: list[CitedFootnote]
    provenance: RowProvenance


class Normalised(Record):
    source: Source
    networks: list[Network]
