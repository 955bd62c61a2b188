"""Every option of a rendering (`Layout`), the default one, and named variants (`LAYOUTS`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reportlab.lib.pagesizes import A4, A5, LEGAL, LETTER

from pipeline.columns import COLUMNS

Ruling = Literal["full", "horizontal", "none"]
FontFamily = Literal["Helvetica", "Times-Roman", "Courier"]
Align = Literal["left", "center"]

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

    def __post_init__(self) -> None:
        if self.font_family not in BOLD_FONTS:
            raise ValueError(f"font_family must be one of {sorted(BOLD_FONTS)}, not {self.font_family!r}")
        if len(self.column_fractions) != len(COLUMNS) or min(self.column_fractions) <= 0:
            raise ValueError(f"column_fractions needs {len(COLUMNS)} positive fractions, one per column")
        if self.ruling not in ("full", "horizontal", "none"):
            raise ValueError(f"unknown ruling {self.ruling!r}")

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
