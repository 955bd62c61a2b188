"""Hostile correction files through the real `cdpc build`: an alias bomb, a recursive alias,
5,000-deep nesting, a 5 MB file, a key given twice, a date that is no day. Each is one error line
at its file (and line) with its exit code, within 60 s and 1 GB, and nothing is written; the
bounds are `pipeline.limits.Limits`.
"""

from __future__ import annotations

import pytest

from pipeline.limits import Limits
from tests.builders import MEGABYTES, SECONDS, refused
from tests.support import PAPER, run_measured

CORRECTION = """\
  - id: green-cape
    op: set_codes
    target: {network: portuguese-network, entry: Green Cape}
    expect: []
    value: [CV]
    reason: A reason.
    author: Tests
    date: 2026-11-28
"""
BOMB = "corrections:\n" + "".join(
    f"  - &{name} [{', '.join([f'*{previous}'] * 9) if previous else ', '.join(['lol'] * 9)}]\n"
    for previous, name in zip([None, *"abcdefgh"], "abcdefghi")
)
HOSTILE = {
    "alias_bomb": (BOMB, 20, "a.yaml:2: an anchor or alias"),
    "recursive_alias": ("corrections: &loop [*loop]\n", 20, "a.yaml:1: an anchor or alias"),
    "deep_nesting": (
        "corrections:\n  - " + "[" * 5000 + "]" * 5000 + "\n",
        41,
        f"a.yaml:2: nested more than {Limits.yaml_depth} levels deep",
    ),
    "five_megabytes": (
        "corrections:\n" + CORRECTION + "# padding\n" * 500_000,
        41,
        f"bytes is more than the limit of {Limits.yaml_file_bytes}",
    ),
    "duplicate_key": (
        "corrections:\n" + CORRECTION.replace("    author: Tests\n", "    author: Tests\n    reason: Another.\n"),
        20,
        "a.yaml:9: key 'reason' given twice in one mapping (first at line 7)",
    ),
    "february_30": (
        "corrections:\n" + CORRECTION.replace("2026-11-28", "2026-02-30"),
        20,
        "a.yaml:9: not valid YAML: '2026-02-30' is no date",
    ),
}


def test_the_bomb_is_small():
    assert len(BOMB) < 500 and BOMB.count("*") == 72


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_correction_file_is_one_error_line_within_bounds(tmp_path, name):
    text, code, message = HOSTILE[name]
    (tmp_path / "corrections").mkdir()
    (tmp_path / "corrections" / "a.yaml").write_text(text)
    done, seconds, peak = run_measured(
        "build", PAPER, "--corrections", tmp_path / "corrections", "--root", tmp_path / "root", timeout=SECONDS
    )
    refused(done, code, message)
    assert seconds < SECONDS and peak < MEGABYTES
    assert not (tmp_path / "root").exists()
