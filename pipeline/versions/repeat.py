"""A build that repeats the latest version (a correction's reason edited, say), told and written
without the models.

No file of a version records a correction's `reason`, `author` or `date` (`UNRECORDED`): a build
whose correction files changed in those only publishes the next version with the latest one's
data. When that latest version already repeated the version before it (the same networks.json),
every file of the next one is the latest one's but those that name their version
(`pipeline.export.registry.Exporter.names_version`, renamed by `pipeline.files.renamed_version`).
`repeated_build` writes such a version from the latest one's files and manifest once it has
checked, from hashes and the correction files read as plain YAML alone:

* the input is a PDF, read with the default page source, of the latest version's source, and the
  same pipeline (`VERSION`, `pipeline_sha256`) made that version;
* the version before it holds the same networks.json;
* the correction files record what those the latest version was built from recorded
  (`recorded_corrections`: each file's name and YAML mapping but its corrections' unrecorded
  fields, kept in ROOT/.cache for each version the build publishes: `record_build`), and each
  unrecorded value is one the corrections' schema takes (a non-empty text; a date).

Anything else (a file that does not read as a corrections file, an unrecorded value of another
kind, no record in the cache) is left to the full build (`pipeline.versions.build`), which checks and words it.

`built_from_hashes` is what `cdpc build` tries before the full build: the latest version up to date
(`pipeline.versions.uptodate.unchanged_build`), else this; the PDF is hashed and each correction file read
once for both.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from pipeline.errors import MalformedCorrection, PipelineError
from pipeline.extract.settings import DEFAULT_SETTINGS
from pipeline.files import (
    NETWORKS_JSON,
    head_of,
    looks_like_pdf,
    renamed_version,
    sha256_bytes,
    sha256_file,
)
from pipeline.versions.cache import entry_bytes, keep, pipeline_sha256, read_entry, version_entry
from pipeline.versions.store import (
    next_version,
    remove_unfinished,
    version_before,
    write_version,
)
from pipeline.versions.uptodate import (
    CorrectionTexts,
    Published,
    correction_texts,
    latest_manifest_json,
    made_from,
    manifest_json,
    unchanged_build,
)
from pipeline.workspace import Workspace

UNRECORDED = ("reason", "author", "date")
"""The fields of a correction (`pipeline.corrections.base.CorrectionBase`) no file of a version records."""


def built_from_hashes(
    source: Path, corrections: Path | None, workspace: Workspace, dataset: str | None = None
) -> Published | None:
    """The build of `source` with the correction files of `corrections` (None: none) when hashes and
    the correction files read as YAML tell it, without the models: the latest version up to date
    (`pipeline.versions.uptodate.unchanged_build`), or the next one repeating it (`repeated_build`); None
    when the build must run (and always for a page source other than the default's, which extracts again).
    The PDF is hashed, and each correction file read, once for both."""
    if not (source.is_file() and workspace.extracted.is_dir()) or workspace.extract != DEFAULT_SETTINGS:
        return None
    pdf_sha256, texts = sha256_file(source), correction_texts(corrections)
    return unchanged_build(pdf_sha256, texts, workspace) or repeated_build(
        source, pdf_sha256, texts, workspace, dataset
    )


def repeated_build(
    source: Path, pdf_sha256: str, texts: CorrectionTexts, workspace: Workspace, dataset: str | None
) -> Published | None:
    """The next version of a dataset whose latest version building the PDF `source` (of `pdf_sha256`)
    with the correction files `texts` repeats, written from that version's files (see the module's
    docstring); None when the build must run."""
    if not looks_like_pdf(head_of(source)):
        return None
    recorded = recorded_corrections(texts)
    if recorded is None:
        return None
    extracted = workspace.extracted
    for folder in sorted(p for p in extracted.iterdir() if p.is_dir() and dataset in (None, p.name)):
        latest = latest_manifest_json(folder)
        if latest is None:
            continue
        record = build_record(folder / latest["version"], workspace)
        if record and record["recorded"] == recorded and repeats(folder, latest, pdf_sha256):
            return published_again(folder, latest, dict(texts), record, workspace)
    return None


def recorded_corrections(texts: CorrectionTexts) -> str | None:
    """The sha256 of what correction files record in a version: every file's name and YAML mapping,
    its corrections' unrecorded fields left out; None when a file is no mapping with a list of
    corrections, or an unrecorded value is not one the corrections' schema takes."""
    from pipeline.yamlfiles import yaml_mapping

    recorded = []
    for name, data in texts:
        try:
            document = yaml_mapping(name, data, MalformedCorrection, "a corrections file")[1]
        except PipelineError:  # the full build words it
            return None
        items = document.get("corrections")
        if not (isinstance(items, list) and all(isinstance(item, dict) and takes_unrecorded(item) for item in items)):
            return None
        recorded.append(
            (
                name,
                {**document, "corrections": [{k: v for k, v in item.items() if k not in UNRECORDED} for item in items]},
            )
        )
    return sha256_bytes(repr(recorded).encode("utf-8"))  # repr tells a date from its text, as the schema does


