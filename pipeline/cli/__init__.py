"""The `cdpc` command: a thin layer over the library, one command per stage of the flow.

`main` is the group of the commands: those that read a source (`sources`: extract, normalise,
check, build, carry-over) and those that read published versions (`versions`: diff, export,
verify, report, site). What every command shares is in `options`: its options, its errors as one
line and their exit codes, a stdout closed by its reader, and its output escaped; the standard
streams are written by `pipeline.streams`. Each command imports the stages it runs when it runs,
deliberately: pdfplumber and spaCy are slow to import, and `cdpc diff` or `cdpc verify` need
neither. `run` is the `cdpc` command itself.
"""

from __future__ import annotations

import os
import sys

import click

from pipeline.cli import sources, versions
from pipeline.errors import OUTPUT_CLOSED
from pipeline.streams import said, stdout_dropped, stdout_failure
from pipeline.version import VERSION


@click.group()
@click.version_option(version=VERSION)
def main() -> None:
    """Extract, normalise, correct, version and compare the CDPC catalogue of judicial networks."""


COMMANDS = (
    sources.extract,
    sources.normalise,
    sources.check,
    sources.build,
    sources.carry_over,
    versions.diff,
    versions.export,
    versions.verify,
    versions.report,
    versions.site,
)
"""Every command, in the order of the flow (`cdpc --help` lists them by name)."""
for command in COMMANDS:
    main.add_command(command)


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
