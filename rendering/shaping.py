"""Shaping: text to glyphs, glyphs to lines wrapped to a column's width.

Each block's text becomes words of `Glyph` (one per character, plus one per footnote marker,
glued to the character before its anchor), and words are wrapped into `Line`s for a width.
`row_paragraphs` gives a row's cells, one per column of `pipeline.columns.COLUMNS`, as `Text`
paragraphs to shape.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from typing import NamedTuple

from reportlab.pdfbase.pdfmetrics import stringWidth

from pipeline.columns import BLOCK_COLUMNS, NAME_COLUMN
from pipeline.models import CitedFootnote, Row
from rendering.layouts import Align, Layout


@cache
def string_width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


class Glyph(NamedTuple):
    """One character (or one whole footnote marker) with its font, size and baseline shift."""

    text: str
    font: str
    size: float
    rise: float = 0.0
    footnote: int | None = None
    """The footnote number, for a marker."""

    @property
    def width(self) -> float:
        return string_width(self.text, self.font, self.size)


Word = tuple[Glyph, ...]


@dataclass(frozen=True)
class Line:
    glyphs: tuple[Glyph, ...]
    size: float
    """The body font size (markers excluded), which places the baseline."""
    height: float
    space_before: float = 0.0
    """Dropped when the line opens a page (or a cell's continuation on a page)."""
    align: Align = "left"

    @property
    def width(self) -> float:
        return _width_of(self.glyphs)

    @property
    def footnotes(self) -> tuple[int, ...]:
        return tuple(glyph.footnote for glyph in self.glyphs if glyph.footnote is not None)


def _width_of(glyphs: Iterable[Glyph]) -> float:
    return sum(glyph.width for glyph in glyphs)


def _marker_glyph(number: int, layout: Layout) -> Glyph:
    return Glyph(
        str(number),
        layout.font_family,
        layout.font_size * layout.marker_scale,
        rise=layout.font_size * layout.marker_rise,
        footnote=number,
    )


def shaped_words(
    text: str, font: str, size: float, markers: Mapping[int, Sequence[Glyph]], spaced: bool = False
) -> list[Word]:
    """The whitespace-separated words of `text` as glyphs, each marker glued after the character
    before its offset (a marker standing after a space goes to the end of the word before); with
    `spaced`, a marker at a word's end is a word of its own after it."""
    # A text without words still carries its markers, as a word of their own.
    spans = [match.span() for match in re.finditer(r"\S+", text)] or [(0, 0)]
    starts = [start for start, _ in spans]
    by_word: dict[int, dict[int, list[Glyph]]] = {}
    for offset in sorted(markers):
        index = max(bisect_left(starts, offset) - 1, 0)
        start, end = spans[index]
        position = min(max(offset, start), end) - start
        by_word.setdefault(index, {}).setdefault(position, []).extend(markers[offset])
    words = []
    for index, (start, end) in enumerate(spans):
        placed = by_word.get(index, {})
        glyphs: list[Glyph] = []
        for position in range(end - start):
            glyphs.extend(placed.get(position, ()))
            glyphs.append(Glyph(text[start + position], font, size))
        last = tuple(placed.get(end - start, ()))
        if spaced and glyphs and last:
            words.extend((tuple(glyphs), last))
        elif glyphs or last:
            words.append(tuple(glyphs) + last)
    return words


def _cut_points(word: Word) -> list[int]:
    """Where `word` may be cut in two: before a character (a marker stays with the character
    it is glued to), never at either end."""
    return [k for k in range(1, len(word)) if word[k].footnote is None]


def _ends_with_inner_hyphen(glyphs: Word) -> bool:
    text = "".join(glyph.text for glyph in glyphs if glyph.footnote is None)
    return text.endswith("-") and text.rstrip("-") != ""


def _split_to_fit(word: Word, room: float, hyphen_breaks: bool, force: bool) -> tuple[Word, Word]:
    """The longest head of `word` that fits `room`, and the rest.

    Cuts after an existing hyphen when allowed; with `force` (the word starts its line and is
    wider than the column) it falls back to a cut between any two characters, and at worst
    returns a head of one character, so that wrapping always progresses. Without a cut that
    fits, the head is empty.
    """
    cuts = _cut_points(word)
    head_widths = [0.0, *accumulate(glyph.width for glyph in word)]
    fitting = [k for k in cuts if head_widths[k] <= room]
    if hyphen_breaks:
        hyphen_cuts = [k for k in fitting if _ends_with_inner_hyphen(word[:k])]
        if hyphen_cuts:
            return word[: hyphen_cuts[-1]], word[hyphen_cuts[-1] :]
    if not force:
        return (), word
    if fitting:
        return word[: fitting[-1]], word[fitting[-1] :]
    if cuts:
        return word[: cuts[0]], word[cuts[0] :]
    return word, ()


def wrap(words: Sequence[Word], width: float, space: Glyph, hyphen_breaks: bool) -> list[tuple[Glyph, ...]]:
    """Greedy word wrap to `width`; words wider than the column are broken."""
    lines: list[tuple[Glyph, ...]] = []
    line: list[Glyph] = []
    used = 0.0
    pending = list(reversed(words))
    while pending:
        word = pending.pop()
        gap = (space,) if line else ()
        room = width - used - _width_of(gap)
        if _width_of(word) <= room:
            line.extend(gap + word)
            used += _width_of(gap + word)
            continue
        head, tail = _split_to_fit(word, room, hyphen_breaks, force=not line)
        if head:
            line.extend(gap + head)
        if tail:
            pending.append(tail)
        lines.append(tuple(line))
        line, used = [], 0.0
    if line:
        lines.append(tuple(line))
    return lines


@dataclass(frozen=True)
class Text:
    """A paragraph to shape: its text, whether it is bold, and its footnote markers by offset."""

    text: str
    bold: bool = False
    markers: Mapping[int, Sequence[int]] = field(default_factory=dict)


def paragraph_lines(
    paragraph: Text, width: float, layout: Layout, space_before: float = 0.0, align: Align = "left"
) -> list[Line]:
    font = layout.bold_font if paragraph.bold else layout.font_family
    markers = {
        offset: [_marker_glyph(number, layout) for number in numbers] for offset, numbers in paragraph.markers.items()
    }
    words = shaped_words(paragraph.text, font, layout.font_size, markers, layout.marker_spaced)
    space = Glyph(" ", layout.font_family, layout.font_size)
    wrapped = wrap(words, width, space, layout.hyphen_breaks)
    return [
        Line(glyphs, layout.font_size, layout.leading, space_before if i == 0 else 0.0, align)
        for i, glyphs in enumerate(wrapped)
    ]


def cell_lines(paragraphs: Sequence[Text], width: float, layout: Layout, align: Align = "left") -> list[Line]:
    """The wrapped lines of a cell's blocks, `paragraph_spacing` apart."""
    lines: list[Line] = []
    for i, paragraph in enumerate(paragraphs):
        spacing = layout.paragraph_spacing if i else 0.0
        lines.extend(paragraph_lines(paragraph, width, layout, spacing, align))
    return lines


def block_markers(footnotes: Iterable[CitedFootnote], cell: str, block: int) -> dict[int, list[int]]:
    """The footnote numbers cited in one block, by character offset."""
    markers: dict[int, list[int]] = {}
    for footnote in sorted(footnotes, key=lambda f: (f.anchor.offset, f.number)):
        if footnote.anchor.cell == cell and footnote.anchor.block == block:
            markers.setdefault(footnote.anchor.offset, []).append(footnote.number)
    return markers


def row_paragraphs(row: Row) -> tuple[list[Text], ...]:
    """A row's cells, left to right, as paragraphs to shape: the name in bold (with its web
    address under it, as later revisions print one), then the blocks of each further column,
    sub-headings in bold."""
    cells: dict[str, list[tuple[str, bool]]] = {
        NAME_COLUMN.name: [(row.name, True)] + ([(row.website, False)] if row.website else []),
        **{
            column.name: [(block.text, block.style == "heading") for block in getattr(row, column.name)]
            for column in BLOCK_COLUMNS
        },
    }
    return tuple(
        [Text(text, bold, block_markers(row.footnotes, cell, i)) for i, (text, bold) in enumerate(texts)]
        for cell, texts in cells.items()
    )
