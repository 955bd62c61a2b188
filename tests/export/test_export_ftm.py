"""`cdpc export`: the catalogue as FollowTheMoney entities, validated by the followthemoney library
and its `ftm` command and read back against the version's tables; JSON Lines; and the errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pipeline.corrections.apply import load_corrections
from pipeline.versions.build import publish
from pipeline.versions.store import load
from tests.builders import (
    entry as member_entry,
    network as catalogue_network,
    read_csv,
    sample_networks,
    sample_normalised,
    write_corrections,
)
from tests.support import run_cdpc

followthemoney = pytest.importorskip("followthemoney")
PAPER_URL = "https://www.coe.int/cdpc"


@pytest.fixture(scope="module")
def entities(tidy_version, tmp_path_factory):
    out = tmp_path_factory.mktemp("ftm") / "catalogue.ftm.json"
    done = run_cdpc("export", tidy_version, "--format", "ftm", "-o", out)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_every_entity_is_valid_for_the_followthemoney_model(entities):
    from followthemoney import model

    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)
        assert proxy.to_dict() == data, data["id"]


def test_the_ftm_command_reads_the_export_and_keeps_every_entity(entities, tmp_path):
    source = tmp_path / "in.json"
    source.write_text("".join(json.dumps(e) + "\n" for e in entities))
    ftm = [sys.executable, "-c", "from followthemoney.cli.cli import cli; cli()"]  # this interpreter's `ftm`
    done = subprocess.run([*ftm, "validate", "-i", source, "-o", tmp_path / "out.json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    read = [json.loads(line) for line in (tmp_path / "out.json").read_text().splitlines()]
    assert [(e["id"], e["schema"]) for e in read] == [(e["id"], e["schema"]) for e in entities]


def test_networks_round_trip_as_organizations(entities, tidy_version):
    dataset = load(tidy_version)
    by_id = {e["id"]: e for e in entities}
    memberships = read_csv(tidy_version / "memberships.csv")
    for network in dataset.networks:
        entity = by_id[f"{dataset.document}-{network.id}"]
        props = entity["properties"]
        assert entity["schema"] == "Organization"
        assert props["name"] == [network.name]
        assert props.get("alias") == ([network.acronym] if network.acronym else None)
        states = {
            r[c]
            for r in memberships
            if r["network_id"] == network.id and r["membership"] != "related"
            for c in ("country", "responsible_state")
            if r[c]
        }
        assert set(props.get("country", [])) == {s.lower() for s in states}, network.id
        assert PAPER_URL in props["sourceUrl"] and {f.url for f in network.footnotes} <= set(props["sourceUrl"])
    carin = by_id[f"{dataset.document}-carin"]["properties"]
    assert carin["website"] == ["https://www.carin.network/"]
    assert set(carin["country"]) == {"de", "gi", "gb", "it", "xk"}


def test_organisations_memberships_and_links_round_trip(entities, tidy_version):
    document = load(tidy_version).document
    kinds = {e["id"]: e["schema"] for e in entities}
    assert kinds[f"{document}-europol"] == "Organization"
    memberships = [e["properties"] for e in entities if e["schema"] == "Membership"]
    rows = [r for r in read_csv(tidy_version / "memberships.csv") if r["organisation"]]
    assert [(m["member"], m["organization"], sorted(m["role"])) for m in memberships] == [
        (
            [f"{document}-{r['organisation']}"],
            [f"{document}-{r['network_id']}"],
            sorted(filter(None, [r["membership"], r["role"]])),
        )
        for r in rows
    ]
    links = [e["properties"] for e in entities if e["schema"] == "UnknownLink"]
    assert [(link["subject"], link["object"], link["role"]) for link in links] == [
        ([f"{document}-bes"], [f"{document}-carin"], ["hosts"])
    ]
    referenced = {
        v
        for e in entities
        if e["schema"] in ("Membership", "UnknownLink")
        for p in ("member", "organization", "subject", "object")
        for v in e["properties"].get(p, [])
    }
    assert referenced <= set(kinds)


def test_states_listed_as_not_part_of_a_network_are_not_its_countries(tmp_path):
    """A group the paper prints as not part of the network (membership `related`) gives the network no country."""
    groups = {
        "Members": [member_entry("Belgium", codes=("BE",))],
        "States not part of the network": [member_entry("Norway", codes=("NO",))],
    }
    apart = catalogue_network("ejn", "European Judicial Network (EJN)", groups)
    version = publish(
        sample_normalised([*sample_networks(), apart]),
        load_corrections(write_corrections(tmp_path / "c")),
        tmp_path / "out",
    ).path
    assert [
        (r["code"], r["membership"]) for r in read_csv(version / "memberships.csv") if r["network_id"] == "ejn"
    ] == [("BE", "member"), ("NO", "related")]
    out = tmp_path / "catalogue.ftm.json"
    done = run_cdpc("export", version, "--format", "ftm", "-o", out)
    assert done.returncode == 0, done.stderr
    ejn = next(
        e
        for e in map(json.loads, out.read_text(encoding="utf-8").splitlines())
        if e["id"] == f"{load(version).document}-ejn"
    )
    assert ejn["properties"]["country"] == ["be"]


def test_jsonl_export_is_the_versions_networks_jsonl(tidy_version):
    done = run_cdpc("export", tidy_version, "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (tidy_version / "networks.jsonl").read_text(encoding="utf-8")


def test_ftm_without_the_library_is_one_line_and_exit_31(tidy_version, tmp_path):
    blocker = tmp_path / "blocked"
    blocker.mkdir()
    (blocker / "followthemoney.py").write_text("raise ImportError('blocked for the test')\n")
    out = tmp_path / "out.json"
    script = f"import sys; sys.path.insert(0, {str(blocker)!r}); from pipeline.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", script, "export", str(tidy_version), "--format", "ftm", "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 31
    assert done.stderr.splitlines() == [
        "cdpc: error: followthemoney: not installed: install the `ftm` extra (pip install -e '.[ftm]')"
    ]
    assert not out.exists()


def test_export_of_a_missing_version_is_exit_23(tmp_path):
    done = run_cdpc("export", "cdpc-2017-1-rev@v9", "--format", "ftm", "--root", tmp_path)
    assert done.returncode == 23
    assert len(done.stderr.splitlines()) == 1
