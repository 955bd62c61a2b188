"""Cell lines → blocks (paragraphs, list items, sub-headings) with their footnote markers, and
row drafts → `Row`s.

`build_blocks` re-joins a cell's wrapped lines into `Block`s and finds the footnote markers in
them: small digits, raised above their neighbours when not alone, whose number a page's footnote
area defines. `row_from_draft` builds a catalogue `Row` from a draft's cells — the name cell as
the row's name (less a web address printed under it, which becomes its website) and one list of
blocks per further column of `pipeline.columns.COLUMNS` — with the footnotes cited in it and its
provenance. `front_blocks` does the same for the text before the first table.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pipeline.columns import BLOCK_COLUMNS, CELL_NAMES, NAME_COLUMN
from pipeline.extract.geometry import COORDINATE_DECIMALS
from pipeline.extract.layout import Document, Line, spaced_words
from pipeline.extract.rows import RowDraft, wraps_into
from pipeline.extract.settings import ExtractSettings
from pipeline.extract.table import WEB_ADDRESS
from pipeline.models import (
    FRONT_MATTER,
    Anchor,
    Block,
    BlockStyle,
    Box,
    CitedFootnote,
    FrontBlock,
    Row,
    RowProvenance,
)

BULLET = re.compile(r"^(?:[-–—•·▪◦●○*]|(?:[ivxIVX]{1,5}|\d{1,2}|[a-z])[.)]\s)")
TERMINAL = re.compile(r"[.!?:;]$")
LAST_ITEM = re.compile(r"(?:^|\s)(?:and|or)\s")
"""A list's last item, after "and" or "or" ("…, Myanmar, and Vietnam.")."""
HYPHENATED = re.compile(r"\w-$")
"""A line's text ending in a word broken at a hyphen: the next line joins it without a space
(searched in the last three characters, all `$` may end a match in)."""
SPACES = re.compile(r"\s+")

Marker = tuple[int, int, int]
"""A footnote marker found in a cell: (footnote number, block index, offset in the block's text)."""


def marker_words(lines: list[Line], numbers: set[int]) -> frozenset[int]:
    """ids of the words in these lines that are footnote markers: small ASCII digits (not '³', a
    digit to `str.isdigit` that `int` refuses), raised when not alone."""
    sizes = Counter[float]()
    for line in lines:
        for w in line.words:
            if w.text:
                sizes[w.size] += len(w.text)
    if not sizes:
        return frozenset()
    settings = lines[0].settings
    small = settings.superscript_ratio * sizes.most_common(1)[0][0]
    found = set()
    for line in lines:
        for word in line.words:
            if not (word.text.isascii() and word.text.isdigit() and int(word.text) in numbers and word.size < small):
                continue
            neighbours = [w for w in line.words if w.size >= small]
            raised = (
                not neighbours
                or word.bottom < max(w.bottom for w in neighbours) - settings.marker_rise_ratio * word.size
            )
            if raised:
                found.add(id(word))
    return frozenset(found)


@dataclass
class BlockDraft:
    lines: list[Line]
    style: BlockStyle
    text: str = ""
    markers: list[tuple[int, int]] = field(default_factory=list)  # (number, offset)

    def add(self, line: Line, piece: str) -> int:
        """Append a line's text, re-joined to the text before (a space between lines, none after a
        line ending in a hyphen), and return where it starts in the block's text."""
        self.lines.append(line)
        if not self.text:
            self.text = piece
        else:
            self.text += piece if HYPHENATED.search(self.text[-3:]) else " " + piece
        return len(self.text) - len(piece)


def line_style(line: Line, text: str, cell: str) -> BlockStyle:
    if line.bold and cell != NAME_COLUMN.name:
        return "heading"
    return "item" if BULLET.match(text) else "text"


def list_goes_on(block_text: str, text: str, settings: ExtractSettings) -> bool:
    """Whether `text` (a line) goes on with the list `block_text` is: the block is a list (at least
    `list_min_items` items between commas, of `list_item_max_words` words or fewer on average),
    not closed by a last item after "and" or "or", and the line opens with an item and a comma."""
    items = block_text.split(",")
    words = sum(len(item.split()) for item in items)
    if (
        len(items) < settings.list_min_items
        or words > settings.list_item_max_words * len(items)
        or LAST_ITEM.search(items[-1])
    ):
        return False
    first, comma, _ = text.partition(",")
    return bool(comma) and len(first.split()) <= settings.list_item_max_words


def starts_new_block(
    previous: Line, block_text: str, line: Line, text: str, document: Document, edge: float | None
) -> bool:
    """Whether `line` opens a new block after the block whose text so far is `block_text`: after a
    paragraph gap, a change of weight, at a bullet. Across a page break, unless it starts in lower
    case ("… corruption:" over "strengthening …"), where the block's last line closed a sentence
    (but a list's item: "… Liechtenstein." over "Lithuania, Macedonia, …", the line full), and
    in a table cell whose text can reach `edge`, also where it had room for the first word of
    `line` (a paragraph's last line: "New Projects" over the next page's "Creation of …")."""
    if previous.bold != line.bold or BULLET.match(text):
        return True
    if previous.page != line.page:
        if text[:1].islower():
            return False
        if edge is not None and not wraps_into(previous, line, edge, document):
            return True
        return bool(TERMINAL.search(block_text)) and not list_goes_on(block_text, text, line.settings)
    settings = line.settings
    pitch = document.pitch
    return line.top - previous.top > pitch + max(settings.paragraph_gap_min, settings.paragraph_gap_ratio * line.size)


