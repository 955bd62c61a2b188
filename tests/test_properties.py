"""Properties of the correction loader and of the diff, over generated inputs (hypothesis).

The loader: whatever a correction file holds, loading either gives the corrections or raises the
documented MalformedCorrection (exit 20, or its kinds ContradictoryCorrections 26 and
DuplicateCorrection 27); valid corrections survive a dump to YAML and a load unchanged.
The diff, over datasets made by small random edits of the bundled paper's published dataset:
the diff of a dataset with itself is empty, and the diffs A→B and B→A are inverses (`inverse`).
"""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path
from typing import get_args

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings, strategies as st

import pipeline
from pipeline.corrections.apply import load_corrections
from pipeline.corrections.ops import CorrectionFile
from pipeline.diff.changes import dataset_diff
from pipeline.diff.records import DiffRecord, WordChange
from pipeline.diff.words import FLIPPED_OPS
from pipeline.errors import MalformedCorrection
from pipeline.models import Block, Dataset, DatasetNetwork, EntryKind, EntryStatus
from tests.support import REPO

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("corrections")


def loaded(folder: Path, text: str):
    (folder / "generated.yaml").write_text(text, encoding="utf-8")
    return load_corrections(folder)


# ---------------------------------------------------------------------------------------------
# The correction loader
# ---------------------------------------------------------------------------------------------

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | words | st.dates()
structures = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(words, inner, max_size=3), max_leaves=12
)
KEYS = [
    "id",
    "op",
    "target",
    "field",
    "expect",
    "value",
    "into",
    "reason",
    "author",
    "date",
    "network",
    "entry",
    "raw",
    "kind",
    "codes",
]
OPS = [
    "set_field",
    "replace_text",
    "replace_entry",
    "split_entry",
    "remove_entry",
    "add_entry",
    "set_codes",
    "set_kind",
    "merge_row",
    "drop_row",
]
correction_like = st.dictionaries(st.sampled_from(KEYS), st.sampled_from(OPS) | structures, max_size=8)
yaml_text = st.one_of(
    st.text(max_size=80),
    structures.map(lambda s: yaml.safe_dump(s, allow_unicode=True)),
    st.lists(correction_like, max_size=3).map(lambda cs: yaml.safe_dump({"corrections": cs}, allow_unicode=True)),
)


@FAST
@given(text=yaml_text)
@example(text="corrections:\n- op: '\n\n'")  # an op of one newline: pydantic's message quotes it
def test_any_correction_file_loads_or_is_reported_as_malformed(folder, text):
    try:
        loaded(folder, text)
    except MalformedCorrection as error:
        assert error.path.startswith(str(folder / "generated.yaml"))
        assert error.problem and error.problem.splitlines() == [error.problem]


targets = st.fixed_dictionaries(
    {"network": words},
    optional={"section": words, "group": words, "entry": words, "occurrence": st.integers(1, 5)},
)
entry_values = st.fixed_dictionaries(
    {"raw": words, "kind": st.sampled_from(get_args(EntryKind))},
    optional={
        "codes": st.lists(words, max_size=2),
        "role": words,
        "note": words,
        "status": st.sampled_from(get_args(EntryStatus)),
    },
)
kinds = st.sampled_from(get_args(EntryKind))
OPERATIONS = {
    "set_field": st.fixed_dictionaries(
        {
            "field": st.sampled_from(["name", "acronym", "section", "section_heading"]),
            "expect": st.none() | words,
            "value": st.none() | words,
        }
    ),
    "replace_text": st.fixed_dictionaries(
        {"field": st.sampled_from(["name", "purpose"]), "expect": words, "value": words}
    ),
    "replace_entry": st.fixed_dictionaries({"value": entry_values}),
    "split_entry": st.fixed_dictionaries({"value": st.lists(entry_values, min_size=2, max_size=3)}),
    "remove_entry": st.just({}),
    "add_entry": st.fixed_dictionaries({"value": entry_values}),
    "set_codes": st.fixed_dictionaries({"expect": st.lists(words, max_size=2), "value": st.lists(words, max_size=2)}),
    "set_kind": st.fixed_dictionaries({"expect": kinds, "value": kinds}),
    "merge_row": st.fixed_dictionaries({"expect": words, "into": targets}),
    "drop_row": st.fixed_dictionaries({"expect": words}),
}
corrections = st.lists(
    st.sampled_from(sorted(OPERATIONS)).flatmap(
        lambda op: st.fixed_dictionaries(
            {
                "op": st.just(op),
                "target": targets,
                "reason": words,
                "author": words,
                "date": st.dates(datetime.date(1990, 1, 1)),
            }
        ).flatmap(lambda common: OPERATIONS[op].map(lambda specific: {**common, **specific}))
    ),
    max_size=5,
)


def numbered(generated: list[dict]) -> list[dict]:
    """Unique ids, and each correction on a network of its own (so none repeats or contradicts another)."""
    return [
        {**c, "id": f"c{n}", "target": {**c["target"], "network": f"{n}-{c['target']['network']}"}}
        for n, c in enumerate(generated)
    ]


@FAST
@given(generated=corrections.map(numbered))
def test_valid_corrections_round_trip_through_yaml_and_each_is_located_at_its_line(folder, generated):
    expected = CorrectionFile.model_validate({"corrections": generated}).corrections
    # Non-ASCII escaped: PyYAML's emitter writes U+0085 raw with allow_unicode, and its reader takes it
    # for a line break.
    text = yaml.safe_dump(
        {"corrections": [c.model_dump(mode="json", exclude_defaults=True) for c in expected]}, sort_keys=False
    )
    items = loaded(folder, text).items
    assert [item.correction for item in items] == expected
    lines = text.splitlines()
    assert all(lines[item.line - 1].startswith(f"- id: {item.correction.id}") for item in items)


