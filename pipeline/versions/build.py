"""The build: a source and its corrections → the next version of a dataset.

A *dataset* is the catalogue, published as a series of versions under `ROOT/extracted/<dataset>/`;
each revision's PDF is the *source* of its next version. A dataset's id is the slug of its first
source's symbol (`CDPC (2017) 1_rev` → `cdpc-2017-1-rev`; the file's stem when it prints none) and
every later source keeps it. Which dataset a source belongs to: the one named, else the store's
choice (`pipeline.versions.store.dataset_for`).

The input (a PDF, or the JSON of `cdpc extract`) is extracted and normalised; the correction files
are read first (a malformed one stops the build before the slow part), and only those written for
this source apply (`Corrections.of`; each file must name a source the root knows). The networks
keep the ids the version the source extends gave them (`pipeline.versions.ids`: the latest version not built
from this source, so a rebuild pairs as the first build did), then the corrections apply in order.
A new source for a dataset that has versions (a revision) is published only when the caller
accepts it (refused before the PDF is read when the dataset is known without it), and every
correction of the previous source is first triaged against the new one
(`pipeline.corrections.triage`). A rebuild whose every file would be the latest version's creates
nothing (and says so); one whose inputs and pipeline made the latest version says so from hashes
alone, without opening the PDF or parsing a correction (`pipeline.versions.uptodate`), and extractions and
normalised records are taken from ROOT/.cache when their inputs are unchanged (`pipeline.versions.cache`;
normalised records found there spare the extraction too). A new version whose data repeats the
previous version's, which repeated the one before, takes the previous version's files but those
that name the version instead of rendering them again (`release_of`); when the correction files
alone tell it (only what no version records changed: a reason, say), it is written without the
models (`pipeline.versions.repeat`), for which each version published here is recorded in ROOT/.cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.corrections.apply import (
    Corrections,
    corrected_dataset,
    load_corrections,
    require_known_sources,
)
from pipeline.corrections.triage import Triage, triage
from pipeline.errors import (
    InputMissing,
    NotAnExtraction,
    RevisionNotAccepted,
    VersionMissing,
)
from pipeline.export import EXPORTERS, NETWORKS_JSON, Release, rendered_files
from pipeline.files import head_of, looks_like_pdf, sha256_bytes, sha256_file
from pipeline.models import (
    Dataset,
    DatasetNetwork,
    Extraction,
    Manifest,
    ManifestFile,
    Normalised,
    Source,
)
from pipeline.progress import SILENT, Progress
from pipeline.validation import validated_json
from pipeline.version import VERSION
from pipeline.versions.assertions import require_plausible
from pipeline.versions.cache import (
    Entries,
    extraction_of,
    keep,
    normalised_of,
    pipeline_sha256,
)
from pipeline.versions.ids import last_published, overrides_of, with_kept_ids
from pipeline.versions.repeat import record_build, repeats_the_one_before
from pipeline.versions.store import (
    dataset_for,
    document_slug,
    known_sources,
    latest_manifest,
    load,
    next_version,
    only_dataset,
    read_manifest,
    remove_unfinished,
    version_numbers,
    write_latest,
    write_version,
)
from pipeline.versions.uptodate import Published, record_found_again
from pipeline.workspace import Workspace

if TYPE_CHECKING:  # as types only: the extractor is imported when a build reads pages
    pass


@dataclass(frozen=True)
class Prepared:
    """A source made ready to publish: its dataset, the previous version (its manifest and its
    dataset), what the `changes` table compares the new version with (`changes_base`), the new
    version's dataset (ids kept, its corrections applied), those corrections and the triage of the
    previous source's."""

    document: str
    folder: Path
    previous: Manifest | None
    before: Dataset | None
    changes_from: Dataset | None
    dataset: Dataset
    corrections: Corrections
    triage: Triage | None


def extraction_input(path: Path, progress: Progress = SILENT) -> Extraction:
    """An input of `build`, `carry-over`, `normalise`, `check`: the JSON of `cdpc extract` (a file that
    starts with '{'), else a PDF, extracted here."""
    if not path.is_file():
        raise InputMissing(path, "no such file")
    return extraction_json(path) if is_extraction_json(path) else pdf_extraction(path, progress)


def pdf_extraction(path: Path, progress: Progress = SILENT, settings=None) -> Extraction:
    """The PDF at `path` extracted (the PDF library is imported here, deliberately late)."""
    from pipeline.extract import DEFAULT_SETTINGS, extract_pdf

    return extract_pdf(path, progress=progress.pages, settings=settings or DEFAULT_SETTINGS)


