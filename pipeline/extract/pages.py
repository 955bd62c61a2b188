"""The page sources: the seam between the PDF library and the analysis.

A `PageSource` is an open PDF that gives each page as a `PageLayout` (words, merged rules,
links), or raises the `PipelineError` that says why it cannot: `NotAPdf` (corrupt, truncated),
`EncryptedPdf`, `SidewaysPage` (a page whose text runs sideways in its reading orientation),
`LimitExceeded` (a page with more words than `ExtractSettings.max_page_words`, see
`pipeline.extract.bounds`). `check_is_pdf` raises `InputMissing` or `NotAPdf` before a source opens a
file; `pipeline.extract.reading` reads a document's pages through a source in processes the
operating system bounds (memory, CPU time, bytes handed back).

A page whose /Rotate turns its upright text sideways is read in its own frame, as its text reads
(`reading_orientation`; the PDFium source does the same).

What reads the pages is a `PageSource`, chosen by name (`ExtractSettings.page_source`) from
`PAGE_SOURCES`: `PdfiumPages` (`pipeline.extract.pdfium`, fast; its fonts' descents and widths
read by `PdfminerFonts`) or `PdfplumberPages` (the reference and the default: the same words, rules
and links). Each closes a page once read, so memory stays flat on long documents. This is the only
module of the extractor that imports pdfplumber or pdfminer, and it imports them (and PDFium) only
when their source opens a PDF — pdfminer, for the PDFium source, when a page's fonts are first
asked about. The PDF libraries' loggers are silenced (`quiet_libraries`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

from pipeline.errors import EncryptedPdf, InputMissing, NotAPdf, PipelineError
from pipeline.extract.bounds import check_words
from pipeline.extract.charwords import UNREADABLE, unswapped
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
from pipeline.files import head_of, looks_like_pdf

if TYPE_CHECKING:  # pdfminer is imported only when the PDFium source asks for font facts
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage


LIBRARY_LOGGERS = ("pdfminer", "pdfplumber", "pypdfium2")
"""The loggers of the PDF libraries. What they log of a damaged file ("Not adding object 46 to
xref…", "Data-loss while decompressing corrupted data") is said by the `PipelineError` it leads
to, in one line, or not at all: never on stderr, where Python prints a library's warnings when
the program configures no logging."""


def quiet_libraries() -> None:
    """Silence the PDF libraries' loggers (see `LIBRARY_LOGGERS`), before a source opens a file."""
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


class PageSource(Protocol):
    """An open PDF that yields its pages as light records.

    Opening one (see `PageSourceOpener`) raises `EncryptedPdf` or `NotAPdf` when the library
    cannot read the file; reading a page that fails raises `NotAPdf`."""

    @property
    def page_count(self) -> int: ...

    def layout(self, index: int) -> PageLayout:
        """The record of page `index` (from 0), numbered `index + 1`; pages may be read in any
        order, each once."""
        ...

    def close(self) -> None: ...


PageSourceOpener = Callable[[Path, str | None, ExtractSettings], PageSource]
"""Opens the PDF at a path with a password (None: none) under the given settings."""


class PdfplumberPages:
    """Pages read by pdfplumber (pdfminer): words with their font size and weight, the edges of
    lines and rectangles as rules, and the hyperlinks' rectangles."""

    def __init__(self, path: Path, password: str | None, settings: ExtractSettings):
        import pdfplumber  # here, not above: a second to import, and only this source needs it

        quiet_libraries()
        self.path, self.password, self.settings = path, password, settings
        try:
            self.pdf = pdfplumber.open(path, password=password or "")
            self.page_count = len(self.pdf.pages)  # reading the page tree is where truncation shows
        except Exception as error:  # pdfminer raises many kinds, some bare, some wrapped
            raise unreadable(path, error, password) from error

    def layout(self, index: int) -> PageLayout:
        page = self.pdf.pages[index]
        try:
            page = reading_orientation(page)
            hrules, vrules = self.page_rules(page)
            words, sideways = page_words(page, index + 1)
            layout = PageLayout(index + 1, page.width, page.height, words, hrules, vrules, page_links(page), sideways)
        except Exception as error:
            raise unreadable(self.path, error, self.password) from error
        finally:
            page.close()
        check_words(layout, self.path, self.settings)
        return layout

    def close(self) -> None:
        self.pdf.close()

    def page_rules(self, page) -> tuple[list[Rule], list[Rule]]:
        """Drawn lines and rectangle edges as merged horizontal (y, x0, x1) and vertical (x, top,
        bottom) rules."""
        horizontal, vertical = [], []
        for edge in page.edges:
            if edge["orientation"] == "h":
                horizontal.append((edge["top"], edge["x0"], edge["x1"]))
            else:
                vertical.append((edge["x0"], edge["top"], edge["bottom"]))
        return merged_rules(horizontal, self.settings), merged_rules(vertical, self.settings)


def reading_orientation(page):
    """The page as its text reads: a page whose /Rotate turns upright text sideways (its chars no
    longer read left to right once rotated) is read in its own frame, without the rotation."""
    chars = page.chars
    if not page.rotation or sum(char["upright"] for char in chars) * 2 >= len(chars):
        return page
    page_obj = page.page_obj
    page_obj.attrs = {key: value for key, value in page_obj.attrs.items() if key != "Rotate"}
    page_obj.rotate = 0
    page.close()
    from pdfplumber.page import Page  # lazily, as in PdfplumberPages

    return Page(page.pdf, page_obj, page_number=page.page_number, initial_doctop=page.initial_doctop)


def page_words(page, number: int) -> tuple[list[Word], list[Word]]:
    """The page's words that read left to right, and those that do not (sideways); a character
    pdfminer reads as no text (its ToUnicode mapping undecodable) is `UNREADABLE`; letters written
    a byte off are given back (`charwords.unswapped`)."""
    for char in page.chars:
        if not char["text"]:
            char["text"] = UNREADABLE
    raw = page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False, use_text_flow=False)
    words = (
        (
            w["upright"],
            Word(
                unswapped(w["text"]),
                w["x0"],
                w["x1"],
                w["top"],
                w["bottom"],
                round(w["size"], COORDINATE_DECIMALS),
                is_bold(w["fontname"]),
                number,
            ),
        )
        for w in raw
        if w["text"].strip()
    )
    upright: list[Word] = []
    sideways: list[Word] = []
    for is_upright, word in words:
        (upright if is_upright else sideways).append(word)
    return upright, sideways


