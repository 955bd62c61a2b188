"""PDF → catalogue rows with provenance.

The paper's catalogue is a NAME | PURPOSE | MEMBERS table (one per section) that runs over many
pages. Nothing here knows this rendering's coordinates, fonts or page numbers: every measure is
read from the document itself —

* the body font size and line pitch from the commonest sizes and line distances;
* the running header/footer as lines that recur near the page edges on most pages;
* the footnote area as the run of small-print lines at a page's foot that starts with a number;
* columns from the header row (PURPOSE, MEMBERS) and the vertical rules where they are drawn,
  else from the text gutters between the header's columns;
* rows from horizontal rules where drawn, else from where a name cell starts;
* footnote markers as small, raised digits whose number the footnote area defines.

`read_pages` turns each page into light `PageLayout` records (and closes the page, so memory stays
flat on long documents); `extract_pdf` runs the analysis over them.
"""

from __future__ import annotations

import hashlib
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.errors import (
    CatalogueColumnMissing,
    EncryptedPdf,
    InputMissing,
    NoCatalogue,
    NotAPdf,
    NoTextLayer,
    PipelineError,
    TooManyPages,
)
from pipeline.models import (
    Anchor,
    Block,
    Box,
    CellName,
    CitedFootnote,
    Extraction,
    Footnote,
    FrontBlock,
    Row,
    RowProvenance,
    Source,
)

DEFAULT_MAX_PAGES = 2000
CELLS: tuple[CellName, ...] = ("name", "purpose", "members")
HEADER_WORDS = ("PURPOSE", "MEMBERS")
BULLET = re.compile(r"^(?:[-–—•·▪◦●○*]|(?:[ivxIVX]{1,5}|\d{1,2}|[a-z])[.)]\s)")
TERMINAL = re.compile(r"[.!?:;]$")

Progress = Callable[[int, int], None]


# ---------------------------------------------------------------------------------------------
# Reading pages
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int

    @property
    def center_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def center_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Link:
    uri: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class PageLayout:
    number: int
    width: float
    height: float
    words: list[Word]
    hrules: list[tuple[float, float, float]]  # (y, x0, x1)
    vrules: list[tuple[float, float, float]]  # (x, top, bottom)
    links: list[Link]


def is_bold(fontname: str) -> bool:
    return bool(re.search(r"bold|black|heavy|semibold|demi", fontname, re.IGNORECASE))


def page_words(page, number: int) -> list[Word]:
    raw = page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False, use_text_flow=False)
    return [
        Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], round(w["size"], 2), is_bold(w["fontname"]), number)
        for w in raw
        if w["upright"] and w["text"].strip()
    ]


def page_rules(page) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Drawn lines and rectangle edges as horizontal (y, x0, x1) and vertical (x, top, bottom)
    rules, collinear pieces merged: some writers draw a border cell by cell."""
    horizontal, vertical = [], []
    for edge in page.edges:
        if edge["orientation"] == "h":
            horizontal.append((edge["top"], edge["x0"], edge["x1"]))
        else:
            vertical.append((edge["x0"], edge["top"], edge["bottom"]))
    return merged_rules(horizontal), merged_rules(vertical)


def merged_rules(pieces: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Pieces on one line (within 1pt) whose extents touch, joined; rules under 5pt dropped."""
    rules: list[tuple[float, float, float]] = []
    for line in clusters(sorted(pieces), lambda piece: piece[0], 1.0):
        at = round(statistics.median(piece[0] for piece in line), 2)
        start, end = None, None
        for _, a, b in sorted(line, key=lambda piece: piece[1]):
            if start is not None and a <= end + 2:
                end = max(end, b)
                continue
            if start is not None:
                rules.append((at, round(start, 2), round(end, 2)))
            start, end = a, b
        rules.append((at, round(start, 2), round(end, 2)))
    return [rule for rule in rules if rule[2] - rule[1] > 5]


def clusters(items: list, key: Callable, tolerance: float) -> list[list]:
    """Sorted items split wherever the key jumps by more than `tolerance`."""
    groups: list[list] = []
    for item in items:
        if groups and key(item) - key(groups[-1][-1]) <= tolerance:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def page_links(page) -> list[Link]:
    return [
        Link(link["uri"], link["x0"], link["top"], link["x1"], link["bottom"])
        for link in page.hyperlinks
        if link.get("uri")
    ]


def open_pdf(path: Path, password: str | None):
    """pdfplumber's PDF, or the PipelineError that says why the file cannot be read."""
    if not path.is_file():
        raise InputMissing(path, "no such file")
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        shown = head[:16].decode("latin-1", "replace").strip() or "nothing"
        raise NotAPdf(path, f"not a PDF (it starts with {shown!r})")
    try:
        pdf = pdfplumber.open(path, password=password or "")
        pages = len(pdf.pages)  # reading the page tree is where truncation shows
    except Exception as error:  # pdfminer raises many kinds, some bare, some wrapped
        raise unreadable(path, error, password) from error
    if pages == 0:
        pdf.close()
        raise NotAPdf(path, "the PDF has no pages")
    return pdf