def extraction_json(path: Path) -> Extraction:
    """The JSON of `cdpc extract` at `path` (NotAnExtraction when it is JSON of another shape)."""
    return validated_json(Extraction, path, NotAnExtraction, "neither a PDF nor the JSON of `cdpc extract`")


def is_extraction_json(path: Path) -> bool:
    """Whether an input is the JSON of `cdpc extract` (a file that starts with '{' and not like a PDF)."""
    head = head_of(path)
    return not looks_like_pdf(head) and head.lstrip().startswith(b"{")


def normalised_input(
    source: Path, corrections: Path | None, progress: Progress = SILENT
) -> tuple[Normalised, Corrections]:
    """The input normalised (spaCy imported only now) and the correction files, read first."""
    loaded = load_corrections(corrections)
    extraction = extraction_input(source, progress)
    from pipeline.normalise.networks import normalise

    progress.step(f"Normalising {len(extraction.rows)} rows")
    return normalise(extraction), loaded


def full_build(
    source: Path,
    corrections: Path | None,
    root: Workspace | Path,
    accept_revision: bool = False,
    dataset: str | None = None,
    progress: Progress = SILENT,
) -> Published:
    """Publish `source` (a PDF or the JSON of `cdpc extract`) with its corrections (None: none) as
    the next version of its dataset, or find the latest version holding it: the whole build, which
    `cdpc build` runs when hashes alone do not tell it (`pipeline.versions.repeat.built_from_hashes`, tried
    first: a version up to date, or one repeating the latest). The corrections are read first; a
    revision not accepted is refused before the PDF is read when its dataset is known without it
    (named, or the root's only one); the normalised records are taken from ROOT/.cache when there (then the input
    is not even extracted), else the input is extracted (or its extraction taken from the cache), a
    revision not accepted is refused, and only then is spaCy imported to normalise. The workspace's
    extractor settings (`Workspace.extract`) other than the defaults extract under other cache
    entries (the extractor is not imported before it extracts)."""
    workspace = Workspace.of(root)
    loaded = load_corrections(corrections)
    if not source.is_file():
        raise InputMissing(source, "no such file")
    settings = workspace.extract
    made_entries: Entries = {}
    if is_extraction_json(source):  # extracted already, naming the PDF it was extracted from
        given = extraction_json(source)
        pdf, pdf_sha256, extraction = Path(given.source.file), given.source.sha256, (lambda: given)
    else:
        pdf, pdf_sha256 = source, sha256_file(source)
        known = (dataset or only_dataset(workspace)) if looks_like_pdf(head_of(source)) else None
        if known:  # the dataset is known without reading the PDF: a revision not accepted is refused before it is
            folder = workspace.extracted / known
            refuse_revision(latest_manifest(folder), pdf_sha256, source.name, accept_revision, source, folder, known)

        def extraction() -> Extraction:
            return extraction_of(
                source,
                pdf_sha256,
                workspace,
                lambda: pdf_extraction(source, progress, settings),
                settings,
                made_entries,
            )

    def normalised() -> Normalised:
        extracted = extraction()
        document = dataset or dataset_for(extracted.source, workspace)
        folder = workspace.extracted / document
        refuse_revision(
            latest_manifest(folder),
            extracted.source.sha256,
            described(extracted.source),
            accept_revision,
            source,
            folder,
            document,
        )
        from pipeline.normalise.networks import normalise

        progress.step(f"Normalising {len(extracted.rows)} rows")
        return normalise(extracted)

    normalised_records = normalised_of(pdf, pdf_sha256, workspace, normalised, settings, made_entries)
    published = publish(normalised_records, loaded, workspace, accept_revision, source, dataset, progress)
    keep(made_entries, workspace)
    if published.created:  # so that a build repeating it is told from the correction files alone
        renamed = [name for name, exporter in EXPORTERS.items() if exporter.names_version]
        texts = [(f.path.name, f.text) for f in loaded.read]  # (a created version has its counts: type: ignore below)
        record_build(published.path, texts, published.networks, published.corrections, renamed, workspace)  # type: ignore[arg-type]
    return published


