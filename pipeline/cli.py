"""The `cdpc` command: a thin layer over the library, one command per stage of the flow.

It owns what is about the command line: the defaults resolved from `--root` (`Workspace`), telling
a PDF input from the JSON of `cdpc extract`, errors as one line and their exit codes. Each command
imports the stages it runs when it runs, deliberately: pdfplumber and spaCy are slow to import,
and `cdpc diff` or `cdpc verify` need neither.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
from pathlib import Path
from typing import get_args

import click
from pydantic import ValidationError

from pipeline import store
from pipeline.errors import InputMissing, NotAnExtraction, PipelineError
from pipeline.extract.settings import PageSourceName
from pipeline.files import head_of, looks_like_pdf, write_atomic
from pipeline.models import Extraction
from pipeline.progress import Progress
from pipeline.validation import validation_problem
from pipeline.version import VERSION
from pipeline.workspace import Workspace


def reports_pipeline_errors(command):
    """Turn a PipelineError into one line on stderr and the error's own exit code."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except PipelineError as error:
            click.echo(f"cdpc: error: {error}", err=True)
            sys.exit(error.exit_code)

    return wrapper


def emit(text: str, output: Path | None) -> None:
    """Print `text` to stdout, or write it atomically to `output`."""
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))


def extraction_input(path: Path, progress: Progress) -> Extraction:
    """INPUT of `normalise` and `check`: a PDF (extracted here) or the JSON written by `cdpc extract`."""
    if not path.is_file():
        raise InputMissing(path, "no such file")
    if looks_like_pdf(head_of(path)):
        from pipeline.extract import extract_pdf

        return extract_pdf(path, progress=progress.pages)
    try:
        return Extraction.model_validate_json(path.read_bytes())
    except ValidationError as error:
        where, problem = validation_problem(error, path)
        raise NotAnExtraction(where, f"neither a PDF nor the JSON of `cdpc extract` ({problem})") from None


def normalised_input(path: Path, quiet: bool):
    """INPUT of `normalise` and `check`, normalised (spaCy is imported here, by these commands only)."""
    progress = Progress.for_terminal(quiet)
    extraction = extraction_input(path, progress)
    from pipeline.normalise import normalise

    progress.step(f"Normalising {len(extraction.rows)} rows")
    return normalise(extraction)


def page_source_option(command):
    return click.option("--page-source", type=click.Choice(get_args(PageSourceName)), default=None,
                        help="What reads the PDF's pages (default: pdfium; pdfplumber is the reference).")(command)


def quiet_option(command):
    return click.option("--quiet", is_flag=True, help="No progress on stderr (shown only when it is a terminal).")(command)


def default_paper(workspace: Workspace) -> Path:
    """The paper `cdpc build` builds when given none: the one PDF in the root's source_docs/."""
    papers = workspace.papers()
    if not papers:
        raise InputMissing(workspace.source_docs, "holds no PDF: give the PDF to build")
    if len(papers) > 1:
        names = ", ".join(p.name for p in papers)
        raise click.UsageError(f"{workspace.source_docs} holds {len(papers)} PDFs ({names}): give the one to build")
    return papers[0]


@click.group()
@click.version_option(version=VERSION)
def main() -> None:
    """Extract, normalise, correct, version and compare the CDPC catalogue of judicial networks."""


@main.command(short_help="Extract every catalogue row of PDF as JSON.")
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the JSON here instead of stdout.")
@quiet_option
@click.option("--max-pages", type=click.IntRange(min=1), default=None, help="Refuse PDFs with more pages than this.")
@click.option("--password", default=None, help="The password of an encrypted PDF.")
@page_source_option
@reports_pipeline_errors
def extract(pdf: Path, output: Path | None, quiet: bool, max_pages: int | None, password: str | None, page_source: str | None) -> None:
    """Extract every catalogue row of PDF, with provenance, as JSON."""
    from pipeline.extract import (
        DEFAULT_MAX_PAGES,
        DEFAULT_SETTINGS,
        extract_pdf,
        to_json,
    )

    settings = dataclasses.replace(DEFAULT_SETTINGS, page_source=page_source or DEFAULT_SETTINGS.page_source)
    extraction = extract_pdf(
        pdf, progress=Progress.for_terminal(quiet).pages, password=password, max_pages=max_pages or DEFAULT_MAX_PAGES, settings=settings
    )
    emit(to_json(extraction), output)


@main.command(short_help="Publish PDF and its corrections as a dataset version.")
@click.argument("pdf", required=False, type=click.Path(path_type=Path))
@click.option("--corrections", "corrections", type=click.Path(path_type=Path), default=None,
              help="Folder of YAML correction files (default: ROOT/corrections).")
