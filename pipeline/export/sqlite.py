"""The SQLite database of a version: every tidy table with its keys, and a full-text index.

Each table of `pipeline.export.tables` becomes a table of the same name and columns, with its
primary key and foreign keys (rows as in the CSVs, a list cell as its joined text). The network
names and purposes get an FTS5 index, `networks_fts`, made as sqlite-utils' `enable_fts` makes it
(an external-content table over `networks`, so Datasette offers `?_search=`). The same dataset
always gives the same bytes.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from pipeline.export.tables import Table

SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "list": "TEXT"}
SEARCHED = ("networks", ("name", "purpose"))


def create_table(table: Table) -> str:
    fields = [f"[{c.name}] {SQL_TYPES[c.type]}" + (" NOT NULL" if c.required else "") for c in table.columns]
    keys = [f"PRIMARY KEY ({names(table.primary_key)})"]
    keys += [f"FOREIGN KEY ({names(k.columns)}) REFERENCES [{k.table}] ({names(k.referenced)})" for k in table.foreign_keys]
    return f"CREATE TABLE [{table.name}] (\n    " + ",\n    ".join(fields + keys) + "\n)"


def names(columns: tuple[str, ...]) -> str:
    return ", ".join(f"[{c}]" for c in columns)


def full_text_index(table: str, columns: tuple[str, ...]) -> list[str]:
    """The statements of sqlite-utils' `Table.enable_fts(columns, fts_version="FTS5")`."""
    return [
        f"CREATE VIRTUAL TABLE [{table}_fts] USING FTS5 (\n    {names(columns)},\n    content=[{table}]\n)",
        f"INSERT INTO [{table}_fts] (rowid, {names(columns)})\n    SELECT rowid, {names(columns)} FROM [{table}]",
    ]


def sqlite_bytes(tables: tuple[Table, ...], rows: Callable[[Table], list[tuple]]) -> bytes:
    """A SQLite database of `tables` (their text rows: `rows(table)`), as the bytes of its file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "database.sqlite"
        db = sqlite3.connect(path)
        try:
            with db:
                for table in tables:
                    db.execute(create_table(table))
                    db.executemany(f"INSERT INTO [{table.name}] VALUES ({', '.join('?' * len(table.columns))})", rows(table))
                for statement in full_text_index(*SEARCHED):
                    db.execute(statement)
        finally:
            db.close()
        return path.read_bytes()
