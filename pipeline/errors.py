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
