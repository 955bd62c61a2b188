"""Texts compared word by word, below the diff and the corrections: a network's purpose as its run
of words (as compared, without list markers: `unmarked_text`), and the word-level alignment of two
texts (used by the diff, and by the corrections to tell what a merge of two rows would lose).
Folding and slugs live in `pipeline.keys`."""

from __future__ import annotations

import difflib
import re

from pipeline.diff.records import WordChange, WordOp
from pipeline.models import DatasetNetwork

SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?)])")
FLIPPED_OPS: dict[WordOp, WordOp] = {"equal": "equal", "delete": "insert", "insert": "delete", "replace": "replace"}


def purpose_text(network: DatasetNetwork) -> str:
    """The purpose's words: paragraph breaks and spaces before punctuation are layout, not content."""
    words = " ".join(" ".join(block.text for block in network.purpose).split())
    return SPACE_BEFORE_PUNCTUATION.sub(r"\1", words)


LIST_MARKER = re.compile(r"^\s*(?:[-•◦▪‣⁃∙·*–—]|\(?(?:[0-9]{1,2}|[a-z]|[ivx]{1,4})[.)])(?=\s|[A-Z]|$)")
"""A list marker at the start of a block: a bullet or dash (glued to the capital after it or not),
"1.", "a)", "(iv)"."""
BULLET = re.compile(r"(?<!\S)[-•◦▪‣⁃∙·*–—](?!\S)")
"""A bullet or dash standing alone between words: a list item run into its paragraph ("covers: - Terrorism")."""


def unmarked_text(texts: list[str]) -> str:
    """Texts (a purpose's blocks) as compared: without their list markers, spaces collapsed, none
    before punctuation. Two texts whose only differences are markers and spacing compare equal."""
    words = " ".join(BULLET.sub(" ", LIST_MARKER.sub("", text)) for text in texts)
    return SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(words.split()))


def word_changes(old: str, new: str) -> list[WordChange]:
    """The words of `old` and `new`, aligned. difflib's alignment depends on which side comes
    first, so the texts are aligned in one fixed order whichever is older: the change from B back
    to A is then exactly the change from A to B reversed."""
    a, b = old.split(), new.split()
    if b < a:
        return [WordChange(op=FLIPPED_OPS[w.op], old=w.new, new=w.old) for w in word_changes(new, old)]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [
        WordChange(op=op, old=" ".join(a[i1:i2]), new=" ".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