def publish(
    normalised: Normalised,
    corrections: Corrections,
    root: Workspace | Path,
    accept_revision: bool = False,
    pdf: Path | None = None,
    dataset: str | None = None,
    progress: Progress = SILENT,
) -> Published:
    """Publish the corrected dataset as the next version of its dataset, unless the latest holds it
    (the writing a step of `progress`)."""
    workspace = Workspace.of(root)
    ready = prepared(normalised, corrections, workspace, accept_revision, pdf, dataset)
    counts: dict[str, Any] = {
        "networks": len(ready.dataset.networks),
        "corrections": len(ready.corrections.items),
        "triage": ready.triage,
    }
    previous = ready.previous
    if previous and holds_again(previous, ready):
        write_latest(ready.folder, previous.version, workspace.limits.lock_wait)
        if previous.pipeline_sha256 != pipeline_sha256():  # the next build finds it from hashes
            record_found_again(ready.folder / previous.version, workspace)
        return Published(ready.document, previous.version, ready.folder / previous.version, created=False, **counts)
    version = next_version(ready.folder)
    progress.step(f"Writing {ready.document} {version}: {len(EXPORTERS)} data files and the manifest")
    files = rendered_files(release_of(ready, version))
    manifest = version_manifest(ready.dataset, version, ready.corrections, files)
    write_version(ready.folder, manifest.model_dump(mode="json"), files, workspace.limits.lock_wait)
    return Published(ready.document, version, ready.folder / version, created=True, **counts)


def release_of(ready: Prepared, version: str) -> Release:
    """The new version's release, holding already the previous version's files it would render
    again. A release's files are those of its dataset and the dataset its `changes` table compares
    it with (`changes_base`: the same for two versions of one source), but for the files that name
    their version (`Exporter.names_version`): so when the same pipeline made the previous version,
    of the same source, its networks.json is this one's byte for byte and the version before it had
    that networks.json too, every other file of it is this one's."""
    release = Release(ready.dataset, version, ready.changes_from)
    previous = ready.previous
    if (
        previous is None
        or previous.pipeline_sha256 != pipeline_sha256()
        or previous.source.sha256 != ready.dataset.source.sha256
    ):
        return release  # of another source, the two versions' `changes` compare with other versions
    folder = ready.folder / previous.version
    if not repeats_the_one_before(folder) or release.file(NETWORKS_JSON) != (folder / NETWORKS_JSON).read_bytes():
        return release
    for file in previous.files:
        if file.path in EXPORTERS and not EXPORTERS[file.path].names_version:
            data = (folder / file.path).read_bytes()
            if sha256_bytes(data) == file.sha256:
                release.made[file.path] = data
    return release


def holds_again(previous: Manifest, ready: Prepared) -> bool:
    """Whether the latest version holds what this build would publish: its manifest, but for the
    pipeline's sha256. The files are rendered (as that version, after the version before it) only
    once all else is the same."""

    def manifest(files: dict[str, bytes]) -> Manifest:
        made = version_manifest(ready.dataset, previous.version, ready.corrections, files)
        return made.model_copy(update={"pipeline_sha256": previous.pipeline_sha256})

    if manifest({}) != previous.model_copy(update={"files": []}):
        return False
    earlier = changes_base(ready.folder, previous.version, previous.source.sha256)
    return (
        manifest(rendered_files(Release(ready.dataset, previous.version, load(earlier) if earlier else None)))
        == previous
    )


def prepared(
    normalised: Normalised,
    corrections: Corrections,
    workspace: Workspace,
    accept_revision: bool,
    pdf: Path | None,
    dataset: str | None,
) -> Prepared:
    """Everything `publish` writes, checked: the dataset chosen, the revision accepted, every
    correction file's source known, the ids kept and the corrections applied."""
    document = dataset or dataset_for(normalised.source, workspace)
    folder = workspace.extracted / document
    remove_unfinished(folder, workspace.limits.lock_wait)
    previous = latest_manifest(folder)
    source = normalised.source
    refuse_revision(
        previous, source.sha256, described(source), accept_revision, pdf or Path(source.file), folder, document
    )
    if previous and previous.source.sha256 == source.sha256:
        source = previous.source  # the content names the paper, not the file
    own = corrections.of(source)
    kept, before, changes_from = with_ids(
        folder, document, normalised.model_copy(update={"source": source}), corrections, workspace
    )
    revision = (
        triage(kept, before, corrections.of(before.source))
        if before and before.source.sha256 != source.sha256
        else None
    )
    corrected = corrected_dataset(kept, own)
    require_plausible(corrected, pdf or source.file)
    return Prepared(document, folder, previous, before, changes_from, corrected, own, revision)


