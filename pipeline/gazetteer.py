"""What names mean: pycountry, the alias and gazetteer data files, and the spaCy pipeline that finds them.

Everything here is built once per process (`lexicon()`); `pipeline.normalise` uses it.
Text is *folded* (`pipeline.keys.fold`: accents dropped, apostrophes and dashes unified, one
character for one, so offsets stay those of the printed text) before spaCy sees it, and matched
ignoring case.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import pycountry
import spacy
import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher

from pipeline.keys import fold, subdivision_country

GEO_KINDS = ("country", "territory", "subdivision")


@dataclass(frozen=True)
class Meaning:
    """What a matched name stands for. `status` is coded, ambiguous or unresolved."""

    kind: str
    codes: tuple[str, ...] = ()
    status: str = "coded"
    candidates: tuple[str, ...] = ()
    note: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.status}:{'+'.join(self.codes or self.candidates)}:{self.note or ''}"


@dataclass
class Lexicon:
    nlp: Language
    meanings: dict[str, Meaning]
    sovereign: dict[str, str]
    rules: dict
    terms: dict
    term_matcher: PhraseMatcher

    def meaning(self, ent) -> Meaning:
        return self.meanings[ent.ent_id_]

    def parent_code(self, code: str) -> str:
        """The country a territory or subdivision code belongs to."""
        return subdivision_country(code) or self.sovereign.get(code, code)


def load(name: str) -> dict:
    return yaml.safe_load(resources.files("pipeline").joinpath("data", name).read_text(encoding="utf-8"))


def pycountry_names(country) -> list[str]:
    """The names pycountry gives a country, with "Korea, Republic of" also as "Republic of Korea" and "Korea"."""
    names = {country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)}
    for name in list(names):
        if name and "," in name:
            head, tail = (part.strip() for part in name.split(",", 1))
            names.discard(name)
            names.add(head)
            if re.search(r"\bof( the)?$", tail, re.I):
                names.add(f"{tail} {head}")
    return sorted(name for name in names if name and "," not in name)


def country_meanings(territories: dict[str, str]) -> dict[str, set[Meaning]]:
    """Every pycountry name, folded and lower-cased, with what it may mean (several when names clash)."""
    found: dict[str, set[Meaning]] = {}
    for country in pycountry.countries:
        kind = "territory" if country.alpha_2 in territories else "country"
        for name in pycountry_names(country):
            found.setdefault(name_key(name), set()).add(Meaning(kind, (country.alpha_2,)))
    return found


def alias_meaning(alias: dict) -> Meaning:
    kind = alias.get("kind", "country")
    if alias.get("unresolved"):
        return Meaning("other", status="unresolved", note=alias.get("note"))
    if alias.get("candidates"):
        return Meaning(kind, status="ambiguous", candidates=tuple(alias["candidates"]), note=alias.get("note"))
    return Meaning(kind, tuple(alias["codes"]), note=alias.get("note"))


def merged(meanings: set[Meaning]) -> Meaning:
    """One meaning for a name: itself when there is one, else an ambiguous one listing all codes."""
    if len(meanings) == 1:
        return next(iter(meanings))
    codes = sorted({code for meaning in meanings for code in meaning.codes + meaning.candidates})
    kinds = {meaning.kind for meaning in meanings}
    return Meaning(kinds.pop() if len(kinds) == 1 else "other", status="ambiguous", candidates=tuple(codes))


def name_key(name: str) -> str:
    return " ".join(fold(name).lower().split())


def named_meanings() -> dict[str, tuple[str, Meaning]]:
    """Folded, lower-cased name → (name as written in the data, meaning), aliases over pycountry."""
    territories = load("territories.yaml")["territories"]
    table = {key: (key, merged(meanings)) for key, meanings in country_meanings(territories).items()}
    for alias in load("aliases.yaml")["aliases"]:
        table[name_key(alias["name"])] = (alias["name"], alias_meaning(alias))
    for entry in load("gazetteer.yaml")["entries"]:
        meaning = Meaning(entry["kind"], (entry["id"],), note=entry.get("note"))
        for name in entry["names"]:
            table[name_key(name)] = (name, meaning)
    return table


def entity_patterns(table: dict[str, tuple[str, Meaning]]) -> tuple[list[dict], dict[str, Meaning]]:
    patterns, meanings = [], {}
    for key in sorted(table):
        _, meaning = table[key]
        meanings[meaning.key] = meaning
        patterns.append({"label": meaning.kind.upper(), "pattern": key, "id": meaning.key})
    return patterns, meanings


def term_matcher(nlp: Language, terms: dict) -> PhraseMatcher:
    """A PhraseMatcher over the purpose-term rules; match ids are "crime_areas/terrorism", "hosting/active",
    "establishment" and the like."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for group in ("crime_areas", "instruments"):
        for term, phrases in terms[group].items():
            matcher.add(f"{group}/{term}", [nlp.make_doc(name_key(phrase)) for phrase in phrases])
    for cue in ("active", "passive"):
        matcher.add(f"hosting/{cue}", [nlp.make_doc(name_key(phrase)) for phrase in terms["hosting"][cue]])
    matcher.add("establishment", [nlp.make_doc(name_key(phrase)) for phrase in terms["establishment_cues"]])
    return matcher


@functools.cache
def lexicon() -> Lexicon:
    """The spaCy pipeline (blank English, an EntityRuler, a sentencizer) and the data it reads; built once."""
    nlp = spacy.blank("en")
    table = named_meanings()
    patterns, meanings = entity_patterns(table)
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(patterns)
    nlp.add_pipe("sentencizer")
    terms = load("purpose_terms.yaml")
    return Lexicon(
        nlp=nlp,
        meanings=meanings,
        sovereign=load("territories.yaml")["territories"],
        rules=load("member_rules.yaml"),
        terms=terms,
        term_matcher=term_matcher(nlp, terms),
    )
