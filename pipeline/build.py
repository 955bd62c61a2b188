"""The build: a paper and its corrections → the next dataset version of the document.

Extract the PDF, normalise it, apply the corrections in order and publish the result through the
version store (`pipeline.store`). A rebuild whose every file would be the same as the latest
version's creates nothing (and says so); a changed input creates the next version; a new source
for a document that already has versions (a revision: the same symbol, another content) is
published only when the caller accepts it. The document's slug comes from the symbol the paper
prints, never from the file name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.assertions import require_plausible
from pipeline.corrections.apply import Corrections, corrected_dataset, load_corrections
from pipeline.errors import RevisionNotAccepted
from pipeline.export import rendered_files
from pipeline.files import sha256_bytes
from pipeline.keys import slug
from pipeline.models import Dataset, Manifest, ManifestFile, Normalised, Source
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


def build(pdf: Path, corrections: Path, root: Path, accept_revision: bool = False) -> Published:
    """Extract and normalise `pdf`, apply the corrections and publish the result as a version.
    The corrections are read first and the PDF next, so a malformed correction or a bad PDF stops
    the build before the slow part. Extraction (pdfplumber) and normalisation (spaCy) are imported
    here, deliberately late: spaCy is imported only for a PDF that holds a catalogue."""
    from pipeline.extract import extract_pdf

    loaded = load_corrections(corrections)
    extraction = extract_pdf(pdf)
    from pipeline.normalise import normalise

    return publish(normalise(extraction), loaded, root, accept_revision, pdf)


def publish(normalised: Normalised, corrections: Corrections, root: Path, accept_revision: bool = False, pdf: Path | None = None) -> Published:
    """Publish the corrected dataset as the next version of its document, unless the latest holds it."""
    document = document_slug(normalised.source)
    folder = Workspace(root).extracted / document
    remove_unfinished(folder)
    previous = latest_manifest(folder)
    version = next_version(folder)
    if previous and previous.source.sha256 == normalised.source.sha256:
        normalised = normalised.model_copy(update={"source": previous.source})  # the content names the paper, not the file
    elif previous and not accept_revision:
        raise RevisionNotAccepted(
            pdf or normalised.source.file,
            f"a revision of {normalised.source.symbol or document} (sha256 {normalised.source.sha256[:12]}…, "
            f"{previous.version} has {previous.source.sha256[:12]}…): pass --accept-revision to publish it as {version}",
        )
    dataset = corrected_dataset(normalised, document, corrections)
    require_plausible(dataset, pdf or normalised.source.file)
    files = rendered_files(dataset)
    manifest = version_manifest(dataset, version, corrections, files)
    counts = {"networks": len(dataset.networks), "corrections": len(corrections.items)}
    if previous and previous.model_copy(update={"version": version}) == manifest:
        write_latest(folder, previous.version)
        return Published(document, previous.version, folder / previous.version, created=False, **counts)
    write_version(folder, manifest, files)
    return Published(document, version, folder / version, created=True, **counts)


def version_manifest(dataset: Dataset, version: str, corrections: Corrections, files: dict[str, bytes]) -> Manifest:
    return Manifest(
        document=dataset.document,
        version=version,
        source=dataset.source,
        pipeline_version=VERSION,
        corrections=corrections.files,
        files=[ManifestFile(path=name, sha256=sha256_bytes(data)) for name, data in sorted(files.items())],
    )


def document_slug(source: Source) -> str:
    """'CDPC (2017) 1_rev' → 'cdpc-2017-1-rev'; the file's stem when the paper prints no symbol."""
    return slug(source.symbol or Path(source.file).stem)
