"""Pages → printed lines, and what the document as a whole tells before its tables are read.

`analyse` groups each page's words into `Line`s and measures the document from itself: the body
font size and line pitch (the commonest), the typical word space, the running header and footer
(lines that recur at about the same height on most pages) and the document symbol printed in them, and
each page's footnote area (the small print at its foot that starts with a number, or the lines
under a short separator rule). It returns a `Document`: the body lines of every page, furniture
and footnotes left out, with those measures and the settings they were taken under.
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from pipeline.columns import HEADER_LABELS
from pipeline.extract.geometry import MEASURE_DECIMALS, PageLayout, Word, clusters
from pipeline.extract.settings import ExtractSettings
from pipeline.models import Footnote

NUMBER = re.compile(r"^(\d{1,3})[.)]?$")
NUMBERED = re.compile(r"^\d+(\.\d+)*\.?\s+\S")
NOT_LETTER = re.compile(r"[^A-Za-z]")


class Line:
    """Words printed on one line, left to right, read under `settings`. Its measures leave out
    its superscripts (see `ExtractSettings.superscript_ratio`); they are taken once, when the
    line is made (its words do not change after)."""

    __slots__ = ("body_words", "bold", "bottom", "page", "settings", "size", "top", "words", "x0", "x1", "_text")

    def __init__(self, words: list[Word], page: int, settings: ExtractSettings):
        self.words, self.page, self.settings = words, page, settings
        least = settings.superscript_ratio * max([w.size for w in words])
        body = self.body_words = [w for w in words if w.size >= least]
        first = body[0]
        top, bottom, size, bold, same_size = first.top, first.bottom, first.size, first.bold, True
        for w in body:  # one pass over the words, as the measures of every line are taken
            if w.top < top:
                top = w.top
            if w.bottom > bottom:
                bottom = w.bottom
            same_size = same_size and w.size == size
            bold = bold and w.bold
        self.top, self.bottom, self.bold = top, bottom, bold
        self.size = size if same_size else statistics.median([w.size for w in body])
        self.x0, self.x1 = min([w.x0 for w in words]), max([w.x1 for w in words])
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = join_words(self.words, self.settings)
        return self._text


def join_words(words: Iterable[Word], settings: ExtractSettings, markers: frozenset[int] = frozenset()) -> str:
    """Words of one line as text: a space where the printed gap is one, none where words touch.
    Words whose id is in `markers` are left out; gaps are measured from their edge, as printed,
    so a marker glued between a word and its full stop ("region².") leaves no space behind."""
    return spaced_words(words, markers, settings)[0]


def spaced_words(
    words: Iterable[Word], markers: frozenset[int], settings: ExtractSettings
) -> tuple[str, list[tuple[int, int]]]:
    """The text of `join_words`, and each left-out marker's (number, offset in that text)."""
    text, found, previous = "", [], None
    for word in words:
        if id(word) in markers:
            found.append((int(word.text), len(text)))
        else:
            if (
                previous is not None
                and text
                and word.x0 - previous.x1 > settings.word_space_ratio * max(previous.size, word.size)
            ):
                text += " "
            text += word.text
        previous = word
    return text, found