def revision_triage(
    normalised: Normalised, corrections: Corrections, workspace: Workspace, dataset: str | None = None
) -> Triage:
    """The triage of the corrections of the dataset's latest source against `normalised` (`cdpc carry-over`)."""
    document = dataset or dataset_for(normalised.source, workspace)
    folder = workspace.extracted / document
    kept, before, _ = with_ids(folder, document, normalised, corrections, workspace)
    if before is None:
        raise VersionMissing(folder, "the dataset has no published version to carry corrections over from")
    return triage(kept, before, corrections.of(before.source))


def with_ids(
    folder: Path, document: str, normalised: Normalised, corrections: Corrections, workspace: Workspace
) -> tuple[Dataset, Dataset | None, Dataset | None]:
    """(the source's networks under the ids they keep, the latest version or None, the version the
    new version's `changes` table compares it with or None: `changes_base`), once every
    correction file is known to name a source of the root. The ids are paired against the version
    the source extends (`extended_versions`), not the latest when that one has the same source."""
    require_known_sources(corrections, known_sources(workspace) + [normalised.source], source_doc_hashes(workspace))
    own = corrections.of(normalised.source)
    versions = [folder / f"v{n}" for n in version_numbers(folder)]
    before = load(versions[-1]) if versions else None
    extends = extended_versions(versions, normalised.source.sha256)
    base = before if extends == versions else (load(extends[-1]) if extends else None)

    def published(ids: set[str]) -> dict[str, DatasetNetwork]:
        return last_published(ids, extends, base, workspace)

    overrides = overrides_of([i.correction for i in own.items])
    kept = with_kept_ids(
        printed_dataset(normalised, document), base, published, overrides, own.folder or workspace.root
    )
    loaded = dict(zip(versions[-1:] + extends[-1:], [before, base]))  # the latest, the version extended
    changes_from = changes_base(folder, next_version(folder), normalised.source.sha256)
    return kept, before, loaded[changes_from] if changes_from else None


def changes_base(folder: Path, version: str, sha256: str) -> Path | None:
    """The version folder a version (`version` of `folder`, of the source of `sha256`) has its
    `changes` table from: the version its source extends (`extended_versions`), so that the
    revision's changes stay in whichever version a later build of that source publishes; for the
    dataset's first source, the version before it (None: a first version, compared with nothing)."""
    earlier = [folder / f"v{n}" for n in version_numbers(folder) if n < int(version.removeprefix("v"))]
    found = extended_versions(earlier, sha256) or earlier
    return found[-1] if found else None


def extended_versions(versions: list[Path], sha256: str) -> list[Path]:
    """The version folders (oldest first) up to the one a source of `sha256` extends: `versions`
    but the latest ones built from that source. The ids its networks keep are paired against the
    last of them, so a rebuild of a published source pairs as the version that first published it
    did, whichever version is the latest (`pipeline.versions.ids`)."""
    kept = list(versions)
    while kept and read_manifest(kept[-1]).source.sha256 == sha256:
        kept.pop()
    return kept


def printed_dataset(normalised: Normalised, document: str) -> Dataset:
    """The normalised networks as a dataset of `document`, every network under the id its row prints."""
    networks = [DatasetNetwork.model_validate(n.model_dump()) for n in normalised.networks]
    return Dataset(document=document, source=normalised.source, networks=networks)


def triage_path(corrections: Path, source: Source) -> Path:
    """Where the triage of a new source is written: `triage/<its slug>.md` in the corrections folder."""
    return corrections / "triage" / f"{document_slug(source)}.md"


def source_doc_hashes(workspace: Workspace) -> set[str]:
    return {sha256_file(p) for p in workspace.papers()}


def refuse_revision(
    previous: Manifest | None, sha256: str, source: str, accept_revision: bool, pdf: Path, folder: Path, document: str
) -> None:
    """Raise RevisionNotAccepted for a source (of content `sha256`, described as `source`: its
    symbol, else its file) of another content than the dataset's latest version's, unless the
    caller accepts it."""
    if previous and previous.source.sha256 != sha256 and not accept_revision:
        raise RevisionNotAccepted(
            pdf,
            f"a revision of {previous.source.symbol or document} ({source}, sha256 {sha256[:12]}…; "
            f"{previous.version} has {previous.source.sha256[:12]}…): "
            f"pass --accept-revision to publish it as {next_version(folder)} of {document}",
        )


def described(source: Source) -> str:
    return source.symbol or source.file


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
