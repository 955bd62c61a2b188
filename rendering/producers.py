"""The catalogue printed by real producers, for the page sources' differential gate.

The fixture renderer (`rendering.painting`, reportlab) draws one glyph per character in a standard
font: no ligatures, no shaping, no font subsets. Word processors and browsers do otherwise, so the
test `tests/extract/test_producers.py` reads PDFs they made: each `VARIANTS` entry is the golden 2017 rows
(`tests/golden/extraction.json`) or the 2020 revision (`tests/fixtures/catalogue_2020.json`), whole
or a few rows, written as a flat ODF text document (`.fodt`, a Writer table: header row repeated,
rows split by the page break, footnotes at the page foot, bold names and sub-headings) printed by
LibreOffice Writer, or as an HTML table printed by Chromium, or a Writer PDF re-distilled by
Ghostscript's pdfwrite; some cells are given text beyond the BMP, combining marks and
right-to-left words, and one PDF a ToUnicode CMap patched to map a glyph to a lone surrogate.

Next to each `<name>.pdf` goes `<name>.truth.json`: its rows as printed (`printed_row`), made from
the same content the producer printed. `scripts/make_producer_corpus.sh` installs the producers
(apt) and runs `python -m rendering.producers tests/producers`; CI only reads the committed files.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, Literal

from pipeline.columns import BLOCK_COLUMNS, HEADER_LABELS
from pipeline.models import Block, CitedFootnote, Extraction, FrontBlock, Row
from rendering.catalogue_2020 import catalogue_2020_extraction

GOLDEN_2017 = Path(__file__).resolve().parent.parent / "tests" / "golden" / "extraction.json"
PAGE_SIZES = {"A4": (21.0, 29.7), "Letter": (21.59, 27.94), "Legal": (21.59, 35.56)}
"""Page sizes (width, height, portrait) in centimetres."""
Producer = Literal["writer", "chromium", "ghostscript"]
Ruling = Literal["full", "horizontal", "none"]


@dataclass(frozen=True)
class Variant:
    """One PDF of the corpus: what content, printed by what, how."""

    content: Literal["2017", "2020"]
    producer: Producer = "writer"
    font: str = "DejaVu Sans"
    page: str = "A4"
    landscape: bool = False
    ruling: Ruling = "full"
    justified: bool = False
    font_size: float = 11.0
    rows: tuple[int, ...] | None = None
    """The indices of the rows printed; None: the whole document."""
    columns: tuple[float, float, float] = (0.22, 0.50, 0.28)
    unusual_text: bool = False
    """Cells given characters beyond the BMP, combining marks and right-to-left words."""
    source: str | None = None
    """For Ghostscript: the variant whose PDF it re-distils; for a patched CMap, the one patched."""
    patch: bool = False
    """A copy of `source` whose ToUnicode CMap maps one glyph to a lone surrogate (U+D800)."""
    notes: str = ""


VARIANTS: dict[str, Variant] = {
    "writer-2017-dejavusans-a4": Variant("2017", notes="the whole 2017 paper"),
    "writer-2020-dejavuserif-a4-landscape": Variant(
        "2020",
        font="DejaVu Serif",
        landscape=True,
        font_size=11.0,
        columns=(0.25, 0.40, 0.35),
        notes="the whole 2020 revision",
    ),
    "writer-2020-liberationserif-a4-landscape-narrow-names": Variant(
        "2020",
        font="Liberation Serif",
        landscape=True,
        font_size=12.0,
        columns=(0.17, 0.45, 0.38),
        notes="the whole 2020 revision, its names narrow, so that rows are cut by page breaks in names and websites",
    ),
    "writer-2017-dejavuserif-letter-norules": Variant(
        "2017", font="DejaVu Serif", page="Letter", ruling="none", justified=True, rows=(0, 1, 2, 3, 4, 5)
    ),
    "writer-2017-liberationserif-legal-horizontal": Variant(
        "2017",
        font="Liberation Serif",
        page="Legal",
        ruling="horizontal",
        justified=True,
        rows=(6, 7, 8, 9, 10, 11, 12),
    ),
    "writer-2017-dejavusans-a4-landscape": Variant(
        "2017", landscape=True, font_size=10.0, rows=(13, 14, 15, 16, 17), columns=(0.25, 0.45, 0.30)
    ),
    "writer-2020-dejavusans-letter": Variant(
        "2020", page="Letter", font_size=10.0, justified=True, rows=(0, 1, 2, 3, 4, 5, 6)
    ),
    "writer-2020-liberationserif-legal-landscape-norules": Variant(
        "2020",
        font="Liberation Serif",
        page="Legal",
        landscape=True,
        ruling="none",
        rows=(10, 11, 12, 13, 14, 15, 16),
        columns=(0.25, 0.40, 0.35),
    ),
    "writer-2017-dejavusans-unusual-text": Variant("2017", rows=(25, 26, 27), unusual_text=True),
    "chromium-2020-dejavuserif-a4-landscape": Variant(
        "2020",
        producer="chromium",
        font="DejaVu Serif",
        landscape=True,
        rows=(20, 21, 22, 23, 24, 25, 26),
        columns=(0.25, 0.40, 0.35),
    ),
    "chromium-2020-liberationserif-letter-norules": Variant(
        "2020", producer="chromium", font="Liberation Serif", page="Letter", ruling="none", rows=(27, 28, 29, 30, 31)
    ),
    "ghostscript-writer-2017-dejavuserif-letter-norules": Variant(
        "2017",
        producer="ghostscript",
        source="writer-2017-dejavuserif-letter-norules",
        font="DejaVu Serif",
        rows=(0, 1, 2, 3, 4, 5),
    ),
    "writer-2017-dejavusans-lone-surrogate": Variant(
        "2017", rows=(21, 22), source="writer-2017-dejavusans-lone-surrogate", patch=True
    ),
}
"""The corpus, by file name (without ".pdf")."""

UNUSUAL = {
    "purpose": " Beyond the BMP: \U0001f600 \U0001d400\U0001d401\U0001d402 \U00020000; combining q\u0301 and n\u0303; "
    "right to left \u05e9\u05dc\u05d5\u05dd.",
    "members": " \U0001d402\U0001f600",
}
"""What `Variant.unusual_text` appends to the first block of each cell of its rows: an emoji,
mathematical letters, a CJK Extension B ideograph (each a glyph of the fonts installed), combining
marks, and a Hebrew word, whose letters the page prints right to left and both page sources read
in the order printed, left to right: its truth is that order (`visual`)."""
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+")
"""A run of Hebrew or Arabic letters."""
LONE_SURROGATE_GLYPH = "\u0416"
"""The character whose glyph the patched CMap maps to U+D800 (printed once, in `LONE_SURROGATE_WORD`)."""
LONE_SURROGATE_WORD = " \u0416-mark"
"""Appended to the first purpose block of the patched variant's first row: its "Ж" is the only
one of the PDF, so the patch touches that word alone."""


def content(variant: Variant) -> Extraction:
    """The content a variant prints: its rows (and the footnotes they cite), text made unusual
    where it asks."""
    whole = (
        Extraction.model_validate_json(GOLDEN_2017.read_text(encoding="utf-8"))
        if variant.content == "2017"
        else catalogue_2020_extraction()
    )
    rows = whole.rows if variant.rows is None else [whole.rows[i] for i in variant.rows]
    if variant.unusual_text:
        rows = [unusual(row) for row in rows]
    if variant.patch:
        rows = [appended(rows[0], "purpose", LONE_SURROGATE_WORD)] + rows[1:]
    cited = {note.number for row in rows for note in row.footnotes} | {
        n.number for b in whole.front_matter for n in b.footnotes
    }
    front = whole.front_matter if variant.rows is None or variant.content == "2020" else whole.front_matter[:1]
    sections = [s for s in whole.sections if any(row.section == s for row in rows)]
    return whole.model_copy(
        update={
            "rows": rows,
            "front_matter": front,
            "sections": sections,
            "footnotes": [f for f in whole.footnotes if f.number in cited],
        }
    )


def unusual(row: Row) -> Row:
    for cell, text in UNUSUAL.items():
        row = appended(row, cell, text)
    return row


def appended(row: Row, cell: str, text: str) -> Row:
    """`row` with `text` at the end of the first block of `cell` (if it has one)."""
    blocks = getattr(row, cell)
    if not blocks:
        return row
    first = blocks[0].model_copy(update={"text": blocks[0].text + text})
    return row.model_copy(update={cell: [first, *blocks[1:]]})


def visual(text: str) -> str:
    """`text` with each right-to-left run in the order its letters stand on the page, left to right."""
    return RIGHT_TO_LEFT.sub(lambda run: run.group()[::-1], text)


def printed_row(row: Row) -> dict[str, Any]:
    """A row as printed, what extracting it must give back: section, name, website, each block
    of each further column (text and style), and each footnote cited (number, cell, block, url)."""
    return {
        "section": row.section,
        "name": row.name,
        "website": row.website,
        **{column.name: [[block.text, block.style] for block in getattr(row, column.name)] for column in BLOCK_COLUMNS},
        "footnotes": [[note.number, note.anchor.cell, note.anchor.block, note.url] for note in row.footnotes],
    }


def truth(extraction: Extraction, variant: Variant) -> dict[str, Any]:
    """The truth file of a variant: how it was made, its sections and its rows as printed."""
    rows = [printed_row(row) for row in extraction.rows]
    for row in rows:
        for column in BLOCK_COLUMNS:
            row[column.name] = [[visual(text), style] for text, style in row[column.name]]
    if variant.patch:
        first = rows[0]["purpose"][0]
        first[0] = first[0][: -len(LONE_SURROGATE_WORD)] + LONE_SURROGATE_WORD.replace(LONE_SURROGATE_GLYPH, "\ufffd")
    return {
        "producer": variant.producer,
        "font": variant.font,
        "page": variant.page + (" landscape" if variant.landscape else ""),
        "ruling": variant.ruling,
        "justified": variant.justified,
        "content": variant.content,
        "whole": variant.rows is None,
        "notes": variant.notes,
        "sections": extraction.sections,
        "rows": rows,
    }


# --- Writer: a flat ODF text document ------------------------------------------------------------

NS = (
    " ".join(
        f'xmlns:{prefix}="urn:oasis:names:tc:opendocument:xmlns:{urn}"'
        for prefix, urn in [
            ("office", "office:1.0"),
            ("style", "style:1.0"),
            ("text", "text:1.0"),
            ("table", "table:1.0"),
            ("fo", "xsl-fo-compatible:1.0"),
            ("svg", "svg-compatible:1.0"),
        ]
    )
    + ' xmlns:xlink="http://www.w3.org/1999/xlink"'
)
MARGIN_CM = 2.0


def page_cm(variant: Variant) -> tuple[float, float]:
    width, height = PAGE_SIZES[variant.page]
    return (height, width) if variant.landscape else (width, height)


def border(variant: Variant) -> str:
    rule = "0.5pt solid #000000"
    if variant.ruling == "full":
        return f'fo:border="{rule}"'
    if variant.ruling == "horizontal":
        return f'fo:border-top="{rule}" fo:border-bottom="{rule}" fo:border-left="none" fo:border-right="none"'
    return 'fo:border="none"'


def fodt(extraction: Extraction, variant: Variant) -> str:
    """The flat ODF text document of a variant."""
    width, height = page_cm(variant)
    text_width = width - 2 * MARGIN_CM
    align = "justify" if variant.justified else "start"
    symbol = extraction.source.symbol or ""
    running = "footer" if variant.content == "2020" else "header"
    columns = "".join(
        f'<style:style style:name="C{i}" style:family="table-column"><style:table-column-properties style:column-width="{text_width * f / sum(variant.columns):.3f}cm"/></style:style>'
        for i, f in enumerate(variant.columns)
    )
    styles = f"""