def group_lines(words: list[Word], page: int, settings: ExtractSettings) -> list[Line]:
    """Words grouped into printed lines; small raised words (superscripts) join the line they sit on."""
    if not words:
        return []
    largest = max(w.size for w in words)
    big = sorted((w for w in words if w.size >= settings.small_word_ratio * largest), key=lambda w: (w.bottom, w.x0))
    lines: list[LineWords] = []
    for word in big:
        if lines and abs(lines[-1].words[-1].bottom - word.bottom) <= settings.baseline_tolerance * word.size:
            lines[-1].add(word)
        else:
            lines.append(LineWords(word))
    slack = settings.edge_slack
    by_top = sorted((line.top, index) for index, line in enumerate(lines))
    tallest = max((line.bottom - line.top for line in lines), default=0.0)
    for word in (w for w in words if w.size < settings.small_word_ratio * largest):
        middle = word.center_y
        # the lines it may sit on have their tops within the tallest line's height above it (a
        # point more either way, for the roundings): found by bisection, then tested exactly
        near = by_top[
            bisect.bisect_left(by_top, (middle - slack - tallest - 1, -1)) : bisect.bisect_right(
                by_top, (middle + slack + 1, len(lines))
            )
        ]
        hosts = sorted(index for _, index in near if lines[index].top - slack <= middle <= lines[index].bottom + slack)
        if hosts:
            index = min(hosts, key=lambda index: (lines[index].distance(word), -lines[index].bottom))
            by_top.remove((lines[index].top, index))
            lines[index].add(word)
        else:
            index = len(lines)
            lines.append(LineWords(word))
        bisect.insort(by_top, (lines[index].top, index))
        tallest = max(tallest, lines[index].bottom - lines[index].top)
    ordered = sorted(lines, key=lambda line: (line.top, line.x0))
    return [Line(sorted(line.words, key=lambda w: w.x0), page, settings) for line in ordered]


class LineWords:
    """The words of a line being grouped, with their extent (kept as words join) and their left
    and right edges sorted, so that how far a word stands from the line is found by bisection."""

    __slots__ = ("bottom", "lefts", "rights", "top", "words", "x0")

    def __init__(self, word: Word):
        self.words, self.top, self.bottom, self.x0 = [word], word.top, word.bottom, word.x0
        self.lefts, self.rights = [word.x0], [word.x1]

    def add(self, word: Word) -> None:
        self.words.append(word)
        self.top, self.bottom, self.x0 = min(self.top, word.top), max(self.bottom, word.bottom), min(self.x0, word.x0)
        bisect.insort(self.lefts, word.x0)
        bisect.insort(self.rights, word.x1)

    def distance(self, word: Word) -> float:
        """How far `word` stands from the nearest word of the line along the x axis (0 when
        touching or overlapping one): the nearest left edge at or right of its end, or right
        edge at or left of its start; when fewer words lie wholly on either side than the line
        holds, one overlaps it."""
        right = bisect.bisect_left(self.lefts, word.x1)
        left = bisect.bisect_right(self.rights, word.x0)
        if left + len(self.lefts) - right < len(self.lefts):
            return 0.0
        gaps = ([self.lefts[right] - word.x1] if right < len(self.lefts) else []) + (
            [word.x0 - self.rights[left - 1]] if left else []
        )
        return min(gaps)


def dominant_size(pages: list[PageLayout]) -> float:
    sizes = Counter[float]()
    for layout in pages:
        for word in layout.words:
            sizes[word.size] += len(word.text)
    return sizes.most_common(1)[0][0]


def line_pitch(lines: list[Line], body_size: float, settings: ExtractSettings) -> float:
    """The commonest distance between consecutive body lines of one column."""
    pitches = Counter[float]()
    body = settings.body_size_tolerance
    for above, below in pairwise(lines):
        if abs(above.size - body_size) < body and abs(below.size - body_size) < body:
            pitch = round(below.top - above.top, MEASURE_DECIMALS)
            if settings.pitch_min_ratio * body_size < pitch < settings.pitch_max_ratio * body_size:
                pitches[pitch] += 1
    return pitches.most_common(1)[0][0] if pitches else settings.default_pitch_ratio * body_size


def typical_word_gap(lines_by_page: dict[int, list[Line]], settings: ExtractSettings) -> float:
    """The commonest space between words on a line: the font's space, whatever the font."""
    gaps = Counter[float]()
    for lines in lines_by_page.values():
        for line in lines:
            for a, b in pairwise(line.words):
                gap = b.x0 - a.x1
                if settings.word_space_ratio * a.size < gap < settings.word_gap_max_ratio * a.size:
                    gaps[round(gap, MEASURE_DECIMALS)] += 1
    return gaps.most_common(1)[0][0] if gaps else settings.default_word_gap


