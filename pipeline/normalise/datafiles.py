"""The package's data files (`pipeline/data/*.yaml`): what changes with the world, typed.

Each data file has one model, a subclass of :class:`DataFile` naming its file; `read` validates a
file into its model and `load` reads the packaged one. A malformed file is one
:class:`~pipeline.errors.MalformedDataFile` (exit 28) at its file:line, never a traceback.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import ClassVar, Literal, TypeVar, get_args

from pydantic import Field, model_validator

from pipeline.errors import MalformedDataFile
from pipeline.models import Record
from pipeline.yamlfiles import read_yaml


class DataFile(Record):
    """A data file of the package: `file` is its name in pipeline/data/."""

    file: ClassVar[str]


D = TypeVar("D", bound=DataFile)


def read(model: type[D], source: Path | Traversable) -> D:
    """The data file `source`, validated into `model`."""
    shape = f"a mapping of {', '.join(model.model_fields)}"
    return read_yaml(str(source), source.read_bytes(), model, MalformedDataFile, shape).value


def load(model: type[D]) -> D:
    """The packaged data file of `model`."""
    return read(model, resources.files("pipeline").joinpath("data", model.file))


# ---------------------------------------------------------------------------------------------
# The gazetteer's data files (read by pipeline.normalise.gazetteer, and by the exports without spaCy)
# ---------------------------------------------------------------------------------------------

GeoKind = Literal["country", "territory", "subdivision"]
GEO_KINDS = get_args(GeoKind)


class Alias(Record):
    name: str
    codes: list[str] = []
    kind: GeoKind = "country"
    candidates: list[str] = []
    unresolved: bool = False
    note: str | None = None
    why: str

    @model_validator(mode="after")
    def says_what_it_means(self) -> Alias:
        if not (self.codes or self.candidates or self.unresolved):
            raise ValueError("an alias gives codes, candidates or unresolved: true")
        return self


class Aliases(DataFile):
    file: ClassVar[str] = "aliases.yaml"
    aliases: list[Alias]


class GazetteerEntry(Record):
    id: str
    kind: Literal["organisation", "network"]
    names: list[str]
    note: str | None = None
    catalogued: bool = Field(
        default=False,
        description="a network of the catalogue: a relation to it that no row of a source is, is a problem",
    )


class Gazetteer(DataFile):
    file: ClassVar[str] = "gazetteer.yaml"
    entries: list[GazetteerEntry]


class Territories(DataFile):
    file: ClassVar[str] = "territories.yaml"
    territories: dict[str, str] = Field(description="territory code → the code of the state responsible for it")


class GroupRelationRule(Record):
    word: str
    relation: str


class MemberRules(DataFile):
    file: ClassVar[str] = "member_rules.yaml"
    roles: list[str]
    heading_words: list[str]
    connectors: list[str]
    group_relations: list[GroupRelationRule]
    default_group_relation: str
    sentence_words: list[str]


class HostingCues(Record):
    active: list[str]
    passive: list[str]


class Inflection(Record):
    ending: str = Field(min_length=1, pattern=r"^[a-z]+$")
    base: str = Field(pattern=r"^[a-z]*$")


class PurposeTermRules(DataFile):
    file: ClassVar[str] = "purpose_terms.yaml"
    crime_areas: dict[str, list[str]]
    instruments: dict[str, list[str]]
    establishment_cues: list[str]
    hosting: HostingCues
    lemma_min_length: int = Field(ge=1)
    inflections: list[Inflection]

    @property
    def term_groups(self) -> dict[str, dict[str, list[str]]]:
        """The term rules by group, in the order purpose terms are reported."""
        return {"crime_areas": self.crime_areas, "instruments": self.instruments}
