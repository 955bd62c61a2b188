"""Every field the diff compares, one by one, with the correction each change is attributed to, and
the per-country summary (issue 12, "a complete diff")."""

from __future__ import annotations

import datetime
import json

from pipeline.diff.changes import country_changes, dataset_diff, network_changes
from pipeline.diff.records import CountryChange, DiffRecord
from pipeline.diff.render import diff_schema_json, rendered_diff
from pipeline.models import (
    Amendment,
    Dataset,
    DatasetEntry,
    DatasetGroup,
    DatasetNetwork,
    DroppedNetwork,
    ExpandedFrom,
    PurposeTerms,
    Relation,
)
from tests.builders import entry, network, sample_normalised
from tests.support import REPO


def as_dataset(net) -> DatasetNetwork:
    return DatasetNetwork.model_validate(net.model_dump())


def with_entries(groups: dict, **fields) -> DatasetNetwork:
    """Network "x" with these groups of dataset entries (amendments and all)."""
    groups = [DatasetGroup(label=label, entries=entries) for label, entries in groups.items()]
    return as_dataset(network("x", "X Network", {}, **fields)).model_copy(update={"groups": groups})


def member(raw: str, kind: str = "country", codes: tuple[str, ...] = (), **update) -> DatasetEntry:
    return DatasetEntry.model_validate(entry(raw, kind, codes).model_dump() | update)


def changes(a: DatasetNetwork, b: DatasetNetwork) -> list[tuple]:
    return [(r.op, r.item, r.key, r.old, r.new, tuple(r.corrections)) for r in network_changes(a, b)]


def test_an_entrys_kind_role_text_and_note_are_each_compared():
    before = with_entries(
        {"Members": [member("RRAG Secretariat", "network", ("rrag",), role="Secretariat", note="GAFILAT")]}
    )
    after = with_entries(
        {"Members": [member("RRAG secretariat", "organisation", ("rrag",), note="the network of GAFILAT")]}
    )
    assert changes(before, after) == [
        ("MOD", "role", "rrag", "Secretariat", None, ()),
        ("MOD", "kind", "rrag", "network", "organisation", ()),
        ("MOD", "raw", "rrag", "RRAG Secretariat", "RRAG secretariat", ()),
        ("MOD", "note", "rrag", "GAFILAT", "the network of GAFILAT", ()),
    ]


def test_an_entry_coded_otherwise_is_a_change_of_codes_by_a_correction_not_a_removal():
    korea = member("Korea", codes=(), status="ambiguous", candidates=["KR", "KP"])
    corrected = member(
        "Korea", codes=("KR",), amendments=[Amendment(field="codes", original=[], correction="korea-is-kr")]
    )
    assert changes(with_entries({None: [korea]}), with_entries({None: [corrected]})) == [
        ("MOD", "codes", "korea", [], ["KR"], ("korea-is-kr",))
    ]


def test_a_correction_applied_to_both_versions_causes_no_change_of_its_own():
    amended = [Amendment(field="codes", original=[], correction="korea-is-kr")]
    before = with_entries({None: [member("Korea", codes=("KR",), amendments=amended)]})
    after = with_entries({None: [member("Korea", codes=("KR",), amendments=amended, note="printed in bold")]})
    assert changes(before, after) == [("MOD", "note", "KR", None, "printed in bold", ())]


def test_a_member_a_correction_added_or_removed_names_that_correction():
    added = member(
        "Cabo Verde",
        codes=("CV",),
        amendments=[Amendment(field="entry", original={"raw": "Green Cape"}, correction="green-cape")],
    )
    before = with_entries({None: [member("Angola", codes=("AO",)), member("Uzbekistan", codes=("UZ",))]})
    after = with_entries({None: [member("Angola", codes=("AO",)), added]}).model_copy(
        update={
            "amendments": [
                Amendment(
                    field="entries", original={"raw": "Uzbekistan", "codes": ["UZ"]}, correction="uzbekistan-twice"
                )
            ]
        }
    )
    assert changes(before, after) == [
        ("DEL", "member", "UZ", "Uzbekistan", None, ("uzbekistan-twice",)),
        ("ADD", "member", "CV", None, "Cabo Verde", ("green-cape",)),
    ]


def test_a_network_field_a_correction_set_names_it_and_the_text_line_shows_it():
    before = with_entries({}, purpose=("The NCAP assists.",))
    after = with_entries({}, purpose=("The NACP assists.",)).model_copy(
        update={
            "amendments": [
                Amendment(field="purpose[0]", original="The NCAP assists.", correction="nacp-printed-as-ncap")
            ]
        }
    )
    records = network_changes(before, after)
    assert [(r.item, r.corrections) for r in records] == [("purpose", ["nacp-printed-as-ncap"])]
    assert (
        rendered_diff(records, "text", "a", "b").splitlines()[2]
        == "~ x purpose: The [-NCAP-] {+NACP+} assists. (correction nacp-printed-as-ncap)"
    )


def test_section_terms_and_relations_are_compared_and_a_renamed_networks_two_ids_read_as_one():
    related = [
        Relation(source="x", target="old-id", kind="hosts", evidence="", cell="purpose"),
        Relation(source="x", target="gone", kind="mentions", evidence="", cell="purpose"),
    ]
    before = with_entries({}).model_copy(
        update={"terms": PurposeTerms(crime_areas=["corruption", "terrorism"]), "relations": related}
    )
    after = with_entries({}, section="non_european").model_copy(
        update={
            "terms": PurposeTerms(crime_areas=["corruption", "cybercrime"], years=[2004]),
            "relations": [related[0].model_copy(update={"target": "new-id"})],
        }
    )
    records = network_changes(before, after, {"old-id": "new-id", "new-id": "new-id"})
    assert [(r.op, r.item, r.key, r.old, r.new) for r in records if r.item != "section"] == [
        ("MOD", "terms", "crime_areas", ["terrorism"], ["cybercrime"]),
        ("ADD", "terms", "years", None, [2004]),
        ("DEL", "relation", "x mentions gone", "x mentions gone", None),
    ]
    assert [(r.item, r.old, r.new) for r in records if r.item == "section"] == [("section", "european", "non_european")]


