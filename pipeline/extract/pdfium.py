"""Pages read by PDFium (pypdfium2): the same `PageLayout`s as pdfplumber's, several times faster.

`PdfiumPages` is the fast page source (`ExtractSettings.page_source = "pdfium"`, see
`pages.PAGE_SOURCES`; not the default: see `ExtractSettings.page_source`), read in a process whose
memory and CPU time the operating system bounds (`pipeline.extract.bounds`). It reads each
character's text, pen position, font and size from PDFium's text page and turns them into the boxes
pdfminer gives the same character — in pdfplumber's frame (top-left origin, the page's /Rotate
applied, unless that turns the page's text sideways: then it is read in its own frame, as
pdfplumber's source reads it) — then groups them into words by pdfplumber's own rule
(`extract_words` with `x_tolerance = y_tolerance = 3`, ligatures expanded, a change of font or size
ending a word), so both sources give the same words, those that run sideways apart:

* a character's box runs from its pen position across its advance width, and from the font's
  descent (its descriptor's /Descent, or the Adobe metrics of a standard font PDFium substitutes)
  one font size up — the width and descent as pdfminer reads them from the font (`FontFacts`)
  where PDFium rounds them or cannot find them; a glyph PDFium spells with several characters (a
  ligature) is one character of that text, a character beyond the BMP one code point (PDFium
  gives its two UTF-16 halves), a lone surrogate left out (U+FFFD if nothing is left, see
  `charwords.as_printed`); a character PDFium inserts (a space between runs, a line break) is
  left out, and a line-end hyphen PDFium marks as U+0002 or U+FFFE is the hyphen printed; in
  a word, as through pdfplumber, letters a ToUnicode wrote a byte off (`charwords.unswapped`)
  are given back;
* rules are the edges pdfplumber takes from path objects (lines, rectangles, the segments of
  other paths), form XObjects included; links are the annotations' URIs and rectangles.

Known differences from pdfplumber, none met in the paper or the fixture renderings (the tests
`tests/extract/test_page_sources.py` and `tests/extract/test_producers.py` compare both
sources): a font with a subset prefix that spells "bold", "black", "demi" or "heavy" is bold to
pdfplumber only; two fonts whose names
differ only in their subset prefix are one font here; text PDFium drops as a duplicate (fake bold
drawn twice) is read once; whether a /Rotate page's text runs sideways is voted on by its
characters with the spaces PDFium puts in gaps among them; a character whose font maps it to no
Unicode is the character of its code here ("(cid:N)" to pdfplumber), and one of code 2 a hyphen;
a glyph a ToUnicode maps to U+FFFE is a hyphen here and one mapped to U+FFFF the font's first
mapping to several characters (PDFium's own marks); positions written with more digits than single
precision keeps (Ghostscript's) may round the other way at a hundredth;
the size of a word that runs sideways, its length along the line, drifts as x does (see docs/extraction.md).
"""

from __future__ import annotations

import ctypes
from pathlib import Path
from typing import Protocol

import pypdfium2 as pdfium
from pypdfium2 import raw

from pipeline.errors import EncryptedPdf, NotAPdf, PipelineError
from pipeline.extract.bounds import check_words
from pipeline.extract.charwords import LIGATURES, Char, as_printed, chars_to_words, space_after, unswapped
from pipeline.extract.frame import Frame
from pipeline.extract.geometry import (
    COORDINATE_DECIMALS,
    Link,
    PageLayout,
    Rule,
    Word,
    is_bold,
    merged_rules,
)
from pipeline.extract.paths import edges_of, path_objects, path_shapes, written
from pipeline.extract.settings import ExtractSettings

