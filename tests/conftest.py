"""Shared fixtures: the bundled paper's extraction, made once per session."""

from __future__ import annotations

import pytest

from tests.support import GOLDEN, PAPER, REPO, run_cdpc  # noqa: F401  (re-exported for test modules)


@pytest.fixture(scope="session")
def paper_extraction():
    from pipeline.extract import extract_pdf

    return extract_pdf(PAPER)


@pytest.fixture(scope="session")
def small_catalogue():
    """A factory of small catalogue PDFs: rows `first`..`last` of the 2020 fixture (one symbol, so one
    document), rendered at `path` with the layout's options given; it returns the path."""
    from pipeline.models import Extraction
    from rendering import Layout, render

    fixture = Extraction.model_validate_json((REPO / "tests" / "fixtures" / "catalogue_2020.json").read_bytes())

    def make(path, first: int = 2, last: int = 6, **layout):
        rows = fixture.rows[first:last]
        numbers = {f.number for r in rows for f in r.footnotes}
        small = fixture.model_copy(update={
            "rows": rows, "front_matter": fixture.front_matter[:2], "footnotes": [f for f in fixture.footnotes if f.number in numbers],
        })
        render(small, path, Layout(**layout))
        return path

    return make
