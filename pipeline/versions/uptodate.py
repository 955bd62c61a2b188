"""A build found up to date from hashes alone, and what a build tells: `Published`.

`unchanged_build` compares hashes with the latest manifest of each of the root's datasets, before
the PDF is opened, a correction file parsed, or spaCy, the PDF libraries or pydantic imported. A
build is up to date when that latest version was built from a source of the PDF's sha256, with
the correction files the folder holds now (every YAML file of it, by name and sha256: so none was
added, removed or changed since), by the same pipeline (`VERSION` and
`pipeline.versions.cache.pipeline_sha256`), or by an earlier pipeline when this one has found that version
again (a full build that would have written every file as it is records it in ROOT/.cache:
`record_found_again`). The version is then the dataset's `latest` again and nothing else is
written. A manifest is read here as plain JSON: one that cannot be read so is no match,
and the full build (`pipeline.versions.build`) says what is wrong with it. A corrections folder holding
files of other sources too never matches: the full build finds the version again then
(`pipeline.versions.build.publish`), from the cache (`pipeline.versions.cache`), a little slower.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.files import sha256_bytes
from pipeline.version import VERSION
from pipeline.versions.cache import entry_bytes, keep, pipeline_sha256, read_entry, version_entry
from pipeline.versions.store import MANIFEST, remove_unfinished, version_numbers, write_latest
from pipeline.workspace import Workspace, correction_files

if TYPE_CHECKING:
    from pipeline.corrections.triage import Triage

CorrectionTexts = list[tuple[str, bytes]]
"""The correction files of a folder, in the order they apply: (name, content)."""


@dataclass(frozen=True)
class Published:
    """The outcome of a build: the version that holds the inputs, whether the build wrote it, the
    networks and corrections of the dataset it built (None when it found the version up to date
    from hashes, building nothing), and the triage of the previous source's corrections (None
    unless the source is new to the dataset)."""

    document: str
    version: str
    path: Path
    created: bool
    networks: int | None
    corrections: int | None
    triage: Triage | None = None


def unchanged_build(pdf_sha256: str, corrections: CorrectionTexts, workspace: Workspace) -> Published | None:
    """The latest version of a dataset that building the PDF of `pdf_sha256` with the correction
    files `corrections` would publish again, now the dataset's `latest`; None when the build must run."""
    extracted = workspace.extracted
    listing = [{"path": name, "sha256": sha256_bytes(data)} for name, data in corrections]
    for folder in sorted(p for p in extracted.iterdir() if p.is_dir()):
        manifest = latest_manifest_json(folder)
        if manifest is not None and built_from(manifest, pdf_sha256, listing, folder / manifest["version"], workspace):
            version = manifest["version"]
            remove_unfinished(folder, workspace.limits.lock_wait)
            write_latest(folder, version, workspace.limits.lock_wait)
            return Published(folder.name, version, folder / version, created=False, networks=None, corrections=None)
    return None


def latest_sources(extracted: Path) -> set[str]:
    """The sha256 of the source of each dataset's latest version under `extracted` (manifests read as JSON)."""
    folders = sorted(p for p in extracted.iterdir() if p.is_dir()) if extracted.is_dir() else []
    manifests = [latest_manifest_json(folder) for folder in folders]
    return {
        m["source"]["sha256"]
        for m in manifests
        if m and isinstance(m.get("source"), dict) and m["source"].get("sha256")
    }


def correction_texts(corrections: Path | None) -> CorrectionTexts:
    """The correction files of the folder `corrections` (None: none) as (name, content), in the order they apply."""
    return [(p.name, p.read_bytes()) for p in correction_files(corrections)] if corrections else []


def latest_manifest_json(folder: Path) -> dict | None:
    """The latest version's manifest of a dataset's folder as JSON (`manifest_json`), None when there is none."""
    numbers = version_numbers(folder)
    return manifest_json(folder / f"v{numbers[-1]}") if numbers else None


def manifest_json(version: Path) -> dict | None:
    """The manifest of the version in `version` as JSON, None when it is no JSON object naming that version."""
    try:
        manifest = json.loads((version / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("version") == version.name else None


def built_from(manifest: dict, pdf_sha256: str, corrections: list[dict], version: Path, workspace: Workspace) -> bool:
    """Whether the version of `manifest` (in the folder `version`) was built from this source and
    these correction files by this pipeline, or by one whose every file this one found again."""
    return (
        made_from(manifest, pdf_sha256)
        and manifest.get("corrections") == corrections
        and (manifest.get("pipeline_sha256") == pipeline_sha256() or found_again(version, workspace))
    )


def made_from(manifest: dict, pdf_sha256: str) -> bool:
    """Whether the version of `manifest` (as JSON) was made from the PDF of `pdf_sha256` by a
    pipeline of this `VERSION`."""
    source = manifest.get("source")
    return (
        isinstance(source, dict) and source.get("sha256") == pdf_sha256 and manifest.get("pipeline_version") == VERSION
    )


def record_found_again(version: Path, workspace: Workspace) -> None:
    """Keep in ROOT/.cache that this pipeline, building the inputs of the version in `version`,
    would write every file of it as it is."""
    entry, key = version_entry(version, workspace, "again")
    keep({entry: entry_bytes(key, b"{}")}, workspace)


def found_again(version: Path, workspace: Workspace) -> bool:
    """Whether this pipeline recorded finding the version in `version` again (`record_found_again`)."""
    entry, key = version_entry(version, workspace, "again")
    return read_entry(entry, key, json.loads) is not None
