"""A PDF's pages and their content streams, read raw: before any library interprets a page.

`RawPdf` reads what it needs of a PDF's structure by itself — the cross-reference sections
(tables and streams, object streams included), the page tree, each page's /Contents and the form
XObjects its resources hold (each form once) — and decodes a page's content streams only up to
the bytes it is given room for (`filters`: a Flate or RunLength stream stops there), so a bomb
costs no more than the bound (`bounds.check_counts` then counts what the content draws). It
reads plain PDFs exactly or not at all: whatever it does not read exactly (encryption, a
cross-reference to repair, a filter other than those of `filters.DECODERS` — LZW among them —, a
predictor on a content stream, an object that is not where the cross-reference says) raises
`Unsupported`, and the caller reads the file with pdfminer instead (`pages.PageBounds`).
"""

from __future__ import annotations

import mmap
import re
import zlib
from pathlib import Path
from typing import NamedTuple

from pipeline.extract.filters import DECODERS

MAX_NESTING = 32
"""Arrays and dictionaries nested deeper than this are not read (PDFium reads up to 64)."""
MAX_SECTIONS = 64
"""Cross-reference sections chained by /Prev beyond this are not read."""
MAX_TREE_DEPTH = 64
"""Page tree levels beyond this are not read."""
OBJECT_STREAM_BYTES = 16_000_000
"""An object stream inflating beyond this is not read here (pdfminer reads it)."""


class Unsupported(Exception):
    """Something of the file `RawPdf` does not read exactly: pdfminer reads it instead."""


class Ref(NamedTuple):
    number: int


class Stream(NamedTuple):
    """A stream object: its dictionary and where its data starts in the file."""

    attrs: dict
    start: int


WHITE = rb"[\s\x00]*"
TOKEN = re.compile(
    rb"(?:[\s\x00]|%[^\r\n]*)*(?:(<<|>>|\[|\])|/([^\s\x00/\[\]()<>{}%]*)|([+-]?(?:\d+\.?\d*|\.\d+))|<([0-9A-Fa-f\s]*)>|(\()|([A-Za-z]+))"
)
DELIMITER, NAME, NUMBER, HEX, STRING, WORD = range(1, 7)
PARENTHESIS = re.compile(rb"\\.|[()]", re.S)
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
OBJECT = re.compile(WHITE + rb"(\d+)[\s\x00]+\d+[\s\x00]+obj")
STREAM = re.compile(WHITE + rb"stream(?:\r\n|\n|\r)")
END_STREAM = re.compile(WHITE + rb"endstream")
START_XREF = re.compile(rb"startxref[\s\x00]+(\d+)")
TABLE = re.compile(WHITE + rb"xref")
SUBSECTION = re.compile(WHITE + rb"(\d+)[ \t]+(\d+)[ \t]*(?:\r\n|\n|\r)")
TRAILER = re.compile(WHITE + rb"trailer")
ENTRY = re.compile(rb"(\d{10}) \d{5} ([nf])[ \r\n]{2}")


def token(data, pos: int) -> tuple[int, bytes, int]:
    """The kind, text and end of the token after `pos`."""
    match = TOKEN.match(data, pos)
    if match is None:
        raise Unsupported(f"no PDF token at byte {pos}")
    return match.lastindex, match.group(match.lastindex), match.end()


def parsed(data, pos: int, depth: int = 0) -> tuple[object, int]:
    """The PDF object after `pos` (names as str, strings as bytes, references as `Ref`) and its end."""
    if depth > MAX_NESTING:
        raise Unsupported("objects nested too deeply")
    kind, text, pos = token(data, pos)
    if kind == DELIMITER and text in (b"<<", b"["):
        closing, items = (b">>" if text == b"<<" else b"]"), []
        while True:
            kind, text, after = token(data, pos)
            if kind == DELIMITER and text == closing:
                break
            item, pos = parsed(data, pos, depth + 1)
            items.append(item)
        if closing == b"]":
            return items, after
        if len(items) % 2 or not all(isinstance(key, str) for key in items[::2]):
            raise Unsupported("a dictionary whose keys are not names")
        return dict(zip(items[::2], items[1::2])), after
    if kind == NAME:
        return NAME_ESCAPE.sub(lambda m: bytes.fromhex(m[1].decode()), text).decode("latin-1"), pos
    if kind == NUMBER:
        return referenced(data, text, pos)
    if kind == HEX:
        return text, pos
    if kind == STRING:
        return literal(data, pos)
    if kind == WORD and text in (b"true", b"false", b"null"):
        return {b"true": True, b"false": False, b"null": None}[text], pos
    raise Unsupported(f"unexpected {text[:20]!r} at byte {pos}")