def test_a_collective_printed_with_another_count_is_one_record_and_its_states_none():
    eu = ExpandedFrom(collective="eu", printed="Member States of the EU", on=datetime.date(2020, 9, 22))
    states = [
        member(name, codes=(code,), origin="expanded", expanded_from=eu)
        for name, code in (("Austria", "AT"), ("Belgium", "BE"))
    ]
    before = with_entries({None: [member("Member States of the EU", "collective", ("eu",)), *states]})
    after = with_entries({None: [member("27 Member States of the EU", "collective", ("eu",), count=27), *states]})
    assert changes(before, after) == [
        ("MOD", "collective", "eu", "Member States of the EU", "27 Member States of the EU", ())
    ]


def test_a_printed_state_now_expanded_from_a_collective_is_no_change_of_its_text():
    eu = ExpandedFrom(collective="eu", printed="Member States of the EU", on=datetime.date(2020, 9, 22))
    before = with_entries({"28 Member States of the European Union": [member("Czech Republic", codes=("CZ",))]})
    after = with_entries(
        {
            None: [
                member("Member States of the EU", "collective", ("eu",)),
                member("Czechia", codes=("CZ",), origin="expanded", expanded_from=eu),
            ]
        }
    )
    assert changes(before, after) == [
        ("MOD", "group_label", None, "28 Member States of the European Union", None, ()),
        ("ADD", "collective", "eu", None, "Member States of the EU", ()),
    ]


def dataset(networks, dropped=()) -> Dataset:
    normalised = sample_normalised(networks)
    return Dataset(
        document="d", source=normalised.source, networks=[as_dataset(n) for n in networks], dropped=list(dropped)
    )


def test_a_network_a_correction_dropped_names_it_and_the_per_country_summary_counts_states():
    kept = network(
        "kept", "Kept Network", {None: [entry("North Rhine-Westphalia (Germany)", "subdivision", ("DE-NW",))]}
    )
    gone = network("gone", "Gone Network", {None: [entry("France", codes=("FR",))]})
    new = network(
        "sahel",
        "Sahel Judicial Platform",
        {None: [entry("Chad", codes=("TD",)), entry("Germany: Federal Office", "institution", ("DE",))]},
    )
    dropped = DroppedNetwork(id="gone", name="Gone Network", section="european", correction="gone-is-a-duplicate")
    old, newer = dataset([kept, gone]), dataset([kept, new], [dropped])
    assert [(r.op, r.network, r.corrections) for r in dataset_diff(old, newer)] == [
        ("DEL", "gone", ["gone-is-a-duplicate"]),
        ("ADD", "sahel", []),
    ]
    assert country_changes(old, newer) == {
        "DE": CountryChange(joined=["sahel"]),
        "FR": CountryChange(left=["gone"]),
        "TD": CountryChange(joined=["sahel"]),
    }
    text = rendered_diff(dataset_diff(old, newer), "text", "v1", "v2", (old, newer)).splitlines()
    assert text[-2:] == ["  DE, TD: +1 network (sahel)", "  FR: -1 network (gone)"]


def test_json_leaves_out_what_a_record_does_not_set(tmp_path):
    record = DiffRecord(op="ADD", network="x", item="member", key="TD", new="Chad")
    assert rendered_diff([record], "json", "a", "b").splitlines()[3:] == [
        '  "records": [',
        "    {",
        '      "op": "ADD",',
        '      "network": "x",',
        '      "item": "member",',
        '      "key": "TD",',
        '      "new": "Chad"',
        "    }",
        "  ],",
        '  "countries": {}',
        "}",
    ]


def test_the_committed_json_schema_of_the_diff_is_the_one_the_models_generate():
    committed = (REPO / "schemas" / "diff.schema.json").read_text(encoding="utf-8")
    assert committed == diff_schema_json(), (
        "schemas/diff.schema.json is out of date: see pipeline.diff.render.diff_schema_json"
    )


def test_corrections_applied_to_one_version_only_are_listed_as_added_or_retired():
    amended = [Amendment(field="codes", original=[], correction="korea-is-kr")]
    old = dataset([network("kept", "Kept", {None: [entry("Korea", codes=("KR",))]})])
    old = old.model_copy(
        update={"networks": [with_entries({None: [member("Korea", codes=("KR",), amendments=amended)]})]}
    )
    dropped = DroppedNetwork(id="twice", name="Twice", section="european", correction="printed-twice")
    new = old.model_copy(
        update={"dropped": [dropped], "networks": [with_entries({None: [member("Korea", codes=("KR",))]})]}
    )
    text = rendered_diff(dataset_diff(old, new), "text", "v1", "v2", (old, new)).splitlines()
    assert text[-2:] == ["  corrections added: printed-twice", "  corrections retired: korea-is-kr"]
    document = json.loads(rendered_diff([], "json", "v1", "v2", (old, new)))
    assert (document["corrections_added"], document["corrections_retired"]) == (["printed-twice"], ["korea-is-kr"])