COMPOSED = {spelled: ligature for ligature, spelled in LIGATURES.items()}
"""A ligature's glyph by the characters PDFium spells it with (one code, one advance)."""
TJ_DECIMALS = 1
"""TJ numbers (thousandths of the font size) are read back to this many decimals: PDFium's
single precision blurs them by up to 0.01 at 8pt a page's width from its left edge."""
PEN_NOISE = 2e-4
"""PDFium places characters in single precision (about 7 digits). Its origin of a character and
the one pdfminer's pen reaches (the text object's start plus the advances before it, summed in
double precision, as pdfminer sums them) differ by less than this, or a TJ number moved the pen."""
THOUSANDTH = 0.001
"""Font units per unit of size, multiplied (not divided) as pdfminer does, for the same roundings."""
HORIZONTAL_SCALE = 1.0
"""pdfminer's `scaling` in its test of upright text; PDFium folds /Tz into the text matrix."""
NAN = float("nan")
"""No position: what no character's origin equals."""
MARKED_HYPHENS = {"\x02": "-", "\ufffe": "-"}
"""PDFium's marks for a hyphen at a line's end, and the character printed."""
STANDARD_DESCENTS = {
    "Courier": -194.0,
    "Helvetica": -207.0,
    "Arial": -207.0,
    "Times": -217.0,
    "TimesNewRoman": -217.0,
    "CourierNew": -194.0,
}
"""The descent (per 1000 units) of the standard fonts by family, from the Adobe font metrics
pdfminer uses for a standard font printed without a font descriptor."""


def native(function, restype):
    """A PDFium function called as directly as ctypes can: no conversion of its arguments (no
    argtypes: a handle is passed as a `c_void_p`, an index as an int, a result's place by `byref`)
    and the GIL kept (PYFUNCTYPE: each call returns at once). A third of the time of the typed
    bindings per character."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    assert address is not None, "a function of PDFium's library has an address"
    return ctypes.PYFUNCTYPE(restype)(address)


count_chars = native(raw.FPDFText_CountChars, ctypes.c_int)
char_unicode = native(raw.FPDFText_GetUnicode, ctypes.c_uint)
char_origin = native(raw.FPDFText_GetCharOrigin, ctypes.c_int)
char_object = native(raw.FPDFText_GetTextObject, ctypes.c_void_p)
char_box = native(raw.FPDFText_GetCharBox, ctypes.c_int)


class FontFacts(Protocol):
    """What PDFium does not tell of a page's fonts, as pdfminer reads them, by page and font name."""

    def descent(self, index: int, font: str) -> float | None:
        """The descent per unit of size of font `font` on page `index`, None when unknown."""
        ...

    def width(self, index: int, font: str, text: str) -> float | None:
        """The width per unit of size of the glyph spelled `text` in font `font` on page `index`,
        None when unknown."""
        ...

    def close(self) -> None: ...


