"""A tiny hand-written PDF writer for hostile structures the renderer never makes: content streams
that inflate far beyond their size, pages of huge size, hundreds of thousands of drawn segments.

`hostile_pdf(path, pages)` writes one page per `HostilePage`: its content (bytes, Flate-compressed
when `compress`), its size in points, and a Helvetica font for any text. The cross-reference table
is exact, so PDF readers open the file without repairing it. Dev-only, like the rest of `rendering`.
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


def text_content(lines: list[str], size: float = 10, top: float = 800, left: float = 50) -> bytes:
    """A content stream printing `lines` in Helvetica, one below the other."""
    body = [b"BT", f"/F1 {size} Tf".encode(), f"{left} {top} Td".encode(), f"{size * 1.2} TL".encode()]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        body.append(f"({escaped}) Tj T*".encode("latin-1"))
    body.append(b"ET")
    return b"\n".join(body) + b"\n"


def hostile_pdf(path: Path, pages: list[HostilePage]) -> Path:
    """Write `pages` as a PDF at `path` and return the path."""
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
        flate = b" /Filter /FlateDecode" if page.compress else b""
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(data), flate) + data + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    Path(path).write_bytes(bytes(out))
    return Path(path)
