"""The version store: published dataset versions under a root's `extracted/<document>/v<N>/`.

A version is a folder of files and the `manifest.json` that lists each with its sha256. It is
written whole into a hidden temporary folder beside the published ones and renamed into place
when complete; the document's `latest` file is updated atomically after. Nothing here ever
overwrites a published version, and reading one (`load`) verifies it against its manifest first.
Writing and cleaning run under the root's writer lock (`pipeline.versions.lock`); the temporary folder's
name carries the host and process id of its writer, so cleaning removes only the leftovers of
builds that are dead. Published files are read-only (0444).
A version is named by its folder, by '<document>@<version>', or by '<document>' (its latest).
Which dataset a source is of, when none is named, is the store's to say too (`dataset_for`).
Importing this module imports no pydantic (the models are imported by the readers that need
them): the command line and an up-to-date build use its names and folders only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import DatasetNotChosen, VersionCorrupt, VersionMissing, WriterBusy
from pipeline.files import NETWORKS_JSON, current_umask, sha256_file, write_atomic
from pipeline.keys import slug
from pipeline.validation import validated_json
from pipeline.versions.lock import hold, host_name, process_alive
from pipeline.workspace import Workspace

if TYPE_CHECKING:
    from pipeline.models import Dataset, Manifest, Source

LATEST = "latest"
MANIFEST = "manifest.json"
VERSION_NAME = re.compile(r"^v([1-9][0-9]*)$")
STAGING_NAME = re.compile(r"^\.v[0-9]+\.(?P<host>[A-Za-z0-9-]+)\.(?P<pid>[0-9]+)\..*\.tmp$")
REQUIRED_FILES = (NETWORKS_JSON,)
"""Files every version's manifest lists, whatever the pipeline version that wrote it."""
PUBLISHED_MODE = 0o444


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


def version_before(folder: Path, version: str) -> Path | None:
    """The folder of the version published before `version` in a document's `folder` (None for its first)."""
    earlier = [n for n in version_numbers(folder) if n < int(version.removeprefix("v"))]
    return folder / f"v{earlier[-1]}" if earlier else None


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
    from pipeline.models import Manifest

    return validated_json(Manifest, file, VersionCorrupt, "not a valid manifest")


def write_version(folder: Path, manifest: dict, files: dict[str, bytes], wait: float) -> None:
    """Write a whole version (its `files` and `manifest`, a `Manifest` as JSON) beside the published
    ones, rename it into place, then point `latest` at it (`wait`: for another writer, `hold`)."""
    version = manifest["version"]
    with hold(folder.parent, wait):
        if (folder / version).exists():
            raise WriterBusy(folder / version, "another build published this version meanwhile; run the build again")
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=folder, prefix=f".{version}.{host_name()}.{os.getpid()}.", suffix=".tmp"))
        try:
            write_staged(staging, {**files, MANIFEST: manifest_bytes(manifest)})
            os.rename(staging, folder / version)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)  # a full disk, a read-only folder: nothing half-written stays
            raise
        sync(folder)
        write_latest(folder, version, wait)


def manifest_bytes(manifest: dict) -> bytes:
    """A manifest's file: its fields in their order, indented by two, UTF-8 text unescaped (what
    `Manifest.model_dump_json(indent=2)` writes, written so without the model)."""
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_staged(staging: Path, files: dict[str, bytes]) -> None:
    """Write a version's files, read-only, into its temporary folder, and sync it."""
    os.chmod(staging, 0o777 & ~current_umask())
    for name, data in sorted(files.items()):
        write_atomic(staging / name, data)
        os.chmod(staging / name, PUBLISHED_MODE)
    sync(staging)


def remove_unfinished(folder: Path, wait: float) -> None:
    """Delete what dead builds left: hidden temporary folders and files, never a version, never the
    folder of a build still running (on this host, by its process id)."""
    with hold(folder.parent, wait):
        for leftover in folder.glob(".*.tmp") if folder.is_dir() else []:
            if not left_by_dead_build(leftover.name):
                continue
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)


