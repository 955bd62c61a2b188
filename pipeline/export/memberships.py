"""Member entries as tidy rows: one per network, entry and code, with the state behind each code.

Contract:

- :func:`membership_rows`: every member entry of every network, one row per code (an entry with no
  code, unresolved or ambiguous, is one row), in print order. `position` numbers all the entries
  of a network's member list from 1 (notes included), so memberships and notes interleave as printed.
- :func:`note_rows`: the entries that are statements, not members (status `text`: "40 third States
  are part of Eurojust's judicial contact point network"), out of every member count.
- The state of a code (`country`): a country's own code, a subdivision's country
  (`keys.subdivision_country`), a territory's own code with the state responsible for it
  (`responsible_state`, from territories.yaml) and an institution's state; organisations and
  networks have an `organisation` id (the gazetteer's) instead. `country_name` is pycountry's
  common name, else its name, else the alias naming a code pycountry lacks (Kosovo, XK); `region`
  and `sub_region` its UN M49 region and sub-region (`pipeline.normalise.regions`).
- :func:`country_rows`: every state or territory the memberships name (as `country` or as
  `responsible_state`), with its region, the state responsible for it, and the networks it takes
  part in, through its own entries and those of the territories it answers for (Réunion for France).
- `membership`: the type of membership read from the group's heading and the member's role by
  `pipeline/data/membership_types.yaml` (:class:`MembershipTypes`).

The gazetteer's data files are read on first use: importing them loads spaCy, which `cdpc diff`
and `cdpc verify` (importing the export's file names) do not need.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import ClassVar

import pycountry
from pydantic import Field, model_validator

from pipeline.keys import fold, subdivision_country
from pipeline.models import Dataset, DatasetEntry, DatasetGroup, DatasetNetwork, Record
from pipeline.normalise.datafiles import Aliases, DataFile, Gazetteer, Territories, load
from pipeline.normalise.regions import region, sub_region

# ---------------------------------------------------------------------------------------------
# The data file
# ---------------------------------------------------------------------------------------------


class MembershipType(Record):
    description: str
    participant: bool = Field(description="a member of this type takes part in the network (not so for `related`)")


class HeadingRule(Record):
    words: str
    type: str


class MembershipTypes(DataFile):
    file: ClassVar[str] = "membership_types.yaml"
    types: dict[str, MembershipType]
    roles: dict[str, str]
    headings: list[HeadingRule]
    default: str

    @model_validator(mode="after")
    def names_known_types(self) -> MembershipTypes:
        named = [self.default, *self.roles.values(), *(rule.type for rule in self.headings)]
        unknown = sorted(set(named) - set(self.types))
        if unknown:
            raise ValueError(f"unknown membership types {unknown}: declare them under `types`")
        return self

    def of(self, group: DatasetGroup, entry: DatasetEntry) -> str:
        """The type of membership of `entry`, printed in `group`: its role's, else its heading's, else the default."""
        if entry.role and fold(entry.role).lower() in self.roles:
            return self.roles[fold(entry.role).lower()]
        heading = fold(" ".join(filter(None, [group.parent, group.label]))).lower()
        for rule in self.headings:
            if re.search(rf"\b{re.escape(rule.words)}", heading):
                return rule.type
        return self.default


@functools.cache
def membership_types() -> MembershipTypes:
    return load(MembershipTypes)


# ---------------------------------------------------------------------------------------------
# What the gazetteer says of codes and ids
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """The gazetteer's data read for the export: territories, names of codes pycountry lacks, organisations."""

    responsible: dict[str, str]
    alias_names: dict[str, str]
    organisations: dict[str, tuple[str, list[str]]]  # id → (kind, names)


@functools.cache
def reference() -> Reference:
    aliases = load(Aliases).aliases
    return Reference(
        responsible=load(Territories).territories,
        alias_names={a.codes[0]: a.name for a in reversed(aliases) if len(a.codes) == 1},
        organisations={e.id: (e.kind, e.names) for e in load(Gazetteer).entries},
    )


def country_name(code: str | None) -> str | None:
    if code is None:
        return None
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return reference().alias_names.get(code)
    return getattr(country, "common_name", None) or country.name