def takes_unrecorded(item: dict) -> bool:
    """Whether a correction's unrecorded values are of the kinds its schema takes: texts for the
    reason and the author, not empty, and a date (a narrower test than the schema's: what it
    refuses the full build reads and words)."""
    texts = all(isinstance(item.get(field), str) and item[field] for field in ("reason", "author"))
    return texts and type(item.get("date")) is datetime.date


def repeats(folder: Path, latest: dict, pdf_sha256: str) -> bool:
    """Whether the latest version (`latest`, its manifest) of the dataset in `folder` was made from
    the PDF of `pdf_sha256` by this pipeline, and repeats the version before it."""
    return (
        made_from(latest, pdf_sha256)
        and latest.get("pipeline_sha256") == pipeline_sha256()
        and repeats_the_one_before(folder / latest["version"])
    )


def repeats_the_one_before(version: Path) -> bool:
    """Whether the version in `version` holds the networks.json of the version before it (as their
    manifests list them)."""
    earlier = version_before(version.parent, version.name)
    this, before = manifest_json(version), manifest_json(earlier) if earlier else None
    if not (this and before):
        return False
    return canonical(this) == canonical(before) is not None


def canonical(manifest: dict) -> str | None:
    """The sha256 of the networks.json a manifest (as JSON) lists, None when it lists none."""
    try:
        return next((f["sha256"] for f in manifest["files"] if f["path"] == NETWORKS_JSON), None)
    except (KeyError, TypeError):
        return None


def published_again(
    folder: Path, latest: dict, texts: dict[str, bytes], record: dict, workspace: Workspace
) -> Published | None:
    """Write the next version of the dataset in `folder`: the latest version's files (each checked
    against its manifest), those that name their version renamed, and its manifest but for the
    version, the correction files' hashes and the renamed files' hashes."""
    remove_unfinished(folder, workspace.limits.lock_wait)
    version = next_version(folder)
    files = {}
    for file in latest["files"]:
        data = (folder / latest["version"] / file["path"]).read_bytes()
        if sha256_bytes(data) != file["sha256"]:
            return None  # the full build says what is wrong with it
        files[file["path"]] = renamed_version(data, version) if file["path"] in record["renamed"] else data
    corrections = [{"path": c["path"], "sha256": sha256_bytes(texts[c["path"]])} for c in latest["corrections"]]
    listed = [{"path": name, "sha256": sha256_bytes(data)} for name, data in sorted(files.items())]
    write_version(
        folder,
        {**latest, "version": version, "corrections": corrections, "files": listed},
        files,
        workspace.limits.lock_wait,
    )
    keep(dict([record_entry(folder / version, record, workspace)]), workspace)
    return Published(
        folder.name,
        version,
        folder / version,
        created=True,
        networks=record["networks"],
        corrections=record["corrections"],
    )


def build_record(version: Path, workspace: Workspace) -> dict | None:
    """What the build that published the version in `version` recorded (`record_build`), or None."""
    entry, key = version_entry(version, workspace, "build")
    return read_entry(entry, key, record_of_json)


def record_of_json(data: bytes) -> dict:
    """A record as `record_build` keeps it (ValueError when it is not)."""
    record = json.loads(data)
    if not (isinstance(record, dict) and record.keys() == {"recorded", "networks", "corrections", "renamed"}):
        raise ValueError("not a build's record")
    return record


def record_build(
    version: Path, texts: CorrectionTexts, networks: int, corrections: int, renamed: list[str], workspace: Workspace
) -> None:
    """Keep in ROOT/.cache, for the version just published in `version`, what its correction files
    recorded, its networks and corrections applied, and its files that name the version."""
    recorded = recorded_corrections(texts)
    if recorded is not None:
        record = {"recorded": recorded, "networks": networks, "corrections": corrections, "renamed": renamed}
        keep(dict([record_entry(version, record, workspace)]), workspace)


def record_entry(version: Path, record: dict, workspace: Workspace) -> tuple[Path, bytes]:
    entry, key = version_entry(version, workspace, "build")
    return entry, entry_bytes(key, json.dumps(record, sort_keys=True).encode("utf-8"))
