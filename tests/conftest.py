"""Shared fixtures: the bundled paper's extraction, made once per session."""

from __future__ import annotations

import pytest

from tests.support import GOLDEN, PAPER, REPO, run_cdpc  # noqa: F401  (re-exported for test modules)


@pytest.fixture(scope="session")
def paper_extraction():
    from pipeline.extract import extract_pdf

    return extract_pdf(PAPER)


@pytest.fixture(scope="session")
def revision_2020():
    """The 2020 catalogue's extraction (tests/fixtures/catalogue_2020.json), dated as the paper prints: 22 September 2020."""
    import datetime

    from pipeline.models import Extraction

    extraction = Extraction.model_validate_json((REPO / "tests" / "fixtures" / "catalogue_2020.json").read_text(encoding="utf-8"))
    return extraction.model_copy(update={"source": extraction.source.model_copy(update={"date": datetime.date(2020, 9, 22)})})