def state_of(kind: str, code: str) -> str | None:
    """The ISO 3166-1 code of the state (or territory) a code of an entry of this kind stands for."""
    if kind == "subdivision":
        return subdivision_country(code)
    return code if kind in ("country", "territory", "institution") else None


# ---------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------


def numbered_entries(network: DatasetNetwork) -> list[tuple[int, DatasetGroup, DatasetEntry]]:
    """Every entry of a network's member list with its group and its position from 1."""
    entries = [(g, e) for g in network.groups for e in g.entries]
    return [(position, g, e) for position, (g, e) in enumerate(entries, start=1)]


def is_note(entry: DatasetEntry) -> bool:
    return entry.status == "text"


def correction_ids(entry: DatasetEntry) -> list[str]:
    return list(dict.fromkeys(a.correction for a in entry.amendments))


def membership_rows(dataset: Dataset) -> list[tuple]:
    types = membership_types()
    rows = []
    for n in dataset.networks:
        for position, group, e in numbered_entries(n):
            if is_note(e):
                continue
            for part, code in enumerate(e.codes or [None], start=1):
                state = state_of(e.kind, code) if code else None
                responsible = reference().responsible.get(code) if code and e.kind == "territory" else None
                organisation = code if e.kind in ("organisation", "network") else None
                rows.append((
                    n.id, position, part, group.label, group.parent, types.of(group, e), e.raw, e.kind, code,
                    state, country_name(state), region(state), sub_region(state), responsible, organisation, e.role,
                    e.status, e.candidates, e.note, e.page,
                    correction_ids(e),
                ))  # fmt: skip
    return rows


def note_rows(dataset: Dataset) -> list[tuple]:
    return [
        (n.id, position, group.label, e.raw, e.count, e.page, correction_ids(e))
        for n in dataset.networks
        for position, group, e in numbered_entries(n)
        if is_note(e)
    ]


def organisation_rows(dataset: Dataset) -> list[tuple]:
    """Every gazetteer entry the memberships or relations name: a catalogued network with its own
    name and acronym, anything else with the first of its names that is not an acronym."""
    networks = {n.id: n for n in dataset.networks}
    named = {
        code
        for n in dataset.networks
        for _, _, e in numbered_entries(n)
        if e.kind in ("organisation", "network")
        for code in e.codes
    }
    named |= {r.target for n in dataset.networks for r in n.relations} | {
        r.source for n in dataset.networks for r in n.relations
    }
    rows: list[tuple[str, str, str | None, str, str | None]] = []
    for code in sorted(named):
        kind, names = reference().organisations.get(code, ("network" if code in networks else "organisation", [code]))
        if code in networks:
            rows.append((code, networks[code].name, networks[code].acronym, kind, code))
            continue
        acronyms = [name for name in names if is_acronym(name)]
        full = [name for name in names if not is_acronym(name)]
        rows.append((code, (full or names)[0], acronyms[0] if acronyms else None, kind, None))
    return rows


def is_acronym(name: str) -> bool:
    """'CARIN', 'PC-OC', 'IberRed': one word with two capitals or more."""
    return " " not in name and sum(char.isupper() for char in name) >= 2


def country_rows(dataset: Dataset) -> list[tuple]:
    """One row per state or territory of the memberships, in code order: code, name, region,
    sub-region, responsible state, and the number of networks it takes part in (a membership type
    with `participant`) through its own entries and those of the territories it answers for."""
    types, responsible = membership_types(), reference().responsible
    networks: dict[str, set[str]] = {}
    for n in dataset.networks:
        for _, group, e in numbered_entries(n):
            takes_part = not is_note(e) and types.types[types.of(group, e)].participant
            for code in e.codes if not is_note(e) else []:
                state = state_of(e.kind, code)
                owner = responsible.get(code) if e.kind == "territory" else None
                for named in filter(None, (state, owner)):
                    networks.setdefault(named, set()).update([n.id] if takes_part else [])
    return [
        (code, country_name(code), region(code), sub_region(code), responsible.get(code), len(found))
        for code, found in sorted(networks.items())
    ]
