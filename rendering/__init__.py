"""Render an :class:`~pipeline.models.Extraction` as a PDF laid out like a word-processor export
of CDPC (2017) 1_rev, so tests and benchmarks can feed the extractor many renderings of known
content. Dev-only: not part of the installed package; importable from the repository's root.

The page: a running header (document symbol left, page number right), the front-matter blocks,
then per section a bold heading and a table of the columns of `pipeline.columns.COLUMNS` (name,
purpose, members) whose header row repeats on every page the table continues on. Footnote
markers are superscript numbers glued to the character before their anchor; the footnotes print
at the foot of the page of their marker.

reportlab's own Table cannot split one row across pages, so this package has its own small layout
engine, in three steps:

1. *shaping* (`rendering.shaping`): each block's text becomes words of glyphs (one per character,
   plus one per footnote marker), and words are wrapped into lines for a column width;
2. *pagination* (`rendering.pagination`): lines and table rows flow down the pages, rows split
   line by line (each column continues on its own), with room reserved at the page foot for the
   footnotes of every line placed;
3. *painting* (`rendering.painting`): each page is drawn on a reportlab canvas. ``invariant=1``
   makes the output byte-identical for the same input and layout.

:func:`paginate` runs the first two steps only and tells where every row, footnote and section
heading landed; :func:`render` also writes the PDF:
``render(extraction, path, layout) -> Placement``. :data:`LAYOUTS` (`rendering.layouts`) holds
named variants of :class:`Layout` for the 2017 paper, and :func:`synthetic_catalogue`
(`rendering.synthetic`) grows a long catalogue out of a short one for benchmarks.

The 2020 revision (`rendering.catalogue_2020`): :func:`catalogue_2020_extraction` is its content
(40 rows, a website under each name), :data:`LAYOUTS_2020` its printings — "default" (landscape
A4, the masthead "PC-OC Mod (2020) 03rev2 … Strasbourg, 22 September 2020" on page 1, symbol and
page number in a footer), "footer_raised" (the footer 0.8 cm higher) and "footer_without_symbol"
(page number only) — and ``render_2020(path, variant="default")`` writes one::

    from rendering import render_2020
    placement = render_2020(tmp_path / "PC-OC-Mod-2020-03rev2.pdf", "footer_raised")
"""

from rendering.catalogue_2020 import catalogue_2020_extraction, render_2020
from rendering.layouts import DEFAULT_LAYOUT, LAYOUTS, LAYOUTS_2020, Layout
from rendering.pagination import HeadingPlace, Placement, paginate
from rendering.painting import render
from rendering.synthetic import synthetic_catalogue

__all__ = [
    "DEFAULT_LAYOUT",
    "LAYOUTS",
    "LAYOUTS_2020",
    "HeadingPlace",
    "Layout",
    "Placement",
    "catalogue_2020_extraction",
    "paginate",
    "render",
    "render_2020",
    "synthetic_catalogue",
]
