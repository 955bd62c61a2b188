"""Errors the pipeline reports to its user, each with its own exit code (listed in README)."""

from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """A problem with an input file: one clear message naming the file, and an exit code."""

    exit_code = 1

    def __init__(self, path: Path | str, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class InputMissing(PipelineError):
    exit_code = 3


class NotAPdf(PipelineError):
    exit_code = 4


class EncryptedPdf(PipelineError):
    exit_code = 5


class NoTextLayer(PipelineError):
    exit_code = 6


class NoCatalogue(PipelineError):
    exit_code = 7


class TooManyPages(PipelineError):
    exit_code = 8


class CatalogueColumnMissing(NoCatalogue):
    """A table headed like the catalogue's, but with PURPOSE or MEMBERS missing from its header."""

    exit_code = 10


class MalformedCorrection(PipelineError):
    """A correction file that is not YAML, or a correction that does not fit the schema."""

    exit_code = 20


class ContradictoryCorrections(MalformedCorrection):
    """Two corrections that change the same value (same target, same expected value) differently."""

    exit_code = 26


class DuplicateCorrection(MalformedCorrection):
    """A correction id used twice, a correction repeating another, or a file copying another."""

    exit_code = 27


class StaleCorrection(PipelineError):
    """A correction whose target is gone or whose expected value no longer matches the source."""

    exit_code = 21


class RevisionNotAccepted(PipelineError):
    """A new source for a document that already has versions, without --accept-revision."""

    exit_code = 22


class VersionMissing(PipelineError):
    exit_code = 23


class VersionCorrupt(PipelineError):
    """A published version whose files no longer match its manifest."""

    exit_code = 24


class UncorrectedDuplicate(PipelineError):
    """Two networks with one id after the corrections: the paper prints a row twice."""

    exit_code = 25
