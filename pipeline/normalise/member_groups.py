"""The groups of a member cell: its blocks read one by one (`pipeline.normalise.members`), then each block
in the light of the block after it.

A block naming a collective right above a printed list of its own states is that list's heading;
a one-sentence block with no full stop right above a list is its lead-in, a heading too. A list
block printed over a page break whose text ends with a capitalised run worded like a heading,
right above another list, ends there: that run is the next group's heading, printed plain at the
top of the page and read into the list because the line above had no room to spare.
"""

from __future__ import annotations

import itertools
import re
from datetime import date

from pipeline.models import Block, Entry, Group
from pipeline.normalise.collectives import ever_members
from pipeline.normalise.gazetteer import Lexicon, lexicon
from pipeline.normalise.members import (
    WORD_START,
    Cell,
    Heading,
    block_items,
    first_number,
    heading,
    is_worded_like_a_heading,
    member_cells,
)


def groups_of(items: list[Entry | Heading]) -> list[Group]:
    """Entries gathered under the heading printed above them; a dash-printed heading right under
    an empty one (or under a sibling) is a sub-group of it."""
    drafts: list[dict] = [{"label": None, "count": None, "span": None, "entries": [], "parent": None}]
    for item in items:
        if isinstance(item, Entry):
            drafts[-1]["entries"].append(item)
            continue
        previous, parent = drafts[-1], None
        if item.dashed:
            opens = previous["label"] and not previous["entries"] and not previous["parent"]
            parent = previous["label"] if opens else previous["parent"]
        drafts.append(
            {"label": item.label, "count": first_number(item.label), "span": item.span, "entries": [], "parent": parent}
        )
    return [Group(**d) for d in drafts if d["label"] is not None or d["entries"]]


def is_lead_in(cell: Cell, items: list[Entry | Heading], following: list[Entry | Heading]) -> bool:
    """A block that is one sentence, with no full stop, printed right above a list: the list's heading
    ("There is also the ENPI East Countries (however, …)" above "Armenia, Azerbaijan, …")."""
    ends_open = not cell.text.rstrip().endswith(".")
    alone = len(items) == 1 and isinstance(items[0], Entry) and items[0].status == "text"
    return ends_open and alone and bool(following) and isinstance(following[0], Entry) and following[0].status != "text"


def labels_a_list(items: list[Entry | Heading], following: list[Entry | Heading]) -> bool:
    """A block naming a collective printed right above a list of its own states: the list's heading
    ("ASEAN Member States" over the ten names of 2017). Above anything else — other states, an
    organisation, a heading — the collective is a member ("Member States of the EU" above "the
    European Commission and the EJN Secretariat")."""
    if not (items and isinstance(items[0], Entry) and items[0].kind == "collective"):
        return False
    listed = [
        item for item in itertools.takewhile(lambda item: isinstance(item, Entry), following) if isinstance(item, Entry)
    ]
    coded = [e for e in listed if e.status == "coded"]
    states = {code for e in coded for code in e.codes}
    return bool(coded) and all(e.kind == "country" for e in coded) and states <= ever_members(items[0].codes[0])


LIST_OPEN = re.compile(r"(?:[,;&:–—-]|\band)\s*$")


def heading_after_break(cell: Cell, block: Block, following: list[Entry | Heading]) -> int | None:
    """Where a group heading starts that a page break ran into the end of this block, if any:
    the block is printed over two pages, a list of members follows it, and its text ends with a
    capitalised run worded like a heading, after a complete entry ("… World Bank (Associate)" at
    a page's foot, "Regional asset recovery inter-agency networks" printed plain at the next
    page's top, read as one paragraph because the line above had no room to spare)."""
    pages = {box.page for box in block.boxes}
    listed = bool(following) and isinstance(following[0], Entry) and following[0].status != "text"
    if len(pages) < 2 or not listed:
        return None
    for match in reversed(list(WORD_START.finditer(cell.text))):
        start = match.start()
        before = cell.text[:start].rstrip()
        if not cell.text[start].isupper() or cell.protected[start] or not before or LIST_OPEN.search(before):
            continue
        if is_worded_like_a_heading(cell, start, len(cell.text)):
            return start
    return None


def before_break(cell: Cell, end: int) -> Cell:
    """The cell's text up to `end`, with what was found in it (offsets unchanged)."""
    return Cell(
        cell.text[:end].rstrip(), cell.index, cell.page, [f for f in cell.found if f.end <= end], cell.lex, cell.on
    )


def member_groups(blocks: list[Block], lex: Lexicon | None = None, on: date | None = None) -> list[Group]:
    """The groups and entries of a member cell; collectives expanded as of `on`, the document's date, if given."""
    lex = lex or lexicon()
    cells = member_cells(blocks, lex, on)
    per_block = [block_items(cell, block.style) for block, cell in zip(blocks, cells)]
    for i, (block, cell) in enumerate(zip(blocks[:-1], cells)):
        start = heading_after_break(cell, block, per_block[i + 1])
        if start is not None:
            per_block[i] = block_items(before_break(cell, start), block.style) + [heading(cell, start, len(cell.text))]
    for i, cell in enumerate(cells[:-1]):
        if labels_a_list(per_block[i], per_block[i + 1]):
            per_block[i] = [heading(cell, 0, len(cell.text))]
    for i, cell in enumerate(cells[:-1]):
        if is_lead_in(cell, per_block[i], per_block[i + 1]):
            per_block[i] = [heading(cell, 0, len(cell.text))]
    return groups_of([item for items in per_block for item in items])
