"""One hostile value in every field that is shown: markup (`<script>`), `&`, both quotes, control
characters (an ANSI escape sequence, CR, LF, NEL), the line and paragraph separators (U+2028, U+2029)
and format characters (a bidi override and isolate, a zero-width space), each field's copy naming its field. A real
v2 carries it in the name, acronym, section heading, purpose,
website, footnote, group label, member's printed text, role and note, a relation's evidence and a
correction's reason; every output that shows them is read back: the review page (`cdpc report
--against v1`: its diff lines and its network records) shows each as text, escaped, with no element
it did not make; `cdpc diff` text shows it on its line with its controls escaped, and its markdown,
rendered as a viewer renders it, likewise, with no element it did not make; the site's pages show
each as text, escaped; the JSON of `cdpc diff` and `cdpc export` decodes back to the very value with
no raw control character in its bytes; `cdpc check` shows a hostile heading escaped, one a line, and
reads no count in its escape sequence.
"""

from __future__ import annotations

import html.parser
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings, strategies as st
from markdown_it import MarkdownIt

from pipeline.corrections.apply import load_corrections
from pipeline.diff.render import markdown_code, markdown_text
from pipeline.extract import extract_pdf
from pipeline.models import Block, Extraction, Relation
from pipeline.normalise.networks import normalise
from pipeline.terminal import escaped_line, escaped_text
from pipeline.versions.build import publish
from rendering import render
from tests.support import GOLDEN, run_cdpc

DOCUMENT = "cdpc-2017-1-rev"


def hostile(field: str) -> str:
    """The hostile value of a field: markup naming the field, `&`, quotes, ESC [31m, CR, LF, NEL, LS, PS, RLO, LRI,
    ZWSP."""
    return f"<script>alert(\"{field}\")</script> & 'q' \x1b[31m\r\n\x85\u2028\u2029\u202e\u2066\u200b"


"""What no text output may hold as it is."""
RAW = (b"\x1b", b"\r", *(c.encode("utf-8") for c in "\x85\u2028\u2029\u202e\u2066\u200b"))
HIDDEN = ("Cc", "Cf", "Zl", "Zp")
"""The Unicode categories no shown text may hold but as an escape: controls, format characters, line and paragraph
separators."""

FIELDS = (
    "name",
    "acronym",
    "section_heading",
    "purpose",
    "website",
    "footnote",
    "group",
    "member",
    "role",
    "note",
    "evidence",
    "reason",
)

CORRECTION = """\
source: {symbol: "CDPC (2017) 1_rev"}
corrections:
  - id: hostile-reason
    op: set_field
    target: {network: carin}
    field: section_heading
    expect: %s
    value: %s
    reason: %s
    author: Tests
    date: 2026-12-07
"""


def hostile_networks(networks):
    """The first network (CARIN) with every shown field hostile: its first member's printed text,
    role and note too (its code kept, so the diff shows each as a change)."""
    first, *rest = networks
    group = first.groups[0]
    member = group.entries[0].model_copy(
        update={"raw": hostile("member"), "role": hostile("role"), "note": hostile("note")}
    )
    first = first.model_copy(
        update={
            "name": hostile("name"),
            "acronym": hostile("acronym"),
            "website": hostile("website"),
            "purpose": [Block(text=hostile("purpose"), boxes=first.purpose[0].boxes), *first.purpose[1:]],
            "footnotes": [
                first.footnotes[0].model_copy(update={"text": hostile("footnote"), "url": None}),
                *first.footnotes[1:],
            ],
            "groups": [
                group.model_copy(update={"label": hostile("group"), "entries": [member, *group.entries[1:]]}),
                *first.groups[1:],
            ],
            "relations": [
                Relation(source=first.id, target=rest[0].id, kind="hosts", evidence=hostile("evidence"), cell="purpose")
            ],
        }
    )
    return [first, *rest]


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """A root with v1 of two rows of the paper (rendered, extracted, normalised) and v2: the same
    source, its first network's fields hostile and a correction with a hostile reason."""
    root = tmp_path_factory.mktemp("hostile-values") / "root"
    (root / "source_docs").mkdir(parents=True)
    (root / "corrections").mkdir()
    paper = Extraction.model_validate_json((GOLDEN / "extraction.json").read_bytes())
    rows = paper.rows[1:3]
    numbers = {f.number for r in rows for f in r.footnotes}
    pdf = root / "source_docs" / "paper.pdf"
    render(
        paper.model_copy(
            update={
                "rows": rows,
                "front_matter": paper.front_matter[:1],
                "footnotes": [f for f in paper.footnotes if f.number in numbers],
            }
        ),
        pdf,
    )
    normalised = normalise(extract_pdf(pdf))
    assert publish(normalised, load_corrections(root / "corrections"), root).version == "v1"
    networks = hostile_networks(normalised.networks)
    heading = networks[0].section_heading
    (root / "corrections" / "hostile.yaml").write_text(
        CORRECTION % (json.dumps(heading), json.dumps(hostile("section_heading")), json.dumps(hostile("reason"))),
        encoding="utf-8",
    )
    assert (
        publish(
            normalised.model_copy(update={"networks": networks}), load_corrections(root / "corrections"), root
        ).version
        == "v2"
    )
    return root


