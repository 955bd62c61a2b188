"""The fields of a network in one table: how each is exported, compared between versions and corrected.

`NETWORK_FIELDS` has one entry per field of `pipeline.models.DatasetNetwork`, in the model's order
(a test holds them equal, so a new model field without an entry here fails). Read from it:

- `settable_fields()`: the fields a `set_field` correction may set (`models.FieldName`);
- `diff_items()`: what a diff record may name (`models.DiffRecord.item`), and `diff.network_changes`
  runs each comparison a field names once, in the table's order: `title` (id, name and acronym
  together: a rename is one record), `words` (a text, word by word), `members` (the member groups:
  labels, collectives, then member by member), `sources` (the footnotes' URLs and the website, as
  one set), `terms` (crime areas, instruments, years), `relations` (to other networks);
- `network_columns()`: the columns of networks.csv, of the SQLite table `networks` and of the
  datapackage's `networks` resource (`export.NETWORK_COLUMNS`), in table order.

A field's Python type is its annotation in the model, not repeated here; a column's type is the
Frictionless type of the CSV column (and gives the SQLite column's). The CSV and SQLite files of a
published version never change, so a field gets a column only with a new dataset version: until
then its entry says `exported_later` (it is in networks.json only). This module imports nothing of
the pipeline, so the models can read it.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Comparison = Literal["title", "words", "members", "sources", "terms", "relations"]


class Column(NamedTuple):
    """A column of a CSV file and of its SQLite table."""

    name: str
    type: str  # a Frictionless field type: string, integer
    description: str


class NetworkField(NamedTuple):
    """A field of a network: its column (None: not in networks.csv), how the diff compares it (None:
    not compared) and whether a set_field correction may set it."""

    name: str
    column: Column | None = None
    diff: Comparison | None = None
    settable: bool = False
    exported_later: bool = False


NETWORK_FIELDS = (
    NetworkField("id", Column("id", "string", "stable id: slug of the printed acronym, else of the name"), diff="title"),
    NetworkField("name", Column("name", "string", "the network's name"), diff="title", settable=True),
    NetworkField("acronym", Column("acronym", "string", "the printed acronym"), diff="title", settable=True),
    NetworkField(
        "section", Column("section", "string", "'european', 'non_european', or the slug of another heading"), diff="words", settable=True
    ),
    NetworkField("section_heading", Column("section_heading", "string", "the heading printed above the network's table"), settable=True),
    NetworkField("purpose", Column("purpose", "string", "the purpose cell, one paragraph a line"), diff="words"),
    NetworkField("terms", diff="terms"),
    NetworkField("groups", diff="members"),  # exported as memberships.csv, one row per entry
    NetworkField("relations", diff="relations"),
    NetworkField(
        "footnotes", Column("sources", "string", "the footnotes the row cites (urls, else their text), one a line"), diff="sources"
    ),
    NetworkField("provenance", Column("pages", "string", "the pages the row is printed on, space-separated")),
    NetworkField("website", diff="sources", exported_later=True),
    NetworkField("amendments", Column("corrections", "string", "ids of the corrections that changed the network or its entries")),
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


def network_columns() -> tuple[Column, ...]:
    return tuple(f.column for f in NETWORK_FIELDS if f.column)