def referenced(data, text: bytes, pos: int) -> tuple[object, int]:
    """A number, or the reference ("12 0 R") it starts."""
    if b"." in text:
        return float(text), pos
    try:
        kind, _, after = token(data, pos)
        if kind == NUMBER:
            kind, word, end = token(data, after)
            if kind == WORD and word == b"R":
                return Ref(int(text)), end
    except Unsupported:
        pass
    return int(text), pos


def literal(data, pos: int) -> tuple[bytes, int]:
    """A literal string's raw bytes (balanced parentheses nest) and its end; `pos` follows its "("."""
    depth = 1
    for match in PARENTHESIS.finditer(data, pos):
        depth += {b"(": 1, b")": -1}.get(match[0], 0)
        if depth == 0:
            return bytes(data[pos:match.start()]), match.end()
    raise Unsupported("an unterminated string")


class RawPdf:
    """A PDF's pages and their content streams, read from the file without a PDF library."""

    def __init__(self, path: Path, page_count: int):
        try:
            with path.open("rb") as handle:
                self.data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as error:
            raise Unsupported(f"cannot map the file ({error})") from error
        try:
            self.objects: dict[int, object] = {}
            self.loading: set[int] = set()
            self.object_streams: dict[int, tuple[bytes, int, list[tuple[int, int]]]] = {}
            self.sections: list[object] = []
            trailer = self.read_sections()
            if "Encrypt" in trailer:
                raise Unsupported("the file is encrypted")
            self.pages = self.page_tree(trailer, page_count)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self.data.close()

    # --- cross-references ------------------------------------------------------------------

    def read_sections(self) -> dict:
        """Every cross-reference section, newest first, and the newest trailer."""
        at = self.data.rfind(b"startxref", max(0, len(self.data) - 4096))
        match = START_XREF.match(self.data, at) if at >= 0 else None
        if match is None:
            raise Unsupported("no startxref")
        offset, trailer, seen = int(match[1]), None, set()
        while offset is not None:
            if offset in seen or len(seen) >= MAX_SECTIONS or not isinstance(offset, int):
                raise Unsupported("a loop or a long chain of cross-reference sections")
            seen.add(offset)
            attrs = self.table(offset) if TABLE.match(self.data, offset) else self.xref_stream(offset)
            if isinstance(attrs.get("XRefStm"), int):
                self.xref_stream(attrs["XRefStm"])
            trailer = trailer or attrs
            offset = attrs.get("Prev")
        if not isinstance(trailer.get("Root"), Ref):
            raise Unsupported("no /Root")
        return trailer

    def table(self, offset: int) -> dict:
        """A cross-reference table's subsections (first number, count, where its rows start), and its trailer."""
        pos, ranges = TABLE.match(self.data, offset).end(), []
        while not TRAILER.match(self.data, pos):
            match = SUBSECTION.match(self.data, pos)
            if match is None:
                raise Unsupported("a cross-reference table to repair")
            ranges.append((int(match[1]), int(match[2]), match.end()))
            pos = match.end() + 20 * int(match[2])
        self.sections.append(ranges)
        attrs, _ = parsed(self.data, TRAILER.match(self.data, pos).end())
        if not isinstance(attrs, dict):
            raise Unsupported("a trailer that is no dictionary")
        return attrs

    def xref_stream(self, offset: int) -> dict:
        """A cross-reference stream's rows (the widths of their fields, their numbers, their bytes), and its dictionary."""
        stream = self.object_at(offset)
        if not isinstance(stream, Stream) or stream.attrs.get("Type") != "XRef":
            raise Unsupported("a cross-reference to repair")
        widths = stream.attrs.get("W")
        index = stream.attrs.get("Index", [0, stream.attrs.get("Size")])
        if not (isinstance(widths, list) and len(widths) == 3 and all(isinstance(w, int) and 0 <= w <= 8 for w in widths)):
            raise Unsupported("a cross-reference stream's /W")
        if not (isinstance(index, list) and len(index) % 2 == 0 and all(isinstance(n, int) and n >= 0 for n in index)):
            raise Unsupported("a cross-reference stream's /Index")
        width = sum(widths)
        rows = unpredicted(self.decoded(stream, (width + 1) * sum(index[1::2]), predictor_allowed=True), width, stream.attrs)
        self.sections.append((widths, list(zip(index[::2], index[1::2])), rows))
        return stream.attrs

    def entry(self, number: int) -> tuple[int, ...] | None:
        """Where object `number` is: (offset,) in the file, (stream, index) in an object stream,
        or None (free or absent: the null object)."""
        for section in self.sections:
            if isinstance(section, list):
                for first, count, start in section:
                    if first <= number < first + count:
                        match = ENTRY.fullmatch(self.data, start + 20 * (number - first), start + 20 * (number - first + 1))
                        if match is None:
                            raise Unsupported("a cross-reference row to repair")
                        return (int(match[1]),) if match[2] == b"n" else None
                continue
            widths, ranges, rows = section
            row = 0
            for first, count in ranges:
                if first <= number < first + count:
                    at = (row + number - first) * sum(widths)
                    kind, second, third = fields(rows[at:at + sum(widths)], widths)
                    return (second,) if kind == 1 else (second, third) if kind == 2 else None
                row += count
        return None

    # --- objects -----------------------------------------------------------------------------

    def resolve(self, value: object) -> object:
        """The object a reference points to (the value itself when it is no reference)."""
        for _ in range(MAX_NESTING):
            if not isinstance(value, Ref):
                return value
            value = self.load(value.number)
        raise Unsupported("a chain of references")

    def load(self, number: int) -> object:
        if number in self.objects:
            return self.objects[number]
        if number in self.loading:
            raise Unsupported("an object that needs itself to be read")
        self.loading.add(number)
        try:
            entry = self.entry(number)
            if entry is None:
                value = None
            elif len(entry) == 1:
                value = self.object_at(entry[0], number)
            else:
                value = self.compressed(*entry, number)
        finally:
            self.loading.discard(number)
        self.objects[number] = value
        return value

    def object_at(self, offset: int, number: int | None = None) -> object:
        """The object whose "n g obj" is at `offset` (a `Stream` for a stream)."""
        match = OBJECT.match(self.data, offset)
        if match is None or (number is not None and int(match[1]) != number):
            raise Unsupported(f"object {number} is not where the cross-reference says")
        value, pos = parsed(self.data, match.end())
        start = STREAM.match(self.data, pos) if isinstance(value, dict) else None
        return Stream(value, start.end()) if start else value

    def compressed(self, stream_number: int, index: int, number: int) -> object:
        """Object `number`, the `index`th of object stream `stream_number`."""
        if stream_number not in self.object_streams:
            stream = self.resolve(Ref(stream_number))
            if not isinstance(stream, Stream) or stream.attrs.get("Type") != "ObjStm":
                raise Unsupported("an object stream that is none")
            data = self.decoded(stream, OBJECT_STREAM_BYTES)
            first = stream.attrs.get("First")
            if data is None or not isinstance(first, int):
                raise Unsupported("an object stream too large or without /First")
            numbers = [int(n) for n in re.findall(rb"\d+", data[:first])]
            self.object_streams[stream_number] = (data, first, list(zip(numbers[::2], numbers[1::2])))
        data, first, places = self.object_streams[stream_number]
        if index >= len(places) or places[index][0] != number:
            raise Unsupported("an object stream's header to repair")
        return parsed(data, first + places[index][1])[0]

    def raw(self, stream: Stream) -> bytes:
        """A stream's data as stored, checked to end where its /Length says."""
        length = self.resolve(stream.attrs.get("Length"))
        if not isinstance(length, int) or length < 0 or not END_STREAM.match(self.data, stream.start + length):
            raise Unsupported("a stream /Length to repair")
        return bytes(self.data[stream.start:stream.start + length])

    def decoded(self, stream: Stream, room: int, predictor_allowed: bool = False) -> bytes | None:
        """A stream's data decoded, or None when it exceeds `room` bytes (inflation stops there)."""
        filters = self.resolve(stream.attrs.get("Filter"))
        filters = [self.resolve(f) for f in (filters if isinstance(filters, list) else [filters] if filters else [])]
        parameters = self.resolve(stream.attrs.get("DecodeParms"))
        predicted = any(isinstance(self.resolve(p), dict) and self.resolve(p).get("Predictor", 1) != 1
                        for p in (parameters if isinstance(parameters, list) else [parameters]))
        if any(f not in DECODERS for f in filters) or (predicted and (not predictor_allowed or filters[-1:] != ["FlateDecode"])):
            raise Unsupported(f"filters {filters} with parameters {parameters}")
        data = self.raw(stream)
        for name in filters:
            try:
                data = DECODERS[name](data, room)
            except (ValueError, zlib.error) as error:  # binascii.Error is a ValueError
                raise Unsupported(f"corrupt {name} data ({error})") from error
            if len(data) > room:
                return None
        return data

    # --- pages -------------------------------------------------------------------------------

    def page_tree(self, trailer: dict, page_count: int) -> list[tuple[dict, object]]:
        """Each page's dictionary and its resources (its own, else inherited), in page order."""
        root = self.resolve(trailer["Root"])
        pages: list[tuple[dict, object]] = []
        pending = [(root.get("Pages") if isinstance(root, dict) else None, None, 0)]
        seen: set[int] = set()
        while pending:
            node, resources, depth = pending.pop()
            if isinstance(node, Ref):
                if node.number in seen:
                    raise Unsupported("a page tree that loops")
                seen.add(node.number)
            node = self.resolve(node)
            if not isinstance(node, dict) or depth > MAX_TREE_DEPTH or len(seen) > 4 * page_count + 64:
                raise Unsupported("a page tree to repair")
            resources = node.get("Resources", resources)
            kids = self.resolve(node.get("Kids"))
            if isinstance(kids, list):
                pending.extend((kid, resources, depth + 1) for kid in reversed(kids))
            else:
                pages.append((node, resources))
        if len(pages) != page_count:
            raise Unsupported(f"{len(pages)} pages in the page tree, {page_count} for PDFium")
        return pages

    def page_contents(self, index: int, room: int) -> list[bytes] | None:
        """The decoded content streams of page `index` (from 0) and of the forms its resources
        hold, or None as soon as they exceed `room` bytes together."""
        page, resources = self.pages[index]
        contents = self.resolve(page.get("Contents"))
        streams = [self.resolve(s) for s in (contents if isinstance(contents, list) else [contents])]
        datas = []
        for stream in [*streams, *self.forms(resources)]:
            if isinstance(stream, Stream):
                data = self.decoded(stream, room)
                if data is None:
                    return None
                room -= len(data)
                datas.append(data)
        return datas

    def forms(self, resources: object) -> list[Stream]:
        """The form XObjects of `resources` and of theirs, each once."""
        found: list[Stream] = []
        seen: set[int] = set()
        pending = [resources]
        while pending:
            held = self.resolve(pending.pop())
            xobjects = self.resolve(held.get("XObject")) if isinstance(held, dict) else None
            for ref in xobjects.values() if isinstance(xobjects, dict) else ():
                if isinstance(ref, Ref) and ref.number not in seen:
                    seen.add(ref.number)
                    form = self.resolve(ref)
                    if isinstance(form, Stream) and form.attrs.get("Subtype") == "Form":
                        found.append(form)
                        pending.append(form.attrs.get("Resources"))
        return found


