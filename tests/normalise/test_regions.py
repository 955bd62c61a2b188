"""UN M49 regions on memberships and the `countries` table, and full-text search with the porter
stemmer on networks, memberships and notes: asked of the files of the committed latest version of
the bundled paper as this pipeline renders them now (into a temporary folder, the version store
untouched), from SQL, pandas and Datasette.

"Networks with members in Africa" is one SQL line, one pandas line and one Datasette facet, with
the same answer; `_search=Africa` finds the African Judicial Network (through its members' region:
porter does not make "Africa" of "African"); France's networks count Réunion's.
"""

from __future__ import annotations

import sqlite3

import pytest

from pipeline.export import Release, rendered_files
from pipeline.normalise.regions import region, state_name, sub_region
from pipeline.versions.store import load
from tests.builders import read_csv
from tests.support import REPO, get_json

DOCUMENT = "cdpc-2017-1-rev"
HAND_CHECKED = {
    # code: (region, sub-region), as the UN Statistics Division's M49 page lists them
    "FR": ("Europe", "Western Europe"),
    "DE": ("Europe", "Western Europe"),
    "GB": ("Europe", "Northern Europe"),
    "IT": ("Europe", "Southern Europe"),
    "RU": ("Europe", "Eastern Europe"),
    "TR": ("Asia", "Western Asia"),
    "CY": ("Asia", "Western Asia"),
    "ZA": ("Africa", "Sub-Saharan Africa"),
    "EG": ("Africa", "Northern Africa"),
    "RE": ("Africa", "Sub-Saharan Africa"),
    "US": ("Americas", "Northern America"),
    "BR": ("Americas", "Latin America and the Caribbean"),
    "JP": ("Asia", "Eastern Asia"),
    "AU": ("Oceania", "Australia and New Zealand"),
    "XK": ("Europe", "Southern Europe"),
}
AFRICA_SQL = "select count(distinct network_id) from memberships where region = 'Africa'"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The latest committed version's files as rendered now (its dataset and the one before it)."""
    folder = tmp_path_factory.mktemp("regions")
    release = Release(load(f"{DOCUMENT}@v3", REPO), "v3", load(f"{DOCUMENT}@v2", REPO))
    for name, data in rendered_files(release).items():
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def datasette(files, serve_datasette):
    return serve_datasette(files)


def test_regions_of_hand_checked_states():
    assert {code: (region(code), sub_region(code)) for code in HAND_CHECKED} == HAND_CHECKED
    assert region("AQ") is None and region(None) is None


def test_state_names_in_french_come_from_pycountry():
    assert [state_name(code, "fr") for code in ("DE", "GB", "CH", "ES")] == [
        "Allemagne",
        "Royaume-Uni",
        "Suisse",
        "Espagne",
    ]
    assert state_name("XK", "fr", "Kosovo") == "Kosovo"
    assert [state_name("MD", language) for language in ("en", "fr")] == [
        "Moldova",
        "Moldavie",
    ]  # the common name, not "Moldova, Republic of"


def test_every_coded_state_of_the_memberships_has_a_region(files):
    rows = read_csv(files / "memberships.csv")
    assert [r["country"] for r in rows if r["country"] and not r["region"]] == []
    assert {(r["country"], r["region"], r["sub_region"]) for r in rows if r["country"] in ("ZA", "DE")} == {
        ("ZA", "Africa", "Sub-Saharan Africa"),
        ("DE", "Europe", "Western Europe"),
    }


def test_countries_count_the_territories_a_state_answers_for(files):
    countries = {r["code"]: r for r in read_csv(files / "countries.csv")}
    assert {code: int(countries[code]["networks"]) for code in ("DE", "IT", "FR", "RE")} == {
        "DE": 13,
        "IT": 15,
        "FR": 14,
        "RE": 1,
    }
    assert countries["RE"]["responsible_state"] == "FR" and countries["RE"]["region"] == "Africa"
    memberships = read_csv(files / "memberships.csv")
    assert set(countries) == {r["country"] for r in memberships if r["country"]} | {
        r["responsible_state"] for r in memberships if r["responsible_state"]
    }


def networks_in_africa_from_pandas(files) -> int:
    import pandas

    return pandas.read_csv(files / "memberships.csv").query("region == 'Africa'").network_id.nunique()


def test_networks_with_members_in_africa_from_sql_pandas_and_datasette(files, datasette):
    with sqlite3.connect(files / "networks.sqlite") as db:
        by_sql = db.execute(AFRICA_SQL).fetchone()[0]
    by_pandas = networks_in_africa_from_pandas(files)
    faceted = get_json(
        datasette, "/networks/memberships.json", region="Africa", _facet="network_id", _facet_size="max", _size=0
    )
    by_facet = len(faceted["facet_results"]["network_id"]["results"])
    csv_networks = {r["network_id"] for r in read_csv(files / "memberships.csv") if r["region"] == "Africa"}
    assert by_sql == by_pandas == by_facet == len(csv_networks) == 14
    assert {
        "ajn",
        "ecowas",
        "sahel",
        "carin",
        "eurojust",
    } <= csv_networks  # CARIN: South Africa observes; Eurojust: Egypt's contact point


def test_search_africa_finds_the_african_judicial_network(files, datasette):
    found = get_json(datasette, "/networks/networks.json", _search="Africa", _shape="array", _col="name")
    assert "ajn" in [n["id"] for n in found]
    with sqlite3.connect(files / "networks.sqlite") as db:
        stemmed = [
            row[0]
            for row in db.execute(
                "select n.id from networks_fts join networks n on n.rowid = networks_fts.rowid "
                "where networks_fts match 'network' order by n.id"
            )
        ]
        assert len(stemmed) == len(
            db.execute("select id from networks where name like '%network%' or purpose like '%network%'").fetchall()
        )


def test_search_works_on_memberships_and_notes_too(datasette):
    members = get_json(datasette, "/networks/memberships.json", _search="Reunion", _shape="array")  # accents folded
    assert [(m["network_id"], m["entry"], m["country"]) for m in members] == [
        ("judicial-regional-platform-of-the-indian-ocean", "France (Réunion)", "RE")
    ]
    notes = get_json(datasette, "/networks/notes.json", _search="Korea", _shape="array")
    assert [n["network_id"] for n in notes] == ["eurojust"]


def test_datasette_metadata_declares_each_searchable_table(files):
    import json

    tables = json.loads((files / "metadata.json").read_text())["databases"]["networks"]["tables"]
    assert {name: (t.get("fts_table"), t.get("fts_pk")) for name, t in tables.items() if "fts_table" in t} == {
        "networks": ("networks_fts", "rowid"),
        "memberships": ("memberships_fts", "rowid"),
        "notes": ("notes_fts", "rowid"),
    }
