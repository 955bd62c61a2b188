"""`cdpc report` on a hostile version: footnote links `javascript:…` (from link annotations in the
PDF), a website `javascript://…%0A…`, a code `../../../x` set by a correction, and a bidi
override in a name and in a correction's reason, shown as escapes. Only http,
https and mailto URLs become links (besides the report's own files: anchors, country pages, the
style sheet, the copied source PDF's pages; the only sources loaded are its script and crops); no
file is written outside `-o`; and the report's folder is written only when empty or holding an
earlier report, of which it removes only its own files.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

import pytest

from pipeline import load
from pipeline.corrections.apply import load_corrections
from pipeline.export import Release, rendered_files
from pipeline.extract import extract_pdf
from pipeline.models import Extraction
from pipeline.normalise.networks import normalise
from pipeline.review.content import linked_url
from pipeline.review.folders import REPORT_MARKER
from pipeline.versions.build import publish
from rendering import render
from tests.builders import refused
from tests.support import GOLDEN, REPO, run_cdpc

SCRIPT = "javascript:alert(document.domain)"
WEBSITE = "javascript://example.org/%0Aalert(document.domain)"
NAME_TAIL = " \u202egnp.exe\u200b"
"""Put after the first network's name: a bidi override (what follows reads right to left) and a zero-width space."""
ESCAPE = """\
source: {symbol: "CDPC (2017) 1_rev"}
corrections:
  - id: escape-the-folder
    op: set_codes
    target: {network: carin, entry: Austria}
    expect: [AT]
    value: ["../../../x"]
    reason: "A hostile code\u202e.edoc"
    author: Tests
    date: 2026-11-28
"""


def hostile_paper(path: Path) -> Path:
    """Two rows of the paper (CARIN, PC-OC), their footnotes' links pointing at script."""
    paper = Extraction.model_validate_json((GOLDEN / "extraction.json").read_bytes())
    scripted = {f.number: f.model_copy(update={"url": SCRIPT}) for f in paper.footnotes}
    rows = [
        r.model_copy(update={"footnotes": [f.model_copy(update={"url": SCRIPT}) for f in r.footnotes]})
        for r in paper.rows[1:3]
    ]
    numbers = {f.number for r in rows for f in r.footnotes}
    render(
        paper.model_copy(
            update={
                "rows": rows,
                "front_matter": paper.front_matter[:1],
                "footnotes": [scripted[n] for n in sorted(numbers)],
            }
        ),
        path,
    )
    return path


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """A root whose v1 holds the script links, the website and the code (published by the store)."""
    root = tmp_path_factory.mktemp("hostile") / "deep" / "er" / "root"
    (root / "source_docs").mkdir(parents=True)
    pdf = hostile_paper(root / "source_docs" / "hostile.pdf")
    (root / "corrections").mkdir()
    (root / "corrections" / "escape.yaml").write_text(ESCAPE)
    normalised = normalise(extract_pdf(pdf))
    first = normalised.networks[0]
    networks = [first.model_copy(update={"website": WEBSITE, "name": first.name + NAME_TAIL}), *normalised.networks[1:]]
    publish(normalised.model_copy(update={"networks": networks}), load_corrections(root / "corrections"), root)
    return root


@pytest.fixture(scope="module")
def report(root) -> Path:
    done = run_cdpc("report", "cdpc-2017-1-rev", "-o", root / "out", "--root", root)
    assert done.returncode == 0, done.stderr
    return root / "out"


def test_script_urls_are_shown_as_text_never_as_links(report):
    page = (report / "index.html").read_text(encoding="utf-8")
    assert "javascript:alert(document.domain)" in page and "javascript://example.org/%0Aalert(document.domain)" in page
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and not [
        h
        for h in hrefs
        if not re.match(r"^(#|https?:|mailto:|countries/[A-Z]{2}\.html$|report\.css$|source\.pdf#page=\d+$)", h)
    ]
    sources = re.findall(r'src="([^"]*)"', page)
    assert sources and not [s for s in sources if not re.match(r"^(report\.js|crops/[a-z0-9-]+-\d+\.png)$", s)]


def test_control_and_format_characters_are_shown_as_escapes(report):
    """A name and a correction's reason carrying a bidi override (and a zero-width space) show it
    as `\u202e`, on every page: no page holds a control or format character but newlines and tabs."""
    pages = {page: page.read_text(encoding="utf-8") for page in report.rglob("*.html")}
    assert len(pages) > 2
    for page, text in pages.items():
        assert not [c for c in text if unicodedata.category(c) in ("Cc", "Cf") and c not in "\n\t"], page
    index = pages[report / "index.html"]
    assert " \\u202egnp.exe\\u200b" in index and "A hostile code\\u202e.edoc" in index


def test_no_file_is_written_outside_the_report_folder(root, report):
    written = [p for p in root.parent.parent.parent.rglob("*") if p.is_file()]
    outside = [p for p in written if not p.is_relative_to(root)]
    assert outside == [] and not (report.parent / "x").exists() and not list(root.rglob("x.html"))
    listed = (report / REPORT_MARKER).read_text().splitlines()
    assert (
        sorted(str(p.relative_to(report)) for p in report.rglob("*") if p.is_file() and p.name != REPORT_MARKER)
        == listed
    )


@pytest.mark.parametrize(
    "url, link",
    [
        ("https://www.iberred.org/", "https://www.iberred.org/"),
        ("http://carin-network.org/", "http://carin-network.org/"),
        ("mailto:ejn@eurojust.europa.eu", "mailto:ejn@eurojust.europa.eu"),
        ("www.iberred.org", "https://www.iberred.org"),
        ("see the annex", None),  # no host name: text, as on the site
        ("https://user@www.example.org", None),
        (SCRIPT, None),
        (WEBSITE, None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("file:///etc/passwd", None),
        (" javascript:alert(1)", None),
        ("vbscript:msgbox", None),
        (None, None),
    ],
)
def test_only_http_https_and_mailto_become_links(url, link):
    assert linked_url(url) == link


def test_a_folder_holding_other_files_is_refused_and_left_as_it_was(root, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    done = run_cdpc("report", "cdpc-2017-1-rev", "-o", tmp_path, "--root", root)
    refused(done, 42, str(tmp_path), "not empty and holds no earlier report")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize("where", ["a_file", "the_version", "extracted"])
def test_report_refuses_a_file_and_any_place_inside_extracted(root, tmp_path, where):
    target = {
        "a_file": tmp_path / "file.html",
        "the_version": root / "extracted" / "cdpc-2017-1-rev" / "v1",
        "extracted": root / "extracted" / "review",
    }[where]
    if where == "a_file":
        target.write_text("mine")
    before = sorted(p for p in root.rglob("*"))
    done = run_cdpc("report", "cdpc-2017-1-rev", "-o", target, "--root", root)
    refused(done, 42, str(target))
    assert sorted(p for p in root.rglob("*")) == before


def test_csv_cells_keep_text_that_a_spreadsheet_would_run_exactly_as_printed():
    """No quote or apostrophe is added to a cell opening with '=', '+', '-' or '@': docs/security.md says
    how to open the CSV files safely instead."""
    dataset = load("cdpc-2017-1-rev", root=REPO)
    formula = '=HYPERLINK("http://example.org","click")'
    first = dataset.networks[0].model_copy(update={"name": formula})
    files = rendered_files(Release(dataset.model_copy(update={"networks": [first, *dataset.networks[1:]]}), "v1"))
    rows = list(csv.DictReader(io.StringIO(files["networks.csv"].decode("utf-8"))))
    assert rows[0]["name"] == formula
