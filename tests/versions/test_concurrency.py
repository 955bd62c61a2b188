"""One writer at a time on a root, through real `cdpc build` subprocesses: two revisions and a
no-op build started together, repeated; a second writer that waits and gives up; cleaning that
removes only what dead builds left; published files read-only.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.versions.lock import host_name
from pipeline.versions.store import verify
from tests.builders import refused
from tests.support import REPO, run_cdpc

DOCUMENT = "pc-oc-mod-2020-03rev2"
ROUNDS = 3


@pytest.fixture(scope="module")
def papers(tmp_path_factory, small_catalogue) -> dict[str, Path]:
    """The first printing (rows 2-5 of the 2020 fixture) and two revisions of it (one row more, one less)."""
    folder = tmp_path_factory.mktemp("papers")
    return {
        "first": small_catalogue(folder / "first.pdf", 2, 6),
        "longer": small_catalogue(folder / "longer.pdf", 2, 7),
        "shorter": small_catalogue(folder / "shorter.pdf", 2, 5),
    }


@pytest.fixture(scope="module")
def template(tmp_path_factory, papers) -> Path:
    """A root with v1 built from the first printing, and an empty corrections folder."""
    root = tmp_path_factory.mktemp("template")
    (root / "corrections").mkdir()
    done = run_cdpc("build", papers["first"], "--root", root)
    assert done.returncode == 0, done.stderr
    return root


def start_build(*args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", *map(str, args)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )


@pytest.mark.parametrize("round", range(ROUNDS))
def test_two_revisions_and_a_no_op_build_started_together(tmp_path, template, papers, round):
    root = tmp_path / "root"
    shutil.copytree(template, root)
    builds = {
        "longer": start_build(papers["longer"], "--accept-revision", "--root", root),
        "shorter": start_build(papers["shorter"], "--accept-revision", "--root", root),
        "no-op": start_build(papers["first"], "--root", root),
    }
    outcomes = {name: (p.wait(timeout=120), *p.communicate()) for name, p in builds.items()}
    for name, (_code, _out, err) in outcomes.items():
        assert "Traceback" not in err and err.count("\n") <= 1, (name, err)
    assert outcomes["longer"][0] == 0 and outcomes["shorter"][0] == 0, outcomes
    no_op_code, no_op_out, no_op_err = outcomes["no-op"]
    # before both revisions it finds v1 up to date; after either, its paper is a revision it was not allowed
    assert (no_op_code == 0 and "v1: up to date" in no_op_out) or (
        no_op_code == 22 and "pass --accept-revision" in no_op_err
    ), outcomes["no-op"]

    folder = root / "extracted" / DOCUMENT
    assert sorted(p.name for p in folder.iterdir()) == ["latest", "v1", "v2", "v3"]
    assert (folder / "latest").read_text() == "v3\n"
    sources = {json.loads((folder / v / "manifest.json").read_text())["source"]["file"] for v in ("v2", "v3")}
    assert sources == {"longer.pdf", "shorter.pdf"}
    for version in ("v1", "v2", "v3"):
        verify(folder / version)
    checked = run_cdpc("verify", "--root", root)
    assert checked.returncode == 0 and checked.stdout.count(": ok (") == 3, checked.stderr


def hold_lock(extracted: Path):
    """Hold the writer's lock on `extracted` from this process, as a running build would."""
    fd = os.open(extracted, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def test_a_second_writer_waits_then_gives_up_with_its_own_code(tmp_path, template, papers):
    root = tmp_path / "root"
    shutil.copytree(template, root)
    fd = hold_lock(root / "extracted")
    try:
        started = time.monotonic()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pipeline",
                "build",
                str(papers["longer"]),
                "--accept-revision",
                "--root",
                str(root),
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            env={**os.environ, "CDPC_LOCK_WAIT": "1.5"},
        )
        waited = time.monotonic() - started
    finally:
        os.close(fd)
    refused(done, 40, str(root / "extracted"), "another cdpc command has been writing here for over 1.5 s")
    assert waited >= 1.5
    assert sorted(p.name for p in (root / "extracted" / DOCUMENT).iterdir()) == ["latest", "v1"]
    done = run_cdpc(
        "build", papers["longer"], "--accept-revision", "--root", root
    )  # the lock released, it goes through
    assert done.returncode == 0 and "v2: written" in done.stdout, done.stderr


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_cleaning_removes_only_what_dead_builds_left(tmp_path, template, papers):
    root = tmp_path / "root"
    shutil.copytree(template, root)
    folder = root / "extracted" / DOCUMENT
    live = folder / f".v2.{host_name()}.{os.getpid()}.abc123.tmp"
    dead = folder / f".v2.{host_name()}.{dead_pid()}.def456.tmp"
    elsewhere = folder / ".v2.another-host.1.ghi789.tmp"
    legacy = folder / ".v2.jkl012.tmp"
    for leftover in (live, dead, elsewhere, legacy):
        (leftover).mkdir()
        (leftover / "networks.json").write_text("{}")
    (folder / ".latest.mno345.tmp").write_text("v2\n")
    done = run_cdpc("build", papers["first"], "--root", root)
    assert done.returncode == 0 and "up to date" in done.stdout, done.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted(["latest", "v1", live.name, elsewhere.name])


def test_published_files_are_read_only(template):
    version = template / "extracted" / DOCUMENT / "v1"
    assert {oct(p.stat().st_mode & 0o777) for p in version.iterdir()} == {"0o444"}
