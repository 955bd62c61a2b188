"""How an input that does not fit its pydantic model is reported: one line, at its place.

Every reader of a typed file (a correction file, a data file, a manifest, the JSON of `cdpc
extract`) words a `ValidationError` here: the first problem as `field.path: message` (the message
alone for the document as a whole) and how many more there are; at `file:line` when the reader
knows the line of each value (YAML), else at the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pydantic import ValidationError

Lines = Mapping[tuple, int]


def validation_problem(error: ValidationError, path: Path | str, lines: Lines | None = None) -> tuple[str, str]:
    """(where: `path` or `path:line`, what: the first problem and the count of the others)."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    more = error.error_count() - 1
    suffix = f" (and {more} more problem{'s' * (more > 1)})" if more else ""
    where = f"{path}:{line_of(first['loc'], lines)}" if lines else str(path)
    return where, f"{field + ': ' if field else ''}{first['msg']}{suffix}"


def line_of(loc: tuple, lines: Lines) -> int:
    """The line of the deepest value on a validation error's path (union tags in it are skipped)."""
    path: tuple = ()
    for part in loc:
        if path + (part,) in lines:
            path += (part,)
    return lines[path]