def normalised_word(text: str) -> str:
    return NOT_LETTER.sub("", text).upper()


def is_header_line(line: Line) -> bool:
    """Whether `line` is a header row of the catalogue table: every column label, few words."""
    words = [normalised_word(w.text) for w in line.words]
    return all(label in words for label in HEADER_LABELS) and len(words) <= line.settings.header_max_words


def is_heading(line: Line, body_size: float) -> bool:
    """Whether `line` is a heading: bold, larger than the body or numbered, and short."""
    settings = line.settings
    numbered = NUMBERED.match(line.text) is not None
    return (line.bold or line.size > body_size * settings.heading_size_ratio or numbered) and len(
        line.text
    ) < settings.heading_max_chars


# ---------------------------------------------------------------------------------------------
# Page furniture and footnotes
# ---------------------------------------------------------------------------------------------


def furniture_key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text)


def find_furniture(
    pages: list[PageLayout], lines_by_page: dict[int, list[Line]], settings: ExtractSettings
) -> set[tuple[int, int]]:
    """(page, line index) of running headers and footers: lines among the first or last few of
    their pages that recur, numbers aside, at about the same height on most pages, however far
    from the page edge they sit (a footer moved up into the page is still a footer). A table's
    header row, repeated on every page, is no furniture."""
    candidates: dict[str, list[tuple[float, int, int]]] = defaultdict(list)
    edge = settings.furniture_edge_lines
    for layout in pages:
        lines = lines_by_page[layout.number]
        for index, line in enumerate(lines):
            if (index < edge or index >= len(lines) - edge) and not is_header_line(line):
                candidates[furniture_key(line)].append((line.top, layout.number, index))
    needed = max(settings.furniture_min_pages, int(len(pages) * settings.furniture_page_share))
    found: set[tuple[int, int]] = set()
    for places in candidates.values():
        for group in clusters(sorted(places), lambda place: place[0], settings.furniture_height_tolerance):
            if len({page for _, page, _ in group}) >= needed:
                found.update((page, index) for _, page, index in group)
    return found


def document_symbol(lines_by_page: dict[int, list[Line]], furniture: set[tuple[int, int]]) -> str | None:
    """The paper's symbol: the running header's text less the page number."""
    texts = Counter[str]()
    for page, index in furniture:
        line = lines_by_page[page][index]
        text = " ".join(w.text for w in line.words if w.text != str(page)).strip()
        if re.search(r"[A-Za-z]", text):
            texts[text] += 1
    return texts.most_common(1)[0][0] if texts else None


@dataclass
class FootnoteArea:
    top: float
    footnotes: list[Footnote]


def footnote_area(
    layout: PageLayout, lines: list[Line], body_size: float, settings: ExtractSettings
) -> FootnoteArea | None:
    """The footnotes at the page foot, if any: the small print there that starts with a number,
    or, where footnotes are printed at body size, the lines under a short separator rule."""
    area = small_print_notes(lines, body_size, settings) or notes_below_separator(layout, lines, settings)
    if not area:
        return None
    left = min(line.x0 for line in area)
    notes: list[list[Line]] = []
    for line in area:
        first = line.words[0]
        starts_note = (
            NUMBER.match(first.text) and first.x0 <= left + settings.footnote_number_slack and len(line.words) > 1
        )
        if starts_note or not notes:
            notes.append([line])
        else:
            notes[-1].append(line)
    return FootnoteArea(area[0].top, [footnote_from_lines(note, layout) for note in notes])


def small_print_notes(lines: list[Line], body_size: float, settings: ExtractSettings) -> list[Line]:
    """The run of smaller-than-body lines at the page foot, from its first line that starts with a
    number and goes on with text (a footnote marker wrapped alone onto the body's last line is no
    footnote: "37" over "37 https://…")."""
    run: list[Line] = []
    for line in reversed(lines):
        if line.size >= settings.footnote_size_ratio * body_size:
            break
        run.insert(0, line)
    starts = [i for i, line in enumerate(run) if NUMBER.match(line.words[0].text) and len(line.words) > 1]
    return run[starts[0] :] if starts else []