# ---------------------------------------------------------------------------------------------
# The diff
# ---------------------------------------------------------------------------------------------

PAPER_DATASET = pipeline.load(REPO / "extracted" / "cdpc-2017-1-rev" / "v1")


ENTRY_ITEMS = ("role", "kind", "codes", "raw", "note")


def inverse(records: list[DiffRecord]) -> Counter:
    """What the diff B→A must be, given the diff A→B, as a multiset of records: ADD and DEL swap;
    every record swaps its old and new values (and the words of a word-level change theirs);
    a network's records name its id in the other version (a rename's record says which, and names
    the other id as the old one), and a member's field record its group there (a MOD of `group`
    says which, when the member moved; a MOD of `group_label`, when its group was relabelled)."""
    other_id = {r.network: r.old_network for r in records if r.old_network}
    other_group = {(r.network, r.key): r.old for r in records if r.item == "group"}
    other_label = {(r.network, r.new): r.old for r in records if r.item == "group_label"}
    return Counter(
        r.model_copy(
            update={
                "op": {"ADD": "DEL", "DEL": "ADD", "MOD": "MOD"}[r.op],
                "network": r.network if r.item == "network" else other_id.get(r.network, r.network),
                "old_network": r.network if r.old_network else None,
                "old": r.new,
                "new": r.old,
                "group": other_group.get((r.network, r.key), other_label.get((r.network, r.group), r.group))
                if r.item in ENTRY_ITEMS
                else r.group,
                "words": None
                if r.words is None
                else [WordChange(op=FLIPPED_OPS[w.op], old=w.new, new=w.old) for w in r.words],
            }
        ).model_dump_json()
        for r in records
    )


def as_multiset(records: list[DiffRecord]) -> Counter:
    return Counter(r.model_dump_json() for r in records)


def edited(dataset: Dataset, edits: list[tuple]) -> Dataset:
    """The dataset after `edits`, each (kind, network number, entry or word number, word); numbers
    are taken modulo what there is, so every generated edit applies."""
    networks = list(dataset.networks)
    for kind, a, b, word in edits:
        if not networks:
            break
        i = a % len(networks)
        network = networks[i]
        spots = [(g, e) for g, group in enumerate(network.groups) for e in range(len(group.entries))]
        g, e = spots[b % len(spots)] if spots else (None, None)
        entry = network.groups[g].entries[e] if spots else None
        if kind == "remove_network":
            del networks[i]
        elif kind == "rename":
            networks[i] = network.model_copy(
                update={"name": f"{network.name} {word}", "id": f"{network.id}-{word.lower()}"}
            )
        elif kind == "purpose":
            words = " ".join(block.text for block in network.purpose).split() or [""]
            words[b % len(words)] = word
            networks[i] = network.model_copy(update={"purpose": [Block(text=" ".join(words), boxes=[])]})
        elif entry is None:
            continue
        elif kind == "role":
            networks[i] = with_entries(network, g, e, [entry.model_copy(update={"role": word})])
        elif kind == "remove_entry":
            networks[i] = with_entries(network, g, e, [])
        elif kind == "add_entry":
            donor = [d for group in dataset.networks[b % len(dataset.networks)].groups for d in group.entries]
            networks[i] = with_entries(network, g, e, [entry, donor[b % len(donor)]] if donor else [entry])
        elif kind == "move_entry" and len(network.groups) > 1:
            to = (g + 1) % len(network.groups)
            network = with_entries(network, g, e, [])
            networks[i] = with_entries(
                network, to, len(network.groups[to].entries), [entry.model_copy(update={"role": word})]
            )
    return dataset.model_copy(update={"networks": networks})


def with_entries(network: DatasetNetwork, g: int, e: int, entries: list) -> DatasetNetwork:
    """The network with the e-th entry of its g-th group replaced by `entries` (e past the end: appended)."""
    groups = list(network.groups)
    changed = list(groups[g].entries)
    changed[e : e + 1] = entries
    groups[g] = groups[g].model_copy(update={"entries": changed})
    return network.model_copy(update={"groups": groups})


edit_lists = st.lists(
    st.tuples(
        st.sampled_from(["remove_network", "rename", "purpose", "role", "remove_entry", "add_entry", "move_entry"]),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
        st.sampled_from(["Revised", "Europol", "cybercrime", "Observer", "Secretariat", "2019"]),
    ),
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(edits=edit_lists)
def test_diff_of_a_dataset_with_itself_is_empty(edits):
    a = edited(PAPER_DATASET, edits)
    assert dataset_diff(a, a) == []


@settings(max_examples=80, deadline=None)
@given(edits_a=edit_lists, edits_b=edit_lists)
@example(
    edits_a=[("move_entry", 9547, 1039, "2019")], edits_b=[]
)  # one of two Swedish members of ejtn moved out of its group
def test_diff_there_and_back_are_inverses(edits_a, edits_b):
    a, b = edited(PAPER_DATASET, edits_a), edited(PAPER_DATASET, edits_b)
    forth, back = dataset_diff(a, b), dataset_diff(b, a)
    assert as_multiset(back) == inverse(forth)
