"""A stdout its reader closed (`cdpc … | head -1`) is the end of the output, not an error: no
message, exit code OUTPUT_CLOSED (141, what a shell reports for a Unix tool stopped by the closed
pipe), through the real CLI for every command that prints; a build has published its version
before it prints, so the version stays.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from pipeline.errors import OUTPUT_CLOSED
from tests.support import PAPER, REPO, run_cdpc

DOCUMENT = "cdpc-2017-1-rev"


def with_stdout_closed(*args) -> subprocess.CompletedProcess:
    """`cdpc ARGS` with stdout a pipe whose reading end is closed before the command starts, so that
    its first write finds no reader (as after `head -1` has read its line)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=REPO, stdout=write, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL)
    finally:
        os.close(write)


@pytest.mark.parametrize("command", [
    ("verify",),
    ("diff", f"{DOCUMENT}@v1", f"{DOCUMENT}@v2"),
    ("diff", f"{DOCUMENT}@v1", f"{DOCUMENT}@v2", "--format", "json"),
    ("export", f"{DOCUMENT}@v2", "--format", "jsonl"),
])
def test_a_closed_stdout_ends_the_output_quietly(published, command):
    done = with_stdout_closed(*command, "--root", published)
    assert (done.returncode, done.stderr) == (OUTPUT_CLOSED, b"")


@pytest.mark.parametrize("command", ["extract", "check", "normalise"])  # `check` would exit 1: it lists entries to review
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
    command = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", PAPER], cwd=REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": unbuffered})
    assert command.stdout.readline() == b"{\n"
    command.stdout.close()
    assert (command.wait(timeout=60), command.stderr.read()) == (OUTPUT_CLOSED, b"")
    command.stderr.close()