def unreadable(path: Path, error: Exception, password: str | None) -> PipelineError:
    """The PipelineError for a failure of pdfminer to read the file."""
    cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        hint = "the password given is wrong" if password else "give its password with --password"
        return EncryptedPdf(path, f"the PDF is encrypted ({hint})")
    detail = str(cause) or type(cause).__name__
    return NotAPdf(path, f"corrupt or truncated PDF ({detail})")


def read_pages(path: Path, password: str | None, max_pages: int, progress: Progress | None) -> list[PageLayout]:
    pdf = open_pdf(path, password)
    try:
        total = len(pdf.pages)
        if total > max_pages:
            raise TooManyPages(path, f"{total} pages is more than the limit of {max_pages} (raise it with --max-pages)")
        layouts = []
        for index, page in enumerate(pdf.pages):
            try:
                hrules, vrules = page_rules(page)
                layouts.append(
                    PageLayout(index + 1, page.width, page.height, page_words(page, index + 1), hrules, vrules, page_links(page))
                )
            except Exception as error:
                raise unreadable(path, error, password) from error
            finally:
                page.close()
            if progress:
                progress(index + 1, total)
        return layouts
    finally:
        pdf.close()


# ---------------------------------------------------------------------------------------------
# Lines and document measures
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Line:
    words: list[Word]
    page: int

    @property
    def top(self) -> float:
        return min(w.top for w in self.body_words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.body_words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def body_words(self) -> list[Word]:
        largest = max(w.size for w in self.words)
        return [w for w in self.words if w.size >= 0.8 * largest]

    @property
    def size(self) -> float:
        return statistics.median(w.size for w in self.body_words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.body_words)

    @property
    def text(self) -> str:
        return join_words(self.words)


def join_words(words: Iterable[Word], markers: frozenset[int] = frozenset()) -> str:
    """Words of one line as text: a space where the printed gap is one, none where words touch.
    Words whose id is in `markers` are left out; gaps are measured from their edge, as printed,
    so a marker glued between a word and its full stop ("region².") leaves no space behind."""
    return spaced_words(words, markers)[0]


def spaced_words(words: Iterable[Word], markers: frozenset[int]) -> tuple[str, list[tuple[int, int]]]:
    """The text of `join_words`, and each left-out marker's (number, offset in that text)."""
    text, found, previous = "", [], None
    for word in words:
        if id(word) in markers:
            found.append((int(word.text), len(text)))
        else:
            if previous is not None and text and word.x0 - previous.x1 > 0.12 * max(previous.size, word.size):
                text += " "
            text += word.text
        previous = word
    return text, found


def group_lines(words: list[Word], page: int) -> list[Line]:
    """Words grouped into printed lines; small raised words (superscripts) join the line they sit on."""
    if not words:
        return []
    largest = max(w.size for w in words)
    big = sorted((w for w in words if w.size >= 0.75 * largest), key=lambda w: (w.bottom, w.x0))
    small = [w for w in words if w.size < 0.75 * largest]
    lines: list[list[Word]] = []
    for word in big:
        if lines and abs(lines[-1][-1].bottom - word.bottom) <= 0.3 * word.size:
            lines[-1].append(word)
        else:
            lines.append([word])
    for word in small:
        hosts = [line for line in lines if line_top(line) - 1 <= word.center_y <= line_bottom(line) + 1]
        if hosts:
            min(hosts, key=lambda line: (horizontal_distance(word, line), -line_bottom(line))).append(word)
        else:
            lines.append([word])
    ordered = sorted(lines, key=lambda ws: (min(w.top for w in ws), min(w.x0 for w in ws)))
    return [Line(sorted(ws, key=lambda w: w.x0), page) for ws in ordered]


def horizontal_distance(word: Word, line: list[Word]) -> float:
    """How far `word` stands from the nearest word of `line` along the x axis (0 when touching)."""
    return min(max(0.0, other.x0 - word.x1, word.x0 - other.x1) for other in line)


def line_top(words: list[Word]) -> float:
    return min(w.top for w in words)


def line_bottom(words: list[Word]) -> float:
    return max(w.bottom for w in words)


def dominant_size(pages: list[PageLayout]) -> float:
    sizes = Counter()
    for layout in pages:
        for word in layout.words:
            sizes[word.size] += len(word.text)
    return sizes.most_common(1)[0][0]


def line_pitch(lines: list[Line], body_size: float) -> float:
    """The commonest distance between consecutive body lines of one column."""
    pitches = Counter()
    for above, below in pairwise(lines):
        if abs(above.size - body_size) < 0.5 and abs(below.size - body_size) < 0.5:
            pitch = round(below.top - above.top, 1)
            if 0.9 * body_size < pitch < 2 * body_size:
                pitches[pitch] += 1
    return pitches.most_common(1)[0][0] if pitches else 1.2 * body_size


# ---------------------------------------------------------------------------------------------
# Page furniture and footnotes
# ---------------------------------------------------------------------------------------------


def furniture_key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text)


