"""Plain helpers shared by the tests: where things are, and the CLI as a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAPER = REPO / "source_docs" / "CDPC-2017-1-rev.pdf"
GOLDEN = Path(__file__).resolve().parent / "golden"


def run_cdpc(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real `cdpc` command line in a subprocess and capture what it prints."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        cwd=cwd or REPO,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
