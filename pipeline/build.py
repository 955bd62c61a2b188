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
nothing (and says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.assertions import require_plausible
from pydantic import ValidationError

from pipeline.corrections.apply import Corrections, corrected_dataset, load_corrections, require_known_sources
from pipeline.corrections.triage import Triage, triage
from pipeline.errors import DatasetNotChosen, InputMissing, NotAnExtraction, RevisionNotAccepted, VersionMissing
from pipeline.export import Release, rendered_files
from pipeline.files import head_of, looks_like_pdf, sha256_bytes, sha256_file
from pipeline.ids import overrides_of, published_ids, with_kept_ids
from pipeline.keys import slug
from pipeline.models import Dataset, DatasetNetwork, Extraction, Manifest, ManifestFile, Normalised, Source
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
from pipeline.validation import validation_problem
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
    (ids kept, its corrections applied), those corrections and the triage of the previous source's."""

    document: str
    folder: Path
    previous: Manifest | None
    dataset: Dataset
    corrections: Corrections
    triage: Triage | None


def extraction_input(path: Path) -> Extraction:
    """An input of `build`, `carry-over`, `normalise`, `check`: the JSON of `cdpc extract` (a file that
    starts with '{'), else a PDF, extracted here (pdfplumber is imported here, deliberately late)."""
    if not path.is_file():
        raise InputMissing(path, "no such file")
    head = head_of(path)
    if looks_like_pdf(head) or not head.lstrip().startswith(b"{"):
        from pipeline.extract import extract_pdf

        return extract_pdf(path)
    try:
        return Extraction.model_validate_json(path.read_bytes())
    except ValidationError as error:
        where, problem = validation_problem(error, path)
        raise NotAnExtraction(where, f"neither a PDF nor the JSON of `cdpc extract` ({problem})") from None


def normalised_input(source: Path, corrections: Path | None) -> tuple[Normalised, Corrections]:
    """The input normalised (spaCy imported only now) and the correction files, read first."""
    loaded = load_corrections(corrections)
    extraction = extraction_input(source)
    from pipeline.normalise import normalise

    return normalise(extraction), loaded


def build(source: Path, corrections: Path | None, root: Path, accept_revision: bool = False, dataset: str | None = None) -> Published:
    """Publish `source` (a PDF or the JSON of `cdpc extract`) with its corrections (None: none)."""
    normalised, loaded = normalised_input(source, corrections)
    return publish(normalised, loaded, root, accept_revision, source, dataset)


def publish(normalised: Normalised, corrections: Corrections, root: Path, accept_revision: bool = False,
            pdf: Path | None = None, dataset: str | None = None) -> Published:
    """Publish the corrected dataset as the next version of its dataset, unless the latest holds it."""
    ready = prepared(normalised, corrections, root, accept_revision, pdf, dataset)
    counts = {"networks": len(ready.dataset.networks), "corrections": len(ready.corrections.items), "triage": ready.triage}
    previous = ready.previous
    if previous and previous == version_manifest(
        ready.dataset, previous.version, ready.corrections, rendered_files(Release(ready.dataset, previous.version))
    ):
        write_latest(ready.folder, previous.version)
        return Published(ready.document, previous.version, ready.folder / previous.version, created=False, **counts)
    version = next_version(ready.folder)
    files = rendered_files(Release(ready.dataset, version))
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
    if previous and previous.source.sha256 == source.sha256:
        source = previous.source  # the content names the paper, not the file
    elif previous and not accept_revision:
        raise RevisionNotAccepted(
            pdf or source.file,
            f"a revision of {previous.source.symbol or document} ({source.symbol or source.file}, sha256 {source.sha256[:12]}…; "
            f"{previous.version} has {previous.source.sha256[:12]}…): pass --accept-revision to publish it as {next_version(folder)} of {document}",
        )
    own = corrections.of(source)
    kept, before = with_ids(folder, document, normalised.model_copy(update={"source": source}), corrections, root)
    revision = triage(kept, before, corrections.of(before.source)) if before and before.source.sha256 != source.sha256 else None
    dataset = corrected_dataset(kept, own)
    require_plausible(dataset, pdf or source.file)
    return Prepared(document, folder, previous, dataset, own, revision)


def revision_triage(normalised: Normalised, corrections: Corrections, root: Path, dataset: str | None = None) -> Triage:
    """The triage of the corrections of the dataset's latest source against `normalised` (`cdpc carry-over`)."""
    document = dataset or dataset_for(normalised.source, root)
    folder = Workspace(root).extracted / document
    kept, before = with_ids(folder, document, normalised, corrections, root)
    if before is None:
        raise VersionMissing(folder, "the dataset has no published version to carry corrections over from")
    return triage(kept, before, corrections.of(before.source))


def with_ids(folder: Path, document: str, normalised: Normalised, corrections: Corrections, root: Path) -> tuple[Dataset, Dataset | None]:
    """(the source's networks under the ids they keep, the latest version or None), once every
    correction file is known to name a source of the root."""
    require_known_sources(corrections, known_sources(root) + [normalised.source], source_doc_hashes(root))
    own = corrections.of(normalised.source)
    versions = [load(folder / f"v{n}") for n in version_numbers(folder)]
    before = versions[-1] if versions else None
    overrides = overrides_of([i.correction for i in own.items])
    return with_kept_ids(printed_dataset(normalised, document), before, published_ids(versions), overrides, own.folder or root), before


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
