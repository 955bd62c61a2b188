"""Correction overlays: every operation, its recorded original, and stale or malformed corrections."""

from __future__ import annotations

import pytest

from pipeline.corrections.apply import corrected_dataset, load_corrections
from pipeline.errors import MalformedCorrection, StaleCorrection, UncorrectedDuplicate
from pipeline.versions.build import printed_dataset
from tests.builders import (
    HEADER,
    MERGE_ACN,
    PORTUGUESE,
    block,
    correction,
    sample_networks,
    sample_normalised,
    write_corrections,
)


def applied(corrections, normalised=None):
    normalised = normalised or sample_normalised()
    return corrected_dataset(printed_dataset(normalised, "cdpc-2017-1-rev"), corrections.of(normalised.source))


def corrected(tmp_path, *corrections: str):
    folder = write_corrections(tmp_path / "corrections", MERGE_ACN + "".join(corrections))
    return applied(load_corrections(folder))


def network(dataset, id):
    return next(n for n in dataset.networks if n.id == id)


def raws(dataset, id):
    return [e.raw for g in network(dataset, id).groups for e in g.entries]


def test_replace_entry_keeps_the_original_and_the_correction_id(tmp_path):
    value = "    value: {raw: Cabo Verde, kind: country, codes: [CV]}\n"
    dataset = corrected(tmp_path, correction("green-cape", "replace_entry", PORTUGUESE, value))
    fixed = network(dataset, "portuguese-network").groups[0].entries[1]
    assert (fixed.raw, fixed.codes, fixed.status) == ("Cabo Verde", ["CV"], "coded")
    assert fixed.amendments[0].correction == "green-cape"
    assert fixed.amendments[0].original["raw"] == "Green Cape"
    assert fixed.span is not None


def test_split_entry_puts_its_parts_in_the_entrys_place(tmp_path):
    value = (
        "    value:\n      - {raw: Japan, kind: country, codes: [JP]}\n"
        "      - {raw: Kazakhstan, kind: country, codes: [KZ]}\n"
    )
    target = "{network: portuguese-network, entry: Japan Kazakhstan}"
    dataset = corrected(tmp_path, correction("missing-comma", "split_entry", target, value))
    assert raws(dataset, "portuguese-network") == ["Angola", "Green Cape", "Brazil", "Japan", "Kazakhstan"]


def test_remove_entry_takes_the_named_occurrence_and_records_it_on_the_network(tmp_path):
    target = "{network: acn, section: european, entry: Uzbekistan, occurrence: 2}"
    dataset = corrected(tmp_path, correction("uzbekistan-twice", "remove_entry", target))
    acn = network(dataset, "acn")
    assert raws(dataset, "acn") == ["Albania", "Uzbekistan", "Armenia"]
    assert [(a.field, a.original, a.correction) for a in acn.amendments if a.field == "entries"] == [
        ("entries", {"raw": "Uzbekistan", "kind": "country", "codes": ["UZ"], "status": "coded"}, "uzbekistan-twice")
    ]  # the entry's values, not where it stood (span) nor its history


def test_add_entry_after_a_named_entry(tmp_path):
    target = "{network: portuguese-network, entry: Angola}"
    value = "    value: {raw: Guinea-Bissau, kind: country, codes: [GW]}\n"
    dataset = corrected(tmp_path, correction("guinea-bissau", "add_entry", target, value))
    assert raws(dataset, "portuguese-network")[:2] == ["Angola", "Guinea-Bissau"]
    assert network(dataset, "portuguese-network").groups[0].entries[1].span is None


def test_an_added_entry_without_a_status_takes_the_one_its_values_give(tmp_path):
    added = [
        ("guinea-bissau", "{raw: Guinea-Bissau, kind: country, codes: [GW]}"),
        ("ruritania", "{raw: Ruritania, kind: country}"),
        ("prose", "{raw: Judges of the region, kind: other}"),
    ]
    dataset = corrected(
        tmp_path,
        *(correction(id, "add_entry", "{network: portuguese-network}", f"    value: {value}\n") for id, value in added),
    )
    assert [(e.raw, e.status) for e in network(dataset, "portuguese-network").groups[0].entries][-3:] == [
        ("Guinea-Bissau", "coded"),
        ("Ruritania", "unresolved"),
        ("Judges of the region", "text"),
    ]


