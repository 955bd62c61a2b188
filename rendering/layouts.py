"""Every option of a rendering (`Layout`), the default one, and named variants: `LAYOUTS` for the
2017 paper's content, `LAYOUTS_2020` for the 2020 revision's (landscape, masthead, running footer)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from reportlab.lib.pagesizes import A4, A5, LEGAL, LETTER, landscape
from reportlab.lib.units import cm

from pipeline.columns import COLUMNS

Ruling = Literal["full", "double", "horizontal", "none"]
"""Which rules a table prints: every cell border, every border with the vertical ones drawn twice
(`DOUBLE_RULE_GAP` apart, a word processor's double border), the horizontal ones only, or none."""
DOUBLE_RULE_GAP = 2.5
FontFamily = Literal["Helvetica", "Times-Roman", "Courier"]
Align = Literal["left", "center"]
RunningPosition = Literal["header", "footer"]

BOLD_FONTS: dict[str, str] = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold", "Courier": "Courier-Bold"}


@dataclass(frozen=True)
class Layout:
    """Every option of a rendering. Lengths are in PDF points; the defaults mimic the paper
    (A4, a Helvetica/Liberation Sans 11pt body, all cell borders ruled)."""

    page_size: tuple[float, float] = A4
    """(width, height); see reportlab.lib.pagesizes for A4, A5, LETTER, LEGAL."""
    margin_top: float = 72.0
    margin_bottom: float = 57.0
    margin_left: float = 71.0
    margin_right: float = 71.0
    font_family: FontFamily = "Helvetica"
    font_size: float = 11.0
    line_spacing: float = 1.15
    """Leading as a multiple of the font size."""
    header_font_size: float = 8.0
    footnote_font_size: float = 8.0
    footnote_indent: float = 14.0
    """Where footnote text starts, right of the footnote number (further for long numbers)."""
    marker_scale: float = 0.58
    marker_rise: float = 0.33
    """Superscript size and baseline shift, as fractions of the font size."""
    marker_spaced: bool = False
    """Print a footnote marker after a space, as a word of its own (as some word processors do),
    so that wrapping may carry it alone onto the next line; False glues it to the word before."""
    paragraph_spacing: float = 4.0
    """Space between two blocks of a cell or of the front matter (0 allowed)."""
    cell_padding: float = 4.0
    column_fractions: tuple[float, ...] = (0.22, 0.50, 0.28)
    """Widths of the columns of `pipeline.columns.COLUMNS` (name, purpose, members), as fractions
    of the table width."""
    ruling: Ruling = "full"
    rule_width: float = 0.5
    split_rows: bool = True
    """False: a row that fits on one page moves whole to the next page instead of splitting."""
    header_name_label: bool = False
    """Print "NAME" in the first header cell (the paper leaves it empty)."""
    hyphen_breaks: bool = True
    """Allow a line break after a hyphen inside a word ("cross-" / "border")."""
    running_position: RunningPosition = "header"
    """Where the running line (the document symbol left, the page number right) prints on every
    page: "header" (in the top margin, as the 2017 paper) or "footer" (in the bottom margin, as the
    2020 revision)."""
    running_distance: float | None = None
    """The running line's baseline distance from its page edge (top edge for a header, bottom edge
    for a footer); None: half that margin. A footer moved up 0.8 cm is this plus ``0.8 * cm``."""
    running_symbol: bool = True
    """Print the document symbol (``source.symbol``) in the running line; False prints the page
    number alone."""
    rotated_pages: tuple[int, ...] = ()
    """Pages (numbered from 1) given a /Rotate of 90 degrees: their text stays upright in the
    page's own frame, so a viewer shows it sideways (a hostile input for the extractor)."""
    masthead: bool = False
    """Print the first front-matter block as a masthead when it starts with the document symbol:
    the symbol flush left and the rest of the block (place and date, "Strasbourg, 22 September
    2020") flush right, on one line."""
    rows_on_new_page: tuple[int, ...] = ()
    """Rows (by index) that start on a new page, as after a manual page break."""
    row_cuts: tuple[tuple[int, float], ...] = ()
    """(row index, depth): that row's first page ends at most `depth` points below the row's top
    (its cell padding included), so that the page break cuts it there, after the lines that fit;
    the page's foot is left blank below it. Tests cut a row at every position this way."""

    def __post_init__(self) -> None:
        if self.font_family not in BOLD_FONTS:
            raise ValueError(f"font_family must be one of {sorted(BOLD_FONTS)}, not {self.font_family!r}")
        if len(self.column_fractions) != len(COLUMNS) or min(self.column_fractions) <= 0:
            raise ValueError(f"column_fractions needs {len(COLUMNS)} positive fractions, one per column")
        if self.ruling not in ("full", "double", "horizontal", "none"):
            raise ValueError(f"unknown ruling {self.ruling!r}")
        if self.running_position not in ("header", "footer"):
            raise ValueError(f"running_position must be 'header' or 'footer', not {self.running_position!r}")

    @property
    def bold_font(self) -> str:
        return BOLD_FONTS[self.font_family]

    @property
    def leading(self) -> float:
        return self.font_size * self.line_spacing

    @property
    def footnote_leading(self) -> float:
        return self.footnote_font_size * self.line_spacing

    @property
    def text_width(self) -> float:
        return self.page_size[0] - self.margin_left - self.margin_right

    @property
    def body_bottom(self) -> float:
        """The lowest point of the body, footnotes included, from the page top."""
        return self.page_size[1] - self.margin_bottom

    @property
    def running_baseline(self) -> float:
        """The running line's baseline, from the page's top edge."""
        height = self.page_size[1]
        if self.running_position == "header":
            return self.running_distance if self.running_distance is not None else self.margin_top / 2
        return height - (self.running_distance if self.running_distance is not None else self.margin_bottom / 2)

    @property
    def column_widths(self) -> tuple[float, ...]:
        total = sum(self.column_fractions)
        return tuple(self.text_width * fraction / total for fraction in self.column_fractions)

    @property
    def column_lefts(self) -> tuple[float, ...]:
        lefts = [self.margin_left]
        for width in self.column_widths[:-1]:
            lefts.append(lefts[-1] + width)
        return tuple(lefts)


DEFAULT_LAYOUT = Layout()

LAYOUTS: dict[str, Layout] = {
    "letter_times_horizontal": Layout(
        page_size=LETTER,
        font_family="Times-Roman",
        font_size=10,
        ruling="horizontal",
        column_fractions=(0.26, 0.46, 0.28),
        paragraph_spacing=2,
        margin_left=54,
        margin_right=54,
    ),
    "a5_courier_full": Layout(
        page_size=A5,
        font_family="Courier",
        font_size=9,
        footnote_font_size=7,
        header_font_size=7,
        margin_top=48,
        margin_bottom=36,
        margin_left=36,
        margin_right=36,
        column_fractions=(0.24, 0.46, 0.30),
        cell_padding=3,
    ),
    "a4_helvetica_norules": Layout(
        font_size=12,
        ruling="none",
        column_fractions=(0.24, 0.36, 0.40),
        paragraph_spacing=6,
        cell_padding=6,
        header_name_label=True,
    ),
    "legal_narrow_name": Layout(
        page_size=LEGAL,
        font_size=10,
        column_fractions=(0.18, 0.46, 0.36),
        line_spacing=1.25,
        rule_width=1.0,
        paragraph_spacing=0,
    ),
    "a4_times_whole_rows": Layout(
        font_family="Times-Roman",
        font_size=11,
        split_rows=False,
        column_fractions=(0.25, 0.45, 0.30),
        hyphen_breaks=False,
    ),
}
"""Named variants that differ from :data:`DEFAULT_LAYOUT` in page, font, rules and columns.

Their name columns are just wide enough for the paper's longest name word, so names wrap to
many lines but no word of the paper is broken without a hyphen: such a break cannot be told
from a space when the text is read back.
"""


FOOTER_RAISE = 0.8 * cm
"""How far the "footer_raised" printing of the 2020 revision moves its footer up."""

_LAYOUT_2020 = Layout(
    page_size=landscape(A4),
    margin_top=57.0,
    margin_bottom=85.0,
    margin_left=57.0,
    margin_right=57.0,
    font_size=12.0,
    paragraph_spacing=6.0,
    column_fractions=(0.25, 0.40, 0.35),
    running_position="footer",
    running_distance=50.0,
    masthead=True,
)

LAYOUTS_2020: dict[str, Layout] = {
    "default": _LAYOUT_2020,
    "footer_raised": replace(_LAYOUT_2020, running_distance=_LAYOUT_2020.running_distance + FOOTER_RAISE),
    "footer_without_symbol": replace(_LAYOUT_2020, running_symbol=False),
}
"""The 2020 revision (PC-OC Mod (2020) 03rev2) as printed, for `catalogue_2020_extraction()`:
landscape A4, page 1 opening with the masthead (symbol and "Strasbourg, 22 September 2020" on
one line), the symbol and page number in a footer; and two later printings, one with the
footer moved 0.8 cm up (out of the bottom eighth of the page, where a fixed band would miss
it) and one whose footer has the page number alone. The three differ only in the footer, so
their pages break at the same places; the "Specialised European Networks" heading falls at the
very top of a page, right after a row cut by the page break above it (PC-OC's, printed over the
two pages before)."""
