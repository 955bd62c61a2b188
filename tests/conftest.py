"""Shared fixtures: the bundled paper's extraction, made once per session."""

from __future__ import annotations

import pytest

from tests.support import GOLDEN, PAPER, REPO, run_cdpc  # noqa: F401  (re-exported for test modules)


@pytest.fixture(scope="session")
def paper_extraction():
    from pipeline.extract import extract_pdf

    return extract_pdf(PAPER)
