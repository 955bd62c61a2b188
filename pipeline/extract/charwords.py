"""pdfplumber's word grouping (`extract_words` with its defaults), on light character tuples.

A page source that reads characters (`pipeline.extract.pdfium`) groups them into words here by
pdfplumber's rule, so that its words are pdfplumber's: runs of characters of one uprightness,
size and font (a change ends a word); each run's characters clustered into lines by their tops
(`WORD_TOLERANCE` apart at most) and read left to right; a word ends at a space, at a gap wider
than `WORD_TOLERANCE`, or where the next character starts left of the last one; ligatures are
expanded ("ﬁ" → "fi"). Rotated (not upright) text reads top to bottom, lines clustered by x.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from operator import itemgetter

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


class CharWord:
    """A word as pdfplumber's `extract_words` merges it, keeping the font it began in."""

    __slots__ = ("bottom", "font", "size", "text", "top", "upright", "x0", "x1")

    def __init__(self, chars: list[Char]):
        first = chars[0]
        self.text = "".join(LIGATURES.get(c[0], c[0]) for c in chars)
        self.x0, self.x1 = min(c[1] for c in chars), max(c[2] for c in chars)
        self.top, self.bottom = min(c[3] for c in chars), max(c[4] for c in chars)
        self.upright, self.size, self.font = first[5], first[6], first[7]


def chars_to_words(chars: list[Char]) -> Iterator[CharWord]:
    """pdfplumber's word grouping: runs of characters of one uprightness, size and font, each
    split into lines (tops clustered) read left to right, words split at spaces and gaps."""
    for _, run in itertools.groupby(chars, key=lambda c: (c[5], c[6], c[7])):
        for line in lines_of(list(run)):
            word: list[Char] = []
            for char in line:
                if char[0].isspace():
                    if word:
                        yield CharWord(word)
                    word = []
                elif word and begins_word(word[-1], char):
                    yield CharWord(word)
                    word = [char]
                else:
                    word.append(char)
            if word:
                yield CharWord(word)


def lines_of(run: list[Char]) -> list[list[Char]]:
    """pdfplumber's `cluster_objects` on the tops (upright text; x0 for rotated), then each line
    sorted by x0 (top, then bottom, for rotated)."""
    upright = run[0][5]
    key = itemgetter(3) if upright else itemgetter(1)
    order = itemgetter(1) if upright else itemgetter(3, 4)
    cluster_of: dict[float, int] = {}
    values = sorted(set(map(key, run)))
    index, last = 0, None
    for value in values:
        if last is not None and value > last + WORD_TOLERANCE:
            index += 1
        cluster_of[value] = index
        last = value
    ordered = sorted(run, key=lambda c: cluster_of[key(c)])
    return [sorted(group, key=order) for _, group in itertools.groupby(ordered, key=lambda c: cluster_of[key(c)])]


def begins_word(previous: Char, char: Char) -> bool:
    """pdfplumber's `char_begins_new_word` for left-to-right (upright) or top-to-bottom text."""
    if previous[5]:
        ax, bx, cx, ay, cy = previous[1], previous[2], char[1], previous[3], char[3]
    else:
        ax, bx, cx, ay, cy = previous[3], previous[4], char[3], previous[1], char[1]
    return cx < ax or cx > bx + WORD_TOLERANCE or abs(cy - ay) > WORD_TOLERANCE
