"""A folder of correction files: read, checked against each other, and applied in order.

The YAML files of a folder are applied file by file (in name order), each top to bottom. Reading
them checks every correction against the schema (`CorrectionFile`, at its file:line), that no id
is used twice and that no two corrections change the same value. Applying them stops at the first
stale one, with its file, line and what was found instead; after the last one, every network id
must be unique (a row printed twice must be merged or dropped).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.corrections.load import read_yaml
from pipeline.corrections.ops import Change, Correction, CorrectionFile
from pipeline.errors import (
    ContradictoryCorrections,
    DuplicateCorrection,
    InputMissing,
    MalformedCorrection,
    StaleCorrection,
    UncorrectedDuplicate,
)
from pipeline.files import sha256_bytes
from pipeline.models import Dataset, DatasetNetwork, ManifestFile, Normalised

CORRECTION_SUFFIXES = (".yaml", ".yml")
CORRECTION_FILE_SHAPE = "a mapping with a 'corrections' list"


@dataclass(frozen=True)
class Located:
    """A correction with the file and line it was written on."""

    correction: Correction
    file: Path
    line: int

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def stale(self, problem: str) -> StaleCorrection:
        c = self.correction
        return StaleCorrection(self.where, f"correction '{c.id}' ({c.op}) is stale: {problem}")


@dataclass(frozen=True)
class Corrections:
    """The corrections of a folder, in the order they apply, and the files they were read from."""

    folder: Path
    items: list[Located]
    files: list[ManifestFile]


# ---------------------------------------------------------------------------------------------
# Reading a folder
# ---------------------------------------------------------------------------------------------


def correction_files(directory: Path) -> list[Path]:
    """The YAML files of a corrections folder, in the order they are applied (by name)."""
    if not directory.is_dir():
        raise InputMissing(directory, "no such corrections folder")
    return sorted(p for p in directory.iterdir() if p.suffix in CORRECTION_SUFFIXES and p.is_file())


def load_corrections(directory: Path) -> Corrections:
    """Every correction of a folder, validated, in the order they are applied: ids are unique, and
    no two corrections change the same value (see `require_distinct`)."""
    files = correction_files(directory)
    texts = {path: path.read_bytes() for path in files}
    located = [c for path in files for c in load_correction_file(path, texts[path])]
    require_distinct(located, texts)
    hashes = [ManifestFile(path=path.name, sha256=sha256_bytes(text)) for path, text in texts.items()]
    return Corrections(directory, located, hashes)


def load_correction_file(path: Path, data: bytes) -> list[Located]:
    """The corrections of one file, each with the line it starts on."""
    parsed = read_yaml(path, data, CorrectionFile, MalformedCorrection, CORRECTION_FILE_SHAPE)
    return [Located(c, path, parsed.lines[("corrections", i)]) for i, c in enumerate(parsed.value.corrections)]


def require_distinct(located: list[Located], texts: dict[Path, bytes]) -> None:
    """Each id once; and each value changed by one correction at most: two corrections of one
    change (same target, same expected value) are a duplicate when they write the same, and a
    contradiction when not. A correction that expects what an earlier one wrote is a later step."""
    by_id: dict[str, Located] = {}
    by_change: dict[tuple, tuple[Located, Change]] = {}
    for item in located:
        first = by_id.setdefault(item.correction.id, item)
        if first is not item:
            copy = f" ({item.file.name} has the same content as {first.file.name})" if texts[item.file] == texts[first.file] and item.file != first.file else ""
            raise DuplicateCorrection(item.where, f"correction id '{item.correction.id}' is already used at {first.where}{copy}")
        change = item.correction.change()
        if change is None:
            continue
        first, earlier = by_change.setdefault(change.key, (item, change))
        if first is item:
            continue
        if earlier.written == change.written:
            raise DuplicateCorrection(item.where, f"correction '{item.correction.id}' repeats '{first.correction.id}' at {first.where}")
        raise ContradictoryCorrections(
            item.where,
            f"correction '{item.correction.id}' contradicts '{first.correction.id}' at {first.where}: "
            f"both change {change.described}, to different values",
        )


# ---------------------------------------------------------------------------------------------
# Applying them
# ---------------------------------------------------------------------------------------------


def corrected_dataset(normalised: Normalised, document: str, corrections: Corrections) -> Dataset:
    """The normalised networks with every correction applied, in order; the ids must end unique."""
    dataset = Dataset(
        document=document,
        source=normalised.source,
        networks=[DatasetNetwork.model_validate(n.model_dump()) for n in normalised.networks],
    )
    for item in corrections.items:
        dataset = apply(dataset, item)
    require_unique_ids(dataset, corrections.folder)
    return dataset


def apply(dataset: Dataset, item: Located) -> Dataset:
    """The dataset with one correction applied; StaleCorrection, at its file:line, when it no longer fits."""
    return item.correction.apply(dataset, item.stale)


def require_unique_ids(dataset: Dataset, origin: Path) -> None:
    ids = [n.id for n in dataset.networks]
    for twice in sorted({i for i in ids if ids.count(i) > 1}):
        sections = ", ".join(n.section for n in dataset.networks if n.id == twice)
        raise UncorrectedDuplicate(
            origin, f"network '{twice}' is printed more than once (sections {sections}): add a merge_row or drop_row correction"
        )
