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

:func:`paginate` runs the first two steps only and tells where every row and footnote landed;
:func:`render` also writes the PDF. :data:`LAYOUTS` (`rendering.layouts`) holds named variants
of :class:`Layout`, and :func:`synthetic_catalogue` (`rendering.synthetic`) grows a long
catalogue out of a short one for benchmarks.
"""

from rendering.layouts import DEFAULT_LAYOUT, LAYOUTS, Layout
from rendering.pagination import Placement, paginate
from rendering.painting import render
from rendering.synthetic import synthetic_catalogue

__all__ = ["DEFAULT_LAYOUT", "LAYOUTS", "Layout", "Placement", "paginate", "render", "synthetic_catalogue"]
