"""A tiny hand-written PDF writer for hostile structures the renderer never makes: content streams
that inflate far beyond their size, pages of huge size, hundreds of thousands of drawn segments.

`hostile_pdf(path, pages)` writes one page per `HostilePage`: its content (bytes, Flate-compressed
when `compress`, and already encoded by the filters `encoded` names: a chain of filters), its size
in points, and a Helvetica font for any text. The cross-reference table is exact, so PDF readers
open the file without repairing it. `flate_bomb(size)`, `lzw_bomb(size)` and
`run_length_bomb(size)` are data of each filter decoding to `size` blanks (or a few more), made
without them; `lzw_encoded` and `run_length_encoded` encode any content plainly. Dev-only, like
the rest of `rendering`.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class HostilePage:
    content: bytes
    width: float = 595.0
    height: float = 842.0
    compress: bool = True
    encoded: tuple[str, ...] = ()
    """The filters `content` is encoded with already, the first to decode first (after the Flate
    of `compress`)."""
    parameters: str = ""
    """The /DecodeParms of the last of `encoded` (a dictionary's body), if any."""


def text_content(lines: list[str], size: float = 10, top: float = 800, left: float = 50) -> bytes:
    """A content stream printing `lines` in Helvetica, one below the other."""
    body = [b"BT", f"/F1 {size} Tf".encode(), f"{left} {top} Td".encode(), f"{size * 1.2} TL".encode()]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        body.append(f"({escaped}) Tj T*".encode("latin-1"))
    body.append(b"ET")
    return b"\n".join(body) + b"\n"


def flate_bomb(size: int, run: int = 1 << 24) -> bytes:
    """A zlib stream inflating to `size` blanks (a multiple of `run`), made without them: one run of
    blanks compressed and flushed in full (so that each run compresses alike), repeated."""
    blanks = b" " * run
    compressor = zlib.compressobj(9)
    head = compressor.compress(blanks) + compressor.flush(zlib.Z_FULL_FLUSH)
    segment = compressor.compress(blanks) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush()[:-4]  # the final block; the checksum is that of the whole
    checksum = 1
    for _ in range(size // run):
        checksum = zlib.adler32(blanks, checksum)
    return head + segment * (size // run - 1) + tail + checksum.to_bytes(4, "big")


def lzw_bomb(size: int) -> bytes:
    """LZW data (with the early change of code width, PDF's default) decoding to at least `size`
    blanks: the clear code, a blank, then codes each naming the last string one blank longer, until
    the table is full (12-bit codes), then its longest string (3,839 blanks) again and again."""
    codes, table, out = [(256, 9), (ord(" "), 9)], 258, 1
    while table < 4096 and out < size:
        codes.append((table, code_width(table)))
        out += table - 256
        table += 1
    codes += [(4095, 12)] * max(0, -(-(size - out) // 3839))
    return packed(codes)


def lzw_encoded(data: bytes) -> bytes:
    """`data` as LZW data of single-byte codes only, the table cleared every 250 (so 9 bits each)."""
    codes = []
    for start in range(0, len(data), 250):
        codes += [(256, 9)] + [(byte, 9) for byte in data[start : start + 250]]
    return packed(codes + [(257, 9)])


def packed(codes: list[tuple[int, int]]) -> bytes:
    """LZW codes, each (code, width), packed high bit first, the last byte padded with zeros."""
    bits = "".join(format(code, f"0{width}b") for code, width in codes)
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def code_width(entries: int) -> int:
    """The width of the next LZW code read while the table holds `entries` strings (early change)."""
    return 9 if entries < 511 else 10 if entries < 1023 else 11 if entries < 2047 else 12


def run_length_bomb(size: int) -> bytes:
    """RunLength data decoding to `size` blanks (a multiple of 128): each pair of bytes 128 of them."""
    return b"\x81 " * (size // 128) + b"\x80"


def run_length_encoded(data: bytes) -> bytes:
    """`data` as RunLength data of literal runs only (128 bytes at most each)."""
    return (
        b"".join(bytes([len(run) - 1]) + run for run in (data[at : at + 128] for at in range(0, len(data), 128)))
        + b"\x80"
    )


def hostile_pdf(path: Path, pages: list[HostilePage], compact: bool = False) -> Path:
    """Write `pages` as a PDF at `path` and return the path. `compact` writes it as PDF 1.5 may:
    every object but the streams in an object stream, indexed by a cross-reference stream (its
    rows compressed with the PNG "Up" predictor) instead of a table."""
    objects: list[bytes] = []
    font = 3 + 2 * len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    for index, page in enumerate(pages):
        content = 4 + 2 * index
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page.width:g} {page.height:g}] "
            f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>".encode()
        )
        data = zlib.compress(page.content, 9) if page.compress else page.content
        layers = ["FlateDecode"] * page.compress + list(page.encoded)
        filters = b" /Filter [%s]" % " ".join(f"/{name}" for name in layers).encode() if layers else b""
        if page.parameters:
            filters += f" /DecodeParms [{'null ' * (len(layers) - 1)}<< {page.parameters} >>]".encode()
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(data), filters) + data + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n" if compact else b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    packed = [number for number, body in enumerate(objects, start=1) if compact and not body.endswith(b"endstream")]
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        if number not in packed:
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    if compact:
        write_compact_index(out, objects, packed, offsets)
    else:
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    Path(path).write_bytes(bytes(out))
    return Path(path)


def write_compact_index(out: bytearray, objects: list[bytes], packed: list[int], offsets: list[int]) -> None:
    """The object stream holding the `packed` objects, and the cross-reference stream after it."""
    stream_number, xref_number = len(objects) + 1, len(objects) + 2
    bodies, places = b"", []
    for number in packed:
        places.append(b"%d %d" % (number, len(bodies)))
        bodies += objects[number - 1] + b"\n"
    header = b" ".join(places) + b"\n"
    data = zlib.compress(header + bodies)
    offsets.append(len(out))
    out += (
        b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Length %d /Filter /FlateDecode >>\nstream\n"
        % (stream_number, len(packed), len(header), len(data))
        + data
        + b"\nendstream\nendobj\n"
    )
    offsets.append(len(out))
    rows = [(0, 0, 65535)]
    for number, offset in enumerate(offsets, start=1):
        rows.append((2, stream_number, packed.index(number)) if number in packed else (1, offset, 0))
    previous, predicted = bytes(7), b""
    for kind, second, third in rows:
        row = bytes([kind]) + second.to_bytes(4, "big") + third.to_bytes(2, "big")
        predicted += b"\x02" + bytes((a - b) & 0xFF for a, b in zip(row, previous))
        previous = row
    data = zlib.compress(predicted)
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d /Filter /FlateDecode "
        b"/DecodeParms << /Predictor 12 /Columns 7 >> >>\nstream\n"
        % (xref_number, len(rows), len(data))
        + data
        + b"\nendstream\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[-1]
