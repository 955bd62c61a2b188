"""Nothing done twice: a root's cache of extractions and normalised records, and the check that
finds a build up to date without running it.

The cache lives in ROOT/.cache/ (git-ignored; delete it any time). An entry is one JSON file
holding the key it was made under and the record; the key names everything the record depends
on — the PDF's sha256, the pipeline's version, the sha256 of the pipeline's code and data files
(`pipeline_sha256`) and the extractor's settings — and the file is named by the key's sha256: its
first line is the key with the sha256 of the record, the rest the record's JSON. An entry that
cannot be read, whose stored key differs, whose record's sha256 differs, or whose record does not
validate against its model is ignored and made again: the cache is never trusted, only checked.

`unchanged_version` tells an up-to-date build from the manifests alone, before the PDF is opened
or spaCy imported: the latest version of some document was built from a source of the PDF's
sha256, with corrections of the same sha256s, by the same pipeline (version and `pipeline_sha256`).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from pipeline.files import sha256_bytes, write_atomic
from pipeline.models import Extraction, Manifest, ManifestFile, Normalised, Source
from pipeline.version import VERSION

CACHE_FOLDER = ".cache"
PACKAGE = Path(__file__).resolve().parent
FINGERPRINTED = ("*.py", "*.yaml", "*.j2", "*.css")
"""The files of the pipeline whose content decides what it makes: code, data files, templates."""

Model = TypeVar("Model", bound=BaseModel)


@functools.cache
def pipeline_sha256() -> str:
    """The sha256 of the pipeline's code and data files (names and contents, in name order)."""
    files = sorted(p for pattern in FINGERPRINTED for p in PACKAGE.rglob(pattern) if "__pycache__" not in p.parts)
    listing = "".join(f"{p.relative_to(PACKAGE).as_posix()} {sha256_bytes(p.read_bytes())}\n" for p in files)
    return sha256_bytes(listing.encode("utf-8"))


def cache_folder(root: Path) -> Path:
    return root / CACHE_FOLDER


Entries = dict[Path, bytes]
"""Cache entries made by a build, by file: written (`keep`) only once the build has published."""


def cached(root: Path, stage: str, key: dict, model: type[Model], make: Callable[[], Model], made_entries: Entries) -> Model:
    """The record of `model` cached under `key` for `stage`, or the one `make()` returns (then put
    in `made_entries`, for `keep` to write when the build succeeds: a failed build leaves nothing)."""
    key = {"stage": stage, "pipeline_version": VERSION, "pipeline_sha256": pipeline_sha256(), **key}
    text = json.dumps(key, sort_keys=True)
    entry = cache_folder(root) / stage / f"{sha256_bytes(text.encode('utf-8'))}.json"
    found = read_entry(entry, key, model)
    if found is not None:
        return found
    made = make()
    record = made.model_dump_json().encode("utf-8")
    label = json.dumps({"key": key, "sha256": sha256_bytes(record)}, sort_keys=True)
    made_entries[entry] = label.encode("utf-8") + b"\n" + record
    return made


def keep(made_entries: Entries, root: Path) -> None:
    """Write the entries a successful build made, when the root exists; a cache that cannot be
    written is no error."""
    if not root.is_dir():
        return
    for entry, data in made_entries.items():
        try:
            write_atomic(entry, data)
        except OSError:
            pass


def read_entry(entry: Path, key: dict, model: type[Model]) -> Model | None:
    """The record of a cache entry made under `key`, or None (missing, unreadable, foreign, invalid)."""
    try:
        label, _, record = entry.read_bytes().partition(b"\n")
        if json.loads(label) != {"key": key, "sha256": sha256_bytes(record)}:
            return None
        return model.model_validate_json(record)
    except (OSError, ValueError, ValidationError):
        return None


def extraction_of(pdf: Path, pdf_sha256: str, root: Path, extract: Callable[[], Extraction], settings, made_entries: Entries) -> Extraction:
    """The extraction of `pdf` (content `pdf_sha256`), from the cache or made by `extract()`; its
    source names the file as given, whatever name the cached one was read under."""
    key = {"pdf_sha256": pdf_sha256, "settings": dataclasses.asdict(settings)}
    extraction = cached(root, "extraction", key, Extraction, extract, made_entries)
    return named(extraction, pdf)


def normalised_of(pdf: Path, extraction: Extraction, root: Path, normalise: Callable[[], Normalised], settings,
                  made_entries: Entries) -> Normalised:
    """The normalised records of an extraction, from the cache or made by `normalise()`."""
    key = {"pdf_sha256": extraction.source.sha256, "settings": dataclasses.asdict(settings)}
    return named(cached(root, "normalised", key, Normalised, normalise, made_entries), pdf)


def named(record: Model, pdf: Path) -> Model:
    source = record.source.model_copy(update={"file": pdf.name})
    return record.model_copy(update={"source": source})


def unchanged_version(pdf_sha256: str, corrections_of: Callable[[Source], list[ManifestFile]], manifests: list[Manifest]) -> Manifest | None:
    """The latest manifest (of the datasets' latest `manifests`) that this build would publish
    again: same source, the same correction files for it (`corrections_of` its source), same
    pipeline. None when the build must run."""
    for manifest in manifests:
        if (
            manifest.source.sha256 == pdf_sha256
            and manifest.pipeline_version == VERSION
            and manifest.pipeline_sha256 == pipeline_sha256()
            and manifest.corrections == corrections_of(manifest.source)
        ):
            return manifest
    return None
