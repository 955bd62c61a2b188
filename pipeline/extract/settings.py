"""Every tolerance, ratio and strategy of the extractor, in one settings object.

`ExtractSettings` is frozen; `extract_pdf(path, settings=...)` takes one, and every function of the
extractor reads its measures from it. The defaults are what the pipeline publishes with: change
one and the extraction of the paper may change. Lengths are in PDF points; a ratio multiplies the
measure its field names (a font size, the body size, the line pitch, a width).

Not settings: the precisions coordinates are kept at and distances compared at
(`geometry.COORDINATE_DECIMALS`, `geometry.MEASURE_DECIMALS`), and the patterns of text (bullets,
footnote numbers, numbered headings), which are no tolerances.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

ColumnStrategy = Literal["rules", "gutters"]
PageSourceName = Literal["pdfium", "pdfplumber"]


@dataclass(frozen=True)
class ExtractSettings:
    """The extractor's measures and strategies, each with the default the pipeline uses."""

    # --- strategies -----------------------------------------------------------------------------

    page_source: PageSourceName = "pdfplumber"
    """What reads words, rules and links off the pages: a name in `pages.PAGE_SOURCES`
    ("pdfplumber", the reference, or "pdfium", several times as fast: both read a page turned
    sideways by its /Rotate in its reading orientation, both read pages in a process bounded by
    the operating system (`bounds`); choose with --page-source). The default is the one that
    passes the gate of `tests/extract/test_producers.py` (the same extraction, byte for byte, on every PDF
    of real producers): PDFium keeps positions in single precision, so on a Ghostscript
    re-distillation (TJ numbers and moves of 5 or 6 digits) a box on a hundredth's edge rounds
    the other way."""
    columns: ColumnStrategy = "rules"
    """How column edges are found: "rules" takes the vertical rules drawn through a table's top
    where there are any, else the text gutters; "gutters" always measures the text gutters."""

    # --- drawn rules ----------------------------------------------------------------------------

    rule_line_tolerance: float = 1.0
    """Rule pieces whose positions across their length differ by at most this lie on one line."""
    rule_join_gap: float = 2.0
    """Pieces on one line whose ends are at most this apart are one rule (borders drawn cell by cell)."""
    rule_min_length: float = 5.0
    """Shorter rules are dropped (ticks, dots, the corners of boxes)."""

    # --- words and lines ------------------------------------------------------------------------

    superscript_ratio: float = 0.8
    """A word smaller than this × the size of its line's largest word (or of its cell's body text)
    is a superscript: left out of the line's measures, and a footnote marker when it is a number."""
    small_word_ratio: float = 0.75
    """Words smaller than this × the page's largest size join, when lines are grouped, the line
    they sit on rather than starting one."""
    baseline_tolerance: float = 0.3
    """Words whose bottoms differ by at most this × their size are on one line."""
    edge_slack: float = 1.0
    """Slack around a measured edge, so that what touches it counts as inside: the height of a line
    hosting a superscript, a header row's foot, a table stretch's top, the text's outer edges when
    gutters are measured, and the bounds of a row fragment."""
    above_line: float = 0.5
    """How far above a line's top a region opening with that line starts: a row, the text after a
    table, a footnote area (the body above ends there)."""
    word_space_ratio: float = 0.12
    """A gap between two words wider than this × their font size is a space."""
    word_gap_max_ratio: float = 1.0
    """Gaps up to this × the font size count towards the document's typical word space."""
    default_word_gap: float = 3.0
    """The word space taken when no line has two words."""
    body_size_tolerance: float = 0.5
    """Lines whose size is within this of the body size are body lines, measured for the pitch."""
    pitch_min_ratio: float = 0.9
    pitch_max_ratio: float = 2.0
    """Distances between the tops of consecutive body lines count towards the line pitch when they
    lie between these two multiples of the body size."""
    pitch_min_lines: int = 3
    """The pitch is the median of the pitches of the pages with at least this many body lines."""
    default_pitch_ratio: float = 1.2
    """The line pitch, × the body size, taken when no page has body lines to measure it on."""

    # --- running header and footer --------------------------------------------------------------

    furniture_edge_lines: int = 2
    """Furniture is among the first or the last this many lines of a page ..."""
    furniture_height_tolerance: float = 2.0
    """... and recurs at one height: lines whose tops differ by at most this from page to page."""
    furniture_page_share: float = 0.5
    furniture_min_pages: int = 2
    """Furniture recurs (numbers aside) at one height on at least this share of the pages, and on this many."""

    # --- footnotes ------------------------------------------------------------------------------

    footnote_size_ratio: float = 0.92
    """Footnotes in small print are lines smaller than this × the body size."""
    footnote_number_slack: float = 2.0
    """A footnote starts with a number at most this right of the footnote area's left edge."""
    long_rule_ratio: float = 0.45
    """A rule at least this × the page width is long: a table's rule, not a footnote separator."""
    separator_depth: float = 0.5
    """A footnote separator lies below this fraction of the page height."""

    # --- header rows, headings and tables -------------------------------------------------------

    header_max_words: int = 8
    """A header row holds every column label and at most this many words."""
    partial_header_max_words: int = 4
    """A capitalised line with some column labels but not all, and at most this many words, is the
    header row of a table that lacks a column (an error, not a catalogue)."""
    header_rule_reach: float = 1.5
    """A header row's bottom rule lies at most this × its size below its text."""
    header_grid: float = 3.0
    """Header rows whose labels stand at the same places, on a grid of this many points, head the
    same table; their pages share the table's gutters."""
    heading_size_ratio: float = 1.1
    """A line larger than this × the body size is a heading (so is a bold or numbered one) ..."""
    heading_max_chars: int = 120
    """... when shorter than this many characters."""
    heading_gap_ratio: float = 0.5
    """A trailing run of name-column lines is a heading after the table when the gap above it
    exceeds the space between lines by this × the body size."""
    table_rule_ratio: float = 0.6
    """A horizontal rule at least this × the table's width is drawn across the table."""

    # --- columns --------------------------------------------------------------------------------

    rule_probe_depth: float = 2.0
    """Vertical rules are the column edges where they run through this far below a table's top."""
    rule_end_reach: float = 3.0
    """Horizontal rules at most this above or below a table stretch widen its outer edges."""
    gutter_crossing_words: int = 3
    """A text gutter may be crossed by up to this many words (a heading over the columns) ..."""
    gutter_widening: float = 2.0
    """... when allowing them makes the gutter this many times as wide."""
    column_rule_tolerance: float = 1.5
    """A vertical rule at most this from a column edge draws it: no line crosses the edge there."""
    crossing_gap_ratio: float = 1.6
    crossing_gutter_ratio: float = 0.8
    """A line whose words leave a gap at a column edge narrower than this × the word space (and
    than the second × the table's gutter there) runs across the edge: it is no table content."""

    # --- rows -----------------------------------------------------------------------------------

    separator_min_depth: float = 2.0
    """A table-wide rule this far below a stretch's top separates rows (above: the header's rule)."""
    row_start_gap_ratio: float = 0.7
    """Without rules, a name line starts a row when the gap above it exceeds the line pitch less
    this × the body size."""
    row_top_tolerance: float = 1.5
    """... and when the first line of each further column at its height stands level with it,
    give or take this (a row's cells start side by side)."""
    name_end_ratio: float = 0.9
    """A row's name runs down to its last line when it ends within this × the pitch of it (less
    than a line's room below it: a web address under the name, set a paragraph's space lower,
    ends short of the other cells' lines by that space)."""
    ended_short_ratio: float = 1.5
    """A cell cut by a page break (its row's next fragment has lines in it) that ends more than
    this × the pitch above the fragment's foot ended there, and so did a row fragment ending so
    far above its page's body: going on, it would have filled the page (room for a line after a
    paragraph's space, or after a widow kept with its paragraph)."""
    wrap_room_slack: float = 1.0
    """Across a page break, the first word of a cell's next line would have fit on its last line
    (so that line ended a paragraph, not a wrap) when, after a word space, it ends at least this
    short of the cell's text edge (the rightmost any line of that column reaches in the table)."""

    # --- blocks and markers ---------------------------------------------------------------------

    list_min_items: int = 4
    list_item_max_words: float = 4.0
    """A cell's block cut by a page break after a line that closed a sentence goes on all the same
    where it is a list of at least this many items between commas, of at most the second many
    words on average (country names, "United Kingdom: Scotland"), and the next page's line opens
    with an item of at most that many words and a comma: the list's items, not its sentences."""

    marker_rise_ratio: float = 0.1
    """A footnote marker's foot stands at least this × its size above its neighbours' foot."""
    paragraph_gap_min: float = 1.5
    paragraph_gap_ratio: float = 0.18
    """A line opens a new paragraph when its distance to the line above exceeds the pitch by more
    than the larger of the first and the second × its size."""

    # --- bounds on reading the pages (hostile input; a breach is LimitExceeded, see `bounds`) ----

    max_reading_memory: int = 512 << 20
    """Bytes of address space a process reading pages may take beyond what it held when forked
    (`RLIMIT_AS`): whatever a library allocates for a page (content, fonts, images, a repaired
    cross-reference) counts, and each page's is freed before the next."""
    max_page_seconds: int = 5
    """CPU seconds a process reading pages may spend opening the document, and then on each page
    (`RLIMIT_CPU`; the paper's slowest page: 0.2 s through pdfplumber, 0.02 s through PDFium)."""
    max_page_layout_bytes: int = 8_000_000
    """Bytes a page's words, rules and links may take as handed back to the analysis, pickled
    (the paper's largest page: 33 KB)."""
    max_page_words: int = 5_000
    """A page holds at most this many words (the paper: 551), so that the analysis' time and memory
    on any page stay bounded."""


DEFAULT_SETTINGS = ExtractSettings()


def settings_reading(page_source: PageSourceName | None) -> ExtractSettings:
    """The default settings, but for the page source when one is given (`--page-source`)."""
    return DEFAULT_SETTINGS if page_source is None else replace(DEFAULT_SETTINGS, page_source=page_source)
