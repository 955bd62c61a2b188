"""The analyst's questions answered from the bundled paper's published files: from the CSVs, from
SQLite, and through Datasette's JSON API served on loopback from the version's database and
metadata.json.

Germany is in 13 networks and Italy in 15, counting a network once whatever the number of the
state's entries in it (Italy's two EJTN institutions), through the state's own entry, a
subdivision (North Rhine-Westphalia in the BES), a territory or an institution, with any type of
membership that takes part in the network (Italy is one of SEEPAG's operational partners); the
former code facet said 12 and 16. Networks established after 2000: GPEN (2008) and TIPP (2012), the
years the purposes print. CARIN's heading prints 54 member jurisdictions and lists 36.
"""

from __future__ import annotations

import sqlite3

import pytest

from pipeline.corrections.apply import load_corrections
from pipeline.export import EXPORTERS
from pipeline.normalise.networks import normalise
from pipeline.versions.build import publish
from tests.builders import frictionless_validate, read_csv
from tests.support import REPO, get_json, run_cdpc

STATES = {"DE": 13, "IT": 15}
ESTABLISHED_AFTER_2000 = [("gpen", 2008), ("tipp", 2012)]
CARIN_COUNT = ("carin", "54 Registered Member Jurisdictions", 54, 36)
IN_NETWORKS = (
    "select count(distinct network_id) from memberships "
    "where (country = :state or responsible_state = :state) and membership != 'related'"
)


@pytest.fixture(scope="module")
def paper(paper_extraction, tmp_path_factory):
    root = tmp_path_factory.mktemp("paper-export")
    return publish(normalise(paper_extraction), load_corrections(REPO / "corrections"), root).path


@pytest.fixture(scope="module")
def datasette(paper, serve_datasette):
    """Datasette serving the version's database with its metadata on 127.0.0.1; its base URL."""
    return serve_datasette(paper)


# ---------------------------------------------------------------------------------------------
# Germany 13, Italy 15
# ---------------------------------------------------------------------------------------------


def test_networks_of_germany_and_italy_from_the_csv(paper):
    rows = read_csv(paper / "memberships.csv")
    for state, count in STATES.items():
        networks = {
            r["network_id"]
            for r in rows
            if state in (r["country"], r["responsible_state"]) and r["membership"] != "related"
        }
        assert len(networks) == count, state
    bes = [r for r in rows if r["network_id"] == "bes" and r["country"] == "DE"]
    assert [(r["code"], r["country_name"]) for r in bes] == [("DE-NW", "Germany")]


def test_networks_of_germany_and_italy_from_sqlite(paper):
    with sqlite3.connect(paper / "networks.sqlite") as db:
        assert {state: db.execute(IN_NETWORKS, {"state": state}).fetchone()[0] for state in STATES} == STATES


def test_networks_of_germany_and_italy_through_datasette(datasette):
    for state, count in STATES.items():
        by_sql = get_json(datasette, "/networks.json", sql=IN_NETWORKS, state=state, _shape="array")
        assert list(by_sql[0].values()) == [count]
        faceted = get_json(
            datasette,
            "/networks/memberships.json",
            country=state,
            membership__not="related",
            _facet="network_id",
            _size=0,
        )
        assert len(faceted["facet_results"]["network_id"]["results"]) == count


# ---------------------------------------------------------------------------------------------
# Networks established after 2000
# ---------------------------------------------------------------------------------------------


def test_networks_established_after_2000_from_the_csv_and_sqlite(paper):
    rows = read_csv(paper / "networks.csv")
    assert [
        (r["id"], int(r["established"])) for r in rows if r["established"] and int(r["established"]) > 2000
    ] == ESTABLISHED_AFTER_2000
    with sqlite3.connect(paper / "networks.sqlite") as db:
        assert (
            db.execute("select id, established from networks where established > 2000 order by established").fetchall()
            == ESTABLISHED_AFTER_2000
        )
        years = db.execute("select network_id, value from terms where kind = 'established' order by value").fetchall()
    assert years == [("iap", "1995"), ("ejtn", "2000"), ("gpen", "2008"), ("tipp", "2012")]


def test_networks_established_after_2000_through_datasette(datasette):
    found = get_json(
        datasette,
        "/networks/networks.json",
        established__gt=2000,
        _sort="established",
        _shape="array",
        _col="established",
    )
    assert [(r["id"], r["established"]) for r in found] == ESTABLISHED_AFTER_2000


