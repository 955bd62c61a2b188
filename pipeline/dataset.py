"""Immutable dataset versions: source + corrections → `extracted/<document>/v<N>/`, and loading them.

A version is written into a hidden temporary folder beside the published ones and renamed into
place when complete; the `latest` file is updated atomically after. Nothing ever overwrites a
published version: a rebuild whose every file would be the same creates nothing, a changed input
creates the next version, and a new source for a document that already has versions (a revision,
known by its symbol and a different content) is taken only when the caller accepts it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from pipeline.errors import RevisionNotAccepted, VersionCorrupt, VersionMissing
from pipeline.export import NETWORKS_JSON, rendered_files
from pipeline.files import current_umask, write_atomic
from pipeline.models import Dataset, Manifest, ManifestFile, Normalised, Source
from pipeline.overlays import Corrections, corrected_dataset, load_corrections

EXTRACTED = "extracted"
LATEST = "latest"
MANIFEST = "manifest.json"
VERSION_NAME = re.compile(r"^v([1-9][0-9]*)$")
BUNDLED_PAPER = Path(__file__).resolve().parent.parent / "source_docs" / "CDPC-2017-1-rev.pdf"


@dataclass(frozen=True)
class Published:
    """The outcome of a build: the version that holds the inputs, and whether the build wrote it."""

    document: str
    version: str
    path: Path
    created: bool
    networks: int
    corrections: int


def build(pdf: Path, corrections: Path, root: Path, accept_revision: bool = False) -> Published:
    """Extract and normalise `pdf`, apply the corrections and publish the result as a version.
    The corrections are read first and the PDF next, so a malformed correction or a bad PDF stops
    the build before the slow part (spaCy is imported only for a PDF that holds a catalogue)."""
    from pipeline.extract import extract_pdf

    loaded = load_corrections(corrections)
    extraction = extract_pdf(pdf)
    from pipeline.normalise import normalise

    return publish(normalise(extraction), loaded, root, accept_revision, pdf)


def publish(normalised: Normalised, corrections: Corrections, root: Path, accept_revision: bool = False, pdf: Path | None = None) -> Published:
    """Publish the corrected dataset as the next version of its document, unless the latest holds it."""
    document = document_slug(normalised.source)
    folder = root / EXTRACTED / document
    remove_unfinished(folder)
    previous = latest_manifest(folder)
    version = f"v{max(version_numbers(folder), default=0) + 1}"
    if previous and previous.source.sha256 == normalised.source.sha256:
        normalised = normalised.model_copy(update={"source": previous.source})  # the content names the paper, not the file
    elif previous and not accept_revision:
        raise RevisionNotAccepted(
            pdf or normalised.source.file,
            f"a revision of {normalised.source.symbol or document} (sha256 {normalised.source.sha256[:12]}…, "
            f"{previous.version} has {previous.source.sha256[:12]}…): pass --accept-revision to publish it as {version}",
        )
    dataset = corrected_dataset(normalised, document, corrections)
    files = rendered_files(dataset)
    manifest = version_manifest(dataset, version, corrections, files)
    counts = {"networks": len(dataset.networks), "corrections": len(corrections.items)}
    if previous and previous.model_copy(update={"version": version}) == manifest:
        write_latest(folder, previous.version)
        return Published(document, previous.version, folder / previous.version, created=False, **counts)
    write_version(folder, version, {**files, MANIFEST: (manifest.model_dump_json(indent=2) + "\n").encode("utf-8")})
    return Published(document, version, folder / version, created=True, **counts)


def version_manifest(dataset: Dataset, version: str, corrections: Corrections, files: dict[str, bytes]) -> Manifest:
    return Manifest(
        document=dataset.document,
        version=version,
        source=dataset.source,
        pipeline_version=pipeline_version(),
        corrections=corrections.files,
        files=[ManifestFile(path=name, sha256=hashlib.sha256(data).hexdigest()) for name, data in sorted(files.items())],
    )


def pipeline_version() -> str:
    from pipeline import __version__

    return __version__


def document_slug(source: Source) -> str:
    """'CDPC (2017) 1_rev' → 'cdpc-2017-1-rev'; the file's stem when the paper prints no symbol."""
    name = source.symbol or Path(source.file).stem
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# ---------------------------------------------------------------------------------------------
# The versions of a document on disk
# ---------------------------------------------------------------------------------------------


def version_numbers(folder: Path) -> list[int]:
    """The numbers of the published versions in a document's folder (temporary folders are not)."""
    if not folder.is_dir():
        return []
    return sorted(int(m[1]) for p in folder.iterdir() if (m := VERSION_NAME.match(p.name)) and p.is_dir())


def latest_manifest(folder: Path) -> Manifest | None:
    """The manifest of the highest published version (which `latest` names, or will once updated)."""
    numbers = version_numbers(folder)
    return read_manifest(folder / f"v{numbers[-1]}") if numbers else None


def read_manifest(path: Path) -> Manifest:
    file = path / MANIFEST
    if not file.is_file() and VERSION_NAME.match(path.name):
        raise VersionCorrupt(file, "missing: the version's files cannot be checked")
    if not file.is_file():
        raise VersionMissing(path, "not a dataset version: it has no manifest.json")
    try:
        return Manifest.model_validate_json(file.read_bytes())
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise VersionCorrupt(file, f"not a valid manifest ({field + ': ' if field else ''}{first['msg']})") from None


def write_version(folder: Path, version: str, files: dict[str, bytes]) -> None:
    """Write a whole version beside the published ones, rename it into place, then point `latest` at it."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder, prefix=f".{version}.", suffix=".tmp"))
    os.chmod(staging, 0o777 & ~current_umask())
    for name, data in sorted(files.items()):
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
    if "@" not in text and not (root / EXTRACTED / text).is_dir():
        raise VersionMissing(spec, "no such dataset version (give a version folder or <document>@<version>)")
    document, _, version = text.partition("@")
    folder = root / EXTRACTED / document
    if version in ("", LATEST):
        if not (folder / LATEST).is_file():
            raise VersionMissing(folder, "the document has no published version")
        version = (folder / LATEST).read_text().strip()
    if not (VERSION_NAME.match(version) and (folder / version).is_dir()):
        known = ", ".join(f"v{n}" for n in version_numbers(folder)) or "none"
        raise VersionMissing(spec, f"no such dataset version (published versions of {document}: {known})")
    return folder / version


def load(spec: str | Path, root: Path = Path(".")) -> Dataset:
    """The typed dataset of a published version: a version folder, '<document>@<version>' or '<document>'.
    The version is verified against its manifest first: a corrupted one is refused (VersionCorrupt)."""
    path = resolve_version(spec, root)
    verify(path)
    return Dataset.model_validate_json((path / NETWORKS_JSON).read_bytes())


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
        if file_sha256(path / file.path) != file.sha256:
            raise VersionCorrupt(path / file.path, f"sha256 differs from the manifest's {file.sha256}")
    return manifest


def all_versions(root: Path) -> list[Path]:
    """Every published version under `root`, document by document, oldest first."""
    documents = sorted(p for p in (root / EXTRACTED).iterdir() if p.is_dir()) if (root / EXTRACTED).is_dir() else []
    return [d / f"v{n}" for d in documents for n in version_numbers(d)]
