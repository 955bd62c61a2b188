"""The SQLite database of a version: every tidy table with its keys, and full-text indexes.

Each table of `pipeline.export.tables` becomes a table of the same name and columns, with its
primary key and foreign keys (rows as in the CSVs, a list cell as its joined text). Networks,
memberships and notes each get an FTS5 index, `<table>_fts`, whose rowid is the row's, with the
porter stemmer (`network` finds "networks"; it does not make "Africa" of "African"): a network's
holds its name, acronym, purpose and the UN M49 regions of its members, so `_search=Africa`
finds the networks with members in Africa (the African Judicial Network among them); a
membership's its entry, state, region, sub-region, group and role; a note's its text and group.
Datasette's metadata names each as the table's `fts_table` (`pipeline.export.publishing`), so
Datasette offers `?_search=` on all three. The same dataset always gives the same bytes.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from pipeline.export.tables import Table

SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "list": "TEXT"}
TOKENIZER = "porter unicode61"
SEARCHED: dict[str, tuple[tuple[str, ...], str]] = {
    "networks": (
        ("name", "acronym", "purpose", "regions"),
        "SELECT rowid, name, acronym, purpose, (SELECT group_concat(region, ' ') FROM "
        "(SELECT DISTINCT region FROM memberships m"
        " WHERE m.network_id = networks.id AND region IS NOT NULL ORDER BY region)) FROM networks",
    ),
    "memberships": (
        ("entry", "country_name", "region", "sub_region", "group_label", "role"),
        "SELECT rowid, entry, country_name, region, sub_region, group_label, role FROM memberships",
    ),
    "notes": (("text", "group_label"), "SELECT rowid, text, group_label FROM notes"),
}
"""Each searchable table: the columns of its full-text index and the query giving their rows (rowid first)."""


def create_table(table: Table) -> str:
    fields = [f"[{c.name}] {SQL_TYPES[c.type]}" + (" NOT NULL" if c.required else "") for c in table.columns]
    keys = [f"PRIMARY KEY ({names(table.primary_key)})"]
    keys += [
        f"FOREIGN KEY ({names(k.columns)}) REFERENCES [{k.table}] ({names(k.referenced)})" for k in table.foreign_keys
    ]
    return f"CREATE TABLE [{table.name}] (\n    " + ",\n    ".join(fields + keys) + "\n)"


def names(columns: tuple[str, ...]) -> str:
    return ", ".join(f"[{c}]" for c in columns)


def full_text_index(table: str, columns: tuple[str, ...], select: str) -> list[str]:
    """The statements making `table`'s FTS5 index, with the porter stemmer, and filling it by `select`."""
    return [
        f"CREATE VIRTUAL TABLE [{table}_fts] USING FTS5 (\n    {names(columns)},\n    tokenize='{TOKENIZER}'\n)",
        f"INSERT INTO [{table}_fts] (rowid, {names(columns)})\n    {select}",
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
                    db.executemany(
                        f"INSERT INTO [{table.name}] VALUES ({', '.join('?' * len(table.columns))})", rows(table)
                    )
                for searched, (columns, select) in SEARCHED.items():
                    for statement in full_text_index(searched, columns, select):
                        db.execute(statement)
        finally:
            db.close()
        return path.read_bytes()