def build_blocks(
    lines: list[Line], cell: str, document: Document, numbers: set[int], edges: dict[int, float] | None = None
) -> tuple[list[Block], list[Marker]]:
    """Blocks of a cell and the footnote markers found in them; `edges`: how far right the cell's
    text can reach on each page (a table cell's, see `RowDraft.text_edges`)."""
    markers = marker_words(lines, numbers)
    drafts: list[BlockDraft] = []
    previous: Line | None = None
    for line in lines:
        text, found = spaced_words(line.words, markers, document.settings)
        if not text and found and drafts:
            drafts[-1].markers.extend((n, len(drafts[-1].text)) for n, _ in found)
            continue
        if not text:
            continue
        edge = None if edges is None or previous is None else edges[previous.page]
        if previous is None or starts_new_block(previous, drafts[-1].text, line, text, document, edge):
            drafts.append(BlockDraft([], line_style(line, text, cell)))
        draft = drafts[-1]
        base = draft.add(line, text)
        draft.markers.extend((n, base + offset) for n, offset in found)
        previous = line
    blocks: list[Block] = []
    cited: list[Marker] = []
    for index, draft in enumerate(drafts):
        text = SPACES.sub(" ", draft.text).strip()
        blocks.append(Block(text=text, style=draft.style, boxes=line_boxes(draft.lines)))
        cited.extend((n, index, min(offset, len(text))) for n, offset in draft.markers)
    return blocks, cited


def line_boxes(lines: list[Line]) -> list[Box]:
    """One box per page round the lines printed on it."""
    by_page: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        by_page[line.page].append(line)
    return [Box(page=page, bbox=rounded_box(ls)) for page, ls in sorted(by_page.items())]


def rounded_box(lines: list[Line]) -> tuple[float, float, float, float]:
    """x0, top, x1, bottom of the box round `lines`, rounded as every coordinate of the extraction."""
    x0, top, x1, bottom = (
        round(value, COORDINATE_DECIMALS)
        for value in (
            min(x.x0 for x in lines),
            min(x.top for x in lines),
            max(x.x1 for x in lines),
            max(x.bottom for x in lines),
        )
    )
    return x0, top, x1, bottom


def cited_footnotes(found: list[Marker], cell: str, blocks: list[Block], document: Document) -> list[CitedFootnote]:
    notes = []
    for number, block, offset in found:
        footnote = document.footnote(number, blocks[block].boxes[-1].page)
        if footnote is not None:
            notes.append(CitedFootnote(**footnote.model_dump(), anchor=Anchor(cell=cell, block=block, offset=offset)))
    return notes


def split_website(lines: list[Line], document: Document) -> tuple[list[Line], str | None]:
    """A name cell's lines less the web address printed under the name (on a line of its own,
    below at least one line of the name, and running to the cell's end, wrapped or not), and
    that address: the link's target where one is drawn over it, else its lines re-joined."""
    start = next((i for i, line in enumerate(lines) if i and WEB_ADDRESS.match(line.text)), None)
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
    for cell in CELL_NAMES:
        lines = [line for fragment in draft.fragments for line in fragment.cells[cell]]
        if cell == NAME_COLUMN.name:
            lines, website = split_website(lines, document)
        blocks, found = build_blocks(lines, cell, document, numbers, draft.text_edges(cell))
        cells[cell] = blocks
        footnotes += cited_footnotes(found, cell, blocks, document)
    name = " ".join(block.text for block in cells[NAME_COLUMN.name])
    return Row(
        section=draft.section,
        name=SPACES.sub(" ", name).strip(),
        website=website,
        **{column.name: cells[column.name] for column in BLOCK_COLUMNS},
        footnotes=sorted(footnotes, key=lambda f: (f.number, f.anchor.cell)),
        provenance=RowProvenance(
            pages=sorted({f.page for f in draft.fragments}),
            cells={cell: [f.box(cell) for f in draft.fragments] for cell in CELL_NAMES},
        ),
    )


def front_blocks(lines: list[Line], document: Document, numbers: set[int]) -> list[FrontBlock]:
    blocks, found = build_blocks(lines, FRONT_MATTER, document, numbers)
    cited: dict[int, list[CitedFootnote]] = defaultdict(list)
    for note in cited_footnotes(found, FRONT_MATTER, blocks, document):
        cited[note.anchor.block].append(note)
    return [FrontBlock(**block.model_dump(), footnotes=cited[i]) for i, block in enumerate(blocks)]