<office:font-face-decls><style:font-face style:name="F" svg:font-family="'{variant.font}'"/></office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph"><style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/>
  <style:text-properties style:font-name="F" fo:font-size="{variant.font_size}pt" fo:language="en" fo:country="GB" fo:hyphenate="false"/></style:default-style>
 <style:style style:name="Standard" style:family="paragraph"/>
 <style:style style:name="Footnote" style:family="paragraph"><style:paragraph-properties fo:margin-left="0.5cm" fo:text-indent="-0.5cm"/><style:text-properties fo:font-size="8pt"/></style:style>
 <style:style style:name="Footnote_20_anchor" style:display-name="Footnote anchor" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>
 <style:style style:name="Footnote_20_Symbol" style:display-name="Footnote Characters" style:family="text"/>
 <text:notes-configuration text:note-class="footnote" text:citation-style-name="Footnote_20_Symbol" text:citation-body-style-name="Footnote_20_anchor" style:num-format="1" text:start-value="0" text:footnotes-position="page" text:start-numbering-at="document"/>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="PL"><style:page-layout-properties fo:page-width="{width}cm" fo:page-height="{height}cm" style:print-orientation="{"landscape" if variant.landscape else "portrait"}" fo:margin-top="1.2cm" fo:margin-bottom="1.2cm" fo:margin-left="{MARGIN_CM}cm" fo:margin-right="{MARGIN_CM}cm">
  <style:footnote-sep style:width="0.018cm" style:distance-before-sep="0.1cm" style:distance-after-sep="0.1cm" style:line-style="solid" style:adjustment="left" style:rel-width="25%" style:color="#000000"/></style:page-layout-properties>
  <style:{running}-style><style:header-footer-properties fo:min-height="0cm" fo:margin-{"bottom" if running == "header" else "top"}="0.6cm"/></style:{running}-style></style:page-layout>
 <style:style style:name="Run" style:family="paragraph"><style:paragraph-properties><style:tab-stops><style:tab-stop style:position="{text_width:.3f}cm" style:type="right"/></style:tab-stops></style:paragraph-properties><style:text-properties fo:font-size="8pt"/></style:style>
 <style:style style:name="Mast" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.3cm"><style:tab-stops><style:tab-stop style:position="{text_width:.3f}cm" style:type="right"/></style:tab-stops></style:paragraph-properties></style:style>
 <style:style style:name="P" style:family="paragraph"><style:paragraph-properties fo:text-align="{align}" fo:margin-bottom="0.2cm"/></style:style>
 <style:style style:name="H" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.3cm" fo:keep-with-next="always"/><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="CP" style:family="paragraph"><style:paragraph-properties fo:text-align="{align}" fo:margin-bottom="0.15cm"/></style:style>
 <style:style style:name="CL" style:family="paragraph"><style:paragraph-properties fo:text-align="start" fo:margin-bottom="0.15cm"/></style:style>
 <style:style style:name="CB" style:family="paragraph"><style:paragraph-properties fo:text-align="start" fo:margin-bottom="0.15cm"/><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="T" style:family="table"><style:table-properties style:width="{text_width:.3f}cm" table:align="left" style:may-break-between-rows="true"/></style:style>
 {columns}
 <style:style style:name="R" style:family="table-row"><style:table-row-properties fo:keep-together="auto"/></style:style>
 <style:style style:name="X" style:family="table-cell"><style:table-cell-properties fo:padding="0.12cm" {border(variant)}/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="PL">
 <style:{running}><text:p text:style-name="Run">{escape(symbol)}<text:tab/><text:page-number text:select-page="current">1</text:page-number></text:p></style:{running}>
