"""The files of a version, checked with the tools their readers use (frictionless, jsonschema,
sqlite3, csv) and read back against the models they were written from."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3

import jsonschema
import pytest

from pipeline.corrections.apply import load_corrections
from pipeline.export import EXPORTERS, Release, rendered_files
from pipeline.export.memberships import membership_types
from pipeline.export.tables import tables
from pipeline.fields import LIST_SEPARATOR
from pipeline.files import renamed_version
from pipeline.models import DatasetNetwork
from pipeline.versions.build import publish
from pipeline.versions.store import load, manifest_bytes, read_manifest
from tests.builders import (
    MERGE_ACN,
    entry as member_entry,
    frictionless_validate,
    network,
    read_csv,
    sample_networks,
    sample_normalised,
    write_corrections,
)


@pytest.fixture(scope="module")
def version(tidy_version):
    return tidy_version


def copy_of(version, folder):
    for file in version.iterdir():
        (folder / file.name).write_bytes(file.read_bytes())
    return folder


def test_frictionless_validates_every_resource_of_the_datapackage(version):
    report = frictionless_validate(version / "datapackage.json")
    assert report["valid"], report
    described = sorted(t["place"] for t in report["tasks"])
    assert described == sorted(set(EXPORTERS) - {"datapackage.json"})


@pytest.mark.parametrize(
    "file, old, new",
    [
        ("memberships.csv", "\nbes,1,", "\nnowhere,1,"),  # a foreign key to no network
        ("memberships.csv", ",observer,Italy", ",onlooker,Italy"),  # outside the enum of membership types
        ("memberships.csv", ",member,Germany,country,", ",member,,country,"),  # a required value left empty
        ("networks.sqlite", None, None),  # a file resource whose bytes no longer have their sha256
    ],
)
def test_frictionless_catches_a_broken_resource(tmp_path, version, file, old, new):
    copy_of(version, tmp_path)
    if old is None:
        (tmp_path / file).write_bytes((tmp_path / file).read_bytes() + b"\0")
    else:
        text = (tmp_path / file).read_text()
        assert old in text
        (tmp_path / file).write_text(text.replace(old, new, 1))
    report = frictionless_validate(tmp_path / "datapackage.json")
    assert not report["valid"]
    assert [t["place"] for t in report["tasks"] if not t["valid"]] == [file]


def test_json_schema_from_the_models_validates_networks_json(version):
    schema = json.loads((version / "networks.schema.json").read_text())
    document = json.loads((version / "networks.json").read_text())
    jsonschema.validate(document, schema)
    document["networks"][0]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_every_table_holds_the_same_rows_in_csv_and_sqlite(version):
    with sqlite3.connect(version / "networks.sqlite") as db:
        for table in tables():
            from_csv = [[value or None for value in row.values()] for row in read_csv(version / table.file)]
            from_db = [
                [None if v is None else str(v) for v in row] for row in db.execute(f"select * from [{table.name}]")
            ]
            assert from_db == from_csv, table.name
            assert from_csv, f"{table.name} is empty in the sample"


def test_csv_lines_end_in_a_line_feed_alone(version):
    """As git stores them and every platform writes them: the same bytes everywhere, no CRLF."""
    for table in tables():
        data = (version / table.file).read_bytes()
        assert data.endswith(b"\n") and b"\r" not in data, table.name


def test_sqlite_declares_the_keys_and_every_foreign_key_holds(version):
    with sqlite3.connect(version / "networks.sqlite") as db:
        assert db.execute("pragma foreign_key_check").fetchall() == []
        keys = {(row[2], row[3], row[4]) for row in db.execute("pragma foreign_key_list(memberships)")}
        assert keys == {
            ("networks", "network_id", "id"),
            ("organisations", "organisation", "id"),
            ("countries", "country", "code"),
        }
        primary = [row[1] for row in sorted(db.execute("pragma table_info(memberships)"), key=lambda r: r[5]) if row[5]]
        assert primary == ["network_id", "position", "code_position"]


def test_the_full_text_index_finds_networks_by_name_and_purpose(version):
    with sqlite3.connect(version / "networks.sqlite") as db:

        def search(words):
            return [
                r[0]
                for r in db.execute(
                    "select id from networks where rowid in (select rowid from networks_fts where networks_fts match "
                    "?) order by id",
                    (words,),
                )
            ]

        assert search("laundering") == ["carin"]
        assert search("camden") == ["carin"]
        assert search("prosecuting") == ["bes"]
        sql = db.execute("select sql from sqlite_master where name = 'networks_fts'").fetchone()[0]
        assert "USING FTS5" in sql and "tokenize='porter unicode61'" in sql
        assert search("prosecute") == ["bes"]  # the porter stemmer: "prosecuting" is indexed as "prosecut"


def test_memberships_give_each_code_its_state_membership_type_and_organisation(version):
    rows = {(r["network_id"], r["position"], r["code_position"]): r for r in read_csv(version / "memberships.csv")}
    wanted = {
        ("carin", "1", "1"): ("DE", "DE", "Germany", "", "", "member"),
        ("carin", "2", "1"): ("GI", "GI", "Gibraltar", "GB", "", "member"),
        ("carin", "3", "1"): ("GB-ENG", "GB", "United Kingdom", "", "", "member"),
        ("carin", "3", "2"): ("GB-WLS", "GB", "United Kingdom", "", "", "member"),
        ("carin", "4", "1"): ("IT", "IT", "Italy", "", "", "observer"),
        ("carin", "5", "1"): ("", "", "", "", "", "observer"),
        ("carin", "6", "1"): ("XK", "XK", "Kosovo", "", "", "observer"),
        ("carin", "7", "1"): ("europol", "", "", "", "europol", "secretariat"),
        ("carin", "8", "1"): ("bes", "", "", "", "bes", "observer"),
        ("bes", "3", "1"): ("DE-NW", "DE", "Germany", "", "", "member"),
    }
    for key, values in wanted.items():
        row = rows[key]
        assert (
            row["code"],
            row["country"],
            row["country_name"],
            row["responsible_state"],
            row["organisation"],
            row["membership"],
        ) == values, key
    assert rows[("carin", "5", "1")]["candidates"] == "CD;CG"
    assert rows[("carin", "5", "1")]["status"] == "ambiguous"
    assert {r["membership"] for r in rows.values()} <= set(membership_types().types)


def test_memberships_and_notes_read_back_are_the_entries_of_the_models(version):
    dataset = load(version)
    memberships = read_csv(version / "memberships.csv")
    notes = read_csv(version / "notes.csv")
    expected_members, expected_notes = [], []
    for n in dataset.networks:
        entries = [(g, e) for g in n.groups for e in g.entries]
        for position, (g, e) in enumerate(entries, start=1):
            if e.status == "text":
                expected_notes.append((n.id, str(position), g.label or "", e.raw, str(e.count or "")))
            else:
                expected_members += [
                    (n.id, str(position), g.label or "", e.raw, e.kind, code, e.status) for code in e.codes or [""]
                ]
    assert [
        (r["network_id"], r["position"], r["group_label"], r["entry"], r["kind"], r["code"], r["status"])
        for r in memberships
    ] == expected_members
    assert [(r["network_id"], r["position"], r["group_label"], r["text"], r["number"]) for r in notes] == expected_notes
    assert [r["text"] for r in notes] == ["40 third States are part of its contact point network"]


def test_networks_read_back_are_the_models_with_the_website_and_year_of_establishment(version):
    dataset = load(version)
    rows = read_csv(version / "networks.csv")
    assert [r["id"] for r in rows] == [n.id for n in dataset.networks]
    for row, n in zip(rows, dataset.networks):
        assert (row["name"], row["acronym"] or None, row["website"] or None) == (n.name, n.acronym, n.website)
        assert row["purpose"].split("\n") == [b.text for b in n.purpose]
        assert row["pages"].split(LIST_SEPARATOR) == [str(p) for p in n.provenance.pages]
        assert (int(row["established"]) if row["established"] else None) == min(n.terms.years, default=None)
    carin = next(r for r in rows if r["id"] == "carin")
    assert (carin["website"], carin["established"]) == ("https://www.carin.network", "2004")
    assert next(r for r in rows if r["id"] == "acn")["corrections"] == "oecd-acn-printed-twice"


def test_a_network_printing_two_years_is_established_in_the_earlier(tmp_path):
    gpen = network(
        "gpen",
        "Global Prison Education Network (GPEN)",
        {None: []},
        purpose=("GPEN was launched in 2008. It was established in 1995 in Paris.",),
    )
    gpen = gpen.model_copy(update={"terms": gpen.terms.model_copy(update={"years": [1995, 2008]})})
    corrections = load_corrections(write_corrections(tmp_path / "c"))
    folder = publish(sample_normalised([*sample_networks(), gpen]), corrections, tmp_path / "out").path
    assert next(r for r in read_csv(folder / "networks.csv") if r["id"] == "gpen")["established"] == "1995"
    with sqlite3.connect(folder / "networks.sqlite") as db:
        assert db.execute("select established from networks where id = 'gpen'").fetchall() == [(1995,)]
    assert [(r["value"], r["printed"]) for r in read_csv(folder / "terms.csv") if r["network_id"] == "gpen"] == [
        ("1995", "It was established in 1995 in Paris."),
        ("2008", "GPEN was launched in 2008."),
    ]


def test_a_state_and_an_organisation_are_named_as_a_reader_knows_them(tmp_path):
    """A state by its common name ("Moldova", not pycountry's official "Moldova, Republic of") in the
    memberships and the countries; an organisation by its name, its acronym apart, though the
    gazetteer lists the acronym first."""
    members = network(
        "watch",
        "Asset Recovery Watch",
        {None: [member_entry("Moldova", codes=("MD",)), member_entry("ARIN-AP", "network", ("arin-ap",))]},
    )
    corrections = load_corrections(write_corrections(tmp_path / "c"))
    folder = publish(sample_normalised([*sample_networks(), members]), corrections, tmp_path / "out").path
    assert [r["country_name"] for r in read_csv(folder / "memberships.csv") if r["code"] == "MD"] == ["Moldova"]
    assert [r["name"] for r in read_csv(folder / "countries.csv") if r["code"] == "MD"] == ["Moldova"]
    arin = next(r for r in read_csv(folder / "organisations.csv") if r["id"] == "arin-ap")
    assert (arin["name"], arin["acronym"], arin["kind"]) == (
        "Asset Recovery Interagency Network of Asia Pacific",
        "ARIN-AP",
        "network",
    )


def test_terms_relations_sources_and_organisations_read_back(version):
    dataset = load(version)
    carin = next(n for n in dataset.networks if n.id == "carin")
    terms = [
        (r["kind"], r["value"], r["printed"], r["page"])
        for r in read_csv(version / "terms.csv")
        if r["network_id"] == "carin"
    ]
    assert terms == [
        ("crime_area", "money_laundering", "money laundering", "3"),
        ("crime_area", "asset_recovery", "asset tracing", "3"),
        ("instrument", "information_exchange", "exchange of information", "3"),
        ("established", "2004", "CARIN was established in 2004 against money laundering.", "3"),
    ]
    relations = read_csv(version / "relations.csv")
    assert [(r["source"], r["relation"], r["target"], r["target_kind"], r["evidence"]) for r in relations] == [
        (r.source, r.kind, r.target, "network", r.evidence) for r in carin.relations
    ]
    sources = read_csv(version / "sources.csv")
    assert [(r["network_id"], r["url"]) for r in sources] == [
        (n.id, f.url) for n in dataset.networks for f in n.footnotes
    ]
    organisations = {r["id"]: r for r in read_csv(version / "organisations.csv")}
    assert set(organisations) == {"bes", "carin", "europol"}
    assert (organisations["europol"]["kind"], organisations["europol"]["network_id"]) == ("organisation", "")
    assert (
        organisations["carin"]["name"],
        organisations["carin"]["acronym"],
        organisations["carin"]["network_id"],
    ) == (carin.name, "CARIN", "carin")


def test_counts_compare_each_printed_count_with_the_members_found_notes_left_out(version):
    counts = [
        (r["network_id"], r["group_label"], r["printed"], r["found"], r["acknowledged"])
        for r in read_csv(version / "counts.csv")
    ]
    assert counts == [
        ("carin", "5 Registered Member Jurisdictions", "5", "3", ""),
        ("carin", "3 Observer International Organisations", "3", "2", ""),
    ]


def test_networks_jsonl_reads_back_as_the_networks_of_networks_json(version):
    lines = (version / "networks.jsonl").read_text(encoding="utf-8").splitlines()
    assert [DatasetNetwork.model_validate_json(line) for line in lines] == load(version).networks


def test_every_list_column_is_declared_with_the_one_separator(version):
    package = json.loads((version / "datapackage.json").read_text())
    lists = [
        (r["name"], f["name"])
        for r in package["resources"]
        if r["type"] == "table"
        for f in r["schema"]["fields"]
        if f["type"] == "list"
    ]
    assert set(lists) == {
        ("networks", "pages"),
        ("networks", "corrections"),
        ("memberships", "candidates"),
        ("memberships", "corrections"),
        ("notes", "corrections"),
        ("changes", "corrections"),
    }
    assert {
        f["delimiter"]
        for r in package["resources"]
        if r["type"] == "table"
        for f in r["schema"]["fields"]
        if f["type"] == "list"
    } == {LIST_SEPARATOR}


def test_the_datapackage_names_licence_source_version_contributors_and_every_file(version):
    package = json.loads((version / "datapackage.json").read_text())
    manifest = read_manifest(version)
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["version"] == "v1" == manifest.version
    assert {c["role"] for c in package["contributors"]} == {"author", "publisher"}
    source = package["sources"][0]
    assert (source["file"], source["sha256"], source["symbol"], source["date"]) == (
        manifest.source.file,
        manifest.source.sha256,
        "CDPC (2017) 1_rev",
        None,
    )
    assert {r["path"] for r in package["resources"]} == set(EXPORTERS) - {"datapackage.json"}
    for resource in package["resources"]:
        assert resource["description"], resource["name"]
        if "hash" in resource:
            assert resource["hash"] == "sha256:" + hashlib.sha256((version / resource["path"]).read_bytes()).hexdigest()
    enums = {
        (r["name"], f["name"]): f["constraints"]["enum"]
        for r in package["resources"]
        if r["type"] == "table"
        for f in r["schema"]["fields"]
        if "enum" in f.get("constraints", {})
    }
    assert enums[("memberships", "membership")] == list(membership_types().types)
    assert enums[("memberships", "kind")] == [
        "country",
        "subdivision",
        "territory",
        "organisation",
        "network",
        "institution",
        "collective",
        "other",
    ]


def test_datasette_metadata_describes_every_table_and_column_of_the_database(version):
    metadata = json.loads((version / "metadata.json").read_text())
    assert metadata["license"] == "Creative Commons Attribution 4.0 International"
    assert metadata["source"].endswith("CDPC (2017) 1_rev")
    described = metadata["databases"]["networks"]["tables"]
    with sqlite3.connect(version / "networks.sqlite") as db:
        for table in tables():
            columns = [row[1] for row in db.execute(f"pragma table_info([{table.name}])")]
            assert sorted(described[table.name]["columns"]) == sorted(columns)
            assert set(described[table.name]["facets"]) <= set(columns)


def test_memberships_are_long_form_with_the_correction_that_set_them(tmp_path):
    text = """\
  - id: green-cape
    op: replace_entry
    target: {network: portuguese-network, entry: Green Cape}
    value: {raw: Cabo Verde, kind: country, codes: [CV]}
    reason: The paper translates Cabo Verde word by word.
    author: Test Author
    date: 2026-11-28
"""
    done = publish(
        sample_normalised(), load_corrections(write_corrections(tmp_path / "c", MERGE_ACN + text)), tmp_path / "out"
    )
    rows = read_csv(done.path / "memberships.csv")
    cabo = next(r for r in rows if r["entry"] == "Cabo Verde")
    assert (cabo["network_id"], cabo["code"], cabo["country_name"], cabo["status"], cabo["corrections"]) == (
        "portuguese-network",
        "CV",
        "Cabo Verde",
        "coded",
        "green-cape",
    )
    networks = {r["id"]: r for r in read_csv(done.path / "networks.csv")}
    assert networks["portuguese-network"]["corrections"] == "green-cape"


def test_a_version_holds_the_file_of_every_exporter_and_its_manifest(version):
    assert sorted(p.name for p in version.iterdir()) == sorted([*EXPORTERS, "manifest.json"])
    assert all(e.description for e in EXPORTERS.values())


def test_only_the_files_that_say_so_name_their_version_and_are_renamed_so(version):
    """A version repeating another takes its files but those, renamed (`build.release_of`, `repeat`)."""
    dataset = load(version)
    first, second = (rendered_files(Release(dataset, name)) for name in ("v1", "v7"))
    naming = {name for name, e in EXPORTERS.items() if e.names_version}
    assert {name for name in EXPORTERS if first[name] != second[name]} == naming == {"datapackage.json"}
    assert all(renamed_version(first[name], "v7") == second[name] for name in naming)


def test_a_manifest_is_written_as_its_model_writes_it(version):
    manifest = read_manifest(version)
    awkward = manifest.model_copy(
        update={"source": manifest.source.model_copy(update={"symbol": 'Ré\u2028"\\\x1f\x7f é', "file": "a b.pdf"})}
    )
    for written in (manifest, awkward):
        assert manifest_bytes(written.model_dump(mode="json")) == (written.model_dump_json(indent=2) + "\n").encode(
            "utf-8"
        )
    assert manifest_bytes(manifest.model_dump(mode="json")) == (version / "manifest.json").read_bytes()


def test_a_release_renders_each_file_once(version, monkeypatch):
    """The datapackage describes the files rendered before it: from the release, not rendered again."""
    calls = []
    for name, entry in list(EXPORTERS.items()):
        monkeypatch.setitem(
            EXPORTERS,
            name,
            dataclasses.replace(
                entry, render=lambda release, render=entry.render, name=name: calls.append(name) or render(release)
            ),
        )
    files = rendered_files(Release(load(version), "v1"))
    assert sorted(calls) == sorted(EXPORTERS) and files == {
        p.name: p.read_bytes() for p in version.iterdir() if p.name != "manifest.json"
    }
