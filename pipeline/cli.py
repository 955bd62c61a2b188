"""The `cdpc` command: a thin layer over the library, one command per stage of the flow.

It owns what is about the command line: the defaults resolved from `--root` (`Workspace`), telling
a PDF input from the JSON of `cdpc extract`, errors as one line and their exit codes (a file
system failure too), a stdout closed by its reader (`cdpc … | head`) as the quiet end of the output,
every output with its control characters escaped (`pipeline.terminal`: text, JSON and what `-o`
writes alike), and where `-o` may write (`pipeline.outputs`); the standard streams are written by
`pipeline.streams`. Each command imports the stages it runs when it runs, deliberately:
pdfplumber and spaCy are slow to import, and `cdpc diff` or `cdpc verify` need neither.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, get_args

import click

from pipeline.errors import (
    OUTPUT_CLOSED,
    CarriedOverExists,
    FileSystemFailure,
    InputMissing,
    PipelineError,
)
from pipeline.files import sha256_file, write_atomic
from pipeline.outputs import check_root, checked_output
from pipeline.progress import Progress
from pipeline.streams import printed, said, stdout_dropped, stdout_failure
from pipeline.terminal import escaped_lines, escaped_text
from pipeline.version import VERSION
from pipeline.versions import store
from pipeline.versions.lock import held_for_command
from pipeline.workspace import Workspace

if TYPE_CHECKING:  # as types only: the CLI imports the extractor when a command reads pages
    from pipeline.extract.settings import PageSourceName

YOUNG_COLLECTION = 100_000
"""Allocations between two collections of young objects while a build or an extraction works
(Python's default: 700)."""


def reports_pipeline_errors(command):
    """Turn a PipelineError (or a refusal of the file system) into one line on stderr and the error's
    own exit code, and a stdout its reader closed into a quiet exit with OUTPUT_CLOSED. Before the
    command runs, `--root` must be a folder and `-o` a place it may write; a writer's lock, once
    taken, is held until the command ends."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            with held_for_command():
                check_root(kwargs.get("root"))
                if kwargs.get("output") is not None:
                    checked_output(kwargs["output"], kwargs.get("root") or Path("."), folder=command.__name__ in ("report", "site"))
                return command(*args, **kwargs)
        except BrokenPipeError:  # the reader of stdout closed it: the end of the output, not an error
            stdout_dropped()
            sys.exit(OUTPUT_CLOSED)
        except (PipelineError, OSError) as raised:
            error = raised if isinstance(raised, PipelineError) else FileSystemFailure(raised.filename or "cdpc", raised.strerror or str(raised))
            sys.exit(said(error))

    return wrapper


def emit(text: str, output: Path | None) -> None:
    """Print `text` to stdout, or write it atomically to `output`, its control characters escaped
    (`pipeline.terminal.escaped_text`: its newlines kept, JSON still the same JSON)."""
    if output is None:
        printed(escaped_text(text))
    else:
        write_atomic(output, escaped_text(text).encode("utf-8"))


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


class PageSources(click.Choice):
    """The choices of `--page-source`: the names `ExtractSettings.page_source` takes, read when click
    first needs them, not when the CLI is imported (pipeline.extract is slow to import, and an
    up-to-date `cdpc build` never reads a page)."""

    def __init__(self) -> None:
        self.case_sensitive = True

    @functools.cached_property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]  # click's attribute, read when first needed
        from pipeline.extract.settings import PageSourceName

        return get_args(PageSourceName)


def page_source_option(command):
    return click.option("--page-source", type=PageSources(), default=None,
                        help="What reads the PDF's pages (default: pdfplumber, the reference; pdfium is several times as fast, "
                             "giving the same rows but on PDFs written in more digits than it keeps).")(command)


def root_option(help: str):
    """The `--root` option of a command, with what the command reads from the root as its help."""
    return click.option("--root", type=click.Path(path_type=Path), default=Path("."), show_default=True, help=help)


def quiet_option(command):
    return click.option("--quiet", is_flag=True, help="No progress on stderr (shown only when it is a terminal).")(command)


def with_fewer_collections(command):
    """The command with Python's cycle collector run less often: importing the models makes many
    objects that live as long as the process, which each full collection would walk again (a fifth
    of a rebuild's time); young garbage is still collected, every `YOUNG_COLLECTION` allocations."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        before = gc.get_threshold()
        gc.set_threshold(YOUNG_COLLECTION, 50, 50)
        try:
            return command(*args, **kwargs)
        finally:
            gc.set_threshold(*before)

    return wrapper


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
@with_fewer_collections
def extract(pdf: Path, output: Path | None, quiet: bool, max_pages: int | None, password: str | None,
            page_source: PageSourceName | None) -> None:
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


CORRECTIONS_HELP = "Folder of YAML correction files (default: ROOT/corrections; none when it does not exist)."
DATASET_HELP = "The dataset the source is of (default: the root's only one, or a new one named after the source's symbol)."
ROOT_HELP = "Folder holding source_docs/, corrections/ and extracted/."
VERSIONS_ROOT_HELP = "Folder holding extracted/, for <document>@<version> arguments."


@main.command(short_help="Publish INPUT and its corrections as the next version of its dataset.")
@click.argument("input_file", metavar="INPUT", required=False, type=click.Path(path_type=Path))
@click.option("--corrections", "corrections", type=click.Path(path_type=Path), default=None, help=CORRECTIONS_HELP)
@click.option("--accept-revision", is_flag=True, help="Publish a new source of a dataset that already has versions.")
@click.option("--dataset", default=None, help=DATASET_HELP)
@root_option(ROOT_HELP)
@quiet_option
@page_source_option
@reports_pipeline_errors
@with_fewer_collections
def build(input_file: Path | None, corrections: Path | None, accept_revision: bool, dataset: str | None, root: Path, quiet: bool,
          page_source: PageSourceName | None) -> None:
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
        emit(f"{done.document} {done.version}: written to {done.path} "
             f"({done.networks} networks, {done.corrections} corrections applied)\n", None)
    else:
        emit(f"{done.document} {done.version}: up to date, nothing written ({done.path})\n", None)
    if done.triage is not None:
        triage_written(done.triage, folder, workspace)
    emit(escaped_lines(summary_lines(version_summary(done.path, workspace), workspace, built)), None)


@main.command("carry-over", short_help="Triage the previous source's corrections; write those that still apply for INPUT.")
@click.argument("input_file", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--corrections", "corrections", type=click.Path(path_type=Path), default=None, help=CORRECTIONS_HELP)
@click.option("--dataset", default=None, help=DATASET_HELP)
@root_option(ROOT_HELP)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write the carried-over corrections here (default: CORRECTIONS/<source's slug>.yaml).")
@quiet_option
@reports_pipeline_errors
def carry_over(input_file: Path, corrections: Path | None, dataset: str | None, root: Path, output: Path | None,
               quiet: bool) -> None:
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


@main.command(short_help="Compare two dataset versions; exit 1 when they differ.")
@click.argument("old")
@click.argument("new")
@click.option("--format", "form", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="One line per change, a Markdown review comment, or JSON records.")
@root_option(VERSIONS_ROOT_HELP)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the diff here instead of stdout.")
@reports_pipeline_errors
def diff(old: str, new: str, form: str, root: Path, output: Path | None) -> None:
    """Compare two dataset versions (folders or <document>@<version>); exit 1 when they differ."""
    from pipeline.diff.render import rendered_diff
    from pipeline.review.sections import reviewed_diff

    workspace = Workspace(root)
    datasets = store.load(old, workspace), store.load(new, workspace)
    records = reviewed_diff(*datasets)
    emit(rendered_diff(records, form, old, new, datasets), output)
    sys.exit(1 if records else 0)


@main.command(short_help="Write VERSION as FollowTheMoney entities or JSON Lines.")
@click.argument("version")
@click.option("--format", "form", type=click.Choice(["ftm", "jsonl"]), required=True,
              help="ftm: FollowTheMoney entities, one a line (needs the ftm extra); jsonl: one network a line.")
@root_option(VERSIONS_ROOT_HELP)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write here instead of stdout.")
@reports_pipeline_errors
def export(version: str, form: str, root: Path, output: Path | None) -> None:
    """Write VERSION (a folder or <document>@<version>) as FollowTheMoney entities or as JSON Lines of its networks."""
    from pipeline.export import FORMATS, Release

    workspace = Workspace(root)
    path = store.resolve_version(version, workspace)
    emit(FORMATS[form](Release(store.load(path, workspace), path.name)).decode("utf-8"), output)


@main.command(short_help="Check published versions against their manifests.")
@click.argument("versions", nargs=-1)
@root_option("Folder holding extracted/; with no VERSIONS every version in it is checked.")
@reports_pipeline_errors
def verify(versions: tuple[str, ...], root: Path) -> None:
    """Check that published versions match their manifests, file by file."""
    workspace = Workspace(root)
    paths = [store.resolve_version(v, workspace) for v in versions] or store.all_versions(workspace)
    if not paths:
        emit(f"no published versions under {workspace.extracted}\n", None)
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
    from pipeline.normalise.networks import to_json

    emit(to_json(normalised), output)


@main.command(short_help="List the members and printed counts to review; exit 1 when there is any.")
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


@main.command(short_help="Write a static HTML review page of VERSION.")
@click.argument("version")
@click.option("--against", default=None, help="An older version to diff against, shown first (same forms as VERSION).")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Folder to write index.html (and its crops) into.")
@click.option("--pdf", type=click.Path(path_type=Path), default=None,
              help="The version's source PDF (default: the one in ROOT/source_docs with the manifest's sha256).")
@click.option("--corrections", type=click.Path(path_type=Path), default=None,
              help="Folder of YAML correction files, for their reasons and stale ones (default: ROOT/corrections).")
@root_option("Folder holding extracted/, source_docs/ and corrections/.")
@quiet_option
@reports_pipeline_errors
def report(version: str, against: str | None, output: Path, pdf: Path | None, corrections: Path | None, root: Path,
           quiet: bool) -> None:
    """Write a static HTML review page of VERSION (a folder or <document>@<version>) to OUTPUT/index.html."""
    from pipeline.review.report import write_report

    emit(f"{write_report(version, output, Workspace(root), against, pdf, corrections, Progress.for_terminal(quiet))}\n", None)


@main.command(short_help="Write the public website of VERSION.")
@click.argument("version")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Folder to write the site into.")
@click.option("--pdf", type=click.Path(path_type=Path), help="The source PDF to copy (default: the one in ROOT/source_docs with its sha256).")
@click.option("--settings", type=click.Path(path_type=Path), help="The site settings file (default: pipeline/data/site.yaml).")
@root_option("Folder holding extracted/, source_docs/ and corrections/.")
@reports_pipeline_errors
def site(version: str, output: Path, pdf: Path | None, settings: Path | None, root: Path) -> None:
    """Write the public website of VERSION (a folder or <document>@<version>) into OUTPUT: pages in English and French, a map, changes, feed, data and JSON API."""
    from pipeline.site.build import write_site

    emit(f"{write_site(version, output, Workspace(root), pdf, settings)}\n", None)


def run() -> None:
    """The `cdpc` command (and `python -m pipeline`): `main`, then the process ended at once, its
    stdout and stderr flushed first, without Python's teardown of every module and object it made
    (a twentieth of `cdpc extract`, and nothing in it that a command needs: each closes its files
    and releases its locks before it returns). Click's own output (help, usage) to a closed pipe
    or a full disk ends as a command's does; any other failure that is no exit (a bug) is left to
    Python."""
    try:
        main()
    except SystemExit as done:
        code = done.code
    except BrokenPipeError:  # click's own output (help, usage): the commands end theirs themselves
        stdout_dropped()
        code = OUTPUT_CLOSED
    except OSError as error:  # likewise: click writing its help to a full disk
        stdout_dropped()
        code = said(stdout_failure(error))
    else:  # not reached: click ends a standalone command with SystemExit
        code = 0
    if isinstance(code, str):
        sys.stderr.write(f"{code}\n")
        code = 1
    try:
        if sys.stdout is not None:
            sys.stdout.flush()  # what click wrote (help, usage errors)
    except BrokenPipeError:
        code = OUTPUT_CLOSED
    except OSError as error:
        code = said(stdout_failure(error))
    if sys.stderr is not None:
        sys.stderr.flush()
    os._exit(code or 0)
