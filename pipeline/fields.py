"""The fields of a network in one table: how each is exported, compared between versions and corrected.

`NETWORK_FIELDS` has one entry per field of `pipeline.models.DatasetNetwork`, in the model's order
(a test holds them equal, so a new model field without an entry here fails). Read from it:

- `settable_fields()`: the fields a `set_field` correction may set (`FieldName`);
- `diff_items()`: what a diff record may name (`DiffItem`, of `diff.records.DiffRecord.item`), and
  `diff.network_changes` runs each comparison a field names once, in the table's order: `title` (id, name and acronym
  together: a rename is one record), `words` (a text, word by word), `members` (the member groups:
  labels, collectives, then member by member), `sources` (the footnotes' URLs and the website, as
  one set), `terms` (crime areas, instruments, years), `relations` (to other networks);
- `network_columns()`: the columns of networks.csv, of the SQLite table `networks` and of the
  datapackage's `networks` resource (`pipeline.export.tables`), in table order. A field with no
  column is exported as a table of its own (groups: memberships and notes; relations; footnotes:
  sources) or only in networks.json.

A field's Python type is its annotation in the model, not repeated here; a column's type is the
Frictionless type of the CSV column (and gives the SQLite column's). A `list` column holds several
values joined by `LIST_SEPARATOR`, the one list convention of every multi-valued cell. This module
imports nothing of the pipeline, so the models can read it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple

Comparison = Literal["title", "words", "members", "sources", "terms", "relations"]


LIST_SEPARATOR = ";"
"""Every multi-valued cell of every table: its values joined by this, without spaces ('4;5')."""


class TableColumn(NamedTuple):
    """A column of a CSV file and of its SQLite table: a Frictionless type (string, integer, or
    list: values of `item_type` joined by LIST_SEPARATOR), the values it may take (`enum`, none:
    any) and whether every row has a value."""

    name: str
    type: str
    description: str
    enum: tuple[str, ...] = ()
    item_type: str | None = None
    required: bool = False


class NetworkField(NamedTuple):
    """A field of a network: its column (None: not in networks.csv), how the diff compares it (None:
    not compared) and whether a set_field correction may set it."""

    name: str
    column: TableColumn | None = None
    diff: Comparison | None = None
    settable: bool = False


NETWORK_FIELDS = (
    NetworkField(
        "id",
        TableColumn("id", "string", "stable id: slug of the printed acronym, else of the name", required=True),
        diff="title",
    ),
    NetworkField(
        "name", TableColumn("name", "string", "the network's name", required=True), diff="title", settable=True
    ),
    NetworkField("acronym", TableColumn("acronym", "string", "the printed acronym"), diff="title", settable=True),
    NetworkField(
        "section",
        TableColumn("section", "string", "'european', 'non_european', or the slug of another heading"),
        diff="words",
        settable=True,
    ),
    NetworkField(
        "section_heading",
        TableColumn("section_heading", "string", "the heading printed above the network's table"),
        settable=True,
    ),
    NetworkField("purpose", TableColumn("purpose", "string", "the purpose cell, one paragraph a line"), diff="words"),
    NetworkField(
        "terms",
        TableColumn(
            "established",
            "integer",
            "the year of establishment or launch its purpose prints (the earliest); all terms: terms.csv",
        ),
        diff="terms",
    ),
    NetworkField("groups", diff="members"),  # exported as memberships.csv (one row per entry and code) and notes.csv
    NetworkField("relations", diff="relations"),  # exported as relations.csv
    NetworkField("footnotes", diff="sources"),  # exported as sources.csv
    NetworkField("provenance", TableColumn("pages", "list", "the pages the row is printed on", item_type="integer")),
    NetworkField(
        "website", TableColumn("website", "string", "the web address printed in the name cell"), diff="sources"
    ),
    NetworkField(
        "amendments",
        TableColumn(
            "corrections", "list", "ids of the corrections that changed the network or its entries", item_type="string"
        ),
    ),
)

# The items of the records a comparison of several fields or of a structure gives; `words` gives the field's name.
COMPARISON_ITEMS: dict[Comparison, tuple[str, ...]] = {
    "title": ("name",),
    "members": ("group_label", "collective", "member", "group", "role", "kind", "codes", "raw", "note"),
    "sources": ("sources",),
    "terms": ("terms",),
    "relations": ("relation",),
}


def settable_fields() -> tuple[str, ...]:
    return tuple(f.name for f in NETWORK_FIELDS if f.settable)


def comparisons() -> tuple[tuple[Comparison, tuple[str, ...]], ...]:
    """Each comparison once, in the order of its first field, with the fields it covers."""
    order = dict.fromkeys(f.diff for f in NETWORK_FIELDS if f.diff)
    return tuple((c, tuple(f.name for f in NETWORK_FIELDS if f.diff == c)) for c in order)


def diff_items() -> tuple[str, ...]:
    """Every item a diff record may name: 'network' (added or removed), then each comparison's."""
    compared = (COMPARISON_ITEMS.get(c, names) for c, names in comparisons())
    return ("network", *(item for items in compared for item in items))


if TYPE_CHECKING:  # mypy reads no Literal built at run time: to it, these are plain strings
    FieldName = str
    DiffItem = str
else:
    FieldName = Literal[settable_fields()]  # the fields of a network a set_field correction may set
    DiffItem = Literal[diff_items()]  # 'network', or what of it changed


def network_columns() -> tuple[TableColumn, ...]:
    return tuple(f.column for f in NETWORK_FIELDS if f.column)
