"""The build: a source and its corrections → the next version of a dataset.

A *dataset* is the catalogue, published as a series of versions under `ROOT/extracted/<dataset>/`;
each revision's PDF is the *source* of its next version. A dataset's id is the slug of its first
source's symbol (`CDPC (2017) 1_rev` → `cdpc-2017-1-rev`; the file's stem when it prints none) and
every later source keeps it. Which dataset a source belongs to (`dataset_for`): the one named, else
a new one in a root with none, else the root's only one, else the one whose versions had this
source; several, and none of them had it, is `DatasetNotChosen`.

The input (a PDF, or the JSON of `cdpc extract`) is extracted and normalised; the correction files
are read first (a malformed one stops the build before the slow part), and only those written for
this source apply (`Corrections.of`; each file must name a source the root knows). The networks
keep the ids the previous version gave them (`pipeline.ids`), then the corrections apply in order.
A new source for a dataset that has versions (a revision) is published only when the caller
accepts it, and every correction of the previous source is first triaged against the new one
(`pipeline.corrections.triage`). A rebuild whose every file would be the latest version's creates
nothing (and says so); one whose inputs and pipeline made the latest version says so without
opening the PDF (`pipeline.cache.unchanged_version`), and extractions and normalised records are
taken from ROOT/.cache when their inputs are unchanged (`pipeline.cache`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.assertions import require_plausible
from pipeline.cache import (
    Entries,
    extraction_of,
    keep,
    normalised_of,
    pipeline_sha256,
    unchanged_version,
)
from pipeline.corrections.apply import (
    Corrections,
    corrected_dataset,
    load_corrections,
    require_known_sources,
)
from pipeline.corrections.triage import Triage, triage
from pipeline.errors import (
    DatasetNotChosen,
    InputMissing,
    NotAnExtraction,
    PipelineError,
    RevisionNotAccepted,
    VersionMissing,
)
from pipeline.export import NETWORKS_JSON, Release, rendered_files
from pipeline.files import head_of, looks_like_pdf, sha256_bytes, sha256_file
from pipeline.ids import overrides_of, published_ids, with_kept_ids
from pipeline.keys import slug
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
from pipeline.store import (
    latest_manifest,
    load,
    next_version,
    read_manifest,
    remove_unfinished,
    version_numbers,
    write_latest,
    write_version,
)
from pipeline.validation import validated_json
from pipeline.version import VERSION
from pipeline.workspace import Workspace


@dataclass(frozen=True)
class Published:
    """The outcome of a build: the version that holds the inputs, whether the build wrote it, and the
    triage of the previous source's corrections (None unless the source is new to the dataset)."""

    document: str
    version: str
    path: Path
    created: bool
    networks: int
    corrections: int
    triage: Triage | None = None


@dataclass(frozen=True)
class Prepared:
    """A source made ready to publish: its dataset, the previous version, the new version's dataset
    (ids kept, its corrections applied), those corrections, the triage of the previous source's and
    the datasets of the published versions, oldest first (the `changes` table compares with them)."""

    document: str
    folder: Path
    previous: Manifest | None
    dataset: Dataset
    corrections: Corrections
    triage: Triage | None
    published: list[Dataset]


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


def normalised_input(source: Path, corrections: Path | None, progress: Progress = SILENT) -> tuple[Normalised, Corrections]:
    """The input normalised (spaCy imported only now) and the correction files, read first."""
    loaded = load_corrections(corrections)
    extraction = extraction_input(source, progress)
    from pipeline.normalise import normalise

    progress.step(f"Normalising {len(extraction.rows)} rows")
    return normalise(extraction), loaded


