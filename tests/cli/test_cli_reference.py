"""The generated sections of README.md and docs/ (`scripts/cli_reference.py`) agree with the code, and `cdpc
--help` cuts
no summary."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from pipeline.cli import main
from tests.support import REPO, run_cdpc

SCRIPT = REPO / "scripts" / "cli_reference.py"


def cli_reference(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, SCRIPT, *map(str, args)], cwd=REPO, capture_output=True, text=True)


def test_the_pages_hold_what_the_code_gives():
    done = cli_reference("--check")
    assert done.returncode == 0, done.stderr


def copy_of_the_pages(folder: Path) -> Path:
    """README.md and docs/ copied into `folder`."""
    shutil.copy(REPO / "README.md", folder / "README.md")
    shutil.copytree(REPO / "docs", folder / "docs")
    return folder


def test_a_drifted_page_fails_the_check_and_is_written_again(tmp_path: Path):
    root = copy_of_the_pages(tmp_path)
    page = root / "docs" / "security.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(
        original.replace(
            "| 23 | `build`, `carry-over`, `diff`, `verify`, `report`, `export`, `site` |", "| 23 | `build` |"
        ),
        encoding="utf-8",
    )
    done = cli_reference("--root", root, "--check")
    assert done.returncode == 1
    assert "-| 23 | `build` |" in done.stderr
    assert cli_reference("--root", root).returncode == 0
    assert page.read_text(encoding="utf-8") == original


def test_a_section_on_no_page_or_on_two_is_refused(tmp_path: Path):
    root = copy_of_the_pages(tmp_path)
    data = root / "docs" / "data.md"
    text = data.read_text(encoding="utf-8")
    data.write_text(
        text.replace("<!-- table-columns:start -->", "").replace("<!-- table-columns:end -->", ""), encoding="utf-8"
    )
    done = cli_reference("--root", root, "--check")
    assert done.returncode == 1 and "table-columns" in done.stderr and "none" in done.stderr
    data.write_text(text, encoding="utf-8")
    (root / "docs" / "twice.md").write_text("<!-- exit-codes:start -->\n<!-- exit-codes:end -->\n", encoding="utf-8")
    done = cli_reference("--root", root, "--check")
    assert done.returncode == 1 and "exit-codes" in done.stderr and "twice.md" in done.stderr


def test_every_command_summary_is_whole_in_cdpc_help():
    listing = " ".join(run_cdpc("--help").stdout.split("Commands:")[1].split())
    for command in main.commands.values():
        assert command.short_help and command.short_help in listing
    assert "..." not in listing
