"""The tidy tables of a version: their columns, keys and rows, as CSV, SQLite and datapackage share them.

`TABLES` declares each table once: its name (the SQLite table, the datapackage resource and
`<name>.csv`), what a row is, its columns (`pipeline.fields.TableColumn`: Frictionless type, enum,
required), primary key, foreign keys and the function giving its rows from a dataset. The tables:

- networks: one row per network (its columns come from `pipeline.fields`);
- memberships: one row per network, member entry and code; notes: the statements that are not
  members (`pipeline.export.memberships`);
- countries: one row per state or territory the memberships name, with its UN M49 region and
  sub-region (`pipeline.normalise.regions`) and the networks it takes part in, territories it answers for
  included;
- terms: one row per network and purpose term (crime area, instrument, year of establishment),
  with the words printed for it and their page;
- relations: one row per relation a network's row states between catalogued networks;
- organisations: every organisation and network the memberships and relations name;
- sources: one row per footnote a network's row cites;
- counts: one row per group whose heading prints a count, with the members found under it;
- changes: one row per record of `cdpc diff` from the version before to this one
  (`pipeline.diff.changes.dataset_diff`; a first version: every network added).

Every table's rows come from a `Release` (`pipeline.export.registry`): all but `changes` from its
dataset alone. A row is a tuple in column order; a `list` column holds a Python list, written as
its values joined by `fields.LIST_SEPARATOR` (`cell`); a change's old and new value is text, a
list or mapping as JSON. No other multi-valued cells.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import get_args

from pipeline.diff.changes import dataset_diff
from pipeline.export.memberships import (
    country_rows,
    membership_rows,
    membership_types,
    note_rows,
    organisation_rows,
)
from pipeline.export.registry import Release
from pipeline.fields import (
    LIST_SEPARATOR,
    NETWORK_FIELDS,
    TableColumn,
    diff_items,
    network_columns,
)
from pipeline.keys import fold
from pipeline.models import Dataset, DatasetNetwork, EntryKind, EntryStatus
from pipeline.normalise.counts import count_checks
from pipeline.normalise.datafiles import PurposeTermRules, load


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    referenced: tuple[str, ...]


TABLE_DESCRIPTIONS = {
    "networks": "one row per network",
    "memberships": "one row per network, member entry and code, with the state behind the code",
    "notes": "statements of a member list that are not members (out of every member count)",
    "terms": "one row per network and term its purpose names",
    "relations": "one row per relation between catalogued networks a network's row states",
    "organisations": "every organisation and network the memberships and relations name",
    "sources": "one row per footnote a network's row cites",
    "counts": "one row per group whose heading prints a count, with the members found under it",
    "countries": "one row per state or territory the memberships name, with its UN M49 region and its networks",
    "changes": "one row per change from the version before (cdpc diff's records; a first version: every network added)",
}
"""Every table by name, with what a row of it is (docs/data.md's list of a version's files reads it)."""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[TableColumn, ...]
    primary_key: tuple[str, ...]
    rows: Callable[[Release], list[tuple]]
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def description(self) -> str:
        return TABLE_DESCRIPTIONS[self.name]


def cell(value):
    """A value as a CSV or SQLite cell: a list joined by the list separator, an empty one None."""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(map(str, value)) or None
    return value


def text_rows(table: Table, release: Release) -> list[tuple]:
    """The table's rows with every value as its cell."""
    return [tuple(cell(value) for value in row) for row in table.rows(release)]


def of_dataset(rows: Callable[[Dataset], list[tuple]]) -> Callable[[Release], list[tuple]]:
    """The rows of a table made from the release's dataset alone."""
    return lambda release: rows(release.dataset)


# ---------------------------------------------------------------------------------------------
# networks
# ---------------------------------------------------------------------------------------------

# A field whose column holds something else than the field's value, by field name.
COLUMN_VALUES: dict[str, Callable[[DatasetNetwork], object]] = {
    "purpose": lambda n: "\n".join(block.text for block in n.purpose) or None,
    "terms": lambda n: min(n.terms.years, default=None),
    "provenance": lambda n: list(n.provenance.pages),
    "amendments": lambda n: network_correction_ids(n),
}


