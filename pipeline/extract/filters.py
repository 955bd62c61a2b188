"""The filters of a page's content streams, each decoded within a bound (issue 11: a bomb costs no
more than the bound).

`DECODERS` maps each filter's name (the full and the abbreviated) to a function of the encoded
data and the room left: Flate and RunLength, which can expand many times over (two RunLength
bytes can stand for 128), stop once they have written more than the room, so the caller sees the
bound exceeded without the whole being made; ASCII85 and ASCIIHex shrink their input, bounded by
the file. `rawpdf.RawPdf` decodes content streams with them (a stream of another filter is left
to pdfminer), and `pages.bounded_data` decodes pdfminer's streams with them and LZW, which only
pdfminer decodes here (`pages.lzw_decoded`), as far as a chain holds only these, before pdfminer
decodes them in full.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib


def inflated(raw: bytes, room: int) -> bytes:
    """Flate data inflated, stopped once more than `room` bytes came out (a bomb stops there)."""
    return zlib.decompressobj().decompress(raw, room + 1)


def run_length_decoded(raw: bytes, room: int) -> bytes:
    """RunLength data decoded (PDF 32000-1, 7.4.5), stopped once more than `room` bytes came out:
    two bytes can stand for 128. Written here because pdfminer's `rldecode` has no bound (and fails
    on a truncated run, which is a ValueError here)."""
    out, at = bytearray(), 0
    while at < len(raw) and raw[at] != 128 and len(out) <= room:
        length = raw[at]
        run = raw[at + 1:at + 2 + length] if length < 128 else raw[at + 1:at + 2] * (257 - length)
        if not run or (length < 128 and len(run) != length + 1):
            raise ValueError(f"a run cut short at byte {at}")
        out += run
        at += 2 + length if length < 128 else 2
    return bytes(out)


def ascii85(raw: bytes, room: int) -> bytes:
    """ASCII base-85 data decoded (at most four bytes a character: bounded by the file)."""
    return base64.a85decode(raw.split(b"~>")[0], ignorechars=b" \t\n\r\v\f\x00")


def ascii_hex(raw: bytes, room: int) -> bytes:
    """ASCII hexadecimal data decoded (half as many bytes)."""
    digits = re.sub(rb"[\s\x00]", b"", raw.split(b">")[0])
    return binascii.unhexlify(digits + b"0" * (len(digits) % 2))


DECODERS = {"FlateDecode": inflated, "Fl": inflated, "RunLengthDecode": run_length_decoded, "RL": run_length_decoded,
            "ASCII85Decode": ascii85, "A85": ascii85, "ASCIIHexDecode": ascii_hex, "AHx": ascii_hex}
"""The bounded decoder of each filter, by its name and its abbreviation."""
