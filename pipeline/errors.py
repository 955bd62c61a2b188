"""Errors the pipeline reports to its user, each with its own exit code.

Every class below is one row of the README's exit-code table: its docstring is the row's meaning,
`exit_code` its code and `commands` the commands that can raise it. A command reports one as a
single line on stderr, `cdpc: error: FILE[:LINE]: problem`, and exits with the class's code.
"""

from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """A problem with an input file: one clear message naming the file, and an exit code."""

    exit_code = 1
    commands: tuple[str, ...] = ()

    def __init__(self, path: Path | str, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class InputMissing(PipelineError):
    """the input file (PDF, JSON, `--pdf`) or the corrections folder does not exist"""

    exit_code = 3
    commands = ("extract", "normalise", "check", "build", "report")


class NotAPdf(PipelineError):
    """not a PDF (an empty file, an HTML page…), or a corrupt or truncated one"""

    exit_code = 4
    commands = ("extract", "normalise", "check", "build")


class EncryptedPdf(PipelineError):
    """encrypted PDF without (or with a wrong) `--password`"""

    exit_code = 5
    commands = ("extract", "normalise", "check", "build")


class NoTextLayer(PipelineError):
    """no text layer (a scanned document)"""

    exit_code = 6
    commands = ("extract", "normalise", "check", "build")


class NoCatalogue(PipelineError):
    """no catalogue table in the PDF (no header row reading PURPOSE and MEMBERS), or a header row but no rows"""

    exit_code = 7
    commands = ("extract", "normalise", "check", "build")


class TooManyPages(PipelineError):
    """more pages than `--max-pages` (default 2000)"""

    exit_code = 8
    commands = ("extract", "normalise", "check", "build")


class NotAnExtraction(PipelineError):
    """the input is neither a PDF nor the JSON of `cdpc extract`"""

    exit_code = 9
    commands = ("normalise", "check")


class CatalogueColumnMissing(NoCatalogue):
    """the catalogue table lacks a column: its header row has PURPOSE or MEMBERS, not both (the page is named)"""

    exit_code = 10
    commands = ("extract", "normalise", "check", "build")


class MalformedCorrection(PipelineError):
    """a correction file is not UTF-8 or not YAML, is not a mapping with a `corrections` list, or a correction does not fit the schema: unknown operation, missing reason, author or date… (file:line)"""

    exit_code = 20
    commands = ("build", "report")


class StaleCorrection(PipelineError):
    """a stale correction (file:line, what was found instead)"""

    exit_code = 21
    commands = ("build",)


class RevisionNotAccepted(PipelineError):
    """a revision of a published document without `--accept-revision`"""

    exit_code = 22
    commands = ("build",)


class VersionMissing(PipelineError):
    """no such dataset version"""

    exit_code = 23
    commands = ("build", "diff", "verify", "report")


class VersionCorrupt(PipelineError):
    """a version's files do not match its manifest: a file changed, missing or not listed, or the manifest itself missing, unreadable or naming another version (`diff`, `report` and `pipeline.load` verify a version before reading it)"""

    exit_code = 24
    commands = ("build", "diff", "verify", "report")


class UncorrectedDuplicate(PipelineError):
    """two networks with one id after the corrections (a row printed twice, not merged)"""

    exit_code = 25
    commands = ("build",)


class ContradictoryCorrections(MalformedCorrection):
    """two corrections contradict each other: both change the same value (same target, same expected value) to different values (file:line of each)"""

    exit_code = 26
    commands = ("build", "report")


class DuplicateCorrection(MalformedCorrection):
    """a duplicate correction: an id used twice (in one file or two), a file with the same content as another, or a correction repeating another under a new id (file:line of each)"""

    exit_code = 27
    commands = ("build", "report")


class SourceMismatch(PipelineError):
    """`--pdf` is not the version's source (its sha256 differs from the manifest's)"""

    exit_code = 30
    commands = ("report",)
