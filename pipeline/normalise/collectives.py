"""Collective members — "Member States of the EU", "47 Member States of the Council of Europe",
"G7 states" — and the states they stand for on a given day.

The memberships live in `pipeline/data/collectives.yaml` (its header states the fields; `joined` is
the first day of membership, `left` the last). Contract:

- :func:`collectives` reads the packaged file once per process, :func:`read_collectives` any file;
  a file that is not YAML or does not fit :class:`CollectivesFile` (unknown field, a code pycountry
  does not know, `left` before `joined`, two overlapping periods of one state in one collective,
  one phrasing in two places, a phrasing that starts with a count) raises
  :class:`MalformedDataFile` (exit 28) naming the file, the line and the field.
- :func:`recognise` tells whether an entry's whole printed text names a collective's members,
  ignoring case, spacing, punctuation, the word "the" and a leading "all", and reads a count
  printed before the phrasing ("the 27 EU Member States"). Only the whole text counts, so a
  sentence that mentions "the Member States of the European Union" is no collective entry.
- :func:`members_on` gives the sorted codes of a collective's members on a day, :func:`ever_members`
  those of every state that was ever one.
- :func:`expand` gives, for an entry's text and the document's date, the members of the collective
  on that date, each keeping the printed text it came from and marked as expanded. Without a date
  nothing is expanded; a printed count that differs from the expansion is reported, never
  corrected. Either way :attr:`Expansion.problem` says what a reviewer must look at.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import ClassVar, Literal

import pycountry
from pydantic import Field, field_validator, model_validator

from pipeline.models import Record
from pipeline.normalise.datafiles import DataFile, load, read

WORD = re.compile(r"[^\W_]+")
ARTICLE = "the"
QUANTIFIER = "all"


# ---------------------------------------------------------------------------------------------
# Phrasings: the words that name a collective's members, with the count printed before them
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    """A printed text reduced to what identifies a phrasing: its words (lower case, without "the"
    and a leading "all") after any leading count, and that count."""

    key: str
    count: int | None


def phrase(text: str) -> Phrase:
    words = [word for word in WORD.findall(text.casefold()) if word != ARTICLE]
    if words[:1] == [QUANTIFIER]:
        words = words[1:]
    if words and words[0].isascii() and words[0].isdigit():
        return Phrase(" ".join(words[1:]), int(words[0]))
    return Phrase(" ".join(words), None)


# ---------------------------------------------------------------------------------------------
# The data file
# ---------------------------------------------------------------------------------------------


class Membership(Record):
    """One period of membership of one state: from `joined` to `left`, both days included."""

    code: str = Field(description="ISO 3166-1 alpha-2")
    joined: date = Field(description="the first day of membership")
    left: date | None = Field(default=None, description="the last day of membership; None while a member")
    source: str
    note: str | None = None

    @field_validator("code")
    @classmethod
    def known_to_pycountry(cls, code: str) -> str:
        if pycountry.countries.get(alpha_2=code) is None:
            raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 code known to pycountry")
        return code

    @model_validator(mode="after")
    def left_not_before_joined(self) -> Membership:
        if self.left is not None and self.left < self.joined:
            raise ValueError(f"{self.code} left on {self.left}, before it joined on {self.joined}")
        return self

    def member_on(self, day: date) -> bool:
        return self.joined <= day and (self.left is None or day <= self.left)


class Collective(Record):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name: str
    phrasings: list[str] = Field(min_length=1)
    source: str
    members: list[Membership] = Field(min_length=1)

    @field_validator("phrasings")
    @classmethod
    def phrasings_without_count(cls, phrasings: list[str]) -> list[str]:
        for printed in phrasings:
            found = phrase(printed)
            if found.count is not None or not found.key:
                raise ValueError(
                    f"phrasing {printed!r} must name the members without a count (counts are read from the text)"
                )
        return phrasings

    @model_validator(mode="after")
    def periods_apart(self) -> Collective:
        periods = sorted(self.members, key=lambda m: (m.code, m.joined))
        for before, after in zip(periods, periods[1:]):
            if before.code == after.code and (before.left is None or after.joined <= before.left):
                raise ValueError(
                    f"{before.code} has overlapping periods of membership in {self.id!r}:"
                    f" from {before.joined} to {before.left or 'now'} and from {after.joined}"
                )
        return self

    def members_on(self, day: date) -> list[str]:
        return sorted({m.code for m in self.members if m.member_on(day)})

    def ever_members(self) -> set[str]:
        return {m.code for m in self.members}


class CollectivesFile(DataFile):
    file: ClassVar[str] = "collectives.yaml"
    collectives: list[Collective]

    @model_validator(mode="after")
    def ids_and_phrasings_unique(self) -> CollectivesFile:
        ids = [c.id for c in self.collectives]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"collective id {twice[0]!r} is used twice")
        owner: dict[str, str] = {}
        for collective in self.collectives:
            for printed in collective.phrasings:
                key = phrase(printed).key
                if key in owner:
                    raise ValueError(f"phrasing {printed!r} of {collective.id!r} repeats one of {owner[key]!r}")
                owner[key] = collective.id
        return self

    @functools.cached_property
    def by_phrasing(self) -> dict[str, Collective]:
        return {phrase(printed).key: c for c in self.collectives for printed in c.phrasings}

    def collective(self, collective_id: str) -> Collective:
        for collective in self.collectives:
            if collective.id == collective_id:
                return collective
        raise KeyError(f"no collective {collective_id!r}; known: {', '.join(c.id for c in self.collectives)}")


def read_collectives(source: Path | Traversable) -> CollectivesFile:
    """The collectives of a data file, validated; :class:`MalformedDataFile` at its file:line for anything else."""
    return read(CollectivesFile, source)


@functools.cache
def collectives() -> CollectivesFile:
    """The packaged data file, read once per process."""
    return load(CollectivesFile)


# ---------------------------------------------------------------------------------------------
# Recognising and expanding
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recognised:
    """An entry whose whole text names a collective's members."""

    collective: str
    printed: str
    count: int | None = None
    """The count printed before the phrasing ("47 Member States of the Council of Europe"), if any."""