def page_links(page) -> list[Link]:
    return [
        Link(link["uri"], link["x0"], link["top"], link["x1"], link["bottom"])
        for link in page.hyperlinks
        if link.get("uri")
    ]


def unreadable(path: Path, error: Exception, password: str | None) -> PipelineError | MemoryError:
    """The PipelineError for a failure of pdfminer to read the file; a MemoryError (over the
    reader's bound on memory, see `bounds`) stays one."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
    if isinstance(cause, MemoryError):
        return cause
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        hint = "the password given is wrong" if password else "give its password with --password"
        return EncryptedPdf(path, f"the PDF is encrypted ({hint})")
    detail = str(cause) or type(cause).__name__
    return NotAPdf(path, f"corrupt or truncated PDF ({detail})")


class PdfminerFonts:
    """What PDFium does not tell exactly of a page's fonts, as pdfminer reads them, for the PDFium
    source: each font's descent (PDFium keeps an integer, and takes one from the glyphs when the
    font descriptor gives 0 for ascent and descent, as LibreOffice writes it, where pdfminer takes
    the 0) and the advance widths of its glyphs by the characters its ToUnicode maps them to
    (PDFium keeps a CID font's widths as integers, where Chromium writes decimals; and finds a
    glyph's width only by a character mapped to it alone, so not a ligature mapped to "ff").
    Fonts are found by name, less any subset prefix, among the page's and its forms'; the
    document is opened when first asked. A file pdfminer cannot read gives no facts."""

    def __init__(self, path: Path, password: str | None):
        self.path, self.password = path, password
        self.pages: list[PDFPage] | None = None  # the document's, once opened
        self.manager: PDFResourceManager | None = None
        self.file: BinaryIO | None = None
        self.found: dict[int, dict[str, list]] = {}

    def descent(self, index: int, font: str) -> float | None:
        """The descent (per unit of size, negative) of the font named `font` on page `index`
        (from 0), None when the page has no such font or fonts of that name differ in it."""
        descents = {descent for descent, _ in self.page_fonts(index).get(SUBSET_PREFIX.sub("", font), [])}
        return next(iter(descents)) if len(descents) == 1 else None

    def width(self, index: int, font: str, text: str) -> float | None:
        """The width (per unit of size) of the glyph the font named `font` on page `index` maps to
        `text`: None unless its fonts of that name give it one width."""
        widths = {
            width
            for _, mapped in self.page_fonts(index).get(SUBSET_PREFIX.sub("", font), [])
            for width in mapped.get(text, ())
        }
        return next(iter(widths)) if len(widths) == 1 else None

    def page_fonts(self, index: int) -> dict[str, list]:
        """Font name → [(descent, characters → widths of the glyphs mapped to them)], one per font
        of the name."""
        if index not in self.found:
            try:
                self.found[index] = self.read_fonts(index)
            except MemoryError:  # over the reader's bound (see `bounds`): the page's error
                raise
            except Exception:  # whatever pdfminer trips on in a damaged file: no facts
                self.found[index] = {}
        return self.found[index]

    def read_fonts(self, index: int) -> dict[str, list]:
        # lazily: pdfminer is imported and the document opened only when the PDFium source asks
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfinterp import PDFResourceManager
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import PDFStream, resolve1
        from pdfminer.psparser import LIT

        if self.pages is None:
            self.pages = []
            self.file = self.path.open("rb")
            self.pages = list(PDFPage.create_pages(PDFDocument(PDFParser(self.file), password=self.password or "")))
            self.manager = PDFResourceManager(caching=True)
        found: dict[str, list] = {}
        resources, seen = [self.pages[index].resources], set()
        while resources:
            held = resolve1(resources.pop())
            if not isinstance(held, dict):
                continue
            for ref in (resolve1(held.get("Font")) or {}).values():
                spec = resolve1(ref)
                if isinstance(spec, dict):
                    assert self.manager is not None  # made with the pages
                    font = self.manager.get_font(getattr(ref, "objid", None), spec)
                    widths: dict[str, set[float]] = {}
                    unicode_map = font.unicode_map  # type: ignore[attr-defined]  # get_font's fonts (simple, CID) have one
                    for cid, text in (getattr(unicode_map, "cid2unichr", {}) if unicode_map else {}).items():
                        widths.setdefault(text or UNREADABLE, set()).add(font.char_width(cid))
                    found.setdefault(SUBSET_PREFIX.sub("", str(font.fontname)), []).append((font.get_descent(), widths))
            for ref in (resolve1(held.get("XObject")) or {}).values():
                form = resolve1(ref)
                if isinstance(form, PDFStream) and id(form) not in seen and form.get("Subtype") is LIT("Form"):
                    seen.add(id(form))
                    resources.append(form.get("Resources"))
        return found

    def close(self) -> None:
        if self.file:
            self.file.close()


SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
"""A font subset's tag before its name ("BAAAAA+DejaVuSans"), which PDFium gives for some fonts only."""


def pdfium_pages(path: Path, password: str | None, settings: ExtractSettings) -> PageSource:
    """`pipeline.extract.pdfium.PdfiumPages`, imported when first opened, the widths of glyphs
    spelled with several characters and the fonts' descents read by `PdfminerFonts`."""
    from pipeline.extract.pdfium import PdfiumPages

    quiet_libraries()
    return PdfiumPages(path, password, settings, PdfminerFonts(path, password))


PAGE_SOURCES: dict[str, PageSourceOpener] = {"pdfplumber": PdfplumberPages, "pdfium": pdfium_pages}
"""Every page source by the name `ExtractSettings.page_source` selects it by."""


def check_is_pdf(path: Path) -> None:
    """Raise `InputMissing` or `NotAPdf` unless `path` is a file that starts like a PDF."""
    if not path.is_file():
        raise InputMissing(path, "no such file")
    head = head_of(path)
    if not looks_like_pdf(head):
        shown = head[:16].decode("latin-1", "replace").strip() or "nothing"
        raise NotAPdf(path, f"not a PDF (it starts with {shown!r})")
