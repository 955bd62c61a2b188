"""pdfplumber's word grouping (`extract_words` with its defaults), on light character tuples.

A page source that reads characters (`pipeline.extract.pdfium`) groups them into words here by
pdfplumber's rule, so that its words are pdfplumber's: runs of characters of one uprightness,
size and font (a change ends a word); each run's characters clustered into lines by their tops
(`WORD_TOLERANCE` apart at most) and read left to right; a word ends at a space, at a gap wider
than `WORD_TOLERANCE`, or where the next character starts left of the last one; ligatures are
expanded ("ﬁ" → "fi"), UTF-16 surrogates joined (a lone one replaced, see `as_printed`). Rotated
(not upright) text reads top to bottom, lines clustered by x.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from operator import itemgetter
from typing import Literal

WORD_TOLERANCE = 3.0
"""pdfplumber's default x_tolerance and y_tolerance: a word ends at a gap wider than this, and a
line holds the characters whose tops are at most this apart."""
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
"""The ligatures pdfplumber expands in words."""
Char = tuple[str, float, float, float, float, bool, float, int]
"""text, x0, x1, top, bottom, upright, size, font (PDFium's handle)."""


def space_after(char: Char) -> Char:
    """A space at the end of `char` (in its direction), in its font and size: where a space printed
    there begins, so that it sorts between `char` and what follows it."""
    _, x0, x1, top, bottom, upright, size, font = char
    if upright:
        return (" ", x1, x1, top, bottom, upright, size, font)
    return (" ", x0, x1, bottom, bottom, upright, size, font)


def chars_to_words(chars: list[Char]) -> Iterator[Char]:
    """pdfplumber's word grouping: runs of characters of one uprightness, size and font, each
    split into lines (tops clustered) read left to right, words split at spaces and gaps. Each
    word is given as a `Char`: its text (ligatures expanded), its box, and the uprightness, size
    and font of its first character."""
    for (upright, _, _), run in itertools.groupby(chars, key=RUN):
        # pdfplumber's `char_begins_new_word`: what the next character's start (c) is compared
        # with: the last one's start and end (a, b) along the line, its position across (y)
        places: tuple[Literal[1, 3], Literal[2, 4], Literal[1, 3], Literal[1, 3]] = (
            (1, 2, 1, 3) if upright else (3, 4, 3, 1)
        )
        a, b, c, y = places
        for line in lines_of(list(run), upright):
            word: list[Char] = []
            last = line[0]  # the word's last character, once it has one
            for char in line:
                if char[0].isspace():
                    if word:
                        yield merged(word)
                    word = []
                    continue
                if word and (
                    char[c] < last[a] or char[c] > last[b] + WORD_TOLERANCE or abs(char[y] - last[y]) > WORD_TOLERANCE
                ):
                    yield merged(word)
                    word = [char]
                else:
                    word.append(char)
                last = char
            if word:
                yield merged(word)


RUN = itemgetter(5, 6, 7)
"""What a run of characters shares: uprightness, size and font."""
UNUSUAL = re.compile("[" + "".join(LIGATURES) + "\ud800-\udfff]")
"""A ligature to expand, or a UTF-16 surrogate to join or replace (see `as_printed`)."""


def merged(word: list[Char]) -> Char:
    """A word's characters as one, as pdfplumber's `merge_chars`: its box bounds theirs; its text
    as printed (`as_printed`), ligatures expanded."""
    texts, x0s, x1s, tops, bottoms, upright, size, font = zip(*word)
    text = "".join(texts)
    if UNUSUAL.search(text):
        text = "".join(as_printed(LIGATURES.get(t, t)) for t in texts)
    return text, min(x0s), max(x1s), min(tops), max(bottoms), upright[0], size[0], font[0]


UNREADABLE = "\ufffd"
"""A glyph whose ToUnicode mapping is no text (a lone surrogate), as both page sources read it."""


def as_printed(glyph: str) -> str:
    """The text of one glyph as pdfminer decodes its ToUnicode mapping: each pair of UTF-16
    surrogates (PDFium gives a character beyond the BMP as its two halves) joined into its
    character, a lone surrogate (which no text can hold) left out — and a glyph left with no text
    `UNREADABLE`, which the pdfplumber source gives for pdfminer's empty character."""
    return glyph.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore") or UNREADABLE


BYTE_SWAPPED = re.compile("[\u4100-\u5a00\u6100-\u7a00]")
"""A character that may be an ASCII letter written a byte off: U+XX00, XX a letter's code."""
LATIN_LETTER = re.compile("[A-Za-z]")


def unswapped(text: str) -> str:
    """A word's text with the letters a producer's ToUnicode wrote a byte off given back: in a word
    with ASCII letters, a U+XX00 where XX is a letter's code is that letter (Ghostscript maps
    Writer's ligature glyphs so, "o昀昀ender": "ff" as U+6600 U+6600). An ideograph standing
    inside a Latin word, no space between, is no text as printed."""
    if not BYTE_SWAPPED.search(text) or not LATIN_LETTER.search(text):
        return text
    return BYTE_SWAPPED.sub(lambda match: chr(ord(match[0]) >> 8) if ord(match[0]) & 0xFF == 0 else match[0], text)


def lines_of(run: list[Char], upright: bool) -> list[list[Char]]:
    """pdfplumber's `cluster_objects` on the tops (upright text; x0 for rotated), then each line
    sorted by x0 (top, then bottom, for rotated)."""
    values = list(map(itemgetter(3) if upright else itemgetter(1), run))
    order = itemgetter(1) if upright else itemgetter(3, 4)
    if max(values) <= min(values) + WORD_TOLERANCE:  # one line: every next value is near enough
        return [sorted(run, key=order)]
    cluster_of: dict[float, int] = {}
    index, last = 0, None
    for value in sorted(set(values)):
        if last is not None and value > last + WORD_TOLERANCE:
            index += 1
        cluster_of[value] = index
        last = value
    lines: list[list[Char]] = [[] for _ in range(index + 1)]
    for char, value in zip(run, values):
        lines[cluster_of[value]].append(char)
    return [sorted(line, key=order) for line in lines]
