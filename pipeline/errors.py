"""Errors the pipeline reports to its user, each with its own exit code.

Each class's exit code, docstring and `commands` (the commands that report it) are docs/security.md's
table of exit codes: `scripts/cli_reference.py` writes it from them, after the outcomes that are no
error (among them OUTPUT_CLOSED, declared here).
"""

from __future__ import annotations

from pathlib import Path

OUTPUT_CLOSED = 141
"""The exit code of a command whose reader closed stdout before the output ended (`cdpc … | head -1`):
no message, the rest of the output dropped, the command stopped at that write. 128 + SIGPIPE (13),
what a shell reports for a Unix tool stopped by a closed pipe."""


class PipelineError(Exception):
    """A problem with an input file: one clear message naming the file, and an exit code."""

    exit_code = 1
    commands: tuple[str, ...] = ()  # the commands that raise it; each subclass's docstring says what it means

    def __init__(self, path: Path | str, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class InputMissing(PipelineError):
    """The input file (PDF, JSON, `--pdf`, `--settings`) or the corrections folder does not exist."""

    exit_code = 3
    commands = ("extract", "normalise", "check", "build", "carry-over", "report", "site")


class NotAPdf(PipelineError):
    """Not a PDF (an empty file, an HTML page…), or a corrupt or truncated one."""

    exit_code = 4
    commands = ("extract", "normalise", "check", "build", "carry-over")


class EncryptedPdf(PipelineError):
    """An encrypted PDF without (or with a wrong) `--password`."""

    exit_code = 5
    commands = ("extract", "normalise", "check", "build", "carry-over")


class NoTextLayer(PipelineError):
    """No text layer (a scanned PDF)."""

    exit_code = 6
    commands = ("extract", "normalise", "check", "build", "carry-over")


class NoCatalogue(PipelineError):
    """No catalogue table in the PDF (no header row reading PURPOSE and MEMBERS), or a header row but no rows."""

    exit_code = 7
    commands = ("extract", "normalise", "check", "build", "carry-over")


class TooManyPages(PipelineError):
    """More pages than `--max-pages` (default 2000)."""

    exit_code = 8
    commands = ("extract", "normalise", "check", "build", "carry-over")


class SidewaysPage(PipelineError):
    """A page whose text runs sideways even in its reading orientation (the page is named): turn it upright first."""

    exit_code = 11
    commands = ("extract", "normalise", "check", "build")


class WordOutsideCells(PipelineError):
    """A word inside the catalogue table that belongs to no cell, header row or heading (page and word
    named): rows would be lost."""

    exit_code = 12
    commands = ("extract", "normalise", "check", "build")


class RowCutUnclear(PipelineError):
    """A row cut by a page break where nothing printed tells whether the fragment at the next page's
    top goes on with it or starts a row (page and fragment named): a row would be split or merged."""

    exit_code = 13
    commands = ("extract", "normalise", "check", "build")


class RowStartUnclear(PipelineError):
    """In a table without rules, a name-cell line set apart from the lines above it, beside no other
    cell starting level with it (page and line named): a row would be merged into the one above, or
    split."""

    exit_code = 14
    commands = ("extract", "normalise", "check", "build")


class NotAnExtraction(PipelineError):
    """The input is neither a PDF nor the JSON of `cdpc extract` (a JSON file of another shape)."""

    exit_code = 9
    commands = ("normalise", "check", "build", "carry-over")


class CatalogueColumnMissing(NoCatalogue):
    """The catalogue table lacks a column: its header row has PURPOSE or MEMBERS, not both (the page is named)."""

    exit_code = 10
    commands = ("extract", "normalise", "check", "build", "carry-over")


class MalformedCorrection(PipelineError):
    """A correction file is not UTF-8 or not YAML, is not a mapping with a `corrections` list, or a correction
    does not fit the schema: unknown operation, missing reason, author or date… (file:line)."""

    exit_code = 20
    commands: tuple[str, ...] = ("build", "carry-over", "report", "site")


class ContradictoryCorrections(MalformedCorrection):
    """Two corrections contradict each other: both change the same value (same target, same expected
    value) to different values (file:line of each)."""

    exit_code = 26
    commands = ("build", "carry-over", "report", "site")


class DuplicateCorrection(MalformedCorrection):
    """A duplicate correction: an id used twice (in one file or two), a file with the same content as
    another, or a correction repeating another under a new id (file:line of each)."""

    exit_code = 27
    commands = ("build", "carry-over", "report", "site")


class MalformedDataFile(PipelineError):
    """A data file of `pipeline/data/` is not UTF-8 or not YAML, or does not fit its model: a membership
    with overlapping dates, an unknown code… (file:line)."""

    exit_code = 28
    commands = ("normalise", "check", "build", "carry-over", "export", "site")


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
    commands = ("build", "carry-over", "diff", "verify", "report", "export", "site")


class VersionCorrupt(PipelineError):
    """A version's files do not match its manifest: a file changed, missing or not listed, or the manifest
    itself missing, unreadable or naming another version (`diff`, `report` and `pipeline.load` verify a
    version before reading it)."""

    exit_code = 24
    commands = ("build", "carry-over", "diff", "verify", "report", "export", "site")


class UncorrectedDuplicate(PipelineError):
    """Two networks with one id after the corrections (a row printed twice, not merged)."""

    exit_code = 25
    commands = ("build",)


class ExtraMissing(PipelineError):
    """An export needs a library of an optional extra that is not installed (`--format ftm`:
    followthemoney, `pip install -e '.[ftm]'`)."""

    exit_code = 31
    commands = ("export",)


class SourceMismatch(PipelineError):
    """`--pdf` is not the version's source (its sha256 differs from the manifest's)."""

    exit_code = 30
    commands = ("report", "site")


class CorrectionSourceUnknown(MalformedCorrection):
    """A correction file names no source (its `source:` header, a symbol or sha256), or a source that
    matches no PDF of `source_docs/`, no published version and not the input being built (file:line)."""

    exit_code = 35
    commands = ("build", "carry-over")


class DatasetNotChosen(PipelineError):
    """The root holds several datasets and the new source belongs to none of them: say which with
    `--dataset`."""

    exit_code = 36
    commands = ("build", "carry-over")


class IdReused(PipelineError):
    """A network would be published under an id an earlier version gave another network (ids are never
    reused): pair it with a `pair_network` correction, or give it another id with `new_network`."""

    exit_code = 37
    commands = ("build",)


class CarriedOverExists(PipelineError):
    """The carried-over corrections file exists and differs from what `carry-over` would write
    (it is never overwritten: move it, or pass `-o`)."""

    exit_code = 38
    commands = ("carry-over",)


class WriterBusy(PipelineError):
    """Another `cdpc` command is writing versions under the same root and did not finish within the wait
    (`CDPC_LOCK_WAIT` seconds, default 120); or it published the version this one was about to write."""

    exit_code = 40
    commands = ("build",)


class LimitExceeded(PipelineError):
    """An input over one of the pipeline's bounds (each a named setting): reading a PDF page took more memory
    or CPU time than allowed, or gave more words or bytes than allowed; a page too large for the report to
    render; a correction file too large or nested too deeply."""

    exit_code = 41
    commands = ("extract", "normalise", "check", "build", "report")


class UnsafeOutput(PipelineError):
    """`-o` names what the command must not write: a device or other non-regular file, a path inside
    `extracted/`, or (for `report`, `site`) a folder neither empty nor holding an earlier report (site)."""

    exit_code = 42
    commands = ("extract", "normalise", "diff", "report", "site")


class FileSystemFailure(PipelineError):
    """The file system refused a read or a write: disk full, a read-only folder, permission denied,
    `--root` not a folder, a standard output that cannot be written (`<stdout>`: closed before the
    command began, or on a full disk) (the path and the system's reason)."""

    exit_code = 43
    commands = ("extract", "normalise", "check", "build", "carry-over", "diff", "export", "verify", "report", "site")


class ImplausibleRecord(PipelineError):
    """A record that cannot be what it claims: a network without a name, an id empty or made only of
    punctuation, a row with neither purpose nor members (the page is named); nothing is published."""

    exit_code = 44
    commands = ("build",)
