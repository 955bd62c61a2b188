"""What every `cdpc` command shares: its options, its errors as one line with their exit codes
(a file system failure too), a stdout closed by its reader (`cdpc … | head`) as the quiet end of
the output, and its output with every control character escaped (`emit`: text, JSON and what
`-o` writes alike), written where `-o` may write (`pipeline.outputs`)."""

from __future__ import annotations

import functools
import gc
import sys
from pathlib import Path
from typing import get_args

import click

from pipeline.errors import OUTPUT_CLOSED, FileSystemFailure, PipelineError
from pipeline.files import write_atomic
from pipeline.outputs import check_root, checked_output
from pipeline.streams import printed, said, stdout_dropped
from pipeline.terminal import escaped_text
from pipeline.versions.lock import held_for_command

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
                    checked_output(
                        kwargs["output"], kwargs.get("root") or Path("."), folder=command.__name__ in ("report", "site")
                    )
                return command(*args, **kwargs)
        except BrokenPipeError:  # the reader of stdout closed it: the end of the output, not an error
            stdout_dropped()
            sys.exit(OUTPUT_CLOSED)
        except (PipelineError, OSError) as raised:
            error = (
                raised
                if isinstance(raised, PipelineError)
                else FileSystemFailure(raised.filename or "cdpc", raised.strerror or str(raised))
            )
            sys.exit(said(error))

    return wrapper


def emit(text: str, output: Path | None) -> None:
    """Print `text` to stdout, or write it atomically to `output`, its control characters escaped
    (`pipeline.terminal.escaped_text`: its newlines kept, JSON still the same JSON)."""
    if output is None:
        printed(escaped_text(text))
    else:
        write_atomic(output, escaped_text(text).encode("utf-8"))


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
    return click.option(
        "--page-source",
        type=PageSources(),
        default=None,
        help="What reads the PDF's pages (default: pdfplumber, the reference; pdfium is several times as fast, "
        "giving the same rows but on PDFs written in more digits than it keeps).",
    )(command)


def root_option(help: str):
    """The `--root` option of a command, with what the command reads from the root as its help."""
    return click.option("--root", type=click.Path(path_type=Path), default=Path("."), show_default=True, help=help)


def quiet_option(command):
    return click.option("--quiet", is_flag=True, help="No progress on stderr (shown only when it is a terminal).")(
        command
    )


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


CORRECTIONS_HELP = "Folder of YAML correction files (default: ROOT/corrections; none when it does not exist)."
DATASET_HELP = (
    "The dataset the source is of (default: the root's only one, or a new one named after the source's symbol)."
)
ROOT_HELP = "Folder holding source_docs/, corrections/ and extracted/."
VERSIONS_ROOT_HELP = "Folder holding extracted/, for <document>@<version> arguments."
