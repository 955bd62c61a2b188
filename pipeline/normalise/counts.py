"""Printed counts checked: a group whose heading prints a count ("54 Registered Member
Jurisdictions") against the members found under it.

Contract:

- :func:`printed_count`: the count a group's heading prints (`Group.count`, the heading's first
  number), None when it prints none or the number is a year ("Parties since 2001").
- :func:`found_members`: the members found under a group: its entries and those of the sub-groups
  printed under it (dash-printed headings that name it as `parent`), not counting statements that
  are not members (status `text`: notes, out of every member count).
- :func:`count_checks`: one :class:`CountCheck` per group that prints a count, with the page of
  its first member and, in a published dataset, the correction that acknowledged a mismatch
  (`DatasetGroup.count_acknowledged`, set by the `acknowledge_count` correction).
- :func:`mismatches` and :func:`mismatch_line`: what `cdpc check` reports, one tab-separated line
  each (page, network, group, printed and found).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.models import Entry, Group, Network, Record
from pipeline.terminal import tab_separated

YEAR = re.compile(r"^(1[89]|20)\d\d$")


class CountCheck(Record):
    """A count a group's heading prints, and the members found under it."""

    network: str
    group: str
    page: int | None
    printed: int
    found: int
    acknowledged: str | None = None

    @property
    def matches(self) -> bool:
        return self.printed == self.found


def printed_count(group: Group) -> int | None:
    if group.count is None or YEAR.match(str(group.count)):
        return None
    return group.count


def members_under(network: Network, group: Group) -> list[Entry]:
    """The entries of `group` and of the sub-groups printed under it, notes left out."""
    groups = [group] + [g for g in network.groups if group.label and g.parent == group.label]
    return [e for g in groups for e in g.entries if e.status != "text"]


def found_members(network: Network, group: Group) -> int:
    return len(members_under(network, group))


def count_checks(networks: Sequence[Network]) -> list[CountCheck]:
    checks = []
    for network in networks:
        for group in network.groups:
            printed = printed_count(group)
            if printed is None:
                continue
            members = members_under(network, group)
            page = members[0].page if members else (network.provenance.pages[0] if network.provenance.pages else None)
            acknowledged = getattr(group, "count_acknowledged", None)
            label: str = group.label  # type: ignore[assignment]  # a count is printed in a group's heading
            checks.append(
                CountCheck(
                    network=network.id,
                    group=label,
                    page=page,
                    printed=printed,
                    found=len(members),
                    acknowledged=acknowledged,
                )
            )
    return checks


def mismatches(networks: Sequence[Network]) -> list[CountCheck]:
    """The printed counts that differ from the members found, acknowledged or not."""
    return [c for c in count_checks(networks) if not c.matches]


def mismatch_line(check: CountCheck) -> str:
    """Tab-separated, as `cdpc check` prints an entry: page, network id, group, printed and found."""
    return tab_separated(
        [
            f"p{check.page}",
            check.network,
            check.group,
            f"printed {check.printed}, found {check.found}",
            "count mismatch",
        ]
    )
