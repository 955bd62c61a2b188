"""Nothing done twice: a root's cache of extractions and normalised records, and the check that
finds a build up to date without running it.

The cache lives in ROOT/.cache/ (git-ignored; delete it any time), a folder per stage, each
keeping its `Limits.cache_entries` most recently used entries (`keep` prunes them). An entry is
one JSON file holding the key it was made under and the record; the key names everything the
record depends on — the PDF's sha256, the pipeline's version, the sha256 of the pipeline's code
and data files (`pipeline_sha256`) and the extractor's settings ("default" for the defaults,
which are code that `pipeline_sha256` covers, so no build reading them imports the extractor to
make the key) — and the file is named by the key's sha256: its first line is the key with the
sha256 of the record, the rest the record's JSON. An entry that cannot be read, whose stored key
differs, whose record's sha256 differs, or whose record does not validate against its model is
ignored and made again: the cache is never trusted, only checked.

Other records than models are kept the same way through `entry_file`, `read_entry` and
`entry_bytes`: facts of a published version, counted once from its dataset (`pipeline.review.summary`'s
figures, the ids it published for `pipeline.versions.ids`), under its manifest's sha256
(`version_entry`). Importing this module imports no pydantic:
an up-to-date build (`pipeline.versions.uptodate`) needs `pipeline_sha256` only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pipeline.extract.settings import DEFAULT_SETTINGS, ExtractSettings
from pipeline.files import sha256_bytes, write_atomic
from pipeline.version import VERSION
from pipeline.versions.store import MANIFEST
from pipeline.workspace import Workspace

if TYPE_CHECKING:
    from pydantic import BaseModel

    from pipeline.models import Extraction, Normalised

PACKAGE = Path(__file__).resolve().parents[1]
FINGERPRINTED = ("*.py", "*.yaml", "*.j2", "*.css")
"""The files of the pipeline whose content decides what it makes: code, data files, templates."""

Model = TypeVar("Model", bound="BaseModel")
Sourced = TypeVar("Sourced", "Extraction", "Normalised")
Record = TypeVar("Record")


@functools.cache
def pipeline_sha256() -> str:
    """The sha256 of the pipeline's code and data files (names and contents, in name order)."""
    files = sorted(p for pattern in FINGERPRINTED for p in PACKAGE.rglob(pattern) if "__pycache__" not in p.parts)
    listing = "".join(f"{p.relative_to(PACKAGE).as_posix()} {sha256_bytes(p.read_bytes())}\n" for p in files)
    return sha256_bytes(listing.encode("utf-8"))


Entries = dict[Path, bytes]
"""Cache entries made by a build, by file: written (`keep`) only once the build has published."""


def cached(
    workspace: Workspace, stage: str, key: dict, model: type[Model], make: Callable[[], Model], made_entries: Entries
) -> Model:
    """The record of `model` cached under `key` for `stage`, or the one `make()` returns (then put
    in `made_entries`, for `keep` to write when the build succeeds: a failed build leaves nothing)."""
    entry, key = entry_file(workspace, stage, key)
    found = read_entry(entry, key, model.model_validate_json)
    if found is not None:
        return found
    made = make()
    made_entries[entry] = entry_bytes(key, made.model_dump_json().encode("utf-8"))
    return made


def entry_file(workspace: Workspace, stage: str, key: dict) -> tuple[Path, dict]:
    """(the file of the entry made under `key` for `stage`, the whole key: `key` with the stage and
    the pipeline's version and sha256)."""
    key = {"stage": stage, "pipeline_version": VERSION, "pipeline_sha256": pipeline_sha256(), **key}
    text = json.dumps(key, sort_keys=True)
    return workspace.cache / stage / f"{sha256_bytes(text.encode('utf-8'))}.json", key


