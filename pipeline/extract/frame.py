"""A page's frame as pdfplumber has it, for the page source that reads PDFium's coordinates
(`pipeline.extract.pdfium`): pdfminer's device space (the page's /Rotate applied, relative to its
media box), flipped so that `top` grows downwards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.extract.paths import Matrix, written

if TYPE_CHECKING:
    import pypdfium2 as pdfium

PAGE_ROTATIONS = {
    0: lambda x0, y0, x1, y1: (1, 0, 0, 1, -x0, -y0),
    90: lambda x0, y0, x1, y1: (0, -1, 1, 0, -y0, x1),
    180: lambda x0, y0, x1, y1: (-1, 0, 0, -1, x1, y1),
    270: lambda x0, y0, x1, y1: (0, 1, -1, 0, y1, -x0),
}
"""pdfminer's device matrix for each /Rotate, from the media box."""


class Frame:
    """A page's frame as pdfplumber has it: pdfminer's device space (the /Rotate applied,
    relative to the media box), flipped so that `top` grows downwards."""

    def __init__(self, page: pdfium.PdfPage):
        self.rotation = page.get_rotation() % 360
        x0, y0, x1, y1 = (written(v) for v in page.get_mediabox())
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        self.ctm: Matrix = PAGE_ROTATIONS[self.rotation](x0, y0, x1, y1)
        if self.rotation in (90, 270):
            x0, y0, x1, y1 = y0, x0, y1, x1
        self.width, self.height, self.left, self.bottom = x1 - x0, y1 - y0, x0, y0
        self.straight = self.ctm == (1, 0, 0, 1, 0, 0) and x0 == 0
        """Whether the device is user space itself (no rotation, the media box at the origin)."""

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A point of the page's user space on the device (y still upwards), shifted as pdfplumber
        shifts x by the media box's left."""
        a, b, c, d, e, f = self.ctm
        return a * x + c * y + e + self.left, b * x + d * y + f

    def top(self, y: float) -> float:
        """A device height as pdfplumber's distance from the page's top."""
        return self.height - y + -self.bottom  # pdfplumber's sum

    def flipped(self, x: float, y: float) -> tuple[float, float]:
        """A device point as pdfplumber's (x, top)."""
        return x + self.left, self.top(y)

    def turned(self, m: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """The 2×2 part of a matrix followed by the page's rotation."""
        a, b, c, d, _, _ = self.ctm
        return m[0] * a + m[1] * c, m[0] * b + m[1] * d, m[2] * a + m[3] * c, m[2] * b + m[3] * d

    def annotation_box(self, ax: float, ay: float, cx: float, cy: float) -> tuple[float, float, float, float]:
        """An annotation's rectangle as pdfplumber places it (its own rotation of the corners)."""
        turns = self.rotation // 90

        def rotated(x: float, y: float) -> tuple[float, float]:
            for i in range(turns):
                x, y = y, (self.width if i == turns % 2 else self.height) - x
            return x, y

        (x0, y0), (x1, y1) = rotated(ax, ay), rotated(cx, cy)
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        return x0, self.height - y1, x1, self.height - y0
