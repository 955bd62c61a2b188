"""The files of a version, checked with the tools their readers use: frictionless, jsonschema, sqlite3."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys

import jsonschema
import pytest

from pipeline.build import publish
from pipeline.corrections.apply import load_corrections
from pipeline.export import EXPORTERS
from tests.test_dataset import sample_normalised, write_corrections


@pytest.fixture(scope="module")
def version(tmp_path_factory):
    root = tmp_path_factory.mktemp("export")
    return publish(sample_normalised(), load_corrections(write_corrections(root / "corrections")), root / "out").path


def frictionless_validate(descriptor) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", descriptor.name],
        cwd=descriptor.parent,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def test_frictionless_validates_the_datapackage(version):
    report = frictionless_validate(version / "datapackage.json")
    assert report["valid"], report
    assert [task["name"] for task in report["tasks"]] == ["networks", "memberships"]


def test_frictionless_catches_a_membership_of_an_unknown_network(tmp_path, version):
    for file in version.iterdir():
        (tmp_path / file.name).write_bytes(file.read_bytes())
    text = (tmp_path / "memberships.csv").read_text().replace("\nbes,1,", "\nnowhere,1,")
    (tmp_path / "memberships.csv").write_text(text)
    assert not frictionless_validate(tmp_path / "datapackage.json")["valid"]


def test_json_schema_from_the_models_validates_networks_json(version):
    schema = json.loads((version / "networks.schema.json").read_text())
    document = json.loads((version / "networks.json").read_text())
    jsonschema.validate(document, schema)
    document["networks"][0]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_csv_and_sqlite_hold_the_same_rows(version):
    with sqlite3.connect(version / "networks.sqlite") as db:
        for table, file in (("networks", "networks.csv"), ("memberships", "memberships.csv")):
            with open(version / file, newline="", encoding="utf-8") as handle:
                from_csv = [[value or None for value in row] for row in list(csv.reader(handle))[1:]]
            from_db = [[None if v is None else str(v) for v in row] for row in db.execute(f"select * from {table}")]
            assert from_db == from_csv


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
    from tests.test_dataset import MERGE_ACN

    done = publish(sample_normalised(), load_corrections(write_corrections(tmp_path / "c", MERGE_ACN + text)), tmp_path / "out")
    with open(done.path / "memberships.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["network_id", "position", "group", "entry", "kind", "code", "role", "status", "correction"]
    cabo = next(r for r in rows if r["entry"] == "Cabo Verde")
    assert (cabo["network_id"], cabo["code"], cabo["status"], cabo["correction"]) == ("portuguese-network", "CV", "coded", "green-cape")
    with open(done.path / "networks.csv", newline="", encoding="utf-8") as handle:
        networks = {r["id"]: r for r in csv.DictReader(handle)}
    assert networks["portuguese-network"]["corrections"] == "green-cape"


def test_a_version_holds_the_file_of_every_exporter_and_its_manifest(version):
    assert sorted(p.name for p in version.iterdir()) == sorted([*EXPORTERS, "manifest.json"])
    assert all(e.description for e in EXPORTERS.values())
