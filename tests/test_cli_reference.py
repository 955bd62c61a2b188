"""README's generated sections (`scripts/cli_reference.py`) agree with the code, and `cdpc --help` cuts no summary."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipeline.cli import main
from tests.support import REPO, run_cdpc

SCRIPT = REPO / "scripts" / "cli_reference.py"


def cli_reference(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, SCRIPT, *map(str, args)], cwd=REPO, capture_output=True, text=True)


def test_readme_holds_what_the_code_gives():
    done = cli_reference("--check")
    assert done.returncode == 0, done.stderr


def test_a_drifted_readme_fails_the_check_and_is_written_again(tmp_path: Path):
    readme = tmp_path / "README.md"
    original = (REPO / "README.md").read_text(encoding="utf-8")
    readme.write_text(original.replace("| 23 | `build`, `carry-over`, `diff`, `verify`, `report`, `export`, `site` |", "| 23 | `build` |"), encoding="utf-8")
    done = cli_reference("--readme", readme, "--check")
    assert done.returncode == 1
    assert "-| 23 | `build` |" in done.stderr
    assert cli_reference("--readme", readme).returncode == 0
    assert readme.read_text(encoding="utf-8") == original


def test_every_command_summary_is_whole_in_cdpc_help():
    listing = " ".join(run_cdpc("--help").stdout.split("Commands:")[1].split())
    for command in main.commands.values():
        assert command.short_help and command.short_help in listing
    assert "..." not in listing
