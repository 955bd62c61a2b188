"""The files of a version, each one function registered with `@exporter` (`pipeline.export.registry`).

networks.json (canonical) and its JSON Schema; networks.jsonl (one network a line, for streaming
tools); one CSV per tidy table (`pipeline.export.tables`); networks.sqlite (the same tables, keys
and a full-text index); Datasette's metadata.json; and datapackage.json, last, describing all of
them. No timestamps, no absolute paths: the same release always gives the same bytes.
"""

from __future__ import annotations

import csv
import io

from pipeline.export.publishing import datapackage, datasette_metadata
from pipeline.export.registry import EXPORTERS, Release, exporter
from pipeline.export.sqlite import sqlite_bytes
from pipeline.export.tables import TABLE_DESCRIPTIONS, Table, table, tables, text_rows
from pipeline.files import NETWORKS_JSON, json_bytes
from pipeline.models import Dataset

NETWORKS_JSONL = "networks.jsonl"
SQLITE = "networks.sqlite"
DATASETTE_METADATA = "metadata.json"
DATAPACKAGE = "datapackage.json"


def csv_bytes(table: Table, rows: list[tuple]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(column.name for column in table.columns)
    writer.writerows(["" if value is None else value for value in row] for row in rows)
    return out.getvalue().encode("utf-8")


def release_rows(release: Release, table: Table) -> list[tuple]:
    """The text rows of `table` in `release`, made once for its CSV and its database."""
    return release.once(("rows", table.name), lambda: text_rows(table, release))


@exporter(NETWORKS_JSON, "the canonical dataset (pipeline.models.Dataset)")
def networks_json(release: Release) -> bytes:
    return (release.dataset.model_dump_json(indent=2) + "\n").encode("utf-8")


@exporter("networks.schema.json", "its JSON Schema, generated from the pydantic models")
def networks_schema(release: Release) -> bytes:
    return json_bytes(Dataset.model_json_schema())


@exporter(NETWORKS_JSONL, "JSON Lines: one network a line (pipeline.models.DatasetNetwork), for streaming tools")
def networks_jsonl(release: Release) -> bytes:
    """JSON Lines: each network as in networks.json, one a line."""
    return "".join(n.model_dump_json() + "\n" for n in release.dataset.networks).encode("utf-8")


def table_exporter(name: str) -> None:
    @exporter(f"{name}.csv", f"table `{name}`: {TABLE_DESCRIPTIONS[name]}")
    def table_csv(release: Release) -> bytes:
        return csv_bytes(table(name), release_rows(release, table(name)))


for table_name in TABLE_DESCRIPTIONS:
    table_exporter(table_name)


@exporter(
    SQLITE,
    "every table above, with its primary and foreign keys, and FTS5 indexes (porter stemmer) of networks, "
    "memberships and notes",
)
def networks_sqlite(release: Release) -> bytes:
    return sqlite_bytes(tables(), lambda table: release_rows(release, table))


@exporter(
    DATASETTE_METADATA, "Datasette metadata: title, source, licence, table and column descriptions, suggested facets"
)
def metadata_json(release: Release) -> bytes:
    return json_bytes(datasette_metadata(release.dataset.source, SQLITE.removesuffix(".sqlite"), tables()))


DESCRIBED_FILES = (NETWORKS_JSON, "networks.schema.json", NETWORKS_JSONL, SQLITE, DATASETTE_METADATA)


@exporter(
    DATAPACKAGE,
    "Frictionless Data Package of every file above: schemas, keys, licence, source, version",
    names_version=True,
)
def datapackage_json(release: Release) -> bytes:
    files = {name: (EXPORTERS[name].description, release.file(name)) for name in DESCRIBED_FILES}
    return json_bytes(datapackage(release.dataset.source, release.dataset.document, release.version, tables(), files))
