"""Every record and file format of the pipeline, in one place, but for three kept beside the code
that gives them their meaning: the correction operations (`pipeline.corrections.ops`, each model
its own handler), the package's data files (`pipeline.normalise.gazetteer`) and a diff's records
(`pipeline.diff.records`).

Extraction (`cdpc extract`) produces an :class:`Extraction`; later stages add their own models
below the extraction ones.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pipeline.columns import CellName
from pipeline.keys import slug

FRONT_MATTER = "front_matter"
"""The anchor cell of a footnote cited in the text before the first table."""

BlockStyle = Literal["heading", "item", "text"]


class Record(BaseModel):
    """Base of every model: unknown fields are an error, so a file of another format never loads.
    Each model's validator is built when first used (`defer_build`), so that a command builds only
    those of the records it makes; `held_records` finds those to build ahead."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def held_records(model: type[Record]) -> list[type[Record]]:
    """`model` and every record type its fields hold, at any depth, each once."""
    found = [model]
    for record in found:  # grows as it goes
        for field in record.model_fields.values():
            found += [kind for kind in types_in(field.annotation) if issubclass(kind, Record) and kind not in found]
    return found


def types_in(annotation) -> Iterator[type]:
    """The classes an annotation names, at any depth (`list[Row]`, `Box | None`…)."""
    if isinstance(annotation, type):
        yield annotation
    for argument in get_args(annotation):
        yield from types_in(argument)


class Box(Record):
    """A rectangle on a page, in PDF points from the page's top-left corner (pdfplumber's frame)."""

    page: int = Field(description="1-based page number")
    bbox: tuple[float, float, float, float] = Field(description="x0, top, x1, bottom")


