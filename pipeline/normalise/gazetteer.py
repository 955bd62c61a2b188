"""What names mean: pycountry, the alias and gazetteer data files, and the spaCy pipeline that finds them.

Everything here is built once per process (`lexicon()`); `pipeline.normalise.members` and `pipeline.normalise.purpose`
use it. Text is *folded* before spaCy sees it (`pipeline.keys.fold`: accents dropped, apostrophes
and dashes unified, one character for one, so offsets stay those of the printed text) and matched
ignoring case. The data files it reads have their models in `pipeline.normalise.datafiles` (spaCy-free, so
the exports read them too): a malformed one stops with one line naming its file and line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import pycountry
import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from pipeline.keys import fold, subdivision_country
from pipeline.normalise.datafiles import (
    Alias,
    Aliases,
    Gazetteer,
    MemberRules,
    PurposeTermRules,
    Territories,
    load,
)

if TYPE_CHECKING:  # the models only as types: reading the gazetteer builds no pydantic model
    from spacy.pipeline import EntityRuler

    from pipeline.models import EntryKind, EntryStatus

# ---------------------------------------------------------------------------------------------
# Names and their meanings
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Meaning:
    """What a matched name stands for. `status` is coded, ambiguous or unresolved."""

    kind: EntryKind
    codes: tuple[str, ...] = ()
    status: EntryStatus = "coded"
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
    rules: MemberRules
    terms: PurposeTermRules
    term_matcher: PhraseMatcher
    gazetteer: Gazetteer

    def meaning(self, ent) -> Meaning:
        return self.meanings[ent.ent_id_]

    def parent_code(self, code: str) -> str:
        """The country a territory or subdivision code belongs to."""
        return subdivision_country(code) or self.sovereign.get(code, code)


# ---------------------------------------------------------------------------------------------
# The networks a source catalogues, by the ids the gazetteer gives the names its texts print
# ---------------------------------------------------------------------------------------------

PARENTHESES = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class Catalogue:
    """The rows of one source as the targets of relations: `ids` maps each row's id and each
    gazetteer network id a row is known by to that row's id; `expected` holds the gazetteer ids of
    the networks of the catalogue (`catalogued: true`), whose absence a relation makes a problem."""

    ids: dict[str, str]
    expected: frozenset[str]

    def missing(self, named: str) -> bool:
        """Whether `named` (a gazetteer id) is a network of the catalogue that no row of the source is."""
        return named not in self.ids and named in self.expected


def printed_names(printed: str) -> list[str]:
    """A row's name as printed, without its parentheses, and each parenthesised part:
    "EUROJUST (European Union Agency for Criminal Justice Cooperation)" → the whole, "EUROJUST", the agency."""
    return [printed, PARENTHESES.sub(" ", printed), *PARENTHESES.findall(printed)]


def catalogue(rows: list[tuple[str, str]], gazetteer: Gazetteer) -> Catalogue:
    """The catalogue of rows given as (id, printed name): a gazetteer network is the row whose id is
    its id, else the first row printing one of its names (the name, an acronym, a name kept across
    a rename) as the whole name, outside the parentheses or inside them."""
    networks = [e for e in gazetteer.entries if e.kind == "network"]
    by_name = {name_key(name): e.id for e in networks for name in e.names}
    ids = {row_id: row_id for row_id, _ in rows}
    for row_id, printed in rows:
        for named in (by_name.get(name_key(n)) for n in printed_names(printed)):
            if named is not None and named not in ids:
                ids[named] = row_id
    return Catalogue(ids, frozenset(e.id for e in networks if e.catalogued))


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
        kind: EntryKind = "territory" if country.alpha_2 in territories else "country"
        for name in pycountry_names(country):
            found.setdefault(name_key(name), set()).add(Meaning(kind, (country.alpha_2,)))
    return found


def alias_meaning(alias: Alias) -> Meaning:
    if alias.unresolved:
        return Meaning("other", status="unresolved", note=alias.note)
    if alias.candidates:
        return Meaning(alias.kind, status="ambiguous", candidates=tuple(alias.candidates), note=alias.note)
    return Meaning(alias.kind, tuple(alias.codes), note=alias.note)


def merged(meanings: set[Meaning]) -> Meaning:
    """One meaning for a name: itself when there is one, else an ambiguous one listing all codes."""
    if len(meanings) == 1:
        return next(iter(meanings))
    codes = sorted({code for meaning in meanings for code in meaning.codes + meaning.candidates})
    kinds = {meaning.kind for meaning in meanings}
    return Meaning(kinds.pop() if len(kinds) == 1 else "other", status="ambiguous", candidates=tuple(codes))


def name_key(name: str) -> str:
    return " ".join(fold(name).lower().split())


def named_meanings(territories: dict[str, str]) -> dict[str, tuple[str, Meaning]]:
    """Folded, lower-cased name → (name as written in the data, meaning), aliases over pycountry."""
    table = {key: (key, merged(meanings)) for key, meanings in country_meanings(territories).items()}
    for alias in load(Aliases).aliases:
        table[name_key(alias.name)] = (alias.name, alias_meaning(alias))
    for entry in load(Gazetteer).entries:
        meaning = Meaning(entry.kind, (entry.id,), note=entry.note)
        for name in entry.names:
            table[name_key(name)] = (name, meaning)
    return table


def entity_patterns(table: dict[str, tuple[str, Meaning]]) -> tuple[list[dict], dict[str, Meaning]]:
    patterns, meanings = [], {}
    for key in sorted(table):
        _, meaning = table[key]
        meanings[meaning.key] = meaning
        patterns.append({"label": meaning.kind.upper(), "pattern": key, "id": meaning.key})
    return patterns, meanings


def lemma(word: str, terms: PurposeTermRules) -> str:
    """A word's lemma by the inflection rules of purpose_terms.yaml: "crimes" → "crime", "authorities" → "authority"."""
    lowered = word.lower()
    if len(lowered) < terms.lemma_min_length or not lowered.isalpha():
        return lowered
    rule = next((r for r in terms.inflections if lowered.endswith(r.ending)), None)
    return lowered if rule is None else lowered[: len(lowered) - len(rule.ending)] + rule.base


