"""The triage of each correction operation, and which files apply to which source.

For each operation: against the same print it *still applies*; against a print that already holds
what it set in the previous version it is *fixed in the source*; against a print without its target
the *target is gone*; against a print holding something else there its *expected value changed*.
(The 2020 revision's triage of the twelve real corrections: tests/versions/test_build_sources.py.)
"""

from __future__ import annotations

import pytest

from pipeline.corrections.apply import load_corrections
from pipeline.corrections.triage import triage
from pipeline.models import KeptId
from pipeline.versions.build import printed_dataset
from tests.builders import (
    SOURCE_HEADER,
    correction,
    entry,
    sample_networks,
    sample_normalised,
    write_corrections,
)

DOCUMENT = "cdpc-2017-1-rev"
PORTUGUESE = "portuguese-network"


def changed(id: str, update=None, section: str | None = None, entries=None, drop: bool = False):
    """The sample networks with network `id` (in `section`) changed: fields, its first group's entries, or dropped."""
    networks = []
    for n in sample_networks():
        if n.id != id or (section and n.section != section):
            networks.append(n)
            continue
        if drop:
            continue
        if entries is not None:
            n = n.model_copy(
                update={"groups": [n.groups[0].model_copy(update={"entries": entries(n.groups[0].entries)})]}
            )
        networks.append(n.model_copy(update=update or {}))
    return networks


def acn_purpose(old: str, new: str):
    """The sample networks with `old` printed as `new` in the first ACN's purpose."""
    acn = next(n for n in sample_networks() if n.id == "acn")
    return changed(
        "acn", {"purpose": [b.model_copy(update={"text": b.text.replace(old, new)}) for b in acn.purpose]}, "european"
    )


CASES = {
    "set_field": (
        correction(
            "bes-acronym", "set_field", "{network: bes}", "    field: acronym\n    expect: BES\n    value: BESC\n"
        ),
        changed("bes", {"acronym": "BESC"}),
        changed("bes", drop=True),
        changed("bes", {"acronym": "BEX"}),
    ),
    "replace_text": (
        correction(
            "anc",
            "replace_text",
            "{network: acn, section: european}",
            "    field: purpose\n    expect: ANC operates\n    value: ACN operates\n",
        ),
        acn_purpose("ANC", "ACN"),
        changed("acn", section="european", drop=True),
        acn_purpose("ANC", "NAC"),
    ),
    "add_entry": (
        correction(
            "add-cabo-verde",
            "add_entry",
            f"{{network: {PORTUGUESE}}}",
            "    value: {raw: Cabo Verde, kind: country, codes: [CV]}\n",
        ),
        changed(PORTUGUESE, entries=lambda es: [*es, entry("Cabo Verde", codes=("CV",))]),
        changed(PORTUGUESE, drop=True),
        None,
    ),
    "set_kind": (
        correction(
            "sentence",
            "set_kind",
            f"{{network: {PORTUGUESE}, entry: Japan Kazakhstan}}",
            "    expect: country\n    value: other\n",
        ),
        changed(
            PORTUGUESE, entries=lambda es: [entry(e.raw, "other") if e.raw == "Japan Kazakhstan" else e for e in es]
        ),
        changed(PORTUGUESE, entries=lambda es: [e for e in es if e.raw != "Japan Kazakhstan"]),
        changed(
            PORTUGUESE,
            entries=lambda es: [entry(e.raw, "organisation") if e.raw == "Japan Kazakhstan" else e for e in es],
        ),
    ),
    "drop_row": (
        correction(
            "second-acn",
            "drop_row",
            "{network: acn, section: non_european}",
            "    expect: Organization for Economic Cooperation and Development Anti-Corruption Network\n",
        ),
        changed("acn", section="non_european", drop=True),
        None,
        changed("acn", {"name": "OECD Anti-Corruption Network"}, "non_european"),
    ),
}


def triaged(text: str, tmp_path, networks):
    """The heading of the one correction of `text`: the previous version is the sample with it applied."""
    corrections = load_corrections(write_corrections(tmp_path / "c", SOURCE_HEADER + "corrections:\n" + text))
    own = corrections.of(sample_normalised().source)
    item = own.items[0]
    previous = item.correction.apply(printed_dataset(sample_normalised(), DOCUMENT), item.stale)
    new = printed_dataset(sample_normalised(networks, sha256="b" * 64), DOCUMENT)
    return triage(new, previous, own).items[0].heading


@pytest.mark.parametrize("op", CASES)
def test_each_operation_is_triaged_under_the_heading_its_new_print_calls_for(op, tmp_path):
    text, fixed, gone, other = CASES[op]
    assert triaged(text, tmp_path / "same", sample_networks()) == "still_applies"
    assert triaged(text, tmp_path / "fixed", fixed) == "fixed_in_source"
    if gone is not None:
        assert triaged(text, tmp_path / "gone", gone) == "target_gone"
    if other is not None:
        assert triaged(text, tmp_path / "other", other) == "expected_value_changed"


def test_a_pairing_the_new_source_makes_without_it_is_for_the_reviewer_not_carried_over(tmp_path):
    """A pair_network of the previous source names a printed id the new source pairs by itself (the
    automatic pairing here): it took no effect there, so the reviewer decides (its expected value
    changed); it is not carried over as if it still applied."""
    text = correction("bes-kept", "pair_network", "{network: bes}", "    value: bes-old\n")
    own = load_corrections(write_corrections(tmp_path / "c", SOURCE_HEADER + "corrections:\n" + text)).of(
        sample_normalised().source
    )
    new = printed_dataset(sample_normalised(sha256="b" * 64), DOCUMENT)
    new = new.model_copy(update={"ids": [KeptId(printed="bes", id="bes-old", score=0.912)]})
    assert [t.heading for t in triage(new, printed_dataset(sample_normalised(), DOCUMENT), own).items] == [
        "expected_value_changed"
    ]


def test_a_file_naming_a_sha256_applies_to_that_file_only_and_one_naming_a_symbol_to_every_copy(tmp_path):
    folder = write_corrections(tmp_path / "c", SOURCE_HEADER + "corrections:\n" + CASES["set_field"][0], "symbol.yaml")
    by_hash = f"source: {{sha256: {'b' * 64}}}\ncorrections:\n" + CASES["set_kind"][0]
    write_corrections(folder, by_hash, "sha256.yaml")
    corrections = load_corrections(folder)
    assert [f.path.name for f in corrections.of(sample_normalised().source).read] == ["symbol.yaml"]
    assert [f.path.name for f in corrections.of(sample_normalised(sha256="b" * 64).source).read] == [
        "sha256.yaml",
        "symbol.yaml",
    ]
    other = sample_normalised().source.model_copy(update={"symbol": "PC-OC Mod (2020) 03rev2"})
    assert corrections.of(other).read == []


@pytest.mark.parametrize("symbol", ['PC-OC "Mod" (2020) 03\\rev2', "CDPC (2017)\n1_rev: {x}", "Ré\u2028vision # 2"])
def test_the_carried_over_file_names_a_symbol_with_quotes_backslashes_or_line_breaks_as_printed(symbol, tmp_path):
    from pipeline.corrections.triage import Triage, carried_over
    from pipeline.models import Source

    old, new = (Source(file=f"{name}.pdf", sha256=name * 64, pages=1, symbol=symbol) for name in "ab")
    folder = tmp_path / "corrections"
    folder.mkdir()
    (folder / "carried.yaml").write_text(carried_over(Triage(old, new, [], [], [], []), {}), encoding="utf-8")
    assert [file.source.symbol for file in load_corrections(folder).read] == [symbol]