class Anchor(Record):
    """Where a footnote marker stood: the cell, the block in it and the character offset in its text."""

    cell: CellName | Literal[FRONT_MATTER]  # type: ignore[valid-type]  # a constant's value: mypy wants a literal
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
    symbol: str | None = Field(
        description="the paper's document symbol from its running header, e.g. 'CDPC (2017) 1_rev'"
    )
    date: datetime.date | None = Field(
        default=None,
        description="the date the paper prints under its symbol ('Strasbourg, 22 September 2020'); "
        "None when it prints none",
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

EntryKind = Literal[
    "country", "subdivision", "territory", "organisation", "network", "institution", "collective", "other"
]
EntryStatus = Literal["coded", "unresolved", "ambiguous", "text"]
EntryOrigin = Literal["printed", "expanded"]
CollectiveProblem = Literal["undated_collective", "collective_count"]
RelationProblem = Literal["relation_target_missing"]
TextProblem = Literal["unreadable_character"]


class Span(Record):
    """Where a piece of text came from inside a cell: block index and character offsets in its text."""

    block: int
    start: int
    end: int


class ExpandedFrom(Record):
    """The printed text a member was expanded from: a collective ("Member States of the EU") as of a day."""

    collective: str = Field(description="the collective's id in pipeline/data/collectives.yaml, e.g. 'eu'")
    printed: str = Field(description="the text the paper prints, e.g. 'Member States of the EU'")
    on: datetime.date = Field(description="the document's date, the day the membership is taken on")


class Entry(Record):
    """One member as printed, typed and (where it can be, never by guess) coded.

    `codes` holds ISO 3166-1 alpha-2 codes for countries and territories, ISO 3166-2 codes for
    subdivisions, the country's code for institutions, gazetteer ids (network ids for catalogued
    networks) for organisations and networks, and the collective's id for a collective ("Member
    States of the EU": kind `collective`, its printed count in `count`). Status `text` is for
    sentences kept whole (kind `other`), which expect no code.

    A collective printed in a member list is followed, when the document has a date, by one
    entry per state that was its member on that date: `origin` `expanded`, `raw` the state's
    name, `expanded_from` the collective and its printed text, `span` the collective's.
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
    origin: EntryOrigin = Field(
        default="printed", description="'expanded' for a member the paper names only through a collective"
    )
    expanded_from: ExpandedFrom | None = Field(default=None, description="the collective an expanded member comes from")


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


class Problem(Record):
    """An entry `cdpc check` reports, with where it is printed: unresolved or ambiguous; or a
    collective that could not be expanded (`undated_collective`: the document has no date) or whose
    printed count the expansion contradicts (`collective_count`); or a relation to a catalogued
    network that no row of the source is (`relation_target_missing`: `raw` the text stating it,
    `candidates` the network named); or a cell holding U+FFFD (`unreadable_character`, `group` the cell)."""

    page: int | None
    network: str
    group: str | None
    raw: str
    status: EntryStatus | CollectiveProblem | RelationProblem | TextProblem
    candidates: list[str] = []
    note: str | None = None


class Normalised(Record):
    source: Source
    networks: list[Network]
    missing_targets: list[Problem] = Field(
        default=[], description="relations stated to a catalogued network that no row of this source is"
    )


# ---------------------------------------------------------------------------------------------
# Corrections, published datasets and diffs (`cdpc build`, `cdpc diff`): corrections fix what the
# paper or the extraction got wrong; every corrected value keeps its original and the correction.
# A correction's target and the entries it writes are here; its operations, each a model with its
# handler, are in `pipeline.corrections.ops`.
# ---------------------------------------------------------------------------------------------

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
    status: EntryStatus | None = Field(
        default=None, description="default: coded when codes are given, else text for kind other, else unresolved"
    )


class PrintedCount(Record):
    """A count a group's heading prints and the members found under it, as an acknowledge_count
    correction expects them."""

    printed: int = Field(ge=1)
    found: int = Field(ge=0)


class Amendment(Record):
    """A value a correction changed: which field, what it was before, and the correction's id."""

    field: str = Field(description="e.g. 'name', 'purpose[1]', 'raw', 'codes', 'entry', 'merged'")
    original: Any = None
    correction: str


class DatasetEntry(Entry):  # a dataset's records narrow or widen the fields of those they extend (type: ignore below)
    span: Span | None = Field(default=None, description="None for an entry a correction added")  # type: ignore[assignment]
    amendments: list[Amendment] = []


class DatasetGroup(Group):
    entries: list[DatasetEntry]  # type: ignore[assignment]
    count_acknowledged: str | None = Field(
        default=None,
        description="id of the correction acknowledging that the count the heading prints is not the members found",
    )


class DatasetNetwork(Network):
    groups: list[DatasetGroup]  # type: ignore[assignment]
    amendments: list[Amendment] = Field(
        default=[], description="corrections of the network's own fields and of its entry lists"
    )


class DroppedNetwork(Record):
    """A row a correction dropped or merged into another, with the corrections it had until then."""

    id: str
    name: str
    section: str
    correction: str
    merged_into: str | None = None
    amendments: list[Amendment] = []


class KeptId(Record):
    """A network whose id is not the one its row prints: paired with a network of the previous
    version (a rename keeps its id), or given its id by a pairing correction."""

    printed: str = Field(description="the id the new source's row gives it (slug of its acronym, else of its name)")
    id: str = Field(description="the id it is published under")
    score: float | None = Field(
        default=None,
        description="the pairing's similarity (0-1, pipeline.diff.similarity); None when a correction paired it",
    )
    correction: str | None = Field(default=None, description="the pair_network or new_network correction that set it")


class Dataset(Record):
    """The canonical published dataset of one version: networks.json."""

    document: str = Field(
        description="the dataset's id: the slug of its first source's symbol, kept by every later source"
    )
    source: Source
    networks: list[DatasetNetwork]
    dropped: list[DroppedNetwork] = []
    ids: list[KeptId] = Field(
        default=[], description="networks published under another id than their row prints, in print order"
    )


class SourceRef(Record):
    """The source a correction file was written for, by sha256 (exactly that file) or else by symbol
    (any copy printing it)."""

    symbol: str | None = None
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")

    @model_validator(mode="after")
    def names_a_source(self) -> SourceRef:
        if self.symbol is None and self.sha256 is None:
            raise ValueError("give the source's symbol or sha256")
        return self

    def matches(self, source: Source) -> bool:
        if self.sha256 is not None:
            return self.sha256 == source.sha256
        return source.symbol is not None and slug(self.symbol) == slug(source.symbol)  # type: ignore[arg-type]  # (names_a_source)

    def described(self) -> str:
        return self.symbol if self.symbol is not None else f"sha256 {self.sha256}"


class ManifestFile(Record):
    path: str
    sha256: str


class Manifest(Record):
    document: str
    version: str
    source: Source
    pipeline_version: str
    pipeline_sha256: str | None = Field(
        default=None,
        description="sha256 of the pipeline's code and data files that built the version (tells an up-to-date build)",
    )
    corrections: list[ManifestFile]
    files: list[ManifestFile]