class PdfiumPages:
    """Pages read by PDFium: words with their font size and weight, rules, and links."""

    def __init__(self, path: Path, password: str | None, settings: ExtractSettings, facts: FontFacts):
        self.path, self.password, self.settings, self.facts = path, password, settings, facts
        try:
            self.pdf = pdfium.PdfDocument(path, password=password)
        except pdfium.PdfiumError as error:
            raise unreadable(path, error, password) from error
        self.page_count = len(self.pdf)
        self.index = 0
        """The page being read (from 0)."""
        self.fonts: dict[int | None, tuple[str, float, bool]] = {}  # by the font's handle (None: NULL)
        self.widths: dict[int, dict[str, float]] = {}
        """Each font's facts and advance widths by its handle, for the page being read (PDFium may
        free a font with the page that used it, and give its address to another)."""

    def layout(self, index: int) -> PageLayout:
        try:
            page = self.pdf[index]
        except pdfium.PdfiumError as error:
            raise unreadable(self.path, error, self.password) from error
        self.index = index
        try:
            layout = self.page_layout(page, index + 1)
        finally:
            page.close()
        check_words(layout, self.path, self.settings)
        return layout

    def close(self) -> None:
        self.facts.close()
        self.pdf.close()

    def page_layout(self, page: pdfium.PdfPage, number: int) -> PageLayout:
        """The page as its text reads: a page whose /Rotate turns its characters sideways (most of
        them no longer read left to right once turned) is read in its own frame."""
        self.fonts.clear()
        self.widths.clear()
        frame = Frame(page)
        chars = self.page_chars(page, frame)
        if frame.rotation and sum(char[5] for char in chars) * 2 < len(chars):
            page.set_rotation(0)  # in memory only, so that PDFium orders the characters as they read
            frame = Frame(page)
            chars = self.page_chars(page, frame)
        hrules, vrules = self.page_rules(page, frame)
        upright: list[Word] = []
        sideways: list[Word] = []
        fonts = self.fonts
        for text, x0, x1, top, bottom, is_upright, size, font in chars_to_words(chars):
            if text.strip():
                word = Word(
                    unswapped(text), x0, x1, top, bottom, round(size, COORDINATE_DECIMALS), fonts[font][2], number
                )
                (upright if is_upright else sideways).append(word)
        return PageLayout(
            number, frame.width, frame.height, upright, hrules, vrules, self.page_links(page, frame), sideways
        )

    def page_chars(self, page: pdfium.PdfPage, frame: Frame) -> list[Char]:
        """Every character printed on the page, as pdfminer boxes it, in PDFium's order."""
        textpage = page.get_textpage()
        try:
            return self.text_chars(ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value), frame)
        finally:
            textpage.close()

    def text_chars(self, page: ctypes.c_void_p, frame: Frame) -> list[Char]:
        """The characters of the text page `page`, as `page_chars` gives them."""
        texts = page_text(page, count_chars(page))
        x, y = ctypes.c_double(), ctypes.c_double()
        px, py = ctypes.byref(x), ctypes.byref(y)
        objects: dict[int, tuple] = {}
        chars: list[Char] = []
        append = chars.append
        pen_object, pen, glyph_pen, last_x, last_y = 0, 0.0, 0.0, NAN, NAN
        height, shift = frame.height, -frame.bottom
        for index, text in enumerate(texts):
            text_object = char_object(page, index)
            if text_object != pen_object:
                if not text_object:  # PDFium's own: a line break, or a space (printed, or put in a gap)
                    if chars and text == " ":
                        append(space_after(chars[-1]))
                    continue
                if text_object not in objects:
                    objects[text_object] = self.object_state(text_object, frame)
                state = objects[text_object]
                font, size, unit, ua, ub, ue, uf, norm, a, level = state[:10]
                if level:
                    top, bottom, box_height = level
                widths = self.widths.setdefault(font, {})
                pen_object, pen, last_x = text_object, 0.0, NAN
            char_origin(page, index, px, py)
            at_x, at_y = x.value, y.value
            if at_x == last_x and at_y == last_y and same_glyph(page, index):  # a ligature PDFium spells out
                text, pen = chars.pop()[0] + text, glyph_pen
            else:
                last_x, last_y = at_x, at_y
                moved = ((at_x - ue) * ua + (at_y - uf) * ub) / norm - pen
                if (
                    moved > PEN_NOISE or moved < -PEN_NOISE
                ):  # a TJ number moved the pen: pdfminer subtracts it × size / 1000
                    pen -= round(-moved / unit, TJ_DECIMALS) * unit
            width = widths.get(text)
            if width is None:
                width = widths[text] = self.glyph_width(font, text)
            advance = width * size
            if level:  # upright, unturned and unskewed: pdfminer's sums (see `placed`) less their zero terms
                x0 = pen * ua + ue
                x1 = a * advance + x0
                append(
                    (text, x0, x1, top, bottom, True, box_height, font)
                    if x0 <= x1
                    else (text, x1, x0, top, bottom, True, box_height, font)
                )
            else:
                append(self.placed(text, pen, advance, state, frame, height, shift))
            glyph_pen, pen = pen, pen + advance
        return chars

    @staticmethod
    def placed(text: str, pen: float, advance: float, state: tuple, frame: Frame, height: float, shift: float) -> Char:
        """pdfminer's box of a character at `pen`, its sums in its order: from the pen across the
        advance, from the descent (`foot`, turned by the matrix) one size up (`top`), in
        pdfplumber's frame."""
        font, size, _, ua, ub, ue, uf, _, a, _ = state[:10]
        b, foot, top, upright = state[10:]
        ox, oy = (pen * ua + ue, pen * ub + uf) if frame.straight else frame.point(pen * ua + ue, pen * ub + uf)
        x0, y0, x1, y1 = foot[0] + ox, foot[1] + oy, a * advance + top[0] + ox, b * advance + top[1] + oy
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        return text, x0, x1, height - y1 + shift, height - y0 + shift, upright, y1 - y0, font

    def object_state(self, text_object: int, frame: Frame) -> tuple:
        """What places a text object's characters: its font (remembered with its name, descent and
        weight) and size; its matrix's (a, b, e, f) in user space, which move its pen, and its
        squared norm (NaN for a matrix that squashes text to a point: no TJ number is seen); on the
        device, the matrix's a; for text upright on an unturned page whose matrix neither turns nor
        skews it, the (top, bottom, height) every character of it shares (else None); and, for
        `placed`, the matrix's b on the device, the descent turned by the matrix and the top
        (descent + size) turned by it, and whether pdfminer calls the text upright."""
        obj = ctypes.cast(text_object, raw.FPDF_PAGEOBJECT)
        font = raw.FPDFTextObj_GetFont(obj)
        key = ctypes.cast(font, ctypes.c_void_p).value
        if key not in self.fonts:
            name, descent, bold = font_facts(font)
            read = self.facts.descent(self.index, name)
            self.fonts[key] = (name, descent if read is None else read, bold)
        value = ctypes.c_float()
        raw.FPDFTextObj_GetFontSize(obj, value)
        size = written(value.value)
        matrix = raw.FS_MATRIX()
        raw.FPDFPageObj_GetMatrix(obj, matrix)
        ua, ub, uc, ud, ue, uf = (written(v) for v in (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f))
        a, b, c, d = frame.turned((ua, ub, uc, ud))
        foot = self.fonts[key][1] * size
        upright = a * d * HORIZONTAL_SCALE > 0 and b * c <= 0
        level = None
        if frame.straight and ub == 0 and uc == 0 and ua > 0 and ud > 0 and size > 0:
            y0, y1 = d * foot + uf, d * (foot + size) + uf
            level = (frame.height - y1 - frame.bottom, frame.height - y0 - frame.bottom, y1 - y0)
        norm = ua * ua + ub * ub or NAN
        return (
            key,
            size,
            THOUSANDTH * size,
            ua,
            ub,
            ue,
            uf,
            norm,
            a,
            level,
            b,
            (c * foot, d * foot),
            (c * (foot + size), d * (foot + size)),
            upright,
        )

    def glyph_width(self, font: int, text: str) -> float:
        """The advance width, per unit of font size, of the glyph PDFium spells `text`: the width
        pdfminer reads for the glyph the font's ToUnicode maps to `text` (`facts`), else PDFium's
        width of the glyph its character maps to — of the ligature's own code point for the
        characters PDFium spells a ligature with (mapped to U+FB01, which PDFium decomposes)."""
        text = as_printed(text)
        read = self.facts.width(self.index, self.fonts[font][0], text)
        return self.advance(font, COMPOSED.get(text, text[-1])) if read is None else read

    @staticmethod
    def advance(font: int, char: str) -> float:
        """A character's advance width per unit of font size."""
        value = ctypes.c_float()
        raw.FPDFFont_GetGlyphWidth(ctypes.cast(font, raw.FPDF_FONT), ord(char), 1000.0, value)
        return written(value.value) * THOUSANDTH

    def page_rules(self, page: pdfium.PdfPage, frame: Frame) -> tuple[list[Rule], list[Rule]]:
        """The edges pdfplumber reads off path objects, merged into horizontal (y, x0, x1) and
        vertical (x, top, bottom) rules."""
        horizontal: list[Rule] = []
        vertical: list[Rule] = []
        for path, matrix in path_objects(page.raw, frame.ctm):
            for kind, points in path_shapes(path, matrix):
                for flat, (x0, top0), (x1, top1) in edges_of(kind, [frame.flipped(x, y) for x, y in points]):
                    if flat:
                        horizontal.append((min(top0, top1), min(x0, x1), max(x0, x1)))
                    else:
                        vertical.append((min(x0, x1), min(top0, top1), max(top0, top1)))
        return merged_rules(horizontal, self.settings), merged_rules(vertical, self.settings)

    def page_links(self, page: pdfium.PdfPage, frame: Frame) -> list[Link]:
        links = []
        position, link = ctypes.c_int(0), raw.FPDF_LINK()
        while raw.FPDFLink_Enumerate(page.raw, position, link):
            action = raw.FPDFLink_GetAction(link)
            if not action or raw.FPDFAction_GetType(action) != raw.PDFACTION_URI:
                continue
            length = raw.FPDFAction_GetURIPath(self.pdf.raw, action, None, 0)
            buffer = ctypes.create_string_buffer(length)
            raw.FPDFAction_GetURIPath(self.pdf.raw, action, buffer, length)
            rect = raw.FS_RECTF()
            raw.FPDFLink_GetAnnotRect(link, rect)
            x0, top, x1, bottom = frame.annotation_box(rect.left, rect.bottom, rect.right, rect.top)
            links.append(Link(buffer.value.decode("utf-8", "replace"), x0, top, x1, bottom))
        return links


