"""What the site's pages show of a version, as its templates read it.

- :func:`member_lines`: a network's member groups as lines: each entry with the states it links
  to, the catalogued network it names, its role, and a printed collective with the states it
  stood for on the source's date (its expanded entries);
- :func:`state_networks`: each state's or territory's networks by type of membership, its own
  entries and those of the territories it answers for;
- :func:`text_blocks`: a network's purpose as paragraphs, list items and sub-headings, with its
  footnote links;
- :func:`correction_link`: the "propose a correction" link of a network, from the site settings'
  template, pre-filled with the network's id, page and a correction skeleton in the overlay's
  YAML form (`pipeline.corrections.ops`);
- :func:`changes_table`: the records of a version's `changes` table (its changes.csv), as the
  changes page and each network page show them;
- :func:`shade`: the map's colour step of a number of networks.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, cast
from urllib.parse import quote, urlsplit

from markupsafe import Markup
from pydantic import field_validator

from pipeline.diff.records import DiffOp, DiffRecord
from pipeline.diff.words import unmarked_text, word_changes
from pipeline.export.memberships import is_note, membership_types, state_of
from pipeline.fields import LIST_SEPARATOR, comparisons
from pipeline.models import Dataset, DatasetEntry, DatasetNetwork, Manifest
from pipeline.normalise.datafiles import DataFile, Territories, load
from pipeline.review.content import purpose_paragraphs

SETTINGS = "site.yaml"
CHANGES = "changes.csv"
STEPS = (1, 3, 6, 10, 15)
"""The map's colour steps: a state in at least STEPS[i] networks gets colour i (none: no colour)."""


class SiteSettings(DataFile):
    """The site settings file (`pipeline/data/site.yaml`, or `cdpc site --settings FILE`)."""

    file: ClassVar[str] = SETTINGS
    correction_link: str
    """A mailto: or http(s) URL template; {subject} and {body} are replaced by the URL-encoded subject and body."""

    @field_validator("correction_link")
    @classmethod
    def mailto_or_web(cls, value: str) -> str:
        if urlsplit(value).scheme.lower() not in ("mailto", "http", "https"):
            raise ValueError("a mailto:, http: or https: address is needed (a link of another scheme could run code)")
        return value

    def link(self, subject: str, body: str) -> str:
        return self.correction_link.replace("{subject}", quote(subject, safe="")).replace(
            "{body}", quote(body, safe="")
        )


@dataclass
class Member:
    """An entry as a network page shows it."""

    text: str
    states: list[str] = field(default_factory=list)
    network: str | None = None
    role: str | None = None
    collective: bool = False
    note: bool = False
    """A statement of the member list, not a member ("40 third States are part of…")."""
    expanded: list[Member] = field(default_factory=list)
    on: str | None = None
    """For a collective: the day its expansion is taken on."""


@dataclass(frozen=True)
class MemberGroup:
    label: str | None
    parent: str | None
    members: list[Member]


@dataclass(frozen=True)
class StateMembership:
    network: DatasetNetwork
    entry: str
    territory: str | None


def entry_states(entry: DatasetEntry) -> list[str]:
    """The states or territories (ISO 3166-1 alpha-2) a coded entry links to."""
    if entry.status != "coded":
        return []
    return list(
        dict.fromkeys(s for code in entry.codes if (s := state_of(entry.kind, code)) and re.fullmatch(r"[A-Z]{2}", s))
    )


def member_lines(network: DatasetNetwork, network_ids: set[str]) -> list[MemberGroup]:
    """The network's groups with their members; an expanded entry goes under the collective before it."""
    groups = []
    for group in network.groups:
        members: list[Member] = []
        for entry in group.entries:
            named = (
                next((c for c in entry.codes if c in network_ids), None)
                if entry.kind in ("network", "organisation")
                else None
            )
            member = Member(
                entry.raw,
                entry_states(entry),
                named,
                entry.role,
                collective=entry.kind == "collective",
                note=is_note(entry),
            )
            holder = members[-1] if members and members[-1].collective else None
            if entry.origin == "expanded" and entry.expanded_from and holder is not None:
                holder.expanded.append(member)
                holder.on = entry.expanded_from.on.isoformat()
            else:
                members.append(member)
        groups.append(MemberGroup(group.label, group.parent, members))
    return groups


