"""The registry of a version's files: each file's name, what it holds and the function giving its bytes.

`EXPORTERS` is the one list of those files (all but the manifest), in the order they are rendered;
docs/data.md's list of a version's files is generated from it. Adding a file is one function with
its `@exporter(...)` line (in `pipeline.export.files`). A file is rendered from a `Release`: the
dataset, the name of the version it is published as, and the dataset of the version before it
(what the `changes` table compares it with). An exporter that needs another file's bytes (the
datapackage describes the others) asks the release (`Release.file`), which renders each file once;
what several files share (a table's rows) is made once too (`Release.once`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TypeVar, cast

from pipeline.models import Dataset

T = TypeVar("T")


@dataclass(frozen=True)
class Release:
    """A dataset as published: the dataset, its version's name ('v3') and the dataset of the version
    before it (None for a dataset's first version, whose every network is a change: added); and
    what was made of it so far (each file rendered once, whichever exporter asks for it first)."""

    dataset: Dataset
    version: str
    previous: Dataset | None = None
    made: dict[Hashable, object] = field(default_factory=dict, compare=False, repr=False)

    def file(self, name: str) -> bytes:
        """The bytes of the release's file `name`, rendered by its exporter on first asking."""
        return self.once(name, lambda: EXPORTERS[name].render(self))

    def once(self, key: Hashable, make: Callable[[], T]) -> T:
        """What `make()` gives, made on the first asking under `key` only (a file's bytes by its
        name, the rows of a table that the CSV and the SQLite database share)."""
        if key not in self.made:
            self.made[key] = make()
        return cast("T", self.made[key])  # what `make` gave under `key`


@dataclass(frozen=True)
class Exporter:
    """A file of a version: its name, what it holds, and the function giving its bytes."""

    file: str
    description: str
    render: Callable[[Release], bytes]
    names_version: bool = False
    """Whether the file names its version, in its top-level "version" (`pipeline.files.renamed_version`
    names another): every other file is a function of the dataset and the dataset before it alone
    (and the pipeline), so a version repeating another's holds the same bytes."""


EXPORTERS: dict[str, Exporter] = {}


def exporter(file: str, description: str, names_version: bool = False):
    """Register the decorated function as the one rendering `file` (`names_version`: see `Exporter`)."""

    def register(render: Callable[[Release], bytes]) -> Callable[[Release], bytes]:
        EXPORTERS[file] = Exporter(file, description, render, names_version)
        return render

    return register
