"""The members of two versions of one network compared, as a reviewer reads them (`pipeline.diff.changes`).

- A group whose heading was reprinted differently is one `group_label` record: groups pair by
  label, then the rest by the members they share (or, empty, by the label's likeness).
- A collective printed in the members ("Member States of the EU") is one `collective` record
  when it appears, goes or is printed otherwise; the states it stands for are compared with the
  other members, by code, whether printed or expanded. So a list of 28 printed names that became
  "Member States of the EU" in 2020 gives the collective's record and the United Kingdom's
  removal, nothing about the 27 others.
- A note of the member list (a statement that is no member: `status` text) is a `note` record
  when it appears or goes, never a member's.
- Memberships pair by group, key (codes, else the folded text) and printed text, then by group
  and key, then by key alone (a member moved to another group), then by printed text (a member
  coded otherwise): of two members with one code (two Swedish institutions), each pairs with
  the one printed alike, whichever moved, so either way the diffs are inverses. Each pair is
  compared field by field: group, role, kind, codes, printed text (not for an expanded member,
  whose text is the state's name) and note.

Each record names the corrections that caused it: those recorded on one side only (and, for a
member added or removed, the correction that wrote or removed it).
"""

from __future__ import annotations

from typing import Any

from pipeline.diff.records import DiffOp, DiffRecord
from pipeline.models import Amendment, DatasetEntry, DatasetNetwork

GROUP_PAIRING_THRESHOLD = 0.5
Membership = tuple[str | None, str, DatasetEntry]  # (group label, member key, entry)


def member_changes(a: DatasetNetwork, b: DatasetNetwork) -> list[DiffRecord]:
    """Group relabels, collectives, then memberships removed, added and changed, from `a` to `b`."""
    relabels = relabelled_groups(a, b)
    records = [
        DiffRecord(op="MOD", network=b.id, item="group_label", old=old, new=new) for old, new in relabels.items()
    ]
    records += collective_changes(a, b)
    records += note_changes(a, b)

    def in_new(label: str | None) -> str | None:
        return relabels.get(label, label)

    same_text, old, new = paired(
        members(a),
        members(b),
        lambda m: (m[0], m[1], printed_key(m[2])),
        lambda m: (in_new(m[0]), m[1], printed_key(m[2])),
    )
    same_group, old, new = paired(old, new, lambda m: (m[0], m[1]), lambda m: (in_new(m[0]), m[1]))
    other_group, old, new = paired(old, new, lambda m: m[1])
    recoded, old, new = paired(
        old, new, lambda m: (m[0], printed_key(m[2])), lambda m: (in_new(m[0]), printed_key(m[2]))
    )
    removed_by = entry_list_corrections(a, b)
    records += [membership_record("DEL", b.id, m, removed_by) for m in old]
    records += [membership_record("ADD", b.id, m, removed_by) for m in new]
    for before, after in same_text + same_group + other_group:
        records += entry_changes(b.id, before, after, in_new)
    for before, after in recoded:
        records += entry_changes(b.id, before, after, in_new, key=printed_key(after[2]))
    return records


def members(network: DatasetNetwork) -> list[Membership]:
    """Every membership but the collectives and the notes, in print order; a member may be in several groups."""
    return [
        (group.label, member_key(entry), entry)
        for group in network.groups
        for entry in group.entries
        if entry.kind != "collective" and entry.status != "text"
    ]


def notes(network: DatasetNetwork) -> list[Membership]:
    """The statements of the member list that are no member (`status` text: notes.csv), in print order."""
    return [
        (group.label, printed_key(entry), entry)
        for group in network.groups
        for entry in group.entries
        if entry.status == "text"
    ]


def note_changes(a: DatasetNetwork, b: DatasetNetwork) -> list[DiffRecord]:
    """Notes gone and come (`note` records, by their folded text, wherever printed): a note is no member."""
    _, old, new = paired(notes(a), notes(b), lambda m: m[1])
    removed_by = entry_list_corrections(a, b)
    sides: list[tuple[DiffOp, list[Membership]]] = [("DEL", old), ("ADD", new)]
    return [
        membership_record(op, b.id, m, removed_by).model_copy(update={"item": "note", "key": None})
        for op, found in sides
        for m in found
    ]


def member_key(entry: DatasetEntry) -> str:
    return ";".join(entry.codes) if entry.codes else printed_key(entry)


def printed_key(entry: DatasetEntry) -> str:
    return " ".join(entry.raw.casefold().split())


def group_keys(network: DatasetNetwork) -> dict[str | None, set[str]]:
    keys: dict[str | None, set[str]] = {}
    for label, key, _ in members(network):
        keys.setdefault(label, set()).add(key)
    for group in network.groups:
        keys.setdefault(group.label, set())
    return keys


