"""The registry of a version's files: each file's name, what it holds and the function giving its bytes.

`EXPORTERS` is the one list of those files (all but the manifest), in the order they are rendered;
the README's list of a version's files is generated from it. Adding a file is one function with
its `@exporter(...)` line (in `pipeline.export.files`). A file is rendered from a `Release`: the
dataset, the name of the version it is published as, and the dataset of the version before it
(what the `changes` table compares it with).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline.models import Dataset


@dataclass(frozen=True)
class Release:
    """A dataset as published: the dataset, its version's name ('v3') and the dataset of the version
    before it (None for a dataset's first version, whose every network is a change: added)."""

    dataset: Dataset
    version: str
    previous: Dataset | None = None


@dataclass(frozen=True)
class Exporter:
    """A file of a version: its name, what it holds, and the function giving its bytes."""

    file: str
    description: str
    render: Callable[[Release], bytes]


EXPORTERS: dict[str, Exporter] = {}


def exporter(file: str, description: str):
    """Register the decorated function as the one rendering `file`."""

    def register(render: Callable[[Release], bytes]) -> Callable[[Release], bytes]:
        EXPORTERS[file] = Exporter(file, description, render)
        return render

    return register
