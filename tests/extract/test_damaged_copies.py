"""Damaged copies of the producer corpus: each extracts, or ends with one `cdpc: error:` line.

`rendering.damage` damages a PDF of `tests/producers/` one way per seed (bytes flipped, a run of
junk written over it, the file cut short); `python -m rendering.damage tests/producers 300` runs
the check below on 300 copies and prints the figures. Here a sample of 30, and the copies on
which pdfminer logs "Data-loss while decompressing corrupted data" (and, with PDFium's file
read, the same): what a library reports is ours to say, in one line, or not at all.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from rendering.damage import copies, damaged, outcome
from tests.support import REPO, run_cdpc

PDFS = sorted((REPO / "tests" / "producers").glob("*.pdf"))
SAMPLE = 30
LOGGED = [("chromium-2020-liberationserif-letter-norules", 1), ("writer-2017-dejavusans-a4-landscape", 3)]
"""Copies (PDF, seed) on which pdfminer logs its own lines, unless silenced."""


def damaged_copy(name: str, seed: int, folder: Path) -> Path:
    path = folder / f"{name}-{seed}.pdf"
    path.write_bytes(damaged((REPO / "tests" / "producers" / f"{name}.pdf").read_bytes(), seed))
    return path


def test_a_sample_of_damaged_copies_each_extracts_or_ends_with_one_error_line_in_time(tmp_path):
    def run(pdf_and_seed: tuple[Path, int]) -> tuple[str, str, str]:
        pdf, seed = pdf_and_seed
        folder = tmp_path / str(seed)
        folder.mkdir()
        return (f"{pdf.stem} seed {seed}", *outcome(damaged_copy(pdf.stem, seed, folder), folder))

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run, copies(PDFS, SAMPLE)))
    faults = [(copy, detail) for copy, kind, detail in results if kind == "fault"]
    assert faults == []
    kinds = {kind for _, kind, _ in results}
    assert kinds == {"extracted", "error"}  # the sample damages some copies past reading, not all


def test_a_text_matrix_squashed_to_a_point_is_read_by_pdfium(tmp_path):
    """Damage that zeroes a text matrix's a and b: PDFium's pen could not be followed (a division
    by zero, a traceback)."""
    assert (
        outcome(damaged_copy("chromium-2020-dejavuserif-a4-landscape", 39, tmp_path), tmp_path, "pdfium")[0] != "fault"
    )


@pytest.mark.parametrize("page_source", ["pdfplumber", "pdfium"])
@pytest.mark.parametrize(("name", "seed"), LOGGED)
def test_no_library_log_line_reaches_stderr(tmp_path, name, seed, page_source):
    done = run_cdpc(
        "extract", damaged_copy(name, seed, tmp_path), "-o", tmp_path / "out.json", "--page-source", page_source
    )
    lines = done.stderr.splitlines()
    assert lines == [] if done.returncode == 0 else (len(lines) == 1 and lines[0].startswith("cdpc: error: "))
