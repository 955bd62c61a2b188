"""The light records a page is read into, and the geometry helpers every floor shares.

A page source (`pages`) turns each page into a `PageLayout`: its `Word`s, its drawn rules merged
into `Rule`s, and its `Link`s. Coordinates are PDF points from the page's top-left corner
(pdfplumber's frame), rounded to `COORDINATE_DECIMALS` where they are read or written.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from pipeline.extract.settings import ExtractSettings

COORDINATE_DECIMALS = 2
"""Coordinates and font sizes are kept to a hundredth of a point."""
MEASURE_DECIMALS = 1
"""Distances are counted and compared (line pitches, word gaps, rule positions) to a tenth of a point."""

Rule = tuple[float, float, float]
"""A drawn rule: (y, x0, x1) when horizontal, (x, top, bottom) when vertical."""

Item = TypeVar("Item")


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int

    @property
    def center_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def center_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Link:
    uri: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class PageLayout:
    number: int
    width: float
    height: float
    words: list[Word]
    hrules: list[Rule]
    vrules: list[Rule]
    links: list[Link]
    sideways: list[Word] = field(default_factory=list)
    """Words that do not read left to right in the page's reading orientation (a vertical margin
    note): left out of the analysis, but a table may not hold any (see `extract.check`)."""


def is_bold(fontname: str) -> bool:
    return bool(re.search(r"bold|black|heavy|semibold|demi", fontname, re.IGNORECASE))


def distance(a: float, b: float) -> float:
    """`b - a` to the hundredth of a point coordinates are kept to, as a tolerance is compared with
    it: so a gap printed exactly at a tolerance is within it (in floating point, 4.28 - 2.28 is
    2.0000000000000004)."""
    return round(b - a, COORDINATE_DECIMALS)


def clusters(items: list[Item], key: Callable[[Item], float], tolerance: float) -> list[list[Item]]:
    """Sorted items split wherever the key jumps by more than `tolerance`."""
    groups: list[list[Item]] = []
    for item in items:
        if groups and distance(key(groups[-1][-1]), key(item)) <= tolerance:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def merged_rules(pieces: list[Rule], settings: ExtractSettings) -> list[Rule]:
    """Pieces on one line whose extents touch, joined (some writers draw a border cell by cell);
    rules shorter than the settings' minimum dropped."""
    rules: list[Rule] = []
    for line in clusters(sorted(pieces), lambda piece: piece[0], settings.rule_line_tolerance):
        at = round(statistics.median(piece[0] for piece in line), COORDINATE_DECIMALS)
        (_, start, end), *others = sorted(line, key=lambda piece: piece[1])
        for _, a, b in others:
            if distance(end, a) <= settings.rule_join_gap:
                end = max(end, b)
                continue
            rules.append((at, round(start, COORDINATE_DECIMALS), round(end, COORDINATE_DECIMALS)))
            start, end = a, b
        rules.append((at, round(start, COORDINATE_DECIMALS), round(end, COORDINATE_DECIMALS)))
    return [rule for rule in rules if distance(rule[1], rule[2]) > settings.rule_min_length]
