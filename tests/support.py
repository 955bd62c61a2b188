"""Plain helpers shared by the tests: where things are, and the CLI as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
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


def run_measured(*args, cwd: Path | None = None, env: dict | None = None, timeout: float = 120):
    """Run the real `cdpc` in a subprocess: (the completed process, wall seconds, peak resident MB)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-m", "pipeline", *map(str, args)], cwd=cwd or REPO, stdout=out,
                                   stderr=err, stdin=subprocess.DEVNULL, env=env)
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        _, status, usage = os.wait4(process.pid, 0)
        killer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        assert seconds < timeout, f"killed after {timeout} s"
        out.seek(0), err.seek(0)
        done = subprocess.CompletedProcess(process.args, process.returncode, out.read().decode(), err.read().decode())
    return done, seconds, usage.ru_maxrss / 1024
