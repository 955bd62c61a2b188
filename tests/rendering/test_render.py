"""The test-fixture PDF renderer: what it prints, where, and that it prints it the same every time."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A5

from pipeline.columns import CELL_NAMES
from pipeline.models import (
    Block,
    CitedFootnote,
    Extraction,
    Footnote,
    FrontBlock,
    Row,
    RowProvenance,
    Source,
)
from rendering import (
    DEFAULT_LAYOUT,
    LAYOUTS,
    Layout,
    Placement,
    paginate,
    render,
    synthetic_catalogue,
)
from tests.support import GOLDEN, REPO

SYMBOL = "CDPC (2017) 1_rev"

# A5 at 10pt: small pages, so the long row spans several of them.
SPLIT_LAYOUT = Layout(page_size=A5, font_size=10, margin_left=40, margin_right=40, margin_top=50, margin_bottom=40)
TEST_LAYOUTS = {"split": SPLIT_LAYOUT, "default": DEFAULT_LAYOUT, **LAYOUTS}

LONG_WORD = "Transcontinentalprosecutorialcooperationnetworkinitiative"
E_CODEX, IBERRED = "http://www.e-codex.eu/home.html", "https://www.iberred.org/"
COUNTRIES = "Albania, Andorra, Armenia, Austria, Azerbaijan, Belgium, Bosnia and Herzegovina, Bulgaria, Croatia"


def block(text: str, style: str = "text") -> Block:
    return Block(text=text, style=style, boxes=[])


def cited(number: int, text: str, cell: str, block_index: int, block_text: str, after: str, url: str | None = None):
    """A footnote whose marker stands right after the first `after` in `block_text`."""
    offset = block_text.index(after) + len(after)
    anchor = {"cell": cell, "block": block_index, "offset": offset}
    return CitedFootnote(number=number, text=text, url=url, page=1, anchor=anchor)


def row(section: str, name: str, purpose: list[Block], members: list[Block], footnotes=()) -> Row:
    return Row(
        section=section,
        name=name,
        purpose=purpose,
        members=members,
        footnotes=list(footnotes),
        provenance=RowProvenance(pages=[], cells={}),
    )


def sample_extraction() -> Extraction:
    """Two sections, four rows: footnotes with and without urls in the front matter, a name, a
    purpose and a members cell; hyphenated words; a word wider than any column; bullets; a long row."""
    intro = "There is presently a proliferation of networks being formed in the cross-border field."
    bes = "The BES is a network of prosecuting authorities. It aims at more effective cross-border cooperation."
    long_purpose = [
        block(f"Paragraph {i}: the PC-OC elaborates ways to facilitate international co-operation in matter {i}.")
        for i in range(1, 25)
    ]
    members = f"{COUNTRIES}, North Rhine-Westphalia"
    iberred = "Ibero-American Network of International Legal Cooperation (IberRed)"
    footnotes = [
        cited(1, "Epidemiological modelling of online social network dynamics.", "front_matter", 1, intro, "formed"),
        cited(2, E_CODEX, "purpose", 1, bes, "cooperation.", url=E_CODEX),
        cited(3, "Council of Europe treaty list.", "members", 1, members, "Belgium"),
        cited(4, IBERRED, "name", 0, iberred, "(IberRed)", url=IBERRED),
    ]
    return Extraction(
        source=Source(file="sample.pdf", sha256="0" * 64, pages=1, symbol=SYMBOL),
        front_matter=[
            FrontBlock(text="1. Introduction", style="heading", boxes=[]),
            FrontBlock(text=intro, boxes=[], footnotes=[footnotes[0]]),
            FrontBlock(text="• ‘Network’ means to meet people who might be useful.", style="item", boxes=[]),
        ],
        sections=["4.1 European Networks", "4.2 Non-European Networks"],
        rows=[
            row(
                "4.1 European Networks",
                "Bureau for Euroregional Cooperation (BES)",
                [block("Aims"), block(bes)],
                [block("Belgium, Netherlands, North Rhine-Westphalia (Germany)")],
                [footnotes[1]],
            ),
            row(
                "4.1 European Networks",
                "Committee of Experts on the Operation of European Conventions (PC-OC)",
                long_purpose,
                [block("47 Member States", "heading"), block(members)],
                [footnotes[2]],
            ),
            row(
                "4.2 Non-European Networks",
                iberred,
                [block("A network of judicial cooperation.")],
                [block("22 countries", "heading"), block("Andorra, Argentina, Bolivia")],
                [footnotes[3]],
            ),
            row(
                "4.2 Non-European Networks",
                LONG_WORD,
                [block(f"The {LONG_WORD} is a made-up network.")],
                [block("• Portugal", "item"), block("• Spain", "item")],
            ),
        ],
        footnotes=[Footnote(**f.model_dump(exclude={"anchor"})) for f in footnotes],
    )


@pytest.fixture(scope="module")
def sample():
    return sample_extraction()


class Rendering(NamedTuple):
    path: Path
    pdf: pdfplumber.PDF
    placement: Placement
    layout: Layout


@pytest.fixture(scope="module")
def rendered(sample, tmp_path_factory):
    """Render the sample once per layout name, on demand, and keep the PDF open for the module."""
    folder = tmp_path_factory.mktemp("render")
    cache: dict[str, Rendering] = {}

    def get(name: str) -> Rendering:
        if name not in cache:
            path = folder / f"{name}.pdf"
            placement = render(sample, path, TEST_LAYOUTS[name])
            cache[name] = Rendering(path, pdfplumber.open(path), placement, TEST_LAYOUTS[name])
        return cache[name]

    yield get
    for rendering in cache.values():
        rendering.pdf.close()


def cell_texts(extraction: Extraction) -> list[str]:
    texts = [block.text for block in extraction.front_matter] + extraction.sections
    for r in extraction.rows:
        texts += [r.name] + [b.text for b in r.purpose + r.members]
    return texts


def sized(char: dict, size: float) -> bool:
    return abs(char["size"] - size) < 0.01


def body_chars(page, layout: Layout) -> list[dict]:
    return [c for c in page.chars if sized(c, layout.font_size)]


def marker_chars(page, layout: Layout) -> list[dict]:
    """Superscripts: chars smaller than the body that stand above the footnote area."""
    notes = [c["top"] for c in page.chars if sized(c, layout.footnote_font_size) and c["top"] > layout.margin_top]
    notes_top = min(notes, default=page.height)
    return [c for c in page.chars if c["size"] < layout.font_size * 0.7 and layout.margin_top < c["top"] < notes_top]


def numbers(chars: list[dict]) -> set[int]:
    """The numbers spelled by runs of adjacent digit chars."""
    found, run, last = set(), "", None
    for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if last is not None and abs(c["top"] - last["top"]) < 1 and abs(c["x0"] - last["x1"]) < 0.5:
            run += c["text"]
        else:
            found |= {int(run)} if run else set()
            run = c["text"]
        last = c
    return found | ({int(run)} if run else set())


def footnote_labels(page, layout: Layout) -> set[int]:
    """The footnote numbers printed at the page foot, at the left margin."""
    return {
        int(line["text"].split()[0])
        for line in page.extract_text_lines()
        if abs(line["x0"] - layout.margin_left) < 0.5
        and line["top"] > page.height / 2
        and line["text"].split()[0].isdigit()
        and all(sized(c, layout.footnote_font_size) for c in line["chars"])
    }


@pytest.mark.parametrize("name", TEST_LAYOUTS)
def test_every_page_carries_the_running_header(rendered, name):
    pdf, placement, layout = rendered(name)[1:]
    assert len(pdf.pages) == placement.pages
    for page in pdf.pages:
        header = page.crop((0, 0, page.width, layout.margin_top * 0.75))
        assert header.extract_text() == f"{SYMBOL} {page.page_number}"
        assert all(sized(c, layout.header_font_size) for c in header.chars)


@pytest.mark.parametrize("name", TEST_LAYOUTS)
def test_every_word_is_printed_and_no_hyphen_is_added(rendered, sample, name):
    """Each column's lines joined without a separator (and without the repeated table headers)
    hold every word of the column's cells, so a word broken across lines or pages rejoins; and
    the body prints exactly the source's hyphens."""
    pdf, _, layout = rendered(name)[1:]
    columns = ["", "", ""]
    hyphens = 0
    for page in pdf.pages:
        body = page.filter(lambda o: o.get("object_type") != "char" or sized(o, layout.font_size))
        for c, (left, width) in enumerate(zip(layout.column_lefts, layout.column_widths)):
            lines = body.crop((left, 0, left + width, page.height)).extract_text().split("\n")
            columns[c] += "".join(line for line in lines if line not in ("NAME", "PURPOSE", "MEMBERS"))
        hyphens += sum(c["text"] == "-" for c in body_chars(page, layout))
    for r in sample.rows:
        for c, blocks in enumerate(([r.name], [b.text for b in r.purpose], [b.text for b in r.members])):
            for word in " ".join(blocks).split():
                assert word in columns[c], (CELL_NAMES[c], word)
    assert hyphens == sum(text.count("-") for text in cell_texts(sample))


