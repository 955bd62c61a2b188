"""How an input that does not fit its pydantic model is reported: one line, at its place.

Every reader of a typed file (a correction file, a data file, a manifest, the JSON of `cdpc
extract`) words a `ValidationError` here: the first problem as `field.path: message` (the message
alone for the document as a whole) and how many more there are; at `file:line` when the reader
knows the line of each value (YAML), else at the file. A JSON file is read into its model by
`validated_json`, which raises the reader's own error with that line. Importing this module
imports no pydantic: its readers do, when they read.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pipeline.errors import PipelineError
from pipeline.terminal import escaped_line

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

Lines = Mapping[tuple, int]
Model = TypeVar("Model", bound="BaseModel")


def validated_json(model: type[Model], path: Path, error: type[PipelineError], what: str) -> Model:
    """The JSON file at `path` as `model`; when it does not fit, `error` at the file saying `what` it
    is not, then the first problem (`validation_problem`)."""
    from pydantic import ValidationError

    try:
        return model.model_validate_json(path.read_bytes())
    except ValidationError as invalid:
        where, problem = validation_problem(invalid, path)
        raise error(where, f"{what} ({problem})") from None


def validation_problem(error: ValidationError, path: Path | str, lines: Lines | None = None) -> tuple[str, str]:
    """(where: `path` or `path:line`, what: the first problem and the count of the others), on one
    line: pydantic's message quotes the input (a union tag, a literal), whose newlines and other
    control characters are shown escaped (`escaped_line`)."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    more = error.error_count() - 1
    suffix = f" (and {more} more problem{'s' * (more > 1)})" if more else ""
    where = f"{path}:{line_of(first['loc'], lines)}" if lines else str(path)
    return where, escaped_line(f"{field + ': ' if field else ''}{first['msg']}{suffix}")


def line_of(loc: tuple, lines: Lines) -> int:
    """The line of the deepest value on a validation error's path (union tags in it are skipped)."""
    path: tuple = ()
    for part in loc:
        if path + (part,) in lines:
            path += (part,)
    return lines[path]
