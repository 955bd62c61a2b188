"""Normalisation: extracted rows become networks with typed, coded member entries, purpose terms and relations.

This module names the rows (id, name, acronym, section) and assembles each network; the member
cells are read by `pipeline.members`, the purpose cells by `pipeline.purpose`; what `cdpc check`
shows a reviewer is `pipeline.problems`.
"""

from __future__ import annotations

import re
from datetime import date

from pipeline.gazetteer import Lexicon, lexicon
from pipeline.keys import fold, slug
from pipeline.members import member_groups
from pipeline.models import (
    Extraction,
    Group,
    Network,
    Normalised,
    Relation,
    Row,
)
from pipeline.purpose import purpose_relations, purpose_sentences, purpose_terms

# ---------------------------------------------------------------------------------------------
# Rows: id, name, acronym, section
# ---------------------------------------------------------------------------------------------

ACRONYM = re.compile(r"\(([A-Z][\w-]*(?: \d{4})?)\)")


def name_and_acronym(printed: str) -> tuple[str, str | None]:
    """ "Camden Assets Recovery Interagency Network (CARIN)" → the name and "CARIN"; the last parenthesised acronym wins."""
    found = list(ACRONYM.finditer(printed))
    if not found:
        return " ".join(printed.split()), None
    last = found[-1]
    name = printed[: last.start()] + printed[last.end() :]
    return " ".join(name.split()), last.group(1)


def section_slug(heading: str) -> str:
    """ "4.1 European Networks" → "european"; "4.2 Non-European Networks" → "non_european"."""
    words = re.sub(r"^[\d.\s]+", "", heading)
    return slug(re.sub(r"\bnetworks?\b", "", words, flags=re.I), "_")


def network_ids(rows: list[Row]) -> list[str]:
    """Each row's id: the slug of its acronym, else of its name; "-2", "-3"… on a repeat."""
    ids: list[str] = []
    for row in rows:
        name, acronym = name_and_acronym(row.name)
        base = candidate = slug(acronym or name)
        repeat = 1
        while candidate in ids:
            repeat += 1
            candidate = f"{base}-{repeat}"
        ids.append(candidate)
    return ids


# ---------------------------------------------------------------------------------------------
# Networks
# ---------------------------------------------------------------------------------------------


def group_relation(group: Group, lex: Lexicon) -> str:
    heading = fold(" ".join(filter(None, [group.parent, group.label]))).lower()
    for rule in lex.rules.group_relations:
        if rule.word in heading:
            return rule.relation
    return lex.rules.default_group_relation


def member_relations(network: str, groups: list[Group], catalogue: set[str], lex: Lexicon) -> list[Relation]:
    """A catalogued network printed in a member list: an observer, partner or member of this one."""
    return [
        Relation(source=network, target=code, kind=group_relation(group, lex), evidence=entry.raw, span=entry.span, cell="members")
        for group in groups
        for entry in group.entries
        if entry.kind == "network" and entry.status == "coded"
        for code in entry.codes
        if code in catalogue and code != network
    ]


def distinct(relations: list[Relation]) -> list[Relation]:
    """One relation per source, target and kind (the first found); a mere mention of a pair already related is dropped."""
    related = {frozenset((r.source, r.target)) for r in relations if r.kind != "mentions"}
    seen, kept = set(), []
    for r in relations:
        key = (r.source, r.target, r.kind)
        if key in seen or (r.kind == "mentions" and frozenset((r.source, r.target)) in related):
            continue
        seen.add(key)
        kept.append(r)
    return kept


def network(row: Row, network_id: str, catalogue: set[str], lex: Lexicon, on: date | None) -> Network:
    name, acronym = name_and_acronym(row.name)
    groups = member_groups(row.members, lex, on)
    sentences = purpose_sentences(row.purpose, lex)
    relations = purpose_relations(network_id, sentences, catalogue) + member_relations(network_id, groups, catalogue, lex)
    return Network(
        id=network_id,
        name=name,
        acronym=acronym,
        section=section_slug(row.section),
        section_heading=row.section,
        purpose=row.purpose,
        terms=purpose_terms(sentences, lex),
        groups=groups,
        relations=distinct(relations),
        footnotes=row.footnotes,
        provenance=row.provenance,
        website=row.website,
    )


def normalise(extraction: Extraction) -> Normalised:
    """Every row of an extraction as a network with coded members, purpose terms and relations."""
    lex = lexicon()
    ids = network_ids(extraction.rows)
    catalogue = set(ids)
    return Normalised(
        source=extraction.source,
        networks=[network(row, network_id, catalogue, lex, extraction.source.date) for row, network_id in zip(extraction.rows, ids)],
    )


def to_json(normalised: Normalised) -> str:
    return normalised.model_dump_json(indent=2) + "\n"
