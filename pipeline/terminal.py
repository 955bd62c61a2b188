"""Text safe to print: what `cdpc` prints, and the text files it writes for a reader, carry text of
untrusted inputs (the PDF's words, correction files, manifests, arguments), and a control character
in it (an escape sequence, a carriage return, a backspace, a bidirectional override) could rewrite
the reader's terminal or forge a line.

Every control or format character (Unicode categories Cc and Cf: C0 and C1 controls, DEL, bidi
overrides and isolates, zero-width characters) and every line or paragraph separator (Zl, Zp) is
shown as an escape instead; tabs stay. The
escapes are JSON's for every character JSON may leave raw (`\\u202e`; a surrogate pair beyond
U+FFFF), so JSON text stays the same JSON; C0 controls, which JSON always escapes itself, are shown
as `\\x1b`. A literal backslash is left as it is: an escape shows that something was there, it is
not meant to be decoded back.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

HIDDEN = ("Cc", "Cf", "Zl", "Zp")
"""The Unicode categories shown as escapes: control and format characters, and the line and
paragraph separators (U+2028, U+2029: a line break to `str.splitlines`, to many editors and, in a
string, to older JavaScript)."""


def escaped_line(text: str) -> str:
    """`text` as one line for a terminal: every control or format character, a newline too, escaped.
    A printable text (`str.isprintable`: no character of HIDDEN among others) is returned as it is,
    without a look at each character."""
    if text.isprintable():
        return text
    return "".join(escaped(c) if unicodedata.category(c) in HIDDEN and c != "\t" else c for c in text)


def tab_separated(fields: Iterable[str]) -> str:
    """`fields` joined by tabs into one line, a tab inside a field shown as `\\x09`: a value cannot
    add a field to the line."""
    return "\t".join(field.replace("\t", escaped("\t")) for field in fields)


def escaped_lines(lines: Iterable[str]) -> str:
    """`lines` as text for a terminal: each line escaped (`escaped_line`) and ended by a newline."""
    return "".join(escaped_line(line) + "\n" for line in lines)


def escaped_text(text: str) -> str:
    """`text` with its newlines kept and every other control or format character escaped."""
    return "\n".join(escaped_line(line) for line in text.split("\n"))


def escaped(character: str) -> str:
    code = ord(character)
    if code < 0x20:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"
