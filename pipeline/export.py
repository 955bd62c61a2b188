"""A dataset as the files of a published version, each rendered to bytes, deterministically.

`EXPORTERS` is the one registry of those files (all but the manifest): each file's name, what it
holds (the README's list of a version's files is generated from it) and the function giving its
bytes. Adding a file is one function with its `@exporter(...)` line. The files: networks.json
(canonical), its JSON Schema, networks.csv and memberships.csv (long form), a SQLite database with
the same two tables, and a Frictionless datapackage.json describing the CSVs. The network columns
come from `pipeline.fields`. No timestamps, no absolute paths: the same dataset always gives the
same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.fields import NETWORK_FIELDS, Column, NetworkField, network_columns
from pipeline.models import Dataset, DatasetNetwork

NETWORKS_JSON = "networks.json"
NETWORKS_CSV = "networks.csv"
MEMBERSHIPS_CSV = "memberships.csv"
SQLITE = "networks.sqlite"

NETWORK_COLUMNS = network_columns()
MEMBERSHIP_COLUMNS = (
    Column("network_id", "string", "the network's id"),
    Column("position", "integer", "the entry's position in the network's member list, from 1"),
    Column("group", "string", "the printed sub-heading the entry stands under"),
    Column("entry", "string", "the entry as printed (or as corrected)"),
    Column("kind", "string", "country, subdivision, territory, organisation, network, institution or other"),
    Column("code", "string", "ISO 3166 or gazetteer codes, ';'-separated"),
    Column("role", "string", "the member's role, e.g. observer"),
    Column("status", "string", "coded, unresolved, ambiguous or text"),
    Column("correction", "string", "ids of the corrections that set the entry, ';'-separated"),
)


@dataclass(frozen=True)
class Exporter:
    """A file of a version: its name, what it holds, and the function giving its bytes."""

    file: str
    description: str
    render: Callable[[Dataset], bytes]


EXPORTERS: dict[str, Exporter] = {}


def exporter(file: str, description: str):
    """Register the decorated function as the one rendering `file`."""

    def register(render: Callable[[Dataset], bytes]) -> Callable[[Dataset], bytes]:
        EXPORTERS[file] = Exporter(file, description, render)
        return render

    return register


def rendered_files(dataset: Dataset) -> dict[str, bytes]:
    """Every data file of a version (all but the manifest), by file name."""
    return {file: entry.render(dataset) for file, entry in EXPORTERS.items()}


# ---------------------------------------------------------------------------------------------
# The files
# ---------------------------------------------------------------------------------------------


@exporter(NETWORKS_JSON, "the canonical dataset (pipeline.models.Dataset)")
def networks_json(dataset: Dataset) -> bytes:
    return (dataset.model_dump_json(indent=2) + "\n").encode("utf-8")


@exporter("networks.schema.json", "its JSON Schema, generated from the pydantic models")
def networks_schema(dataset: Dataset) -> bytes:
    return json_bytes(Dataset.model_json_schema())


@exporter(NETWORKS_CSV, "one row per network")
def networks_csv(dataset: Dataset) -> bytes:
    return csv_bytes(NETWORK_COLUMNS, network_rows(dataset))


@exporter(MEMBERSHIPS_CSV, f"long form: {', '.join(c.name for c in MEMBERSHIP_COLUMNS)}")
def memberships_csv(dataset: Dataset) -> bytes:
    return csv_bytes(MEMBERSHIP_COLUMNS, membership_rows(dataset))


@exporter(SQLITE, "the tables networks and memberships, as in the CSVs")
def networks_sqlite(dataset: Dataset) -> bytes:
    return sqlite_bytes(network_rows(dataset), membership_rows(dataset))


@exporter("datapackage.json", "Frictionless Data Package of the two CSVs (keys and foreign keys)")
def datapackage_json(dataset: Dataset) -> bytes:
    return json_bytes(datapackage(dataset))


# ---------------------------------------------------------------------------------------------
# Rows and formats
# ---------------------------------------------------------------------------------------------


def json_bytes(value) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def network_rows(dataset: Dataset) -> list[tuple]:
    exported = [field for field in NETWORK_FIELDS if field.column]
    return [tuple(column_value(n, field) for field in exported) for n in dataset.networks]


# A field whose column holds it as text, by field name; every other column holds its field as it is.
AS_TEXT: dict[str, Callable[[DatasetNetwork], str | None]] = {
    "purpose": lambda n: "\n".join(block.text for block in n.purpose) or None,
    "footnotes": lambda n: "\n".join(f.url or f.text for f in n.footnotes) or None,
    "provenance": lambda n: " ".join(map(str, n.provenance.pages)) or None,
    "amendments": lambda n: " ".join(correction_ids(n)) or None,
}


def column_value(network: DatasetNetwork, field: NetworkField):
    return AS_TEXT[field.name](network) if field.name in AS_TEXT else getattr(network, field.name)


def correction_ids(network: DatasetNetwork) -> list[str]:
    ids = {a.correction for a in network.amendments}
    ids |= {a.correction for g in network.groups for e in g.entries for a in e.amendments}
    return sorted(ids)


def membership_rows(dataset: Dataset) -> list[tuple]:
    rows = []
    for n in dataset.networks:
        entries = [(g.label, e) for g in n.groups for e in g.entries]
        for position, (label, e) in enumerate(entries, start=1):
            corrections = ";".join(dict.fromkeys(a.correction for a in e.amendments))
            rows.append((n.id, position, label, e.raw, e.kind, ";".join(e.codes) or None, e.role, e.status, corrections or None))
    return rows


def csv_bytes(columns: tuple[Column, ...], rows: list[tuple]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(column.name for column in columns)
    writer.writerows(["" if value is None else value for value in row] for row in rows)
    return out.getvalue().encode("utf-8")


def sqlite_bytes(networks: list[tuple], memberships: list[tuple]) -> bytes:
    """A SQLite database with the tables `networks` and `memberships`, as the bytes of its file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / SQLITE
        db = sqlite3.connect(path)
        try:
            with db:
                db.execute(create_table("networks", NETWORK_COLUMNS, "PRIMARY KEY (id)"))
                db.execute(
                    create_table("memberships", MEMBERSHIP_COLUMNS, "PRIMARY KEY (network_id, position), FOREIGN KEY (network_id) REFERENCES networks (id)")
                )
                db.executemany(insert("networks", NETWORK_COLUMNS), networks)
                db.executemany(insert("memberships", MEMBERSHIP_COLUMNS), memberships)
        finally:
            db.close()
        return path.read_bytes()


