"""Synthetic content for benchmarks: a long catalogue grown out of a short one."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pipeline.columns import CELL_NAMES
from pipeline.models import CitedFootnote, Extraction, Footnote, Row
from rendering.layouts import DEFAULT_LAYOUT, Layout
from rendering.pagination import as_extraction, paginate, row_sections


def synthetic_catalogue(
    base: Extraction | Mapping[str, Any],
    n_rows: int | None = None,
    *,
    n_pages: int | None = None,
    seed: int = 0,
    layout: Layout = DEFAULT_LAYOUT,
) -> Extraction:
    """A long catalogue grown deterministically out of `base`'s rows, e.g. for a 300-page benchmark.

    Give `n_rows`, or `n_pages`: the page count to aim at under `layout` (estimated from how
    many pages `base` takes). The first pass over `base`'s rows keeps them as they are; each
    later pass appends its pass number to the names and rotates the purpose blocks by an
    amount drawn from `seed`. Rows stay grouped by section, as they print, and
    footnotes are renumbered 1, 2, ... in print order, one number per citation.

    Boxes, provenance and footnote pages are copied from `base` and mean nothing here: the
    :class:`Placement` that :func:`render` returns tells where things land.
    """
    base = as_extraction(base)
    if (n_rows is None) == (n_pages is None):
        raise ValueError("give either n_rows or n_pages")
    if not base.rows:
        raise ValueError("the base extraction has no rows to repeat")
    if n_rows is None:
        n_rows = _rows_for_pages(base, n_pages, layout)
    rng = random.Random(seed)
    rows = [_varied_row(base.rows[i % len(base.rows)], i // len(base.rows), rng) for i in range(n_rows)]
    sections = list(row_sections(base.rows))
    rows.sort(key=lambda row: sections.index(row.section))
    return _renumbered(base, rows)


def _rows_for_pages(base: Extraction, n_pages: int, layout: Layout) -> int:
    """How many rows fill about `n_pages`, at the rate at which `base`'s table fills its pages."""
    placement = paginate(base, layout)
    front_pages = placement.row_pages(0)[0] - 1
    table_pages = placement.pages - front_pages
    return math.ceil((n_pages - front_pages) * len(base.rows) / table_pages)


def _varied_row(row: Row, repeat: int, rng: random.Random) -> Row:
    """`row` itself on the first pass; later, numbered and with its purpose blocks rotated, its
    footnote anchors following their blocks."""
    if repeat == 0:
        return row
    order = list(range(len(row.purpose)))
    if order:
        shift = rng.randrange(len(order))
        order = order[shift:] + order[:shift]
    new_block = {old: new for new, old in enumerate(order)}
    footnotes = [
        _moved(footnote, new_block[footnote.anchor.block]) if footnote.anchor.cell == "purpose" else footnote
        for footnote in row.footnotes
    ]
    return row.model_copy(
        update={"name": f"{row.name} {repeat + 1}", "purpose": [row.purpose[i] for i in order], "footnotes": footnotes}
    )


def _moved(footnote: CitedFootnote, block: int) -> CitedFootnote:
    return footnote.model_copy(update={"anchor": footnote.anchor.model_copy(update={"block": block})})


def _print_order(footnote: CitedFootnote) -> tuple[int, int, int]:
    anchor = footnote.anchor
    column = CELL_NAMES.index(anchor.cell) if anchor.cell in CELL_NAMES else 0
    return column, anchor.block, anchor.offset


def _renumbered(base: Extraction, rows: Sequence[Row]) -> Extraction:
    """`base` with `rows`, every citation numbered anew in print order, and the footnote list to match."""
    numbers = itertools.count(1)
    listed: list[Footnote] = []

    def renumber(citations: Iterable[CitedFootnote]) -> list[CitedFootnote]:
        renumbered = [f.model_copy(update={"number": next(numbers)}) for f in sorted(citations, key=_print_order)]
        listed.extend(Footnote(number=f.number, text=f.text, url=f.url, page=f.page) for f in renumbered)
        return renumbered

    front_matter = [block.model_copy(update={"footnotes": renumber(block.footnotes)}) for block in base.front_matter]
    rows = [row.model_copy(update={"footnotes": renumber(row.footnotes)}) for row in rows]
    return base.model_copy(
        update={"front_matter": front_matter, "rows": rows, "sections": list(row_sections(rows)), "footnotes": listed}
    )
