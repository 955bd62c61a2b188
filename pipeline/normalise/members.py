"""Member cells: the blocks of a MEMBERS cell become groups of typed, coded entries.

Member cells are read block by block. A block is a group heading or a list; a list is cut into
sentences (at periods), parts (at commas) and chunks (at "and", "&" and dashes), never inside a
name the EntityRuler found nor inside parentheses. A chunk holding only names gives one entry per
name (so "Japan Kazakhstan" gives two); a chunk that reads as prose is kept whole as kind `other`;
anything else is `unresolved`. Nothing is coded by guess.

A text that wholly names a collective's members ("Member States of the EU", "47 Member States of
the Council of Europe", "G7 states"; `pipeline.normalise.collectives`) is recognised before any cut, as a
whole block, a part or a chunk: it gives a `collective` entry and, when the document's date is
known, one `expanded` entry per state that was a member on that date; a prose lead-in ending in a
collective and followed by names gives the collective and the names. A block naming a collective
right above a printed list of its own states is that list's heading instead ("ASEAN Member States"
over the ten names the 2017 paper prints): the printed members are the members, nothing is
expanded. Above anything else (an organisation, other states, a heading) it is a member.

How a block reads in the light of its neighbours, and the groups of a cell: `pipeline.normalise.member_groups`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipeline.keys import fold
from pipeline.models import Block, Entry, ExpandedFrom, Span
from pipeline.normalise.collectives import Recognised, expand, recognise, state_name
from pipeline.normalise.datafiles import GEO_KINDS
from pipeline.normalise.gazetteer import Lexicon, Meaning


@dataclass(frozen=True)
class Found:
    """A name the EntityRuler found in a block, in offsets of the printed text."""

    start: int
    end: int
    meaning: Meaning


@dataclass(frozen=True)
class Heading:
    label: str
    span: Span
    dashed: bool = False


EDGE = " \t\n,;.:-–—•·▪&"
PART_BREAK = re.compile(r"[,;]")
CHUNK_BREAK = re.compile(r"\band\b|&|(?:^|(?<=\s))[-–—•·▪](?=\s|$)|^\s*[-–—•·▪]")
SENTENCE_BREAK = re.compile(r"\.(?=\s|$)")
WORD = re.compile(r"[^\W\d_][\w'’.-]*")
NUMBER = re.compile(r"\d+")
CONTROL_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b[P\]X^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -/]*[0-~]"
)
"""A terminal's control sequence (ECMA-48): a CSI with its parameters (ESC [31m), a control
string (OSC, DCS... up to its terminator) or ESC and the characters it takes. Not printed text: a
digit in it is no count."""
WORD_START = re.compile(r"\b\w")
LIST_GOES_ON = re.compile(r"\s*(?:[,;.]|and\b|$)")


class Cell:
    """One block of a member cell with what was found in it: names, parentheses, protected offsets."""

    def __init__(
        self, text: str, index: int, page: int | None, found: list[Found], lex: Lexicon, on: date | None = None
    ):
        self.text, self.index, self.page, self.found, self.lex, self.on = text, index, page, found, lex, on
        self.parens = balanced_parens(text)
        self.protected = [False] * len(text)
        for start, end in [(f.start, f.end) for f in found] + self.parens:
            self.protected[start:end] = [True] * (end - start)

    def free_matches(self, pattern: re.Pattern, start: int, end: int) -> list[tuple[int, int]]:
        """Matches of a separator between start and end that lie outside names and parentheses."""
        return [
            (start + m.start(), start + m.end())
            for m in pattern.finditer(self.text[start:end])
            if m.end() > m.start() and not any(self.protected[start + m.start() : start + m.end()])
        ]

    def pieces(self, pattern: re.Pattern, start: int, end: int) -> list[tuple[int, int]]:
        """[start, end) cut at free separators, each piece trimmed of separator characters."""
        cuts, cursor = [], start
        for a, b in self.free_matches(pattern, start, end):
            cuts.append((cursor, a))
            cursor = b
        cuts.append((cursor, end))
        return [piece for piece in (self.trimmed(a, b) for a, b in cuts) if piece[1] > piece[0]]

    def trimmed(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.text[start] in EDGE and not self.protected[start]:
            start += 1
        while end > start and self.text[end - 1] in EDGE and not self.protected[end - 1]:
            end -= 1
        return start, end

    def names_in(self, start: int, end: int) -> list[Found]:
        """Names inside [start, end) that are not inside parentheses."""
        return [f for f in self.found if start <= f.start and f.end <= end and not self.in_parens(f.start)]

    def parens_in(self, start: int, end: int) -> list[tuple[int, int]]:
        return [(a, b) for a, b in self.parens if start <= a and b <= end]

    def in_parens(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self.parens)

    def loose_words(self, start: int, end: int) -> list[str]:
        """Words of [start, end) outside names and parentheses."""
        text = "".join(" " if self.protected[i] else self.text[i] for i in range(start, end))
        return WORD.findall(text)

    def extra_words(self, start: int, end: int) -> set[str]:
        """Words of [start, end) besides its names, parentheses, "the" and "and"."""
        return {w.lower() for w in self.loose_words(start, end)} - {"the", "and"}

    def prose_words(self, start: int, end: int) -> list[str]:
        connectors = set(self.lex.rules.connectors)
        return [w for w in self.loose_words(start, end) if w[0].islower() and w.lower() not in connectors]

    def is_prose(self, start: int, end: int) -> bool:
        return bool(self.prose_words(start, end)) and not self.collective(start, end)

    def collective(self, start: int, end: int) -> Recognised | None:
        """The collective [start, end) wholly names, if any."""
        return recognise(self.text[start:end])

    def collective_start(self, end: int, start: int = 0) -> int | None:
        """Where the longest text naming a collective, ending at `end` and not before `start`, starts, if any."""
        return next(
            (m.start() for m in WORD_START.finditer(self.text, start, end) if self.collective(m.start(), end)), None
        )

    def span(self, start: int, end: int) -> Span:
        return Span(block=self.index, start=start, end=end)


def balanced_parens(text: str) -> list[tuple[int, int]]:
    """Offsets of the outermost balanced parentheses; an unmatched one is left as text."""
    pairs, opened = [], []
    for i, char in enumerate(text):
        if char == "(":
            opened.append(i)
        elif char == ")" and opened:
            pairs.append((opened.pop(), i + 1))
    return sorted(p for p in pairs if not any(a < p[0] and p[1] < b for a, b in pairs))


def first_number(text: str) -> int | None:
    """The first number `text` prints (a heading's count), control sequences left out."""
    match = NUMBER.search(CONTROL_SEQUENCE.sub(" ", text))
    return int(match.group()) if match else None


def heading_label(text: str) -> str:
    return text.strip().lstrip("-–—•·▪ ").rstrip(": ").strip()


DASH_BEFORE = re.compile(r"(?:^|[.:;]\s*)[-–—]\s*$")


def heading(cell: Cell, start: int, end: int) -> Heading:
    """A heading printed over [start, end); `dashed` when a dash opens it ("- Liaison Prosecutors")."""
    start, end = cell.trimmed(start, end)
    dashed = bool(DASH_BEFORE.search(cell.text[:start]))
    return Heading(heading_label(cell.text[start:end]), cell.span(start, end), dashed=dashed)


def is_heading(cell: Cell, style: str) -> bool:
    """A group heading: short, no list, no full stop, and bold or worded like one ("Observer States", "Members:")."""
    text = cell.text.strip()
    if (
        not text
        or text.endswith(".")
        or cell.free_matches(PART_BREAK, 0, len(cell.text))
        or len(cell.names_in(0, len(cell.text))) > 1
    ):
        return False
    return style == "heading" or is_worded_like_a_heading(cell, 0, len(cell.text))


def is_worded_like_a_heading(cell: Cell, start: int, end: int) -> bool:
    """No place named, no verb of a sentence, at most 15 words, and a colon at its end or a heading word."""
    text = cell.text[start:end].strip()
    sentence_words = set(cell.lex.rules.sentence_words)
    return (
        bool(text)
        and not any(f.meaning.kind in GEO_KINDS for f in cell.names_in(start, end))
        and not any(w.lower() in sentence_words for w in cell.loose_words(start, end))
        and len(text.split()) <= 15
        and (text.endswith(":") or has_heading_word(text, cell.lex))
    )


def has_heading_word(text: str, lex: Lexicon) -> bool:
    lowered = fold(text).lower()
    return any(re.search(rf"\b{re.escape(word)}\b", lowered) for word in lex.rules.heading_words)


def inline_label_end(cell: Cell) -> int:
    """Where a label run into the list below it ends ("Members: Austria, …", "Observer States Albania, …"):
    before the first name that a separator or the end of the block follows, if the words before it
    read like a heading; 0 when there is no such label. A collective ending at that name starts the
    list ("Members: Member States of the EU, Iceland")."""
    first = next((f for f in cell.names_in(0, len(cell.text)) if LIST_GOES_ON.match(cell.text, f.end)), None)
    if first is None:
        return 0
    start = cell.collective_start(first.end)
    start = first.start if start is None else start
    if not start or cell.free_matches(PART_BREAK, 0, start) or not is_worded_like_a_heading(cell, 0, start):
        return 0
    return start


def entry(
    cell: Cell, start: int, end: int, meaning: Meaning, role: str | None = None, note: str | None = None
) -> Entry:
    raw = cell.text[start:end]
    is_text = meaning.status == "text"
    return Entry(
        raw=raw,
        kind=meaning.kind,
        codes=list(meaning.codes),
        status=meaning.status,
        candidates=list(meaning.candidates),
        role=role,
        count=first_number(raw) if is_text else None,
        note=note if note is not None else meaning.note,
        span=cell.span(start, end),
        page=cell.page,
    )


TEXT = Meaning("other", status="text")
UNRESOLVED = Meaning("other", status="unresolved")


def combined(outer: Meaning, inner: Meaning, lex: Lexicon) -> Meaning | None:
    """ "France (Réunion)" → Réunion; "North Rhine-Westphalia (Germany)" → the Land; None when they
    do not fit together."""
    if outer.status != "coded" or inner.status != "coded":
        return None
    if outer.kind == "country" and inner.kind in ("territory", "subdivision"):
        specific, country = inner, outer
    elif outer.kind in ("territory", "subdivision") and inner.kind == "country":
        specific, country = outer, inner
    else:
        return None
    fits = all(lex.parent_code(code) in country.codes for code in specific.codes)
    return specific if fits else None


def named_entry(cell: Cell, start: int, end: int, found: Found) -> Entry:
    """The entry of one name printed over [start, end), its parentheses read as role, acronym, part or note."""
    meaning, role, notes = found.meaning, None, []
    roles = {fold(r).lower(): r for r in cell.lex.rules.roles}
    for a, b in cell.parens_in(start, end):
        inner = cell.text[a + 1 : b - 1].strip()
        inner_names = [f for f in cell.found if a < f.start and f.end < b]
        if fold(inner).lower() in roles:
            role = inner
        elif inner_names and all(f.meaning == found.meaning for f in inner_names):
            continue
        elif len(inner_names) == 1 and meaning.kind in GEO_KINDS and inner_names[0].meaning.kind in GEO_KINDS:
            both = combined(meaning, inner_names[0].meaning, cell.lex)
            candidates = tuple(sorted(set(meaning.codes + inner_names[0].meaning.codes)))
            meaning = both or Meaning(meaning.kind, status="ambiguous", candidates=candidates)
        else:
            notes.append(inner)
    note = "; ".join(([meaning.note] if meaning.note else []) + notes) or None
    return entry(cell, start, end, meaning, role=role, note=note)


def collective_entries(cell: Cell, start: int, end: int, recognised: Recognised) -> list[Entry]:
    """The collective printed over [start, end), then its members on the document's date, if known."""
    start, end = cell.trimmed(start, end)
    printed = entry(cell, start, end, Meaning("collective", (recognised.collective,))).model_copy(
        update={"count": recognised.count}
    )
    expansion = expand(printed.raw, cell.on)
    if cell.on is None or expansion is None:
        return [printed]
    origin = ExpandedFrom(collective=recognised.collective, printed=printed.raw, on=cell.on)
    return [printed] + [
        entry(cell, start, end, Meaning("country", (m.code,))).model_copy(
            update={"raw": state_name(m.code), "origin": "expanded", "expanded_from": origin}
        )
        for m in expansion.members
    ]


def chunk_entries(cell: Cell, start: int, end: int) -> list[Entry]:
    """Entries of one chunk: a collective's, one per name when it holds only names, else one for the whole chunk."""
    recognised = cell.collective(start, end)
    if recognised:
        return collective_entries(cell, start, end, recognised)
    names = cell.names_in(start, end)
    if cell.is_prose(start, end):
        return [entry(cell, start, end, TEXT)]
    if not names or cell.extra_words(start, end):
        return [entry(cell, start, end, UNRESOLVED, note=unresolved_note(names))]
    entries = []
    for i, found in enumerate(names):
        a = start if i == 0 else found.start
        b = end if i == len(names) - 1 else found.end + len(cell.text[found.end : names[i + 1].start].rstrip())
        entries.append(named_entry(cell, a, b, found))
    return entries


def unresolved_note(names: list[Found]) -> str | None:
    codes = [code for f in names for code in f.meaning.codes]
    return f"contains names coded {', '.join(codes)}" if codes else None


def institution_entry(cell: Cell, start: int, end: int) -> Entry | None:
    """ "Hungary: National Office for the Judiciary" → institution coded HU; "United Kingdom: Scotland" → GB-SCT."""
    names = cell.names_in(start, end)
    if (
        not names
        or names[0].meaning.kind != "country"
        or cell.text[start : names[0].start].strip(" -").lower() not in ("", "the")
    ):
        return None
    colon = cell.text.find(":", names[0].end, end)
    if colon < 0 or cell.text[names[0].end : colon].strip():
        return None
    country = names[0].meaning
    rest_start, rest_end = cell.trimmed(colon + 1, end)
    rest = [f for f in names[1:] if (f.start, f.end) == (rest_start, rest_end)]
    if rest and rest[0].meaning.kind == "subdivision" and combined(country, rest[0].meaning, cell.lex):
        return entry(cell, start, end, rest[0].meaning)
    if country.status != "coded":
        return entry(cell, start, end, Meaning("institution", status="ambiguous", candidates=country.candidates))
    return entry(cell, start, end, Meaning("institution", country.codes, note=country.note))


def part_items(cell: Cell, start: int, end: int) -> list[Entry]:
    found = institution_entry(cell, start, end)
    if found:
        return [found]
    return [e for a, b in cell.pieces(CHUNK_BREAK, start, end) for e in chunk_entries(cell, a, b)]


def is_name_list(cell: Cell, parts: list[tuple[int, int]]) -> bool:
    """Parts that are each nothing but names (two or more of them)."""
    listed = [p for p in parts if cell.names_in(*p) and not cell.extra_words(*p)]
    return len(listed) >= 2


def sentence_items(cell: Cell, start: int, end: int) -> list[Entry | Heading]:
    """A sentence of a member list: its entries, or itself whole when it is prose.

    A prose lead-in ending in a name and followed by a list ("Other members that cooperate
    include Egypt, Ethiopia, …") becomes a heading of the names that follow; so does one ending
    in a collective and followed by any names ("… contact points in the Member States of the EU,
    the European Commission and the Secretariat"), the collective being the list's first item.
    """
    parts = cell.pieces(PART_BREAK, start, end)
    if not parts:
        return []
    first_start, first_end = parts[0]
    if not cell.is_prose(first_start, first_end):
        return [e for p in parts for e in part_items(cell, *p)]
    named = cell.names_in(first_start, first_end)
    if named and cell.trimmed(named[-1].start, first_end)[1] == named[-1].end:
        collective = cell.collective_start(named[-1].end, first_start)
        listed_from = named[-1].start if collective is None else collective
        if is_name_list(cell, parts[1:]) or (collective is not None and any(cell.names_in(*p) for p in parts[1:])):
            label_end = cell.trimmed(first_start, listed_from)[1]
            listed = [(listed_from, first_end), *parts[1:]]
            return [heading(cell, start, label_end)] + [e for p in listed for e in part_items(cell, *p)]
    return [entry(cell, *cell.trimmed(start, end), TEXT)]


def block_items(cell: Cell, style: str) -> list[Entry | Heading]:
    """A member block as a stream of headings and entries."""
    recognised = cell.collective(0, len(cell.text))
    if recognised:
        return [*collective_entries(cell, 0, len(cell.text), recognised)]
    if is_heading(cell, style):
        return [heading(cell, 0, len(cell.text))]
    label_end = inline_label_end(cell)
    items: list[Entry | Heading] = [heading(cell, 0, label_end)] if label_end else []
    for a, b in cell.pieces(SENTENCE_BREAK, label_end, len(cell.text)):
        items.extend(sentence_items(cell, a, b))
    return items


def found_names(doc, lex: Lexicon) -> list[Found]:
    return [Found(ent.start_char, ent.end_char, lex.meaning(ent)) for ent in doc.ents]


def member_cells(blocks: list[Block], lex: Lexicon, on: date | None) -> list[Cell]:
    docs = lex.nlp.pipe(fold(block.text) for block in blocks)
    return [
        Cell(block.text, i, block.boxes[0].page if block.boxes else None, found_names(doc, lex), lex, on)
        for i, (block, doc) in enumerate(zip(blocks, docs))
    ]
