"""Keys made from printed text and codes, with nothing but the standard library.

`fold`: text with accents, curly quotes and dashes folded one character for one (so offsets stay
those of the printed text), as names are matched; `slug`: the lower-case ASCII key of a text, as
network ids, section slugs and document slugs are made; `subdivision_country`: the country an
ISO 3166-2 subdivision code belongs to.
"""

from __future__ import annotations

import re
import unicodedata

_FOLD = {"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-", "‐": "-", "‑": "-", "\u00a0": " "}


def fold_char(char: str) -> str:
    """One character for one: its base letter without accents, plain apostrophes and hyphens."""
    if char in _FOLD:
        return _FOLD[char]
    base = unicodedata.normalize("NFKD", char)[:1]
    return base if base and len(base.encode("utf-8")) == 1 and char.isalpha() else char


class Folds(dict):
    """`fold_char` of each character met so far, by code point: a table for `str.translate`."""

    def __missing__(self, code: int) -> str:
        self[code] = fold_char(chr(code))
        return self[code]


FOLDS = Folds()


def fold(text: str) -> str:
    """`text` with accents, curly quotes and dashes folded, keeping every offset."""
    return text.translate(FOLDS)


def slug(text: str, joiner: str = "-") -> str:
    """'Réseau (EJN)' → 'reseau-ejn': folded, lower-cased, every run of other characters one `joiner`."""
    return re.sub(r"[^a-z0-9]+", joiner, fold(text).lower()).strip(joiner)


def subdivision_country(code: str) -> str | None:
    """'DE-NW' → 'DE': the ISO 3166-1 code an ISO 3166-2 code starts with; None for an ISO 3166-1
    code ('FR'), which has no dash."""
    country, dash, _ = code.partition("-")
    return country if dash else None
