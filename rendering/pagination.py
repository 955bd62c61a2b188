"""Pagination: lines and table rows down the pages, footnotes at the foot of their marker's page.

`Paginator` flows front-matter lines and table rows down the pages, splitting rows line by line
(each column continues on its own), and reserves room at the page foot for the footnotes of
every line it places. `laid_out` runs it over an extraction; `paginate` tells where every row
and footnote landed (a `Placement`) without writing a PDF.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.columns import BLOCK_COLUMNS, CELL_NAMES, NAME_COLUMN, CellName
from pipeline.models import FRONT_MATTER, Extraction, Footnote, FrontBlock, Row
from rendering.layouts import DEFAULT_LAYOUT, DOUBLE_RULE_GAP, Layout
from rendering.shaping import (
    Glyph,
    Line,
    Text,
    block_markers,
    cell_lines,
    paragraph_lines,
    row_paragraphs,
    shaped_words,
    string_width,
    wrap,
)


@dataclass(frozen=True)
class Placed:
    """A line at its place: left edge and baseline, from the page's top-left corner."""

    x: float
    baseline: float
    line: Line


@dataclass
class Page:
    number: int
    lines: list[Placed] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)
    """x0, top0, x1, top1 from the page's top-left corner."""
    links: list[tuple[str, float, float, float, float]] = field(default_factory=list)
    """url, x0, top, x1, bottom."""
    footnotes: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class HeadingPlace:
    """Where a section heading landed."""

    text: str
    page: int
    at_page_top: bool
    """Nothing but the running line is printed above it on its page."""


@dataclass(frozen=True)
class Placement:
    """Where the content landed: what a test can check against what the extractor finds."""

    pages: int
    cell_pages: tuple[dict[CellName, tuple[int, ...]], ...]
    """Per row of ``extraction.rows``, the pages each cell is printed on."""
    footnote_pages: dict[int, int]
    """The page each footnote number is printed on (the first, if cited twice)."""
    headings: tuple[HeadingPlace, ...] = ()
    """Each section heading, in print order."""

    def row_pages(self, row: int) -> tuple[int, ...]:
        return tuple(sorted({page for pages in self.cell_pages[row].values() for page in pages}))

    @property
    def split_rows(self) -> tuple[int, ...]:
        """Indices of the rows printed on more than one page."""
        return tuple(i for i in range(len(self.cell_pages)) if len(self.row_pages(i)) > 1)


def _baseline(top: float, line: Line) -> float:
    """The baseline of a line whose box starts at `top`: the leading's extra space is split above
    and below the glyphs, whose ascent is taken as 0.8 of the font size."""
    return top + (line.height - line.size) / 2 + 0.8 * line.size


def _lines_height(lines: Sequence[Line]) -> float:
    return sum(line.height for line in lines) + sum(line.space_before for line in lines[1:])


SEPARATOR_GAP = 10.0
"""Room above the footnotes of a page, with the short separator line in its middle."""