def with_lemmas(doc: Doc, terms: PurposeTermRules) -> Doc:
    """`doc` with each token's lemma set by `lemma`, as the term matcher reads it."""
    for token in doc:
        token.lemma_ = lemma(token.text, terms)
    return doc


def term_matcher(nlp: Language, terms: PurposeTermRules) -> PhraseMatcher:
    """A PhraseMatcher over the purpose-term rules, matching by lemma (`with_lemmas`); match ids are
    "crime_areas/terrorism", "hosting/active", "establishment" and the like."""
    matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")

    def patterns(phrases: list[str]) -> list[Doc]:
        return [with_lemmas(nlp.make_doc(name_key(phrase)), terms) for phrase in phrases]

    for group, rules in terms.term_groups.items():
        for term, phrases in rules.items():
            matcher.add(f"{group}/{term}", patterns(phrases))
    for cue, phrases in (("active", terms.hosting.active), ("passive", terms.hosting.passive)):
        matcher.add(f"hosting/{cue}", patterns(phrases))
    matcher.add("establishment", patterns(terms.establishment_cues))
    return matcher


@functools.cache
def lexicon() -> Lexicon:
    """The spaCy pipeline (blank English, an EntityRuler, a sentencizer) and the data it reads; built once."""
    nlp = spacy.blank("en")
    territories = load(Territories).territories
    patterns, meanings = entity_patterns(named_meanings(territories))
    ruler = cast("EntityRuler", nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"}))
    ruler.add_patterns(patterns)
    nlp.add_pipe("sentencizer")
    terms = load(PurposeTermRules)
    return Lexicon(
        nlp=nlp,
        meanings=meanings,
        sovereign=territories,
        rules=load(MemberRules),
        terms=terms,
        term_matcher=term_matcher(nlp, terms),
        gazetteer=load(Gazetteer),
    )
