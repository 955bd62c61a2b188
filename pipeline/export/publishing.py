"""What a version says about itself: the Frictionless datapackage.json and Datasette's metadata.json.

Both read `pipeline/data/publication.yaml` (:class:`Publication`: title, description, licence,
contributors, the source's publisher and address) and the table declarations. The datapackage
lists every file of the version but the manifest: each tidy table as a CSV resource with its
schema (descriptions, types, enum constraints, keys, the list convention), and the JSON, JSON
Lines, JSON Schema and SQLite files as file resources with their sha256, so `frictionless
validate` checks them all; it names the licence, the source (file, sha256, symbol, date), the
version and the contributors. metadata.json gives Datasette the title, source, licence, each
table's and column's description, the facets suggested for each table, and the full-text index of
each searchable table (`fts_table`: networks, memberships, notes; `pipeline.export.sqlite`).
"""

from __future__ import annotations

import functools
from typing import Any, ClassVar

from pipeline.export.sqlite import SEARCHED
from pipeline.export.tables import Table
from pipeline.fields import LIST_SEPARATOR, TableColumn
from pipeline.files import sha256_bytes
from pipeline.models import Record, Source
from pipeline.normalise.datafiles import DataFile, load


class Licence(Record):
    name: str
    title: str
    path: str


class Contributor(Record):
    title: str
    role: str


class SourcePublisher(Record):
    publisher: str
    url: str


class Publication(DataFile):
    file: ClassVar[str] = "publication.yaml"
    title: str
    description: str
    keywords: list[str]
    licence: Licence
    contributors: list[Contributor]
    source: SourcePublisher

    def described(self, source: Source) -> str:
        return self.description.format(symbol=source.symbol or source.file)

    def source_title(self, source: Source) -> str:
        return f"{self.source.publisher}, {source.symbol or source.file}"


@functools.cache
def publication() -> Publication:
    return load(Publication)


# Facets Datasette suggests for each table.
FACETS = {
    "networks": ["section", "established"],
    "memberships": ["membership", "kind", "country_name", "region"],
    "countries": ["region", "sub_region"],
    "notes": ["network_id"],
    "terms": ["kind", "value"],
    "relations": ["relation", "cell"],
    "organisations": ["kind"],
    "sources": ["network_id"],
    "counts": ["acknowledged"],
    "changes": ["op", "item"],
}

FILE_MEDIATYPES = {"json": "application/json", "jsonl": "application/jsonl", "sqlite": "application/vnd.sqlite3"}


def field(column: TableColumn) -> dict:
    described: dict[str, Any] = {"name": column.name, "type": column.type, "description": column.description}
    if column.type == "list":
        described |= {"itemType": column.item_type, "delimiter": LIST_SEPARATOR}
    constraints: dict[str, Any] = {"enum": list(column.enum)} if column.enum else {}
    constraints |= {"required": True} if column.required else {}
    return described | ({"constraints": constraints} if constraints else {})


def table_resource(table: Table) -> dict:
    schema: dict = {"fields": [field(c) for c in table.columns], "primaryKey": list(table.primary_key)}
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(k.columns), "reference": {"resource": k.table, "fields": list(k.referenced)}}
            for k in table.foreign_keys
        ]
    return {
        "name": table.name,
        "path": table.file,
        "description": table.description,
        "type": "table",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def file_resource(name: str, description: str, data: bytes) -> dict:
    form = name.rsplit(".", 1)[1]
    return {
        "name": name.replace(".", "-"),
        "path": name,
        "description": description,
        "type": "json" if form == "json" else "file",
        "format": form,
        "mediatype": FILE_MEDIATYPES[form],
        "bytes": len(data),
        "hash": f"sha256:{sha256_bytes(data)}",
    }


def datapackage(
    source: Source, document: str, version: str, tables: tuple[Table, ...], files: dict[str, tuple[str, bytes]]
) -> dict:
    """The descriptor of a version: `tables` as CSV resources, `files` (name → description, bytes) as file resources."""
    about = publication()
    return {
        "profile": "data-package",
        "name": document,
        "title": f"{about.title} ({source.symbol or document})",
        "description": about.described(source),
        "version": version,
        "keywords": about.keywords,
        "licenses": [about.licence.model_dump()],
        "contributors": [c.model_dump() for c in about.contributors],
        "sources": [
            {
                "title": about.source_title(source),
                "path": about.source.url,
                "file": source.file,
                "sha256": source.sha256,
                "symbol": source.symbol,
                "date": source.date.isoformat() if source.date else None,
            }
        ],
        "resources": [table_resource(t) for t in tables]
        + [file_resource(name, d, data) for name, (d, data) in files.items()],
    }


def datasette_metadata(source: Source, database: str, tables: tuple[Table, ...]) -> dict:
    about = publication()
    return {
        "title": f"{about.title} ({source.symbol or source.file})",
        "description": about.described(source),
        "license": about.licence.title,
        "license_url": about.licence.path,
        "source": about.source_title(source),
        "source_url": about.source.url,
        "databases": {
            database: {
                "tables": {
                    t.name: {
                        "description": t.description,
                        "columns": {c.name: c.description for c in t.columns},
                        "facets": FACETS[t.name],
                    }
                    | ({"fts_table": f"{t.name}_fts", "fts_pk": "rowid"} if t.name in SEARCHED else {})
                    for t in tables
                }
            }
        },
    }
