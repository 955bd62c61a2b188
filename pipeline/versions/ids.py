"""Network ids across the versions of a dataset: a network keeps its id, a new one gets a new id,
and an id is never given to another network.

A row's *printed* id is the one normalisation gives it (the slug of its acronym, else of its name),
so a renamed network would print another id. Before any correction applies, the networks of a
source are paired with those of the version it extends (the latest version not built from this
source: a rebuild of a published source pairs as its first build did, so it finds that version up
to date) as `cdpc diff` pairs them
(`pipeline.diff.pairing.paired_networks`: by id, then by name, membership and purpose similarity) and each
paired network takes the id it was published under; a `pair_network` or `new_network` correction of
the new source (`pairing()`) overrides the pairing of the row it names. Every network published
under another id than it prints is recorded in the version (`Dataset.ids`: printed id → id, the
pairing's score or the correction). An unpaired network keeps its printed id, unless an earlier
version published that id for another network: then the build stops (`IdReused`). A network that
an earlier version published, a later one left out and this one prints again (the same name, or
as alike as a rename) takes its id back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.diff.pairing import RENAME_THRESHOLD, paired_networks, similarity
from pipeline.errors import IdReused
from pipeline.models import Dataset, DatasetNetwork, KeptId
from pipeline.versions.cache import entry_bytes, keep, read_entry, version_entry
from pipeline.versions.store import load
from pipeline.workspace import Workspace

SCORE_DIGITS = 3


@dataclass(frozen=True)
class Override:
    """What a pairing correction says of a printed id: publish it under `id` (None: the printed
    one), as the network an earlier version published under it, or (`new`) as a new network."""

    id: str | None
    correction: str
    new: bool


def overrides_of(corrections: list) -> dict[str, Override]:
    """The pairing corrections among `corrections` (corrections.ops models), by the printed id they name."""
    said = [(c.pairing(), c.id) for c in corrections]
    return {p[0]: Override(p[1], correction, p[2]) for p, correction in said if p}


@dataclass(frozen=True)
class Assigned:
    """The id a printed id is published under, and why: paired (score), by a correction, or new."""

    id: str
    score: float | None = None
    correction: str | None = None
    new: bool = False


def last_published(
    wanted: set[str], versions: list[Path], latest: Dataset | None, workspace: Workspace
) -> dict[str, DatasetNetwork]:
    """The network each id of `wanted` was last published as, by the version folders `versions`
    (oldest first; the last one's dataset is `latest`). A version is loaded only when it published
    one of them: the ids each version published are kept in ROOT/.cache (`pipeline.versions.cache.version_entry`)."""
    found: dict[str, DatasetNetwork] = {}
    for folder in reversed(versions):
        if found.keys() >= wanted:
            break
        dataset = latest if folder == versions[-1] else None
        missing = (wanted - found.keys()) & published_ids(folder, workspace, dataset)
        if missing:
            found |= {n.id: n for n in (dataset or load(folder)).networks if n.id in missing}
    return found


def published_ids(folder: Path, workspace: Workspace, dataset: Dataset | None) -> set[str]:
    """The network ids the version in `folder` published (its `dataset`, when loaded already)."""
    entry, key = version_entry(folder, workspace, "ids")
    ids = read_entry(entry, key, id_list)
    if ids is None:
        ids = [n.id for n in (dataset or load(folder)).networks]
        keep({entry: entry_bytes(key, json.dumps(ids).encode("utf-8"))}, workspace)
    return set(ids)


def id_list(data: bytes) -> list[str]:
    """The ids of a cache entry (ValueError when it holds no list of ids)."""
    ids = json.loads(data)
    if not (isinstance(ids, list) and all(isinstance(i, str) for i in ids)):
        raise ValueError("not a list of ids")
    return ids


def returning(earlier: DatasetNetwork, network: DatasetNetwork) -> bool:
    """Whether `network` is `earlier` printed again after a version that left it out: the same name,
    or as alike as the diff's pairing of a rename asks."""
    return earlier.name.casefold() == network.name.casefold() or similarity(earlier, network) >= RENAME_THRESHOLD


def with_kept_ids(
    dataset: Dataset,
    previous: Dataset | None,
    published: Callable[[set[str]], dict[str, DatasetNetwork]],
    overrides: dict[str, Override],
    origin: Path | str,
) -> Dataset:
    """`dataset` (a source's networks as printed) with every network under the id it keeps, and the
    record of those published under another id than they print. `overrides`: by printed id, what
    the pairing corrections say; `published(ids)`: the network each of `ids` an earlier version
    published was last published as (`last_published`), asked for the ids new networks take."""
    assigned = assigned_ids(dataset.networks, previous.networks if previous else [], overrides)
    by_printed = {n.id: n for n in dataset.networks}
    earlier_ids = published({given.id for given in assigned.values() if given.new})
    for printed, given in assigned.items():
        earlier = earlier_ids.get(given.id)
        if given.new and earlier and not (given.correction is None and returning(earlier, by_printed[printed])):
            raise IdReused(
                origin,
                f"the network printed as '{printed}' would take id '{given.id}', which an earlier version gave "
                f"{earlier.name!r}: add a pair_network correction if it is that network, else a new_network "
                "correction giving it another id",
            )
    networks = [renamed(n, assigned) for n in dataset.networks]
    kept = [
        KeptId(printed=p, id=a.id, score=a.score, correction=a.correction)
        for p, a in assigned.items()
        if a.id != p or a.correction
    ]
    return dataset.model_copy(update={"networks": networks, "ids": kept})


def assigned_ids(
    networks: list[DatasetNetwork], previous: list[DatasetNetwork], overrides: dict[str, Override]
) -> dict[str, Assigned]:
    """Printed id → its assignment, in print order."""
    printed = list(dict.fromkeys(n.id for n in networks))
    forced = {p: overrides[p] for p in printed if p in overrides}
    taken = {o.id for o in forced.values() if o.id and not o.new}
    pairs, _, added = paired_networks(
        [a for a in previous if a.id not in taken], [b for b in networks if b.id not in forced]
    )
    assigned = {b.id: Assigned(a.id, None if a.id == b.id else round(similarity(a, b), SCORE_DIGITS)) for a, b in pairs}
    assigned |= {b.id: Assigned(b.id, new=True) for b in added}
    assigned |= {p: Assigned(o.id or p, correction=o.correction, new=o.new) for p, o in forced.items()}
    return {p: assigned[p] for p in printed}


def renamed(network: DatasetNetwork, assigned: dict[str, Assigned]) -> DatasetNetwork:
    """The network under its assigned id, its relations naming the other networks by theirs."""

    def kept(id: str) -> str:
        return assigned[id].id if id in assigned else id

    relations = [r.model_copy(update={"source": kept(r.source), "target": kept(r.target)}) for r in network.relations]
    return network.model_copy(update={"id": kept(network.id), "relations": relations})
