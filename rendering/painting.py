"""Painting: laid-out pages drawn on a reportlab canvas, written as a PDF.

``invariant=1`` makes the output byte-identical for the same input and layout. Fonts are
registered under an encoding that text extractors read back as written (see `extractable`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from pipeline.models import Extraction
from rendering.layouts import DEFAULT_LAYOUT, Layout
from rendering.pagination import Page, Placed, Placement, as_extraction, laid_out
from rendering.shaping import string_width


def render(extraction: Extraction | Mapping[str, Any], path: str | Path, layout: Layout = DEFAULT_LAYOUT) -> Placement:
    """Write `extraction` (the model, or its JSON as a dict) as a PDF at `path`; return where
    each row and footnote landed."""
    extraction = as_extraction(extraction)
    pages, placement = laid_out(extraction, layout)
    _paint(pages, extraction.source.symbol, layout, Path(path))
    return placement


def _paint(pages: Sequence[Page], symbol: str | None, layout: Layout, path: Path) -> None:
    height = layout.page_size[1]
    canvas = Canvas(str(path), pagesize=layout.page_size, invariant=1)
    for page in pages:
        _set_rotation(canvas, page.number in layout.rotated_pages, layout)
        _paint_running_line(canvas, page.number, symbol, layout)
        canvas.setLineWidth(layout.rule_width)
        for x0, top0, x1, top1 in page.rules:
            canvas.line(x0, height - top0, x1, height - top1)
        for placed in page.lines:
            _paint_line(canvas, placed, height)
        for url, x0, top, x1, bottom in page.links:
            canvas.linkURL(url, (x0, height - bottom, x1, height - top), relative=0)
        canvas.showPage()
    canvas.save()


def _set_rotation(canvas: Canvas, rotated: bool, layout: Layout) -> None:
    """/Rotate 90 on this page, or none. reportlab writes a rotated page's MediaBox with the page
    size's sides swapped, so the size is given swapped to keep the MediaBox of the others."""
    width, height = layout.page_size
    canvas.setPageSize((height, width) if rotated else (width, height))
    canvas.setPageRotation(90 if rotated else 0)


def _paint_running_line(canvas: Canvas, number: int, symbol: str | None, layout: Layout) -> None:
    """The running header or footer: the symbol left (unless the layout leaves it out), the page
    number right."""
    width, height = layout.page_size
    baseline = height - layout.running_baseline
    canvas.setFont(_extractable(layout.font_family), layout.header_font_size)
    if symbol and layout.running_symbol:
        canvas.drawString(layout.margin_left, baseline, symbol)
    canvas.drawRightString(width - layout.margin_right, baseline, str(number))


def _paint_line(canvas: Canvas, placed: Placed, page_height: float) -> None:
    """Draw a line as runs of glyphs sharing font, size and baseline shift."""
    x = placed.x
    for (font, size, rise), run in groupby(placed.line.glyphs, key=lambda g: (g.font, g.size, g.rise)):
        text = "".join(glyph.text for glyph in run)
        canvas.setFont(_extractable(font), size)
        canvas.drawString(x, page_height - placed.baseline + rise, text)
        x += string_width(text, font, size)


@cache
def _extractable(face: str) -> str:
    """`face` registered under an encoding that text extractors read back as written.

    Under /WinAnsiEncoding reportlab writes "•" as code 127, which PDF viewers show as a bullet
    but pdfminer (pdfplumber) extracts as "(cid:127)". The same glyphs spelled out as
    /Differences, bullet at 127 included, extract as "•"; the font stays the standard face.
    """
    name = f"{face}+Explicit"
    pdfmetrics.registerFont(pdfmetrics.Font(name, face, _explicit_win_ansi_encoding()))
    return name


@cache
def _explicit_win_ansi_encoding() -> str:
    """WinAnsi's glyphs as differences from StandardEncoding. reportlab picks the codec that turns
    text into codes by the encoding name's prefix, so the name must start with "WinAnsi"."""
    encoding = pdfmetrics.Encoding("WinAnsiExplicitEncoding", "StandardEncoding")
    for code, glyph in enumerate(pdfmetrics.getEncoding("WinAnsiEncoding").vector):
        encoding[code] = glyph
    pdfmetrics.registerEncoding(encoding)
    return encoding.name