</style:master-page></office:master-styles>"""
    body = "".join(writer_body(extraction, variant))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">{styles}<office:body><office:text>{body}</office:text></office:body></office:document>\n'


def writer_body(extraction: Extraction, variant: Variant) -> Iterable[str]:
    notes = {note.number: note for note in extraction.footnotes}
    for index, block in enumerate(extraction.front_matter):
        if index == 0 and variant.content == "2020":
            symbol = extraction.source.symbol or ""
            yield f'<text:p text:style-name="Mast">{escape(symbol)}<text:tab/>{escape(block.text[len(symbol) :].strip())}</text:p>'
            continue
        yield writer_paragraph(block, "H" if block.style == "heading" else "P", block.footnotes, notes)
    for section in extraction.sections:
        yield f'<text:p text:style-name="H">{escape(section)}</text:p>'
        yield f'<table:table table:name="T{extraction.sections.index(section)}" table:style-name="T">'
        yield "".join(f'<table:table-column table:style-name="C{i}"/>' for i in range(3))
        labels = "".join(
            f'<table:table-cell table:style-name="X" office:value-type="string"><text:p text:style-name="CB">{label}</text:p></table:table-cell>'
            for label in HEADER_LABELS
        )
        yield f'<table:table-header-rows><table:table-row><table:table-cell table:style-name="X" office:value-type="string"><text:p/></table:table-cell>{labels}</table:table-row></table:table-header-rows>'
        for row in (r for r in extraction.rows if r.section == section):
            yield '<table:table-row table:style-name="R">'
            name = f'<text:p text:style-name="CB">{escape(row.name)}</text:p>' + (
                f'<text:p text:style-name="CL">{escape(row.website)}</text:p>' if row.website else ""
            )
            yield f'<table:table-cell table:style-name="X" office:value-type="string">{name}</table:table-cell>'
            for column in BLOCK_COLUMNS:
                cited = [note for note in row.footnotes if note.anchor.cell == column.name]
                paragraphs = "".join(
                    writer_paragraph(
                        block, cell_style(block, column.prose), [n for n in cited if n.anchor.block == i], notes
                    )
                    for i, block in enumerate(getattr(row, column.name))
                )
                yield f'<table:table-cell table:style-name="X" office:value-type="string">{paragraphs}</table:table-cell>'
            yield "</table:table-row>"
        yield "</table:table>"


def cell_style(block: Block, prose: bool) -> str:
    if block.style == "heading":
        return "CB"
    return "CP" if prose else "CL"


def writer_paragraph(block: Block | FrontBlock, style: str, cited: list[CitedFootnote], notes: dict) -> str:
    """A paragraph with its footnotes at their offsets, each labelled with its number."""

    def note(number: int) -> str:
        text = escape(notes[number].text)
        if notes[number].url:  # a link, as the paper prints a footnote's address
            text = f'<text:a xlink:type="simple" xlink:href="{escape(notes[number].url)}">{text}</text:a>'
        return (
            f'<text:note text:id="n{number}" text:note-class="footnote"><text:note-citation text:label="{number}">{number}</text:note-citation>'
            f'<text:note-body><text:p text:style-name="Footnote">{text}</text:p></text:note-body></text:note>'
        )

    return f'<text:p text:style-name="{style}">{with_markers(block.text, cited, note)}</text:p>'


def with_markers(text: str, cited: list[CitedFootnote], marker: Callable[[int], str]) -> str:
    out, last = [], 0
    for footnote in sorted(cited, key=lambda n: (n.anchor.offset, n.number)):
        out += [escape(text[last : footnote.anchor.offset]), marker(footnote.number)]
        last = footnote.anchor.offset
    return "".join(out) + escape(text[last:])


# --- Chromium: an HTML table -----------------------------------------------------------------------


def html(extraction: Extraction, variant: Variant) -> str:
    """An HTML page of the variant's table, printed by Chromium (no footnotes: the 2020 content has none)."""
    width, height = page_cm(variant)
    rule = {"full": "0.5pt solid black", "horizontal": "0.5pt solid black", "none": "none"}[variant.ruling]
    sides = "border-left: none; border-right: none;" if variant.ruling == "horizontal" else ""
    css = f"""@page {{ size: {width}cm {height}cm; margin: 1.6cm {MARGIN_CM}cm; }}
body {{ font-family: '{variant.font}'; font-size: {variant.font_size}pt; margin: 0; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
td, th {{ border: {rule}; {sides} vertical-align: top; padding: 4pt; text-align: left; }}
td p {{ margin: 0 0 4pt 0; }} p {{ margin: 0 0 6pt 0; }}
thead {{ display: table-header-group; }} tr {{ break-inside: auto; }}
.h, th, .n {{ font-weight: bold; }} .m {{ display: flex; justify-content: space-between; }}
{"".join(f"col.c{i} {{ width: {f * 100 / sum(variant.columns):.2f}%; }} " for i, f in enumerate(variant.columns))}"""
    parts = [
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(extraction.source.symbol or "")}</title><style>{css}</style></head><body>'
    ]
    symbol = extraction.source.symbol or ""
    for index, block in enumerate(extraction.front_matter):
        if index == 0 and variant.content == "2020":
            parts.append(
                f'<p class="m"><span>{escape(symbol)}</span><span>{escape(block.text[len(symbol) :].strip())}</span></p>'
            )
        else:
            parts.append(f'<p class="{"h" if block.style == "heading" else ""}">{escape(block.text)}</p>')
    for section in extraction.sections:
        parts.append(
            f'<p class="h">{escape(section)}</p><table><colgroup>{"".join(f"<col class=c{i}>" for i in range(3))}</colgroup>'
        )
        parts.append(
            "<thead><tr><th></th>" + "".join(f"<th>{label}</th>" for label in HEADER_LABELS) + "</tr></thead><tbody>"
        )
        for row in (r for r in extraction.rows if r.section == section):
            name = f'<p class="n">{escape(row.name)}</p>' + (f"<p>{escape(row.website)}</p>" if row.website else "")
            cells = "".join(
                "<td>"
                + "".join(
                    f'<p class="{"h" if b.style == "heading" else ""}">{escape(b.text)}</p>'
                    for b in getattr(row, c.name)
                )
                + "</td>"
                for c in BLOCK_COLUMNS
            )
            parts.append(f"<tr><td>{name}</td>{cells}</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "".join(parts)


# --- making the corpus -------------------------------------------------------------------------------


def make_corpus(folder: Path, names: Iterable[str] | None = None) -> list[Path]:
    """Write each named variant's PDF and truth into `folder` (all of `VARIANTS` by default)."""
    folder.mkdir(parents=True, exist_ok=True)
    chosen = list(names or VARIANTS)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        documents = {}
        for name in chosen:
            variant = VARIANTS[name]
            extraction = content(variant)
            (folder / f"{name}.truth.json").write_text(
                json.dumps(truth(extraction, variant), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            if variant.producer == "writer":
                documents[name] = work / f"{name}.fodt"
                documents[name].write_text(fodt(extraction, variant), encoding="utf-8")
        writer_print([documents[n] for n in chosen if n in documents], work)
        for name in chosen:
            variant, target = VARIANTS[name], folder / f"{name}.pdf"
            if variant.producer == "writer":
                printed = work / f"{name}.pdf"
                if variant.patch:
                    target.write_bytes(patched_tounicode(printed.read_bytes(), LONE_SURROGATE_GLYPH, "D800"))
                else:
                    shutil.copyfile(printed, target)
            elif variant.producer == "chromium":
                page = work / f"{name}.html"
                page.write_text(html(content(variant), variant), encoding="utf-8")
                chromium_print(page, target)
            else:
                ghostscript_print(folder / f"{variant.source}.pdf", target)
            written.append(target)
    return written


def writer_print(documents: list[Path], work: Path) -> None:
    if documents:
        profile = (work / "profile").as_uri()
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                *map(str, documents),
            ],
            check=True,
            capture_output=True,
        )


def chromium_print(page: Path, target: Path) -> None:
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
            f"--print-to-pdf={target}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
    )