def build(source: Path, corrections: Path | None, root: Path, accept_revision: bool = False, dataset: str | None = None,
          progress: Progress = SILENT, page_source: str | None = None) -> Published:
    """Publish `source` (a PDF or the JSON of `cdpc extract`) with its corrections (None: none).
    The corrections are read first; a build whose inputs and pipeline made the latest version
    returns it without opening the input (`unchanged_build`). Otherwise the input is extracted (or
    its extraction taken from ROOT/.cache), a revision not accepted is refused, and only then is
    spaCy imported to normalise (or the normalised records taken from the cache). A `page_source`
    other than the default's (`ExtractSettings.page_source`) always extracts."""
    from pipeline.extract import DEFAULT_SETTINGS

    loaded = load_corrections(corrections)
    if not source.is_file():
        raise InputMissing(source, "no such file")
    unchanged = unchanged_build(source, loaded, root) if page_source in (None, DEFAULT_SETTINGS.page_source) else None
    if unchanged:
        return unchanged
    settings = replace(DEFAULT_SETTINGS, page_source=page_source or DEFAULT_SETTINGS.page_source)
    made_entries: Entries = {}
    if is_extraction_json(source):  # extracted already, naming the PDF it was extracted from
        extraction = extraction_json(source)
    else:
        extraction = extraction_of(source, sha256_file(source), root, lambda: pdf_extraction(source, progress, settings), settings, made_entries)
    document = dataset or dataset_for(extraction.source, root)
    folder = Workspace(root).extracted / document
    refuse_revision(latest_manifest(folder), extraction.source, accept_revision, source, folder, document)

    def normalised() -> Normalised:
        from pipeline.normalise import normalise

        progress.step(f"Normalising {len(extraction.rows)} rows")
        return normalise(extraction)

    normalised_records = normalised_of(Path(extraction.source.file), extraction, root, normalised, settings, made_entries)
    published = publish(normalised_records, loaded, root, accept_revision, source, dataset)
    keep(made_entries, root)
    return published


def unchanged_build(source: Path, corrections: Corrections, root: Path) -> Published | None:
    """The latest version of a dataset that this build would publish again (see
    `pipeline.cache.unchanged_version`), now the dataset's `latest`; None when it must run."""
    extracted = Workspace(root).extracted
    if not extracted.is_dir():
        return None
    try:
        manifests = [m for folder in sorted(extracted.iterdir()) if folder.is_dir() and (m := latest_manifest(folder))]
        manifest = unchanged_version(sha256_file(source), lambda s: corrections.of(s).files, manifests)
    except PipelineError:
        return None  # the full build says what is wrong
    if manifest is None:
        return None
    folder = extracted / manifest.document
    remove_unfinished(folder)
    write_latest(folder, manifest.version)
    networks = len(json.loads((folder / manifest.version / NETWORKS_JSON).read_bytes())["networks"])
    return Published(manifest.document, manifest.version, folder / manifest.version, False, networks, len(corrections.of(manifest.source).items))


def publish(normalised: Normalised, corrections: Corrections, root: Path, accept_revision: bool = False,
            pdf: Path | None = None, dataset: str | None = None) -> Published:
    """Publish the corrected dataset as the next version of its dataset, unless the latest holds it."""
    ready = prepared(normalised, corrections, root, accept_revision, pdf, dataset)
    counts = {"networks": len(ready.dataset.networks), "corrections": len(ready.corrections.items), "triage": ready.triage}
    previous = ready.previous
    again = previous and version_manifest(ready.dataset, previous.version, ready.corrections,
                                          rendered_files(Release(ready.dataset, previous.version, last(ready.published[:-1]))))
    if again and previous.model_copy(update={"pipeline_sha256": again.pipeline_sha256}) == again:
        write_latest(ready.folder, previous.version)
        return Published(ready.document, previous.version, ready.folder / previous.version, created=False, **counts)
    version = next_version(ready.folder)
    files = rendered_files(Release(ready.dataset, version, last(ready.published)))
    manifest = version_manifest(ready.dataset, version, ready.corrections, files)
    write_version(ready.folder, manifest, files)
    return Published(ready.document, version, ready.folder / version, created=True, **counts)


def prepared(normalised: Normalised, corrections: Corrections, root: Path, accept_revision: bool,
             pdf: Path | None, dataset: str | None) -> Prepared:
    """Everything `publish` writes, checked: the dataset chosen, the revision accepted, every
    correction file's source known, the ids kept and the corrections applied."""
    document = dataset or dataset_for(normalised.source, root)
    folder = Workspace(root).extracted / document
    remove_unfinished(folder)
    previous = latest_manifest(folder)
    source = normalised.source
    refuse_revision(previous, source, accept_revision, pdf, folder, document)
    if previous and previous.source.sha256 == source.sha256:
        source = previous.source  # the content names the paper, not the file
    own = corrections.of(source)
    kept, published = with_ids(folder, document, normalised.model_copy(update={"source": source}), corrections, root)
    before = last(published)
    revision = triage(kept, before, corrections.of(before.source)) if before and before.source.sha256 != source.sha256 else None
    dataset = corrected_dataset(kept, own)
    require_plausible(dataset, pdf or source.file)
    return Prepared(document, folder, previous, dataset, own, revision, published)


