"""Shared fixtures: the bundled paper's extraction, and the 2020 revision's renderings, made once per session."""

from __future__ import annotations

import contextlib

import pytest

from tests.support import GOLDEN, PAPER, REPO, run_cdpc  # noqa: F401  (re-exported for test modules)


@pytest.fixture(scope="session")
def serve_datasette():
    """A factory: Datasette serving a version folder (its networks.sqlite and metadata.json) on
    127.0.0.1, started once per folder; it returns the base URL. Every server stops with the session."""
    from tests.support import datasette_server

    with contextlib.ExitStack() as servers:
        started: dict = {}
        yield lambda folder: started.get(folder) or started.setdefault(folder, servers.enter_context(datasette_server(folder)))


@pytest.fixture(scope="session")
def paper_extraction():
    from pipeline.extract import extract_pdf

    return extract_pdf(PAPER)


def tidy_networks():
    """The sample catalogue with a network holding what the tidy tables tell apart: a printed count
    its members do not make, observers, a territory, a part of a country printed with two codes, an
    institution, an organisation with a role, a catalogued network as member, an ambiguous entry, a
    statement that is no member, purpose terms, a year of establishment and a relation."""
    from pipeline.models import Entry, PurposeTerms, Relation, Span
    from tests.test_dataset import entry, network, sample_networks

    ambiguous = Entry(raw="Congo", kind="country", status="ambiguous", candidates=["CD", "CG"], span=Span(block=0, start=0, end=5))
    statement = entry("40 third States are part of its contact point network", "other").model_copy(update={"count": 40})
    carin = network(
        "carin",
        "Camden Assets Recovery Interagency Network",
        {
            "5 Registered Member Jurisdictions": [
                entry("Germany", codes=("DE",)), entry("Gibraltar", "territory", ("GI",)), entry("England & Wales", "subdivision", ("GB-ENG", "GB-WLS")),
            ],
            "Observer States": [entry("Italy: Ministry of Justice", "institution", ("IT",)), ambiguous, entry("Kosovo", codes=("XK",))],
            "3 Observer International Organisations": [
                entry("Europol (Secretariat)", "organisation", ("europol",), role="Secretariat"), entry("EJN", "network", ("bes",)), statement,
            ],
        },
        purpose=("CARIN was established in 2004 against money laundering.", "It works on asset tracing and exchange of information."),
        acronym="CARIN",
        footnotes=("https://www.carin.network/",),
    )  # fmt: skip
    groups = [g.model_copy(update={"count": count}) for g, count in zip(carin.groups, (5, None, 3))]
    relation = Relation(source="bes", target="carin", kind="hosts", evidence="It is hosted by the BES.", cell="purpose")
    terms = PurposeTerms(crime_areas=["money_laundering", "asset_recovery"], instruments=["information_exchange"], years=[2004])
    carin = carin.model_copy(update={"groups": groups, "relations": [relation], "terms": terms, "website": "https://www.carin.network"})
    return [*sample_networks(), carin]


@pytest.fixture(scope="session")
def tidy_version(tmp_path_factory):
    """A version published from `tidy_networks()` with the sample's corrections."""
    from pipeline.build import publish
    from pipeline.corrections.apply import load_corrections
    from tests.test_dataset import sample_normalised, write_corrections

    root = tmp_path_factory.mktemp("tidy")
    return publish(sample_normalised(tidy_networks()), load_corrections(write_corrections(root / "corrections")), root / "out").path


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


@pytest.fixture(scope="session")
def revision_2020():
    """The 2020 catalogue's extraction (tests/fixtures/catalogue_2020.json), dated as the paper prints: 22 September 2020."""
    import datetime

    from pipeline.models import Extraction

    extraction = Extraction.model_validate_json((REPO / "tests" / "fixtures" / "catalogue_2020.json").read_text(encoding="utf-8"))
    return extraction.model_copy(update={"source": extraction.source.model_copy(update={"date": datetime.date(2020, 9, 22)})})
