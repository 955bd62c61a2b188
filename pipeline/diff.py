"""What changed between two dataset versions, as ADD/MOD/DEL records, and those records as text.

Networks are paired by id, then the remaining ones by name, membership and purpose similarity, so
a renamed network (whose id follows its name) is reported as renamed, not as removed and added.
Within a pair, each field as its entry in `pipeline.fields.NETWORK_FIELDS` says, in that table's
order: id and website as values, name, acronym, section and purpose word by word (a purpose is
compared as its run of words, since paragraph breaks move with the layout), members added,
removed or with another role or group, footnote sources added or removed.
"""

from __future__ import annotations

import json

from rapidfuzz import fuzz

from pipeline.fields import NETWORK_FIELDS, NetworkField
from pipeline.models import (
    Dataset,
    DatasetEntry,
    DatasetNetwork,
    DiffRecord,
    WordChange,
)
from pipeline.text import purpose_text, word_changes

RENAME_THRESHOLD = 0.6
CONTEXT_WORDS = 4


def dataset_diff(old: Dataset, new: Dataset) -> list[DiffRecord]:
    """Every difference from `old` to `new`: removals, additions, then changes in `new`'s order."""
    pairs, removed, added = paired_networks(old.networks, new.networks)
    records = [DiffRecord(op="DEL", network=n.id, item="network", old=n.name) for n in removed]
    records += [DiffRecord(op="ADD", network=n.id, item="network", new=n.name) for n in added]
    for a, b in pairs:
        records += network_changes(a, b)
    return records