@pytest.mark.parametrize("name", TEST_LAYOUTS)
def test_markers_are_superscripts_and_their_footnotes_are_on_their_page(rendered, sample, name):
    pdf, placement, layout = rendered(name)[1:]
    seen = set()
    for page in pdf.pages:
        markers = marker_chars(page, layout)
        assert all(c["size"] < layout.font_size and c["text"].isdigit() for c in markers)
        body_bottoms = [c["bottom"] for c in body_chars(page, layout)]
        for marker in markers:  # raised: above the bottom of the body chars of its line
            line = [b for b in body_bottoms if abs(b - marker["bottom"]) < layout.font_size]
            assert line and marker["bottom"] < max(line) - 1
        assert numbers(markers) == footnote_labels(page, layout)
        seen |= numbers(markers)
        assert all(placement.footnote_pages[n] == page.page_number for n in numbers(markers))
    assert seen == {f.number for f in sample.footnotes}


def test_link_annotations_carry_the_urls_on_their_footnotes_page(rendered, sample):
    pdf, placement, _ = rendered("split")[1:]
    links = {(annot["uri"], page.page_number) for page in pdf.pages for annot in page.annots}
    assert links == {(f.url, placement.footnote_pages[f.number]) for f in sample.footnotes if f.url}


def test_a_long_row_splits_across_pages_under_a_repeated_header(rendered, sample):
    pdf, placement, _ = rendered("split")[1:]
    assert len(placement.cell_pages[1]["purpose"]) >= 2
    texts = {page.page_number: page.extract_text() for page in pdf.pages}
    for number in placement.row_pages(1):
        assert "PURPOSE" in texts[number] and "MEMBERS" in texts[number]
    first, last = sample.rows[1].purpose[0].text, sample.rows[1].purpose[-1].text
    pages_with = lambda words: [number for number, text in texts.items() if words in text]
    assert pages_with(first.split(":")[0] + ":") < pages_with(last.split(":")[0] + ":")


