"""The build: a paper and its corrections → the next dataset version of the document.

Extract the PDF, normalise it, apply the corrections in order and publish the result through the
version store (`pipeline.store`). A rebuild whose every file would be the same as the latest
version's creates nothing (and says so); a changed input creates the next version; a new source
for a document that already has versions (a revision: the same symbol, another content) is
published only when the caller accepts it. The document's slug comes from the symbol the paper
prints, never from the file name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.cache import (
    extraction_of,
    normalised_of,
    pipeline_sha256,
    unchanged_version,
)
from pipeline.corrections.apply import Corrections, corrected_dataset, load_corrections
from pipeline.errors import PipelineError, RevisionNotAccepted
from pipeline.export import NETWORKS_JSON, rendered_files
from pipeline.files import sha256_bytes, sha256_file
from pipeline.keys import slug
from pipeline.models import Dataset, Manifest, ManifestFile, Normalised, Source
from pipeline.progress import SILENT, Progress
from pipeline.store import (
    latest_manifest,
    next_version,
    remove_unfinished,
    write_latest,
    write_version,
)
from pipeline.version import VERSION
from pipeline.workspace import Workspace


@dataclass(frozen=True)
class Published:
    """The outcome of a build: the version that holds the inputs, and whether the build wrote it."""

    document: str
    version: str
    path: Path
    created: bool
    networks: int
    corrections: int


def build(
    pdf: Path, corrections: Path, root: Path, accept_revision: bool = False, progress: Progress = SILENT, page_source: str | None = None
) -> Published:
    """Extract and normalise `pdf`, apply the corrections and publish the result as a version.
    The corrections are read first; a build whose inputs and pipeline made the latest version
    returns it without opening the PDF (`pipeline.cache.unchanged_version`). Otherwise the PDF is
    extracted (or its extraction taken from ROOT/.cache), a revision not accepted is refused, and
    only then is spaCy imported to normalise (or the normalised records taken from the cache).
    A `page_source` other than the default's (`ExtractSettings.page_source`) always extracts."""
    from pipeline.extract import DEFAULT_SETTINGS, extract_pdf
    from pipeline.extract.pages import check_is_pdf

    loaded = load_corrections(corrections)
    unchanged = unchanged_build(pdf, loaded, root) if page_source in (None, DEFAULT_SETTINGS.page_source) else None
    if unchanged:
        return unchanged
    check_is_pdf(pdf)
    settings = replace(DEFAULT_SETTINGS, page_source=page_source or DEFAULT_SETTINGS.page_source)
    extraction = extraction_of(pdf, sha256_file(pdf), root, lambda: extract_pdf(pdf, progress=progress.pages, settings=settings), settings)
    folder = Workspace(root).extracted / document_slug(extraction.source)
    refuse_revision(latest_manifest(folder), extraction.source, accept_revision, pdf, next_version(folder))

    def normalised():
        from pipeline.normalise import normalise

        progress.step(f"Normalising {len(extraction.rows)} rows")
        return normalise(extraction)

    return publish(normalised_of(pdf, extraction, root, normalised, settings), loaded, root, accept_revision, pdf)


def unchanged_build(pdf: Path, corrections: Corrections, root: Path) -> Published | None:
    """The latest version of a document that this build would publish again (see
    `pipeline.cache.unchanged_version`), now the document's `latest`; None when it must run."""
    extracted = Workspace(root).extracted
    if not pdf.is_file() or not extracted.is_dir():
        return None
    try:
        manifests = [m for folder in sorted(extracted.iterdir()) if folder.is_dir() and (m := latest_manifest(folder))]
    except PipelineError:
        return None  # the full build says what is wrong
    manifest = unchanged_version(sha256_file(pdf), corrections.files, manifests)
    if manifest is None:
        return None
    folder = extracted / manifest.document
    remove_unfinished(folder)
    write_latest(folder, manifest.version)
    networks = len(json.loads((folder / manifest.version / NETWORKS_JSON).read_bytes())["networks"])
    return Published(manifest.document, manifest.version, folder / manifest.version, False, networks, len(corrections.items))


def publish(normalised: Normalised, corrections: Corrections, root: Path, accept_revision: bool = False, pdf: Path | None = None) -> Published:
    """Publish the corrected dataset as the next version of its document, unless the latest holds it."""
    document = document_slug(normalised.source)
    folder = Workspace(root).extracted / document
    remove_unfinished(folder)
    previous = latest_manifest(folder)
    version = next_version(folder)
    refuse_revision(previous, normalised.source, accept_revision, pdf, version)
    if previous and previous.source.sha256 == normalised.source.sha256:
        normalised = normalised.model_copy(update={"source": previous.source})  # the content names the paper, not the file
    dataset = corrected_dataset(normalised, document, corrections)
    files = rendered_files(dataset)
    manifest = version_manifest(dataset, version, corrections, files)
    counts = {"networks": len(dataset.networks), "corrections": len(corrections.items)}
    if previous and previous.model_copy(update={"version": version, "pipeline_sha256": manifest.pipeline_sha256}) == manifest:
        write_latest(folder, previous.version)
        return Published(document, previous.version, folder / previous.version, created=False, **counts)
    write_version(folder, manifest, files)
    return Published(document, version, folder / version, created=True, **counts)


def refuse_revision(previous: Manifest | None, source: Source, accept_revision: bool, pdf: Path | None, version: str) -> None:
    """Raise RevisionNotAccepted for a source of another content than the document's latest
    version's, unless the caller accepts it (to be published as `version`)."""
    if previous and previous.source.sha256 != source.sha256 and not accept_revision:
        raise RevisionNotAccepted(
            pdf or source.file,
            f"a revision of {source.symbol or previous.document} (sha256 {source.sha256[:12]}…, "
            f"{previous.version} has {previous.source.sha256[:12]}…): pass --accept-revision to publish it as {version}",
        )


def version_manifest(dataset: Dataset, version: str, corrections: Corrections, files: dict[str, bytes]) -> Manifest:
    return Manifest(
        document=dataset.document,
        version=version,
        source=dataset.source,
        pipeline_version=VERSION,
        pipeline_sha256=pipeline_sha256(),
        corrections=corrections.files,
        files=[ManifestFile(path=name, sha256=sha256_bytes(data)) for name, data in sorted(files.items())],
    )


def document_slug(source: Source) -> str:
    """'CDPC (2017) 1_rev' → 'cdpc-2017-1-rev'; the file's stem when the paper prints no symbol."""
    return slug(source.symbol or Path(source.file).stem)
