"""The edits a correction makes to a network, each recording what it changed (`Amendment`).

Pure functions of frozen records: each returns a new network or entry and leaves its input as it
was. The operations (`pipeline.corrections.ops`) are made of them.
"""

from __future__ import annotations

from typing import Any

from pipeline.diff.words import purpose_text, word_changes
from pipeline.models import Amendment, DatasetEntry, DatasetNetwork, EntryValue


def amended(network: DatasetNetwork, amendment: Amendment) -> DatasetNetwork:
    return network.model_copy(update={"amendments": [*network.amendments, amendment]})


def with_entries(network: DatasetNetwork, group_index: int, entries: list[DatasetEntry]) -> DatasetNetwork:
    groups = list(network.groups)
    groups[group_index] = groups[group_index].model_copy(update={"entries": entries})
    return network.model_copy(update={"groups": groups})


def entry_value(entry: DatasetEntry) -> dict:
    """An entry's values as a correction's original: everything but where it stood and its history."""
    return entry.model_dump(exclude={"span", "amendments"}, exclude_defaults=True)


def new_entry(value: EntryValue, amendment: Amendment, like: DatasetEntry | None = None) -> DatasetEntry:
    """An entry of the correction's values; in place of `like`, it keeps where `like` was printed."""
    values: dict[str, Any] = {
        "raw": value.raw,
        "kind": value.kind,
        "codes": list(value.codes),
        "status": value.status or ("coded" if value.codes else "text" if value.kind == "other" else "unresolved"),
        "role": value.role,
        "note": value.note,
        "candidates": [],
        "count": None,
        "amendments": [amendment],
    }
    if like is None:
        return DatasetEntry(**values)
    return like.model_copy(update=values)


def merged(into: DatasetNetwork, row: DatasetNetwork, correction: str) -> DatasetNetwork:
    """`into` with the groups, entries and footnotes of `row` that it lacks."""
    groups = list(into.groups)
    for group in row.groups:
        same = next((i for i, g in enumerate(groups) if g.label == group.label), None)
        if same is None:
            groups.append(group)
            continue
        known = {e.raw.casefold() for e in groups[same].entries}
        extra = [e for e in group.entries if e.raw.casefold() not in known]
        groups[same] = groups[same].model_copy(update={"entries": [*groups[same].entries, *extra]})
    sources = {f.url or f.text for f in into.footnotes}
    footnotes = [*into.footnotes, *(f for f in row.footnotes if (f.url or f.text) not in sources)]
    update = {"groups": groups, "footnotes": footnotes}
    original = {"id": row.id, "section": row.section, "name": row.name}
    return amended(into.model_copy(update=update), Amendment(field="merged", original=original, correction=correction))


def lost_purpose(row: DatasetNetwork, into: DatasetNetwork) -> str:
    """What a merge would lose of `row`'s purpose ('' when it says what `into`'s says, or nothing)."""
    if not row.purpose:
        return ""
    changes = [w for w in word_changes(purpose_text(row), purpose_text(into)) if w.op != "equal"]
    return "; ".join(f"{w.old!r} against {w.new!r}" for w in changes[:3])
