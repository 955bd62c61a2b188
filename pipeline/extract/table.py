"""The catalogue table's stretches, their columns, and the tables they make up.

`find_stretches` cuts the document's lines into `Stretch`es: one page's run of a table, below a
header row (a line with every label of `pipeline.columns.HEADER_LABELS`) or from the top of a
page the table continues on. `assign_columns` gives each stretch its `Columns` — the edges of
the columns of `pipeline.columns.COLUMNS` — from the vertical rules drawn through its top, else
(or with the "gutters" strategy) from the text gutters between its header's labels, measured
over every page of the table at once. `trim_outside_lines` moves the lines after a table's end
(headings, running text) out of its stretch, and `group_tables` groups stretches into `Table`s
under their section heading.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from pipeline.columns import CELL_NAMES, HEADER_LABELS, CellName
from pipeline.extract.geometry import COORDINATE_DECIMALS, MEASURE_DECIMALS, PageLayout, Rule, Word, distance
from pipeline.extract.layout import (
    Document,
    Line,
    is_header_line,
    is_heading,
    normalised_word,
)
from pipeline.extract.settings import ExtractSettings

SUBSECTION = re.compile(r"^\d+(\.\d+)+\.?\s+\S")
WEB_ADDRESS = re.compile(r"^(?:(?i:https?://)\S*|(?i:www\.)\S+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?)$")
"""A printed line that is a web address: with a scheme (or the scheme alone: a word processor
breaks "https://" | "www.…" after the slashes), from "www.", or a bare lower-case domain with a
top-level domain's shape ("thecommonwealth.org", "seepag.info/en"), path allowed; one token, no
space (the first line of an address wrapped over several)."""


@dataclass
class Columns:
    """Where the columns of `COLUMNS` lie, left to right: `edges` holds the table's left edge,
    the boundary between each two columns and the table's right edge; `gutters` the width of the
    text gutter at each boundary (0 where none was measured: drawn rules)."""

    edges: tuple[float, ...]
    gutters: tuple[float, ...]

    @property
    def left(self) -> float:
        return self.edges[0]

    @property
    def right(self) -> float:
        return self.edges[-1]

    @property
    def boundaries(self) -> tuple[float, ...]:
        return self.edges[1:-1]

    @property
    def name_end(self) -> float:
        """The boundary right of the name column."""
        return self.edges[1]

    def cell_of(self, word: Word) -> CellName:
        x = word.center_x
        for cell, boundary in zip(CELL_NAMES, self.boundaries):
            if x < boundary:
                return cell
        return CELL_NAMES[-1]

    def span(self, cell: CellName) -> tuple[float, float]:
        index = CELL_NAMES.index(cell)
        return self.edges[index], self.edges[index + 1]

    def overflows(self, word: Word, line: Line) -> bool:
        """Whether `word` is a web address opening its column's part of `line` (no word before it
        in that column): a cell's address too long for its column, which cannot wrap, runs on
        over the next one (not a footnote's "12 http://…")."""
        if not WEB_ADDRESS.match(word.text):
            return False
        left = max((edge for edge in self.edges if edge <= word.x0), default=self.left)
        return not any(left <= other.x1 <= word.x0 for other in line.words if other is not word)

    def crosses(self, line: Line, word_gap: float, vrules: list[Rule]) -> bool:
        """Whether the line's text runs across a column boundary (a heading or paragraph, not a
        row). Beside a drawn rule nothing crosses; elsewhere, a word over the boundary (but a web
        address overflowing its column, `overflows`) or a gap at it no wider than a word space
        (and narrower than the table's gutter) crosses."""
        settings = line.settings
        middle = (line.top + line.bottom) / 2
        for boundary, gutter_width in zip(self.boundaries, self.gutters):
            if any(
                abs(x - boundary) < settings.column_rule_tolerance and top <= middle <= bottom
                for x, top, bottom in vrules
            ):
                continue
            if any(w.x0 < boundary < w.x1 and not self.overflows(w, line) for w in line.words):
                return True
            widest_inner = settings.crossing_gap_ratio * word_gap
            if gutter_width:
                widest_inner = min(widest_inner, settings.crossing_gutter_ratio * gutter_width)
            for a, b in pairwise(line.words):
                if a.x1 <= boundary <= b.x0 and b.x0 - a.x1 < widest_inner:
                    return True
        return False


def header_center(line: Line, label: str) -> float:
    return next(w.center_x for w in line.words if normalised_word(w.text) == label)


def label_centers(header: Line) -> tuple[float, ...]:
    """Where the header row prints each label of `HEADER_LABELS`, left to right."""
    return tuple(header_center(header, label) for label in HEADER_LABELS)


@dataclass
class Stretch:
    """One page's run of a catalogue table: the lines below a header row (or from the page top)."""

    layout: PageLayout
    header: Line | None
    lines: list[Line]
    top: float
    bottom: float
    columns: Columns | None = None
    outside: list[Line] = field(default_factory=list)

    @property
    def known_columns(self) -> Columns:
        """The columns of a stretch in a table: set for each before its rows are read."""
        assert self.columns is not None, "a stretch's columns are read before they are set"
        return self.columns

    @property
    def geometry(self) -> tuple:
        """The page width and where the header's labels stand: equal for the pages of one table."""
        if self.header is None:
            return ()
        grid = self.header.settings.header_grid
        return (round(self.layout.width), *(round(center / grid) for center in label_centers(self.header)))


def columns_from_rules(stretch: Stretch, settings: ExtractSettings) -> Columns | None:
    """Column edges from vertical rules that run through the top of the stretch, where drawn:
    the outermost rules, and the last rule before each header label."""
    probe = stretch.top + settings.rule_probe_depth
    xs = sorted({round(x, MEASURE_DECIMALS) for x, top, bottom in stretch.layout.vrules if top <= probe <= bottom})
    if len(xs) < 2:
        return None
    boundaries = []
    assert stretch.header is not None  # columns are measured under a header row
    for lo, hi in pairwise((xs[0], *label_centers(stretch.header))):
        inside = [x for x in xs if lo < x < hi]
        if not inside:
            return None
        boundaries.append(inside[-1])
    return Columns((xs[0], *boundaries, xs[-1]), (0.0,) * len(boundaries))


def columns_from_gutters(stretches: list[Stretch], settings: ExtractSettings) -> Columns:
    """Column edges in the text gutters, measured over every page of a table at once.

    A gutter is the widest x-range between two header labels (or, for the name column, between
    the table's left edge and the first label) that (almost) no line's words cover; a stray
    heading crossing it on one page is tolerated. Without a gutter, the boundary is the table's
    left edge (an empty name column) or midway between the two labels.
    """
    assert stretches[0].header is not None  # columns are measured under a header row
    centers = label_centers(stretches[0].header)
    words = [w for stretch in stretches for line in stretch.lines for w in line.words]
    left = min((w.x0 for w in words), default=centers[0]) - settings.edge_slack
    right = max((w.x1 for w in words), default=centers[-1]) + settings.edge_slack
    coverage = word_coverage(words)
    runs = [gutter(coverage, int(lo), int(hi), settings) for lo, hi in pairwise((left, *centers))]
    fallbacks = (left, *((a + b) / 2 for a, b in pairwise(centers)))
    boundaries = [(run[0] + run[1]) / 2 if run else fallback for run, fallback in zip(runs, fallbacks)]
    reach = settings.rule_end_reach
    rule_ends = [(x0, x1) for s in stretches for y, x0, x1 in s.layout.hrules if s.top - reach <= y <= s.bottom + reach]
    if rule_ends:
        left = min(left, min(x0 for x0, _ in rule_ends))
        right = max(right, max(x1 for _, x1 in rule_ends))
    widths = tuple(float(run[1] - run[0]) if run else 0.0 for run in runs)
    return Columns((left, *boundaries, right), widths)


def word_coverage(words: list[Word]) -> Counter:
    """How many words cover each whole x position, a word covering those from int(x0) to
    int(x1): summed from where words start and end."""
    change = Counter[int]()
    for word in words:
        change[int(word.x0)] += 1
        change[int(word.x1) + 1] -= 1
    coverage, covering = Counter[int](), 0
    for x in range(min(change, default=0), max(change, default=0) + 1):
        covering += change[x]
        if covering:
            coverage[x] = covering
    return coverage


def gutter(coverage: Counter, lo: int, hi: int, settings: ExtractSettings) -> tuple[int, int] | None:
    """The widest run between lo and hi free of words; where allowing a word or a few across
    (a heading that runs over the columns) gives a run wide enough, that one — but not one that
    only widens the free run leftwards: cells are aligned left, so words reaching into the
    gutter from the left are a cell's lines running long ("… Network for Eastern"), where words
    covering its right part start short of the next column's text: a heading across them."""
    best = None
    for tolerated in range(settings.gutter_crossing_words + 1):
        run = widest_free_run(coverage, lo, hi, tolerated)
        if run is None or best is not None and run[0] <= best[0] and run[1] == best[1]:
            continue
        if best is None or run[1] - run[0] >= settings.gutter_widening * (best[1] - best[0]):
            best = run
    return best


def widest_free_run(coverage: Counter, lo: int, hi: int, tolerated: int) -> tuple[int, int] | None:
    """The widest run of x positions in [lo, hi) covered by at most `tolerated` words."""
    best, start = None, None
    for x in range(lo, hi + 1):
        free = x < hi and coverage[x] <= tolerated
        if free and start is None:
            start = x
        elif not free and start is not None:
            if best is None or x - start > best[1] - best[0]:
                best = (start, x)
            start = None
    return best


def find_stretches(document: Document) -> tuple[list[Stretch], list[Line]]:
    """Every run of table lines (below each header row, and at the top of pages after the first
    table), and the lines before the first header row."""
    stretches: list[Stretch] = []
    before_first: list[Line] = []
    for layout in document.pages:
        lines = document.lines[layout.number]
        headers = [i for i, line in enumerate(lines) if is_header_line(line)]
        bottom = document.content_bottom(layout.number)
        if not stretches:
            before_first.extend(lines[: headers[0]] if headers else lines)
        elif not headers or headers[0] > 0:
            top_lines = lines[: headers[0]] if headers else lines
            if top_lines:
                stretches.append(
                    Stretch(layout, None, top_lines, top_lines[0].top - document.settings.edge_slack, bottom)
                )
        for n, index in enumerate(headers):
            end = headers[n + 1] if n + 1 < len(headers) else len(lines)
            header = lines[index]
            stretches.append(Stretch(layout, header, lines[index + 1 : end], header_bottom(header, layout), bottom))
    return stretches, before_first


def header_bottom(header: Line, layout: PageLayout) -> float:
    """The foot of a header row: the rule drawn under it, else just below its text."""
    settings = header.settings
    reach = header.bottom + header.size * settings.header_rule_reach
    below = [y for y, _, _ in layout.hrules if header.bottom - settings.edge_slack < y < reach]
    return min(below) if below else header.bottom + settings.edge_slack


def assign_columns(stretches: list[Stretch], settings: ExtractSettings) -> None:
    """Columns for every stretch: its own vertical rules (with the "rules" strategy), else gutters
    shared by its table's pages; a stretch without a header row has its predecessor's."""
    by_geometry: dict[tuple, list[Stretch]] = defaultdict(list)
    for stretch in stretches:
        if stretch.header is not None:
            by_geometry[stretch.geometry].append(stretch)
    gutters = {key: columns_from_gutters(group, settings) for key, group in by_geometry.items()}
    previous: Columns | None = None
    for stretch in stretches:
        if stretch.header is not None:
            drawn = columns_from_rules(stretch, settings) if settings.columns == "rules" else None
            stretch.columns = drawn or gutters[stretch.geometry]
        else:
            stretch.columns = previous
        previous = stretch.columns


def table_wide_rules(stretch: Stretch, settings: ExtractSettings) -> list[tuple[float, float]]:
    """(y, x0) of the horizontal rules drawn across most of the table's width on the stretch's page."""
    width = stretch.known_columns.right - stretch.known_columns.left
    return [(y, x0) for y, x0, x1 in stretch.layout.hrules if x1 - x0 > settings.table_rule_ratio * width]


def header_rows_repeat(stretches: list[Stretch], document: Document) -> bool:
    """Whether the document prints a table's header row again at the top of every page the table
    continues on: a page after the first table's opens with a header row."""
    first_page = stretches[0].layout.number if stretches else 0
    return any(
        stretch.header is not None
        and stretch.layout.number > first_page
        and document.lines[stretch.layout.number][0] is stretch.header
        for stretch in stretches
    )


def trim_outside_lines(stretch: Stretch, document: Document, followed_by_header: bool, headers_repeat: bool) -> None:
    """Move lines that are not table content (headings, running text) out of the stretch.

    A line whose text crosses a column boundary ends the table, and so does a numbered heading
    standing alone in the first column. Before another header row on the same page, so do lines
    below the table's last drawn rule, and a trailing run of first-column lines set apart by a
    gap (a heading short enough to fit the name column of a table without rules). Where header
    rows repeat on every page, nothing at a page's top above a header row is table content: a
    row cut by the page break would go on below the repeated header (a section heading that
    falls at the very top of a page, above its table's header row).
    """
    if stretch.header is None and followed_by_header and headers_repeat:
        index: int | None = 0
    else:
        drawn_end = max((y for y, _ in table_wide_rules(stretch, document.settings) if y > stretch.top), default=None)
        table_end = drawn_end if followed_by_header else None
        index = next(
            (i for i, line in enumerate(stretch.lines) if ends_table(line, stretch, document, table_end)), None
        )
        if index is None and followed_by_header:
            index = trailing_heading_start(stretch, document)
    if index is not None and stretch.lines:
        stretch.outside = stretch.lines[index:]
        stretch.lines = stretch.lines[:index]
        stretch.bottom = min(stretch.bottom, stretch.outside[0].top - document.settings.above_line)


def ends_table(line: Line, stretch: Stretch, document: Document, table_end: float | None) -> bool:
    """Whether `line` is no table content: it crosses the columns, is a numbered heading alone in
    the first column, or lies below `table_end` (the last drawn rule, where one counts)."""
    columns = stretch.known_columns
    if columns.crosses(line, document.word_gap, stretch.layout.vrules):
        return True
    if line.x1 < columns.name_end and SUBSECTION.match(line.text):
        return True
    return table_end is not None and line.top > table_end


def trailing_heading_start(stretch: Stretch, document: Document) -> int | None:
    lines = stretch.lines
    start = len(lines)
    while start > 0 and lines[start - 1].x1 < stretch.known_columns.name_end:
        start -= 1
    if start == len(lines) or start == 0:
        return None
    body_size = document.body_size
    bound = round(document.pitch - body_size + document.settings.heading_gap_ratio * body_size, COORDINATE_DECIMALS)
    return start if distance(lines[start - 1].bottom, lines[start].top) > bound else None


@dataclass
class Table:
    heading: str
    stretches: list[Stretch]


def group_tables(stretches: list[Stretch], before_first: list[Line], document: Document) -> list[Table]:
    """Stretches grouped into tables: a header row after text outside a table starts a new one."""
    tables: list[Table] = []
    heading = last_heading(before_first, document.body_size)
    open_table: Table | None = None
    for stretch in stretches:
        if stretch.header is None and open_table is None:
            heading = last_heading(stretch.lines + stretch.outside, document.body_size) or heading
            continue
        if stretch.header is not None and open_table is None:
            open_table = Table(heading or "", [])
            tables.append(open_table)
        assert open_table is not None  # a stretch with no header row and no open table went on above
        open_table.stretches.append(stretch)
        if stretch.outside:
            heading = last_heading(stretch.outside, document.body_size) or heading
            open_table = None
    return tables


def last_heading(lines: list[Line], body_size: float) -> str | None:
    headings = [line.text for line in lines if is_heading(line, body_size)]
    return headings[-1] if headings else None
