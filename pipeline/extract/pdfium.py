"""Pages read by PDFium (pypdfium2): the same `PageLayout`s as pdfplumber's, about three times faster.

`PdfiumPages` is the page source `ExtractSettings.page_source = "pdfium"` selects (see
`pages.PAGE_SOURCES`). It reads each character's text, pen position, font and size from PDFium's
text page and turns them into the boxes pdfminer gives the same character — in pdfplumber's frame
(top-left origin, the page's /Rotate applied) — then groups them into words by pdfplumber's own
rule (`extract_words` with `x_tolerance = y_tolerance = 3`, ligatures expanded, a change of font
or size ending a word), so both sources give the same words:

* a character's box runs from its pen position across its advance width, and from the font's
  descent (its descriptor's /Descent, or the Adobe metrics of a standard font PDFium substitutes)
  one font size up; a character PDFium inserts (a space between runs, a line break) is left out,
  and a line-end hyphen PDFium marks as U+0002 or U+FFFE is the hyphen printed;
* rules are the edges pdfplumber takes from path objects (lines, rectangles, the segments of
  other paths), form XObjects included; links are the annotations' URIs and rectangles.

Known differences from pdfplumber, none met in the paper or the fixture renderings (the test
`tests/test_page_sources.py` compares both sources row by row): a font with a subset prefix
that spells "bold", "black", "demi" or "heavy" is bold to pdfplumber only; two fonts whose names
differ only in their subset prefix are one font here; text PDFium drops as a duplicate (fake bold
drawn twice) is read once.
"""

from __future__ import annotations

import ctypes
import itertools
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
from pypdfium2 import raw

from pipeline.errors import EncryptedPdf, NotAPdf, PipelineError
from pipeline.extract.charwords import LIGATURES, Char, chars_to_words, space_after
from pipeline.extract.geometry import (
    COORDINATE_DECIMALS,
    Link,
    PageLayout,
    Rule,
    Word,
    is_bold,
    merged_rules,
)
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
SPACE = ord(" ")
HORIZONTAL_SCALE = 1.0
"""pdfminer's `scaling` in its test of upright text; PDFium folds /Tz into the text matrix."""
MARKED_HYPHENS = {"\x02": "-", "\ufffe": "-"}
"""PDFium's marks for a hyphen at a line's end, and the character printed."""
STANDARD_DESCENTS = {"Courier": -194.0, "Helvetica": -207.0, "Arial": -207.0, "Times": -217.0, "TimesNewRoman": -217.0, "CourierNew": -194.0}
"""The descent (per 1000 units) of the standard fonts by family, from the Adobe font metrics
pdfminer uses for a standard font printed without a font descriptor."""
PAGE_ROTATIONS = {
    0: lambda x0, y0, x1, y1: (1, 0, 0, 1, -x0, -y0),
    90: lambda x0, y0, x1, y1: (0, -1, 1, 0, -y0, x1),
    180: lambda x0, y0, x1, y1: (-1, 0, 0, -1, x1, y1),
    270: lambda x0, y0, x1, y1: (0, 1, -1, 0, y1, -x0),
}
"""pdfminer's device matrix for each /Rotate, from the media box."""

Matrix = tuple[float, float, float, float, float, float]



