"""Printed counts checked: a heading's count against the members found under it, `cdpc check`'s
line for a mismatch, and the `acknowledge_count` correction."""

from __future__ import annotations

import pytest

from pipeline.corrections.apply import corrected_dataset, load_corrections
from pipeline.errors import MalformedCorrection, StaleCorrection
from pipeline.models import Group
from pipeline.normalise.counts import count_checks, mismatch_line, mismatches, printed_count
from pipeline.versions.build import printed_dataset, publish
from tests.builders import (
    MERGE_ACN,
    correction,
    entry,
    network,
    read_csv,
    sample_normalised,
    tidy_networks,
    write_corrections,
)

CARIN = "{network: carin, group: 5 Registered Member Jurisdictions}"


def corrected(tmp_path, *corrections: str):
    folder = write_corrections(tmp_path / "corrections", MERGE_ACN + "".join(corrections))
    normalised = sample_normalised(tidy_networks())
    return corrected_dataset(
        printed_dataset(normalised, "cdpc-2017-1-rev"), load_corrections(folder).of(normalised.source)
    )


def acknowledged(printed: int, found: int, id: str = "carin-lists-fewer") -> str:
    return correction(id, "acknowledge_count", CARIN, f"    expect: {{printed: {printed}, found: {found}}}\n")


def test_a_mismatch_has_page_network_group_printed_and_found():
    checks = count_checks(tidy_networks())
    assert [(c.network, c.group, c.printed, c.found, c.matches) for c in checks] == [
        ("carin", "5 Registered Member Jurisdictions", 5, 3, False),
        ("carin", "3 Observer International Organisations", 3, 2, False),  # the statement is a note, not a member
    ]
    line = mismatch_line(mismatches(tidy_networks())[0])
    assert line == "pNone\tcarin\t5 Registered Member Jurisdictions\tprinted 5, found 3\tcount mismatch"


def test_members_of_dash_printed_sub_groups_count_for_their_heading_and_a_year_is_no_count():
    parent = Group(label="12 Third States and organisations", count=12, entries=[])
    children = [
        Group(label=f"- {kind}", parent=parent.label, entries=[entry(c, codes=(c,)) for c in codes])
        for kind, codes in (("Agreements", ("US", "NO")), ("Liaison", ("CH",)))
    ]
    year = Group(label="Parties since 2001", count=2001, entries=[entry("Albania", codes=("AL",))])
    built = network("x", "X", {}).model_copy(update={"groups": [parent, *children, year]})
    assert printed_count(year) is None
    assert [(c.group, c.printed, c.found) for c in count_checks([built])] == [
        ("12 Third States and organisations", 12, 3)
    ]


def test_acknowledge_count_records_its_id_on_the_group_and_in_counts_csv(tmp_path):
    dataset = corrected(tmp_path, acknowledged(5, 3))
    carin = next(n for n in dataset.networks if n.id == "carin")
    assert [g.count_acknowledged for g in carin.groups] == ["carin-lists-fewer", None, None]
    assert [e.raw for e in carin.groups[0].entries] == ["Germany", "Gibraltar", "England & Wales"]
    folder = write_corrections(tmp_path / "c2", MERGE_ACN + acknowledged(5, 3))
    done = publish(sample_normalised(tidy_networks()), load_corrections(folder), tmp_path / "out")
    rows = read_csv(done.path / "counts.csv")
    assert [(r["group_label"], r["acknowledged"]) for r in rows] == [
        ("5 Registered Member Jurisdictions", "carin-lists-fewer"),
        ("3 Observer International Organisations", ""),
    ]


def test_acknowledge_count_is_stale_when_the_count_found_changed(tmp_path):
    with pytest.raises(StaleCorrection, match=r"paper.yaml:11: .*prints 5 and lists 3, expected 5 and 4"):
        corrected(tmp_path, acknowledged(5, 4))


def test_acknowledge_count_of_a_group_that_is_gone_is_stale(tmp_path):
    text = correction(
        "x", "acknowledge_count", "{network: carin, group: 54 Registered}", "    expect: {printed: 5, found: 3}\n"
    )
    with pytest.raises(StaleCorrection, match="no group '54 Registered'"):
        corrected(tmp_path, text)


def test_acknowledge_count_without_its_expected_counts_is_malformed(tmp_path):
    with pytest.raises(MalformedCorrection):
        corrected(tmp_path, correction("x", "acknowledge_count", CARIN))
