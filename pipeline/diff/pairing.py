"""Which network of one version is which of another: paired by id, then the remaining ones by
name, membership and purpose similarity (`similarity`, a pair from `RENAME_THRESHOLD` up), so a
renamed network (whose id follows its name) is one network in both versions. The diff
(`pipeline.diff.changes`) compares the pairs; the build (`pipeline.versions.ids`) keeps a paired
network's id.
"""

from __future__ import annotations

from pipeline.diff.members import members
from pipeline.diff.words import purpose_text
from pipeline.models import DatasetNetwork

RENAME_THRESHOLD = 0.6


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
    """0–1: the mean of name, membership and purpose similarity (membership only where either has
    members). RapidFuzz is imported by the first comparison: a rebuild whose networks all pair by
    id compares none."""
    from rapidfuzz import fuzz

    scores = [fuzz.token_set_ratio(a.name, b.name) / 100, fuzz.token_set_ratio(purpose_text(a), purpose_text(b)) / 100]
    keys_a, keys_b = {key for _, key, _ in members(a)}, {key for _, key, _ in members(b)}
    if keys_a or keys_b:
        scores.append(len(keys_a & keys_b) / len(keys_a | keys_b))
    return sum(scores) / len(scores)
