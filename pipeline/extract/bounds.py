"""What a page may hold, checked before it costs (issue 11: a hostile page is refused, naming it).

The bounds are `ExtractSettings`' `max_page_*` fields; a page over one is `LimitExceeded`:

* its content streams (its forms' included), decoded: `max_page_content_bytes`, checked while
  they are read (`rawpdf.RawPdf.page_contents`, `pages.page_content`) with `content_too_large`,
  a stream in a filter no decoder bounds (an image's: CCITTFax) refused with `content_unbounded`;
* what the content draws, counted on the raw content before a library interprets the page
  (`check_counts`): its path segments and its objects (characters shown, segments, images,
  shadings, forms drawn);
* its words, counted before the analysis (`check_words`), which also refuses with `SidewaysPage`
  a page whose text mostly runs sideways.

Both page sources check with these functions, so they refuse the same pages with the same words.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from pipeline.errors import LimitExceeded, SidewaysPage
from pipeline.extract.geometry import PageLayout
from pipeline.extract.settings import ExtractSettings

LITERAL_STRING = re.compile(rb"\([^\\()]*(?:\\.[^\\()]*)*\)", re.S)
HEX_STRING = re.compile(rb"<[0-9A-Fa-f\s]*>")
CONTENT_NAME = re.compile(rb"/[^\s/\[\]()<>{}%]*")
OPERATOR = re.compile(rb"[A-Za-z'\"*]+")
SEGMENT_OPERATORS = (b"m", b"l", b"c", b"v", b"y", b"re")
OBJECT_OPERATORS = (b"Do", b"BI", b"sh")


def content_too_large(path: Path, number: int, settings: ExtractSettings) -> LimitExceeded:
    return LimitExceeded(path, f"page {number}'s content decompresses to more than the limit of {settings.max_page_content_bytes} bytes")


def content_unbounded(path: Path, number: int, name: str) -> LimitExceeded:
    return LimitExceeded(path, f"page {number}'s content is encoded with /{name}, which cannot be decoded within a bound")


def drawn_counts(data: bytes) -> tuple[int, int]:
    """The path segments a content stream draws, and about how many objects it holds: a character
    per byte of a literal string and per two digits of a hex string, each segment, image, shading
    and form drawn."""
    rest, strings = LITERAL_STRING.subn(b" ", data)
    shown = len(data) - len(rest) - strings
    plain, hexes = HEX_STRING.subn(b" ", rest)
    shown += (len(rest) - len(plain) - hexes) // 2
    operators = Counter(OPERATOR.findall(CONTENT_NAME.sub(b" ", plain)))
    segments = sum(operators[op] for op in SEGMENT_OPERATORS)
    return segments, shown + segments + sum(operators[op] for op in OBJECT_OPERATORS)


def check_counts(datas: list[bytes], number: int, path: Path, settings: ExtractSettings) -> None:
    """Raise LimitExceeded when page `number`'s content (its decoded streams) draws more path
    segments or holds more objects than the settings allow. Each segment takes two bytes at
    least (an operator and a space) and each object one, so shorter content is not scanned."""
    size = sum(len(data) + 1 for data in datas)
    if size <= 2 * settings.max_page_segments and size <= settings.max_page_objects:
        return
    segments, objects = drawn_counts(b"\n".join(datas))
    if segments > settings.max_page_segments:
        raise LimitExceeded(path, f"page {number} draws {segments} path segments, more than the limit of {settings.max_page_segments}")
    if objects > settings.max_page_objects:
        raise LimitExceeded(path, f"page {number} holds about {objects} objects, more than the limit of {settings.max_page_objects}")


def check_words(layout: PageLayout, path: Path, settings: ExtractSettings) -> None:
    """Raise LimitExceeded when a page holds more words than the settings allow, and SidewaysPage
    when more of its words run sideways than left to right (in its reading orientation)."""
    count = len(layout.words) + len(layout.sideways)
    if count > settings.max_page_words:
        raise LimitExceeded(path, f"page {layout.number} holds {count} words, more than the limit of {settings.max_page_words}")
    if len(layout.sideways) > len(layout.words):
        raise SidewaysPage(path, f"page {layout.number}: its text runs sideways, not left to right; turn the page upright and extract again")
