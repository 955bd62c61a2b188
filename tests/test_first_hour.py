"""A new user's first hour: the README's two commands as written, and the licence and citation.

The commands are read from README.md (the ```sh block between `<!-- command: NAME -->` and
`<!-- /command -->`, tagged `covered-by=` the test here that runs it), so these tests follow the
README, not a copy of it. The first command runs in
a clone of this repository's committed HEAD (uncommitted changes are not in it), which makes its
own new virtual environment: marked `slow` (about a minute), left out by `-m "not slow"`. The
second command is the whole suite: run from inside the suite it would recurse, so the test is that
`.ci/run` runs exactly it. `CITATION.cff` must give the version of `pyproject.toml` and the licence
of `LICENSE`.
"""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from pipeline.version import VERSION
from tests.support import REPO

# The first line of each licence text this project could carry, and its SPDX id.
SPDX_BY_LICENCE_TITLE = {"MIT License": "MIT", "Apache License": "Apache-2.0"}


def readme_command(name: str) -> str:
    """The shell command the README shows between the markers of `name`."""
    found = re.findall(
        rf"<!-- command: {name} -->\n```sh[^\n]*\n(.*?)\n```\n<!-- /command -->",
        (REPO / "README.md").read_text(encoding="utf-8"),
        re.S,
    )
    assert len(found) == 1, f"README.md: expected one command marked {name!r}, found {len(found)}"
    return found[0]


def new_user_environment() -> dict[str, str]:
    """This process's environment without what points Python at this checkout or its venv."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    active_venv = os.environ.get("VIRTUAL_ENV")
    if active_venv:
        bin_dir = str(Path(active_venv) / "bin")
        env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != bin_dir)
    return env


def git(*args: str, cwd: Path) -> str:
    """What a git command prints (it must succeed)."""
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def fresh_clone(tmp_path: Path) -> Path:
    """A `git clone` of this repository's committed HEAD, as a new user gets it."""
    if subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True).returncode:
        pytest.skip(f"{REPO} is not a git checkout with a commit")
    git("clone", "--quiet", str(REPO), str(tmp_path / "cdpc-catalogue"), cwd=tmp_path)
    return tmp_path / "cdpc-catalogue"


@pytest.mark.slow
def test_readme_first_command_on_a_fresh_clone(tmp_path):
    checkout = fresh_clone(tmp_path)
    done = subprocess.run(
        ["bash", "-c", readme_command("first")],
        cwd=checkout,
        env=new_user_environment(),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    latest = (checkout / "extracted" / "cdpc-2017-1-rev" / "latest").read_text().strip()
    assert f"cdpc-2017-1-rev {latest}: up to date" in done.stdout, done.stdout
    installed = subprocess.run(
        [checkout / ".venv/bin/python", "-c", "import pipeline; print(pipeline.__file__)"],
        cwd=tmp_path,
        env=new_user_environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(installed.stdout.strip()).is_relative_to(checkout)  # the clone's code, editable
    assert "include-system-site-packages = false" in (checkout / ".venv/pyvenv.cfg").read_text()
    assert git("status", "--porcelain", cwd=checkout) == ""  # nothing written; .venv/ is ignored


def test_ci_runs_exactly_the_readme_test_command():
    steps = [
        line
        for line in (REPO / ".ci/run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert steps == ["set -euo pipefail", 'cd "$(dirname "$0")/.."', readme_command("test")]


def test_citation_gives_the_project_version_and_licence():
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    licence_title = (REPO / "LICENSE").read_text(encoding="utf-8").splitlines()[0].strip()
    assert citation["cff-version"] == "1.2.0"
    assert project["dynamic"] == ["version"]
    assert tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["dynamic"] == {
        "version": {"attr": "pipeline.version.VERSION"}
    }
    assert citation["version"] == VERSION == metadata.version(project["name"])
    assert citation["license"] == SPDX_BY_LICENCE_TITLE[licence_title] == project["license"]
    assert [reference["number"] for reference in citation["references"]] == ["CDPC (2017) 1_rev"]