def ghostscript_print(source: Path, target: Path) -> None:
    subprocess.run(
        ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={target}", str(source)],
        check=True,
        capture_output=True,
    )


STREAM = re.compile(rb"(\d+) 0 obj\s*<<(.*?)>>\s*stream\r?\n", re.S)


def patched_tounicode(pdf: bytes, char: str, target: str) -> bytes:
    """`pdf` with its ToUnicode CMaps' mappings to `char` made mappings to `target` (UTF-16BE in
    hex: "D800" is a lone high surrogate), the patched streams written uncompressed and the
    cross-reference table rebuilt."""
    out = bytearray()
    at = 0
    mapped = b"<%04X>" % ord(char)
    for match in STREAM.finditer(pdf):
        start = match.end()
        length = int(re.search(rb"/Length (\d+)", match.group(2)).group(1))
        data = pdf[start : start + length]
        try:
            plain = zlib.decompress(data) if b"/FlateDecode" in match.group(2) else data
        except zlib.error:
            continue
        if b"begincmap" not in plain or mapped not in plain:
            continue
        new = plain.replace(mapped, b"<%s>" % target.encode("ascii"))
        head = (
            re.sub(rb"/Length \d+", b"/Length %d" % len(new), match.group(2))
            .replace(b"/Filter/FlateDecode", b"")
            .replace(b"/Filter /FlateDecode", b"")
        )
        out += pdf[at : match.start()] + match.group(1) + b" 0 obj\n<<" + head + b">>\nstream\n" + new
        at = start + length
    if not out:
        raise ValueError(f"no ToUnicode CMap maps a glyph to {char!r}")
    out += pdf[at:]
    return rebuilt_xref(bytes(out))


def rebuilt_xref(pdf: bytes) -> bytes:
    """`pdf` with a cross-reference table for where its objects now are."""
    body = pdf[: pdf.rindex(b"xref")]
    offsets = {int(m.group(1)): m.start(1) for m in re.finditer(rb"(?m)^(\d+) 0 obj", body)}
    trailer = re.search(rb"trailer\s*(<<.*?>>)\s*startxref", pdf, re.S).group(1)
    size = max(offsets) + 1
    lines = [b"xref", b"0 %d" % size, b"0000000000 65535 f \n"[:-1]]
    lines += [(b"%010d 00000 n " % offsets[n]) if n in offsets else b"0000000000 65535 f " for n in range(1, size)]
    trailer = re.sub(rb"/Size \d+", b"/Size %d" % size, trailer)
    return body + b"\n".join(lines) + b"\ntrailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % len(body)


if __name__ == "__main__":
    make_corpus(Path(sys.argv[1]), sys.argv[2:] or None)