def test_set_codes_and_set_kind_check_the_expected_value(tmp_path):
    dataset = corrected(
        tmp_path,
        correction("code-green-cape", "set_codes", PORTUGUESE, "    expect: []\n    value: [CV]\n"),
        correction("kind-green-cape", "set_kind", PORTUGUESE, "    expect: country\n    value: territory\n"),
    )
    fixed = network(dataset, "portuguese-network").groups[0].entries[1]
    assert (fixed.codes, fixed.kind, fixed.status) == (["CV"], "territory", "coded")
    assert [(a.field, a.original) for a in fixed.amendments] == [
        ("codes", []),
        ("status", "unresolved"),
        ("kind", "country"),
    ]


def test_replace_text_fixes_every_occurrence_in_the_purpose(tmp_path):
    extra = "    field: purpose\n    expect: ANC\n    value: ACN\n"
    dataset = corrected(tmp_path, correction("anc-slip", "replace_text", "{network: acn, section: european}", extra))
    acn = network(dataset, "acn")
    assert acn.purpose[1].text == "ACN operates through general meetings."
    assert [(a.field, a.original) for a in acn.amendments if a.correction == "anc-slip"] == [
        ("purpose[1]", "ANC operates through general meetings.")
    ]


def test_set_field_replaces_a_network_field(tmp_path):
    extra = "    field: acronym\n    expect: BES\n    value: BES-NL\n"
    dataset = corrected(tmp_path, correction("bes-acronym", "set_field", "{network: bes}", extra))
    assert network(dataset, "bes").acronym == "BES-NL"


def test_merge_row_folds_the_duplicate_into_the_kept_row(tmp_path):
    dataset = corrected(tmp_path)
    assert [n.id for n in dataset.networks] == ["bes", "portuguese-network", "acn"]
    acn = network(dataset, "acn")
    assert raws(dataset, "acn") == ["Albania", "Uzbekistan", "Uzbekistan", "Armenia"]
    assert [f.url for f in acn.footnotes] == ["http://www.oecd.org/corruption/acn/"]
    assert dataset.dropped[0].section == "non_european"
    assert [(a.field, a.original, a.correction) for a in acn.amendments] == [
        ("merged", {"id": "acn", "section": "non_european", "name": acn.name}, "oecd-acn-printed-twice")
    ]


def test_merge_row_refuses_to_lose_a_purpose_that_differs(tmp_path):
    extra = "    field: purpose\n    expect: ANC\n    value: ACN\n"
    fix_first = correction("anc-slip", "replace_text", "{network: acn, section: european}", extra)
    folder = write_corrections(tmp_path / "corrections", HEADER + fix_first + MERGE_ACN.removeprefix(HEADER))
    with pytest.raises(
        StaleCorrection, match=r"paper.yaml:12: .*purposes of 'acn' and 'acn' differ \('ANC' against 'ACN'\)"
    ):
        applied(load_corrections(folder))


def test_a_row_printed_twice_without_correction_stops_the_build(tmp_path):
    folder = write_corrections(tmp_path / "corrections", HEADER.replace("corrections:", "corrections: []"))
    with pytest.raises(UncorrectedDuplicate, match="network 'acn' is printed more than once"):
        applied(load_corrections(folder))


def test_correction_whose_entry_is_gone_names_file_line_and_what_it_found(tmp_path):
    target = "{network: portuguese-network, entry: Green Cap}"
    value = "    value: {raw: Cabo Verde, kind: country, codes: [CV]}\n"
    with pytest.raises(StaleCorrection) as error:
        corrected(tmp_path, correction("green-cape", "replace_entry", target, value))
    assert error.value.path == f"{tmp_path / 'corrections' / 'paper.yaml'}:11"
    assert "correction 'green-cape'" in error.value.problem
    assert "found instead: 'Green Cape'" in error.value.problem


def test_correction_whose_expected_value_changed_is_stale(tmp_path):
    with pytest.raises(StaleCorrection, match=r"paper.yaml:11: .*has codes \[\], expected \['XX'\]"):
        corrected(
            tmp_path, correction("code-green-cape", "set_codes", PORTUGUESE, "    expect: [XX]\n    value: [CV]\n")
        )


def test_correction_whose_network_is_gone_is_stale(tmp_path):
    with pytest.raises(StaleCorrection, match="no network 'portugese-network'; found instead: 'portuguese-network'"):
        corrected(tmp_path, correction("x", "remove_entry", "{network: portugese-network, entry: Angola}"))


def test_ambiguous_entry_without_occurrence_is_refused(tmp_path):
    with pytest.raises(StaleCorrection, match="occurs 2 times"):
        corrected(tmp_path, correction("x", "remove_entry", "{network: acn, section: european, entry: Uzbekistan}"))


