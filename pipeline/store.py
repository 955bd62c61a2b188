"""The version store: published dataset versions under a root's `extracted/<document>/v<N>/`.

A version is a folder of files and the `manifest.json` that lists each with its sha256. It is
written whole into a hidden temporary folder beside the published ones and renamed into place
when complete; the document's `latest` file is updated atomically after. Nothing here ever
overwrites a published version, and reading one (`load`) verifies it against its manifest first.
A version is named by its folder, by '<document>@<version>', or by '<document>' (its latest).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from pydantic import ValidationError

from pipeline.errors import VersionCorrupt, VersionMissing
from pipeline.export import NETWORKS_JSON
from pipeline.files import current_umask, sha256_file, write_atomic
from pipeline.models import Dataset, Manifest
from pipeline.validation import validation_problem
from pipeline.workspace import Workspace

LATEST = "latest"
MANIFEST = "manifest.json"
VERSION_NAME = re.compile(r"^v([1-9][0-9]*)$")


# ---------------------------------------------------------------------------------------------
# The versions of a document on disk
# ---------------------------------------------------------------------------------------------


def version_numbers(folder: Path) -> list[int]:
    """The numbers of the published versions in a document's folder (temporary folders are not)."""
    if not folder.is_dir():
        return []
    return sorted(int(m[1]) for p in folder.iterdir() if (m := VERSION_NAME.match(p.name)) and p.is_dir())


def next_version(folder: Path) -> str:
    """The name the next version of a document's folder gets."""
    return f"v{max(version_numbers(folder), default=0) + 1}"


def latest_manifest(folder: Path) -> Manifest | None:
    """The manifest of the highest published version (which `latest` names, or will once updated)."""
    numbers = version_numbers(folder)
    return read_manifest(folder / f"v{numbers[-1]}") if numbers else None


def read_manifest(path: Path) -> Manifest:
    """The manifest of the version folder `path`, unchecked against its files."""
    file = path / MANIFEST
    if not file.is_file() and VERSION_NAME.match(path.name):
        raise VersionCorrupt(file, "missing: the version's files cannot be checked")
    if not file.is_file():
        raise VersionMissing(path, "not a dataset version: it has no manifest.json")
    try:
        return Manifest.model_validate_json(file.read_bytes())
    except ValidationError as error:
        where, problem = validation_problem(error, file)
        raise VersionCorrupt(where, f"not a valid manifest ({problem})") from None


def write_version(folder: Path, manifest: Manifest, files: dict[str, bytes]) -> None:
    """Write a whole version (its `files` and `manifest`) beside the published ones, rename it into
    place, then point `latest` at it."""
    version = manifest.version
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder, prefix=f".{version}.", suffix=".tmp"))
    os.chmod(staging, 0o777 & ~current_umask())
    for name, data in sorted({**files, MANIFEST: (manifest.model_dump_json(indent=2) + "\n").encode("utf-8")}.items()):
        write_atomic(staging / name, data)
    sync(staging)
    os.rename(staging, folder / version)
    sync(folder)
    write_latest(folder, version)


def remove_unfinished(folder: Path) -> None:
    """Delete what a killed build left: hidden temporary folders and files, never a version."""
    for leftover in folder.glob(".*.tmp") if folder.is_dir() else []:
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def write_latest(folder: Path, version: str) -> None:
    """Point the document's `latest` at `version` (nothing written when it already does)."""
    if (folder / LATEST).is_file() and (folder / LATEST).read_text().strip() == version:
        return
    write_atomic(folder / LATEST, f"{version}\n".encode("ascii"))


def sync(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------------------------
# Reading published versions
# ---------------------------------------------------------------------------------------------


def resolve_version(spec: str | Path, root: Path = Path(".")) -> Path:
    """A version folder from its path, or from '<document>@<version>' / '<document>' (the latest)."""
    path = Path(spec)
    if path.is_dir() and (path / MANIFEST).is_file():
        return path
    text = str(spec)
    extracted = Workspace(root).extracted
    if "@" not in text and not (extracted / text).is_dir():
        raise VersionMissing(spec, "no such dataset version (give a version folder or <document>@<version>)")
    document, _, version = text.partition("@")
    folder = extracted / document
    if version in ("", LATEST):
        if not (folder / LATEST).is_file():
            raise VersionMissing(folder, "the document has no published version")
        version = (folder / LATEST).read_text().strip()
    if not (VERSION_NAME.match(version) and (folder / version).is_dir()):
        known = ", ".join(f"v{n}" for n in version_numbers(folder)) or "none"
        raise VersionMissing(spec, f"no such dataset version (published versions of {document}: {known})")
    return folder / version


def load(spec: str | Path, root: str | Path = ".") -> Dataset:
    """The typed dataset of a published version: a version folder, '<document>@<version>' or
    '<document>' (its latest), looked up under `root`/extracted. The version is verified against
    its manifest first: a corrupted one is refused (VersionCorrupt)."""
    path = resolve_version(spec, Path(root))
    verify(path)
    return Dataset.model_validate_json((path / NETWORKS_JSON).read_bytes())


def verify(path: Path) -> Manifest:
    """The manifest of a version whose every file is present, listed and of the recorded hash."""
    manifest = read_manifest(path)
    if VERSION_NAME.match(path.name) and manifest.version != path.name:
        raise VersionCorrupt(path / MANIFEST, f"names version {manifest.version!r}, but it is the manifest of {path.name}")
    listed = {f.path for f in manifest.files} | {MANIFEST}
    extra = sorted(p.name for p in path.iterdir() if p.name not in listed)
    if extra:
        raise VersionCorrupt(path, f"files not in the manifest: {', '.join(extra)}")
    for file in manifest.files:
        if not (path / file.path).is_file():
            raise VersionCorrupt(path / file.path, "listed in the manifest but missing")
        if sha256_file(path / file.path) != file.sha256:
            raise VersionCorrupt(path / file.path, f"sha256 differs from the manifest's {file.sha256}")
    return manifest


def all_versions(root: Path) -> list[Path]:
    """Every published version under `root`, document by document, oldest first."""
    extracted = Workspace(root).extracted
    documents = sorted(p for p in extracted.iterdir() if p.is_dir()) if extracted.is_dir() else []
    return [d / f"v{n}" for d in documents for n in version_numbers(d)]
