"""The 2017 catalogue (the published v1) against the 2020 revision (tests/fixtures/catalogue_2020.json,
normalised as of its date, 22 September 2020): the diff a reviewer reads.

The 2020 side carries over by hand what the two 2017 corrections that still apply to it do
(EUROJUST's "Korea" is the Republic of Korea; the GLRJCN's "Congo" is both Congos), as a build of
the revision carries them over."""

from __future__ import annotations

import json

import jsonschema
import pytest

import pipeline
from pipeline.diff.changes import dataset_diff, states
from pipeline.diff.pairing import paired_networks
from pipeline.diff.records import DiffRecord
from pipeline.diff.render import diff_schema, rendered_diff
from pipeline.models import Dataset, DatasetEntry, DatasetNetwork
from pipeline.normalise.networks import normalise
from tests.builders import EXPECTED_2020 as EXPECTED
from tests.support import REPO

V1 = REPO / "extracted" / "cdpc-2017-1-rev" / "v1"


def carried_over(network: DatasetNetwork) -> DatasetNetwork:
    """What the 2017 corrections that still apply do to a 2020 network."""

    def entries(entry: DatasetEntry) -> list[DatasetEntry]:
        if entry.raw == "Korea" and network.acronym is None and network.name.startswith("EUROJUST"):
            return [entry.model_copy(update={"codes": ["KR"], "status": "coded", "candidates": []})]
        if entry.raw == "Congo" and network.id == "glrjcn":
            return [
                entry.model_copy(update={"raw": raw, "codes": [code], "status": "coded", "candidates": []})
                for raw, code in (("Republic of the Congo", "CG"), ("Democratic Republic of the Congo", "CD"))
            ]
        return [entry]

    groups = [g.model_copy(update={"entries": [x for e in g.entries for x in entries(e)]}) for g in network.groups]
    return network.model_copy(update={"groups": groups})


@pytest.fixture(scope="module")
def versions(revision_2020):
    normalised = normalise(revision_2020)
    networks = [carried_over(DatasetNetwork.model_validate(n.model_dump())) for n in normalised.networks]
    return pipeline.load(V1), Dataset(document="cdpc-2017-1-rev", source=normalised.source, networks=networks)


@pytest.fixture(scope="module")
def records(versions):
    return dataset_diff(*versions)


def renamed(records, old_id):
    return next(r.network for r in records if r.old_network == old_id)


def eu_network_ids(records):
    return [renamed(records, i) if any(r.old_network == i for r in records) else i for i in EXPECTED["eu_networks"]]


def test_in_the_eu_networks_only_the_united_kingdom_leaves(records):
    for network in eu_network_ids(records):
        members = [r for r in records if r.network == network and r.item in ("member", "codes")]
        left = [r.key for r in members if r.op == "DEL"]
        assert "GB" in left, network
        assert not [r for r in members if r.key in EU_STATES_2020], network


EU_STATES_2020 = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()


def test_each_eu_network_says_once_that_it_now_prints_the_collective(records):
    for network in eu_network_ids(records):
        assert [(r.op, r.key, r.new) for r in records if r.network == network and r.item == "collective"] == [
            ("ADD", "eu", "Member States of the EU")
        ]


def test_every_continuing_networks_membership_changes_as_the_expected_facts_say(versions):
    pairs, _, _ = paired_networks(versions[0].networks, versions[1].networks)
    changes = {a.id: {"left": sorted(states(a) - states(b)), "joined": sorted(states(b) - states(a))} for a, b in pairs}
    expected = {k: v for k, v in EXPECTED["membership_changes"].items() if not k.startswith("_")}
    assert {k: v for k, v in changes.items() if v["left"] or v["joined"]} == expected


def test_eurojust_renamed_is_one_record_not_a_removal_and_an_addition(records):
    eurojust = [r for r in records if r.old_network == "eurojust"]
    assert [(r.op, r.item, r.old, r.new) for r in eurojust] == [
        ("MOD", "name", "Eurojust", "EUROJUST (European Union Agency for Criminal Justice Cooperation)")
    ]
    assert not [r for r in records if r.item == "network" and r.network.startswith("eurojust")]


def test_networks_added_and_removed_are_the_new_and_gone_ones(records):
    assert sorted(r.network for r in records if (r.op, r.item) == ("DEL", "network")) == sorted(EXPECTED["gone"])
    assert len([r for r in records if (r.op, r.item) == ("ADD", "network")]) == len(EXPECTED["new"])


def test_every_continuing_network_is_paired_with_its_2020_row(versions):
    pairs, _, _ = paired_networks(versions[0].networks, versions[1].networks)
    found = {a.id: versions[1].networks.index(b) for a, b in pairs}
    assert found == {network_id: fact["row"] for network_id, fact in EXPECTED["continued"].items()}


def test_a_relabelled_group_is_one_record_not_one_per_member(records):
    t_cy = [r for r in records if r.network == "t-cy" and r.item in ("group_label", "group")]
    assert [(r.item, r.old, r.new) for r in t_cy] == [("group_label", None, "Parties to the Convention on Cybercrime")]
    ajne = [(r.item, r.old, r.new) for r in records if r.network == "ajne" and r.item in ("group_label", "group")]
    assert ajne == [("group_label", "ASEAN Member States", None), ("group_label", "SAARC Members", None)]


def test_websites_replacing_footnotes_are_one_source_change_per_network(records):
    sources = [r for r in records if r.item == "sources"]
    assert len({r.network for r in sources}) == len(sources)
    eurojust = next(r for r in sources if r.network == renamed(records, "eurojust"))
    assert (eurojust.op, eurojust.new) == ("MOD", ["www.eurojust.europa.eu"])
    assert eurojust.old == ["http://www.eurojust.europa.eu/about/background/Pages/mission-tasks.aspx"]


def test_the_text_header_names_both_sources_and_the_united_kingdom_leaves_four_eu_networks(versions, records):
    text = rendered_diff(records, "text", "cdpc-2017-1-rev@v1", "2020", versions).splitlines()
    assert text[:2] == [
        "--- cdpc-2017-1-rev@v1\tCDPC (2017) 1_rev, undated, sha256 272d2b83c316, CDPC-2017-1-rev.pdf",
        "+++ 2020\tPC-OC Mod (2020) 03rev2, 2020-09-22, sha256 000000000000, PC-OC-Mod-2020-03rev2.pdf",
    ]
    gb = next(line for line in text if line.startswith("  GB"))
    assert all(network in gb for network in eu_network_ids(records))
    assert not [line for line in text if line.startswith(("  AT", "  DE:", "  FR:")) and "ejn," in line]


def test_the_json_diff_is_valid_against_its_schema(versions, records):
    document = json.loads(rendered_diff(records, "json", "cdpc-2017-1-rev@v1", "2020", versions))
    jsonschema.validate(document, diff_schema())
    assert [DiffRecord.model_validate(r) for r in document["records"]] == records
