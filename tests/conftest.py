"""Shared fixtures: the bundled paper's extraction, and the 2020 revision's renderings, made once per session."""

from __future__ import annotations

import pytest

from tests.support import GOLDEN, PAPER, REPO, run_cdpc  # noqa: F401  (re-exported for test modules)


@pytest.fixture(scope="session")
def paper_extraction():
    from pipeline.extract import extract_pdf

    return extract_pdf(PAPER)


@pytest.fixture(scope="session")
def rendered_2020(tmp_path_factory):
    """Every printing of the 2020 revision (`rendering.LAYOUTS_2020`) as a PDF: variant name →
    (its path, where its rows and headings landed). Read-only: copy a PDF before changing it."""
    from rendering import LAYOUTS_2020, render_2020

    folder = tmp_path_factory.mktemp("catalogue-2020")
    return {
        variant: (folder / f"PC-OC-Mod-2020-03rev2-{variant}.pdf", render_2020(folder / f"PC-OC-Mod-2020-03rev2-{variant}.pdf", variant))
        for variant in LAYOUTS_2020
    }