@dataclass(frozen=True)
class ExpandedMember:
    """A state that was a member of the collective on the document's date. It was not printed:
    `printed` is the text it was expanded from."""

    code: str
    collective: str
    printed: str
    origin: Literal["expanded"] = "expanded"


@dataclass(frozen=True)
class Expansion:
    recognised: Recognised
    on: date | None
    members: tuple[ExpandedMember, ...]

    @property
    def problem(self) -> str | None:
        """What a reviewer must look at: no date to expand by, or a printed count the expansion contradicts."""
        if self.on is None:
            return (
                f"{self.recognised.printed!r} names the members of {self.recognised.collective!r}, "
                "but the document has no date: not expanded"
            )
        if not self.members:
            return (
                f"{self.recognised.printed!r} names the members of {self.recognised.collective!r}, "
                f"which had none on {self.on}"
            )
        count = self.recognised.count
        if count is not None and count != len(self.members):
            return (
                f"{self.recognised.printed!r} prints {count} members, but {self.recognised.collective!r}"
                f" had {len(self.members)} on {self.on}"
            )
        return None


def recognise(text: str) -> Recognised | None:
    """The collective whose members the whole of `text` names, or None."""
    found = phrase(text)
    collective = collectives().by_phrasing.get(found.key)
    return Recognised(collective.id, text, found.count) if collective else None


def members_on(collective: str, day: date) -> list[str]:
    """Sorted codes of the states that were members of `collective` (its id) on `day`."""
    return collectives().collective(collective).members_on(day)


def ever_members(collective: str) -> set[str]:
    """The codes of the states that were members of `collective` (its id) on any day."""
    return collectives().collective(collective).ever_members()


def state_name(code: str) -> str:
    """The name a reader knows a state by: pycountry's common name, else its name ("Czechia",
    "Moldova, Republic of")."""
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name  # type: ignore[union-attr]  # a code of the data files


def expand(text: str, on: date | None) -> Expansion | None:
    """The members `text` stands for on the document's date `on`; None when it names no collective."""
    recognised = recognise(text)
    if recognised is None:
        return None
    codes = members_on(recognised.collective, on) if on is not None else []
    return Expansion(recognised, on, tuple(ExpandedMember(code, recognised.collective, text) for code in codes))
