"""`cdpc report`: the review page of a version, its crops, corrections, diff, matrix and country
pages; the source PDF found by sha256, and refused when missing or another one; the report in
headless chromium (no console errors, every network, crop and matrix row; a screenshot).

The versions: the committed v1 of the bundled paper, copied into a temporary root, and a v2 built
there with one more correction (a network renamed), so v2 has a diff against v1 and v1 has a
correction it does not carry yet.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from pipeline import load
from pipeline.corrections.apply import load_corrections
from pipeline.models import DatasetNetwork, DiffRecord
from pipeline.outputs import REPORT_MARKER
from pipeline.report import (
    RESOLUTION,
    changed_networks,
    correction_state,
    page_boxes,
    pixel_box,
    report_files,
    write_report,
)
from pipeline.store import read_manifest, resolve_version
from tests.support import PAPER, REPO, run_cdpc

DOCUMENT = "cdpc-2017-1-rev"
V1, V2 = f"{DOCUMENT}@v1", f"{DOCUMENT}@v2"
RENAMED = "bes"
RENAME = f"""\
source: {{symbol: "CDPC (2017) 1_rev"}}
corrections:
  - id: bes-renamed-for-review
    op: set_field
    target: {{network: {RENAMED}}}
    field: name
    expect: Bureau for Euroregional Cooperation
    value: Bureau of Euroregional Cooperation
    reason: A renaming to review.
    author: Report tests
    date: 2026-11-28
