"""Text helpers below every stage: folding (accents, quotes and dashes, offsets kept), slugs, and
texts compared word by word (a network's purpose as its run of words, the word-level alignment of
two texts). Used by normalisation (names and ids), the build (a document's slug), the diff and
the corrections (what a merge of two rows would lose)."""

from __future__ import annotations

import difflib
import re
import unicodedata

from pipeline.models import DatasetNetwork, WordChange

FOLDED = {"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-", "‐": "-", "‑": "-", "\u00a0": " "}
SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?)])")
FLIPPED_OPS = {"equal": "equal", "delete": "insert", "insert": "delete", "replace": "replace"}


def fold_char(char: str) -> str:
    """One character for one: its base letter without accents, plain apostrophes and hyphens."""
    if char in FOLDED:
        return FOLDED[char]
    base = unicodedata.normalize("NFKD", char)[:1]
    return base if base and len(base.encode("utf-8")) == 1 and char.isalpha() else char


def fold(text: str) -> str:
    """`text` with accents, curly quotes and dashes folded, keeping every offset."""
    return "".join(fold_char(char) for char in text)


def slug(text: str, joiner: str = "-") -> str:
    """'Réseau (RJE) 2' → 'reseau-rje-2': folded, lower-cased, every run of other characters one `joiner`."""
    return re.sub(r"[^a-z0-9]+", joiner, fold(text).lower()).strip(joiner)


def purpose_text(network: DatasetNetwork) -> str:
    """The purpose's words: paragraph breaks and spaces before punctuation are layout, not content."""
    words = " ".join(" ".join(block.text for block in network.purpose).split())
    return SPACE_BEFORE_PUNCTUATION.sub(r"\1", words)


def word_changes(old: str, new: str) -> list[WordChange]:
    """The words of `old` and `new`, aligned. difflib's alignment depends on which side comes
    first, so the texts are aligned in one fixed order whichever is older: the change from B back
    to A is then exactly the change from A to B reversed."""
    a, b = old.split(), new.split()
    if b < a:
        return [WordChange(op=FLIPPED_OPS[w.op], old=w.new, new=w.old) for w in word_changes(new, old)]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [WordChange(op=op, old=" ".join(a[i1:i2]), new=" ".join(b[j1:j2])) for op, i1, i2, j1, j2 in matcher.get_opcodes()]