class _Paginator:
    """Flows lines and table rows down the pages.

    `top` is the distance from the page top to where the next content goes. Every placed line's
    footnotes are reserved at once at the page foot, and a line is only placed where it still
    fits above the footnote area grown by its own footnotes, so footnotes land on their marker's
    page. While a table is open, each new page starts with the table's header row.
    """

    def __init__(self, layout: Layout, footnotes: Mapping[int, Footnote]):
        self.layout = layout
        self.footnotes = footnotes
        self.pages: list[Page] = []
        self.cell_pages: dict[tuple[int, CellName], list[int]] = {}
        self.footnote_pages: dict[int, int] = {}
        self.headings: list[HeadingPlace] = []
        self.header: list[list[Line]] | None = None
        self._footnote_lines: dict[int, list[tuple[Glyph, ...]]] = {}
        self._open_page()

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def finish(self) -> list[Page]:
        self._place_footnotes()
        return self.pages

    # --- pages and footnotes -------------------------------------------------------------

    def _open_page(self) -> None:
        if self.pages:
            self._place_footnotes()
        self.pages.append(Page(len(self.pages) + 1))
        self.top = self.layout.margin_top
        self.fresh = True  # nothing but a table header on the page yet
        if self.header is not None:
            self._place_fragment(self.header, row=None)

    def _footnote_text_lines(self, number: int) -> list[tuple[Glyph, ...]]:
        if number not in self._footnote_lines:
            layout = self.layout
            font, size = layout.font_family, layout.footnote_font_size
            words = shaped_words(self.footnotes[number].text, font, size, {})
            width = layout.text_width - self._footnote_indent(number)
            self._footnote_lines[number] = wrap(words, width, Glyph(" ", font, size), layout.hyphen_breaks) or [()]
        return self._footnote_lines[number]

    def _footnote_indent(self, number: int) -> float:
        layout = self.layout
        label = string_width(str(number), layout.font_family, layout.footnote_font_size)
        return max(layout.footnote_indent, label + layout.footnote_font_size / 2)

    def _footnote_area(self, numbers: Iterable[int]) -> float:
        numbers = set(numbers)
        if not numbers:
            return 0.0
        lines = sum(len(self._footnote_text_lines(number)) for number in numbers)
        return SEPARATOR_GAP + lines * self.layout.footnote_leading

    def _limit(self, numbers: Iterable[int]) -> float:
        """The lowest point body content may reach on a page citing these footnotes."""
        return self.layout.body_bottom - self._footnote_area(numbers)

    def _place_footnotes(self) -> None:
        layout, page = self.layout, self.page
        numbers = sorted(page.footnotes)
        if not numbers:
            return
        top = layout.body_bottom - self._footnote_area(numbers)
        separator = top + SEPARATOR_GAP / 2
        page.rules.append((layout.margin_left, separator, layout.margin_left + layout.text_width / 4, separator))
        top += SEPARATOR_GAP
        size, leading = layout.footnote_font_size, layout.footnote_leading
        for number in numbers:
            text_left = layout.margin_left + self._footnote_indent(number)
            label = Line((Glyph(str(number), layout.font_family, size),), size, leading)
            page.lines.append(Placed(layout.margin_left, _baseline(top, label), label))
            url = self.footnotes[number].url
            for glyphs in self._footnote_text_lines(number):
                line = Line(glyphs, size, leading)
                page.lines.append(Placed(text_left, _baseline(top, line), line))
                if url:
                    page.links.append((url, text_left, top, text_left + line.width, top + leading))
                top += leading

    # --- paragraphs ----------------------------------------------------------------------

    def _fits(self, height: float, footnotes: Iterable[int] = ()) -> bool:
        """Whether `height` more, citing `footnotes`, fits on this page."""
        return self.top + height <= self._limit([*self.page.footnotes, *footnotes])

    def keep_room(self, height: float) -> None:
        """Start a new page unless `height` more fits on this one (keeps a heading with what follows)."""
        if not self.fresh and not self._fits(height):
            self._open_page()

    def place_masthead(self, left: Line, right: Line) -> None:
        """Two lines on one baseline at the top of the text: `left` flush left, `right` flush right."""
        self._place_line(self.layout.margin_left, self.top, left, self.layout.text_width)
        self._place_line(self.layout.margin_left + self.layout.text_width - right.width, self.top, right, right.width)
        self.top += max(left.height, right.height)
        self.fresh = False

    def place_paragraph(self, lines: Sequence[Line]) -> None:
        for line in lines:
            space = 0.0 if self.fresh else line.space_before
            if not self.fresh and not self._fits(space + line.height, line.footnotes):
                self._open_page()
                space = 0.0
            self._place_line(self.layout.margin_left, self.top + space, line, self.layout.text_width)
            self.top += space + line.height
            self.fresh = False

    def _place_line(self, x: float, top: float, line: Line, width: float) -> None:
        if line.align == "center":
            x += (width - line.width) / 2
        self.page.lines.append(Placed(x, _baseline(top, line), line))
        for number in line.footnotes:
            if number not in self.page.footnotes:
                self.page.footnotes.append(number)
            self.footnote_pages.setdefault(number, self.page.number)

    # --- tables --------------------------------------------------------------------------

    def open_table(self, heading: Sequence[Line], header: list[list[Line]], first_row: Sequence[list[Line]]) -> None:
        """Place a section heading and, half a line below, a table header, on a new page unless
        the first line of the first row fits below them."""
        first_line = max((column[0].height for column in first_row if column), default=0.0)
        gap = self.layout.leading / 2
        heading_height = _lines_height(heading) + (heading[0].space_before if heading else 0.0) + gap
        self.keep_room(heading_height + self._fragment_height(header) + first_line + 2 * self.layout.cell_padding)
        text = " ".join("".join(glyph.text for glyph in line.glyphs) for line in heading)
        self.headings.append(HeadingPlace(text, self.page.number, self.fresh))
        self.place_paragraph(heading)
        self.top += gap
        self.header = header
        self._place_fragment(header, row=None)

    def close_table(self) -> None:
        self.header = None

    def place_row(self, columns: Sequence[list[Line]], row: int) -> None:
        """Place a row, split line by line over as many pages as it needs; each column goes
        on with its own next line on the next page."""
        remaining = list(columns)
        if not self.fresh and row in self.layout.rows_on_new_page:
            self._open_page()
        if not self.layout.split_rows and self._better_whole_on_next_page(remaining):
            self._open_page()
        cut = dict(self.layout.row_cuts).get(row)
        floor = None if cut is None else self.top + cut
        while any(remaining):
            counts = self._fitting_counts(remaining, self.top, self.page.footnotes, floor)
            floor = None
            if not any(counts):
                if not self.fresh:
                    self._open_page()
                    continue
                counts = [min(1, len(column)) for column in remaining]  # a line taller than a page
            self._place_fragment([column[:n] for column, n in zip(remaining, counts)], row)
            self.fresh = False
            remaining = [column[n:] for column, n in zip(remaining, counts)]
            if any(remaining):
                self._open_page()

    def _better_whole_on_next_page(self, columns: Sequence[list[Line]]) -> bool:
        """Whether a row does not fit here but fits whole on a page of its own."""
        lengths = [len(column) for column in columns]
        fresh_top = self.layout.margin_top + self._fragment_height(self.header or [])
        return (
            self._fitting_counts(columns, self.top, self.page.footnotes) != lengths
            and self._fitting_counts(columns, fresh_top, []) == lengths
        )

    def _fitting_counts(
        self, columns: Sequence[list[Line]], top: float, cited: Sequence[int], floor: float | None = None
    ) -> list[int]:
        """How many lines of each column fit in a row fragment starting at `top`, on a page
        already citing `cited`: each further line must fit above the footnote area grown by the
        footnotes of all lines taken so far, its own included, and above `floor` if given (a
        forced page break)."""
        padding = 2 * self.layout.cell_padding
        heights = [0.0] * len(columns)
        counts = [0] * len(columns)
        cited = list(cited)
        for c, lines in enumerate(columns):
            for line in lines:
                height = heights[c] + (line.space_before if counts[c] else 0.0) + line.height
                needed = cited + list(line.footnotes)
                limit = self._limit(needed) if floor is None else min(floor, self._limit(needed))
                if top + max(height, *heights) + padding > limit:
                    break
                heights[c], counts[c], cited = height, counts[c] + 1, needed
        return counts

    def _fragment_height(self, columns: Sequence[Sequence[Line]]) -> float:
        return max((_lines_height(lines) for lines in columns), default=0.0) + 2 * self.layout.cell_padding

    def _place_fragment(self, columns: Sequence[Sequence[Line]], row: int | None) -> None:
        """Place the part of a row (or the header row, `row` None) that goes on this page."""
        layout = self.layout
        padding = layout.cell_padding
        bottom = self.top + self._fragment_height(columns)
        for c, (lines, left, width) in enumerate(zip(columns, layout.column_lefts, layout.column_widths)):
            top = self.top + padding
            for i, line in enumerate(lines):
                top += line.space_before if i else 0.0
                self._place_line(left + padding, top, line, width - 2 * padding)
                top += line.height
            if row is not None and lines:
                self.cell_pages.setdefault((row, CELL_NAMES[c]), []).append(self.page.number)
        self.page.rules.extend(self._table_rules(self.top, bottom, header=row is None))
        self.top = bottom

    def _table_rules(self, top: float, bottom: float, header: bool) -> list[tuple[float, float, float, float]]:
        """The rules of a row fragment: its bottom rule, the header's top rule, and the cell
        borders under full ruling (each twice under double ruling)."""
        layout = self.layout
        if layout.ruling == "none":
            return []
        left, right = layout.margin_left, layout.margin_left + layout.text_width
        rules = [(left, bottom, right, bottom)]
        if header:
            rules.append((left, top, right, top))
        if layout.ruling in ("full", "double"):
            rules.extend((x, top, x, bottom) for x in (*layout.column_lefts, right))
        if layout.ruling == "double":
            rules.extend((x + DOUBLE_RULE_GAP, top, x + DOUBLE_RULE_GAP, bottom) for x in (*layout.column_lefts, right))
        return rules