def same_glyph(page: ctypes.c_void_p, index: int) -> bool:
    """Whether characters `index - 1` and `index`, printed at one origin, are one glyph PDFium
    spells with several characters — it gives each the glyph's box, or cuts the box into as many
    pieces side by side (the second starting where the first ends, as high) — not two glyphs (a
    space, then a character printed over it)."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    char_box(page, index - 1, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
    first = left.value, right.value, bottom.value, top.value
    char_box(page, index, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
    return first[2:] == (bottom.value, top.value) and (first[1] == left.value or first[:2] == (left.value, right.value))


def page_text(handle: ctypes.c_void_p, count: int) -> str | list[str]:
    """Each character's text by its index on the page, a line-end hyphen PDFium marks as the hyphen
    printed: the page's text in one call when it holds every character once (PDFium leaves out of
    it a control character or one without Unicode, shifting the rest; and marks both a hyphen and
    a character without Unicode as U+FFFE, asked again one by one), else each character's alone."""
    buffer = (ctypes.c_ushort * (count + 1))()
    if raw.FPDFText_GetText(ctypes.cast(handle, raw.FPDF_TEXTPAGE), 0, count, buffer) == count + 1:
        text = bytes(buffer)[: 2 * count].decode("utf-16-le", "surrogatepass")
        if len(text) == count:  # no pair of surrogates joined
            at = text.find("\ufffe")
            if at < 0:
                return text
            letters = list(text)
            while at >= 0:
                letters[at] = marked(chr(char_unicode(handle, at)))
                at = text.find("\ufffe", at + 1)
            return letters
    return [marked(chr(char_unicode(handle, index))) for index in range(count)]


def marked(text: str) -> str:
    return MARKED_HYPHENS.get(text, text)


def font_facts(font) -> tuple[str, float, bool]:
    """A font's name (no subset prefix), its descent per unit of size as pdfminer reads it, and
    whether it is bold."""
    length = raw.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(max(length, 1))
    raw.FPDFFont_GetBaseFontName(font, buffer, length)
    name = buffer.value.decode("latin-1")
    descent = ctypes.c_float()
    raw.FPDFFont_GetDescent(font, 1000.0, descent)
    value = written(descent.value)
    if not raw.FPDFFont_GetIsEmbedded(font):
        family = name.split("-")[0].split(",")[0]
        value = STANDARD_DESCENTS.get(family, value)
    return name, -abs(value) * THOUSANDTH, is_bold(name)


def unreadable(path: Path, error: Exception, password: str | None) -> PipelineError:
    """The PipelineError for a failure of PDFium to read the file."""
    if getattr(error, "err_code", None) == raw.FPDF_ERR_PASSWORD:
        hint = "the password given is wrong" if password else "give its password with --password"
        return EncryptedPdf(path, f"the PDF is encrypted ({hint})")
    return NotAPdf(path, f"corrupt or truncated PDF ({error})")
