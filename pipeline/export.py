"""A dataset as the files of a published version, each rendered to bytes, deterministically.

networks.json (canonical), its JSON Schema, networks.csv and memberships.csv (long form), a SQLite
database with the same two tables, and a Frictionless datapackage.json describing the CSVs. No
timestamps, no absolute paths: the same dataset always gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
from pathlib import Path

from pipeline.models import Dataset, DatasetNetwork

NETWORKS_JSON = "networks.json"
SCHEMA_JSON = "networks.schema.json"
NETWORKS_CSV = "networks.csv"
MEMBERSHIPS_CSV = "memberships.csv"
SQLITE = "networks.sqlite"
DATAPACKAGE = "datapackage.json"

# (column, Frictionless type, description)
NETWORK_COLUMNS = (
    ("id", "string", "stable id: slug of the printed acronym, else of the name"),
    ("name", "string", "the network's name"),
    ("acronym", "string", "the printed acronym"),
    ("section", "string", "'european', 'non_european', or the slug of another heading"),
    ("section_heading", "string", "the heading printed above the network's table"),
    ("purpose", "string", "the purpose cell, one paragraph a line"),
    ("sources", "string", "the footnotes the row cites (urls, else their text), one a line"),
    ("pages", "string", "the pages the row is printed on, space-separated"),
    ("corrections", "string", "ids of the corrections that changed the network or its entries"),
)
MEMBERSHIP_COLUMNS = (
    ("network_id", "string", "the network's id"),
    ("position", "integer", "the entry's position in the network's member list, from 1"),
    ("group", "string", "the printed sub-heading the entry stands under"),
    ("entry", "string", "the entry as printed (or as corrected)"),
    ("kind", "string", "country, subdivision, territory, organisation, network, institution or other"),
    ("code", "string", "ISO 3166 or gazetteer codes, ';'-separated"),
    ("role", "string", "the member's role, e.g. observer"),
    ("status", "string", "coded, unresolved, ambiguous or text"),
    ("correction", "string", "ids of the corrections that set the entry, ';'-separated"),
)


def rendered_files(dataset: Dataset) -> dict[str, bytes]:
    """Every data file of a version (all but the manifest), by file name."""
    networks, memberships = network_rows(dataset), membership_rows(dataset)
    return {
        NETWORKS_JSON: (dataset.model_dump_json(indent=2) + "\n").encode("utf-8"),
        SCHEMA_JSON: json_bytes(Dataset.model_json_schema()),
        NETWORKS_CSV: csv_bytes(NETWORK_COLUMNS, networks),
        MEMBERSHIPS_CSV: csv_bytes(MEMBERSHIP_COLUMNS, memberships),
        SQLITE: sqlite_bytes(networks, memberships),
        DATAPACKAGE: json_bytes(datapackage(dataset)),
    }


def json_bytes(value) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def network_rows(dataset: Dataset) -> list[tuple]:
    return [
        (
            n.id,
            n.name,
            n.acronym,
            n.section,
            n.section_heading,
            "\n".join(block.text for block in n.purpose) or None,
            "\n".join(f.url or f.text for f in n.footnotes) or None,
            " ".join(map(str, n.provenance.pages)) or None,
            " ".join(correction_ids(n)) or None,
        )
        for n in dataset.networks
    ]


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


def csv_bytes(columns: tuple, rows: list[tuple]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(name for name, _, _ in columns)
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


def create_table(name: str, columns: tuple, constraints: str) -> str:
    types = {"string": "TEXT", "integer": "INTEGER"}
    fields = ", ".join(f'"{column}" {types[kind]}' for column, kind, _ in columns)
    return f"CREATE TABLE {name} ({fields}, {constraints})"


def insert(name: str, columns: tuple) -> str:
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


def resource(name: str, path: str, columns: tuple, keys: dict) -> dict:
    fields = [{"name": column, "type": kind, "description": description} for column, kind, description in columns]
    return {
        "name": name,
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields, **keys},
    }
