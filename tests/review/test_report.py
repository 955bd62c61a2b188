"""`cdpc report`: the review page of a version, its crops, corrections, diff, matrix and country
pages; the source PDF found by sha256, and refused when missing or another one; the report in
headless chromium (no console errors, every network, crop and matrix row; a screenshot; the filter
box and status filters hiding and showing networks and entries; each crop's link to its page of
the copied source PDF; the matrix totals against memberships.csv; each diff line's correction
links resolving on the page).

The versions: the committed v1 of the bundled paper, copied into a temporary root, and a v2 built
there with one more correction (a network renamed), so v2 has a diff against v1 and v1 has a
correction it does not carry yet.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pdfplumber
import pytest
from PIL import Image

from pipeline import load
from pipeline.corrections.apply import apply, load_corrections
from pipeline.diff.records import DiffRecord
from pipeline.errors import LimitExceeded
from pipeline.models import Anchor, CitedFootnote, DatasetNetwork
from pipeline.normalise.counts import CountCheck
from pipeline.review.content import (
    changed_networks,
    cited_elsewhere,
    correction_state,
    entry_flags,
    network_flags,
    purpose_paragraphs,
)
from pipeline.review.folders import REPORT_MARKER
from pipeline.review.report import (
    RESOLUTION,
    index_page,
    network_crops,
    page_boxes,
    pixel_box,
    report_files,
    require_renderable,
    write_report,
)
from pipeline.versions.store import read_manifest, resolve_version
from pipeline.workspace import Workspace
from tests.builders import network, read_csv
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
ACKNOWLEDGE = """\
source: {symbol: "CDPC (2017) 1_rev"}
corrections:
  - id: carin-lists-fewer
    op: acknowledge_count
    target: {network: carin, group: 54 Registered Member Jurisdictions}
    expect: {printed: 54, found: 36}
    reason: The paper lists 36 of the 54 jurisdictions it counts.
    author: Report tests
    date: 2026-11-28