def native(function, restype, *argtypes):
    """A PDFium function called with plain integers for handles (faster than the typed bindings)."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


VOID, INT, DOUBLE_P = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_double)
count_chars = native(raw.FPDFText_CountChars, INT, VOID)
char_unicode = native(raw.FPDFText_GetUnicode, ctypes.c_uint, VOID, INT)
char_origin = native(raw.FPDFText_GetCharOrigin, INT, VOID, INT, DOUBLE_P, DOUBLE_P)
char_object = native(raw.FPDFText_GetTextObject, VOID, VOID, INT)


class PdfiumPages:
    """Pages read by PDFium: words with their font size and weight, rules, and links."""

    def __init__(self, path: Path, password: str | None, settings: ExtractSettings):
        self.path, self.password, self.settings = path, password, settings
        try:
            self.pdf = pdfium.PdfDocument(path, password=password)
        except pdfium.PdfiumError as error:
            raise unreadable(path, error, password) from error
        self.page_count = len(self.pdf)
        self.fonts: dict[int, tuple[str, float, bool]] = {}
        self.widths: dict[tuple[int, str], float] = {}

    def layouts(self) -> Iterator[PageLayout]:
        for index in range(self.page_count):
            try:
                page = self.pdf[index]
            except pdfium.PdfiumError as error:
                raise unreadable(self.path, error, self.password) from error
            try:
                yield self.page_layout(page, index + 1)
            finally:
                page.close()

    def close(self) -> None:
        self.pdf.close()

    def page_layout(self, page: pdfium.PdfPage, number: int) -> PageLayout:
        frame = Frame(page)
        textpage = page.get_textpage()
        try:
            chars = self.page_chars(textpage, frame)
        finally:
            textpage.close()
        hrules, vrules = self.page_rules(page, frame)
        words = [word for word in chars_to_words(chars) if word.upright and word.text.strip()]
        return PageLayout(
            number, frame.width, frame.height,
            [Word(w.text, w.x0, w.x1, w.top, w.bottom, round(w.size, COORDINATE_DECIMALS), self.fonts[w.font][2], number) for w in words],
            hrules, vrules, self.page_links(page, frame),
        )

    def page_chars(self, textpage: pdfium.PdfTextPage, frame: Frame) -> list[Char]:
        """Every character printed on the page, as pdfminer boxes it, in content order."""
        handle = ctypes.cast(textpage.raw, ctypes.c_void_p).value
        count = count_chars(handle)
        x, y = ctypes.c_double(), ctypes.c_double()
        px, py = ctypes.byref(x), ctypes.byref(y)
        objects: dict[int, tuple] = {}
        widths = self.widths
        chars: list[Char] = []
        pen_object, pen, glyph_pen, origin = 0, 0.0, 0.0, (0.0, 0.0)
        straight, height, shift = frame.straight, frame.height, -frame.bottom
        for index in range(count):
            text_object = char_object(handle, index)
            if not text_object:  # PDFium's own: a line break, or a space (printed, or put in a gap)
                if chars and char_unicode(handle, index) == SPACE:
                    chars.append(space_after(chars[-1]))
                continue
            state = objects.get(text_object)
            if state is None:
                state = objects[text_object] = self.object_state(text_object, frame)
            font, size, ua, ub, ue, uf, a, b, foot, top, upright = state
            text = chr(char_unicode(handle, index))  # one by one: the page's text skips what has none
            text = MARKED_HYPHENS.get(text, text)
            char_origin(handle, index, px, py)
            if text_object == pen_object and (x.value, y.value) == origin:  # a ligature PDFium spells out
                text, pen = chars.pop()[0] + text, glyph_pen
            else:
                origin = (x.value, y.value)
                measured = ((x.value - ue) * ua + (y.value - uf) * ub) / (ua * ua + ub * ub)
                if text_object != pen_object:
                    pen_object, pen = text_object, 0.0
                if abs(measured - pen) > PEN_NOISE:  # a TJ number moved the pen: pdfminer subtracts it × size / 1000
                    pen -= round((pen - measured) / (THOUSANDTH * size), TJ_DECIMALS) * (THOUSANDTH * size)
            width = widths.get((font, text))
            if width is None:
                width = widths[(font, text)] = self.advance(font, COMPOSED.get(text, text[-1]))
            advance = width * size
            ox, oy = (pen * ua + ue, pen * ub + uf) if straight else frame.point(pen * ua + ue, pen * ub + uf)
            # pdfminer's box, its sums in its order: from the pen across the advance, from the
            # descent (`foot`, turned by the matrix) one size up (`top`), in pdfplumber's frame
            x0, y0, x1, y1 = foot[0] + ox, foot[1] + oy, a * advance + top[0] + ox, b * advance + top[1] + oy
            if x1 < x0:
                x0, x1 = x1, x0
            if y1 < y0:
                y0, y1 = y1, y0
            chars.append((text, x0, x1, height - y1 + shift, height - y0 + shift, upright, y1 - y0, font))
            glyph_pen, pen = pen, pen + advance
        return chars

    def object_state(self, text_object: int, frame: Frame) -> tuple:
        """What places a text object's characters: its font (remembered with its name, descent and
        weight) and size; its matrix's (a, b, e, f) in user space, which move its pen; on the
        device, the matrix's (a, b), the descent turned by it and the top (descent + size) turned by
        it, and whether pdfminer calls its text upright."""
        obj = ctypes.cast(text_object, raw.FPDF_PAGEOBJECT)
        font = raw.FPDFTextObj_GetFont(obj)
        key = ctypes.cast(font, ctypes.c_void_p).value
        if key not in self.fonts:
            self.fonts[key] = font_facts(font)
        value = ctypes.c_float()
        raw.FPDFTextObj_GetFontSize(obj, value)
        size = written(value.value)
        matrix = raw.FS_MATRIX()
        raw.FPDFPageObj_GetMatrix(obj, matrix)
        ua, ub, uc, ud, ue, uf = (written(v) for v in (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f))
        a, b, c, d = frame.turned((ua, ub, uc, ud))
        foot = self.fonts[key][1] * size
        upright = 0 < a * d * HORIZONTAL_SCALE and b * c <= 0
        return key, size, ua, ub, ue, uf, a, b, (c * foot, d * foot), (c * (foot + size), d * (foot + size)), upright

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


class Frame:
    """A page's frame as pdfplumber has it: pdfminer's device space (the /Rotate applied,
    relative to the media box), flipped so that `top` grows downwards."""

    def __init__(self, page: pdfium.PdfPage):
        self.rotation = page.get_rotation() % 360
        x0, y0, x1, y1 = (written(v) for v in page.get_mediabox())
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        self.ctm: Matrix = PAGE_ROTATIONS[self.rotation](x0, y0, x1, y1)
        if self.rotation in (90, 270):
            x0, y0, x1, y1 = y0, x0, y1, x1
        self.width, self.height, self.left, self.bottom = x1 - x0, y1 - y0, x0, y0
        self.straight = self.ctm == (1, 0, 0, 1, 0, 0) and x0 == 0
        """Whether the device is user space itself (no rotation, the media box at the origin)."""

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A point of the page's user space on the device (y still upwards), shifted as pdfplumber
        shifts x by the media box's left."""
        a, b, c, d, e, f = self.ctm
        return a * x + c * y + e + self.left, b * x + d * y + f

    def top(self, y: float) -> float:
        """A device height as pdfplumber's distance from the page's top."""
        return self.height - y + -self.bottom  # pdfplumber's sum

    def flipped(self, x: float, y: float) -> tuple[float, float]:
        """A device point as pdfplumber's (x, top)."""
        return x + self.left, self.top(y)

    def turned(self, m: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """The 2×2 part of a matrix followed by the page's rotation."""
        a, b, c, d, _, _ = self.ctm
        return m[0] * a + m[1] * c, m[0] * b + m[1] * d, m[2] * a + m[3] * c, m[2] * b + m[3] * d

    def annotation_box(self, ax: float, ay: float, cx: float, cy: float) -> tuple[float, float, float, float]:
        """An annotation's rectangle as pdfplumber places it (its own rotation of the corners)."""
        turns = self.rotation // 90

        def rotated(x: float, y: float) -> tuple[float, float]:
            for i in range(turns):
                x, y = y, (self.width if i == turns % 2 else self.height) - x
            return x, y

        (x0, y0), (x1, y1) = rotated(ax, ay), rotated(cx, cy)
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        return x0, self.height - y1, x1, self.height - y0


def written(value: float) -> float:
    """A single-precision number from PDFium as the PDF wrote it: the shortest decimal that is the
    same single-precision number (PDF writers print a few decimals; pdfminer reads those)."""
    for digits in (6, 7, 8):
        shortest = float(f"{value:.{digits}g}")
        if ctypes.c_float(shortest).value == value:
            return shortest
    return value


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


def path_objects(page, ctm: Matrix) -> Iterator[tuple[object, Matrix]]:
    """Every path object of a page or of the forms it draws, with its matrix on the device."""

    def walk(count, get, outer: Matrix):
        for index in range(count):
            obj = get(index)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
                continue
            m = raw.FS_MATRIX()
            raw.FPDFPageObj_GetMatrix(obj, m)
            matrix = multiplied(tuple(written(v) for v in (m.a, m.b, m.c, m.d, m.e, m.f)), outer)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                yield obj, matrix
            else:
                yield from walk(raw.FPDFFormObj_CountObjects(obj), lambda i, form=obj: raw.FPDFFormObj_GetObject(form, i), matrix)

    yield from walk(raw.FPDFPage_CountObjects(page), lambda i: raw.FPDFPage_GetObject(page, i), ctm)


def multiplied(m: Matrix, n: Matrix) -> Matrix:
    """m then n (pdfminer's `mult_matrix`)."""
    a, b, c, d, e, f = m
    a1, b1, c1, d1, e1, f1 = n
    return (a * a1 + b * c1, a * b1 + b * d1, c * a1 + d * c1, c * b1 + d * d1, e * a1 + f * c1 + e1, e * b1 + f * d1 + f1)


def path_shapes(path, matrix: Matrix) -> Iterator[tuple[str, list[tuple[float, float]]]]:
    """A path's subpaths as pdfminer classifies them ("line", "rect" or "curve") with their points
    on the device: PDFium's segments turned back into pdfminer's operators (m, l, c, h)."""
    ops: list[tuple[str, tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    pending = 0
    a, b, c, d, e, f = matrix
    for index in range(raw.FPDFPath_CountSegments(path)):
        segment = raw.FPDFPath_GetPathSegment(path, index)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        px, py = written(x.value), written(y.value)
        point = (a * px + c * py + e, b * px + d * py + f)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_BEZIERTO:
            pending += 1
            if pending == 3:
                ops.append(("c", point))
                pending = 0
        else:
            ops.append(("m" if kind == raw.FPDF_SEGMENT_MOVETO else "l", point))
        if raw.FPDFPathSegment_GetClose(segment) and pending == 0:
            ops.append(("h", point))
    starts = [i for i, (op, _) in enumerate(ops) if op == "m"]
    for start, end in itertools.pairwise([*starts, len(ops)]):
        if end - start > 1:
            yield classified(ops[start:end])


def classified(subpath: list[tuple[str, tuple[float, float]]]) -> tuple[str, list[tuple[float, float]]]:
    """pdfminer's `paint_path` on one subpath: a line, an axis-aligned closed rectangle, or a curve."""
    shape = "".join(op for op, _ in subpath)
    points = [subpath[0][1] if op == "h" else point for op, point in subpath]
    if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
        shape = shape[:-2] + "h"
        points.pop()
    if shape in ("mlh", "ml"):
        return "line", points[:2]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if points[0] == points[4] and square:
            return "rect", [points[0], points[2]]
    return "curve", points


Edge = tuple[bool, tuple[float, float], tuple[float, float]]
"""Whether pdfplumber counts an edge horizontal (else vertical, as `PdfplumberPages` takes any
edge not horizontal), and its two (x, top) ends."""


def edges_of(kind: str, points: list[tuple[float, float]]) -> list[Edge]:
    """pdfplumber's edges of a line, rectangle or curve: a line is horizontal when its ends are
    level, a rectangle has two horizontal and two vertical sides, a curve's segment is
    horizontal when level and not vertical."""
    if kind == "line":
        return [(points[0][1] == points[1][1], points[0], points[1])]
    if kind == "rect":
        (xa, ta), (xb, tb) = points
        x0, x1, top, bottom = min(xa, xb), max(xa, xb), min(ta, tb), max(ta, tb)
        return [(True, (x0, top), (x1, top)), (True, (x0, bottom), (x1, bottom)),
                (False, (x0, top), (x0, bottom)), (False, (x1, top), (x1, bottom))]
    return [(p[0] != q[0] and p[1] == q[1], p, q) for p, q in itertools.pairwise(points)]


def unreadable(path: Path, error: Exception, password: str | None) -> PipelineError:
    """The PipelineError for a failure of PDFium to read the file."""
    if getattr(error, "err_code", None) == raw.FPDF_ERR_PASSWORD:
        hint = "the password given is wrong" if password else "give its password with --password"
        return EncryptedPdf(path, f"the PDF is encrypted ({hint})")
    return NotAPdf(path, f"corrupt or truncated PDF ({error})")
