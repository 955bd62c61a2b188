"""The diff as a reviewer reads it: what several networks share said once, and the changes in the
order a reviewer reads them first.

`reviewed_diff` is `pipeline.diff.changes.dataset_diff` with two kinds of records folded (the one-network
records kept under the new one, `DiffRecord.folded`, so the JSON still holds each):

- a new section scheme (a section of one version that the other has not): one `section` record,
  `old` and `new` the sections in print order and `moves` each old section → the new sections its
  networks went to, with how many (every network of both versions counted);
- a group relabelled alike (the same old and new heading) in several networks: one `group_label` record.

The `changes` table of a version keeps the one-network records (`dataset_diff`), one row each.
`review_sections` orders the records for the review page: networks added and removed, renames,
then member changes network by network (each with a one-line count), then text and the rest.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pipeline.diff.changes import dataset_diff
from pipeline.diff.pairing import paired_networks
from pipeline.diff.records import DiffOp, DiffRecord
from pipeline.fields import COMPARISON_ITEMS
from pipeline.models import Dataset

MEMBER_ITEMS = COMPARISON_ITEMS["members"]
OPS: tuple[tuple[DiffOp, str], ...] = (("ADD", "added"), ("DEL", "removed"), ("MOD", "changed"))


def reviewed_diff(old: Dataset, new: Dataset) -> list[DiffRecord]:
    """Every difference from `old` to `new` (`dataset_diff`), a new section scheme and a relabel
    shared by several networks each one record, placed after the networks added and removed."""
    records = dataset_diff(old, new)
    scheme = section_scheme(old, new, [r for r in records if r.item == "section"])
    relabels = shared_relabels(records)
    folded = {id(r) for r in (scheme.folded if scheme else [])} | {id(r) for f in relabels for r in f.folded}
    networks = [r for r in records if r.item == "network"]
    rest = [r for r in records if r.item != "network" and id(r) not in folded]
    return networks + ([scheme] if scheme else []) + relabels + rest


def section_scheme(old: Dataset, new: Dataset, moved: list[DiffRecord]) -> DiffRecord | None:
    """One record for the networks' `section` records when the versions' sections differ as a set
    (a new scheme), None when they do not (then each network's move is its own record)."""
    before, after = (list(dict.fromkeys(n.section or "" for n in d.networks)) for d in (old, new))
    if not moved or set(before) == set(after):
        return None
    pairs, _, _ = paired_networks(old.networks, new.networks)
    moves: dict[str, Counter] = {section: Counter() for section in before}
    for a, b in pairs:
        moves[a.section or ""][b.section or ""] += 1
    causes = sorted({c for r in moved for c in r.corrections})
    return DiffRecord(
        op="MOD",
        network=None,
        item="section",
        old=before,
        new=after,
        corrections=causes,
        moves={s: dict(c.most_common()) for s, c in moves.items() if c},
        folded=moved,
    )


def shared_relabels(records: list[DiffRecord]) -> list[DiffRecord]:
    """One `group_label` record per relabel (old heading → new) that several networks share."""
    alike: dict[tuple, list[DiffRecord]] = {}
    for r in records:
        if r.item == "group_label" and r.network:
            alike.setdefault((r.old, r.new), []).append(r)
    return [
        DiffRecord(
            op="MOD",
            network=None,
            item="group_label",
            old=old,
            new=new,
            folded=found,
            corrections=sorted({c for r in found for c in r.corrections}),
        )
        for (old, new), found in alike.items()
        if len(found) > 1
    ]


@dataclass
class ReviewSection:
    """A part of the review page's changes: its title, its records (members: network by network, `by_network`)."""

    title: str
    records: list[DiffRecord] = field(default_factory=list)
    by_network: dict[str, list[DiffRecord]] = field(default_factory=dict)

    def count_line(self, network: str) -> str:
        """ "3 member changes: 1 added, 2 removed" for one network's records."""
        found = self.by_network[network]
        ops = Counter(r.op for r in found)
        parts = ", ".join(f"{ops[op]} {word}" for op, word in OPS if ops[op])
        return f"{len(found)} member change{'s' * (len(found) != 1)}: {parts}"


def review_sections(records: list[DiffRecord]) -> list[ReviewSection]:
    """The records in the order a reviewer reads them, in non-empty sections: networks added and
    removed, renames, member changes (a relabel several networks share first, then network by
    network), then the rest (sections, purposes, terms, relations, sources)."""
    networks = ReviewSection("Networks added and removed", [r for r in records if r.item == "network"])
    renames = ReviewSection("Renamed", [r for r in records if r.item == "name"])
    members = ReviewSection("Members", [r for r in records if r.item in MEMBER_ITEMS and r.network is None])
    for r in records:
        if r.item in MEMBER_ITEMS and r.network is not None:
            members.by_network.setdefault(r.network, []).append(r)
    text = ReviewSection(
        "Text and other values",
        [r for r in records if r.item not in MEMBER_ITEMS and r.item not in ("network", "name")],
    )
    return [s for s in (networks, renames, members, text) if s.records or s.by_network]
