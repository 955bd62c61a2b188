"""Finding a correction's target in a dataset: its network, group and entry.

A network is named by id (and section, where the paper prints it twice), a group by its printed
label (or none, when the network has one group), an entry by its raw text as the source has it now
(and its occurrence among equal entries). A target that is not found, or not found once, makes the
correction stale: each function raises `stale(problem)`, the problem naming what was found instead
(the nearest candidates, by rapidfuzz, imported only then).
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.errors import StaleCorrection
from pipeline.models import Dataset, DatasetEntry, DatasetNetwork, EntryTarget

Stale = Callable[[str], StaleCorrection]


def network_index(dataset: Dataset, target: EntryTarget, stale: Stale) -> int:
    """The index of the target's network among the dataset's networks."""
    hits = [
        i
        for i, n in enumerate(dataset.networks)
        if n.id == target.network and (target.section is None or n.section == target.section)
    ]
    if len(hits) == 1:
        return hits[0]
    if hits:
        sections = ", ".join(dataset.networks[i].section for i in hits)
        raise stale(f"network '{target.network}' is in several sections ({sections}): name its section")
    in_section = f" in section '{target.section}'" if target.section else ""
    ids = [n.id for n in dataset.networks]
    raise stale(f"no network '{target.network}'{in_section}{closest(target.network, ids)}")


def group_position(network: DatasetNetwork, target: EntryTarget, stale: Stale) -> int:
    """The index of the target's group: the one labelled so, or the network's only group."""
    if target.group is None:
        if len(network.groups) == 1:
            return 0
        raise stale(f"network '{network.id}' has {len(network.groups)} groups: name the group")
    labels = [g.label for g in network.groups]
    if target.group in labels:
        return labels.index(target.group)
    raise stale(
        f"network '{network.id}' has no group {target.group!r}"
        f"{closest(target.group, [label for label in labels if label])}"
    )


def entry_position(network: DatasetNetwork, target: EntryTarget, stale: Stale) -> tuple[int, int]:
    """(group index, entry index) of the target's entry, in its group or, with none named, in any."""
    if target.entry is None:
        raise stale("the target names no entry")
    groups = range(len(network.groups)) if target.group is None else [group_position(network, target, stale)]
    hits = [(g, e) for g in groups for e, entry in enumerate(network.groups[g].entries) if entry.raw == target.entry]
    if target.occurrence is not None:
        if target.occurrence <= len(hits):
            return hits[target.occurrence - 1]
        raise stale(
            f"entry {target.entry!r} occurs {len(hits)} time(s) in network '{network.id}', not {target.occurrence}"
        )
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise stale(f"entry {target.entry!r} occurs {len(hits)} times in network '{network.id}': give its occurrence")
    raws = [e.raw for g in groups for e in network.groups[g].entries]
    raise stale(f"no entry {target.entry!r} in network '{network.id}'{closest(target.entry, raws)}")


def unplaced(problem: str) -> StaleCorrection:
    """A stale problem that is only looked at, not reported (so it needs no place)."""
    return StaleCorrection("", problem)


def found_network(dataset: Dataset, target: EntryTarget) -> DatasetNetwork | None:
    """The target's network, or None when it is not found once."""
    try:
        return dataset.networks[network_index(dataset, target, unplaced)]
    except StaleCorrection:
        return None


def scope_entries(dataset: Dataset, target: EntryTarget) -> list[DatasetEntry]:
    """The entries of the target's group (of every group when it names none or is not found)."""
    network = found_network(dataset, target)
    if network is None:
        return []
    labels = [g.label for g in network.groups]
    groups = (
        [network.groups[labels.index(target.group)]]
        if target.group is not None and target.group in labels
        else network.groups
    )
    return [e for g in groups for e in g.entries]


def target_found(dataset: Dataset, target: EntryTarget) -> bool:
    """Whether the target's network (and group, and entry, when named) is found once."""
    network = found_network(dataset, target)
    try:
        if network is not None and target.entry is not None:
            entry_position(network, target, unplaced)
        elif network is not None and target.group is not None:
            group_position(network, target, unplaced)
    except StaleCorrection:
        return False
    return network is not None


def closest(wanted: str, choices: list[str]) -> str:
    """'; found instead: ' the nearest choice, or the choices when none is near, for a stale correction."""
    if not choices:
        return "; found nothing there"
    from rapidfuzz import process  # imported for a stale correction only

    best = process.extractOne(wanted, choices)
    if best[1] >= 50:
        return f"; found instead: {best[0]!r}"
    shown = ", ".join(map(repr, choices[:8]))
    return f"; found instead: {shown}" + (f" … ({len(choices)} in all)" if len(choices) > 8 else "")
