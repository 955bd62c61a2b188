"""YAML files read with the line of every value, and validated into a pydantic model.

`read_yaml` decodes a file's bytes (UTF-8), parses them (YAML, safe loader: on libyaml's parser
when PyYAML has it, and a file that parser refuses is read again by PyYAML's own, whose
acceptance and messages are the reference), checks that the document is a mapping and validates
it into the model given. The loader is stricter than YAML:
a file over `Limits.yaml_file_bytes` or nested deeper than `Limits.yaml_depth` is refused
(`LimitExceeded`) before it is built, anchors and aliases are refused (every value is spelled
out, so no alias can expand), a key given twice in one mapping is an error, and so is a date that
is no day of the calendar (`2026-02-30`). Any failure is one error of the class
given, at `file:line` wherever the line is known, its problem on one line. The result carries the
line of every value, by its path of keys and indexes, so a reader can place each item it holds.
Correction files and the package's data files (`pipeline/data/*.yaml`) are read through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

import yaml

from pipeline.errors import LimitExceeded, PipelineError
from pipeline.limits import Limits
from pipeline.validation import Lines, validation_problem

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")


@dataclass(frozen=True)
class Parsed(Generic[M]):
    """A file's content as its model, and the 1-based line of each value in it."""

    value: M
    lines: Lines


def read_yaml(path: Path | str, data: bytes, model: type[M], error: type[PipelineError], expected: str) -> Parsed[M]:
    """The YAML `data` of file `path` as a `model`; `expected` words the document's shape for a
    message ('a mapping with a 'corrections' list')."""
    from pydantic import ValidationError

    root, document = yaml_mapping(path, data, error, expected)
    lines = node_lines(root)
    try:
        return Parsed(model.model_validate(document), lines)
    except ValidationError as invalid:
        raise error(*validation_problem(invalid, path, lines)) from None


def yaml_mapping(path: Path | str, data: bytes, error: type[PipelineError], expected: str) -> tuple[yaml.Node, dict]:
    """(the root node, the mapping) of the YAML `data` of file `path`, read as `read_yaml` reads it
    but not validated into a model (one error of the class given when it is no such mapping)."""
    if len(data) > Limits.yaml_file_bytes:
        raise LimitExceeded(
            path, f"{len(data)} bytes is more than the limit of {Limits.yaml_file_bytes} for a YAML file"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as problem:
        raise error(path, f"not UTF-8 text (byte {problem.start})") from None
    try:
        root, document = composed(path, text, error, FastLoader)
    except yaml.YAMLError:  # PyYAML's own parser reads it again: its acceptance and its words are the reference
        try:
            root, document = composed(path, text, error, CheckedLoader)
        except yaml.YAMLError as problem:
            line, what = yaml_error_place(problem, text)
            raise error(f"{path}:{line}" if line else path, f"not valid YAML: {what}") from None
    if root is None:
        raise error(path, f"empty file: expected {expected}")
    if not isinstance(document, dict):
        found = {"list": "a list", "str": "a string"}.get(
            type(document).__name__, f"a value of type {type(document).__name__}"
        )
        raise error(f"{path}:{root.start_mark.line + 1}", f"expected {expected}, found {found}")
    return root, document


def composed(
    path: Path | str, text: str, error: type[PipelineError], loader: type[yaml.SafeLoader]
) -> tuple[yaml.Node | None, object]:
    """(the document's root node, its value) as `loader` reads it, once its structure is plain and
    its keys unique (YAMLError when it is no YAML)."""
    require_plain_structure(path, text, error, loader)
    reader = loader(text)
    root = reader.get_single_node()
    require_unique_keys(path, root, error)
    return root, reader.construct_document(root) if root is not None else None


class CalendarDates(yaml.constructor.SafeConstructor):
    """Dates that are no day of the calendar a YAML error at their line."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as problem:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is no date ({problem})", node.start_mark
            ) from None


class CheckedLoader(CalendarDates, yaml.SafeLoader):
    """The safe loader (PyYAML's parser, in Python) with calendar dates."""


class FastLoader(CalendarDates, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # where built
    """The safe loader on libyaml's parser (ten times as fast; the same constructor, so the same
    values), with calendar dates. A document it refuses is read again by `CheckedLoader`, which
    then accepts it or words the problem."""


for checked in (CheckedLoader, FastLoader):  # the stub wants a loader's method; CalendarDates is mixed into loaders
    checked.add_constructor("tag:yaml.org,2002:timestamp", checked.construct_yaml_timestamp)  # type: ignore[type-var]


def require_plain_structure(
    path: Path | str, text: str, error: type[PipelineError], loader: type[yaml.SafeLoader]
) -> None:
    """Refuse anchors and aliases, and nesting deeper than the limit, reading the parser's events
    (a flat stream: nothing is built, however deep or wide the document)."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1  # type: ignore[union-attr]  # the parser marks every event
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise error(f"{path}:{line}", "an anchor or alias ('&name', '*name'): spell the value out instead")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > Limits.yaml_depth:
                raise LimitExceeded(f"{path}:{line}", f"nested more than {Limits.yaml_depth} levels deep")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def require_unique_keys(path: Path | str, node: yaml.Node | None, error: type[PipelineError]) -> None:
    """Refuse a mapping that gives one key twice (YAML loaders silently keep the last value)."""
    if isinstance(node, yaml.MappingNode):
        seen: dict = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and seen.setdefault(key.value, key) is not key:
                first = seen[key.value].start_mark.line + 1
                raise error(
                    f"{path}:{key.start_mark.line + 1}",
                    f"key {key.value!r} given twice in one mapping (first at line {first})",
                )
            require_unique_keys(path, value, error)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            require_unique_keys(path, item, error)


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
