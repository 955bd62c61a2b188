"""Hostile PDFs, built by the tests with a hand-written PDF writer (`rendering.hostile`): each is
refused by the real CLI within 60 s and 1 GB with one error line and its own exit code, and
nothing is written. The bounds are `ExtractSettings`' `max_page_*` fields and `Limits.render_pixels`.
"""

from __future__ import annotations

import pytest

from pipeline.extract.settings import DEFAULT_SETTINGS
from pipeline.limits import LIMITS
from rendering.hostile import HostilePage, hostile_pdf, text_content
from tests.builders import MEGABYTES, SECONDS, refused
from tests.support import run_measured

HEADER = text_content(["NAME PURPOSE MEMBERS", "Network of tests A test network Austria, Belgium"])


HOSTILE = {
    # 40 MB of blanks in a ~40 KB file: inflating stops at the bound.
    "inflates_to_40_MB": (HEADER + b" " * 40_000_000, "content decompresses to more than the limit of"),
    # 400,000 path segments (lines and moves) in a few KB.
    "400000_rule_segments": (HEADER + b"1 1 m 2 2 l\n" * 200_000 + b"S\n", "draws 400000 path segments"),
    # 20,000 one-letter words in one line of small print.
    "20000_words_on_a_line": (HEADER + b"BT /F1 1 Tf 0 0 Td (" + b"x " * 20_000 + b") Tj ET\n", "words, more than the limit of 5000"),
    # 300,000 characters shown by one operator.
    "300000_characters": (HEADER + b"BT /F1 1 Tf 0 0 Td (" + b"x" * 300_000 + b") Tj ET\n", "holds about"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_page_is_refused_within_bounds_naming_the_page(tmp_path, name):
    content, message = HOSTILE[name]
    pdf = hostile_pdf(tmp_path / f"{name}.pdf", [HostilePage(text_content(["A first page"])), HostilePage(content)])
    assert pdf.stat().st_size < 64_000
    done, seconds, peak = run_measured("extract", pdf, "-o", tmp_path / "out.json", timeout=SECONDS)
    refused(done, 41, str(pdf), "page 2", message)
    assert seconds < SECONDS and peak < MEGABYTES
    assert not (tmp_path / "out.json").exists()


def test_the_bounds_leave_room_for_the_paper():
    """The bounds are far above what the paper holds (on its fullest page: 21 KB of content, 19
rules, 3,462 characters, 551 words)."""
    assert DEFAULT_SETTINGS.max_page_content_bytes >= 100 * 21_323
    assert DEFAULT_SETTINGS.max_page_segments >= 100 * 19
    assert DEFAULT_SETTINGS.max_page_objects >= 20 * 3_462 and DEFAULT_SETTINGS.max_page_words >= 9 * 551


def test_the_report_refuses_to_render_a_14400_pt_page(tmp_path, small_catalogue):
    root = tmp_path / "root"
    (root / "source_docs").mkdir(parents=True)
    (root / "corrections").mkdir()
    small_catalogue(root / "source_docs" / "huge.pdf", page_size=(14_400, 14_400))
    built, _, _ = run_measured("build", "--root", root)
    assert built.returncode == 0, built.stderr
    done, seconds, peak = run_measured("report", "pc-oc-mod-2020-03rev2", "-o", tmp_path / "report", "--root", root, timeout=SECONDS)
    refused(done, 41, "page 1 is 14400 × 14400 pt", f"more than the limit of {LIMITS.render_pixels}")
    assert seconds < SECONDS and peak < MEGABYTES
    assert not (tmp_path / "report").exists()