def last(datasets: list[Dataset]) -> Dataset | None:
    return datasets[-1] if datasets else None


def revision_triage(normalised: Normalised, corrections: Corrections, root: Path, dataset: str | None = None) -> Triage:
    """The triage of the corrections of the dataset's latest source against `normalised` (`cdpc carry-over`)."""
    document = dataset or dataset_for(normalised.source, root)
    folder = Workspace(root).extracted / document
    kept, published = with_ids(folder, document, normalised, corrections, root)
    if not published:
        raise VersionMissing(folder, "the dataset has no published version to carry corrections over from")
    return triage(kept, published[-1], corrections.of(published[-1].source))


def with_ids(folder: Path, document: str, normalised: Normalised, corrections: Corrections, root: Path) -> tuple[Dataset, list[Dataset]]:
    """(the source's networks under the ids they keep, the published versions' datasets, oldest
    first), once every correction file is known to name a source of the root."""
    require_known_sources(corrections, known_sources(root) + [normalised.source], source_doc_hashes(root))
    own = corrections.of(normalised.source)
    versions = [load(folder / f"v{n}") for n in version_numbers(folder)]
    overrides = overrides_of([i.correction for i in own.items])
    return with_kept_ids(printed_dataset(normalised, document), last(versions), published_ids(versions), overrides, own.folder or root), versions


def printed_dataset(normalised: Normalised, document: str) -> Dataset:
    """The normalised networks as a dataset of `document`, every network under the id its row prints."""
    networks = [DatasetNetwork.model_validate(n.model_dump()) for n in normalised.networks]
    return Dataset(document=document, source=normalised.source, networks=networks)


def triage_path(corrections: Path, source: Source) -> Path:
    """Where the triage of a new source is written: `triage/<its slug>.md` in the corrections folder."""
    return corrections / "triage" / f"{document_slug(source)}.md"


def dataset_for(source: Source, root: Path) -> str:
    """The dataset a source belongs to when none is named: see the module's docstring."""
    extracted = Workspace(root).extracted
    datasets = sorted(p.name for p in extracted.iterdir() if version_numbers(p)) if extracted.is_dir() else []
    if not datasets:
        return document_slug(source)
    if len(datasets) == 1:
        return datasets[0]
    had = [d for d in datasets if any(m.sha256 == source.sha256 or (m.symbol and m.symbol == source.symbol) for m in sources_of(extracted / d))]
    if len(had) == 1:
        return had[0]
    raise DatasetNotChosen(extracted, f"holds {len(datasets)} datasets ({', '.join(datasets)}): say which this source is of with --dataset")


def sources_of(folder: Path) -> list[Source]:
    """The sources of a dataset's versions, oldest first."""
    return [read_manifest(folder / f"v{n}").source for n in version_numbers(folder)]


def known_sources(root: Path) -> list[Source]:
    """Every source a published version of the root was built from."""
    extracted = Workspace(root).extracted
    return [s for d in sorted(extracted.iterdir()) if d.is_dir() for s in sources_of(d)] if extracted.is_dir() else []


def source_doc_hashes(root: Path) -> set[str]:
    return {sha256_file(p) for p in Workspace(root).papers()}


def refuse_revision(previous: Manifest | None, source: Source, accept_revision: bool, pdf: Path | None, folder: Path, document: str) -> None:
    """Raise RevisionNotAccepted for a source of another content than the dataset's latest
    version's, unless the caller accepts it."""
    if previous and previous.source.sha256 != source.sha256 and not accept_revision:
        raise RevisionNotAccepted(
            pdf or source.file,
            f"a revision of {previous.source.symbol or document} ({source.symbol or source.file}, sha256 {source.sha256[:12]}…; "
            f"{previous.version} has {previous.source.sha256[:12]}…): pass --accept-revision to publish it as {next_version(folder)} of {document}",
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
