"""Collective members in normalisation: "Member States of the EU" read whole wherever it stands,
expanded as of the document's date, and listed by `cdpc check` when it cannot be (no date) or
when its printed count disagrees."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.models import Block, Box
from pipeline.normalise.collectives import members_on
from pipeline.normalise.member_groups import member_groups
from pipeline.normalise.networks import normalise
from pipeline.normalise.problems import problems
from tests.builders import EU_2020, EXPECTED_2020 as EXPECTED
from tests.support import run_cdpc

REVISION_DATE = date(2020, 9, 22)
BOX = [Box(page=3, bbox=(0.0, 0.0, 1.0, 1.0))]


def block(text: str, style: str = "text") -> Block:
    return Block(text=text, style=style, boxes=BOX)


def entries(*texts: str, on: date | None = REVISION_DATE, style: str = "text"):
    return [e for g in member_groups([block(t, style) for t in texts], on=on) for e in g.entries]


@pytest.fixture(scope="module")
def revision(revision_2020):
    return normalise(revision_2020)


@pytest.fixture(scope="module")
def undated(revision_2020):
    return normalise(
        revision_2020.model_copy(update={"source": revision_2020.source.model_copy(update={"date": None})})
    )


def collective_entries(network):
    return [e for g in network.groups for e in g.entries if e.kind == "collective"]


# --- the 2020 catalogue -----------------------------------------------------------------------


def test_every_collective_the_2020_catalogue_prints_is_one_collective_entry(revision):
    printed = {
        str(i): [e.raw for e in collective_entries(n)] for i, n in enumerate(revision.networks) if collective_entries(n)
    }
    in_lists = {row: [EXPECTED["collective_in_a_list"][row].split(",")[0]] for row in EXPECTED["collective_in_a_list"]}
    assert printed == EXPECTED["collective_entries"] | in_lists


def test_each_collective_is_followed_by_its_members_on_the_documents_date_marked_expanded(revision):
    for network in revision.networks:
        for group in network.groups:
            for i, entry in enumerate(group.entries):
                if entry.kind != "collective":
                    continue
                collective = entry.codes[0]
                expanded = group.entries[i + 1 : i + 1 + len(members_on(collective, REVISION_DATE))]
                assert [e.codes[0] for e in expanded] == members_on(collective, REVISION_DATE)
                assert all(e.origin == "expanded" and e.kind == "country" and e.status == "coded" for e in expanded)
                assert {
                    (e.expanded_from.collective, e.expanded_from.printed, e.expanded_from.on) for e in expanded
                } == {(collective, entry.raw, REVISION_DATE)}
                assert {e.span for e in expanded} == {entry.span}


def test_the_eu_networks_have_the_27_states_of_2020_and_not_the_united_kingdom(revision):
    by_id = {n.id: n for n in revision.networks}
    for network_id in ("ejn", "jit"):
        codes = [e.codes[0] for g in by_id[network_id].groups for e in g.entries if e.origin == "expanded"]
        assert codes == EU_2020


def test_a_collective_inside_a_list_is_cut_from_the_items_around_it(revision):
    ejn = next(n for n in revision.networks if n.id == "ejn")
    group = ejn.groups[0]
    printed = [(e.raw, e.kind, e.codes) for e in group.entries if e.origin == "printed"]
    assert printed[:2] == [
        ("Member States of the EU", "collective", ["eu"]),
        ("the European Commission", "organisation", ["european-commission"]),
    ]


def test_g7_countries_is_the_g7_not_a_count_of_seven(revision):
    g7 = [e for n in revision.networks for e in collective_entries(n) if e.codes == ["g7"]]
    assert [(e.raw, e.count) for e in g7] == [("G7 states", None), ("G7 countries", None)]


def test_a_count_printed_before_the_phrase_is_kept_and_agrees_here(revision):
    pc_oc = next(n for n in revision.networks if n.id == "pc-oc")
    assert [(e.raw, e.count) for e in collective_entries(pc_oc)] == [("47 Member States of the Council of Europe", 47)]
    assert not [p for p in problems(revision) if p.status in ("undated_collective", "collective_count")]


# --- without a date ---------------------------------------------------------------------------


def test_without_a_date_nothing_is_expanded_and_every_collective_is_a_problem(undated):
    assert not [e for n in undated.networks for g in n.groups for e in g.entries if e.origin == "expanded"]
    listed = [(p.network, p.raw) for p in problems(undated) if p.status == "undated_collective"]
    assert listed == [(n.id, e.raw) for n in undated.networks for e in collective_entries(n)]
    assert len(listed) == 10


def test_cdpc_check_lists_the_undated_collectives_and_exits_1(undated, revision_2020, tmp_path):
    extraction = tmp_path / "catalogue_2020.json"
    extraction.write_text(
        revision_2020.model_copy(
            update={"source": revision_2020.source.model_copy(update={"date": None})}
        ).model_dump_json()
    )
    done = run_cdpc("check", extraction)
    assert done.returncode == 1, done.stderr
    lines = [line.split("\t") for line in done.stdout.splitlines() if "\tundated_collective\t" in line]
    assert [(f[1], f[3]) for f in lines] == [
        (p.network, p.raw) for p in problems(undated) if p.status == "undated_collective"
    ]
    assert "the document has no date: not expanded" in lines[0][-1]


def test_cdpc_check_lists_no_collective_of_a_dated_catalogue(revision_2020, tmp_path):
    extraction = tmp_path / "catalogue_2020.json"
    extraction.write_text(revision_2020.model_dump_json())
    done = run_cdpc("check", extraction)
    assert "collective" not in done.stdout


# --- member cells, case by case ---------------------------------------------------------------


def test_a_printed_count_the_expansion_contradicts_is_a_problem_not_corrected(revision_2020):
    row = revision_2020.rows[2].model_copy(update={"members": [block("28 Member States of the EU")]})
    normalised = normalise(revision_2020.model_copy(update={"rows": [row]}))
    # JIT's host, Eurojust, is not in this one-row catalogue: a relation problem, not the collective's
    found = [(p.status, p.raw, p.note) for p in problems(normalised) if p.status != "relation_target_missing"]
    assert found == [
        (
            "collective_count",
            "28 Member States of the EU",
            "'28 Member States of the EU' prints 28 members, but 'eu' had 27 on 2020-09-22",
        )
    ]
    assert [e.codes for g in normalised.networks[0].groups for e in g.entries if e.origin == "expanded"] == [
        [code] for code in EU_2020
    ]


def test_a_collective_and_a_state_joined_by_and_are_two_items():
    found = entries("Member States of the EU and Norway")
    assert [(e.raw, e.codes) for e in found if e.origin == "printed"] == [
        ("Member States of the EU", ["eu"]),
        ("Norway", ["NO"]),
    ]


def test_a_collective_after_a_label_is_not_cut_into_a_label_and_a_name():
    groups = member_groups([block("Members: Member States of the EU, Iceland")], on=REVISION_DATE)
    assert [(g.label, [e.raw for e in g.entries if e.origin == "printed"]) for g in groups] == [
        ("Members", ["Member States of the EU", "Iceland"])
    ]


def test_a_collective_printed_as_a_heading_over_a_printed_list_labels_it_and_is_not_expanded():
    groups = member_groups([block("ASEAN Member States", "heading"), block("Indonesia, Malaysia")], on=REVISION_DATE)
    assert [(g.label, [e.raw for e in g.entries]) for g in groups] == [
        ("ASEAN Member States", ["Indonesia", "Malaysia"])
    ]


def test_ejns_collective_on_a_line_of_its_own_above_the_commission_is_a_member_not_a_heading(revision_2020):
    """EJN's cell as issue 21 saw it printed: the heading, the collective, then the Commission and the Secretariat."""
    cell = [
        block("Approximately 400 national contact points in:", "heading"),
        block("Member States of the EU"),
        block("the European Commission and the EJN Secretariat"),
    ]
    ejn = next(i for i, n in enumerate(normalise(revision_2020).networks) if n.id == "ejn")
    row = revision_2020.rows[ejn].model_copy(update={"members": cell})
    groups = normalise(revision_2020.model_copy(update={"rows": [row]})).networks[0].groups
    assert [(g.label, [e.raw for e in g.entries if e.origin == "printed"]) for g in groups] == [
        (
            "Approximately 400 national contact points in",
            ["Member States of the EU", "the European Commission", "the EJN Secretariat"],
        )
    ]
    assert {e.codes[0] for e in groups[0].entries if e.origin == "expanded"} == set(EU_2020)