def version_entry(folder: Path, workspace: Workspace, stage: str) -> tuple[Path, dict]:
    """(the file, the whole key) of the entry of `stage` for the published version in `folder`,
    keyed by its folder's name and its manifest's sha256 (which lists the sha256 of every file)."""
    manifest = folder / MANIFEST
    data = manifest.read_bytes() if manifest.is_file() else b""
    return entry_file(workspace, stage, {"manifest_sha256": sha256_bytes(data), "version": folder.name})


def entry_bytes(key: dict, record: bytes) -> bytes:
    """An entry's content: the key and the record's sha256 on the first line, then the record."""
    label = json.dumps({"key": key, "sha256": sha256_bytes(record)}, sort_keys=True)
    return label.encode("utf-8") + b"\n" + record


def keep(made_entries: Entries, workspace: Workspace) -> None:
    """Write the entries a successful build made, when the root exists, then prune their stages
    (`pruned`); a cache that cannot be written is no error, nor one a crash leaves torn (so no
    fsync: an entry is checked when read)."""
    if not workspace.root.is_dir():
        return
    for entry, data in made_entries.items():
        with contextlib.suppress(OSError):
            write_atomic(entry, data, durable=False)
    for stage in sorted({entry.parent for entry in made_entries}):
        pruned(stage, workspace.limits.cache_entries)


def pruned(stage: Path, kept: int) -> None:
    """A stage's folder left with its `kept` most recently used entries (a hit touches its entry:
    `read_entry`), the others removed. Two commands pruning at once, or one reading an entry
    another removes, only make an entry again."""
    try:
        entries = sorted(((e.stat().st_mtime_ns, e.name), e) for e in stage.glob("*.json"))
    except OSError:  # an entry removed while listed, or a folder that cannot be read
        return
    for _, entry in entries[: max(len(entries) - kept, 0)]:
        entry.unlink(missing_ok=True)


def read_entry(entry: Path, key: dict, parse: Callable[[bytes], Record]) -> Record | None:
    """The record of a cache entry made under `key`, parsed (`parse` raises ValueError, as pydantic's
    ValidationError is, for a record it refuses), or None (missing, unreadable, foreign, invalid)."""
    try:
        label, _, record = entry.read_bytes().partition(b"\n")
        if json.loads(label) != {"key": key, "sha256": sha256_bytes(record)}:
            return None
        found = parse(record)
    except (OSError, ValueError):
        return None
    with contextlib.suppress(OSError):  # a cache one may read but not write
        os.utime(entry)  # used now: the last to be pruned
    return found


def extraction_of(
    pdf: Path,
    pdf_sha256: str,
    workspace: Workspace,
    extract: Callable[[], Extraction],
    settings: ExtractSettings,
    made_entries: Entries,
) -> Extraction:
    """The extraction of `pdf` (content `pdf_sha256`, extracted under `settings`), from the cache or
    made by `extract()`; its source names the file as given,
    whatever name the cached one was read under."""
    from pipeline.models import Extraction

    key = {"pdf_sha256": pdf_sha256, "settings": settings_key(settings)}
    extraction = cached(workspace, "extraction", key, Extraction, extract, made_entries)
    return named(extraction, pdf)


def normalised_of(
    pdf: Path,
    pdf_sha256: str,
    workspace: Workspace,
    normalise: Callable[[], Normalised],
    settings: ExtractSettings,
    made_entries: Entries,
) -> Normalised:
    """The normalised records of the PDF of content `pdf_sha256` (extracted under `settings`), from
    the cache or made by `normalise()`; its source names `pdf` as given."""
    from pipeline.models import Normalised

    key = {"pdf_sha256": pdf_sha256, "settings": settings_key(settings)}
    return named(cached(workspace, "normalised", key, Normalised, normalise, made_entries), pdf)


def settings_key(settings: ExtractSettings) -> dict | str:
    """The extractor's settings in a key: "default" for the defaults, else every field."""
    return "default" if settings == DEFAULT_SETTINGS else dataclasses.asdict(settings)


def named(record: Sourced, pdf: Path) -> Sourced:
    source = record.source.model_copy(update={"file": pdf.name})
    return record.model_copy(update={"source": source})