def _flow_front_matter(paginator: _Paginator, blocks: Sequence[FrontBlock], symbol: str | None) -> None:
    layout = paginator.layout
    for i, block in enumerate(blocks):
        if i == 0 and layout.masthead and symbol and block.text.startswith(f"{symbol} "):
            paginator.place_masthead(*_masthead_lines(symbol, block.text[len(symbol) :].strip(), layout))
            continue
        heading = block.style == "heading"
        spacing = layout.paragraph_spacing + (layout.leading / 2 if heading else 0.0)
        paragraph = Text(block.text, heading, block_markers(block.footnotes, FRONT_MATTER, i))
        lines = paragraph_lines(paragraph, layout.text_width, layout, spacing if i else 0.0)
        if heading:
            paginator.keep_room(_lines_height(lines) + spacing + 2 * layout.leading)
        paginator.place_paragraph(lines)


def _masthead_lines(symbol: str, rest: str, layout: Layout) -> tuple[Line, Line]:
    """The symbol and the rest of the masthead block, each as one unwrapped line."""
    left, right = (paragraph_lines(Text(text), float("inf"), layout)[0] for text in (symbol, rest))
    return left, right


def _header_cells(layout: Layout) -> list[list[Line]]:
    labels = (NAME_COLUMN.label if layout.header_name_label else "", *(column.label for column in BLOCK_COLUMNS))
    return [
        cell_lines([Text(label, bold=True)], width - 2 * layout.cell_padding, layout, "center") if label else []
        for label, width in zip(labels, layout.column_widths)
    ]


