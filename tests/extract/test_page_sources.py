"""The two page sources read the same document: pdfplumber (the default and the reference) and PDFium (an option, fast).

Every row — each cell's blocks, each footnote and marker, each box to a hundredth of a point — is
compared, on the bundled paper and on the golden extraction rendered in every layout of
`rendering.LAYOUTS`, one of them also as pages turned by /Rotate (upright to a viewer) and as
pages whose /Rotate turns their text sideways (read in their own frame). Below the rows, the
pages themselves (words, sideways words, rules, links) are compared on a page of ligatures,
line-end hyphens, a bold font, superscripts, links, drawn rules and rotated text, written with an
embedded TrueType font (the renderings use the standard fonts): as written, turned by /Rotate,
and given a /Rotate that turns it sideways. And the words around characters PDFium leaves out of
a page's text (one without Unicode, a control character) are read where they are printed.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import reportlab
from pypdfium2 import raw
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from pipeline.extract import DEFAULT_SETTINGS, extract_pdf
from pipeline.extract.reading import read_pages
from pipeline.models import Extraction
from rendering import LAYOUTS, render
from rendering.hostile import HostilePage, hostile_pdf
from tests.support import GOLDEN, PAPER

PLUMBER = replace(DEFAULT_SETTINGS, page_source="pdfplumber")
PDFIUM = replace(DEFAULT_SETTINGS, page_source="pdfium")
ROTATED_LAYOUT = "a4_helvetica_norules"


def turned_copy(source: Path, target: Path) -> None:
    """`source` with every page's content turned a quarter anticlockwise in a media box of swapped
    sides and the page marked /Rotate 90, so a viewer (and pdfplumber) shows it as before."""
    pdf = pdfium.PdfDocument(source)
    for page in pdf:
        width, height = page.get_width(), page.get_height()
        raw.FPDFPage_TransFormWithClip(page.raw, raw.FS_MATRIX(0, 1, -1, 0, height, 0), None)
        page.set_mediabox(0, 0, height, width)
        page.set_rotation(90)
        for index in range(raw.FPDFPage_GetAnnotCount(page.raw)):
            annotation = raw.FPDFPage_GetAnnot(page.raw, index)
            box = raw.FS_RECTF()
            raw.FPDFAnnot_GetRect(annotation, box)
            raw.FPDFAnnot_SetRect(annotation, raw.FS_RECTF(height - box.top, box.left, height - box.bottom, box.right))
            raw.FPDFPage_CloseAnnot(annotation)
    pdf.save(target)
    pdf.close()


def sideways_copy(source: Path, target: Path) -> None:
    """`source` with every page given /Rotate 90, its content as it was: a viewer shows it sideways."""
    pdf = pdfium.PdfDocument(source)
    for page in pdf:
        page.set_rotation(90)
    pdf.save(target)
    pdf.close()


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    golden = Extraction.model_validate_json((GOLDEN / "extraction.json").read_text(encoding="utf-8"))
    folder = tmp_path_factory.mktemp("sources")
    found = {"paper": PAPER}
    for name, layout in LAYOUTS.items():
        render(golden, folder / f"{name}.pdf", layout)
        found[name] = folder / f"{name}.pdf"
    turned_copy(found[ROTATED_LAYOUT], folder / "rotated.pdf")
    found["rotated"] = folder / "rotated.pdf"
    render(golden, folder / "sideways.pdf", replace(LAYOUTS[ROTATED_LAYOUT], rotated_pages=(1, 2, 5)))
    found["sideways"] = folder / "sideways.pdf"
    return found


@pytest.mark.parametrize("name", ["paper", *sorted(LAYOUTS), "rotated", "sideways"])
def test_both_sources_give_the_same_rows_cells_footnotes_and_boxes(documents, name):
    by_pdfium = extract_pdf(documents[name], settings=PDFIUM)
    assert by_pdfium.rows, "no rows: nothing compared"
    assert by_pdfium == extract_pdf(documents[name], settings=PLUMBER)


def test_the_rotated_rendering_is_turned_and_still_reads_as_the_catalogue(documents):
    pdf = pdfium.PdfDocument(documents["rotated"])
    assert {page.get_rotation() for page in pdf} == {90}
    pdf.close()
    upright = extract_pdf(documents[ROTATED_LAYOUT], settings=PDFIUM)
    assert extract_pdf(documents["rotated"], settings=PDFIUM).rows == upright.rows


def vera(name: str) -> str:
    """A TrueType font bundled with reportlab (embedded as a subset, with ligature glyphs)."""
    pdfmetrics.registerFont(TTFont(name, os.path.join(os.path.dirname(reportlab.__file__), "fonts", f"{name}.ttf")))
    return name


@pytest.fixture(scope="module")
def mixed_pages(tmp_path_factory) -> Path:
    """Pages of what a catalogue's renderings do not print: ligatures, a hyphen at a line's end
    (PDFium marks it), an embedded font in regular and bold, a superscript, rotated text."""
    path = tmp_path_factory.mktemp("mixed") / "mixed.pdf"
    canvas = Canvas(str(path), pagesize=(595, 842), invariant=1)
    regular, bold = vera("Vera"), vera("VeraBd")
    lines = ["The ﬁnancial ﬂows of the ﬁrst ofﬁce", "are ﬁled by co-", "operation between the", "two oﬃces and ﬀ."]
    for index, line in enumerate(lines):
        canvas.setFont(regular, 11)
        canvas.drawString(72, 760 - 14 * index, line)
    canvas.setFont(bold, 12)
    canvas.drawString(72, 680, "Bold heading")
    canvas.setFont(regular, 7)
    canvas.drawString(150, 684, "12")
    canvas.line(72, 660, 500, 660)
    canvas.rect(72, 500, 200, 100)
    canvas.linkURL("https://example.org/filed?a=1", (72, 640, 200, 652), relative=0)
    canvas.setFont(regular, 11)
    canvas.drawString(72, 642, "a link")
    canvas.saveState()
    canvas.translate(400, 400)
    canvas.rotate(90)
    canvas.drawString(0, 0, "turned text")
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    turned, sideways = path.with_name("mixed-turned.pdf"), path.with_name("mixed-sideways.pdf")
    turned_copy(path, turned)
    sideways_copy(path, sideways)
    return turned, path, sideways


def page_contents(path: Path, settings) -> list:
    """Each page's words (text, box, size, weight), rules, links and size, and its sideways words
    (text, extent across, weight)."""
    return [
        (
            [(w.text, (w.x0, w.x1), round(w.top, 2), round(w.bottom, 2), w.size, w.bold) for w in layout.words],
            layout.hrules,
            layout.vrules,
            [
                (link.uri, round(link.x0, 2), round(link.top, 2), round(link.x1, 2), round(link.bottom, 2))
                for link in layout.links
            ],
            (round(layout.width, 2), round(layout.height, 2)),
            [
                (w.text, round(w.x0, 2), round(w.x1, 2), w.bold) for w in layout.sideways
            ],  # along them (their size too), x drifts
        )
        for layout in read_pages(path, None, 10, None, settings)
    ]


def without_x(pages: list) -> list:
    return [([(w[0], *w[2:]) for w in words], *rest) for words, *rest in pages]


@pytest.mark.parametrize("which", [0, 1, 2], ids=["turned", "upright", "sideways"])
def test_both_sources_read_the_same_words_rules_and_links_off_ligatures_hyphens_and_rotations(mixed_pages, which):
    path = mixed_pages[which]
    by_pdfium, by_plumber = page_contents(path, PDFIUM), page_contents(path, PLUMBER)
    assert without_x(by_pdfium) == without_x(by_plumber)
    assert by_pdfium[0][-1]  # "turned text", read top to bottom
    # PDFium keeps glyph widths in whole font units; this font's /Widths have decimals (610.8398),
    # so x drifts along a line by up to a thousandth of the size per character (the README's gap).
    drift = [
        abs(a - b)
        for (pa, pb) in zip(by_pdfium, by_plumber)
        for wa, wb in zip(pa[0], pb[0])
        for a, b in zip(wa[1], wb[1])
    ]
    assert max(drift) < 0.3
    words = [w[0] for w in by_pdfium[0][0]]
    assert {"financial", "flows", "first", "office", "filed", "co-", "operation", "Bold", "12"} <= set(
        words
    )  # ligatures expanded
    assert "turned" not in words  # rotated text is no word of the page's lines, for either source
    assert [w[5] for w in by_pdfium[0][0] if w[0] == "Bold"] == [True]
    assert by_pdfium[0][1] and by_pdfium[0][2] and by_pdfium[0][3]  # rules and the link were read


def test_the_words_around_characters_pdfium_leaves_out_of_its_text_are_read_where_printed(tmp_path):
    """PDFium's page text leaves out a character without Unicode (code 0 in a standard font) and a
    control character (code 2): each character's text is then asked for one by one, so no text
    shifts onto the characters after them. (Their own words differ: pdfplumber writes "(cid:0)".)"""
    content = b"BT /F1 11 Tf 50 700 Td (ab\\000cd ef \\002gh ij) Tj 0 -20 Td (next line here) Tj ET"
    path = hostile_pdf(tmp_path / "codes.pdf", [HostilePage(content)])
    by_pdfium, by_plumber = ([w.text for w in read_pages(path, None, 1, None, s)[0].words] for s in (PDFIUM, PLUMBER))
    assert by_plumber == ["ab(cid:0)cd", "ef", "(cid:2)gh", "ij", "next", "line", "here"]
    assert [w for w, p in zip(by_pdfium, by_plumber) if "(cid:" not in p] == ["ef", "ij", "next", "line", "here"]
