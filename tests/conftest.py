"""Shared fixtures, built from `tests.builders`: the bundled paper's extraction, a copy of the
committed dataset, a version published from the tidy sample, and the 2020 revision's renderings
and extraction. Test modules take them by name; none imports another test module."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from tests.builders import (
    CATALOGUE_2020,
    sample_normalised,
    tidy_networks,
    write_corrections,
)
from tests.support import PAPER, REPO

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("random", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "ci")
"""Hypothesis's profiles: `ci` (the default, and what scripts/test.sh and CI run) draws the same
examples on every run and keeps no example database, so a green run stays green; `random`
(`HYPOTHESIS_PROFILE=random`, for a developer hunting bugs) draws new examples each run and
replays its failures from `.hypothesis/`. A failure found so is kept as an `@example`."""


def pytest_addoption(parser):
    parser.addoption(
        "--update-readme",
        action="store_true",
        help="tests/test_readme_examples.py: write what each example of README and docs/ prints into its output block",
    )


@pytest.fixture(scope="session")
def serve_datasette():
    """A factory: Datasette serving a version folder (its networks.sqlite and metadata.json) on
    127.0.0.1, started once per folder; it returns the base URL. Every server stops with the session."""
    from tests.support import datasette_server

    with contextlib.ExitStack() as servers:
        started: dict = {}
        yield (
            lambda folder: (
                started.get(folder) or started.setdefault(folder, servers.enter_context(datasette_server(folder)))
            )
        )


CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1400,1000",
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Debian's headless chromium driven by Selenium through /usr/bin/chromedriver, logging the
    page's console; skips only when chromium or its driver is absent (the report's and the site's tests)."""
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and chromedriver):
        pytest.skip("chromium and chromedriver not found (Debian: apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(chromedriver))
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def paper_extraction():
    from pipeline.extract import extract_pdf

    return extract_pdf(PAPER)


@pytest.fixture
def published(tmp_path) -> Path:
    """A root holding the committed versions of the bundled paper (as `cdpc build` made them)."""
    root = tmp_path / "root"
    shutil.copytree(REPO / "extracted", root / "extracted")
    return root


@pytest.fixture(scope="session")
def tidy_version(tmp_path_factory):
    """A version published from `tidy_networks()` with the sample's corrections."""
    from pipeline.corrections.apply import load_corrections
    from pipeline.versions.build import publish

    root = tmp_path_factory.mktemp("tidy")
    return publish(
        sample_normalised(tidy_networks()), load_corrections(write_corrections(root / "corrections")), root / "out"
    ).path


@pytest.fixture(scope="session")
def rendered_2020(tmp_path_factory):
    """Every printing of the 2020 revision (`rendering.LAYOUTS_2020`) as a PDF: variant name →
    (its path, where its rows and headings landed). Read-only: copy a PDF before changing it."""
    from rendering import LAYOUTS_2020, render_2020

    folder = tmp_path_factory.mktemp("catalogue-2020")
    return {
        variant: (
            folder / f"PC-OC-Mod-2020-03rev2-{variant}.pdf",
            render_2020(folder / f"PC-OC-Mod-2020-03rev2-{variant}.pdf", variant),
        )
        for variant in LAYOUTS_2020
    }


@pytest.fixture(scope="session")
def small_catalogue():
    """A factory of small catalogue PDFs: rows `first`..`last` of the 2020 fixture (one symbol, so one
    document), rendered at `path` with the layout's options given; it returns the path."""
    from pipeline.models import Extraction
    from rendering import Layout, render

    fixture = Extraction.model_validate_json(CATALOGUE_2020.read_bytes())

    def make(path, first: int = 2, last: int = 6, **layout):
        rows = fixture.rows[first:last]
        numbers = {f.number for r in rows for f in r.footnotes}
        small = fixture.model_copy(
            update={
                "rows": rows,
                "front_matter": fixture.front_matter[:2],
                "footnotes": [f for f in fixture.footnotes if f.number in numbers],
            }
        )
        render(small, path, Layout(**layout))
        return path

    return make


@pytest.fixture(scope="session")
def revision_2020():
    """The 2020 catalogue's extraction (tests/fixtures/catalogue_2020.json), dated as the paper prints: 22
    September 2020."""
    import datetime

    from pipeline.models import Extraction

    extraction = Extraction.model_validate_json(CATALOGUE_2020.read_text(encoding="utf-8"))
    return extraction.model_copy(
        update={"source": extraction.source.model_copy(update={"date": datetime.date(2020, 9, 22)})}
    )
