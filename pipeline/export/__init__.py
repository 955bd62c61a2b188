"""A dataset as the files of a published version, each rendered to bytes, deterministically.

`EXPORTERS` (`registry.py`) lists the files; `files.py` renders each: the canonical JSON, its
schema, JSON Lines, the tidy tables (`tables.py`, with `memberships.py`) as CSV and SQLite
(`sqlite.py`), Datasette's metadata and the datapackage (`publishing.py`). `ftm.py` writes the
FollowTheMoney entities `cdpc export --format ftm` gives (not a file of a version).
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.export.files import NETWORKS_JSON, networks_jsonl
from pipeline.export.ftm import ftm_lines
from pipeline.export.registry import EXPORTERS, Release

__all__ = ["EXPORTERS", "FORMATS", "NETWORKS_JSON", "Release", "rendered_files"]

FORMATS: dict[str, Callable[[Release], bytes]] = {"ftm": ftm_lines, "jsonl": networks_jsonl}
"""What `cdpc export --format` writes of a version: FollowTheMoney entities, or its networks.jsonl."""


def rendered_files(release: Release) -> dict[str, bytes]:
    """Every data file of a version (all but the manifest), by file name."""
    return {file: release.file(file) for file in EXPORTERS}
