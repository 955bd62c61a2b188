"""The package's data files (`pipeline/data/*.yaml`): what changes with the world, typed.

Each data file has one model, a subclass of :class:`DataFile` naming its file; `read` validates a
file into its model and `load` reads the packaged one. A malformed file is one
:class:`~pipeline.errors.MalformedDataFile` (exit 28) at its file:line, never a traceback.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import ClassVar, TypeVar

from pipeline.corrections.load import read_yaml
from pipeline.errors import MalformedDataFile
from pipeline.models import Record


class DataFile(Record):
    """A data file of the package: `file` is its name in pipeline/data/."""

    file: ClassVar[str]


D = TypeVar("D", bound=DataFile)


def read(model: type[D], source: Path | Traversable) -> D:
    """The data file `source`, validated into `model`."""
    shape = f"a mapping of {', '.join(model.model_fields)}"
    return read_yaml(str(source), source.read_bytes(), model, MalformedDataFile, shape).value


def load(model: type[D]) -> D:
    """The packaged data file of `model`."""
    return read(model, resources.files("pipeline").joinpath("data", model.file))