def _row_columns(row: Row, layout: Layout) -> list[list[Line]]:
    return [
        cell_lines(paragraphs, width - 2 * layout.cell_padding, layout)
        for paragraphs, width in zip(row_paragraphs(row), layout.column_widths)
    ]


def _flow_table(paginator: _Paginator, section: str, rows: Sequence[tuple[int, Row]]) -> None:
    layout = paginator.layout
    heading = paragraph_lines(Text(section, bold=True), layout.text_width, layout, space_before=layout.leading)
    columns = [_row_columns(row, layout) for _, row in rows]
    paginator.open_table(heading, _header_cells(layout), columns[0])
    for (index, _), row_columns in zip(rows, columns):
        paginator.place_row(row_columns, index)
    paginator.close_table()


def row_sections(rows: Sequence[Row]) -> dict[str, list[int]]:
    """Row indices by section, sections in order of first appearance."""
    sections: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        sections.setdefault(row.section, []).append(i)
    return sections


def _footnote_index(extraction: Extraction) -> dict[int, Footnote]:
    """Every footnote by number: the extraction's list, completed by the citations' own copies."""
    citations = [f for block in extraction.front_matter for f in block.footnotes]
    citations += [f for row in extraction.rows for f in row.footnotes]
    return {footnote.number: footnote for footnote in [*citations, *extraction.footnotes]}


def as_extraction(extraction: Extraction | Mapping[str, Any]) -> Extraction:
    return extraction if isinstance(extraction, Extraction) else Extraction.model_validate(extraction)


def laid_out(extraction: Extraction, layout: Layout) -> tuple[list[Page], Placement]:
    paginator = _Paginator(layout, _footnote_index(extraction))
    _flow_front_matter(paginator, extraction.front_matter, extraction.source.symbol)
    for section, indices in row_sections(extraction.rows).items():
        _flow_table(paginator, section, [(i, extraction.rows[i]) for i in indices])
    pages = paginator.finish()
    cell_pages = tuple(
        {cell: tuple(paginator.cell_pages[(i, cell)]) for cell in CELL_NAMES if (i, cell) in paginator.cell_pages}
        for i in range(len(extraction.rows))
    )
    return pages, Placement(len(pages), cell_pages, dict(paginator.footnote_pages), tuple(paginator.headings))


def paginate(extraction: Extraction | Mapping[str, Any], layout: Layout = DEFAULT_LAYOUT) -> Placement:
    """Lay the content out without writing a PDF: where each row and footnote would land."""
    return laid_out(as_extraction(extraction), layout)[1]
