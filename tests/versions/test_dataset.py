"""Publishing dataset versions: immutability, determinism, revisions, exports, loading.

The versions are published from `tests.builders.sample_normalised`, a small hand-made normalised
catalogue (three networks, one of them printed twice as the paper prints the OECD ACN).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest

import pipeline
from pipeline.corrections.apply import load_corrections
from pipeline.errors import RevisionNotAccepted, VersionCorrupt, VersionMissing
from pipeline.export import EXPORTERS
from pipeline.versions.build import publish
from pipeline.versions.store import resolve_version, verify
from pipeline.workspace import Workspace
from tests.builders import MERGE_ACN, sample_normalised, tree, write_corrections


@pytest.fixture
def corrections(tmp_path) -> Path:
    return write_corrections(tmp_path / "corrections")


def test_first_build_publishes_v1_and_points_latest_at_it(tmp_path, corrections):
    done = publish(sample_normalised(), load_corrections(corrections), tmp_path / "root")
    folder = tmp_path / "root" / "extracted" / "cdpc-2017-1-rev"
    assert (done.document, done.version, done.created) == ("cdpc-2017-1-rev", "v1", True)
    assert (folder / "latest").read_text() == "v1\n"
    assert sorted(p.name for p in (folder / "v1").iterdir()) == sorted([*EXPORTERS, "manifest.json"])
    assert {"networks.json", "networks.csv", "memberships.csv", "networks.sqlite", "datapackage.json"} <= set(EXPORTERS)


def test_rebuild_from_identical_inputs_writes_nothing(tmp_path, corrections):
    root = tmp_path / "root"
    publish(sample_normalised(), load_corrections(corrections), root)
    before = tree(root)
    again = publish(sample_normalised(), load_corrections(corrections), root)
    assert (again.version, again.created) == ("v1", False)
    assert tree(root) == before


def test_two_builds_in_two_roots_are_byte_identical(tmp_path, corrections):
    publish(sample_normalised(), load_corrections(corrections), tmp_path / "one")
    publish(sample_normalised(), load_corrections(corrections), tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_changed_correction_creates_next_version_and_keeps_previous(tmp_path, corrections):
    root = tmp_path / "root"
    publish(sample_normalised(), load_corrections(corrections), root)
    v1 = tree(root / "extracted" / "cdpc-2017-1-rev" / "v1")
    write_corrections(corrections, MERGE_ACN.replace("in both sections", "twice"))
    done = publish(sample_normalised(), load_corrections(corrections), root)
    assert (done.version, done.created) == ("v2", True)
    assert tree(root / "extracted" / "cdpc-2017-1-rev" / "v1") == v1
    assert (root / "extracted" / "cdpc-2017-1-rev" / "latest").read_text() == "v2\n"


def test_same_content_under_another_file_name_is_no_new_version(tmp_path, corrections):
    root = tmp_path / "root"
    publish(sample_normalised(), load_corrections(corrections), root)
    again = publish(sample_normalised(file="renamed.pdf"), load_corrections(corrections), root)
    assert (again.version, again.created) == ("v1", False)


def test_new_source_content_is_refused_without_accept_revision(tmp_path, corrections):
    root = tmp_path / "root"
    publish(sample_normalised(), load_corrections(corrections), root)
    with pytest.raises(RevisionNotAccepted, match="--accept-revision"):
        publish(sample_normalised(sha256="b" * 64), load_corrections(corrections), root)
    assert not (root / "extracted" / "cdpc-2017-1-rev" / "v2").exists()
    done = publish(sample_normalised(sha256="b" * 64), load_corrections(corrections), root, accept_revision=True)
    assert (done.version, done.created) == ("v2", True)


def test_load_returns_the_typed_dataset_of_a_version(tmp_path, corrections):
    root = tmp_path / "root"
    publish(sample_normalised(), load_corrections(corrections), root)
    by_spec = pipeline.load("cdpc-2017-1-rev@v1", root=root)
    by_latest = pipeline.load("cdpc-2017-1-rev", root=root)
    by_latest_named = pipeline.load("cdpc-2017-1-rev@latest", root=root)
    by_path = pipeline.load(root / "extracted" / "cdpc-2017-1-rev" / "v1")
    assert by_spec == by_latest == by_latest_named == by_path
    assert [n.id for n in by_spec.networks] == ["bes", "portuguese-network", "acn"]
    assert by_spec.dropped[0].merged_into == "acn"


def test_missing_version_is_reported_with_the_published_ones(tmp_path, corrections):
    root = tmp_path / "root"
    publish(sample_normalised(), load_corrections(corrections), root)
    with pytest.raises(VersionMissing, match="published versions of cdpc-2017-1-rev: v1"):
        resolve_version("cdpc-2017-1-rev@v7", Workspace(root))


def test_verify_detects_a_changed_file(tmp_path, corrections):
    root = tmp_path / "root"
    done = publish(sample_normalised(), load_corrections(corrections), root)
    assert verify(done.path).version == "v1"
    (done.path / "networks.csv").write_text("id\n")
    with pytest.raises(VersionCorrupt, match="networks.csv"):
        verify(done.path)


def test_json_schema_validates_networks_json(tmp_path, corrections):
    done = publish(sample_normalised(), load_corrections(corrections), tmp_path)
    schema = json.loads((done.path / "networks.schema.json").read_text())
    jsonschema.validate(json.loads((done.path / "networks.json").read_text()), schema)


def test_sqlite_holds_one_row_per_network_and_every_membership(tmp_path, corrections):
    done = publish(sample_normalised(), load_corrections(corrections), tmp_path)
    with sqlite3.connect(done.path / "networks.sqlite") as db:
        assert db.execute("select count(*) from networks").fetchone() == (3,)
        members = db.execute("select entry from memberships where network_id = 'acn' order by position").fetchall()
    assert members == [("Albania",), ("Uzbekistan",), ("Uzbekistan",), ("Armenia",)]


def test_manifest_lists_source_corrections_and_every_file_hash(tmp_path, corrections):
    done = publish(sample_normalised(), load_corrections(corrections), tmp_path)
    manifest = json.loads((done.path / "manifest.json").read_text())
    assert manifest["source"]["sha256"] == "a" * 64
    assert [c["path"] for c in manifest["corrections"]] == ["paper.yaml"]
    assert {f["path"] for f in manifest["files"]} == {p.name for p in done.path.iterdir()} - {"manifest.json"}
    assert str(tmp_path) not in (done.path / "manifest.json").read_text()


def test_next_build_removes_what_a_killed_build_left_and_never_a_version(tmp_path, corrections):
    root = tmp_path / "root"
    publish(sample_normalised(), load_corrections(corrections), root)
    folder = root / "extracted" / "cdpc-2017-1-rev"
    (folder / ".v2.k1ll3d.tmp").mkdir()
    (folder / ".v2.k1ll3d.tmp" / "networks.json").write_text("{")
    (folder / ".latest.k1ll3d.tmp").write_text("v")
    again = publish(sample_normalised(), load_corrections(corrections), root)
    assert (again.version, again.created) == ("v1", False)
    assert sorted(p.name for p in folder.iterdir()) == ["latest", "v1"]
