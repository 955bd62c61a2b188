"""A stdout its reader closed (`cdpc … | head -1`) is the end of the output, not an error: no
message, exit code OUTPUT_CLOSED (141, what a shell reports for a Unix tool stopped by the closed
pipe), through the real CLI for every command that prints, when the reader leaves mid-output
too; a build has published its version before it prints, so the version stays. A stdout that
cannot be written (closed before the command began, or on a full disk) is one error line.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from pipeline.errors import OUTPUT_CLOSED, FileSystemFailure
from tests.support import PAPER, REPO, run_cdpc

DOCUMENT = "cdpc-2017-1-rev"


def with_stdout_closed(*args) -> subprocess.CompletedProcess:
    """`cdpc ARGS` with stdout a pipe whose reading end is closed before the command starts, so that
    its first write finds no reader (as after `head -1` has read its line)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "pipeline", *map(str, args)],
            cwd=REPO,
            stdout=write,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize(
    "command",
    [
        ("verify",),
        ("diff", f"{DOCUMENT}@v1", f"{DOCUMENT}@v2"),
        ("diff", f"{DOCUMENT}@v1", f"{DOCUMENT}@v2", "--format", "json"),
        ("export", f"{DOCUMENT}@v2", "--format", "jsonl"),
    ],
)
def test_a_closed_stdout_ends_the_output_quietly(published, command):
    done = with_stdout_closed(*command, "--root", published)
    assert (done.returncode, done.stderr) == (OUTPUT_CLOSED, b"")


@pytest.mark.parametrize(
    "command", ["extract", "check", "normalise"]
)  # `check` would exit 1: it lists entries to review
def test_a_closed_stdout_ends_the_output_of_the_pdf_commands(command, small_catalogue, tmp_path):
    pdf = small_catalogue(tmp_path / "small.pdf", 0, 2)
    done = with_stdout_closed(command, pdf)
    assert (done.returncode, done.stderr) == (OUTPUT_CLOSED, b"")


def test_a_build_whose_reader_is_gone_has_published_its_version(small_catalogue, tmp_path):
    pdf = small_catalogue(tmp_path / "small.pdf", 0, 2)
    root = tmp_path / "root"
    (root / "corrections").mkdir(parents=True)
    done = with_stdout_closed("build", pdf, "--root", root)
    assert (done.returncode, done.stderr) == (OUTPUT_CLOSED, b"")
    verified = run_cdpc("verify", "--root", root)
    assert verified.returncode == 0 and verified.stdout.startswith("pc-oc-mod-2020-03rev2 v1: ok ("), verified.stdout


@pytest.mark.parametrize("unbuffered", ["1", ""])
def test_a_reader_leaving_mid_output_ends_it_quietly(unbuffered):
    """`cdpc extract PAPER | head -1`: the reader leaves after the first line, with most of the
    210 KB unwritten, buffered or not (PYTHONUNBUFFERED, which these machines set, used to drop
    the rest and exit 0)."""
    command = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract", PAPER],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": unbuffered},
    )
    assert command.stdout.readline() == b"{\n"
    command.stdout.close()
    assert (command.wait(timeout=60), command.stderr.read()) == (OUTPUT_CLOSED, b"")
    command.stderr.close()


FULL_DISK = b"cdpc: error: <stdout>: No space left on device\n"


@pytest.mark.parametrize("command", [("verify",), ("extract", PAPER), ("--help",)])
def test_a_stdout_on_a_full_disk_is_one_error_line(published, command):
    """Short output, 210 KB of it, and click's own help: one line naming <stdout>, exit 43."""
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pipeline",
                *map(str, command),
                *(["--root", published] if command[0] == "verify" else []),
            ],
            cwd=REPO,
            stdout=full,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
    assert (done.returncode, done.stderr) == (FileSystemFailure.exit_code, FULL_DISK)


def test_a_stdout_closed_before_the_command_began_is_one_error_line(published):
    done = subprocess.run(
        ["bash", "-c", 'exec "$0" -m pipeline verify --root "$1" >&-', sys.executable, published],
        cwd=REPO,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    assert (done.returncode, done.stderr) == (
        FileSystemFailure.exit_code,
        b"cdpc: error: <stdout>: Bad file descriptor (closed before cdpc began)\n",
    )
