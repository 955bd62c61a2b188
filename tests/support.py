"""Plain helpers shared by the tests: where things are, and the CLI as a subprocess."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAPER = REPO / "source_docs" / "CDPC-2017-1-rev.pdf"
GOLDEN = Path(__file__).resolve().parent / "golden"


def run_cdpc(*args, cwd: Path | None = None, text: bool = True) -> subprocess.CompletedProcess:
    """Run the real `cdpc` command line in a subprocess and capture what it prints: as text (its
    line ends translated), or with `text=False` as the raw bytes."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        cwd=cwd or REPO,
        capture_output=True,
        text=text,
        stdin=subprocess.DEVNULL,
    )


MEASURED = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[2:]); used = "
    "resource.getrusage(resource.RUSAGE_CHILDREN); "
    "open(sys.argv[1], 'w').write(f'{used.ru_maxrss} {used.ru_utime + used.ru_stime}'); sys.exit(code)"
)
"""Runs a command and writes the peak resident size (KB) of its largest process and the CPU seconds
of all its processes to a file: measured from a small process, since a child forked from the big
test process would count the test's memory as its own."""


def run_measured(*args, cwd: Path | None = None, env: dict | None = None, timeout: float = 120):
    """Run the real `cdpc` in a subprocess: (the completed process, wall seconds, peak resident MB of
    its largest process), the CPU seconds of all its processes as the completed process's
    `cpu_seconds`. Killed (its whole process group) after `timeout` seconds, which fails the test."""
    with tempfile.TemporaryDirectory() as folder:
        out, err, peak = (Path(folder) / name for name in ("out", "err", "peak"))
        with out.open("wb") as stdout, err.open("wb") as stderr:
            started = time.monotonic()
            process = subprocess.Popen(
                [sys.executable, "-c", MEASURED, str(peak), sys.executable, "-m", "pipeline", *map(str, args)],
                cwd=cwd or REPO,
                stdout=stdout,
                stderr=stderr,
                stdin=subprocess.DEVNULL,
                env=env,
                start_new_session=True,
            )
            killer = threading.Timer(timeout, os.killpg, (process.pid, 9))
            killer.start()
            code = process.wait()
            killer.cancel()
            seconds = time.monotonic() - started
        assert seconds < timeout, f"killed after {timeout} s"
        done = subprocess.CompletedProcess(process.args, code, out.read_text(), err.read_text())
        peak_kb, done.cpu_seconds = (float(figure) for figure in peak.read_text().split())
        return done, seconds, peak_kb / 1024


def on_a_terminal(*args) -> str:
    """What `cdpc ARGS` writes to stderr when stderr is a terminal (stdout to a pipe); it must succeed."""
    leader, follower = os.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=follower,
        stdin=subprocess.DEVNULL,
    )
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def datasette_server(folder: Path):
    """Datasette serving the version folder's networks.sqlite with its metadata.json on 127.0.0.1,
    as the README's command does; yields its base URL and stops it after."""
    import pytest

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "datasette",
            "serve",
            "networks.sqlite",
            "-m",
            "metadata.json",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"Datasette did not start: "
                        f"{server.stderr.read().decode() if server.poll() is not None else 'timeout'}"
                    )
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def get_json(base: str, path: str, **params):
    """What Datasette's JSON API answers at `path` (its query string in `path` or as `params`)."""
    url = f"{base}{path}" + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())