@click.option("--accept-revision", is_flag=True, help="Publish a new source of a document that already has versions.")
@click.option("--root", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="Folder holding source_docs/, corrections/ and extracted/ (and the cache, .cache/).")
@quiet_option
@page_source_option
@reports_pipeline_errors
def build(pdf: Path | None, corrections: Path | None, accept_revision: bool, root: Path, quiet: bool, page_source: str | None) -> None:
    """Publish PDF (default: the one PDF in ROOT/source_docs) with its corrections as a dataset version."""
    from pipeline.build import build as build_version

    workspace = Workspace(root)
    done = build_version(pdf or default_paper(workspace), corrections or workspace.corrections, root, accept_revision,
                         Progress.for_terminal(quiet), page_source)
    if done.created:
        emit(f"{done.document} {done.version}: written to {done.path} "
             f"({done.networks} networks, {done.corrections} corrections applied)\n", None)
    else:
        emit(f"{done.document} {done.version}: up to date, nothing written ({done.path})\n", None)


@main.command(short_help="Compare two dataset versions; exit 1 when they differ.")
@click.argument("old")
@click.argument("new")
@click.option("--format", "form", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="One line per change, a Markdown review comment, or JSON records.")
@click.option("--root", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="Folder holding extracted/, for <document>@<version> arguments.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the diff here instead of stdout.")
@reports_pipeline_errors
def diff(old: str, new: str, form: str, root: Path, output: Path | None) -> None:
    """Compare two dataset versions (folders or <document>@<version>); exit 1 when they differ."""
    from pipeline.diff import dataset_diff, rendered_diff

    records = dataset_diff(store.load(old, root), store.load(new, root))
    emit(rendered_diff(records, form, old, new), output)
    sys.exit(1 if records else 0)


@main.command(short_help="Check published versions against their manifests.")
@click.argument("versions", nargs=-1)
@click.option("--root", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="Folder holding extracted/; with no VERSIONS every version in it is checked.")
@reports_pipeline_errors
def verify(versions: tuple[str, ...], root: Path) -> None:
    """Check that published versions match their manifests, file by file."""
    paths = [store.resolve_version(v, root) for v in versions] or store.all_versions(root)
    if not paths:
        emit(f"no published versions under {Workspace(root).extracted}\n", None)
    for path in paths:
        manifest = store.verify(path)
        emit(f"{manifest.document} {manifest.version}: ok ({len(manifest.files)} files)\n", None)


@main.command(short_help="Normalise INPUT: coded networks, as JSON.")
@click.argument("input_file", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the JSON here instead of stdout.")
@quiet_option
@reports_pipeline_errors
def normalise(input_file: Path, output: Path | None, quiet: bool) -> None:
    """Normalise INPUT (a PDF or the JSON of `cdpc extract`): coded members, purpose terms, relations, as JSON."""
    normalised = normalised_input(input_file, quiet)
    from pipeline.normalise import to_json

    emit(to_json(normalised), output)


@main.command(short_help="List the members to review; exit 1 when there is any.")
@click.argument("input_file", metavar="INPUT", type=click.Path(path_type=Path))
@quiet_option
@reports_pipeline_errors
def check(input_file: Path, quiet: bool) -> None:
    """List the unresolved and ambiguous members of INPUT, one per line; exit 1 when there is any."""
    normalised = normalised_input(input_file, quiet)
    from pipeline.normalise import problem_line, problems

    found = problems(normalised)
    emit("".join(problem_line(p) + "\n" for p in found), None)
    sys.exit(1 if found else 0)


@main.command(short_help="Write a static HTML review page of VERSION.")
@click.argument("version")
@click.option("--against", default=None, help="An older version to diff against, shown first (same forms as VERSION).")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Folder to write index.html (and its crops) into.")
@click.option("--pdf", type=click.Path(path_type=Path), default=None,
              help="The version's source PDF (default: the one in ROOT/source_docs with the manifest's sha256).")
@click.option("--corrections", type=click.Path(path_type=Path), default=None,
              help="Folder of YAML correction files, for their reasons and stale ones (default: ROOT/corrections).")
@click.option("--root", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="Folder holding extracted/, source_docs/ and corrections/.")
@reports_pipeline_errors
def report(version: str, against: str | None, output: Path, pdf: Path | None, corrections: Path | None, root: Path) -> None:
    """Write a static HTML review page of VERSION (a folder or <document>@<version>) to OUTPUT/index.html."""
    from pipeline.report import write_report

    emit(f"{write_report(version, output, root, against, pdf, corrections)}\n", None)
