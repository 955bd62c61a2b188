"""Reading a PDF's pages into light records: the seam between the PDF library and the analysis.

`read_pages` checks that the file is a readable PDF of at most `max_pages` pages and returns one
`PageLayout` per page (words, merged rules, links), or raises the `PipelineError` that says why
it cannot: `InputMissing`, `NotAPdf` (not a PDF, corrupt, truncated, no pages), `EncryptedPdf`,
`TooManyPages`.

What reads the pages is a `PageSource`, chosen by name (`ExtractSettings.page_source`) from
`PAGE_SOURCES`: `PdfiumPages` (`pipeline.extract.pdfium`, the default, fast) or `PdfplumberPages`
(the reference: the same words, rules and links). Each closes a page once read, so memory stays
flat on long documents. This is the only module of the extractor that imports pdfplumber or
pdfminer, and it imports them (and PDFium) only when their source opens a PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from pipeline.errors import (
    EncryptedPdf,
    InputMissing,
    NotAPdf,
    PipelineError,
    TooManyPages,
)
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

DEFAULT_MAX_PAGES = 2000

Progress = Callable[[int, int], None]
"""Called with (pages read, pages in all) after each page."""


class PageSource(Protocol):
    """An open PDF that yields its pages as light records.

    Opening one (see `PageSourceOpener`) raises `EncryptedPdf` or `NotAPdf` when the library
    cannot read the file; reading a page that fails raises `NotAPdf`."""

    @property
    def page_count(self) -> int: ...

    def layouts(self) -> Iterator[PageLayout]:
        """One record per page, in order, numbered from 1."""
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

    def layouts(self) -> Iterator[PageLayout]:
        for index, page in enumerate(self.pdf.pages):
            try:
                hrules, vrules = self.page_rules(page)
                layout = PageLayout(index + 1, page.width, page.height, page_words(page, index + 1), hrules, vrules, page_links(page))
            except Exception as error:
                raise unreadable(self.path, error, self.password) from error
            finally:
                page.close()
            yield layout

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


def page_words(page, number: int) -> list[Word]:
    raw = page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False, use_text_flow=False)
    return [
        Word(
            w["text"], w["x0"], w["x1"], w["top"], w["bottom"], round(w["size"], COORDINATE_DECIMALS), is_bold(w["fontname"]), number
        )
        for w in raw
        if w["upright"] and w["text"].strip()
    ]


def page_links(page) -> list[Link]:
    return [
        Link(link["uri"], link["x0"], link["top"], link["x1"], link["bottom"])
        for link in page.hyperlinks
        if link.get("uri")
    ]


def unreadable(path: Path, error: Exception, password: str | None) -> PipelineError:
    """The PipelineError for a failure of pdfminer to read the file."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
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


def read_pages(
    path: Path, password: str | None, max_pages: int, progress: Progress | None, settings: ExtractSettings
) -> list[PageLayout]:
    """Every page of the PDF at `path` as a `PageLayout`, read by the settings' page source."""
    check_is_pdf(path)
    source = PAGE_SOURCES[settings.page_source](path, password, settings)
    try:
        total = source.page_count
        if total == 0:
            raise NotAPdf(path, "the PDF has no pages")
        if total > max_pages:
            raise TooManyPages(path, f"{total} pages is more than the limit of {max_pages} (raise it with --max-pages)")
        layouts = []
        for layout in source.layouts():
            layouts.append(layout)
            if progress:
                progress(layout.number, total)
        return layouts
    finally:
        source.close()
