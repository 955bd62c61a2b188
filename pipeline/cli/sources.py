"""The commands that read a source (a PDF, or the JSON of `cdpc extract`): `extract`,
`normalise`, `check`, `build` and `carry-over`. Each imports the stages it runs when it runs:
pdfplumber and spaCy are slow to import, and an up-to-date `cdpc build` reads no page."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli.options import (
    CORRECTIONS_HELP,
    DATASET_HELP,
    ROOT_HELP,
    emit,
    page_source_option,
    quiet_option,
    reports_pipeline_errors,
    root_option,
    with_fewer_collections,
)
from pipeline.errors import CarriedOverExists, InputMissing
from pipeline.files import sha256_file, write_atomic
from pipeline.progress import Progress
from pipeline.terminal import escaped_lines
from pipeline.workspace import Workspace

if TYPE_CHECKING:  # as types only: the CLI imports the extractor when a command reads pages
    from pipeline.extract.settings import PageSourceName


def corrections_folder(given: Path | None, workspace: Workspace) -> Path | None:
    """The corrections folder: the one given, else ROOT/corrections, else none (said on stdout)."""
    if given is not None or workspace.corrections.is_dir():
        return given or workspace.corrections
    emit(f"no corrections folder ({workspace.corrections}): building with no corrections\n", None)
    return None


def triage_written(result, corrections: Path | None, workspace: Workspace) -> None:
    """Print the triage of a revision and write it to `triage/<new source>.md` in the corrections folder."""
    from pipeline.corrections.triage import triage_report
    from pipeline.versions.build import triage_path

    text = triage_report(result)
    path = triage_path(corrections or workspace.corrections, result.new)
    write_atomic(path, text.encode("utf-8"))
    emit(f"{text}(triage written to {path})\n", None)


def normalised_input(path: Path, quiet: bool):
    """INPUT of `normalise` and `check`, normalised (spaCy is imported here, by these commands only)."""
    from pipeline.versions.build import normalised_input as normalised

    return normalised(path, None, Progress.for_terminal(quiet))[0]


def default_paper(workspace: Workspace) -> Path:
    """The paper `cdpc build` builds when given none: the one PDF in the root's source_docs/; of
    several, the one the latest version of the root's datasets was built from (so a root where a
    revision's PDF was committed beside the paper it replaced builds what it publishes, up to date);
    none or several such: the PDF to build must be given."""
    papers = workspace.papers()
    if not papers:
        raise InputMissing(workspace.source_docs, "holds no PDF: give the PDF to build")
    if len(papers) == 1:
        return papers[0]
    from pipeline.versions.uptodate import latest_sources

    published = latest_sources(workspace.extracted)
    latest = [p for p in papers if sha256_file(p) in published]
    if len(latest) != 1:
        names = ", ".join(p.name for p in papers)
        raise click.UsageError(
            f"{workspace.source_docs} holds {len(papers)} PDFs ({names}), {'several' if latest else 'none'} of them "
            "the source of a dataset's latest version: give the one to build"
        )
    return latest[0]


@click.command(short_help="Extract every catalogue row of PDF as JSON.")
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the JSON here instead of stdout.")
@quiet_option
@click.option("--max-pages", type=click.IntRange(min=1), default=None, help="Refuse PDFs with more pages than this.")
@click.option("--password", default=None, help="The password of an encrypted PDF.")
@page_source_option
@reports_pipeline_errors
@with_fewer_collections
def extract(
    pdf: Path,
    output: Path | None,
    quiet: bool,
    max_pages: int | None,
    password: str | None,
    page_source: PageSourceName | None,
) -> None:
    """Extract every catalogue row of PDF, with provenance, as JSON."""
    from pipeline.extract.reading import DEFAULT_MAX_PAGES, start_reading
    from pipeline.extract.settings import settings_reading

    pages = Progress.for_terminal(quiet).pages
    with start_reading(pdf, password, max_pages or DEFAULT_MAX_PAGES, pages, settings_reading(page_source)) as reading:
        from pipeline.extract.catalogue import (  # the analysis and the models, while a worker reads
            extract_reading,
            to_json,
        )

        extraction = extract_reading(reading)
    emit(to_json(extraction), output)


@click.command(short_help="Normalise INPUT: coded networks, as JSON.")
@click.argument("input_file", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the JSON here instead of stdout.")
@quiet_option
@reports_pipeline_errors
def normalise(input_file: Path, output: Path | None, quiet: bool) -> None:
    """Normalise INPUT (a PDF or the JSON of `cdpc extract`): coded members, purpose terms, relations, as JSON."""
    normalised = normalised_input(input_file, quiet)
    from pipeline.normalise.networks import to_json

    emit(to_json(normalised), output)


@click.command(short_help="List the members and printed counts to review; exit 1 when there is any.")
@click.argument("input_file", metavar="INPUT", type=click.Path(path_type=Path))
@quiet_option
@reports_pipeline_errors
def check(input_file: Path, quiet: bool) -> None:
    """List what a reviewer must settle in INPUT, one per line: unresolved and ambiguous members, collectives not
    expanded (the source has no date) or whose printed count the expansion contradicts, relations to a catalogued
    network that no row is, and printed counts that differ from the members found; exit 1 when there is any."""
    networks = normalised_input(input_file, quiet)
    from pipeline.normalise.counts import mismatch_line, mismatches
    from pipeline.normalise.problems import problem_line, problems

    found = [problem_line(p) for p in problems(networks)] + [mismatch_line(c) for c in mismatches(networks.networks)]
    emit(escaped_lines(found), None)
    sys.exit(1 if found else 0)


@click.command(short_help="Publish INPUT and its corrections as the next version of its dataset.")
@click.argument("input_file", metavar="INPUT", required=False, type=click.Path(path_type=Path))
@click.option("--corrections", "corrections", type=click.Path(path_type=Path), default=None, help=CORRECTIONS_HELP)
@click.option("--accept-revision", is_flag=True, help="Publish a new source of a dataset that already has versions.")
@click.option("--dataset", default=None, help=DATASET_HELP)
@root_option(ROOT_HELP)
@quiet_option
@page_source_option
@reports_pipeline_errors
@with_fewer_collections
def build(
    input_file: Path | None,
    corrections: Path | None,
    accept_revision: bool,
    dataset: str | None,
    root: Path,
    quiet: bool,
    page_source: PageSourceName | None,
) -> None:
    """Publish INPUT (a PDF or the JSON of `cdpc extract`; default: the one PDF in ROOT/source_docs, of
    several the one the latest version was built from) with
    the corrections written for it as the next version of its dataset; a new source's triage of the
    previous source's corrections is printed and written to CORRECTIONS/triage/. It ends with a summary
    of the version written or found up to date (its source, networks, memberships, countries, entries
    to review, corrections, folder) and the commands to review it next."""
    from pipeline.extract.settings import settings_reading
    from pipeline.review.summary import summary_lines, version_summary
    from pipeline.versions.repeat import built_from_hashes

    workspace = Workspace(root, extract=settings_reading(page_source))
    folder = corrections_folder(corrections, workspace)
    built = input_file or default_paper(workspace)
    done = built_from_hashes(built, folder, workspace, dataset)
    if done is None:  # the slow part, imported only now
        from pipeline.versions.build import full_build

        done = full_build(built, folder, workspace, accept_revision, dataset, Progress.for_terminal(quiet))
    if done.created:
        emit(
            f"{done.document} {done.version}: written to {done.path} "
            f"({done.networks} networks, {done.corrections} corrections applied)\n",
            None,
        )
    else:
        emit(f"{done.document} {done.version}: up to date, nothing written ({done.path})\n", None)
    if done.triage is not None:
        triage_written(done.triage, folder, workspace)
    emit(escaped_lines(summary_lines(version_summary(done.path, workspace), workspace, built)), None)


@click.command(
    "carry-over", short_help="Triage the previous source's corrections; write those that still apply for INPUT."
)
@click.argument("input_file", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--corrections", "corrections", type=click.Path(path_type=Path), default=None, help=CORRECTIONS_HELP)
@click.option("--dataset", default=None, help=DATASET_HELP)
@root_option(ROOT_HELP)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the carried-over corrections here (default: CORRECTIONS/<source's slug>.yaml).",
)
@quiet_option
@reports_pipeline_errors
def carry_over(
    input_file: Path, corrections: Path | None, dataset: str | None, root: Path, output: Path | None, quiet: bool
) -> None:
    """Triage every correction of the dataset's latest source against INPUT (a new source: a PDF or the
    JSON of `cdpc extract`), print the triage and write it to CORRECTIONS/triage/, and write the
    corrections that still apply as a corrections file for INPUT, ready to review and commit."""
    from pipeline.corrections.triage import carried_over
    from pipeline.versions.build import normalised_input, revision_triage
    from pipeline.versions.store import document_slug

    workspace = Workspace(root)
    folder = corrections_folder(corrections, workspace)
    normalised, loaded = normalised_input(input_file, folder, Progress.for_terminal(quiet))
    result = revision_triage(normalised, loaded, workspace, dataset)
    text = carried_over(result, {f.path: f.text.decode("utf-8") for f in loaded.read})
    target = output or (folder or workspace.corrections) / f"{document_slug(result.new)}.yaml"
    if target.exists() and target.read_text(encoding="utf-8") != text:
        raise CarriedOverExists(target, "exists and differs from the carried-over corrections: move it or pass -o")
    triage_written(result, folder, workspace)
    write_atomic(target, text.encode("utf-8"))
    emit(f"{len(result.under('still_applies'))} corrections carried over to {target}\n", None)
