"""Every worked example of README's "Using the data", run against the repository's published
versions, its output compared with the one README prints.

An example is a fenced block whose info string names it, ```` ```python example=NAME ````; its
output is the block ```` ```text output=NAME ```` (```` ```json output=NAME ```` for Datasette).
By language: `python` runs in a fresh interpreter in the repository (pandas reads the files),
`sql` runs with sqlite3 on the latest version's networks.sqlite (rows printed as the sqlite3
shell prints them, fields joined by `|`), `sh` runs in bash in the repository, `cdpc` on the
PATH of both being the command line of this checkout, and `http` is a path of Datasette's JSON API, fetched from Datasette
serving the latest version on 127.0.0.1 (the JSON compared as data).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import REPO, get_json

README = REPO / "README.md"
DATASET = REPO / "extracted" / "cdpc-2017-1-rev"
BLOCK = re.compile(r"^```(\w+) (example|output)=([\w-]+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def blocks(kind: str) -> dict[str, tuple[str, str]]:
    """README's examples or outputs by name: (language, text)."""
    found: dict[str, tuple[str, str]] = {}
    for language, what, name, text in BLOCK.findall(README.read_text(encoding="utf-8")):
        if what == kind:
            assert name not in found, f"README.md: two {kind}s named {name}"
            found[name] = (language, text)
    return found


EXAMPLES = blocks("example")


def latest() -> str:
    return (DATASET / "latest").read_text(encoding="utf-8").strip()


def sql_rows(query: str) -> str:
    """The rows of the last statement of `query`, as the sqlite3 shell prints them."""
    with sqlite3.connect(f"{(DATASET / latest() / 'networks.sqlite').as_uri()}?mode=ro", uri=True) as db:
        *before, last = [s for s in query.split(";") if s.strip()]
        for statement in before:
            db.execute(statement)
        rows = db.execute(last).fetchall()
    return "".join("|".join("" if v is None else str(v) for v in row) + "\n" for row in rows)


def run(language: str, code: str, datasette: str, bin_folder: Path) -> str:
    if language == "sql":
        return sql_rows(code)
    if language == "http":
        return get_json(datasette, code.strip())
    command = [sys.executable, "-c", code] if language == "python" else ["bash", "-euo", "pipefail", "-c", code]
    env = {**os.environ, "PYTHONPATH": str(REPO), "PATH": f"{bin_folder}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, check=False)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def datasette(serve_datasette):
    return serve_datasette(DATASET / latest())


@pytest.fixture(scope="module")
def bin_folder(tmp_path_factory) -> Path:
    """A folder holding `cdpc`: the command line of this checkout, first on the examples' PATH."""
    folder = tmp_path_factory.mktemp("bin")
    (folder / "cdpc").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m pipeline "$@"\n', encoding="utf-8")
    (folder / "cdpc").chmod(0o755)
    return folder


def test_the_readme_has_the_five_questions_each_with_its_output():
    outputs = blocks("output")
    assert sorted(outputs) == sorted(EXAMPLES), "an example without its output, or an output without its example"
    questions = {name.split("-")[0] for name in EXAMPLES}
    assert len(questions) == 5, questions
    for question in questions - {"changes"}:
        assert {EXAMPLES[n][0] for n in EXAMPLES if n.startswith(question + "-")} == {"python", "sql", "http"}, question


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_example_prints_what_the_readme_shows(name, datasette, bin_folder):
    language, code = EXAMPLES[name]
    _, shown = blocks("output")[name]
    found = run(language, code, datasette, bin_folder)
    if language == "http":
        assert found == json.loads(shown)
    else:
        assert found == shown
