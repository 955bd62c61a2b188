"""The edits a correction is made of (`pipeline.corrections.edit`), on networks built here: what a
merge adds and leaves, what a merge would lose of a purpose, and an entry's values as a
correction's original."""

from __future__ import annotations

from pipeline.corrections.edit import entry_value, lost_purpose, merged
from pipeline.models import Amendment, Anchor, CitedFootnote, DatasetEntry, DatasetNetwork
from tests.builders import entry, network


def dataset_network(*args, notes: tuple[str, ...] = (), **kwargs) -> DatasetNetwork:
    """A network of `tests.builders.network` as a version holds it, with footnotes printing `notes`
    (no URL) after its URLs."""
    built = DatasetNetwork.model_validate(network(*args, **kwargs).model_dump())
    anchor = Anchor(cell="purpose", block=0, offset=5)
    printed = [CitedFootnote(number=20 + n, text=text, page=3, anchor=anchor) for n, text in enumerate(notes)]
    return built.model_copy(update={"footnotes": [*built.footnotes, *printed]})


def test_a_merge_adds_the_groups_entries_and_sources_the_network_lacks():
    into = dataset_network(
        "acn",
        "ACN",
        {"Members": [entry("France", codes=("FR",))]},
        footnotes=("https://acn.example/",),
        notes=("Printed note",),
    )
    row = dataset_network(
        "acn-2",
        "ACN",
        {
            "Observers": [entry("Japan", codes=("JP",))],
            "Members": [entry("FRANCE", codes=("FR",)), entry("Spain", codes=("ES",))],
        },
        footnotes=("https://acn.example/", "https://other.example/"),
        notes=("Printed note", "Another note"),
        section="non_european",
    )
    done = merged(into, row, "merge-acn")
    assert [(g.label, [e.raw for e in g.entries]) for g in done.groups] == [
        ("Members", ["France", "Spain"]),
        ("Observers", ["Japan"]),
    ]
    assert [(f.url, f.text) for f in done.footnotes] == [
        ("https://acn.example/", "https://acn.example/"),
        (None, "Printed note"),
        ("https://other.example/", "https://other.example/"),
        (None, "Another note"),
    ]
    assert done.amendments == [
        Amendment(
            field="merged", original={"id": "acn-2", "section": "non_european", "name": "ACN"}, correction="merge-acn"
        )
    ]


def test_what_a_merge_would_lose_of_a_purpose_is_its_first_three_changes():
    into = dataset_network("acn", "ACN", {}, purpose=("a b c d e f g h",))
    assert lost_purpose(dataset_network("acn-2", "ACN", {}, purpose=()), into) == ""
    assert lost_purpose(dataset_network("acn-2", "ACN", {}, purpose=("a b c d", "e f g h")), into) == ""
    row = dataset_network("acn-2", "ACN", {}, purpose=("a B c D e F g H",))
    assert lost_purpose(row, into) == "'B' against 'b'; 'D' against 'd'; 'F' against 'f'"


def test_an_entrys_values_leave_out_where_it_stood_and_its_history():
    printed = DatasetEntry.model_validate(entry("France", codes=("FR",)).model_dump())
    amended = printed.model_copy(
        update={"amendments": [Amendment(field="raw", original="Frankreich", correction="rename")]}
    )
    assert printed.span is not None
    assert (
        entry_value(amended)
        == entry_value(printed)
        == {"raw": "France", "kind": "country", "codes": ["FR"], "status": "coded"}
    )
