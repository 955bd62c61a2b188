"""Diffs between two published versions: records, the three renderings, exit codes of `cdpc diff`."""

from __future__ import annotations

import json

import pipeline
from pipeline.corrections.apply import load_corrections
from pipeline.diff.changes import dataset_diff
from pipeline.diff.members import member_changes
from pipeline.diff.records import DiffRecord, WordChange
from pipeline.diff.render import rendered_diff
from pipeline.models import Dataset, DatasetNetwork
from pipeline.versions.build import publish
from tests.builders import (
    block,
    entry,
    network,
    sample_networks,
    sample_normalised,
    write_corrections,
)
from tests.support import run_cdpc


def revised_networks():
    """The sample with BES renamed (so its id changes too), its purpose sentence and source changed,
    a member added to the ACN and one removed, and the Portuguese network replaced by another."""
    bes, portuguese, acn, acn_twice = sample_networks()
    bes = bes.model_copy(
        update={
            "id": "besc",
            "name": "Bureau for Euroregional Cooperation and Cross-border Support (BESC)",
            "acronym": "BESC",
            "purpose": [bes.purpose[0], block("It aims at closer cross-border cooperation.")],
            "footnotes": [
                bes.footnotes[0].model_copy(
                    update={"url": "https://besc.example.org/", "text": "https://besc.example.org/"}
                )
            ],
        }
    )
    members = acn.groups[0].model_copy(
        update={
            "entries": [
                entry("Albania", codes=("AL",)),
                entry("Uzbekistan", codes=("UZ",)),
                entry("Serbia", codes=("RS",)),
            ]
        }
    )
    acn = acn.model_copy(update={"groups": [members]})
    acn_twice = acn_twice.model_copy(
        update={"groups": [members.model_copy(update={"entries": [entry("Albania", codes=("AL",))]})]}
    )
    added = network(
        "iap",
        "International Association of Prosecutors (IAP)",
        {"Members": [entry("172 organisational members", "other")]},
        acronym="IAP",
    )
    return [bes, acn, added, acn_twice]


def two_versions(tmp_path):
    corrections = write_corrections(tmp_path / "corrections")
    root = tmp_path / "root"
    old = publish(sample_normalised(), load_corrections(corrections), root)
    # the revision in a root of its own, so that its networks keep the ids they print (in the same
    # root a renamed network keeps its published id: tests/versions/test_build_ids.py) and the diff pairs the rename
    new = publish(
        sample_normalised(revised_networks(), sha256="b" * 64), load_corrections(corrections), tmp_path / "revision"
    )
    return root, old, new


EXPECTED = [
    DiffRecord(
        op="DEL",
        network="portuguese-network",
        item="network",
        old="Network of Judicial International Cooperation of the Portuguese speaking countries",
    ),
    DiffRecord(op="ADD", network="iap", item="network", new="International Association of Prosecutors (IAP)"),
    DiffRecord(
        op="MOD",
        network="besc",
        old_network="bes",
        item="name",
        old="Bureau for Euroregional Cooperation (BES)",
        new="Bureau for Euroregional Cooperation and Cross-border Support (BESC)",
        words=[
            WordChange(
                op="equal", old="Bureau for Euroregional Cooperation", new="Bureau for Euroregional Cooperation"
            ),
            WordChange(op="replace", old="(BES)", new="and Cross-border Support (BESC)"),
        ],
    ),
    DiffRecord(
        op="MOD",
        network="besc",
        item="purpose",
        old="The BES is a network of national prosecuting authorities. It aims at cross-border cooperation.",
        new="The BES is a network of national prosecuting authorities. It aims at closer cross-border cooperation.",
        words=[
            WordChange(
                op="equal",
                old="The BES is a network of national prosecuting authorities. It aims at",
                new="The BES is a network of national prosecuting authorities. It aims at",
            ),
            WordChange(op="insert", new="closer"),
            WordChange(op="equal", old="cross-border cooperation.", new="cross-border cooperation."),
        ],
    ),
    DiffRecord(
        op="MOD",
        network="besc",
        item="sources",
        old=["http://www.e-codex.eu/home.html"],
        new=["https://besc.example.org/"],
    ),
    DiffRecord(op="DEL", network="acn", item="member", key="UZ", group="Members", old="Uzbekistan"),
    DiffRecord(op="DEL", network="acn", item="member", key="AM", group="Members", old="Armenia"),
    DiffRecord(op="ADD", network="acn", item="member", key="RS", group="Members", new="Serbia"),
]


