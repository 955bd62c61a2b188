"""Every record and file format of the pipeline, in one place, but for two kept beside the code
that gives them their meaning: the correction operations (`pipeline.corrections.ops`, each model
its own handler) and the package's data files (`pipeline.gazetteer`).

Extraction (`cdpc extract`) produces an :class:`Extraction`; later stages add their own models
below the extraction ones.
"""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pipeline.columns import CellName
from pipeline.fields import diff_items, settable_fields

FRONT_MATTER = "front_matter"
"""The anchor cell of a footnote cited in the text before the first table."""

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

    cell: CellName | Literal[FRONT_MATTER]
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
    """One row of the catalogue table: its name (`pipeline.columns.NAME_COLUMN`), then a field of
    blocks per further column of `pipeline.columns.COLUMNS`, named as the column."""

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
    date: datetime.date | None = Field(
        default=None, description="the date the paper prints under its symbol ('Strasbourg, 22 September 2020'); None when it prints none"
    )


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
    page: int | None = Field(default=None, description="the page the entry's block starts on")


class Group(Record):
    label: str | None = Field(description="the printed sub-heading, None for entries printed under none")
    count: int | None = None
    span: Span | None = None
    entries: list[Entry]
    parent: str | None = Field(
        default=None, description="label of the heading a dash-printed sub-heading ('- Liaison Prosecutors') belongs to"
    )


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
    website: str | None = None


class Normalised(Record):
    source: Source
    networks: list[Network]


class Problem(Record):
    """An entry `cdpc check` reports: unresolved or ambiguous, with where it is printed."""

    page: int | None
    network: str
    group: str | None
    raw: str
    status: EntryStatus
    candidates: list[str] = []
    note: str | None = None


# ---------------------------------------------------------------------------------------------
# Corrections, published datasets and diffs (`cdpc build`, `cdpc diff`): corrections fix what the
# paper or the extraction got wrong; every corrected value keeps its original and the correction.
# A correction's target and the entries it writes are here; its operations, each a model with its
# handler, are in `pipeline.corrections.ops`.
# ---------------------------------------------------------------------------------------------

from typing import Any  # noqa: E402

FieldName = Literal[settable_fields()]  # the fields of a network a set_field correction may set (pipeline.fields)
TextField = Literal["name", "purpose"]


class EntryTarget(Record):
    """A network, or one of its entries: by network id (and section, where the paper prints a
    network twice), the group's label and the entry's raw text as printed."""

    network: str
    section: str | None = None
    group: str | None = Field(default=None, description="the group label; omit to search every group")
    entry: str | None = Field(default=None, description="the entry's raw text, as the source has it now")
    occurrence: int | None = Field(default=None, ge=1, description="which of several equal entries (1-based)")


class EntryValue(Record):
    """An entry as a correction writes it."""

    raw: str
    kind: EntryKind
    codes: list[str] = []
    role: str | None = None
    note: str | None = None
    status: EntryStatus | None = Field(default=None, description="default: coded when codes are given, else text for kind other, else unresolved")


class Amendment(Record):
    """A value a correction changed: which field, what it was before, and the correction's id."""

    field: str = Field(description="e.g. 'name', 'purpose[1]', 'raw', 'codes', 'entry', 'merged'")
    original: Any = None
    correction: str


class DatasetEntry(Entry):
    span: Span | None = Field(default=None, description="None for an entry a correction added")
    amendments: list[Amendment] = []


class DatasetGroup(Group):
    entries: list[DatasetEntry]


class DatasetNetwork(Network):
    groups: list[DatasetGroup]
    amendments: list[Amendment] = Field(default=[], description="corrections of the network's own fields and of its entry lists")


class DroppedNetwork(Record):
    """A row a correction dropped or merged into another, with the corrections it had until then."""

    id: str
    name: str
    section: str
    correction: str
    merged_into: str | None = None
    amendments: list[Amendment] = []


class Dataset(Record):
    """The canonical published dataset of one version: networks.json."""

    document: str = Field(description="the document's slug, from its symbol")
    source: Source
    networks: list[DatasetNetwork]
    dropped: list[DroppedNetwork] = []


class ManifestFile(Record):
    path: str
    sha256: str


class Manifest(Record):
    document: str
    version: str
    source: Source
    pipeline_version: str
    pipeline_sha256: str | None = Field(
        default=None, description="sha256 of the pipeline's code and data files that built the version (tells an up-to-date build)"
    )
    corrections: list[ManifestFile]
    files: list[ManifestFile]


WordOp = Literal["equal", "delete", "insert", "replace"]


class WordChange(Record):
    op: WordOp
    old: str = ""
    new: str = ""


class DiffRecord(Record):
    """One difference between two versions, ADD/MOD/DEL of a network or of one of its values."""

    op: Literal["ADD", "MOD", "DEL"]
    network: str = Field(description="the network's id (in the newer version, unless it was removed)")
    item: Literal[diff_items()]  # 'network', or what of it changed (pipeline.fields)
    key: str | None = Field(default=None, description="the member's code or text, or the source's url")
    group: str | None = Field(default=None, description="the member's group label, for members")
    old: Any = None
    new: Any = None
    words: list[WordChange] | None = None
