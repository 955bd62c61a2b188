"""A folder of correction files: read, checked against each other, and applied in order.

Each file names the source it was written for (`source:`, its symbol or sha256; `SourceRef`): a
build applies only the files of its source (`Corrections.of`), file by file (in name order), each
top to bottom. Reading them checks every correction against the schema (`CorrectionFile`, at its
file:line) and that each file names a source the root knows (`require_known_sources`); the files
of one source are checked for an id used twice and two corrections changing the same value.
Applying them stops at the first stale one, with its file, line and what was found instead; after
the last one, every network id must be unique (a row printed twice must be merged or dropped).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.corrections.ops import Change, Correction, CorrectionFile
from pipeline.errors import (
    ContradictoryCorrections,
    CorrectionSourceUnknown,
    DuplicateCorrection,
    MalformedCorrection,
    StaleCorrection,
    UncorrectedDuplicate,
)
from pipeline.files import sha256_bytes
from pipeline.models import Dataset, ManifestFile, Source, SourceRef
from pipeline.workspace import correction_files
from pipeline.yamlfiles import read_yaml

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
class CorrectionsFile:
    """One correction file: its path, content, the source it names (None: none) and its corrections."""

    path: Path
    text: bytes
    source: SourceRef | None
    source_line: int
    items: list[Located]


@dataclass(frozen=True)
class Corrections:
    """The correction files of a folder (None: no folder), in the order they apply."""

    folder: Path | None
    read: list[CorrectionsFile]

    @property
    def items(self) -> list[Located]:
        return [item for file in self.read for item in file.items]

    @property
    def files(self) -> list[ManifestFile]:
        return [ManifestFile(path=f.path.name, sha256=sha256_bytes(f.text)) for f in self.read]

    def of(self, source: Source) -> Corrections:
        """The files written for `source`, their corrections checked against each other."""
        chosen = Corrections(self.folder, [f for f in self.read if f.source is not None and f.source.matches(source)])
        require_distinct(chosen.items, {f.path: f.text for f in chosen.read})
        return chosen


NO_CORRECTIONS = Corrections(None, [])


# ---------------------------------------------------------------------------------------------
# Reading a folder
# ---------------------------------------------------------------------------------------------


def load_corrections(directory: Path | None) -> Corrections:
    """Every correction file of a folder (none for None), each validated against the schema."""
    if directory is None:
        return NO_CORRECTIONS
    return Corrections(
        directory, [load_correction_file(path, path.read_bytes()) for path in correction_files(directory)]
    )


def load_correction_file(path: Path, data: bytes) -> CorrectionsFile:
    """One file's source and corrections, each with the line it starts on."""
    parsed = read_yaml(path, data, CorrectionFile, MalformedCorrection, CORRECTION_FILE_SHAPE)
    items = [Located(c, path, parsed.lines[("corrections", i)]) for i, c in enumerate(parsed.value.corrections)]
    return CorrectionsFile(path, data, parsed.value.source, parsed.lines.get(("source",), 1), items)


def require_known_sources(corrections: Corrections, known: list[Source], known_hashes: set[str]) -> None:
    """Each file names a source, and one that is `known` (or whose sha256 is among `known_hashes`)."""
    for file in corrections.read:
        if file.source is None:
            raise CorrectionSourceUnknown(
                f"{file.path}:1",
                "names no source: add a header such as 'source: {symbol: \"CDPC (2017) 1_rev\"}' (or its sha256)",
            )
        if not (any(file.source.matches(s) for s in known) or file.source.sha256 in known_hashes):
            symbols = ", ".join(sorted({s.symbol or s.sha256[:12] for s in known}))
            raise CorrectionSourceUnknown(
                f"{file.path}:{file.source_line}",
                f"names the source {file.source.described()!r}, which is no PDF of source_docs/, "
                "no published version's "
                f"source and not the input (known: {symbols})",
            )


def require_distinct(located: list[Located], texts: dict[Path, bytes]) -> None:
    """Each id once; and each value changed by one correction at most: two corrections of one
    change (same target, same expected value) are a duplicate when they write the same, and a
    contradiction when not. A correction that expects what an earlier one wrote is a later step."""
    by_id: dict[str, Located] = {}
    by_change: dict[tuple, tuple[Located, Change]] = {}
    for item in located:
        first = by_id.setdefault(item.correction.id, item)
        if first is not item:
            copy = (
                f" ({item.file.name} has the same content as {first.file.name})"
                if texts[item.file] == texts[first.file] and item.file != first.file
                else ""
            )
            raise DuplicateCorrection(
                item.where, f"correction id '{item.correction.id}' is already used at {first.where}{copy}"
            )
        change = item.correction.change()
        if change is None:
            continue
        first, earlier = by_change.setdefault(change.key, (item, change))
        if first is item:
            continue
        if earlier.written == change.written:
            raise DuplicateCorrection(
                item.where, f"correction '{item.correction.id}' repeats '{first.correction.id}' at {first.where}"
            )
        raise ContradictoryCorrections(
            item.where,
            f"correction '{item.correction.id}' contradicts '{first.correction.id}' at {first.where}: "
            f"both change {change.described}, to different values",
        )


# ---------------------------------------------------------------------------------------------
# Applying them
# ---------------------------------------------------------------------------------------------


def corrected_dataset(dataset: Dataset, corrections: Corrections) -> Dataset:
    """The dataset with every correction applied, in order; the ids must end unique."""
    for item in corrections.items:
        dataset = apply(dataset, item)
    require_unique_ids(dataset, corrections.folder or "(no corrections)")
    return dataset


def apply(dataset: Dataset, item: Located) -> Dataset:
    """The dataset with one correction applied; StaleCorrection, at its file:line, when it no longer fits."""
    return item.correction.apply(dataset, item.stale)


def require_unique_ids(dataset: Dataset, origin: Path | str) -> None:
    ids = [n.id for n in dataset.networks]
    for twice in sorted({i for i in ids if ids.count(i) > 1}):
        sections = ", ".join(n.section for n in dataset.networks if n.id == twice)
        raise UncorrectedDuplicate(
            origin,
            f"network '{twice}' is printed more than once (sections {sections}): "
            "add a merge_row or drop_row correction",
        )