def state_networks(dataset: Dataset) -> dict[str, dict[str, list[StateMembership]]]:
    """Every state's and territory's memberships by type, networks in print order; a territory's
    memberships are its responsible state's too (with the territory named)."""
    types, responsible = membership_types(), load(Territories).territories
    found: dict[str, dict[str, list[StateMembership]]] = {}
    for network in dataset.networks:
        for group in network.groups:
            for entry in group.entries:
                if is_note(entry):
                    continue
                kind = types.of(group, entry)
                for state in entry_states(entry):
                    owner = responsible.get(state) if entry.kind == "territory" else None
                    found.setdefault(state, {}).setdefault(kind, []).append(StateMembership(network, entry.raw, None))
                    if owner:
                        found.setdefault(owner, {}).setdefault(kind, []).append(
                            StateMembership(network, entry.raw, state)
                        )
    order = list(types.types)
    return {code: {k: by_type[k] for k in order if k in by_type} for code, by_type in sorted(found.items())}


def text_blocks(network: DatasetNetwork) -> list[tuple[str, Markup | list[Markup]]]:
    """The purpose as ('p', html), ('h', html) and ('ul', [html…]) blocks, consecutive items one list."""
    blocks: list[tuple[str, Markup | list[Markup]]] = []
    for block, html in zip(network.purpose, purpose_paragraphs(network)):
        if block.style == "item":
            if blocks and isinstance(listed := blocks[-1][1], list):  # a 'ul' block
                listed.append(html)
            else:
                blocks.append(("ul", [html]))
        else:
            blocks.append(("h" if block.style == "heading" else "p", html))
    return blocks


def correction_skeleton(network: DatasetNetwork, source: str) -> str:
    """A correction of the network in the overlay's YAML form, for its maintainers to complete."""
    name = network.name.replace('"', '\\"')
    return (
        f'source: {{symbol: "{source}"}}\n'
        "corrections:\n"
        f"  - id: {network.id}-correction\n"
        "    op: set_field\n"
        f"    target: {{network: {network.id}}}\n"
        "    field: name\n"
        f'    expect: "{name}"\n'
        '    value: "(the corrected value; or another op: replace_entry, add_entry, remove_entry…)"\n'
        "    reason: (what is wrong, and where the correct value is published)\n"
        "    author: (your name and network)\n"
        "    date: (YYYY-MM-DD)\n"
    )


def correction_link(settings: SiteSettings, network: DatasetNetwork, source: str, page: str) -> str:
    subject = f"Correction of {network.id} ({source})"
    body = f"Network: {network.id}\nPage: {page}\n\n{correction_skeleton(network, source)}"
    return settings.link(subject, body)


def changes_table(folder: Path, manifest: Manifest) -> list[DiffRecord] | None:
    """The records of the version's `changes` table, in its order; None for a version published
    before the table was (its manifest lists no changes.csv)."""
    if CHANGES not in {f.path for f in manifest.files}:
        return None
    with (folder / CHANGES).open(encoding="utf-8", newline="") as rows:
        return [change_record(row) for row in csv.DictReader(rows)]


def change_record(row: dict[str, str]) -> DiffRecord:
    """A row of the `changes` table as the diff record it was written from: an empty cell None, a
    list or mapping decoded from its JSON, a text compared word by word (a name, a purpose) with
    its words aligned again, as `cdpc diff` shows them."""
    old, new = cell_value(row["old"]), cell_value(row["new"])
    worded = row["item"] in word_items() and isinstance(old, str) and isinstance(new, str)
    return DiffRecord(
        op=cast(DiffOp, row["op"]),
        network=row["network"],
        old_network=row["old_network"] or None,
        item=row["item"],
        key=row["key"] or None,
        group=row["group_label"] or None,
        old=old,
        new=new,
        words=word_changes(unmarked_text([old]), unmarked_text([new])) if worded else None,
        corrections=row["corrections"].split(LIST_SEPARATOR) if row["corrections"] else [],
    )


def cell_value(cell: str):
    """An old or new cell of the `changes` table: None if empty, a list or mapping if it is one in
    JSON, else its text."""
    if not cell:
        return None
    if cell[0] in "[{":
        try:
            value = json.loads(cell)
        except ValueError:
            return cell
        return value if isinstance(value, (list, dict)) else cell
    return cell


def word_items() -> set[str]:
    """The items whose old and new texts `cdpc diff` compares word by word: a rename, and the text fields."""
    return {"name", *(name for comparison, names in comparisons() if comparison == "words" for name in names)}


def shade(count: int) -> int:
    """The map's colour step of a state in `count` networks: 0 for none, else 1 to len(STEPS)."""
    return sum(count >= step for step in STEPS)
