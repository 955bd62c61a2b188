"""Errors the pipeline reports to its user, each with its own exit code.

Each class's exit code, docstring and `commands` (the commands that report it) are the README's
table of exit codes: `scripts/cli_reference.py` writes it from them.
"""

from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """A problem with an input file: one clear message naming the file, and an exit code."""

    exit_code = 1
    commands: tuple[str, ...] = ()  # the commands that raise it; each subclass's docstring says what it means

    def __init__(self, path: Path | str, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class InputMissing(PipelineError):
    """The input file (PDF, JSON, `--pdf`) or the corrections folder does not exist."""

    exit_code = 3
    commands = ("extract", "normalise", "check", "build", "report")


class NotAPdf(PipelineError):
    """Not a PDF (an empty file, an HTML page…), or a corrupt or truncated one."""

    exit_code = 4
    commands = ("extract", "normalise", "check", "build")


class EncryptedPdf(PipelineError):
    """An encrypted PDF without (or with a wrong) `--password`."""

    exit_code = 5
    commands = ("extract", "normalise", "check", "build")


class NoTextLayer(PipelineError):
    """No text layer (a scanned PDF)."""

    exit_code = 6
    commands = ("extract", "normalise", "check", "build")


class NoCatalogue(PipelineError):
    """No catalogue table in the PDF (no header row reading PURPOSE and MEMBERS), or a header row but no rows."""

    exit_code = 7
    commands = ("extract", "normalise", "check", "build")


class TooManyPages(PipelineError):
    """More pages than `--max-pages` (default 2000)."""

    exit_code = 8
    commands = ("extract", "normalise", "check", "build")


class SidewaysPage(PipelineError):
    """A page whose text runs sideways even in its reading orientation (the page is named): turn it upright first."""

    exit_code = 11
    commands = ("extract", "normalise", "check", "build")


class WordOutsideCells(PipelineError):
    """A word inside the catalogue table that belongs to no cell, header row or heading (page and word named): rows would be lost."""

    exit_code = 12
    commands = ("extract", "normalise", "check", "build")


class NotAnExtraction(PipelineError):
    """The input is neither a PDF nor the JSON of `cdpc extract`."""

    exit_code = 9
    commands = ("normalise", "check")


class CatalogueColumnMissing(NoCatalogue):
    """The catalogue table lacks a column: its header row has PURPOSE or MEMBERS, not both (the page is named)."""

    exit_code = 10
    commands = ("extract", "normalise", "check", "build")


class MalformedCorrection(PipelineError):
    """A correction file is not UTF-8 or not YAML, is not a mapping with a `corrections` list, or a correction
    does not fit the schema: unknown operation, missing reason, author or date… (file:line)."""

    exit_code = 20
    commands = ("build", "report")


class ContradictoryCorrections(MalformedCorrection):
    """Two corrections contradict each other: both change the same value (same target, same expected
    value) to different values (file:line of each)."""

    exit_code = 26
    commands = ("build", "report")


class DuplicateCorrection(MalformedCorrection):
    """A duplicate correction: an id used twice (in one file or two), a file with the same content as
    another, or a correction repeating another under a new id (file:line of each)."""

    exit_code = 27
    commands = ("build", "report")


class MalformedDataFile(PipelineError):
    """A data file of `pipeline/data/` is not UTF-8 or not YAML, or does not fit its model: a membership
    with overlapping dates, an unknown code… (file:line)."""

    exit_code = 28
    commands = ("normalise", "check", "build")


class StaleCorrection(PipelineError):
    """A stale correction: its target is gone or its expected value no longer matches the source
    (file:line, what was found instead)."""

    exit_code = 21
    commands = ("build",)


class RevisionNotAccepted(PipelineError):
    """A revision of a published document (a new source for it) without `--accept-revision`."""

    exit_code = 22
    commands = ("build",)


class VersionMissing(PipelineError):
    """No such dataset version."""

    exit_code = 23
    commands = ("build", "diff", "verify", "report")


class VersionCorrupt(PipelineError):
    """A version's files do not match its manifest: a file changed, missing or not listed, or the manifest
    itself missing, unreadable or naming another version (`diff`, `report` and `pipeline.load` verify a
    version before reading it)."""

    exit_code = 24
    commands = ("build", "diff", "verify", "report")


class UncorrectedDuplicate(PipelineError):
    """Two networks with one id after the corrections (a row printed twice, not merged)."""

    exit_code = 25
    commands = ("build",)


class SourceMismatch(PipelineError):
    """`--pdf` is not the version's source (its sha256 differs from the manifest's)."""

    exit_code = 30
    commands = ("report",)