"""
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
)
STALE = RENAME.replace("bes-renamed-for-review", "gone-network").replace(f"network: {RENAMED}", "network: no-such-network")


def versions_root(folder: Path) -> Path:
    """A root with the committed v1, the paper in source_docs/, and v2 built with one more correction."""
    root = folder / "root"
    shutil.copytree(REPO / "extracted" / DOCUMENT / "v1", root / "extracted" / DOCUMENT / "v1")
    (root / "extracted" / DOCUMENT / "latest").write_text("v1\n")
    (root / "source_docs").mkdir()
    shutil.copy(PAPER, root / "source_docs")
    shutil.copytree(REPO / "corrections", root / "corrections")
    (root / "corrections" / "zz-review.yaml").write_text(RENAME)
    done = run_cdpc("build", "--corrections", root / "corrections", "--root", root)
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return versions_root(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def reports(root, tmp_path_factory) -> Path:
    """The reports of v1 and of v2 against v1, written by the CLI."""
    out = tmp_path_factory.mktemp("reports")
    for name, args in (("v1", [V1]), ("v2", [V2, "--against", V1])):
        done = run_cdpc("report", *args, "-o", out / name, "--root", root)
        assert done.returncode == 0, done.stderr
        assert done.stdout == f"{out / name / 'index.html'}\n"
    return out


def index(reports: Path, name: str) -> str:
    return (reports / name / "index.html").read_text(encoding="utf-8")


def test_report_has_an_article_and_a_matrix_row_per_network(root, reports):
    page = index(reports, "v1")
    for network in load(V1, root).networks:
        assert f'<article class="network" id="net-{network.id}">' in page
        assert f'<tr id="row-{network.id}">' in page


def test_each_crop_is_the_union_of_the_networks_cells_on_its_page(root, reports):
    for network in load(V1, root).networks:
        boxes = page_boxes(network)
        assert len(boxes) == len(network.provenance.pages)
        for n, box in enumerate(boxes, start=1):
            x0, top, x1, bottom = pixel_box(box, 595.3, 841.9)
            with Image.open(reports / "v1" / "crops" / f"{network.id}-{n}.png") as image:
                assert abs(image.width - (x1 - x0)) <= 1 and abs(image.height - (bottom - top)) <= 1


def test_crops_are_padded_unions_of_cell_boxes():
    network = DatasetNetwork.model_validate(
        {"id": "x", "name": "X", "acronym": None, "section": "european", "section_heading": "4.1", "purpose": [],
         "terms": {}, "groups": [], "relations": [], "footnotes": [],
         "provenance": {"pages": [3, 4], "cells": {
             "name": [{"page": 3, "bbox": [70, 600, 170, 800]}, {"page": 4, "bbox": [70, 50, 170, 90]}],
             "members": [{"page": 3, "bbox": [396, 600, 524, 810]}]}}}
    )
    assert [(b.page, b.bbox) for b in page_boxes(network)] == [(3, (70, 600, 524, 810)), (4, (70, 50, 170, 90))]
    scale = RESOLUTION / 72
    assert pixel_box(page_boxes(network)[0], 595.3, 812) == tuple(round(v * scale) for v in (67, 597, 527, 812))


def test_summary_counts_networks_countries_statuses_and_corrections(reports):
    page = index(reports, "v1")
    assert "<tr><th>Networks</th><td>38</td></tr>" in page
    assert '<span class="status-coded">741 coded</span>, <span class="status-unresolved">0 unresolved</span>' in page
    assert "<tr><th>Corrections applied</th><td>12</td></tr>" in page
    assert "<tr><th>Stale corrections</th><td>0</td></tr>" in page


def test_corrected_entry_shows_its_printed_value_and_the_reason(reports):
    page = index(reports, "v1")
    assert page.count("Cabo Verde <code>CV</code>") == 1
    cabo = page[page.index("Cabo Verde <code>CV</code>"):]
    cabo = cabo[: cabo.index("</li>")]
    assert "entry was <del>Green Cape</del>" in cabo
    assert "<code>green-cape-is-cabo-verde</code></a>: &#34;Green Cape&#34; translates Cabo Verde" in cabo


def test_a_correction_the_version_lacks_is_listed_as_not_yet_in_it(reports):
    page = index(reports, "v1")
    assert "<tr><th>Corrections not yet in this version</th><td>1</td></tr>" in page
    assert "<code>bes-renamed-for-review</code> (set_field, zz-review.yaml:3): A renaming to review." in page
    assert "not the one this version was built with" in page


def test_a_correction_whose_target_is_gone_is_stale(root, tmp_path):
    (tmp_path / "stale.yaml").write_text(STALE)
    manifest = read_manifest(resolve_version(V1, root))
    state = correction_state(load(V1, root), manifest, load_corrections(tmp_path))
    assert [(item.correction.id, problem.split(";")[0]) for item, problem in state.stale] == [
        ("gone-network", "correction 'gone-network' (set_field) is stale: no network 'no-such-network'")
    ]
    assert state.pending == []


def test_report_against_an_older_version_shows_the_diff_first_and_marks_changed_networks(reports):
    page = index(reports, "v2")
    assert page.index('<section id="diff">') < page.index('<section id="summary">')
    assert "1 changes: 0 networks added, 0 removed, 1 changed." in page
    assert f'<a href="#net-{RENAMED}">{RENAMED} name: Bureau <del>for</del> <ins>of</ins> Euroregional Cooperation (BES)</a>' in page
    assert f'<article class="network marked" id="net-{RENAMED}">' in page
    assert page.count('<article class="network marked"') == 1


def test_added_networks_are_marked_added_changed_ones_changed_and_removed_ones_not_at_all():
    records = [
        DiffRecord(op="DEL", network="gone", item="network", old="Gone"),
        DiffRecord(op="ADD", network="bspn", item="network", new="Baltic Sea Prosecutors Network"),
        DiffRecord(op="ADD", network="bspn", item="member", key="DK", new="Denmark"),
        DiffRecord(op="DEL", network="clasg", item="member", key="RU", old="Russia"),
    ]
    assert changed_networks(records) == {"bspn": "added", "clasg": "changed"}
    assert changed_networks(None) == {}


def test_country_page_lists_the_countrys_networks_and_groups(reports):
    page = (reports / "v1" / "countries" / "KR.html").read_text(encoding="utf-8")
    assert "<h1>South Korea <code>KR</code></h1>" in page
    assert '<a href="../index.html#net-pc-oc">' in page
    assert "<td>Other State Parties to Conventions falling within the remit of the PC-OC</td><td class=\"status-coded\">Korea</td>" in page
    assert '<a href="countries/KR.html" title="South Korea">KR</a>' in index(reports, "v1")


def test_the_same_version_gives_the_same_bytes(root, reports):
    again = report_files(V2, root, against=V1)
    written = {str(p.relative_to(reports / "v2")): p.read_bytes() for p in (reports / "v2").rglob("*") if p.is_file()}
    assert written.pop(REPORT_MARKER).decode().splitlines() == sorted(again)
    assert again == written


def test_rewriting_a_report_removes_only_what_the_earlier_report_wrote_and_this_one_lacks(root, reports, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(reports / "v1", out)
    for name in ("crops/gone-1.png", "countries/ZZ.html", "notes.txt", "crops/mine.png"):
        (out / name).write_text("left by someone")
    with (out / REPORT_MARKER).open("a") as marker:
        marker.write("crops/gone-1.png\ncountries/ZZ.html\n")  # as if an earlier report had written them
    write_report(V1, out, root)
    assert not (out / "crops" / "gone-1.png").exists() and not (out / "countries" / "ZZ.html").exists()
    assert (out / "notes.txt").exists() and (out / "crops" / "mine.png").exists() and (out / "crops" / f"{RENAMED}-1.png").exists()
    assert "crops/gone-1.png" not in (out / REPORT_MARKER).read_text()


def test_a_missing_source_pdf_is_one_error_and_nothing_is_written(root, tmp_path):
    bare = tmp_path / "bare"
    shutil.copytree(root / "extracted", bare / "extracted")
    shutil.copytree(root / "corrections", bare / "corrections")
    done = run_cdpc("report", V1, "-o", tmp_path / "out", "--root", bare)
    assert done.returncode == 3
    assert done.stderr == (
        f"cdpc: error: {bare / 'source_docs'}: no PDF with sha256 272d2b83c316… "
        f"(the source of {V1}, CDPC-2017-1-rev.pdf): pass --pdf FILE\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_pdf_that_is_not_the_versions_source_is_refused(root, tmp_path):
    other = tmp_path / "other.pdf"
    other.write_bytes(PAPER.read_bytes() + b"\n%")
    done = run_cdpc("report", V1, "-o", tmp_path / "out", "--root", root, "--pdf", other)
    assert done.returncode == 30
    assert done.stderr.startswith(f"cdpc: error: {other}: not the source of {V1} (sha256 ")
    assert len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------------------------------------
# In a real browser: Debian's chromium, driven by Selenium through /usr/bin/chromedriver
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless chromium logging the page's console; skips only when chromium or its driver is absent."""
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and chromedriver):
        pytest.skip("chromium and chromedriver not found (Debian: apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(chromedriver))
    yield driver
    driver.quit()


def opened(browser, page: Path) -> list[dict]:
    """Open `page` from disk and wait for it and its images; the console's errors while it loaded."""
    browser.get_log("browser")
    browser.get(page.as_uri())
    browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "Promise.all([...document.images].map(i => i.decode().catch(() => null))).then(() => done(null));"
    )
    return [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def test_report_in_headless_chromium_shows_every_network_crop_and_matrix_row(browser, root, reports, tmp_path):
    networks = load(V2, root).networks
    assert opened(browser, reports / "v2" / "index.html") == []
    articles = browser.execute_script("return [...document.querySelectorAll('article.network')].map(a => a.id)")
    assert articles == [f"net-{n.id}" for n in networks]
    images = browser.execute_script("return [...document.images].map(i => [i.getAttribute('src'), i.complete && i.naturalWidth > 0])")
    assert [src for src, _ in images] == [f"crops/{n.id}-{i}.png" for n in networks for i in range(1, len(n.provenance.pages) + 1)]
    assert [src for src, loaded in images if not loaded] == []
    assert browser.execute_script("return document.querySelectorAll('table.matrix tbody tr').length") == len(networks)
    assert browser.execute_script("return document.querySelectorAll('#diff ul.diff li').length") == 1
    assert browser.save_screenshot(str(tmp_path / "report.png"))
    assert Image.open(tmp_path / "report.png").size[0] > 0


def test_country_page_in_headless_chromium_links_back_to_its_networks(browser, reports):
    assert opened(browser, reports / "v2" / "countries" / "KR.html") == []
    links = browser.execute_script("return [...document.querySelectorAll('tbody a')].map(a => a.getAttribute('href'))")
    assert "../index.html#net-pc-oc" in links
