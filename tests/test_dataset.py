"""Publishing dataset versions: immutability, determinism, revisions, exports, loading.

`sample_normalised` builds a small hand-made normalised catalogue (three networks, one of them
printed twice as the paper prints the OECD ACN); the other test modules of this stage import it.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest

import pipeline
from pipeline.build import publish
from pipeline.corrections.apply import load_corrections
from pipeline.errors import RevisionNotAccepted, VersionCorrupt, VersionMissing
from pipeline.export import EXPORTERS
from pipeline.models import (
    Anchor,
    Block,
    Box,
    CitedFootnote,
    Entry,
    Group,
    Network,
    Normalised,
    PurposeTerms,
    RowProvenance,
    Source,
    Span,
)
from pipeline.store import resolve_version, verify

SYMBOL = "CDPC (2017) 1_rev"


def block(text: str, page: int = 3) -> Block:
    return Block(text=text, boxes=[Box(page=page, bbox=(70.0, 100.0, 300.0, 120.0))])


def entry(raw: str, kind: str = "country", codes: tuple[str, ...] = (), role: str | None = None, at: int = 0) -> Entry:
    status = "coded" if codes else ("text" if kind == "other" else "unresolved")
    return Entry(raw=raw, kind=kind, codes=list(codes), status=status, role=role, span=Span(block=0, start=at, end=at + len(raw)))


def network(
    id: str,
    name: str,
    groups: dict[str | None, list[Entry]],
    purpose: tuple[str, ...] = ("A network of prosecutors.",),
    acronym: str | None = None,
    section: str = "european",
    footnotes: tuple[str, ...] = (),
) -> Network:
    heading = {"european": "4.1 European Networks", "non_european": "4.2 Non-European Networks"}[section]
    return Network(
        id=id,
        name=name,
        acronym=acronym,
        section=section,
        section_heading=heading,
        purpose=[block(t) for t in purpose],
        terms=PurposeTerms(),
        groups=[Group(label=label, entries=entries) for label, entries in groups.items()],
        relations=[],
        footnotes=[
            CitedFootnote(number=n, text=url, url=url, page=3, anchor=Anchor(cell="purpose", block=0, offset=5))
            for n, url in enumerate(footnotes, start=2)
        ],
        provenance=RowProvenance(pages=[3], cells={"name": [Box(page=3, bbox=(10.0, 100.0, 60.0, 120.0))]}),
    )


def sample_networks() -> list[Network]:
    return [
        network(
            "bes",
            "Bureau for Euroregional Cooperation (BES)",
            {None: [entry("Belgium", codes=("BE",)), entry("Netherlands", codes=("NL",)), entry("North Rhine-Westphalia (Germany)", "subdivision", ("DE-NW",))]},
            purpose=("The BES is a network of national prosecuting authorities.", "It aims at cross-border cooperation."),
            acronym="BES",
            footnotes=("http://www.e-codex.eu/home.html",),
        ),
        network(
            "portuguese-network",
            "Network of Judicial International Cooperation of the Portuguese speaking countries",
            {None: [entry("Angola", codes=("AO",)), entry("Green Cape"), entry("Brazil", codes=("BR",)), entry("Japan Kazakhstan")]},
            section="non_european",
        ),
        network(
            "acn",
            "Organization for Economic Cooperation and Development Anti-Corruption Network",
            {"Members": [entry("Albania", codes=("AL",)), entry("Uzbekistan", codes=("UZ",)), entry("Uzbekistan", codes=("UZ",))]},
            purpose=("ACN is a network.", "ANC operates through general meetings."),
            acronym="ACN",
        ),
        network(
            "acn",
            "Organization for Economic Cooperation and Development Anti-Corruption Network",
            {"Members": [entry("Albania", codes=("AL",)), entry("Armenia", codes=("AM",))]},
            purpose=("ACN is a network.", "ANC operates through general meetings."),
            acronym="ACN",
            section="non_european",
            footnotes=("http://www.oecd.org/corruption/acn/",),
        ),
    ]


def sample_normalised(networks: list[Network] | None = None, sha256: str = "a" * 64, file: str = "CDPC-2017-1-rev.pdf") -> Normalised:
    source = Source(file=file, sha256=sha256, pages=26, symbol=SYMBOL)
    return Normalised(source=source, networks=sample_networks() if networks is None else networks)


SOURCE_HEADER = 'source: {symbol: "CDPC (2017) 1_rev"}\n'

MERGE_ACN = SOURCE_HEADER + """\
corrections:
  - id: oecd-acn-printed-twice
    op: merge_row
    target: {network: acn, section: non_european}
    expect: Organization for Economic Cooperation and Development Anti-Corruption Network
    into: {network: acn, section: european}
    reason: The paper prints the OECD ACN in both sections.
    author: Test Author
    date: 2026-11-28
"""


def write_corrections(folder: Path, text: str = MERGE_ACN, name: str = "paper.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


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
    by_path = pipeline.load(root / "extracted" / "cdpc-2017-1-rev" / "v1")
    assert by_spec == by_latest == by_path
    assert [n.id for n in by_spec.networks] == ["bes", "portuguese-network", "acn"]
    assert by_spec.dropped[0].merged_into == "acn"


def test_missing_version_is_reported_with_the_published_ones(tmp_path, corrections):
    root = tmp_path / "root"
    publish(sample_normalised(), load_corrections(corrections), root)
    with pytest.raises(VersionMissing, match="published versions of cdpc-2017-1-rev: v1"):
        resolve_version("cdpc-2017-1-rev@v7", root)


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
