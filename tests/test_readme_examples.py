"""Every example of README.md and of the pages of docs/, run, its output compared with the one the
page shows; and no example left untagged, so none escapes.

Each fenced block names its language and may carry attributes after it
(```` ```sh example=NAME exit=1 ````, values with spaces in double quotes):

- `example=NAME`: run, in the order of PAGES (README.md, CONTRIBUTING.md, then docs/ by path) and of each page, in
  one root (an example may read what one before it wrote: `cdpc normalise extraction.json`), and what it prints on
stdout compared with the block
  ```` ```text output=NAME ```` (```` ```json output=NAME ```` for Datasette, compared as data); an
  example without an output block must print nothing. `exit=N`: the status it ends with (default 0).
- `covered-by=tests/FILE.py::TEST`: a command another test runs as the page gives it (the first
  command's fresh clone, the suite that `.ci/run` runs); the test must exist.
- `not-run="REASON"`: a command no test runs, and why (an install, a benchmark of minutes).

Blocks in the languages that run (`sh`, `bash`, `console`, `shell`, `python`, `sql`, `http`) must
carry one of the three; every other block must name its language (`text`, `json`, `yaml`…), so no
command hides in a bare ```` ``` ````.

How each language runs: `python` in a fresh interpreter, `sh` in `bash -eo pipefail`, both with
`cdpc` on the PATH as this checkout's command line (and `PYTHONPATH` this checkout); `sql` as the
sqlite3 shell runs it on the latest version's networks.sqlite (every statement's rows, fields
joined by `|`); `http` is a path of Datasette's JSON API, fetched from Datasette serving the latest
version on 127.0.0.1 (one server for all). Everything runs in a temporary copy of the repository's
root (source_docs/, corrections/, extracted/), never in the repository: its `cdpc build` runs
first, so the examples read the latest version the code publishes (the committed one when it is up
to date). Placeholder: `/tmp/` in an example is a temporary folder of the run's own, printed back as
`/tmp/`. `COLUMNS=80` for tools that fit their tables to a terminal.

When the published data changes (a new version), write the pages' outputs again from what the
examples print: `python3 -m pytest tests/test_readme_examples.py --update-readme`, and read the diff.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support import REPO, get_json, run_cdpc

PAGES = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").rglob("*.md"))]
"""Every page whose blocks are checked and examples run: the README, CONTRIBUTING, every page of docs/."""
DOCUMENT = "cdpc-2017-1-rev"
FENCE = re.compile(r"^( *)```([^\n]*)\n(.*?)^\1```$", re.MULTILINE | re.DOTALL)
RUNNABLE = {"sh", "bash", "console", "shell", "python", "sql", "http"}
TAGS = {"example", "output", "exit", "covered-by", "not-run", "summary", "revision"}
SCRATCH = "/tmp/"
SQL_RUNNER = """
import sqlite3, sys
database, script = sys.argv[1], sys.stdin.read()
with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
    statement = ""
    for piece in script.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement) and statement.strip(" \\n;"):
            for row in db.execute(statement).fetchall():
                print("|".join("" if v is None else str(v) for v in row))
            statement = ""
"""
"""The sqlite3 shell's way: each statement run in turn, each row printed, fields joined by `|`."""


@dataclass
class Block:
    page: str
    line: int
    language: str
    text: str
    tags: dict[str, str] = field(default_factory=dict)


def fenced_blocks(source: str, page: str) -> list[Block]:
    """Every fenced block of a page, in order: its page (a path from the repository), line, language,
    attributes and text (indent removed)."""
    found = []
    for match in FENCE.finditer(source):
        indent, info, text = match.groups()
        language, *attributes = shlex.split(info) or [""]
        tags = dict(a.split("=", 1) if "=" in a else (a, "") for a in attributes)
        lines = [line.removeprefix(indent) for line in text.splitlines(keepends=True)]
        found.append(Block(page, source.count("\n", 0, match.start()) + 1, language, "".join(lines), tags))
    return found