def test_whole_rows_move_to_the_next_page_instead_of_splitting(sample):
    """Over a range of page heights, some short row splits under `split_rows`; without it only
    the row too long for any page ever does."""
    split_short_rows = False
    for height in range(400, 700, 25):
        layout = replace(SPLIT_LAYOUT, page_size=(A5[0], height))
        split_short_rows |= bool(set(paginate(sample, layout).split_rows) - {1})
        assert set(paginate(sample, replace(layout, split_rows=False)).split_rows) <= {1}
    assert split_short_rows


def test_the_name_header_label_is_optional(rendered):
    assert "NAME" not in rendered("split").pdf.pages[0].extract_text()
    assert re.search(r"NAME\s+PURPOSE\s+MEMBERS", rendered("a4_helvetica_norules").pdf.pages[0].extract_text())


IN_ANOTHER_PROCESS = """
import json, sys
from pathlib import Path
from rendering import LAYOUTS, render, synthetic_catalogue
sample = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
render(sample, Path(sys.argv[2]), LAYOUTS[sys.argv[3]])
Path(sys.argv[4]).write_text(synthetic_catalogue(sample, 14, seed=7).model_dump_json(), encoding="utf-8")
"""
"""Renders the sample (a JSON file) under a named layout, and writes the synthetic catalogue of
seed 7, in a process of its own with another hash seed: what the same inputs give elsewhere."""