def notes_below_separator(layout: PageLayout, lines: list[Line], settings: ExtractSettings) -> list[Line]:
    """The lines under the page's footnote separator: a short rule in the lower part of the page,
    below every long rule, whose next line starts with a number."""
    long_rule = settings.long_rule_ratio * layout.width
    lowest_long = max((y for y, x0, x1 in layout.hrules if x1 - x0 >= long_rule), default=0.0)
    for y, x0, x1 in sorted(layout.hrules):
        if x1 - x0 >= long_rule or y < max(lowest_long, layout.height * settings.separator_depth):
            continue
        below = [line for line in lines if line.top > y]
        if below and NUMBER.match(below[0].words[0].text):
            return below
    return []


def footnote_from_lines(lines: list[Line], layout: PageLayout) -> Footnote:
    marker = NUMBER.match(lines[0].words[0].text)
    assert marker is not None, "a footnote starts at its number"
    number = int(marker.group(1))
    parts = [join_words(lines[0].words[1:], lines[0].settings)] + [line.text for line in lines[1:]]
    text = " ".join(p for p in parts if p).strip()
    top, bottom = lines[0].top, lines[-1].bottom
    url = next((link.uri for link in layout.links if top <= (link.top + link.bottom) / 2 <= bottom), None)
    if url and text.replace(" ", "") == url:
        text = url
    return Footnote(number=number, text=text, url=url, page=layout.number)


# ---------------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------------


@dataclass
class Document:
    """What extraction learns about the document as a whole before reading its tables."""

    pages: list[PageLayout]
    lines: dict[int, list[Line]]
    body_size: float
    pitch: float
    symbol: str | None
    footnote_areas: dict[int, FootnoteArea]
    word_gap: float
    text_bottom: float
    settings: ExtractSettings

    @property
    def footnotes(self) -> list[Footnote]:
        return [note for area in self.footnote_areas.values() for note in area.footnotes]

    def footnote(self, number: int, page: int) -> Footnote | None:
        same_page = self.footnote_areas.get(page)
        if same_page:
            for note in same_page.footnotes:
                if note.number == number:
                    return note
        return next((note for note in self.footnotes if note.number == number), None)

    def content_bottom(self, page: int) -> float:
        """How far down the page body text may run: the footnote area, else the text area's foot."""
        area = self.footnote_areas.get(page)
        return min(area.top, self.text_bottom) if area else self.text_bottom


def analyse(pages: list[PageLayout], settings: ExtractSettings) -> Document:
    lines = {layout.number: group_lines(layout.words, layout.number, settings) for layout in pages}
    body_size = dominant_size(pages)
    furniture = find_furniture(pages, lines, settings)
    symbol = document_symbol(lines, furniture)
    body_lines = {
        page: [line for index, line in enumerate(ls) if (page, index) not in furniture] for page, ls in lines.items()
    }
    areas = {}
    for layout in pages:
        area = footnote_area(layout, body_lines[layout.number], body_size, settings)
        if area:
            areas[layout.number] = area
            body_lines[layout.number] = [
                line for line in body_lines[layout.number] if line.top < area.top - settings.above_line
            ]
    pitch = statistics.median(
        [line_pitch(ls, body_size, settings) for ls in body_lines.values() if len(ls) >= settings.pitch_min_lines]
        or [settings.default_pitch_ratio * body_size]
    )
    bottoms = [ls[-1].bottom for ls in body_lines.values() if ls]
    return Document(
        pages,
        body_lines,
        body_size,
        pitch,
        symbol,
        areas,
        typical_word_gap(body_lines, settings),
        max(bottoms, default=0),
        settings,
    )