class Page(html.parser.HTMLParser):
    """A page as a browser reads it: its elements (tag, attributes) and its text, entities decoded."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.texts: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.texts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)


def shown(field: str) -> str:
    """The hostile value as every text output shows it: its control and format characters escaped."""
    return escaped_line(hostile(field))


def on_page(field: str) -> str:
    """The hostile value as the review page shows it: as `shown`, but a newline is white space there, kept."""
    return escaped_text(hostile(field))


def shown_words(field: str) -> list[str]:
    """Its words as a word-by-word diff shows them (CR and NEL are white space between words)."""
    return [escaped_line(word) for word in hostile(field).split()]


DIFFED = ("member", "role", "note", "group", "website", "footnote")
"""The fields the diff shows whole (a relation's evidence it does not show; name and purpose word by word)."""


@pytest.fixture(scope="module")
def review_page(root) -> Page:
    done = run_cdpc(
        "report", f"{DOCUMENT}@v2", "--against", f"{DOCUMENT}@v1", "-o", root.parent / "review", "--root", root
    )
    assert done.returncode == 0, done.stderr
    return Page((root.parent / "review" / "index.html").read_text(encoding="utf-8"))


def test_the_review_page_shows_every_hostile_field_as_text(review_page):
    assert [(tag, attrs) for tag, attrs in review_page.elements if tag == "script"] == [
        ("script", {"src": "report.js", "defer": None})
    ]
    assert not [tag for tag, _ in review_page.elements if tag in ("iframe", "object", "embed", "svg", "style")]
    assert not [attrs for tag, attrs in review_page.elements if tag == "img" and not attrs["src"].startswith("crops/")]
    assert not [attrs for _, attrs in review_page.elements if any(name.startswith("on") for name in attrs)]
    assert not [c for c in review_page.text if unicodedata.category(c) in HIDDEN and c not in "\n\t"]
    assert {field for field in FIELDS if on_page(field) in review_page.text} == set(FIELDS) - {
        "evidence"
    }  # the page shows no evidence


class DiffSection(Page):
    """The text of the review page's list of changes only."""

    def __init__(self, text: str):
        self.depth = 0
        super().__init__(text)

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        if tag == "ul" and dict(attrs).get("class") == "diff" or self.depth:
            self.depth += tag == "ul"

    def handle_endtag(self, tag):
        self.depth -= tag == "ul" and self.depth > 0

    def handle_data(self, data):
        if self.depth:
            self.texts.append(data)


def test_the_review_pages_diff_lines_escape_the_changed_values(root, review_page):
    diff = DiffSection((root.parent / "review" / "index.html").read_text(encoding="utf-8")).text
    for field in DIFFED:
        assert on_page(field) in diff, field
    for field in ("name", "purpose"):
        line = next(line for line in diff.split("\n") if f"carin {field}: " in line)
        assert all(word in line for word in shown_words(field)), field


MARKDOWN_ELEMENTS = {"h3", "h4", "p", "ul", "li", "code", "s", "strong"}
"""The elements the diff's markdown makes: headings, paragraphs, its list, names as code, struck and inserted words."""


def rendered_markdown(markdown: str) -> Page:
    """Markdown as a viewer shows it: CommonMark with strikethrough, raw HTML let through (as
    GitHub renders it before its sanitiser, and as a viewer without one shows it)."""
    return Page(MarkdownIt("commonmark", {"html": True}).enable("strikethrough").render(markdown))


@pytest.mark.parametrize("form", ["text", "markdown"])
def test_the_diff_shows_every_hostile_field_escaped_on_its_own_line(root, form):
    done = run_cdpc("diff", f"{DOCUMENT}@v1", f"{DOCUMENT}@v2", "--format", form, "--root", root, text=False)
    assert (done.returncode, done.stderr) == (1, b"")
    assert not any(c in done.stdout for c in RAW)
    text = done.stdout.decode("utf-8")
    if form == "markdown":
        page = rendered_markdown(text)
        assert {tag for tag, _ in page.elements} <= MARKDOWN_ELEMENTS and not any(
            attrs for _, attrs in page.elements
        ), page.elements
        text = page.text
    lines = text.split("\n")
    for field in DIFFED:
        assert len([line for line in lines if shown(field) in line]) == 1, (field, lines)
    for field in ("name", "purpose"):
        assert len([line for line in lines if all(word in line for word in shown_words(field))]) == 1, (field, lines)


def test_the_json_of_diff_and_export_decodes_to_the_very_values(root):
    diffed = run_cdpc("diff", f"{DOCUMENT}@v1", f"{DOCUMENT}@v2", "--format", "json", "--root", root, text=False)
    exported = run_cdpc("export", f"{DOCUMENT}@v2", "--format", "jsonl", "--root", root, text=False)
    assert (diffed.returncode, exported.returncode) == (1, 0)
    for output in (diffed.stdout, exported.stdout):
        assert not any(c in output for c in RAW)
    values = json.dumps(json.loads(diffed.stdout)["records"], ensure_ascii=False)
    for field in (*DIFFED, "name"):
        assert json.dumps(hostile(field), ensure_ascii=False)[1:-1] in values, field
    carin = json.loads(exported.stdout.decode("utf-8").split("\n")[0])
    member = carin["groups"][0]["entries"][0]
    assert (
        carin["name"],
        carin["acronym"],
        carin["section_heading"],
        carin["purpose"][0]["text"],
        carin["website"],
        carin["footnotes"][0]["text"],
        carin["groups"][0]["label"],
        member["raw"],
        member["role"],
        member["note"],
        carin["relations"][0]["evidence"],
    ) == tuple(map(hostile, FIELDS[:-1]))


MARKUP = st.lists(
    st.sampled_from([*"ab1 _*~`[]()<>&!#:/|\\", "&amp;", "<b>", "](javascript:x)", "&#1;"]), max_size=12
).map("".join)
"""Texts of Markdown's markup: emphasis, code, links, tags, entities, escapes."""


@settings(max_examples=300, deadline=None)
@given(
    value=MARKUP.map(lambda text: " ".join(text.split()) or "x"),
    name=MARKUP.map(lambda text: text.replace(" ", "") or "k"),
)
@example(value="<script>alert(1)</script> [a](javascript:x) _b_ **c** ~~d~~ \\*e", name="a``b`")
def test_a_value_in_the_diffs_markdown_renders_as_its_very_text(value, name):
    page = rendered_markdown(
        f"- {markdown_code(name)} name changed: ~~old~~ **{markdown_text(value)}** → {markdown_text(value)}\n"
    )
    assert {tag for tag, _ in page.elements} == {"ul", "li", "code", "s", "strong"}, page.elements
    assert page.text.strip() == f"{name} name changed: old {value} → {value}"


SITE_PAGES = ("networks/carin.html", "fr/networks/carin.html", "changes.html", "index.html", "countries/AT.html")
"""The site's pages that show CARIN's values: its page in both languages, the changes, the home page, a member's
page."""


def test_the_site_shows_every_hostile_field_as_text(root):
    site = root.parent / "www"
    done = run_cdpc("site", f"{DOCUMENT}@v2", "-o", site, "--root", root)
    assert done.returncode == 0, done.stderr
    pages = {name: Page((site / name).read_text(encoding="utf-8")) for name in SITE_PAGES}
    for name, page in pages.items():
        assert [attrs["src"].rsplit("/", 1)[-1] for tag, attrs in page.elements if tag == "script"] == ["site.js"], name
        assert not [tag for tag, _ in page.elements if tag in ("iframe", "object", "embed", "style")], name
        assert not [attrs for _, attrs in page.elements if any(n.startswith("on") for n in attrs)], name
        links = [attrs.get("href") or attrs.get("src") for _, attrs in page.elements if {"href", "src"} & set(attrs)]
        assert not [
            link for link in links if ":" in link.split("/")[0] and not link.startswith(("https:", "http:", "mailto:"))
        ], name
        assert not [c for c in page.text if unicodedata.category(c) in HIDDEN and c not in "\n\t"], name
    for name in SITE_PAGES[:2]:
        assert {field for field in FIELDS if on_page(field) in pages[name].text} == set(FIELDS) - {"reason"}, (
            name
        )  # no reason on the site


def test_check_shows_a_hostile_heading_escaped_and_reads_no_count_in_its_escape_sequence(tmp_path):
    """The heading prints 54; a block read as a heading whose only digits are those of ESC [31m prints no count."""
    paper = Extraction.model_validate_json((GOLDEN / "extraction.json").read_bytes())
    row = paper.rows[1]
    members = [
        Block(text="54 " + hostile("group"), style="heading", boxes=row.members[0].boxes),
        Block(text="Ruritania " + hostile("member"), style="text", boxes=row.members[0].boxes),
    ]
    extraction = paper.model_copy(update={"rows": [row.model_copy(update={"members": members})]})
    (tmp_path / "hostile.json").write_text(extraction.model_dump_json(), encoding="utf-8")
    done = run_cdpc("check", tmp_path / "hostile.json", text=False)
    assert (done.returncode, done.stderr) == (1, b"")
    assert not any(c in done.stdout for c in RAW)
    lines = done.stdout.decode("utf-8").split("\n")
    assert lines[-1] == "" and all(len(line.split("\t")) in (5, 6, 7) for line in lines[:-1]), lines
    counts = [line.split("\t")[2:4] for line in lines if line.endswith("\tcount mismatch")]
    assert counts == [["54 " + shown("group"), "printed 54, found 0"]], lines


def test_a_tab_in_a_value_adds_no_field_to_checks_lines(tmp_path):
    """`cdpc check` prints tab-separated lines: a tab printed inside a heading or a member shows as
    `\\x09`, so each line keeps its fields (a count mismatch 5, an unresolved entry 6 or 7)."""
    paper = Extraction.model_validate_json((GOLDEN / "extraction.json").read_bytes())
    row = paper.rows[1]
    members = [
        Block(text="54 Member\tJurisdictions", style="heading", boxes=row.members[0].boxes),
        Block(text="Ruritania\tFreedonia", style="text", boxes=row.members[0].boxes),
    ]
    extraction = paper.model_copy(update={"rows": [row.model_copy(update={"members": members})]})
    (tmp_path / "tabs.json").write_text(extraction.model_dump_json(), encoding="utf-8")
    done = run_cdpc("check", tmp_path / "tabs.json")
    assert (done.returncode, done.stderr) == (1, "")
    lines = done.stdout.splitlines()
    mismatch = [line.split("\t") for line in lines if line.endswith("\tcount mismatch")]
    assert mismatch == [
        [mismatch[0][0], mismatch[0][1], "54 Member\\x09Jurisdictions", "printed 54, found 1", "count mismatch"]
    ]
    unresolved = [line.split("\t") for line in lines if "Ruri" in line]
    assert unresolved and all(
        fields[3] == "Ruritania\\x09Freedonia" and len(fields) in (6, 7) for fields in unresolved
    ), lines
