"""What a command tells a person at a terminal while it works: pages read or rendered, a step begun
(rows normalised, a version's files written).

`Progress.for_terminal(quiet)` draws on stderr only when stderr is a terminal and the command was
not given `--quiet`; otherwise (and `SILENT`) it says nothing, so pipes, files and tests see only
the command's output. A page counter is redrawn in place and ends its line when the last page
is read; a step is one line.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True)
class Progress:
    stream: TextIO | None

    @classmethod
    def for_terminal(cls, quiet: bool) -> Progress:
        return cls(None if quiet or not sys.stderr.isatty() else sys.stderr)

    def pages(self, done: int, total: int) -> None:
        """After each page read: 'Reading pages  12/26', redrawn, ending its line at the last."""
        self.counted("Reading pages", done, total)

    def rendered(self, done: int, total: int) -> None:
        """After each page rendered (for the report's crops): 'Rendering pages  3/26', likewise."""
        self.counted("Rendering pages", done, total)

    def counted(self, what: str, done: int, total: int) -> None:
        if self.stream is not None:
            self.stream.write(f"\r{what} {done:>{len(str(total))}}/{total}" + ("\n" if done == total else ""))
            self.stream.flush()

    def step(self, message: str) -> None:
        """A step begun, e.g. 'Normalising 39 rows'."""
        if self.stream is not None:
            self.stream.write(f"{message}…\n")
            self.stream.flush()


SILENT = Progress(None)
