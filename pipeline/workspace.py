"""The workspace: the one context every stage is handed, made once by the command line (from
`--root` and its options) or by a library entry point (`Workspace.of`: `pipeline.load`, `publish`,
`full_build`, `write_report`, `write_site`).

It holds a project root and the folders the pipeline reads and writes in it: `source_docs/` the
papers (PDF), `corrections/` the YAML correction files, `extracted/` the published dataset
versions, `.cache/` what a build keeps to do nothing twice. Every default of a command (the paper
to build, the corrections folder, where versions are published and looked up) is one of these,
resolved from the root the command is given (`--root`, default the current directory), never from
the working directory. With them travel the bounds (`limits`, the writer's wait read from the
environment when the workspace is made) and the extractor's settings (`extract`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import InputMissing
from pipeline.extract.settings import DEFAULT_SETTINGS, ExtractSettings
from pipeline.limits import Limits, limits_from_environment

CORRECTION_SUFFIXES = (".yaml", ".yml")
CACHE_FOLDER = ".cache"


@dataclass(frozen=True)
class Workspace:
    """A project root (it may be relative, to the working directory), its folders, its bounds and
    the extractor's settings."""

    root: Path
    limits: Limits = field(default_factory=limits_from_environment)
    extract: ExtractSettings = DEFAULT_SETTINGS

    @classmethod
    def of(cls, root: Workspace | Path | str) -> Workspace:
        """`root` when it is a workspace already, else the workspace of that root with the defaults."""
        return root if isinstance(root, Workspace) else cls(Path(root))

    @property
    def source_docs(self) -> Path:
        return self.root / "source_docs"

    @property
    def corrections(self) -> Path:
        return self.root / "corrections"

    @property
    def extracted(self) -> Path:
        return self.root / "extracted"

    @property
    def cache(self) -> Path:
        return self.root / CACHE_FOLDER

    def papers(self) -> list[Path]:
        """The PDFs of `source_docs/`, by name (none when the folder does not exist)."""
        return sorted(p for p in self.source_docs.glob("*.pdf") if p.is_file())


def correction_files(folder: Path) -> list[Path]:
    """The YAML files of a corrections folder (the root's or another), in the order they apply (by name)."""
    if not folder.is_dir():
        raise InputMissing(folder, "no such corrections folder")
    return sorted(p for p in folder.iterdir() if p.suffix in CORRECTION_SUFFIXES and p.is_file())
