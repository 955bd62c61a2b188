"""Where a command may write what its user asks for with `-o` (a report's folder: `pipeline.review.folders`).

A file output (`extract`, `normalise`, `diff`) must be a regular file or not exist yet: a device,
a pipe, a socket or a folder is refused. No output may lie inside the root's `extracted/` or
inside any published version's folder (one holding a manifest.json): published versions are the
version store's alone.
"""

from __future__ import annotations

import stat
from pathlib import Path

from pipeline.errors import FileSystemFailure, UnsafeOutput
from pipeline.versions.store import LATEST, MANIFEST
from pipeline.workspace import Workspace


def check_root(root: Path | None) -> None:
    """Refuse a `--root` that exists but is no folder."""
    if root is not None and root.exists() and not root.is_dir():
        raise FileSystemFailure(root, "--root is not a folder")


def checked_output(output: Path, root: Path, folder: bool = False) -> Path:
    """`output` when a command may write there (a file, or the report's `folder`)."""
    if output.exists() and not (output.is_dir() if folder else output.is_file()):
        wanted = "a folder" if folder else "a regular file"
        raise UnsafeOutput(output, f"not {wanted} ({file_kind(output)}): -o writes only {wanted}")
    protected = inside_published(output.resolve(), Workspace(root).extracted.resolve())
    if protected is not None:
        raise UnsafeOutput(output, f"inside {protected}, which only `cdpc build` writes")
    return output


def inside_published(path: Path, extracted: Path) -> Path | None:
    """The version store or version folder `path` lies in, if any."""
    for place in (path, *path.parents):
        if place == extracted or (place / MANIFEST).is_file() or (place / LATEST).is_file():
            return place
    return None


def file_kind(path: Path) -> str:
    mode = path.stat().st_mode
    kinds = {
        stat.S_ISDIR: "a folder",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
        stat.S_ISFIFO: "a pipe",
        stat.S_ISSOCK: "a socket",
        stat.S_ISREG: "a regular file",
    }
    return next((name for test, name in kinds.items() if test(mode)), "a special file")