def find_furniture(pages: list[PageLayout], lines_by_page: dict[int, list[Line]]) -> set[tuple[int, int]]:
    """(page, line index) of running headers and footers: lines near a page edge that recur."""
    band = 0.12
    candidates: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for layout in pages:
        for index, line in enumerate(lines_by_page[layout.number]):
            if is_header_line(line):
                continue
            if line.bottom < band * layout.height or line.top > (1 - band) * layout.height:
                position = "top" if line.top < layout.height / 2 else "bottom"
                candidates[f"{position}:{furniture_key(line)}"].append((layout.number, index))
    needed = max(2, len(pages) // 2)
    return {place for places in candidates.values() if len({p for p, _ in places}) >= needed for place in places}


def document_symbol(pages: list[PageLayout], lines_by_page, furniture) -> str | None:
    """The paper's symbol: the running header's text less the page number."""
    texts = Counter()
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


NUMBER = re.compile(r"^(\d{1,3})[.)]?$")


def footnote_area(layout: PageLayout, lines: list[Line], body_size: float) -> FootnoteArea | None:
    """The footnotes at the page foot, if any: the small print there that starts with a number,
    or, where footnotes are printed at body size, the lines under a short separator rule."""
    area = small_print_notes(lines, body_size) or notes_below_separator(layout, lines)
    if not area:
        return None
    left = min(line.x0 for line in area)
    notes: list[list[Line]] = []
    for line in area:
        starts_note = NUMBER.match(line.words[0].text) and line.words[0].x0 <= left + 2 and len(line.words) > 1
        if starts_note or not notes:
            notes.append([line])
        else:
            notes[-1].append(line)
    return FootnoteArea(area[0].top, [footnote_from_lines(note, layout) for note in notes])


def small_print_notes(lines: list[Line], body_size: float) -> list[Line]:
    """The run of smaller-than-body lines at the page foot, from its first line that starts with a number."""
    run: list[Line] = []
    for line in reversed(lines):
        if line.size >= 0.92 * body_size:
            break
        run.insert(0, line)
    starts = [i for i, line in enumerate(run) if NUMBER.match(line.words[0].text)]
    return run[starts[0]:] if starts else []


def notes_below_separator(layout: PageLayout, lines: list[Line]) -> list[Line]:
    """The lines under the page's footnote separator: a short rule in the lower half of the page,
    below every long rule, whose next line starts with a number."""
    long_rules = [y for y, x0, x1 in layout.hrules if x1 - x0 >= 0.45 * layout.width]
    lowest_long = max(long_rules, default=0.0)
    for y, x0, x1 in sorted(layout.hrules):
        if x1 - x0 >= 0.45 * layout.width or y < max(lowest_long, layout.height / 2):
            continue
        below = [line for line in lines if line.top > y]
        if below and NUMBER.match(below[0].words[0].text):
            return below
    return []


def footnote_from_lines(lines: list[Line], layout: PageLayout) -> Footnote:
    number = int(NUMBER.match(lines[0].words[0].text).group(1))
    parts = [join_words(lines[0].words[1:])] + [line.text for line in lines[1:]]
    text = " ".join(p for p in parts if p).strip()
    top, bottom = lines[0].top, lines[-1].bottom
    url = next((link.uri for link in layout.links if top <= (link.top + link.bottom) / 2 <= bottom), None)
    if url and text.replace(" ", "") == url:
        text = url
    return Footnote(number=number, text=text, url=url, page=layout.number)


# ---------------------------------------------------------------------------------------------
# Tables: header rows, columns, rows
# ---------------------------------------------------------------------------------------------


@dataclass
class Columns:
    """The x positions splitting name | purpose | members, and the table's outer edges."""

    left: float
    name_purpose: float
    purpose_members: float
    right: float

    def cell_of(self, word: Word) -> CellName:
        x = word.center_x
        if x < self.name_purpose:
            return "name"
        return "purpose" if x < self.purpose_members else "members"

    def span(self, cell: CellName) -> tuple[float, float]:
        edges = (self.left, self.name_purpose, self.purpose_members, self.right)
        index = CELLS.index(cell)
        return edges[index], edges[index + 1]

    gutters: tuple[float, float] = (0.0, 0.0)

    def crosses(self, line: Line, word_gap: float, vrules: list[tuple[float, float, float]]) -> bool:
        """Whether the line's text runs across a column boundary (a heading or paragraph, not a
        row). Beside a drawn rule nothing crosses; elsewhere, a word over the boundary or a gap
        at it no wider than a word space (and narrower than the table's gutter) crosses."""
        middle = (line.top + line.bottom) / 2
        for boundary, gutter_width in zip((self.name_purpose, self.purpose_members), self.gutters):
            if any(abs(x - boundary) < 1.5 and top <= middle <= bottom for x, top, bottom in vrules):
                continue
            if any(w.x0 < boundary < w.x1 for w in line.words):
                return True
            widest_inner = min(1.6 * word_gap, 0.8 * gutter_width) if gutter_width else 1.6 * word_gap
            for a, b in pairwise(line.words):
                if a.x1 <= boundary <= b.x0 and b.x0 - a.x1 < widest_inner:
                    return True
        return False


def normalised_word(text: str) -> str:
    return re.sub(r"[^A-Za-z]", "", text).upper()


def is_header_line(line: Line) -> bool:
    words = [normalised_word(w.text) for w in line.words]
    return all(label in words for label in HEADER_WORDS) and len(words) <= 8


def header_center(line: Line, label: str) -> float:
    return next(w.center_x for w in line.words if normalised_word(w.text) == label)


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
    def geometry(self) -> tuple:
        if self.header is None:
            return ()
        return (round(self.layout.width), *(round(header_center(self.header, label) / 3) for label in HEADER_WORDS))


def columns_from_rules(stretch: Stretch) -> Columns | None:
    """Column edges from vertical rules that run through the top of the stretch, where drawn."""
    purpose_x, members_x = (header_center(stretch.header, label) for label in HEADER_WORDS)
    probe = stretch.top + 2
    xs = sorted({round(x, 1) for x, top, bottom in stretch.layout.vrules if top <= probe <= bottom})
    if len(xs) < 2:
        return None
    name_purpose = [x for x in xs if xs[0] < x < purpose_x]
    purpose_members = [x for x in xs if purpose_x < x < members_x]
    if not name_purpose or not purpose_members:
        return None
    return Columns(xs[0], name_purpose[-1], purpose_members[-1], xs[-1])


def columns_from_gutters(stretches: list[Stretch]) -> Columns:
    """Column edges in the text gutters, measured over every page of a table at once.

    A gutter is the widest x-range between two header labels that (almost) no line's words
    cover; a stray heading crossing it on one page is tolerated.
    """
    purpose_x, members_x = (header_center(stretches[0].header, label) for label in HEADER_WORDS)
    lines = [line for stretch in stretches for line in stretch.lines]
    words = [w for line in lines for w in line.words]
    left = min((w.x0 for w in words), default=purpose_x) - 1
    right = max((w.x1 for w in words), default=members_x) + 1
    coverage = Counter()
    for word in words:
        for x in range(int(word.x0), int(word.x1) + 1):
            coverage[x] += 1
    first = gutter(coverage, int(left), int(purpose_x))
    second = gutter(coverage, int(purpose_x), int(members_x))
    name_purpose = (first[0] + first[1]) / 2 if first else left
    purpose_members = (second[0] + second[1]) / 2 if second else (purpose_x + members_x) / 2
    rule_ends = [(x0, x1) for s in stretches for y, x0, x1 in s.layout.hrules if s.top - 3 <= y <= s.bottom + 3]
    if rule_ends:
        left = min(left, min(x0 for x0, _ in rule_ends))
        right = max(right, max(x1 for _, x1 in rule_ends))
    widths = tuple(float(run[1] - run[0]) if run else 0.0 for run in (first, second))
    return Columns(left, name_purpose, purpose_members, right, widths)


def gutter(coverage: Counter, lo: int, hi: int) -> tuple[int, int] | None:
    """The widest run between lo and hi free of words; where allowing a word or two across
    (a heading that runs over the columns) gives a run twice as wide, that one."""
    best = None
    for tolerated in range(4):
        run = widest_free_run(coverage, lo, hi, tolerated)
        if run and (best is None or run[1] - run[0] >= 2 * (best[1] - best[0])):
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


# ---------------------------------------------------------------------------------------------
# Row fragments and their cells
# ---------------------------------------------------------------------------------------------


@dataclass
class Fragment:
    """The part of one row printed on one page."""

    page: int
    top: float
    bottom: float
    columns: Columns
    cells: dict[CellName, list[Line]] = field(default_factory=lambda: {c: [] for c in CELLS})

    def box(self, cell: CellName) -> Box:
        x0, x1 = self.columns.span(cell)
        return Box(page=self.page, bbox=(round(x0, 2), round(self.top, 2), round(x1, 2), round(self.bottom, 2)))

    @property
    def content_bottom(self) -> float:
        return max((line.bottom for lines in self.cells.values() for line in lines), default=self.top)


def split_line_by_cell(line: Line, columns: Columns) -> dict[CellName, Line]:
    parts: dict[CellName, list[Word]] = defaultdict(list)
    for word in line.words:
        parts[columns.cell_of(word)].append(word)
    return {cell: Line(words, line.page) for cell, words in parts.items()}


def table_wide_rules(stretch: Stretch) -> list[tuple[float, float]]:
    """(y, x0) of the horizontal rules drawn across most of the table's width on the stretch's page."""
    width = stretch.columns.right - stretch.columns.left
    return [(y, x0) for y, x0, x1 in stretch.layout.hrules if x1 - x0 > 0.6 * width]


def row_separators(stretch: Stretch, document: Document) -> list[float]:
    """Y positions where a new row starts on this page: full-width rules, else name-cell starts."""
    columns = stretch.columns
    rules = sorted(
        {
            round(y, 1)
            for y, x0 in table_wide_rules(stretch)
            if stretch.top + 2 < y < stretch.bottom and x0 < columns.name_purpose
        }
    )
    if rules:
        return rules
    starts, previous = [], None
    for line in stretch.lines:
        if any(columns.cell_of(w) == "name" for w in line.words):
            if previous is None or line.top - previous > document.pitch - 0.7 * document.body_size:
                starts.append(line.top - 0.5)
            previous = line.bottom
    return starts


def stretch_fragments(stretch: Stretch, document: Document) -> list[Fragment]:
    """The row fragments printed in this stretch, top to bottom, with their lines split by cell."""
    separators = [s for s in row_separators(stretch, document) if s > stretch.top + 1]
    content_bottom = max((line.bottom for line in stretch.lines), default=stretch.top) + 1
    bounds = [stretch.top] + separators + [max(content_bottom, separators[-1] + 1 if separators else 0)]
    fragments = [Fragment(stretch.layout.number, a, b, stretch.columns) for a, b in pairwise(bounds)]
    for line in stretch.lines:
        fragment = next((f for f in reversed(fragments) if f.top - 1 <= line.top), fragments[0])
        for cell, piece in split_line_by_cell(line, stretch.columns).items():
            fragment.cells[cell].append(piece)
    return [f for f in fragments if any(f.cells.values())]


def cell_text(lines: list[Line]) -> str:
    return " ".join(line.text for line in lines)


# ---------------------------------------------------------------------------------------------
# Blocks and footnote markers
# ---------------------------------------------------------------------------------------------


def marker_words(lines: list[Line], numbers: set[int]) -> frozenset[int]:
    """ids of the words in these lines that are footnote markers: small digits, raised when not alone."""
    sizes = Counter(w.size for line in lines for w in line.words for _ in w.text)
    if not sizes:
        return frozenset()
    body = sizes.most_common(1)[0][0]
    found = set()
    for line in lines:
        for word in line.words:
            if not (word.text.isdigit() and int(word.text) in numbers and word.size < 0.8 * body):
                continue
            neighbours = [w for w in line.words if w.size >= 0.8 * body]
            raised = not neighbours or word.bottom < max(w.bottom for w in neighbours) - 0.1 * word.size
            if raised:
                found.add(id(word))
    return frozenset(found)


@dataclass
class BlockDraft:
    lines: list[Line]
    style: str
    pieces: list[str] = field(default_factory=list)
    markers: list[tuple[int, int]] = field(default_factory=list)  # (number, offset)


def join_pieces(pieces: list[str]) -> str:
    """Wrapped lines re-joined: a space between lines, none after a line ending in a hyphen."""
    text = ""
    for piece in pieces:
        if not text:
            text = piece
        elif re.search(r"\w-$", text):
            text += piece
        else:
            text += " " + piece
    return text


def line_style(line: Line, text: str, cell: str) -> str:
    if line.bold and cell != "name":
        return "heading"
    return "item" if BULLET.match(text) else "text"


def starts_new_block(previous: Line, previous_text: str, line: Line, text: str, pitch: float) -> bool:
    """Whether `line` opens a new block: after a paragraph gap, a change of weight, at a bullet;
    across a page break, only where the previous line closed a sentence."""
    if previous.bold != line.bold or BULLET.match(text):
        return True
    if previous.page != line.page:
        return bool(TERMINAL.search(previous_text))
    return line.top - previous.top > pitch + max(1.5, 0.18 * line.size)


def build_blocks(lines: list[Line], cell: str, pitch: float, numbers: set[int]):
    """Blocks of a cell and the footnote markers found in them as (number, block index, offset)."""
    markers = marker_words(lines, numbers)
    drafts: list[BlockDraft] = []
    previous: Line | None = None
    previous_text = ""
    for line in lines:
        text, found = spaced_words(line.words, markers)
        if not text and found and drafts:
            base = len(join_pieces(drafts[-1].pieces))
            drafts[-1].markers.extend((n, base) for n, _ in found)
            continue
        if not text:
            continue
        if previous is None or starts_new_block(previous, previous_text, line, text, pitch):
            drafts.append(BlockDraft([], line_style(line, text, cell)))
        draft = drafts[-1]
        base = len(join_pieces(draft.pieces + [text])) - len(text)
        draft.lines.append(line)
        draft.pieces.append(text)
        draft.markers.extend((n, base + offset) for n, offset in found)
        previous, previous_text = line, text
    blocks, cited = [], []
    for index, draft in enumerate(drafts):
        text = re.sub(r"\s+", " ", join_pieces(draft.pieces)).strip()
        blocks.append(Block(text=text, style=draft.style, boxes=line_boxes(draft.lines)))
        cited.extend((n, index, min(offset, len(text))) for n, offset in draft.markers)
    return blocks, cited


def line_boxes(lines: list[Line]) -> list[Box]:
    by_page: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        by_page[line.page].append(line)
    return [
        Box(
            page=page,
            bbox=(
                round(min(l.x0 for l in ls), 2),
                round(min(l.top for l in ls), 2),
                round(max(l.x1 for l in ls), 2),
                round(max(l.bottom for l in ls), 2),
            ),
        )
        for page, ls in sorted(by_page.items())
    ]


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


def analyse(pages: list[PageLayout]) -> Document:
    lines = {layout.number: group_lines(layout.words, layout.number) for layout in pages}
    body_size = dominant_size(pages)
    furniture = find_furniture(pages, lines)
    symbol = document_symbol(pages, lines, furniture)
    body_lines = {
        page: [line for index, line in enumerate(ls) if (page, index) not in furniture] for page, ls in lines.items()
    }
    areas = {}
    for layout in pages:
        area = footnote_area(layout, body_lines[layout.number], body_size)
        if area:
            areas[layout.number] = area
            body_lines[layout.number] = [line for line in body_lines[layout.number] if line.top < area.top - 0.5]
    pitch = statistics.median(
        [line_pitch(ls, body_size) for ls in body_lines.values() if len(ls) > 2] or [1.2 * body_size]
    )
    bottoms = [ls[-1].bottom for ls in body_lines.values() if ls]
    return Document(pages, body_lines, body_size, pitch, symbol, areas, typical_word_gap(body_lines), max(bottoms, default=0))


def typical_word_gap(lines_by_page: dict[int, list[Line]]) -> float:
    """The commonest space between words on a line: the font's space, whatever the font."""
    gaps = Counter()
    for lines in lines_by_page.values():
        for line in lines:
            for a, b in pairwise(line.words):
                gap = b.x0 - a.x1
                if 0.12 * a.size < gap < a.size:
                    gaps[round(gap, 1)] += 1
    return gaps.most_common(1)[0][0] if gaps else 3.0




# ---------------------------------------------------------------------------------------------
# From pages to tables to rows
# ---------------------------------------------------------------------------------------------


def is_heading(line: Line, body_size: float) -> bool:
    numbered = re.match(r"^\d+(\.\d+)*\.?\s+\S", line.text) is not None
    return (line.bold or line.size > body_size * 1.1 or numbered) and len(line.text) < 120


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
                stretches.append(Stretch(layout, None, top_lines, top_lines[0].top - 1, bottom))
        for n, index in enumerate(headers):
            end = headers[n + 1] if n + 1 < len(headers) else len(lines)
            header = lines[index]
            stretches.append(Stretch(layout, header, lines[index + 1 : end], header_bottom(header, layout), bottom))
    return stretches, before_first


def header_bottom(header: Line, layout: PageLayout) -> float:
    below = [y for y, _, _ in layout.hrules if header.bottom - 1 < y < header.bottom + header.size * 1.5]
    return min(below) if below else header.bottom + 1


def assign_columns(stretches: list[Stretch]) -> None:
    """Columns for every stretch: its own vertical rules, else gutters shared by its table's pages."""
    by_geometry: dict[tuple, list[Stretch]] = defaultdict(list)
    for stretch in stretches:
        if stretch.header is not None:
            by_geometry[stretch.geometry].append(stretch)
    gutters = {key: columns_from_gutters(group) for key, group in by_geometry.items()}
    previous: Columns | None = None
    for stretch in stretches:
        if stretch.header is not None:
            stretch.columns = columns_from_rules(stretch) or gutters[stretch.geometry]
        else:
            stretch.columns = previous
        previous = stretch.columns


def trim_outside_lines(stretch: Stretch, document: Document, followed_by_header: bool) -> None:
    """Move lines that are not table content (headings, running text) out of the stretch.

    A line whose text crosses a column boundary ends the table, and so does a numbered heading
    standing alone in the first column. Before another header row on the same page, so do lines
    below the table's last drawn rule, and a trailing run of first-column lines set apart by a
    gap (a heading short enough to fit the name column of a table without rules).
    """
    drawn_end = max((y for y, _ in table_wide_rules(stretch) if y > stretch.top), default=None)
    table_end = drawn_end if followed_by_header else None
    index = next((i for i, line in enumerate(stretch.lines) if ends_table(line, stretch, document, table_end)), None)
    if index is None and followed_by_header:
        index = trailing_heading_start(stretch, document)
    if index is not None:
        stretch.outside = stretch.lines[index:]
        stretch.lines = stretch.lines[:index]
        stretch.bottom = min(stretch.bottom, stretch.outside[0].top - 0.5)


def ends_table(line: Line, stretch: Stretch, document: Document, table_end: float | None) -> bool:
    """Whether `line` is no table content: it crosses the columns, is a numbered heading alone in
    the first column, or lies below `table_end` (the last drawn rule, where one counts)."""
    columns = stretch.columns
    if columns.crosses(line, document.word_gap, stretch.layout.vrules):
        return True
    name_only = line.x1 < columns.name_purpose
    if name_only and re.match(r"^\d+(\.\d+)+\.?\s+\S", line.text):
        return True
    return table_end is not None and line.top > table_end


def trailing_heading_start(stretch: Stretch, document: Document) -> int | None:
    lines = stretch.lines
    start = len(lines)
    while start > 0 and lines[start - 1].x1 < stretch.columns.name_purpose:
        start -= 1
    if start == len(lines) or start == 0:
        return None
    gap = lines[start].top - lines[start - 1].bottom
    return start if gap > document.pitch - document.body_size + 0.5 * document.body_size else None


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
        open_table.stretches.append(stretch)
        if stretch.outside:
            heading = last_heading(stretch.outside, document.body_size) or heading
            open_table = None
    return tables


def last_heading(lines: list[Line], body_size: float) -> str | None:
    headings = [line.text for line in lines if is_heading(line, body_size)]
    return headings[-1] if headings else None


@dataclass
class RowDraft:
    section: str
    fragments: list[Fragment]


def continues_row(previous: Fragment, fragment: Fragment, document: Document) -> bool:
    """Whether the first fragment on a page continues the row cut at the foot of the last page.

    It does when its name cell is empty, or when it has nothing but a name. Otherwise the row
    must have been cut inside its name cell too: the previous name runs down to the row's last
    line, and either another cell carries on mid-sentence, or the row stood at the page foot and
    its name did not close with the acronym's parenthesis."""
    if not fragment.cells["name"] or not (fragment.cells["purpose"] or fragment.cells["members"]):
        return True
    name = previous.cells["name"]
    if not name or name[-1].bottom < previous.content_bottom - 0.5 * document.pitch:
        return False
    if any(carries_on(c, previous.cells[c], fragment.cells[c]) for c in ("purpose", "members")):
        return True
    at_page_foot = previous.content_bottom + 2 * document.pitch > document.content_bottom(previous.page)
    return at_page_foot and not cell_text(name).rstrip().endswith(")")


def carries_on(cell: CellName, before: list[Line], after: list[Line]) -> bool:
    """Whether `after` continues the sentence or list that `before` leaves open: it starts in
    lower case, or `before` ends on a comma, hyphen or sub-heading, or (a purpose) mid-sentence."""
    if not before or not after:
        return False
    last = before[-1]
    ending = join_words(last.body_words).rstrip()
    if after[0].text[:1].islower() or ending.endswith((",", "-")) or last.bold:
        return True
    return cell == "purpose" and not re.search(r"[.!?:;)”’\"']$", ending)


def table_rows(table: Table, document: Document) -> list[RowDraft]:
    rows: list[RowDraft] = []
    for position, stretch in enumerate(table.stretches):
        for index, fragment in enumerate(stretch_fragments(stretch, document)):
            continues = rows and index == 0 and position > 0 and continues_row(rows[-1].fragments[-1], fragment, document)
            if continues:
                rows[-1].fragments.append(fragment)
            else:
                rows.append(RowDraft(table.heading, [fragment]))
    return rows


def cited_footnotes(found: list[tuple[int, int, int]], cell: str, page_of_block, document: Document) -> list[CitedFootnote]:
    notes = []
    for number, block, offset in found:
        footnote = document.footnote(number, page_of_block(block))
        if footnote is not None:
            notes.append(CitedFootnote(**footnote.model_dump(), anchor=Anchor(cell=cell, block=block, offset=offset)))
    return notes


WEB_ADDRESS = re.compile(r"^(?:https?://|www\.)", re.IGNORECASE)


def split_website(lines: list[Line], document: Document) -> tuple[list[Line], str | None]:
    """A name cell's lines less a trailing web address (some revisions print one under the
    name), and that address: the link's target where one is drawn over it, else its text."""
    start = next((i for i, line in enumerate(lines) if WEB_ADDRESS.match(line.text)), None)
    if start is None:
        return lines, None
    address = lines[start:]
    for line in address:
        for link in document.pages[line.page - 1].links:
            if link.top <= (line.top + line.bottom) / 2 <= link.bottom and link.x0 < line.x1 and link.x1 > line.x0:
                return lines[:start], link.uri
    return lines[:start], "".join(line.text for line in address)


def row_from_draft(draft: RowDraft, document: Document, numbers: set[int]) -> Row:
    cells, footnotes = {}, []
    website = None
    for cell in CELLS:
        lines = [line for fragment in draft.fragments for line in fragment.cells[cell]]
        if cell == "name":
            lines, website = split_website(lines, document)
        blocks, found = build_blocks(lines, cell, document.pitch, numbers)
        cells[cell] = blocks
        footnotes += cited_footnotes(found, cell, lambda b, blocks=blocks: blocks[b].boxes[-1].page, document)
    name = " ".join(block.text for block in cells["name"])
    return Row(
        section=draft.section,
        name=re.sub(r"\s+", " ", name).strip(),
        website=website,
        purpose=cells["purpose"],
        members=cells["members"],
        footnotes=sorted(footnotes, key=lambda f: (f.number, f.anchor.cell)),
        provenance=RowProvenance(
            pages=sorted({f.page for f in draft.fragments}),
            cells={cell: [f.box(cell) for f in draft.fragments] for cell in CELLS},
        ),
    )


def front_blocks(lines: list[Line], document: Document, numbers: set[int]) -> list[FrontBlock]:
    blocks, found = build_blocks(lines, "front_matter", document.pitch, numbers)
    cited: dict[int, list[CitedFootnote]] = defaultdict(list)
    for note in cited_footnotes(found, "front_matter", lambda b: blocks[b].boxes[-1].page, document):
        cited[note.anchor.block].append(note)
    return [FrontBlock(**block.model_dump(), footnotes=cited[i]) for i, block in enumerate(blocks)]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def extract_pdf(
    path: Path | str,
    progress: Progress | None = None,
    password: str | None = None,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> Extraction:
    """Every catalogue row of the PDF at `path`, with its footnotes and provenance."""
    path = Path(path)
    pages = read_pages(path, password, max_pages, progress)
    if not any(layout.words for layout in pages):
        raise NoTextLayer(path, "no page has a text layer (a scanned document?); run OCR on it first")
    document = analyse(pages)
    stretches, before_first = find_stretches(document)
    if not stretches:
        raise no_catalogue(path, document)
    assign_columns(stretches)
    for index, stretch in enumerate(stretches):
        following = stretches[index + 1] if index + 1 < len(stretches) else None
        same_page_header = following is not None and following.layout is stretch.layout and following.header is not None
        trim_outside_lines(stretch, document, same_page_header)
    tables = group_tables(stretches, before_first, document)
    numbers = {note.number for note in document.footnotes}
    rows = [row_from_draft(draft, document, numbers) for table in tables for draft in table_rows(table, document)]
    if not rows:
        raise NoCatalogue(path, "the catalogue table has a header row but no rows")
    return Extraction(
        source=Source(file=path.name, sha256=sha256_of(path), pages=len(pages), symbol=document.symbol),
        front_matter=front_blocks(before_first, document, numbers),
        sections=list(dict.fromkeys(table.heading for table in tables)),
        rows=rows,
        footnotes=sorted(document.footnotes, key=lambda f: (f.page, f.number)),
    )


def no_catalogue(path: Path, document: Document) -> NoCatalogue:
    """Why no table was found: a short capitalised line with one label of the two ("NAME
    PURPOSE") is a header row whose table lacks a column, said so with its page; otherwise
    there is no catalogue table at all."""
    for page, lines in sorted(document.lines.items()):
        for line in lines:
            words = [normalised_word(w.text) for w in line.words]
            present = [label for label in HEADER_WORDS if label in words]
            if len(present) == 1 and len(words) <= 4 and line.text.isupper():
                missing = next(label for label in HEADER_WORDS if label not in present)
                return CatalogueColumnMissing(
                    path, f"the catalogue table on page {page} has no {missing} column (its header row reads {line.text!r}; "
                    "a catalogue table is NAME | PURPOSE | MEMBERS)"
                )
    return NoCatalogue(path, "no catalogue table found (no header row reading PURPOSE and MEMBERS)")


def to_json(extraction: Extraction) -> str:
    return extraction.model_dump_json(indent=2) + "\n"