def network_correction_ids(network: DatasetNetwork) -> list[str]:
    ids = {a.correction for a in network.amendments}
    ids |= {a.correction for g in network.groups for e in g.entries for a in e.amendments}
    return sorted(ids)


def network_rows(dataset: Dataset) -> list[tuple]:
    exported = [field for field in NETWORK_FIELDS if field.column]
    return [
        tuple(COLUMN_VALUES[f.name](n) if f.name in COLUMN_VALUES else getattr(n, f.name) for f in exported)
        for n in dataset.networks
    ]


# ---------------------------------------------------------------------------------------------
# terms, relations, sources
# ---------------------------------------------------------------------------------------------

TERM_KINDS = {"crime_areas": "crime_area", "instruments": "instrument"}
ESTABLISHED = "established"


@dataclass(frozen=True)
class Printed:
    text: str | None
    page: int | None


def first_printed(network: DatasetNetwork, phrases: list[str]) -> Printed:
    """Where a purpose first prints one of `phrases` (matched as the normalisation matches them:
    folded, ignoring case, whole words): the words as printed and their page."""
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(fold(p).lower()) for p in sorted(phrases, key=len, reverse=True)) + r")\b"
    )
    for block in network.purpose:
        found = pattern.search(fold(block.text).lower())
        if found:
            return Printed(block.text[found.start() : found.end()], block_page(block))
    return Printed(None, None)


def block_page(block) -> int | None:
    return block.boxes[0].page if block.boxes else None


def established_printed(network: DatasetNetwork, year: int) -> Printed:
    """The sentence of the purpose that prints the year of establishment, and its page."""
    for block in network.purpose:
        for sentence in re.split(r"(?<=\.)\s+", block.text):
            if re.search(rf"\b{year}\b", sentence):
                return Printed(sentence.strip(), block_page(block))
    return Printed(None, None)


def term_rows(dataset: Dataset) -> list[tuple]:

    rules = load(PurposeTermRules).term_groups
    rows = []
    for n in dataset.networks:
        for group, kind in TERM_KINDS.items():
            for value in getattr(n.terms, group):
                printed = first_printed(n, rules[group].get(value, [value]))
                rows.append((n.id, kind, value, printed.text, printed.page))
        for year in n.terms.years:
            printed = established_printed(n, year)
            rows.append((n.id, ESTABLISHED, str(year), printed.text, printed.page))
    return rows


def relation_rows(dataset: Dataset) -> list[tuple]:
    kinds = {row[0]: row[3] for row in organisation_rows(dataset)}
    return [
        (n.id, position, r.source, r.kind, r.target, kinds.get(r.target), r.cell, r.evidence)
        for n in dataset.networks
        for position, r in enumerate(n.relations, start=1)
    ]


def count_rows(dataset: Dataset) -> list[tuple]:
    return [(c.network, c.group, c.printed, c.found, c.page, c.acknowledged) for c in count_checks(dataset.networks)]


def source_rows(dataset: Dataset) -> list[tuple]:
    return [
        (n.id, position, f.number, f.url, f.text, f.page)
        for n in dataset.networks
        for position, f in enumerate(n.footnotes, start=1)
    ]


def change_rows(release: Release) -> list[tuple]:
    """The diff's records from the version before (none: an empty dataset) to this one."""
    before = release.previous or release.dataset.model_copy(update={"networks": [], "dropped": [], "ids": []})
    return [
        (
            position,
            r.op,
            r.network,
            r.old_network,
            r.item,
            r.key,
            r.group,
            change_text(r.old),
            change_text(r.new),
            r.corrections,
        )
        for position, r in enumerate(dataset_diff(before, release.dataset), start=1)
    ]


