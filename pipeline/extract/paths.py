"""PDFium's path objects as pdfplumber's edges: what the PDFium page source reads rules from.

`path_objects` walks a page's path objects, form XObjects included, with each one's matrix on
the device; `path_shapes` turns PDFium's segments back into the subpaths pdfminer classifies (a
line, an axis-aligned rectangle, a curve) and `edges_of` gives the edges pdfplumber takes from
each. Numbers are read back as the PDF wrote them (`written`), for pdfminer's roundings.
"""

from __future__ import annotations

import ctypes
import functools
import itertools
from collections.abc import Iterator

from pypdfium2 import raw

Matrix = tuple[float, float, float, float, float, float]


@functools.lru_cache(maxsize=4096)  # a page repeats its sizes, scales and positions
def written(value: float) -> float:
    """A single-precision number from PDFium as the PDF wrote it: the shortest decimal that is the
    same single-precision number (PDF writers print a few decimals; pdfminer reads those)."""
    for digits in (6, 7, 8):
        shortest = float(f"{value:.{digits}g}")
        if ctypes.c_float(shortest).value == value:
            return shortest
    return value


def path_objects(page, ctm: Matrix) -> Iterator[tuple[object, Matrix]]:
    """Every path object of a page or of the forms it draws, with its matrix on the device."""

    def walk(count, get, outer: Matrix):
        for index in range(count):
            obj = get(index)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
                continue
            m = raw.FS_MATRIX()
            raw.FPDFPageObj_GetMatrix(obj, m)
            matrix = multiplied(
                (written(m.a), written(m.b), written(m.c), written(m.d), written(m.e), written(m.f)), outer
            )
            if kind == raw.FPDF_PAGEOBJ_PATH:
                yield obj, matrix
            else:
                yield from walk(
                    raw.FPDFFormObj_CountObjects(obj), lambda i, form=obj: raw.FPDFFormObj_GetObject(form, i), matrix
                )

    yield from walk(raw.FPDFPage_CountObjects(page), lambda i: raw.FPDFPage_GetObject(page, i), ctm)


def multiplied(m: Matrix, n: Matrix) -> Matrix:
    """m then n (pdfminer's `mult_matrix`)."""
    a, b, c, d, e, f = m
    a1, b1, c1, d1, e1, f1 = n
    return (
        a * a1 + b * c1,
        a * b1 + b * d1,
        c * a1 + d * c1,
        c * b1 + d * d1,
        e * a1 + f * c1 + e1,
        e * b1 + f * d1 + f1,
    )


def path_shapes(path, matrix: Matrix) -> Iterator[tuple[str, list[tuple[float, float]]]]:
    """A path's subpaths as pdfminer classifies them ("line", "rect" or "curve") with their points
    on the device: PDFium's segments turned back into pdfminer's operators (m, l, c, h)."""
    ops: list[tuple[str, tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    pending = 0
    a, b, c, d, e, f = matrix
    for index in range(raw.FPDFPath_CountSegments(path)):
        segment = raw.FPDFPath_GetPathSegment(path, index)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        px, py = written(x.value), written(y.value)
        point = (a * px + c * py + e, b * px + d * py + f)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_BEZIERTO:
            pending += 1
            if pending == 3:
                ops.append(("c", point))
                pending = 0
        else:
            ops.append(("m" if kind == raw.FPDF_SEGMENT_MOVETO else "l", point))
        if raw.FPDFPathSegment_GetClose(segment) and pending == 0:
            ops.append(("h", point))
    starts = [i for i, (op, _) in enumerate(ops) if op == "m"]
    for start, end in itertools.pairwise([*starts, len(ops)]):
        if end - start > 1:
            yield classified(ops[start:end])


def classified(subpath: list[tuple[str, tuple[float, float]]]) -> tuple[str, list[tuple[float, float]]]:
    """pdfminer's `paint_path` on one subpath: a line, an axis-aligned closed rectangle, or a curve."""
    shape = "".join(op for op, _ in subpath)
    points = [subpath[0][1] if op == "h" else point for op, point in subpath]
    if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
        shape = shape[:-2] + "h"
        points.pop()
    if shape in ("mlh", "ml"):
        return "line", points[:2]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if points[0] == points[4] and square:
            return "rect", [points[0], points[2]]
    return "curve", points


Edge = tuple[bool, tuple[float, float], tuple[float, float]]
"""Whether pdfplumber counts an edge horizontal (else vertical, as `PdfplumberPages` takes any
edge not horizontal), and its two (x, top) ends."""


def edges_of(kind: str, points: list[tuple[float, float]]) -> list[Edge]:
    """pdfplumber's edges of a line, rectangle or curve: a line is horizontal when its ends are
    level, a rectangle has two horizontal and two vertical sides, a curve's segment is
    horizontal when level and not vertical."""
    if kind == "line":
        return [(points[0][1] == points[1][1], points[0], points[1])]
    if kind == "rect":
        (xa, ta), (xb, tb) = points
        x0, x1, top, bottom = min(xa, xb), max(xa, xb), min(ta, tb), max(ta, tb)
        return [
            (True, (x0, top), (x1, top)),
            (True, (x0, bottom), (x1, bottom)),
            (False, (x0, top), (x0, bottom)),
            (False, (x1, top), (x1, bottom)),
        ]
    return [(p[0] != q[0] and p[1] == q[1], p, q) for p, q in itertools.pairwise(points)]