def paired_networks(old: list[DatasetNetwork], new: list[DatasetNetwork]):
    """(pairs in `new`'s order, networks only in `old`, networks only in `new`)."""
    by_id = {n.id: n for n in old}
    pairs = {b.id: by_id[b.id] for b in new if b.id in by_id}
    lone_old = [a for a in old if a.id not in pairs]
    lone_new = [b for b in new if b.id not in pairs]
    scored = sorted(
        ((similarity(a, b), i, j) for i, a in enumerate(lone_old) for j, b in enumerate(lone_new)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_old, used_new = set(), set()
    for score, i, j in scored:
        if score >= RENAME_THRESHOLD and i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs[lone_new[j].id] = lone_old[i]
    ordered = [(pairs[b.id], b) for b in new if b.id in pairs]
    removed = [a for i, a in enumerate(lone_old) if i not in used_old]
    added = [b for j, b in enumerate(lone_new) if j not in used_new]
    return ordered, removed, added


def similarity(a: DatasetNetwork, b: DatasetNetwork) -> float:
    """0–1: the mean of name, membership and purpose similarity (membership only where either has members)."""
    scores = [fuzz.token_set_ratio(a.name, b.name) / 100, fuzz.token_set_ratio(purpose_text(a), purpose_text(b)) / 100]
    keys_a, keys_b = {key for _, key, _ in members(a)}, {key for _, key, _ in members(b)}
    if keys_a or keys_b:
        scores.append(len(keys_a & keys_b) / len(keys_a | keys_b))
    return sum(scores) / len(scores)


def members(network: DatasetNetwork) -> list[tuple[str | None, str, DatasetEntry]]:
    """Every membership: (group label, member key, entry), in print order; a member may be in several groups."""
    return [(group.label, member_key(entry), entry) for group in network.groups for entry in group.entries]


def member_key(entry: DatasetEntry) -> str:
    return ";".join(entry.codes) if entry.codes else " ".join(entry.raw.casefold().split())


def network_changes(a: DatasetNetwork, b: DatasetNetwork) -> list[DiffRecord]:
    """What changed from `a` to `b`, field by field in the order of NETWORK_FIELDS."""
    return [record for field in NETWORK_FIELDS if field.diff for record in field_changes(field, a, b)]


def field_changes(field: NetworkField, a: DatasetNetwork, b: DatasetNetwork) -> list[DiffRecord]:
    if field.diff == "members":
        return member_changes(a, b)
    if field.diff == "sources":
        return source_changes(a, b)
    old, new = compared_value(a, field), compared_value(b, field)
    if old == new:
        return []
    if field.diff == "words":
        return [text_change(b.id, field.name, old, new)]
    return [DiffRecord(op="MOD", network=b.id, item=field.name, old=old, new=new)]


def compared_value(network: DatasetNetwork, field: NetworkField):
    """The field's value as the diff compares it: a purpose as its run of words, others as they are."""
    return purpose_text(network) if field.name == "purpose" else getattr(network, field.name)


def text_change(network: str, item: str, old: str | None, new: str | None) -> DiffRecord:
    return DiffRecord(op="MOD", network=network, item=item, old=old, new=new, words=word_changes(old or "", new or ""))


def member_changes(a: DatasetNetwork, b: DatasetNetwork) -> list[DiffRecord]:
    """Members removed, added, or moved to another group or role. Memberships pair by group and key
    first, then what is left by key alone (a member under a renamed or another heading)."""
    old, new = members(a), members(b)
    same_group, old, new = paired(old, new, lambda m: (m[0], m[1]))
    other_group, old, new = paired(old, new, lambda m: m[1])
    records = [DiffRecord(op="DEL", network=b.id, item="member", key=key, group=group, old=e.raw) for group, key, e in old]
    records += [DiffRecord(op="ADD", network=b.id, item="member", key=key, group=group, new=e.raw) for group, key, e in new]
    for (group_a, key, entry_a), (group_b, _, entry_b) in same_group + other_group:
        if group_a != group_b:
            records.append(DiffRecord(op="MOD", network=b.id, item="group", key=key, old=group_a, new=group_b))
        if entry_a.role != entry_b.role:
            records.append(DiffRecord(op="MOD", network=b.id, item="role", key=key, group=group_b, old=entry_a.role, new=entry_b.role))
    return records


def paired(old: list, new: list, key) -> tuple[list[tuple], list, list]:
    """(pairs of equal key in print order, old left over, new left over); repeats pair one to one."""
    waiting: dict = {}
    for index, item in enumerate(new):
        waiting.setdefault(key(item), []).append(index)
    pairs, old_left, taken = [], [], set()
    for item in old:
        if waiting.get(key(item)):
            index = waiting[key(item)].pop(0)
            taken.add(index)
            pairs.append((item, new[index]))
        else:
            old_left.append(item)
    return pairs, old_left, [item for index, item in enumerate(new) if index not in taken]


def source_changes(a: DatasetNetwork, b: DatasetNetwork) -> list[DiffRecord]:
    old = list(dict.fromkeys(f.url or f.text for f in a.footnotes))
    new = list(dict.fromkeys(f.url or f.text for f in b.footnotes))
    records = [DiffRecord(op="DEL", network=b.id, item="source", key=s, old=s) for s in old if s not in new]
    return records + [DiffRecord(op="ADD", network=b.id, item="source", key=s, new=s) for s in new if s not in old]


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------

TEXT_MARKS = ("[-", "-]", "{+", "+}")
MARKDOWN_MARKS = ("~~", "~~", "**", "**")
SIGNS = {"ADD": "+", "DEL": "-", "MOD": "~"}


def rendered_diff(records: list[DiffRecord], form: str, old: str, new: str) -> str:
    """The records as 'text' (one line each), 'markdown' (a review comment) or 'json'."""
    if form == "json":
        body = {"from": str(old), "to": str(new), "records": [r.model_dump(mode="json", exclude_none=True) for r in records]}
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
    if form == "markdown":
        lines = [f"### Dataset changes: `{old}` → `{new}`", "", summary(records), ""]
        return "\n".join(lines + [f"- {markdown_line(r)}" for r in records]) + "\n"
    lines = [f"--- {old}", f"+++ {new}"] + [f"{SIGNS[r.op]} {text_line(r)}" for r in records]
    return "\n".join(lines + [summary(records)]) + "\n"


def summary(records: list[DiffRecord]) -> str:
    if not records:
        return "No changes."
    networks = [r for r in records if r.item == "network"]
    added = sum(r.op == "ADD" for r in networks)
    removed = sum(r.op == "DEL" for r in networks)
    changed = len({r.network for r in records if r.item != "network"})
    return f"{len(records)} changes: {added} networks added, {removed} removed, {changed} changed."


def text_line(r: DiffRecord) -> str:
    if r.item == "network":
        return f"network {r.network}: {r.new or r.old}"
    if r.words is not None:
        return f"{r.network} {r.item}: {inline_words(r.words, TEXT_MARKS)}"
    if r.op == "MOD":
        change = f"{shown(r.old)} -> {shown(r.new)}"
        return f"{r.network} {r.item} {r.key}: {change}" if r.key else f"{r.network} {r.item}: {change}"
    where = f" [{r.group}]" if r.group else ""
    return f"{r.network} {r.item} {r.key}{where}: {r.new or r.old}" if r.key != (r.new or r.old) else f"{r.network} {r.item}{where}: {r.key}"


def markdown_line(r: DiffRecord) -> str:
    verb = {"ADD": "added", "DEL": "removed", "MOD": "changed"}[r.op]
    if r.item == "network":
        return f"network `{r.network}` {verb}: {r.new or r.old}"
    if r.words is not None:
        return f"`{r.network}` {r.item} {verb}: {inline_words(r.words, MARKDOWN_MARKS)}"
    if r.op == "MOD":
        what = f"{r.item} of `{r.key}`" if r.key else r.item
        return f"`{r.network}` {what} {verb}: {shown(r.old)} → {shown(r.new)}"
    value = r.new or r.old
    where = f" under “{r.group}”" if r.group else ""
    return f"`{r.network}` {r.item} {verb}{where}: `{r.key}`" + (f" ({value})" if value != r.key else "")


def shown(value) -> str:
    return "(none)" if value is None else str(value)


def inline_words(words: list[WordChange], marks: tuple[str, str, str, str]) -> str:
    """The changed words marked, with a few unchanged words of context around each change."""
    deleted_open, deleted_close, inserted_open, inserted_close = marks
    parts = []
    for index, w in enumerate(words):
        if w.op == "equal":
            parts.append(context(w.old.split(), first=index == 0, last=index == len(words) - 1))
            continue
        if w.old:
            parts.append(f"{deleted_open}{w.old}{deleted_close}")
        if w.new:
            parts.append(f"{inserted_open}{w.new}{inserted_close}")
    return " ".join(p for p in parts if p)


def context(words: list[str], first: bool, last: bool) -> str:
    """Unchanged words, cut to CONTEXT_WORDS on each side that touches a change."""
    n = CONTEXT_WORDS
    if first and last:
        return ""
    if first:
        return " ".join((["…"] if len(words) > n else []) + words[-n:])
    if last:
        return " ".join(words[:n] + (["…"] if len(words) > n else []))
    return " ".join(words if len(words) <= 2 * n else [*words[:n], "…", *words[-n:]])