@pytest.fixture(scope="module")
def elsewhere(sample, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("elsewhere")
    (folder / "sample.json").write_text(sample.model_dump_json(), encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            IN_ANOTHER_PROCESS,
            folder / "sample.json",
            folder / "rendered.pdf",
            "a5_courier_full",
            folder / "synthetic.json",
        ],
        cwd=REPO,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return folder


def test_rendering_is_byte_identical(sample, rendered, tmp_path, elsewhere):
    first = rendered("split")
    again = tmp_path / "again.pdf"
    render(sample.model_dump(mode="json"), again, first.layout)
    assert again.read_bytes() == first.path.read_bytes()
    assert (elsewhere / "rendered.pdf").read_bytes() == rendered("a5_courier_full").path.read_bytes()


def test_synthetic_catalogue_is_deterministic_and_numbered_in_print_order(sample, elsewhere):
    catalogue = synthetic_catalogue(sample, 14, seed=7)
    assert catalogue.model_dump_json() == (elsewhere / "synthetic.json").read_text(encoding="utf-8")
    assert catalogue != synthetic_catalogue(sample, 14, seed=8)
    sections = [r.section for r in catalogue.rows]
    assert len(sections) == 14 and sections == sorted(sections)
    cited = [f.number for b in catalogue.front_matter for f in b.footnotes]
    cited += [f.number for r in catalogue.rows for f in r.footnotes]
    assert cited == list(range(1, len(cited) + 1)) == [f.number for f in catalogue.footnotes]
    for r in catalogue.rows:
        for f in r.footnotes:
            blocks = {"name": [r.name], "purpose": [b.text for b in r.purpose], "members": [b.text for b in r.members]}
            assert f.anchor.offset <= len(blocks[f.anchor.cell][f.anchor.block])


def test_the_named_layouts_split_different_rows_of_the_paper():
    paper = Extraction.model_validate(json.loads((GOLDEN / "extraction.json").read_text()))
    placements = {name: paginate(paper, layout) for name, layout in LAYOUTS.items()}
    split = [placement.split_rows for placement in placements.values()]
    assert len(set(split)) == len(split)
    assert any(len(pages.get("name", ())) > 1 for pages in placements["legal_narrow_name"].cell_pages)


def masthead_sample(sample: Extraction) -> Extraction:
    """The sample opening with a masthead block: the symbol, then a place and date."""
    masthead = FrontBlock(text=f"{SYMBOL} Strasbourg, 22 September 2020", boxes=[])
    return sample.model_copy(update={"front_matter": [masthead, *sample.front_matter]})


FOOTER_LAYOUT = Layout(running_position="footer", running_distance=40, masthead=True, margin_bottom=90)


def footer(page, layout: Layout) -> tuple[str, float]:
    """The text printed below the body (footnotes included), and the lowest bottom of its chars."""
    chars = [c for c in page.chars if c["top"] > page.height - layout.margin_bottom]
    text = "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]))
    return text, max(c["bottom"] for c in chars)


@pytest.mark.parametrize(
    "layout, symbol_printed",
    [
        (FOOTER_LAYOUT, True),
        (replace(FOOTER_LAYOUT, running_symbol=False), False),
        (replace(FOOTER_LAYOUT, running_distance=62.68), True),
    ],
)
def test_the_running_line_prints_as_a_footer_at_its_distance_with_or_without_the_symbol(
    sample, tmp_path, layout, symbol_printed
):
    render(masthead_sample(sample), tmp_path / "footer.pdf", layout)
    with pdfplumber.open(tmp_path / "footer.pdf") as pdf:
        for page in pdf.pages:
            text, baseline = footer(page, layout)
            assert text.replace(" ", "") == (SYMBOL.replace(" ", "") if symbol_printed else "") + str(page.page_number)
            # a char's bottom lies its descent (small at 8pt) below the baseline
            assert abs(page.height - baseline - layout.running_distance) < 2.5
            assert not [c for c in page.chars if sized(c, layout.header_font_size) and c["top"] < layout.margin_top]


def test_the_masthead_prints_the_symbol_left_and_the_place_and_date_flush_right_on_one_line(sample, tmp_path):
    render(masthead_sample(sample), tmp_path / "masthead.pdf", FOOTER_LAYOUT)
    with pdfplumber.open(tmp_path / "masthead.pdf") as pdf:
        first = pdf.pages[0].extract_text_lines()[0]
    assert first["text"] == f"{SYMBOL} Strasbourg, 22 September 2020"
    assert abs(first["x0"] - FOOTER_LAYOUT.margin_left) < 0.5
    assert abs(first["x1"] - (FOOTER_LAYOUT.margin_left + FOOTER_LAYOUT.text_width)) < 0.5


def test_without_the_masthead_option_the_block_is_a_paragraph(sample, tmp_path):
    render(masthead_sample(sample), tmp_path / "plain.pdf", replace(FOOTER_LAYOUT, masthead=False))
    with pdfplumber.open(tmp_path / "plain.pdf") as pdf:
        first = pdf.pages[0].extract_text_lines()[0]
    assert first["text"] == f"{SYMBOL} Strasbourg, 22 September 2020"
    assert first["x1"] < FOOTER_LAYOUT.margin_left + FOOTER_LAYOUT.text_width - 100


def test_placement_tells_where_each_section_heading_landed(sample):
    placement = paginate(sample, SPLIT_LAYOUT)
    assert [heading.text for heading in placement.headings] == sample.sections
    assert placement.headings[0].page == 1 and not placement.headings[0].at_page_top
    assert all(heading.page == placement.row_pages(i)[0] for heading, i in zip(placement.headings, (0, 2)))