def change_text(value) -> str | None:
    """A diff record's old or new value as a cell: text as it is, a list or mapping as JSON."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# ---------------------------------------------------------------------------------------------
# The declarations
# ---------------------------------------------------------------------------------------------


def network_key(*columns: str) -> ForeignKey:
    return ForeignKey(columns or ("network_id",), "networks", ("id",))


NETWORK_ID = TableColumn("network_id", "string", "the network's id (networks.id)", required=True)
POSITION_IN_LIST = TableColumn(
    "position",
    "integer",
    "the entry's position in the network's member list, from 1 (memberships and notes share it)",
    required=True,
)
CORRECTIONS = TableColumn("corrections", "list", "ids of the corrections that set the entry", item_type="string")
PAGE = TableColumn("page", "integer", "the page it is printed on")
GROUP_LABEL = TableColumn("group_label", "string", "the printed sub-heading the entry stands under")


REGION = TableColumn(
    "region", "string", "the UN M49 region of the state or territory (Africa, Americas, Asia, Europe, Oceania)"
)
SUB_REGION = TableColumn(
    "sub_region", "string", "the UN M49 sub-region of the state or territory (Western Europe, Sub-Saharan Africa…)"
)


def membership_columns() -> tuple[TableColumn, ...]:
    types = tuple(membership_types().types)
    return (
        NETWORK_ID,
        POSITION_IN_LIST,
        TableColumn("code_position", "integer", "which of the entry's codes this row is, from 1 ('England & Wales': GB-ENG 1, GB-WLS 2)", required=True),
        GROUP_LABEL,
        TableColumn("group_parent", "string", "the heading the sub-heading belongs to (a dash-printed one)"),
        TableColumn("membership", "string", "the type of membership, read from the heading and the role by pipeline/data/membership_types.yaml", enum=types, required=True),
        TableColumn("entry", "string", "the entry as printed (or as corrected)", required=True),
        TableColumn("kind", "string", "what the entry is", enum=get_args(EntryKind), required=True),
        TableColumn("code", "string", "ISO 3166-1 (country, territory, institution's state), ISO 3166-2 (subdivision) or gazetteer id (organisation, network)"),
        TableColumn("country", "string", "ISO 3166-1 alpha-2 of the state: a country's code, a subdivision's country, a territory's own code, an institution's state"),
        TableColumn("country_name", "string", "the name of `country` (pycountry)"),
        REGION,
        SUB_REGION,
        TableColumn("responsible_state", "string", "for a territory, the ISO 3166-1 alpha-2 of the state responsible for it"),
        TableColumn("organisation", "string", "for an organisation or network, its id (organisations.id)"),
        TableColumn("role", "string", "the role printed after the member, e.g. Secretariat"),
        TableColumn("status", "string", "coded; unresolved or ambiguous when no code could be given", enum=tuple(s for s in get_args(EntryStatus) if s != "text"), required=True),
        TableColumn("candidates", "list", "the codes an ambiguous entry may mean", item_type="string"),
        TableColumn("note", "string", "what a reader should know about the entry"),
        PAGE,
        CORRECTIONS,
    )  # fmt: skip


@functools.cache
def tables() -> tuple[Table, ...]:
    """The tables, in TABLE_DESCRIPTIONS' order."""
    return (
        Table("networks", network_columns(), ("id",), of_dataset(network_rows)),
        Table(
            "memberships", membership_columns(),
            ("network_id", "position", "code_position"), of_dataset(membership_rows),
            (network_key(), ForeignKey(("organisation",), "organisations", ("id",)), ForeignKey(("country",), "countries", ("code",))),
        ),
        Table(
            "notes",
            (NETWORK_ID, POSITION_IN_LIST, GROUP_LABEL, TableColumn("text", "string", "the statement as printed", required=True),
             TableColumn("number", "integer", "the number it states ('40 third States…': 40)"), PAGE, CORRECTIONS),
            ("network_id", "position"), of_dataset(note_rows), (network_key(),),
        ),
        Table(
            "terms",
            (NETWORK_ID, TableColumn("kind", "string", "crime_area, instrument or established (a year of establishment or launch)", enum=(*TERM_KINDS.values(), ESTABLISHED), required=True),
             TableColumn("value", "string", "the term's key (pipeline/data/purpose_terms.yaml) or the year", required=True),
             TableColumn("printed", "string", "the words first printed for it (for a year, its sentence)"), PAGE),
            ("network_id", "kind", "value"), of_dataset(term_rows), (network_key(),),
        ),
        Table(
            "relations",
            (NETWORK_ID, TableColumn("position", "integer", "the relation's position in the network's list, from 1", required=True),
             TableColumn("source", "string", "the network the relation goes from (organisations.id)", required=True),
             TableColumn("relation", "string", "hosts, partner, observer, member, … or mentions", required=True),
             TableColumn("target", "string", "the network it goes to (organisations.id)", required=True),
             TableColumn("target_kind", "string", "network or organisation", enum=("network", "organisation")),
             TableColumn("cell", "string", "the cell it is read from", enum=("purpose", "members"), required=True),
             TableColumn("evidence", "string", "the words it is read from")),
            ("network_id", "position"), of_dataset(relation_rows),
            (network_key(), ForeignKey(("source",), "organisations", ("id",)), ForeignKey(("target",), "organisations", ("id",))),
        ),
        Table(
            "organisations",
            (TableColumn("id", "string", "the gazetteer's id (a catalogued network's is its network id)", required=True),
             TableColumn("name", "string", "its name", required=True), TableColumn("acronym", "string", "its acronym"),
             TableColumn("kind", "string", "organisation or network", enum=("network", "organisation"), required=True),
             TableColumn("network_id", "string", "its network id, when it is a network of the catalogue (networks.id)")),
            ("id",), of_dataset(organisation_rows), (network_key("network_id"),),
        ),
        Table(
            "sources",
            (NETWORK_ID, TableColumn("position", "integer", "the footnote's position among the row's, from 1", required=True),
             TableColumn("number", "integer", "the footnote's number in the paper", required=True), TableColumn("url", "string", "the address it links to"),
             TableColumn("text", "string", "its text", required=True), PAGE),
            ("network_id", "position"), of_dataset(source_rows), (network_key(),),
        ),
        Table(
            "counts",
            (NETWORK_ID, TableColumn("group_label", "string", "the heading that prints the count", required=True),
             TableColumn("printed", "integer", "the count the heading prints", required=True),
             TableColumn("found", "integer", "the members found under it (its sub-groups' included, notes not)", required=True),
             PAGE, TableColumn("acknowledged", "string", "the correction acknowledging that printed and found differ")),
            ("network_id", "group_label"), of_dataset(count_rows), (network_key(),),
        ),
        Table(
            "countries",
            (TableColumn("code", "string", "ISO 3166-1 alpha-2 of the state or territory", required=True),
             TableColumn("name", "string", "its name (pycountry)"), REGION, SUB_REGION,
             TableColumn("responsible_state", "string", "for a territory, the state responsible for it"),
             TableColumn("networks", "integer", "the networks it takes part in (related memberships left out), through its own entries and those of the territories it answers for", required=True)),
            ("code",), of_dataset(country_rows),
        ),
        Table(
            "changes",
            (TableColumn("position", "integer", "the change's position among the diff's records, from 1", required=True),
             TableColumn("op", "string", "what happened to the item: added, changed or removed", enum=("ADD", "MOD", "DEL"), required=True),
             TableColumn("network", "string", "the network's id (in this version, unless it was removed)", required=True),
             TableColumn("old_network", "string", "the network's id in the version before, when it differs"),
             TableColumn("item", "string", "what changed: a network (added or removed) or one of its values", enum=diff_items(), required=True),
             TableColumn("key", "string", "the member's codes or text, the collective's id, the kind of term or relation"),
             TableColumn("group_label", "string", "the member's group label, for members"),
             TableColumn("old", "string", "the value before (a list or mapping as JSON)"),
             TableColumn("new", "string", "the value after (a list or mapping as JSON)"),
             TableColumn("corrections", "list", "ids of the corrections that caused the change (applied on one side only); empty: the source changed", item_type="string")),
            ("position",), change_rows,
        ),
    )  # fmt: skip


def table(name: str) -> Table:
    return next(t for t in tables() if t.name == name)


def records(name: str, release: Release) -> list[dict]:
    """The rows of a table as mappings from column name to value (lists as lists)."""
    columns = [c.name for c in table(name).columns]
    return [dict(zip(columns, row)) for row in table(name).rows(release)]