def test_malformed_yaml_names_its_line(tmp_path):
    write_corrections(tmp_path / "c", "corrections:\n  - id: x\n    op: [unclosed\n")
    with pytest.raises(MalformedCorrection, match=r"paper.yaml:4: not valid YAML"):
        load_corrections(tmp_path / "c")


def test_a_file_that_is_not_utf8_is_malformed(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "latin1.yaml").write_bytes("corrections: []  # São Tomé\n".encode("latin-1"))
    with pytest.raises(MalformedCorrection, match=r"latin1.yaml: not UTF-8 text"):
        load_corrections(tmp_path / "c")


def test_correction_missing_its_reason_names_the_line_of_the_correction(tmp_path):
    text = HEADER + correction("x", "remove_entry", PORTUGUESE).replace("    reason: The paper has it wrong.\n", "")
    write_corrections(tmp_path / "c", text)
    with pytest.raises(MalformedCorrection, match=r"paper.yaml:3: corrections.0.remove_entry.reason: Field required"):
        load_corrections(tmp_path / "c")


def test_unknown_operation_names_the_line_of_its_correction(tmp_path):
    write_corrections(tmp_path / "c", HEADER + correction("x", "rename_entry", PORTUGUESE))
    with pytest.raises(MalformedCorrection, match=r"paper.yaml:3: corrections.0: Input tag 'rename_entry'"):
        load_corrections(tmp_path / "c")


def test_an_id_used_twice_is_refused_with_both_places(tmp_path):
    write_corrections(tmp_path / "c", HEADER + correction("x", "remove_entry", PORTUGUESE), "a.yaml")
    write_corrections(tmp_path / "c", HEADER + correction("x", "remove_entry", PORTUGUESE), "b.yaml")
    with pytest.raises(MalformedCorrection, match=r"b.yaml:3: correction id 'x' is already used at .*a.yaml:3"):
        load_corrections(tmp_path / "c").of(sample_normalised().source)


def test_files_apply_in_name_order_and_each_top_to_bottom(tmp_path):
    write_corrections(tmp_path / "c", HEADER + correction("second", "remove_entry", PORTUGUESE), "b.yaml")
    write_corrections(tmp_path / "c", HEADER + correction("first", "remove_entry", PORTUGUESE), "a.yaml")
    assert [c.correction.id for c in load_corrections(tmp_path / "c").items] == ["first", "second"]


def test_replace_text_fixes_every_occurrence_in_the_name(tmp_path):
    extra = '    field: name\n    expect: " of "\n    value: " for "\n'
    dataset = corrected(tmp_path, correction("of-for", "replace_text", "{network: portuguese-network}", extra))
    fixed = network(dataset, "portuguese-network")
    assert fixed.name == "Network for Judicial International Cooperation for the Portuguese speaking countries"
    assert [(a.field, a.original) for a in fixed.amendments if a.correction == "of-for"] == [
        ("name", "Network of Judicial International Cooperation of the Portuguese speaking countries")
    ]


def test_replace_text_fixes_every_paragraph_of_the_purpose_that_prints_it(tmp_path):
    """A slip the purpose prints in two paragraphs is fixed in both, each paragraph's original recorded."""
    slipped = [block("The ANC is a network."), block("ANC operates through general meetings.")]
    normalised = sample_normalised(
        [n.model_copy(update={"purpose": slipped}) if n.id == "acn" else n for n in sample_networks()]
    )
    extra = "    field: purpose\n    expect: ANC\n    value: ACN\n"
    folder = write_corrections(
        tmp_path / "c", MERGE_ACN + correction("anc-slip", "replace_text", "{network: acn, section: european}", extra)
    )
    acn = network(applied(load_corrections(folder), normalised), "acn")
    assert [b.text for b in acn.purpose] == ["The ACN is a network.", "ACN operates through general meetings."]
    assert [(a.field, a.original) for a in acn.amendments if a.correction == "anc-slip"] == [
        ("purpose[0]", "The ANC is a network."),
        ("purpose[1]", "ANC operates through general meetings."),
    ]


def test_set_codes_to_none_leaves_the_entry_unresolved(tmp_path):
    """Taking a wrong code away: the entry is no longer coded, and both changes are recorded."""
    target = "{network: portuguese-network, entry: Angola}"
    dataset = corrected(tmp_path, correction("not-angola", "set_codes", target, "    expect: [AO]\n    value: []\n"))
    angola = network(dataset, "portuguese-network").groups[0].entries[0]
    assert (angola.raw, angola.codes, angola.status) == ("Angola", [], "unresolved")
    assert [(a.field, a.original) for a in angola.amendments] == [("codes", ["AO"]), ("status", "coded")]
