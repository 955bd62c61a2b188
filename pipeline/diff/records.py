"""A diff's records: what `pipeline.diff` finds between two versions, what `cdpc diff --format json`
writes (`DiffDocument`) and what a version's `changes` table holds, one `DiffRecord` a row."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from pipeline.fields import DiffItem
from pipeline.models import Record, Source

WordOp = Literal["equal", "delete", "insert", "replace"]
DiffOp = Literal["ADD", "MOD", "DEL"]


class WordChange(Record):
    op: WordOp
    old: str = ""
    new: str = ""


class DiffRecord(Record):
    """One difference between two versions, ADD/MOD/DEL of a network or of one of its values.

    `item` names what changed: `network` (added or removed), `name` (a rename: the title, name and
    acronym, with `old_network` when the id changed too), `section`, `purpose` (word by word),
    `terms` (`key` the kind of term), `group_label` (a group's printed heading), `collective` (a
    collective printed in the members, `key` its id), `member` (a member added or removed, `key` its
    codes, else its text), `group`, `role`, `kind`, `codes`, `raw`, `note` (MOD: of one member;
    ADD/DEL: a note of the member list, a statement that is no member),
    `relation` (`key` the kind and the other network) and `sources` (footnote URLs and website,
    compared as normalised URLs: `old` the ones gone, `new` the ones come).

    A reviewer's record of several networks (`network` null, `pipeline.review.sections`) folds theirs
    under it (`folded`): a new section scheme (`section`: `old` and `new` the sections in print
    order, `moves` where each old section's networks went) or a group relabelled alike in several
    networks (`group_label`).
    """

    op: DiffOp
    network: str | None = Field(
        description="the network's id (in the newer version, unless it was removed); "
        "null for a record folding several networks' (`folded`)"
    )
    old_network: str | None = Field(default=None, description="the network's id in the older version, when it differs")
    item: DiffItem  # 'network', or what of it changed (pipeline.fields)
    key: str | None = Field(
        default=None, description="the member's codes or text, the collective's id, the kind of term or relation"
    )
    group: str | None = Field(default=None, description="the member's group label, for members")
    old: Any = None
    new: Any = None
    words: list[WordChange] | None = None
    corrections: list[str] = Field(
        default=[],
        description="ids of the corrections that caused the change (applied on one side only); "
        "empty: the source changed",
    )
    moves: dict[str, dict[str, int]] | None = Field(
        default=None,
        description="a new section scheme: each old section → the new sections its networks went to, with how many",
    )
    folded: list[DiffRecord] = Field(
        default=[], description="the one-network records this record of several networks stands for"
    )


class CountryChange(Record):
    """A state's memberships that changed between two versions: network ids joined and left."""

    joined: list[str] = []
    left: list[str] = []


class DiffDocument(Record):
    """What `cdpc diff --format json` writes: the two versions, their sources, the records and the per-country summary."""  # noqa: E501  (one line: the published schema's description)

    model_config = ConfigDict(populate_by_name=True)

    old: str = Field(alias="from", description="the older version as named on the command line")
    new: str = Field(alias="to", description="the newer version as named on the command line")
    sources: dict[Literal["from", "to"], Source] | None = Field(
        default=None, description="the source paper of each version"
    )
    records: list[DiffRecord]
    countries: dict[str, CountryChange] = Field(
        description="by ISO 3166-1 alpha-2 code of the state, for every state whose memberships changed"
    )
    corrections_added: list[str] = Field(
        default=[], description="ids of the corrections applied to the newer version only"
    )
    corrections_retired: list[str] = Field(
        default=[], description="ids of the corrections applied to the older version only"
    )