def relabelled_groups(a: DatasetNetwork, b: DatasetNetwork) -> dict[str | None, str | None]:
    """{old label: new label} for the groups of `a` whose label is gone from `b`, each paired with the
    likeliest group of `b` whose label is new, at least half alike (`group_likeness`). Several old
    groups may go to one new group: "ASEAN Member States" and "SAARC Members" printed as one list."""
    old, new = group_keys(a), group_keys(b)
    lone_old, lone_new = [g for g in old if g not in new], [g for g in new if g not in old]
    scored = sorted(
        ((group_likeness(g, old[g], h, new[h]), i, j) for i, g in enumerate(lone_old) for j, h in enumerate(lone_new)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    pairs: dict[str | None, str | None] = {}
    for score, i, j in scored:
        if score >= GROUP_PAIRING_THRESHOLD and lone_old[i] not in pairs:
            pairs[lone_old[i]] = lone_new[j]
    return {g: pairs[g] for g in lone_old if g in pairs}


def group_likeness(label_a: str | None, keys_a: set[str], label_b: str | None, keys_b: set[str]) -> float:
    """0–1: the share of the smaller group's members the other one has (a list that grew keeps its
    heading), or for two empty groups the likeness of their labels."""
    if keys_a and keys_b:
        return len(keys_a & keys_b) / min(len(keys_a), len(keys_b))
    if keys_a or keys_b:
        return 0.0
    from rapidfuzz import fuzz

    return fuzz.ratio(label_a or "", label_b or "") / 100


def collective_changes(a: DatasetNetwork, b: DatasetNetwork) -> list[DiffRecord]:
    """Collectives printed in one version only, or printed otherwise (another count, another phrasing)."""
    old, new = collectives(a), collectives(b)
    records = [
        DiffRecord(op="DEL", network=b.id, item="collective", key=key, group=group, old=raw)
        for key, (group, raw) in old.items()
        if key not in new
    ]
    records += [
        DiffRecord(op="ADD", network=b.id, item="collective", key=key, group=group, new=raw)
        for key, (group, raw) in new.items()
        if key not in old
    ]
    return records + [
        DiffRecord(op="MOD", network=b.id, item="collective", key=key, group=new[key][0], old=raw, new=new[key][1])
        for key, (_, raw) in old.items()
        if key in new and raw != new[key][1]
    ]


def collectives(network: DatasetNetwork) -> dict[str, tuple[str | None, str]]:
    return {";".join(e.codes): (g.label, e.raw) for g in network.groups for e in g.entries if e.kind == "collective"}


def paired(old: list, new: list, key, old_key=None) -> tuple[list[tuple], list, list]:
    """(pairs of equal key in print order, old left over, new left over); repeats pair one to one.
    `old_key` (default: `key`) gives an old item's key as the new version would print it."""
    old_key = old_key or key
    waiting: dict = {}
    for index, item in enumerate(new):
        waiting.setdefault(key(item), []).append(index)
    pairs, old_left, taken = [], [], set()
    for item in old:
        if waiting.get(old_key(item)):
            index = waiting[old_key(item)].pop(0)
            taken.add(index)
            pairs.append((item, new[index]))
        else:
            old_left.append(item)
    return pairs, old_left, [item for index, item in enumerate(new) if index not in taken]


def membership_record(op: DiffOp, network: str, membership: Membership, removed_by: dict[str, list[str]]) -> DiffRecord:
    group, key, entry = membership
    value: dict[str, Any] = {"old": entry.raw} if op == "DEL" else {"new": entry.raw}
    created_by = {a.correction for a in entry.amendments if a.field == "entry"}
    causes = sorted(created_by | set(removed_by.get(printed_key(entry), [])))
    return DiffRecord(op=op, network=network, item="member", key=key, group=group, corrections=causes, **value)


def entry_list_corrections(a: DatasetNetwork, b: DatasetNetwork) -> dict[str, list[str]]:
    """{folded printed text: correction ids} of the entries a correction removed, on one side only."""
    found: dict[str, list[str]] = {}
    for amendment in one_sided(a.amendments, b.amendments):
        if amendment.field == "entries" and isinstance(amendment.original, dict):
            found.setdefault(" ".join(str(amendment.original.get("raw", "")).casefold().split()), []).append(
                amendment.correction
            )
    return found


ENTRY_FIELDS = ("role", "kind", "codes", "raw", "note")


def entry_changes(
    network: str, before: Membership, after: Membership, in_new, key: str | None = None
) -> list[DiffRecord]:
    """The fields of one membership that changed: its group (when moved, not when its group was
    relabelled: `in_new` reads an old label as the new one), then each of ENTRY_FIELDS. A member
    coded otherwise is keyed by its printed text, the same on both sides."""
    (group_a, _, a), (group_b, key_b, b) = before, after
    key = key or key_b
    causes = corrections_of(one_sided(a.amendments, b.amendments))
    records = []
    if in_new(group_a) != group_b:
        records.append(
            DiffRecord(op="MOD", network=network, item="group", key=key, old=group_a, new=group_b, corrections=causes)
        )
    for field in ENTRY_FIELDS:
        old, new = getattr(a, field), getattr(b, field)
        if old != new and not (field in ("raw", "note") and "expanded" in (a.origin, b.origin)):
            records.append(
                DiffRecord(
                    op="MOD", network=network, item=field, key=key, group=group_b, old=old, new=new, corrections=causes
                )
            )
    return records


def one_sided(a: list[Amendment], b: list[Amendment]) -> list[Amendment]:
    """The amendments recorded on one side only: the corrections added or retired between the versions."""
    keys_a, keys_b = {(x.field, x.correction) for x in a}, {(x.field, x.correction) for x in b}
    return [x for x in a if (x.field, x.correction) not in keys_b] + [
        x for x in b if (x.field, x.correction) not in keys_a
    ]


def corrections_of(amendments: list[Amendment]) -> list[str]:
    return sorted({a.correction for a in amendments})