def test_diff_finds_renames_membership_purpose_and_source_changes(tmp_path):
    root, old, new = two_versions(tmp_path)
    records = dataset_diff(pipeline.load(old.path), pipeline.load(new.path))
    assert records == EXPECTED


def test_identical_versions_have_no_diff_and_exit_0(tmp_path):
    root, old, _ = two_versions(tmp_path)
    done = run_cdpc("diff", "cdpc-2017-1-rev@v1", "cdpc-2017-1-rev@v1", "--root", root)
    assert (done.returncode, done.stdout.splitlines()[-1]) == (0, "No changes.")


def test_different_versions_exit_1_in_every_format(tmp_path):
    root, old, new = two_versions(tmp_path)
    for form in ("text", "markdown", "json"):
        done = run_cdpc("diff", old.path, new.path, "--format", form)
        assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["records"][0] == {
        "op": "DEL",
        "network": "portuguese-network",
        "item": "network",
        "old": EXPECTED[0].old,
    }


def test_missing_version_is_an_error_with_its_own_exit_code(tmp_path):
    root, _, _ = two_versions(tmp_path)
    done = run_cdpc("diff", "cdpc-2017-1-rev@v1", "cdpc-2017-1-rev@v9", "--root", root)
    assert done.returncode == 23
    assert "cdpc-2017-1-rev@v9: no such dataset version (published versions of cdpc-2017-1-rev: v1)" in done.stderr


def test_text_marks_changed_words_and_markdown_strikes_them():
    record = DiffRecord(
        op="MOD",
        network="acn",
        item="purpose",
        old="ANC operates through general meetings.",
        new="ACN operates through general meetings.",
        words=[
            WordChange(op="replace", old="ANC", new="ACN"),
            WordChange(op="equal", old="operates through general meetings.", new="operates through general meetings."),
        ],
    )
    assert (
        rendered_diff([record], "text", "a", "b").splitlines()[2]
        == "~ acn purpose: [-ANC-] {+ACN+} operates through general meetings."
    )
    assert (
        rendered_diff([record], "markdown", "a", "b").splitlines()[-1]
        == "- `acn` purpose changed: ~~ANC~~ **ACN** operates through general meetings."
    )


def test_a_member_moved_to_another_group_or_role_is_a_change_not_a_removal():
    before = network(
        "x", "X", {"Members": [entry("France", codes=("FR",))], "Observers": [entry("Spain", codes=("ES",))]}
    )
    after = network(
        "x", "X", {"Members": [entry("France", codes=("FR",)), entry("Spain", codes=("ES",), role="associate")]}
    )
    records = member_changes(*(DatasetNetwork.model_validate(n.model_dump()) for n in (before, after)))
    assert records == [
        DiffRecord(op="MOD", network="x", item="group", key="ES", old="Observers", new="Members"),
        DiffRecord(op="MOD", network="x", item="role", key="ES", group="Members", old=None, new="associate"),
    ]
    lines = rendered_diff(records, "text", "a", "b").splitlines()[2:4]
    assert lines == ["~ x group ES: Observers -> Members", "~ x role ES: (none) -> associate"]


def test_a_member_in_two_groups_removed_from_one_is_one_removal():
    twice = {
        "Cooperation agreements": [entry("Norway", codes=("NO",))],
        "Liaison Prosecutors": [entry("Norway", codes=("NO",))],
    }
    once = {"Cooperation agreements": [entry("Norway", codes=("NO",))], "Liaison Prosecutors": []}
    records = member_changes(*(DatasetNetwork.model_validate(network("x", "X", g).model_dump()) for g in (twice, once)))
    assert records == [
        DiffRecord(op="DEL", network="x", item="member", key="NO", group="Liaison Prosecutors", old="Norway")
    ]
    assert rendered_diff(records, "text", "a", "b").splitlines()[2] == "- x member NO [Liaison Prosecutors]: Norway"