def fields(row: bytes, widths: list[int]) -> tuple[int, int, int]:
    """A cross-reference stream row's three fields (the type is 1 when its width is 0)."""
    values, at = [], 0
    for width in widths:
        values.append(int.from_bytes(row[at:at + width], "big"))
        at += width
    if widths[0] == 0:
        values[0] = 1
    return values[0], values[1], values[2]


def unpredicted(data: bytes | None, width: int, attrs: dict) -> bytes:
    """Cross-reference stream rows with their PNG predictor undone (rows filtered None or Up only)."""
    if data is None:
        raise Unsupported("a cross-reference stream larger than its /Index")
    parameters = attrs.get("DecodeParms")
    predictor = parameters.get("Predictor", 1) if isinstance(parameters, dict) else 1
    if predictor == 1:
        return data
    if predictor < 10 or parameters.get("Columns", 1) != width:
        raise Unsupported(f"predictor {predictor}")
    rows, previous = [], bytes(width)
    for at in range(0, len(data) - width, width + 1):
        kind, row = data[at], data[at + 1:at + 1 + width]
        if kind == 2:
            row = bytes((a + b) & 0xFF for a, b in zip(row, previous))
        elif kind != 0:
            raise Unsupported(f"PNG filter {kind}")
        rows.append(row)
        previous = row
    return b"".join(rows)