# ---------------------------------------------------------------------------------------------
# Printed counts
# ---------------------------------------------------------------------------------------------


def test_carins_count_mismatch_is_the_one_from_the_csv_and_sqlite(paper):
    rows = read_csv(paper / "counts.csv")
    assert [
        (r["network_id"], r["group_label"], int(r["printed"]), int(r["found"]))
        for r in rows
        if r["printed"] != r["found"]
    ] == [CARIN_COUNT]
    eurojust = next(r for r in rows if r["group_label"] == "Established contact points in 23 non-Member States")
    assert (eurojust["printed"], eurojust["found"]) == ("23", "23")  # "Korea is the most recent addition" is a note
    with sqlite3.connect(paper / "networks.sqlite") as db:
        assert db.execute(
            "select network_id, group_label, printed, found from counts where printed != found"
        ).fetchall() == [CARIN_COUNT]


def test_carins_count_mismatch_through_datasette(datasette):
    found = get_json(
        datasette,
        "/networks.json",
        sql="select network_id, group_label, printed, found from counts where printed != found",
        _shape="array",
    )
    assert [tuple(r.values()) for r in found] == [CARIN_COUNT]


def test_cdpc_check_reports_carins_count_with_page_network_printed_and_found(paper_extraction, tmp_path):
    extraction = tmp_path / "extraction.json"
    extraction.write_text(paper_extraction.model_dump_json(), encoding="utf-8")
    done = run_cdpc("check", extraction)
    assert done.returncode == 1, done.stderr
    counted = [line for line in done.stdout.splitlines() if line.endswith("count mismatch")]
    assert counted == ["p4\tcarin\t54 Registered Member Jurisdictions\tprinted 54, found 36\tcount mismatch"]


# ---------------------------------------------------------------------------------------------
# The rest of the published files
# ---------------------------------------------------------------------------------------------


def test_statements_are_notes_not_members(paper):
    notes = read_csv(paper / "notes.csv")
    assert len(notes) == 9
    assert "40 third States are part of Eurojust’s judicial contact point network" in {n["text"] for n in notes}
    members = {(r["network_id"], r["position"]) for r in read_csv(paper / "memberships.csv")}
    assert not members & {(n["network_id"], n["position"]) for n in notes}


def test_membership_types_of_the_paper_read_from_headings_and_roles(paper):
    rows = read_csv(paper / "memberships.csv")

    def types(network, group):
        return {r["membership"] for r in rows if r["network_id"] == network and r["group_label"] == group}

    assert types("carin", "Observer States") == {"observer"}
    assert types("carin", "Regional asset recovery inter-agency networks") == {"related"}
    assert types("seepag", "Operational Partners") == {"partner"}
    assert types("eurojust", "Cooperation agreements") == {"cooperation_agreement"}
    assert types("eurojust", "Liaison Prosecutors") == {"liaison"}
    assert types("eurojust", "Established contact points in 23 non-Member States") == {"contact_point"}
    europol = next(r for r in rows if r["network_id"] == "carin" and r["organisation"] == "europol")
    assert (europol["role"], europol["membership"]) == ("Secretariat", "secretariat")


def test_frictionless_validates_every_resource_of_the_paper(paper):
    report = frictionless_validate(paper / "datapackage.json")
    assert report["valid"], [e["message"] for t in report["tasks"] for e in t["errors"]][:5]
    assert sorted(t["place"] for t in report["tasks"]) == sorted(set(EXPORTERS) - {"datapackage.json"})


def test_datasette_searches_the_full_text_index_and_serves_the_metadata(datasette):
    found = get_json(datasette, "/networks/networks.json", _search="asset recovery", _shape="array", _col="name")
    every = get_json(datasette, "/networks.json", sql="select count(*) as n from networks", _shape="array")[0]["n"]
    assert "carin" in {r["id"] for r in found} and 0 < len(found) < every
    metadata = get_json(datasette, "/-/metadata.json")
    assert metadata["license"] == "Creative Commons Attribution 4.0 International"
    assert metadata["databases"]["networks"]["tables"]["memberships"]["columns"]["country"].startswith(
        "ISO 3166-1 alpha-2"
    )
