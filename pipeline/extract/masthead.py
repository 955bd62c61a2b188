"""The paper's symbol and date as its first page prints them (the masthead).

A catalogue opens with its symbol and the place and date it was issued, e.g.
"PC-OC Mod (2020) 03rev2   Strasbourg, 22 September 2020": the first line of page 1 before the
table that ends with "<Place>, <day> <Month> <year>" (English month names, full or shortened
to three letters) is the masthead; the date is that line's date, the symbol its text before
the place. A paper that prints no such line (the 2017 paper) has neither, and the symbol comes
from the running header or footer alone (`layout.document_symbol`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from pipeline.extract.layout import Line

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_NUMBERS = {name.lower(): number for number, full in enumerate(MONTHS, 1) for name in (full, full[:3])}

PLACE_AND_DATE = re.compile(
    r"(?:^|\s)(?P<place>[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)*),\s+(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\.?\s+(?P<year>\d{4})$"
)


def printed_date(text: str) -> tuple[str, datetime.date] | None:
    """(the text before the place, the date) when `text` ends with "<Place>, <d> <Month> <yyyy>"
    naming a real day; None otherwise."""
    match = PLACE_AND_DATE.search(text.strip())
    if not match or match["month"].lower() not in MONTH_NUMBERS:
        return None
    try:
        date = datetime.date(int(match["year"]), MONTH_NUMBERS[match["month"].lower()], int(match["day"]))
    except ValueError:
        return None
    return text[: match.start("place")].strip(), date


def masthead(lines: Iterable[Line]) -> tuple[str | None, datetime.date | None]:
    """(symbol, date) from the first of `lines` (page 1's lines before the table) that ends with a
    place and date; the symbol is None when nothing precedes the place on that line."""
    for line in lines:
        found = printed_date(line.text)
        if found:
            symbol, date = found
            return symbol or None, date
    return None, None