"""
STALE = RENAME.replace("bes-renamed-for-review", "gone-network").replace(
    f"network: {RENAMED}", "network: no-such-network"
)


def versions_root(folder: Path) -> Path:
    """A root with the paper in source_docs/, v1 built with the repository's corrections, and v2
    built with one more (built by this code, so the diff is the correction's alone)."""
    root = folder / "root"
    (root / "source_docs").mkdir(parents=True)
    shutil.copy(PAPER, root / "source_docs")
    shutil.copytree(REPO / "corrections", root / "corrections")
    for review in (None, RENAME):
        if review:
            (root / "corrections" / "zz-review.yaml").write_text(review)
        done = run_cdpc("build", "--corrections", root / "corrections", "--root", root)
        assert done.returncode == 0, done.stderr
    return root


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return versions_root(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def reports(root, tmp_path_factory) -> Path:
    """The reports of v1, of v2 against v1 and of v1 against v2, written by the CLI."""
    out = tmp_path_factory.mktemp("reports")
    for name, args in (("v1", [V1]), ("v2", [V2, "--against", V1]), ("v1-against-v2", [V1, "--against", V2])):
        done = run_cdpc("report", *args, "-o", out / name, "--root", root)
        assert done.returncode == 0, done.stderr
        assert done.stdout == f"{out / name / 'index.html'}\n"
    return out


def index(reports: Path, name: str) -> str:
    return (reports / name / "index.html").read_text(encoding="utf-8")


def test_report_has_an_article_and_a_matrix_row_per_network(root, reports):
    page = index(reports, "v1")
    for net in load(V1, root).networks:
        assert f'<article class="network" id="net-{net.id}" data-flags="' in page
        assert f'<tr id="row-{net.id}">' in page


def test_each_crop_is_the_union_of_the_networks_cells_on_its_page(root, reports):
    for net in load(V1, root).networks:
        boxes = page_boxes(net)
        assert len(boxes) == len(net.provenance.pages)
        for n, box in enumerate(boxes, start=1):
            x0, top, x1, bottom = pixel_box(box, 595.3, 841.9)
            with Image.open(reports / "v1" / "crops" / f"{net.id}-{n}.png") as image:
                assert abs(image.width - (x1 - x0)) <= 1 and abs(image.height - (bottom - top)) <= 1


def test_crops_are_padded_unions_of_cell_boxes():
    network = DatasetNetwork.model_validate(
        {
            "id": "x",
            "name": "X",
            "acronym": None,
            "section": "european",
            "section_heading": "4.1",
            "purpose": [],
            "terms": {},
            "groups": [],
            "relations": [],
            "footnotes": [],
            "provenance": {
                "pages": [3, 4],
                "cells": {
                    "name": [{"page": 3, "bbox": [70, 600, 170, 800]}, {"page": 4, "bbox": [70, 50, 170, 90]}],
                    "members": [{"page": 3, "bbox": [396, 610, 524, 810]}],
                },
            },
        }
    )
    assert [(b.page, b.bbox) for b in page_boxes(network)] == [(3, (70, 600, 524, 810)), (4, (70, 50, 170, 90))]
    scale = RESOLUTION / 72
    assert pixel_box(page_boxes(network)[0], 595.3, 812) == tuple(round(v * scale) for v in (67, 597, 527, 812))


@pytest.mark.parametrize("room", [-1, 0, 1])
def test_a_page_rendering_into_exactly_the_pixel_bound_is_rendered_and_one_pixel_more_refused(room):
    """`Limits.render_pixels` is the most a page may render into: a 72 pt square renders into
    RESOLUTION × RESOLUTION pixels, refused under a bound one pixel smaller only."""
    pixels = RESOLUTION * RESOLUTION
    if room < 0:
        with pytest.raises(
            LimitExceeded,
            match=f"page 1 is 72 × 72 pt: {pixels} pixels at {RESOLUTION} dpi, more than the limit of {pixels - 1}$",
        ):
            require_renderable(PAPER, 1, 72, 72, pixels + room)
    else:
        require_renderable(PAPER, 1, 72, 72, pixels + room)


def test_summary_counts_networks_countries_statuses_and_corrections(reports):
    page = index(reports, "v1")
    assert "<tr><th>Networks</th><td>38</td></tr>" in page
    assert '<span class="status-coded">741 coded</span>, <span class="status-unresolved">0 unresolved</span>' in page
    assert "<tr><th>Corrections applied</th><td>12</td></tr>" in page
    assert "<tr><th>Stale corrections</th><td>0</td></tr>" in page


def test_corrected_entry_shows_its_printed_value_and_the_reason(reports):
    page = index(reports, "v1")
    assert page.count("Cabo Verde <code>CV</code>") == 1
    cabo = page[page.index("Cabo Verde <code>CV</code>") :]
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
    manifest = read_manifest(resolve_version(V1, Workspace(root)))
    state = correction_state(load(V1, root), manifest, load_corrections(tmp_path))
    assert [(item.correction.id, problem.split(";")[0]) for item, problem in state.stale] == [
        ("gone-network", "correction 'gone-network' (set_field) is stale: no network 'no-such-network'")
    ]
    assert state.pending == []


def test_report_against_an_older_version_shows_the_diff_first_and_marks_changed_networks(reports):
    page = index(reports, "v2")
    assert page.index('<section id="diff">') < page.index('<section id="summary">')
    assert "1 changes: 0 networks added, 0 removed, 1 changed." in page
    assert (
        f'<a href="#net-{RENAMED}">{RENAMED} name: Bureau <del>for</del> <ins>of</ins> Euroregional Cooperation '
        f"(BES)</a>" in page
    )
    assert f'<article class="network marked" id="net-{RENAMED}" data-flags="corrected changed">' in page
    assert page.count('<article class="network marked"') == 1


def test_each_diff_line_links_the_corrections_that_caused_it_either_way(root, reports):
    """v2 against v1: the correction is one v2 carries (listed among those applied); v1 against v2:
    one v1 no longer carries (listed among those retired). Either way each line's links are the
    corrections `cdpc diff` names for its record, each an anchor on the page."""
    for name, older, newer in (("v2", V1, V2), ("v1-against-v2", V2, V1)):
        done = run_cdpc("diff", older, newer, "--format", "json", "--root", root)
        caused = [record.get("corrections", []) for record in json.loads(done.stdout)["records"]]
        page = index(reports, name)
        diff = page[page.index('<section id="diff">') : page.index('<section id="summary">')]
        lines = re.findall(r'<li class="op-[a-z]+">.*</li>', diff)
        assert (
            [re.findall(r'<a href="#corr-([^"]+)">', line) for line in lines] == caused == [["bes-renamed-for-review"]]
        )
        assert page.count('id="corr-bes-renamed-for-review"') == 1
    retired = index(reports, "v1-against-v2")
    assert retired.index(f"<h3>Corrections retired since {V2}</h3>") < retired.index(
        '<dt id="corr-bes-renamed-for-review">'
    )


def test_printed_counts_that_differ_from_the_members_found_are_flagged(root, reports):
    """The groups flagged are those of the version's counts.csv whose printed count is not the
    members found: CARIN's heading prints 54 and lists 36."""
    differing = [
        row for row in read_csv(root / "extracted" / DOCUMENT / "v2" / "counts.csv") if row["printed"] != row["found"]
    ]
    assert [(row["network_id"], row["printed"], row["found"]) for row in differing] == [("carin", "54", "36")]
    page = index(reports, "v2")
    assert '<tr><th>Printed counts that differ from the members found</th><td class="alert">1</td></tr>' in page
    summary = page[page.index('<ul class="count-mismatches">') :]
    summary = summary[: summary.index("</ul>")]
    assert summary.count("<li>") == len(differing)
    for row in differing:
        line = (
            f'<li><a href="#net-{row["network_id"]}">{row["network_id"]}</a>, &ldquo;{row["group_label"]}&rdquo; '
            f"(page {row['page']}): printed {row['printed']}, found {row['found']}</li>"
        )
        assert line in summary
        article = page[page.index(f'id="net-{row["network_id"]}"') :]
        article = article[: article.index("</article>")]
        assert (
            f'<h5>{row["group_label"]} ({row["printed"]}) <span class="count-mismatch">count mismatch: printed '
            f"{row['printed']}, found {row['found']}</span></h5>" in article
        )
    assert page.count('<span class="count-mismatch') == len(differing)
    assert re.findall(r'id="net-([^"]+)" data-flags="[^"]*count-mismatch', page) == [
        row["network_id"] for row in differing
    ]


def test_an_acknowledged_count_is_a_correction_applied_and_its_flag_links_to_it(root, tmp_path):
    """A version whose CARIN count a correction acknowledged carries that correction (not pending
    in the next build), and the group's flag says so, linking to it."""
    (tmp_path / "acknowledge.yaml").write_text(ACKNOWLEDGE)
    corrections = load_corrections(tmp_path)
    manifest = read_manifest(resolve_version(V2, Workspace(root)))
    dataset = apply(load(V2, root), corrections.items[0])
    state = correction_state(dataset, manifest, corrections)
    assert "carin-lists-fewer" in state.applied and state.pending == [] and state.stale == []
    page = index_page(dataset, manifest, state, network_crops(dataset), None)
    assert (
        '<span class="count-mismatch acknowledged">count mismatch: printed 54, found 36, acknowledged by <a '
        'href="#corr-carin-lists-fewer">' in page
    )
    assert page.count('<dt id="corr-carin-lists-fewer">') == 1


def test_networks_and_entries_carry_the_flags_the_status_filter_selects_by(root):
    """'review' for an entry `cdpc check` would list, 'corrected' for one a correction changed, a
    network flagged by its entries, own corrections, counts and changes, else 'unchanged'."""
    dataset = load(V2, root)
    carin, pc_oc = (next(n for n in dataset.networks if n.id == id) for id in ("carin", "pc-oc"))
    korea = next(e for g in pc_oc.groups for e in g.entries if e.raw == "Korea")
    assert entry_flags(korea, None) == ["corrected"]
    doubtful = (
        carin.groups[0].entries[0].model_copy(update={"status": "ambiguous", "codes": [], "candidates": ["AT", "AU"]})
    )
    assert entry_flags(doubtful, None) == ["review"]
    groups = [
        carin.groups[0].model_copy(update={"entries": [doubtful, *carin.groups[0].entries[1:]]}),
        *carin.groups[1:],
    ]
    networks = [carin.model_copy(update={"groups": groups}) if n.id == "carin" else n for n in dataset.networks]
    mismatch = CountCheck(network="carin", group="x", page=4, printed=54, found=36)
    flags = network_flags(
        dataset.model_copy(update={"networks": networks}), {("carin", "x"): mismatch}, {"bes": "changed"}
    )
    assert (flags["carin"], flags["pc-oc"], flags["bes"]) == (
        ["review", "corrected", "count-mismatch"],
        ["corrected"],
        ["corrected", "changed"],
    )
    assert flags["ejn"] == ["unchanged"]


def test_without_its_script_the_page_hides_nothing_and_no_filter_shows(reports):
    page = index(reports, "v2")
    assert '<form id="filter" class="filter" hidden>' in page
    assert re.findall(r"<[^>]* hidden[ >]", page) == ['<form id="filter" class="filter" hidden>']
    assert '<script src="report.js" defer></script>' in page and "<script>" not in page
    assert (reports / "v2" / "report.js").read_bytes() == (REPO / "pipeline" / "templates" / "report.js").read_bytes()


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
    assert (
        "<td>Other State Parties to Conventions falling within the remit of the PC-OC</td><td "
        'class="status-coded">Korea</td>' in page
    )
    assert '<a href="countries/KR.html" title="South Korea">KR</a>' in index(reports, "v1")


def test_the_same_version_gives_the_same_bytes(root, reports):
    again = report_files(V2, Workspace(root), against=V1)
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
    assert (
        (out / "notes.txt").exists()
        and (out / "crops" / "mine.png").exists()
        and (out / "crops" / f"{RENAMED}-1.png").exists()
    )
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
    images = browser.execute_script(
        "return [...document.images].map(i => [i.getAttribute('src'), i.complete && i.naturalWidth > 0])"
    )
    assert [src for src, _ in images] == [
        f"crops/{n.id}-{i}.png" for n in networks for i in range(1, len(n.provenance.pages) + 1)
    ]
    assert [src for src, loaded in images if not loaded] == []
    assert browser.execute_script("return document.querySelectorAll('table.matrix tbody tr').length") == len(networks)
    assert browser.execute_script("return document.querySelectorAll('#diff ul.diff li').length") == 1
    assert browser.save_screenshot(str(tmp_path / "report.png"))
    assert Image.open(tmp_path / "report.png").size[0] > 0


def test_country_page_in_headless_chromium_links_back_to_its_networks(browser, reports):
    assert opened(browser, reports / "v2" / "countries" / "KR.html") == []
    links = browser.execute_script("return [...document.querySelectorAll('tbody a')].map(a => a.getAttribute('href'))")
    assert "../index.html#net-pc-oc" in links


def shown(browser, selector: str) -> list[str]:
    """The ids (else the text) of the elements matching `selector` that are displayed."""
    return browser.execute_script(
        "return [...document.querySelectorAll(arguments[0])].filter(e => e.offsetParent !== null).map(e => e.id || "
        "e.textContent)",
        selector,
    )


def test_filter_box_and_status_filters_hide_and_show_networks_and_entries(browser, root, reports):
    """Typing 'korea' leaves the networks listing a Korea (and in them only those entries); the
    status filter 'count mismatch' leaves the networks counts.csv flags, 'added or changed' those
    the diff names; 'all' and an empty box show every network and entry again."""
    from selenium.webdriver.common.by import By

    dataset = load(V2, root)
    every = [f"net-{n.id}" for n in dataset.networks]
    entries = sum(len(g.entries) for n in dataset.networks for g in n.groups)
    assert opened(browser, reports / "v2" / "index.html") == []
    box = browser.find_element(By.ID, "filter-text")
    assert box.is_displayed() and shown(browser, "article.network") == every

    box.send_keys("KOREA")
    korea = {n.id: [e.raw for g in n.groups for e in g.entries if "korea" in e.raw.lower()] for n in dataset.networks}
    assert shown(browser, "article.network") == [f"net-{id}" for id, found in korea.items() if found]
    for id, found in korea.items():
        if found:
            texts = shown(browser, f"#net-{id} li.entry")
            assert len(texts) == len(found) and all(text.startswith(raw) for text, raw in zip(texts, found))
    assert (
        browser.find_element(By.ID, "filter-shown").text
        == f"{len([f for f in korea.values() if f])} of {len(every)} networks shown"
    )

    box.clear()
    browser.execute_script("document.getElementById('filter').dispatchEvent(new Event('input'))")
    assert shown(browser, "article.network") == every and len(shown(browser, "li.entry")) == entries

    browser.find_element(By.ID, "status-count-mismatch").click()
    counts = read_csv(root / "extracted" / DOCUMENT / "v2" / "counts.csv")
    assert shown(browser, "article.network") == list(
        dict.fromkeys(f"net-{r['network_id']}" for r in counts if r["printed"] != r["found"])
    )
    browser.find_element(By.ID, "status-changed").click()
    assert shown(browser, "article.network") == [f"net-{RENAMED}"]
    browser.find_element(By.ID, "status-all").click()
    assert shown(browser, "article.network") == every and len(shown(browser, "li.entry")) == entries


def test_each_crop_links_to_its_page_of_the_source_pdf_copied_beside_the_page(browser, root, reports):
    networks = load(V2, root).networks
    assert opened(browser, reports / "v2" / "index.html") == []
    links = browser.execute_script(
        "return [...document.querySelectorAll('.crops a')].map(a => [a.href, "
        "a.querySelector('img').getAttribute('src')])"
    )
    pages = {f"crops/{n.id}-{i}.png": page for n in networks for i, page in enumerate(n.provenance.pages, start=1)}
    assert [src for _, src in links] == list(pages)
    with pdfplumber.open(PAPER) as paper:
        count = len(paper.pages)
    for href, src in links:
        target = urlsplit(href)
        assert target.scheme == "file" and target.fragment == f"page={pages[src]}" and 1 <= pages[src] <= count
        assert Path(unquote(target.path)) == reports / "v2" / "source.pdf"
    assert (
        hashlib.sha256((reports / "v2" / "source.pdf").read_bytes()).hexdigest()
        == read_manifest(resolve_version(V2, Workspace(root))).source.sha256
    )


def test_matrix_totals_are_the_sums_of_its_cells_as_memberships_csv_gives_them(browser, root, reports):
    """Each network's total is the countries it has a member in, each country's the networks, the
    corner every (network, country) pair: computed from the version's memberships.csv."""
    pairs = {
        (row["network_id"], row["country"])
        for row in read_csv(root / "extracted" / DOCUMENT / "v2" / "memberships.csv")
        if row["country"]
    }
    assert opened(browser, reports / "v2" / "index.html") == []
    rows = browser.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('table.matrix tbody tr')].map(r => [r.id.slice(4), "
        "r.lastElementChild.textContent]))"
    )
    codes = browser.execute_script(
        "return [...document.querySelectorAll('table.matrix thead th.country')].map(th => th.textContent)"
    )
    columns = browser.execute_script(
        "return [...document.querySelectorAll('#matrix-totals td')].map(td => td.textContent)"
    )
    assert rows == {n.id: str(sum(1 for network, _ in pairs if network == n.id)) for n in load(V2, root).networks}
    assert codes == sorted({code for _, code in pairs})
    assert columns == [str(sum(1 for _, code in pairs if code == c)) for c in codes] + [str(len(pairs))]


def test_each_diff_lines_correction_link_resolves_to_an_element_on_the_page(browser, reports):
    for name in ("v2", "v1-against-v2"):
        assert opened(browser, reports / name / "index.html") == []
        targets = browser.execute_script(
            "return [...document.querySelectorAll('#diff ul.diff li')].map(li => "
            "[...li.querySelectorAll('a[href^=\"#corr-\"]')]"
            ".map(a => [a.getAttribute('href'), document.getElementById(a.getAttribute('href').slice(1)) !== null]))"
        )
        assert targets == [[["#corr-bes-renamed-for-review", True]]]


def test_footnote_markers_link_where_the_paper_prints_them():
    """Two markers in the first purpose block (the text between escaped), one past the end of the
    second (at its end), one in the name cell (in no paragraph)."""

    def cited(number: int, cell: str, block: int, offset: int) -> CitedFootnote:
        return CitedFootnote(
            number=number, text=f"note {number}", page=3, anchor=Anchor(cell=cell, block=block, offset=offset)
        )

    built = network("a&b", "A&B", {}, purpose=("First <b> paragraph.", "Second one."))
    footnotes = [
        cited(6, "purpose", 0, 9),
        cited(3, "purpose", 0, 5),
        cited(4, "purpose", 1, 99),
        cited(5, "name", 0, 3),
    ]
    record = DatasetNetwork.model_validate(built.model_copy(update={"footnotes": footnotes}).model_dump())
    link = '<sup><a href="#fn-a&amp;b-{0}">{0}</a></sup>'.format
    assert [str(p) for p in purpose_paragraphs(record)] == [
        f"First{link(3)} &lt;b&gt;{link(6)} paragraph.",
        f"Second one.{link(4)}",
    ]
    assert [str(m) for m in cited_elsewhere(record, "name")] == [link(5)]
    assert cited_elsewhere(record, "members") == []
