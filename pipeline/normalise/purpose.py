"""Purpose cells: the crime areas and instruments a purpose names, the years of establishment it
gives, and the relations to other catalogued networks it states ("hosted by Eurojust")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.keys import fold
from pipeline.models import Block, PurposeTerms, Relation, Span
from pipeline.normalise.gazetteer import Catalogue, Lexicon, with_lemmas

YEAR = re.compile(r"^(1[89]|20)\d\d$")


@dataclass(frozen=True)
class Sentence:
    block: int
    start: int
    end: int
    text: str
    networks: tuple[tuple[int, str], ...]  # (offset, network id) of each network named
    cues: tuple[tuple[int, str], ...]  # (offset, rule) of each hosting / establishment cue
    terms: tuple[str, ...]
    years: tuple[int, ...]
    is_item: bool


def purpose_sentences(blocks: list[Block], lex: Lexicon) -> list[Sentence]:
    sentences = []
    docs = lex.nlp.pipe(fold(block.text) for block in blocks)
    for index, (block, doc) in enumerate(zip(blocks, docs)):
        matches = [(doc[s:e], lex.nlp.vocab.strings[m]) for m, s, e in lex.term_matcher(with_lemmas(doc, lex.terms))]
        for sent in doc.sents:
            inside = [(span, rule) for span, rule in matches if sent.start <= span.start and span.end <= sent.end]
            cues = tuple(
                (span.start_char, rule) for span, rule in inside if "/" not in rule or rule.startswith("hosting/")
            )
            sentences.append(
                Sentence(
                    block=index,
                    start=sent.start_char,
                    end=sent.end_char,
                    text=block.text[sent.start_char : sent.end_char],
                    networks=tuple(
                        (ent.start_char, lex.meaning(ent).codes[0])
                        for ent in sent.ents
                        if lex.meaning(ent).kind == "network"
                    ),
                    cues=cues,
                    terms=tuple(rule for _, rule in inside if rule.startswith(("crime_areas/", "instruments/"))),
                    years=tuple(int(t.text) for t in sent if YEAR.match(t.text))
                    if any(r == "establishment" for _, r in cues)
                    else (),
                    is_item=block.style == "item",
                )
            )
    return sentences


def purpose_terms(sentences: list[Sentence], lex: Lexicon) -> PurposeTerms:
    """Crime areas and instruments in the order of the rules file; years of establishment, sorted."""
    found = {term for s in sentences for term in s.terms}
    ordered = {group: [t for t in terms if f"{group}/{t}" in found] for group, terms in lex.terms.term_groups.items()}
    return PurposeTerms(**ordered, years=sorted({y for s in sentences for y in s.years}))


def purpose_relations(network: str, sentences: list[Sentence], catalogue: Catalogue) -> list[Relation]:
    """ "The IAP hosts … • GPEN • TIPP" → iap hosts gpen, tipp; "hosted by Eurojust" → eurojust hosts this network;
    any other catalogued network named → this network mentions it. Networks are named by the ids of
    their rows in `catalogue`."""
    relations = []
    host: str | None = None
    for previous, s in zip([None, *sentences], sentences):
        named = [(at, catalogue.ids[n]) for at, n in s.networks if n in catalogue.ids]
        host = host if s.is_item or (previous and previous.block == s.block) else None
        active = [at for at, rule in s.cues if rule == "hosting/active"]
        passive = [at for at, rule in s.cues if rule == "hosting/passive"]
        if active and any(at < active[0] for at, _ in named):
            host = [n for at, n in named if at < active[0]][-1]
        pairs = []
        if passive and any(at > passive[0] for at, _ in named):
            pairs.append(([n for at, n in named if at > passive[0]][0], network, "hosts"))
        for at, target in named:
            if host and target != host and (s.is_item or (active and at > active[0])):
                pairs.append((host, target, "hosts"))
            elif target != network:
                pairs.append((network, target, "mentions"))
        span = Span(block=s.block, start=s.start, end=s.end)
        relations += [
            Relation(source=a, target=b, kind=k, evidence=s.text, span=span, cell="purpose") for a, b, k in pairs
        ]
    return relations


def missing_networks(sentences: list[Sentence], catalogue: Catalogue) -> list[tuple[Sentence, str]]:
    """(sentence, gazetteer id) for each network of the catalogue a sentence names that no row of the source is."""
    return [(s, n) for s in sentences for n in dict.fromkeys(n for _, n in s.networks) if catalogue.missing(n)]
