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
`PAGE_SOURCES`: `PdfiumPages` (`pipeline.extract.pdfium`, the default, fast) or `PdfplumberPages`
(the reference: the same words, rules and links). Each closes a page once read, so memory stays
flat on long documents. This is the only module of the extractor that imports pdfplumber or
pdfminer, and it imports them (and PDFium) only when their source opens a PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from pipeline.errors import EncryptedPdf, InputMissing, NotAPdf, PipelineError
from pipeline.extract.bounds import check_words
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
    """The page's words that read left to right, and those that do not (sideways)."""
    raw = page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False, use_text_flow=False)
    words = (
        (w["upright"], Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], round(w["size"], COORDINATE_DECIMALS), is_bold(w["fontname"]), number))
        for w in raw
        if w["text"].strip()
    )
    upright, sideways = [], []
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


def pdfium_pages(path: Path, password: str | None, settings: ExtractSettings) -> PageSource:
    """`pipeline.extract.pdfium.PdfiumPages`, imported when first opened."""
    from pipeline.extract.pdfium import PdfiumPages

    return PdfiumPages(path, password, settings)


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