def page_name(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


BLOCKS = [block for path in PAGES for block in fenced_blocks(path.read_text(encoding="utf-8"), page_name(path))]
EXAMPLES = {b.tags["example"]: b for b in BLOCKS if "example" in b.tags}
OUTPUTS = {b.tags["output"]: b for b in BLOCKS if "output" in b.tags}


def untagged(blocks: list[Block]) -> list[str]:
    """What is wrong with the blocks' tags, one line each: a block without a language, an unknown
    attribute, a command that says neither example=, covered-by= nor not-run= (or more than one)."""
    wrong = []
    for block in blocks:
        if not block.language:
            wrong.append(f"{block.page}:{block.line}: a fenced block without a language")
        if set(block.tags) - TAGS:
            wrong.append(f"{block.page}:{block.line}: unknown attributes {sorted(set(block.tags) - TAGS)}")
        if (
            block.language in RUNNABLE
            and len([t for t in ("example", "covered-by", "not-run") if block.tags.get(t)]) != 1
        ):
            wrong.append(
                f"{block.page}:{block.line}: a {block.language} block needs one of example=, covered-by=, not-run="
            )
    return wrong


def test_every_block_names_its_language_and_every_command_says_how_it_is_checked():
    assert untagged(BLOCKS) == []


def test_an_untagged_command_is_found_wherever_it_hides():
    readme = (
        "```sh\ncdpc build\n```\n\n```\nls\n```\n\n"
        "1. step\n\n   ```console\n   $ cdpc verify\n   ```\n\n"
        "```sh exampel=x\nls\n```\n"
    )
    assert untagged(fenced_blocks(readme, "README.md")) == [
        "README.md:1: a sh block needs one of example=, covered-by=, not-run=",
        "README.md:5: a fenced block without a language",
        "README.md:11: a console block needs one of example=, covered-by=, not-run=",
        "README.md:15: unknown attributes ['exampel']",
        "README.md:15: a sh block needs one of example=, covered-by=, not-run=",
    ]


def test_every_example_has_one_name_and_every_output_its_example():
    names = [b.tags["example"] for b in BLOCKS if "example" in b.tags]
    assert len(names) == len(set(names)), "two examples of one name"
    outputs = [b.tags["output"] for b in BLOCKS if "output" in b.tags]
    assert len(outputs) == len(set(outputs)) and set(outputs) <= set(names), "an output without its example, or two"


def test_every_covering_test_exists():
    for block in BLOCKS:
        if "covered-by" in block.tags:
            path, _, name = block.tags["covered-by"].partition("::")
            module = ast.parse((REPO / path).read_text(encoding="utf-8"))
            tests = {node.name for node in module.body if isinstance(node, ast.FunctionDef)}
            assert name.startswith("test_") and name in tests, (
                f"{block.page}:{block.line}: no test {block.tags['covered-by']}"
            )


QUESTIONS = ("country", "members", "countries", "crime", "changes")
"""The five questions of "Using the data", each answered by examples QUESTION-pandas, -sql and -datasette."""


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_question_is_answered_in_pandas_sql_and_datasette(question):
    answers = [EXAMPLES.get(f"{question}-{way}") for way in ("pandas", "sql", "datasette")]
    assert [a.language if a else None for a in answers] == ["python", "sql", "http"]


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """A copy of the repository's root, the latest version as the code publishes it built there."""
    copy = tmp_path_factory.mktemp("readme") / "root"
    for folder in ("source_docs", "corrections", "extracted"):
        shutil.copytree(REPO / folder, copy / folder)
    built = run_cdpc("build", "--quiet", cwd=copy)
    assert built.returncode == 0, built.stderr
    return copy


@pytest.fixture(scope="module")
def datasette(serve_datasette, root):
    return serve_datasette(latest(root))


@pytest.fixture(scope="module")
def bin_folder(tmp_path_factory) -> Path:
    """A folder holding `cdpc`: the command line of this checkout, first on the examples' PATH."""
    folder = tmp_path_factory.mktemp("bin")
    (folder / "cdpc").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m pipeline "$@"\n', encoding="utf-8")
    (folder / "cdpc").chmod(0o755)
    return folder


def latest(root: Path) -> Path:
    folder = root / "extracted" / DOCUMENT
    return folder / (folder / "latest").read_text(encoding="utf-8").strip()


def run(block: Block, root: Path, datasette: str, bin_folder: Path, scratch: Path):
    """What the example prints (Datasette's answer as data), once it ended with the status its tag
    says: `/tmp/` in the code is `scratch`, and back in the output. Run as the page says, with the
    virtual environment activated: the environment's own commands (`frictionless`, `datasette`) on
    PATH after `cdpc` of this checkout."""
    code = block.text.replace(SCRATCH, f"{scratch}/")
    if block.language == "http":
        return get_json(datasette, code.strip())
    if block.language == "sql":
        command = [sys.executable, "-c", SQL_RUNNER, str(latest(root) / "networks.sqlite")]
    elif block.language == "python":
        command = [sys.executable, "-c", code]
    else:
        command = ["bash", "-eo", "pipefail", "-c", code]
    path = os.pathsep.join([str(bin_folder), str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = {**os.environ, "PYTHONPATH": str(REPO), "PATH": path, "COLUMNS": "80"}
    done = subprocess.run(
        command,
        cwd=root,
        input=code if block.language == "sql" else None,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode == int(block.tags.get("exit", 0)), done.stderr
    return done.stdout.replace(f"{scratch}/", SCRATCH)


def shown(name: str) -> str:
    return OUTPUTS[name].text if name in OUTPUTS else ""


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_the_example_prints_what_its_page_shows(name, root, datasette, bin_folder, tmp_path, request):
    block = EXAMPLES[name]
    found = run(block, root, datasette, bin_folder, tmp_path)
    if request.config.getoption("--update-readme"):
        write_output(name, found)
    elif block.language == "http":
        assert found == json.loads(shown(name))
    else:
        assert found == shown(name), f"{block.page}:{block.line}: example {name} prints something else"


def write_output(name: str, found) -> None:
    """Put what example `name` printed into its page's output block for it (which must exist, unless it printed
    nothing)."""
    if isinstance(found, list):
        found = "[\n" + ",\n".join("  " + json.dumps(row, ensure_ascii=False) for row in found) + "\n]\n"
    if name not in OUTPUTS:
        assert not found, f"{EXAMPLES[name].page}: example {name} prints something; add its ```text output={name} block"
        return
    page = REPO / OUTPUTS[name].page
    text = page.read_text(encoding="utf-8")
    block = next(m for m in FENCE.finditer(text) if f"output={name}" in m[2].split())
    indent = block[1]
    body = "".join(indent + line if line.strip() else line for line in found.splitlines(keepends=True))
    page.write_text(text[: block.start(3)] + body + text[block.end(3) :], encoding="utf-8")
