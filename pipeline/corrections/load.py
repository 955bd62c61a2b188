"""YAML files read with the line of every value, and validated into a pydantic model.

`read_yaml` decodes a file's bytes (UTF-8), parses them (YAML, safe loader), checks that the
document is a mapping and validates it into the model given. Any failure is one error of the class
given, at `file:line` wherever the line is known, its problem on one line. The result carries the
line of every value, by its path of keys and indexes, so a reader can place each item it holds.
Correction files and the package's data files (`pipeline/data/*.yaml`) are read through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from pipeline.errors import PipelineError
from pipeline.validation import Lines, validation_problem

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Parsed(Generic[M]):
    """A file's content as its model, and the 1-based line of each value in it."""

    value: M
    lines: Lines


def read_yaml(path: Path | str, data: bytes, model: type[M], error: type[PipelineError], expected: str) -> Parsed[M]:
    """The YAML `data` of file `path` as a `model`; `expected` words the document's shape for a
    message ('a mapping with a 'corrections' list')."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as problem:
        raise error(path, f"not UTF-8 text (byte {problem.start})") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        document = yaml.safe_load(text)
    except yaml.YAMLError as problem:
        line, what = yaml_error_place(problem, text)
        raise error(f"{path}:{line}" if line else path, f"not valid YAML: {what}") from None
    if root is None:
        raise error(path, f"empty file: expected {expected}")
    if not isinstance(document, dict):
        found = {list: "a list", str: "a string"}.get(type(document), f"a value of type {type(document).__name__}")
        raise error(f"{path}:{root.start_mark.line + 1}", f"expected {expected}, found {found}")
    lines = node_lines(root)
    try:
        return Parsed(model.model_validate(document), lines)
    except ValidationError as invalid:
        raise error(*validation_problem(invalid, path, lines)) from None


def yaml_error_place(error: yaml.YAMLError, text: str) -> tuple[int | None, str]:
    """(1-based line or None, the problem on one line) of a YAML error."""
    if isinstance(error, yaml.reader.ReaderError):
        return text.count("\n", 0, error.position) + 1, f"character U+{error.character:04X} ({error.reason})"
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    return (mark.line + 1 if mark else None), " ".join(problem.split())


def node_lines(node: yaml.Node, path: tuple = ()) -> dict[tuple, int]:
    """The 1-based line of every node of a composed YAML document, by its path of keys and indexes."""
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines |= node_lines(value, path + (key.value,))
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            lines |= node_lines(value, path + (index,))
    return lines