def create_table(name: str, columns: tuple[Column, ...], constraints: str) -> str:
    types = {"string": "TEXT", "integer": "INTEGER"}
    fields = ", ".join(f'"{column.name}" {types[column.type]}' for column in columns)
    return f"CREATE TABLE {name} ({fields}, {constraints})"


def insert(name: str, columns: tuple[Column, ...]) -> str:
    return f"INSERT INTO {name} VALUES ({', '.join('?' * len(columns))})"


def datapackage(dataset: Dataset) -> dict:
    """The Frictionless Data Package descriptor of the two CSV files."""
    return {
        "name": dataset.document,
        "title": dataset.source.symbol or dataset.document,
        "resources": [
            resource("networks", NETWORKS_CSV, NETWORK_COLUMNS, {"primaryKey": ["id"]}),
            resource(
                "memberships",
                MEMBERSHIPS_CSV,
                MEMBERSHIP_COLUMNS,
                {
                    "primaryKey": ["network_id", "position"],
                    "foreignKeys": [{"fields": ["network_id"], "reference": {"resource": "networks", "fields": ["id"]}}],
                },
            ),
        ],
    }


def resource(name: str, path: str, columns: tuple[Column, ...], keys: dict) -> dict:
    fields = [{"name": column.name, "type": column.type, "description": column.description} for column in columns]
    return {
        "name": name,
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields, **keys},
    }
