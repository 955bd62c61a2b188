"""A project root and the folders the pipeline reads and writes in it.

`source_docs/` holds the papers (PDF), `corrections/` the YAML correction files, `extracted/` the
published dataset versions. Every default of a command (the paper to build, the corrections
folder, where versions are published and looked up) is one of these, resolved from the root the
command is given (`--root`, default the current directory), never from the working directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputMissing

CORRECTION_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Workspace:
    """The folders of a project root; `root` may be relative (to the working directory)."""

    root: Path

    @property
    def source_docs(self) -> Path:
        return self.root / "source_docs"

    @property
    def corrections(self) -> Path:
        return self.root / "corrections"

    @property
    def extracted(self) -> Path:
        return self.root / "extracted"

    def papers(self) -> list[Path]:
        """The PDFs of `source_docs/`, by name (none when the folder does not exist)."""
        return sorted(p for p in self.source_docs.glob("*.pdf") if p.is_file())


def correction_files(folder: Path) -> list[Path]:
    """The YAML files of a corrections folder (the root's or another), in the order they apply (by name)."""
    if not folder.is_dir():
        raise InputMissing(folder, "no such corrections folder")
    return sorted(p for p in folder.iterdir() if p.suffix in CORRECTION_SUFFIXES and p.is_file())