def test_a_collective_above_states_that_never_were_its_members_is_a_member_of_their_list():
    groups = member_groups([block("Member States of the EU", "heading"), block("Norway, Iceland")], on=REVISION_DATE)
    assert [(g.label, [e.raw for e in g.entries if e.origin == "printed"]) for g in groups] == [
        (None, ["Member States of the EU", "Norway", "Iceland"])
    ]


def test_a_sentence_leading_into_a_list_through_a_collective_gives_the_collective_and_the_list():
    found = entries(
        "EJN is composed of contact points in the Member States of the EU, the European Commission and the Secretariat."
    )
    assert [(e.raw, e.kind) for e in found if e.origin == "printed"] == [
        ("the Member States of the EU", "collective"),
        ("the European Commission", "organisation"),
        ("the Secretariat", "other"),
    ]
    assert len([e for e in found if e.origin == "expanded"]) == 27


def test_a_collective_quantified_by_all_inside_a_list_is_cut_from_the_names_after_it():
    groups = member_groups(
        [block("Contact points in all Member States of the Council of Europe and Japan")], on=REVISION_DATE
    )
    assert [(g.label, [(e.raw, e.kind) for e in g.entries if e.origin == "printed"]) for g in groups] == [
        ("Contact points in", [("all Member States of the Council of Europe", "collective"), ("Japan", "country")])
    ]


def test_a_collective_on_a_line_of_its_own_between_two_headings_is_an_entry():
    groups = member_groups(
        [block("Members", "heading"), block("G7 states", "heading"), block("Observers", "heading")], on=REVISION_DATE
    )
    assert [(g.label, [(e.codes, e.origin) for e in g.entries]) for g in groups] == [
        (
            "Members",
            [(["g7"], "printed"), *(([code], "expanded") for code in ["CA", "DE", "FR", "GB", "IT", "JP", "US"])],
        ),
        ("Observers", []),
    ]


def test_an_expanded_member_is_named_as_readers_know_it():
    found = entries("Member States of the Council of Europe")
    names = {e.codes[0]: e.raw for e in found if e.origin == "expanded"}
    assert (names["MD"], names["RU"], names["GB"]) == ("Moldova", "Russian Federation", "United Kingdom")


def test_a_sentence_that_mentions_a_collective_stays_a_sentence():
    found = entries("Judicial cooperation between the Member States of the European Union.")
    assert [(e.kind, e.status) for e in found] == [("other", "text")]