def left_by_dead_build(name: str) -> bool:
    """Whether a temporary folder or file was left by a build no longer running. A temporary file
    (of an atomic write) or a folder whose name records no writer can only be a dead build's, as
    writers hold the lock the cleaner holds; one of another host is left to that host."""
    found = STAGING_NAME.match(name)
    if found is None:
        return True
    return found["host"] == host_name() and not process_alive(int(found["pid"]))


def write_latest(folder: Path, version: str, wait: float) -> None:
    """Point the document's `latest` at `version` (nothing written when it already does)."""
    wanted = f"{version}\n".encode("ascii")
    with hold(folder.parent, wait):
        if not ((folder / LATEST).is_file() and (folder / LATEST).read_bytes() == wanted):
            write_atomic(folder / LATEST, wanted)


def sync(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------------------------
# Reading published versions
# ---------------------------------------------------------------------------------------------


def resolve_version(spec: str | Path, workspace: Workspace) -> Path:
    """A version folder from its path, or from '<document>@<version>' / '<document>' (the latest)."""
    path = Path(spec)
    if path.is_dir() and (path / MANIFEST).is_file():
        return path
    text = str(spec)
    extracted = workspace.extracted
    if "@" not in text and not (extracted / text).is_dir():
        raise VersionMissing(
            spec,
            f"no such dataset version in {extracted.resolve()} (give a version folder, or <document>@<version> "
            "with the root holding extracted/: --root, or load(..., root=))",
        )
    document, _, version = text.partition("@")
    folder = extracted / document
    if version in ("", LATEST):
        if not (folder / LATEST).is_file():
            raise VersionMissing(
                folder.resolve(),
                "the document has no published version (give the root holding extracted/: --root, or load(..., root=))",
            )
        version = latest_name(folder / LATEST)
    if not (VERSION_NAME.match(version) and (folder / version).is_dir()):
        known = ", ".join(f"v{n}" for n in version_numbers(folder))
        if not known:
            raise VersionMissing(
                spec,
                f"no such dataset version: {folder.resolve()} holds none "
                "(give the root holding extracted/: --root, or load(..., root=))",
            )
        raise VersionMissing(spec, f"no such dataset version (published versions of {document}: {known})")
    return folder / version


def latest_name(file: Path) -> str:
    """The version a document's `latest` file names (VersionCorrupt when it is not ASCII text)."""
    data = file.read_bytes()
    try:
        return data.decode("ascii").strip()
    except UnicodeDecodeError as problem:
        raise VersionCorrupt(file, f"not a version name (byte {problem.start} is not ASCII)") from None


def load(spec: str | Path, root: Workspace | str | Path = ".") -> Dataset:
    """The typed dataset of a published version: a version folder, '<document>@<version>' or
    '<document>' (its latest), looked up under `root`/extracted. The version is verified against
    its manifest first: a corrupted one is refused (VersionCorrupt)."""
    return verified(resolve_version(spec, Workspace.of(root)))[1]


def dataset_of(path: Path) -> Dataset:
    """The version's networks.json as the model (VersionCorrupt when it does not fit it)."""
    from pipeline.models import Dataset

    return validated_json(Dataset, path / NETWORKS_JSON, VersionCorrupt, "does not fit the dataset model")


def verify(path: Path) -> Manifest:
    """The manifest of a version whose every file is present, listed and of the recorded hash, that
    lists every file a version must have, and whose networks.json fits the dataset model."""
    return verified(path)[0]


def verified(path: Path) -> tuple[Manifest, Dataset]:
    """The manifest and the dataset of a version, once `verify` has checked them (its networks.json read once)."""
    manifest = read_manifest(path)
    verify_files(path, manifest.version, [(f.path, f.sha256) for f in manifest.files])
    dataset = dataset_of(path)
    if dataset.document != manifest.document:
        raise VersionCorrupt(
            path / NETWORKS_JSON, f"holds document {dataset.document!r}, the manifest {manifest.document!r}"
        )
    return manifest, dataset


def verify_files(path: Path, version: str, files: list[tuple[str, str]]) -> None:
    """What `verify` checks but the dataset model, given the manifest's version and its `files`
    (name, sha256): raise VersionCorrupt unless each is present, listed and of its hash."""
    if VERSION_NAME.match(path.name) and version != path.name:
        raise VersionCorrupt(path / MANIFEST, f"names version {version!r}, but it is the manifest of {path.name}")
    for name, _ in files:
        if Path(name).name != name or name in (".", ".."):
            raise VersionCorrupt(path / MANIFEST, f"lists {name!r}, which is not a file name of the version's folder")
    listed = {name for name, _ in files} | {MANIFEST}
    unlisted = [name for name in REQUIRED_FILES if name not in listed]
    if unlisted:
        raise VersionCorrupt(path / MANIFEST, f"does not list {', '.join(unlisted)}, which every version has")
    extra = sorted(p.name for p in path.iterdir() if p.name not in listed)
    if extra:
        raise VersionCorrupt(path, f"files not in the manifest: {', '.join(extra)}")
    for name, sha256 in files:
        if not (path / name).is_file():
            raise VersionCorrupt(path / name, "listed in the manifest but missing")
        if sha256_file(path / name) != sha256:
            raise VersionCorrupt(path / name, f"sha256 differs from the manifest's {sha256}")


def all_versions(workspace: Workspace) -> list[Path]:
    """Every published version of the workspace, document by document, oldest first."""
    extracted = workspace.extracted
    documents = sorted(p for p in extracted.iterdir() if p.is_dir()) if extracted.is_dir() else []
    return [d / f"v{n}" for d in documents for n in version_numbers(d)]


# ---------------------------------------------------------------------------------------------
# Datasets: which a source is of
# ---------------------------------------------------------------------------------------------


def dataset_for(source: Source, workspace: Workspace) -> str:
    """The dataset a source belongs to when none is named: a new one in a root with none (named
    `document_slug`), else the root's only one, else the one whose versions had this source (by
    content or printed symbol); several, and none of them had it, is `DatasetNotChosen`."""
    extracted = workspace.extracted
    datasets = datasets_of(workspace)
    if not datasets:
        return document_slug(source)
    if len(datasets) == 1:
        return datasets[0]
    had = [
        d
        for d in datasets
        if any(m.sha256 == source.sha256 or (m.symbol and m.symbol == source.symbol) for m in sources_of(extracted / d))
    ]
    if len(had) == 1:
        return had[0]
    raise DatasetNotChosen(
        extracted, f"holds {len(datasets)} datasets ({', '.join(datasets)}): say which this source is of with --dataset"
    )


def datasets_of(workspace: Workspace) -> list[str]:
    """The datasets of the workspace that have a published version, by name."""
    extracted = workspace.extracted
    return sorted(p.name for p in extracted.iterdir() if version_numbers(p)) if extracted.is_dir() else []


def only_dataset(workspace: Workspace) -> str | None:
    """The root's one dataset, whatever source is built (see `dataset_for`); None with none or several."""
    datasets = datasets_of(workspace)
    return datasets[0] if len(datasets) == 1 else None


def sources_of(folder: Path) -> list[Source]:
    """The sources of a dataset's versions, oldest first."""
    return [read_manifest(folder / f"v{n}").source for n in version_numbers(folder)]


def known_sources(workspace: Workspace) -> list[Source]:
    """Every source a published version of the workspace was built from."""
    extracted = workspace.extracted
    return [s for d in sorted(extracted.iterdir()) if d.is_dir() for s in sources_of(d)] if extracted.is_dir() else []


def document_slug(source: Source) -> str:
    """'CDPC (2017) 1_rev' → 'cdpc-2017-1-rev'; the file's stem when the paper prints no symbol."""
    return slug(source.symbol or Path(source.file).stem)
