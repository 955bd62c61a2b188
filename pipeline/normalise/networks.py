"""Normalisation: extracted rows become networks with typed, coded member entries, purpose terms and relations.

This module names the rows (id, name, acronym, section) and assembles each network; the member
cells are read by `pipeline.normalise.members` and `pipeline.normalise.member_groups`, the purpose cells by
`pipeline.normalise.purpose`; what `cdpc check` shows a reviewer is `pipeline.normalise.problems`.
"""

from __future__ import annotations

import re
from datetime import date

from pipeline.keys import fold, slug
from pipeline.models import (
    Extraction,
    Group,
    Network,
    Normalised,
    Problem,
    Relation,
    Row,
)
from pipeline.normalise.gazetteer import Catalogue, Lexicon, catalogue, lexicon
from pipeline.normalise.member_groups import member_groups
from pipeline.normalise.purpose import Sentence, missing_networks, purpose_relations, purpose_sentences, purpose_terms

# ---------------------------------------------------------------------------------------------
# Rows: id, name, acronym, section
# ---------------------------------------------------------------------------------------------

ACRONYM = re.compile(r"\(([A-Z][\w-]*(?: \d{4})?)\)")


def name_and_acronym(printed: str) -> tuple[str, str | None]:
    """ "Camden Assets Recovery Interagency Network (CARIN)" → the name and "CARIN"; the last
    parenthesised acronym wins."""
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


def member_relations(network: str, groups: list[Group], catalogue: Catalogue, lex: Lexicon) -> list[Relation]:
    """A catalogued network printed in a member list: an observer, partner or member of this one."""
    return [
        Relation(
            source=network,
            target=target,
            kind=group_relation(group, lex),
            evidence=entry.raw,
            span=entry.span,
            cell="members",
        )
        for group in groups
        for entry in group.entries
        if entry.kind == "network" and entry.status == "coded"
        for target in [catalogue.ids.get(code) for code in entry.codes]
        if target is not None and target != network
    ]


def missing_targets(
    network: str, row: Row, groups: list[Group], sentences: list[Sentence], catalogue: Catalogue
) -> list[Problem]:
    """The relations this row states to a network of the catalogue that no row of the source is, as problems."""
    missing = "names {!r}, a network of the catalogue that no row of this source is: the relation is not made"
    in_members = [
        Problem(
            page=entry.page,
            network=network,
            group=group.label,
            raw=entry.raw,
            status="relation_target_missing",
            candidates=[code],
            note=missing.format(code),
        )
        for group in groups
        for entry in group.entries
        if entry.kind == "network" and entry.status == "coded"
        for code in entry.codes
        if catalogue.missing(code)
    ]
    in_purpose = [
        Problem(
            page=block_page(row.purpose[s.block]),
            network=network,
            group=None,
            raw=s.text.strip(),
            status="relation_target_missing",
            candidates=[code],
            note=missing.format(code),
        )
        for s, code in missing_networks(sentences, catalogue)
    ]
    return in_purpose + in_members


def block_page(block) -> int | None:
    return block.boxes[0].page if block.boxes else None


def distinct(relations: list[Relation]) -> list[Relation]:
    """One relation per source, target and kind (the first found); a mere mention of a pair already
    related is dropped."""
    related = {frozenset((r.source, r.target)) for r in relations if r.kind != "mentions"}
    seen, kept = set(), []
    for r in relations:
        key = (r.source, r.target, r.kind)
        if key in seen or (r.kind == "mentions" and frozenset((r.source, r.target)) in related):
            continue
        seen.add(key)
        kept.append(r)
    return kept


def network(
    row: Row, network_id: str, catalogue: Catalogue, lex: Lexicon, on: date | None
) -> tuple[Network, list[Problem]]:
    """The row as a network, and the relations it states to a catalogued network no row is (`missing_targets`)."""
    name, acronym = name_and_acronym(row.name)
    groups = member_groups(row.members, lex, on)
    sentences = purpose_sentences(row.purpose, lex)
    relations = purpose_relations(network_id, sentences, catalogue) + member_relations(
        network_id, groups, catalogue, lex
    )
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
    ), missing_targets(network_id, row, groups, sentences, catalogue)


def normalise(extraction: Extraction) -> Normalised:
    """Every row of an extraction as a network with coded members, purpose terms and relations; a
    relation's target is found through the gazetteer's names of the networks
    (`pipeline.normalise.gazetteer.catalogue`)."""
    lex = lexicon()
    ids = network_ids(extraction.rows)
    rows = catalogue(list(zip(ids, (row.name for row in extraction.rows))), lex.gazetteer)
    made = [
        network(row, network_id, rows, lex, extraction.source.date) for row, network_id in zip(extraction.rows, ids)
    ]
    return Normalised(
        source=extraction.source,
        networks=[n for n, _ in made],
        missing_targets=[p for _, missing in made for p in missing],
    )


def to_json(normalised: Normalised) -> str:
    return normalised.model_dump_json(indent=2) + "\n"
