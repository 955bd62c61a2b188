"""Plain helpers shared by the tests: where things are, and the CLI as a subprocess."""

from __future__ import annotations

import os
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


def on_a_terminal(*args) -> str:
    """What `cdpc ARGS` writes to stderr when stderr is a terminal (stdout to a pipe); it must succeed."""
    leader, follower = os.openpty()
    done = subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=REPO, stdout=subprocess.PIPE,
                          stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert done.returncode == 0
    return b"".join(chunks).decode("utf-8")