def test_a_website_changed_between_versions_is_one_change_of_sources(tmp_path):
    corrections = load_corrections(write_corrections(tmp_path / "corrections"))
    sites = ("www.bes.example.org", "https://bes.example.org/new/")
    versions = [
        publish(
            sample_normalised(
                [n.model_copy(update={"website": site}) if n.id == "bes" else n for n in sample_networks()],
                sha256=sha * 64,
            ),
            corrections,
            tmp_path / "root",
            accept_revision=True,
        )
        for site, sha in zip(sites, "ab")
    ]
    records = dataset_diff(*(pipeline.load(v.path) for v in versions))
    assert records == [DiffRecord(op="MOD", network="bes", item="sources", old=[sites[0]], new=[sites[1]])]
    assert (
        rendered_diff(records, "text", "v1", "v2").splitlines()[2]
        == "~ bes sources: www.bes.example.org -> https://bes.example.org/new/"
    )


def test_list_markers_and_spacing_in_a_purpose_are_no_change_and_the_printed_texts_stay(tmp_path):
    """The BES reprinted as a list ("• The BES…", "- It aims…", spaces doubled): no record; the ACN's
    text with a word changed under new markers: one record, its words the word changed alone, its
    `old` and `new` the texts as printed."""
    bes, portuguese, acn, acn_twice = sample_networks()
    bes = bes.model_copy(
        update={
            "purpose": [
                block("• The BES is a network of  national prosecuting authorities ."),
                block("-It aims at cross-border  cooperation."),
            ]
        }
    )
    reprinted = [block("1. ACN is a network."), block("2. ANC works through general meetings.")]
    acn, acn_twice = (
        n.model_copy(update={"purpose": reprinted}) for n in (acn, acn_twice)
    )  # printed twice alike, merged
    corrections = write_corrections(tmp_path / "corrections")
    old = publish(sample_normalised(), load_corrections(corrections), tmp_path / "root")
    new = publish(
        sample_normalised([bes, portuguese, acn, acn_twice], sha256="b" * 64),
        load_corrections(corrections),
        tmp_path / "revision",
    )
    done = run_cdpc("diff", old.path, new.path, "--format", "json")
    purposes = [r for r in json.loads(done.stdout)["records"] if r["item"] == "purpose"]
    assert [(r["network"], r["old"], r["new"]) for r in purposes] == [
        (
            "acn",
            "ACN is a network. ANC operates through general meetings.",
            "1. ACN is a network. 2. ANC works through general meetings.",
        )
    ]
    assert [w for w in purposes[0]["words"] if w["op"] != "equal"] == [
        {"op": "replace", "old": "operates", "new": "works"}
    ]


def test_urls_differing_only_in_case_are_the_same_source():
    bes = DatasetNetwork.model_validate(next(n for n in sample_networks() if n.id == "bes").model_dump())
    shouted = bes.model_copy(
        update={
            "website": "HTTPS://WWW.BES.Example.ORG/",
            "footnotes": [f.model_copy(update={"url": f.url.upper(), "text": f.text.upper()}) for f in bes.footnotes],
        }
    )
    printed = bes.model_copy(update={"website": "https://www.bes.example.org"})
    moved = shouted.model_copy(update={"website": "https://www.bes.example.org/Moved"})
    versions = {
        n: Dataset(document="d", source=sample_normalised().source, networks=[network])
        for n, network in (("printed", printed), ("shouted", shouted), ("moved", moved))
    }
    assert dataset_diff(versions["printed"], versions["shouted"]) == []
    assert dataset_diff(versions["printed"], versions["moved"]) == [
        DiffRecord(
            op="MOD",
            network="bes",
            item="sources",
            old=["https://www.bes.example.org"],
            new=["https://www.bes.example.org/Moved"],
        )
    ]
