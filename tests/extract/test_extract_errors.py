"""Bad inputs to `cdpc extract`: one clear message naming the file, its own exit code, no output,
whichever page source reads it."""

from __future__ import annotations

import pytest

from tests.builders import make_input
from tests.support import PAPER, on_a_terminal, run_cdpc


@pytest.mark.parametrize(
    "kind, code, message",
    [
        ("missing", 3, "no such file"),
        ("empty", 4, "not a PDF"),
        ("html", 4, "not a PDF (it starts with '<!doctype html><'"),
        ("truncated", 4, "corrupt or truncated PDF"),
        ("encrypted", 5, "the PDF is encrypted (give its password with --password)"),
        ("scanned", 6, "no page has a text layer"),
        ("no_catalogue", 7, "no catalogue table found"),
    ],
)
@pytest.mark.parametrize("page_source", ["pdfium", "pdfplumber"])
def test_bad_input_gets_one_message_naming_the_file_its_exit_code_and_no_output(
    tmp_path, kind, code, message, page_source
):
    source = make_input(kind, tmp_path) if kind != "missing" else tmp_path / "missing.pdf"
    out = tmp_path / "out" / "rows.json"
    result = run_cdpc("extract", source, "-o", out, "--page-source", page_source)
    assert result.returncode == code
    assert result.stderr.count("\n") == 1 and str(source) in result.stderr and message in result.stderr
    assert not out.exists() and not out.parent.exists() and result.stdout == ""


@pytest.mark.parametrize("page_source", ["pdfium", "pdfplumber"])
def test_encrypted_pdf_with_a_wrong_password_says_so(tmp_path, page_source):
    source = make_input("encrypted", tmp_path)
    result = run_cdpc("extract", source, "--password", "guess", "--page-source", page_source)
    assert result.returncode == 5 and "the password given is wrong" in result.stderr


@pytest.mark.parametrize("page_source", ["pdfium", "pdfplumber"])
def test_encrypted_pdf_opens_with_its_password_and_is_then_read(tmp_path, page_source):
    """(PDFium's pages are bounded on the content pdfminer reads then: the raw reader reads no encrypted file.)"""
    source = make_input("encrypted", tmp_path)
    result = run_cdpc("extract", source, "--password", "secret", "--page-source", page_source)
    assert result.returncode == 7 and "header row but no rows" in result.stderr


def test_page_limit_refuses_a_longer_pdf_and_can_be_raised(tmp_path):
    refused = run_cdpc("extract", PAPER, "--max-pages", "10")
    assert refused.returncode == 8 and "26 pages is more than the limit of 10" in refused.stderr
    assert run_cdpc("extract", PAPER, "--max-pages", "30", "-o", tmp_path / "x.json").returncode == 0


def test_progress_bar_is_drawn_on_a_terminal_and_not_with_quiet(tmp_path):
    assert "Reading pages" in on_a_terminal("extract", PAPER, "-o", tmp_path / "x.json")
    assert on_a_terminal("extract", PAPER, "-o", tmp_path / "x.json", "--quiet") == ""
