"""Builders shared by the test modules: plain functions and constants that make test inputs.

No test module imports another: what more than one module needs lives here (or, when it is
naturally a fixture — a published version, a copy of the committed dataset — in tests/conftest.py,
built from these). Each builder says what it builds:

- records: `block`, `entry`, `network` (one of each, with made-up provenance), `sample_networks` /
  `sample_normalised` (a small hand-made normalised catalogue: three networks, one of them printed
  twice as the paper prints the OECD ACN), `tidy_networks` (the sample plus a network holding what
  the tidy tables tell apart);
- corrections: `SOURCE_HEADER`, `HEADER`, `MERGE_ACN`, `PORTUGUESE`, `correction`, `write_corrections`;
- a page's records: `printed_line` (a `Line` of words as a page source reads them),
  `measured_document` (a `Document` of such lines, its measures given);
- input files: `text_pdf`, `scanned_pdf`, `make_input` (PDFs and non-PDFs the extractor refuses);
  the 2020 revision's fixture `CATALOGUE_2020`, what it should give `EXPECTED_2020` (`EU_2020` the
  EU's states on its date), its reviewer's
  pairings `PAIRINGS_2020`;
- reading back: `tree` (a folder's files and bytes), `read_csv`, `frictionless_validate`,
  `triage_headings` (a carry-over's triage, under the headings `TRIAGE_TITLES`), `changes_table`
  (a version's table `changes`) and `change_cells` (a diff record as its row);
- checking a refusal: `one_error_line` (also named `refused`), and the hostile inputs' bounds
  `SECONDS` and `MEGABYTES`.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from pipeline.extract.geometry import COORDINATE_DECIMALS, PageLayout, Word
from pipeline.extract.layout import Document, Line
from pipeline.extract.settings import DEFAULT_SETTINGS
from pipeline.models import (
    Anchor,
    Block,
    Box,
    CitedFootnote,
    Entry,
    Group,
    Network,
    Normalised,
    PurposeTerms,
    Relation,
    RowProvenance,
    Source,
    Span,
)
from tests.support import PAPER, REPO

# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------

SYMBOL = "CDPC (2017) 1_rev"
"""The symbol of the bundled paper, as the sample catalogue's source names it."""


def block(text: str, page: int = 3) -> Block:
    """A text block on `page` with one made-up box."""
    return Block(text=text, boxes=[Box(page=page, bbox=(70.0, 100.0, 300.0, 120.0))])


def entry(raw: str, kind: str = "country", codes: tuple[str, ...] = (), role: str | None = None, at: int = 0) -> Entry:
    """A member entry printed as `raw` at offset `at`: coded when it has codes, else text (kind other) or unresolved."""
    status = "coded" if codes else ("text" if kind == "other" else "unresolved")
    return Entry(
        raw=raw, kind=kind, codes=list(codes), status=status, role=role, span=Span(block=0, start=at, end=at + len(raw))
    )


def network(
    id: str,
    name: str,
    groups: dict[str | None, list[Entry]],
    purpose: tuple[str, ...] = ("A network of prosecutors.",),
    acronym: str | None = None,
    section: str = "european",
    footnotes: tuple[str, ...] = (),
) -> Network:
    """A normalised network on page 3: its member groups (label → entries), purpose blocks and footnote URLs
    (numbered from 2)."""
    heading = {"european": "4.1 European Networks", "non_european": "4.2 Non-European Networks"}[section]
    return Network(
        id=id,
        name=name,
        acronym=acronym,
        section=section,
        section_heading=heading,
        purpose=[block(t) for t in purpose],
        terms=PurposeTerms(),
        groups=[Group(label=label, entries=entries) for label, entries in groups.items()],
        relations=[],
        footnotes=[
            CitedFootnote(number=n, text=url, url=url, page=3, anchor=Anchor(cell="purpose", block=0, offset=5))
            for n, url in enumerate(footnotes, start=2)
        ],
        provenance=RowProvenance(pages=[3], cells={"name": [Box(page=3, bbox=(10.0, 100.0, 60.0, 120.0))]}),
    )


def sample_networks() -> list[Network]:
    """The sample catalogue's networks: the BES, the Portuguese network (with Green Cape unresolved) and
    the OECD ACN printed twice, once in each section (so it needs `MERGE_ACN`)."""
    return [
        network(
            "bes",
            "Bureau for Euroregional Cooperation (BES)",
            {
                None: [
                    entry("Belgium", codes=("BE",)),
                    entry("Netherlands", codes=("NL",)),
                    entry("North Rhine-Westphalia (Germany)", "subdivision", ("DE-NW",)),
                ]
            },
            purpose=(
                "The BES is a network of national prosecuting authorities.",
                "It aims at cross-border cooperation.",
            ),
            acronym="BES",
            footnotes=("http://www.e-codex.eu/home.html",),
        ),
        network(
            "portuguese-network",
            "Network of Judicial International Cooperation of the Portuguese speaking countries",
            {
                None: [
                    entry("Angola", codes=("AO",)),
                    entry("Green Cape"),
                    entry("Brazil", codes=("BR",)),
                    entry("Japan Kazakhstan"),
                ]
            },
            section="non_european",
        ),
        network(
            "acn",
            "Organization for Economic Cooperation and Development Anti-Corruption Network",
            {
                "Members": [
                    entry("Albania", codes=("AL",)),
                    entry("Uzbekistan", codes=("UZ",)),
                    entry("Uzbekistan", codes=("UZ",)),
                ]
            },
            purpose=("ACN is a network.", "ANC operates through general meetings."),
            acronym="ACN",
        ),
        network(
            "acn",
            "Organization for Economic Cooperation and Development Anti-Corruption Network",
            {"Members": [entry("Albania", codes=("AL",)), entry("Armenia", codes=("AM",))]},
            purpose=("ACN is a network.", "ANC operates through general meetings."),
            acronym="ACN",
            section="non_european",
            footnotes=("http://www.oecd.org/corruption/acn/",),
        ),
    ]


def sample_normalised(
    networks: list[Network] | None = None, sha256: str = "a" * 64, file: str = "CDPC-2017-1-rev.pdf"
) -> Normalised:
    """A normalised catalogue of `networks` (the sample's by default) from a 26-page source named `file`."""
    source = Source(file=file, sha256=sha256, pages=26, symbol=SYMBOL)
    return Normalised(source=source, networks=sample_networks() if networks is None else networks)


def tidy_networks() -> list[Network]:
    """The sample catalogue with a network holding what the tidy tables tell apart: a printed count
    its members do not make, observers, a territory, a part of a country printed with two codes, an
    institution, an organisation with a role, a catalogued network as member, an ambiguous entry, a
    statement that is no member, purpose terms, a year of establishment and a relation."""
    ambiguous = Entry(
        raw="Congo", kind="country", status="ambiguous", candidates=["CD", "CG"], span=Span(block=0, start=0, end=5)
    )
    statement = entry("40 third States are part of its contact point network", "other").model_copy(update={"count": 40})
    carin = network(
        "carin",
        "Camden Assets Recovery Interagency Network",
        {
            "5 Registered Member Jurisdictions": [
                entry("Germany", codes=("DE",)),
                entry("Gibraltar", "territory", ("GI",)),
                entry("England & Wales", "subdivision", ("GB-ENG", "GB-WLS")),
            ],
            "Observer States": [
                entry("Italy: Ministry of Justice", "institution", ("IT",)),
                ambiguous,
                entry("Kosovo", codes=("XK",)),
            ],
            "3 Observer International Organisations": [
                entry("Europol (Secretariat)", "organisation", ("europol",), role="Secretariat"),
                entry("EJN", "network", ("bes",)),
                statement,
            ],
        },
        purpose=(
            "CARIN was established in 2004 against money laundering.",
            "It works on asset tracing and exchange of information.",
        ),
        acronym="CARIN",
        footnotes=("https://www.carin.network/",),
    )
    groups = [g.model_copy(update={"count": count}) for g, count in zip(carin.groups, (5, None, 3))]
    relation = Relation(source="bes", target="carin", kind="hosts", evidence="It is hosted by the BES.", cell="purpose")
    terms = PurposeTerms(
        crime_areas=["money_laundering", "asset_recovery"], instruments=["information_exchange"], years=[2004]
    )
    carin = carin.model_copy(
        update={"groups": groups, "relations": [relation], "terms": terms, "website": "https://www.carin.network"}
    )
    return [*sample_networks(), carin]


# ---------------------------------------------------------------------------------------------
# Corrections
# ---------------------------------------------------------------------------------------------

SOURCE_HEADER = 'source: {symbol: "CDPC (2017) 1_rev"}\n'
"""The header line of a corrections file for the bundled paper."""

HEADER = SOURCE_HEADER + "corrections:\n"
"""The start of a corrections file: its source line and the `corrections:` key; `correction()`s follow."""

MERGE_ACN = (
    SOURCE_HEADER
    + """\
corrections:
  - id: oecd-acn-printed-twice
    op: merge_row
    target: {network: acn, section: non_european}
    expect: Organization for Economic Cooperation and Development Anti-Corruption Network
    into: {network: acn, section: european}
    reason: The paper prints the OECD ACN in both sections.
    author: Test Author
    date: 2026-11-28
"""
)
"""The sample catalogue's corrections file: the one merge its duplicated ACN needs."""

PORTUGUESE = "{network: portuguese-network, entry: Green Cape}"
"""A correction's target: the sample's unresolved Green Cape."""


def correction(id: str, op: str, target: str, extra: str = "") -> str:
    """One correction of a corrections file (YAML, list item), with its reason, author and date; `extra` holds its
    other keys."""
    return (
        f"  - id: {id}\n    op: {op}\n    target: {target}\n{extra}"
        "    reason: The paper has it wrong.\n    author: Test Author\n    date: 2026-11-28\n"
    )


def write_corrections(folder: Path, text: str = MERGE_ACN, name: str = "paper.yaml") -> Path:
    """A corrections folder holding one file `name` with `text`; it returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


# ---------------------------------------------------------------------------------------------
# A page's records, as the extractor reads them
# ---------------------------------------------------------------------------------------------


def printed_line(text: str, x0: float, top: float, page: int = 1, size: float = 11.0, bold: bool = False) -> Line:
    """A `Line` of `text` as a page source reads it: a `Word` per space-separated token from `x0`,
    half the font size wide a character and a word space (a quarter of the size) apart, its top
    at `top`; coordinates at the precision they are kept at."""
    words, at_x = [], x0
    for token in text.split():
        right = round(at_x + 0.5 * size * len(token), COORDINATE_DECIMALS)
        bottom = round(top + size, COORDINATE_DECIMALS)
        words.append(Word(token, round(at_x, COORDINATE_DECIMALS), right, top, bottom, size, bold, page))
        at_x = right + 0.25 * size
    return Line(words, page, DEFAULT_SETTINGS)


def measured_document(
    lines: dict[int, list[Line]] | None = None,
    body_size: float = 11.0,
    pitch: float | None = None,
    pages: list[PageLayout] | None = None,
) -> Document:
    """A `Document` holding `lines` (page → its body lines) under the default settings, measured
    as given: its body size, its line pitch (default: the settings' default ratio × the body
    size), the default word space, no footnotes, its text running to the foot of an A4 page."""
    return Document(
        pages=pages or [],
        lines=lines or {},
        body_size=body_size,
        pitch=pitch if pitch is not None else round(DEFAULT_SETTINGS.default_pitch_ratio * body_size, 1),
        symbol=None,
        footnote_areas={},
        word_gap=DEFAULT_SETTINGS.default_word_gap,
        text_bottom=A4[1],
        settings=DEFAULT_SETTINGS,
    )


# ---------------------------------------------------------------------------------------------
# Input files
# ---------------------------------------------------------------------------------------------


def text_pdf(path, lines, password=None):
    """A one-page PDF at `path` printing `lines`, encrypted when a password is given."""
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=password, invariant=1)
    for n, line in enumerate(lines):
        pdf.drawString(72, 760 - 16 * n, line)
    pdf.save()
    return path


def scanned_pdf(path):
    """A one-page PDF at `path` holding only an image: a scan with no text layer."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.drawImage(ImageReader(Image.new("RGB", (300, 400), "white")), 0, 0, *A4)
    pdf.save()
    return path


def make_input(kind: str, tmp_path):
    """`tmp_path/input.pdf` of a kind the extractor refuses: empty, html, truncated (half the paper),
    encrypted (password "secret"), scanned or no_catalogue (a letter)."""
    path = tmp_path / "input.pdf"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "html":
        path.write_text("<!doctype html><html><body>Catalogue</body></html>")
    elif kind == "truncated":
        path.write_bytes(PAPER.read_bytes()[: PAPER.stat().st_size // 2])
    elif kind == "encrypted":
        text_pdf(path, ["NAME PURPOSE MEMBERS"], password="secret")
    elif kind == "scanned":
        scanned_pdf(path)
    elif kind == "no_catalogue":
        text_pdf(path, ["Dear colleague,", "please find attached the minutes of the meeting."])
    return path


FIXTURES = REPO / "tests" / "fixtures"
CATALOGUE_2020 = FIXTURES / "catalogue_2020.json"
"""The 2020 revision's extraction (`cdpc extract` JSON), the content of every 2020 rendering."""

EXPECTED_2020 = json.loads((FIXTURES / "catalogue_2020_expected.json").read_text(encoding="utf-8"))
EU_2020 = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
"""The EU's 27 member states on the 2020 revision's date (without the United Kingdom), as the
collectives' data lists them."""
"""What the 2020 revision should give against the 2017 catalogue (renames, headings, memberships…)."""

PAIRINGS_2020 = """\
# The reviewer's pairings for the 2020 source: renames the automatic pairing scores below its threshold.
source: {symbol: "PC-OC Mod (2020) 03rev2"}
corrections:
  - id: eurojust-is-the-eu-agency
    op: pair_network
    target: {network: eurojust-european-union-agency-for-criminal-justice-cooperation}
    value: eurojust
    reason: Eurojust became the European Union Agency for Criminal Justice Cooperation in December 2019.
    author: Test Author
    date: 2026-11-29
  - id: htcsg-is-the-g8-subgroup
    op: pair_network
    target: {network: htcsg}
    value: g8-lyon-roma-group-high-tech-crime-subgroup
    reason: The G8's Lyon-Roma High Tech Crime SubGroup continues as the G7's since Russia left the G8.
    author: Test Author
    date: 2026-11-29
"""
"""The reviewer's pairings file for the 2020 source."""


# ---------------------------------------------------------------------------------------------
# Reading back and checking refusals
# ---------------------------------------------------------------------------------------------


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root`: relative path → bytes (to compare a folder before and after)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def read_csv(path) -> list[dict]:
    """The rows of a CSV file as dicts by header."""
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def change_cells(record: dict) -> dict:
    """A record of `cdpc diff --format json` as the row of the `changes` table that publishes it
    (what `changes_table` reads back): a list or mapping as JSON, corrections joined by `;`."""

    def text(value):
        return (
            value if value is None or isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
        )

    return {
        "op": record["op"],
        "network": record["network"],
        "old_network": record.get("old_network"),
        "item": record["item"],
        "key": record.get("key"),
        "group_label": record.get("group"),
        "old": text(record.get("old")),
        "new": text(record.get("new")),
        "corrections": ";".join(record.get("corrections", [])) or None,
    }


def changes_table(folder: Path) -> tuple[list[dict], list[dict]]:
    """The `changes` table of a version folder: (its CSV rows, its SQLite rows), empty cells as None,
    positions checked (1, 2, … in both) and left out."""
    from_csv = [{k: v or None for k, v in row.items()} for row in read_csv(folder / "changes.csv")]
    with sqlite3.connect(folder / "networks.sqlite") as db:
        db.row_factory = sqlite3.Row
        from_sqlite = [dict(row) for row in db.execute("select * from changes order by position")]
    positions = [str(i) for i in range(1, len(from_csv) + 1)]
    assert [row.pop("position") for row in from_csv] == [str(row.pop("position")) for row in from_sqlite] == positions
    return from_csv, from_sqlite


def frictionless_validate(descriptor) -> dict:
    """The report of `frictionless validate --json` run on a datapackage descriptor in its folder."""
    done = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", descriptor.name],
        cwd=descriptor.parent,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


TRIAGE_TITLES = {
    "still_applies": "Still applies (carried over)",
    "fixed_in_source": "Fixed in the source (retired)",
    "target_gone": "Target gone (the reviewer decides)",
    "expected_value_changed": "Expected value changed (the reviewer decides)",
}
"""The triage's headings as a reviewer reads them: key (as catalogue_2020_expected.json names it) → title."""


def triage_headings(report: str) -> dict[str, list[str]]:
    """Each triage heading's key → the sorted ids of the corrections listed under it (none when the
    heading is not printed), read from a printed or written triage (Markdown)."""
    by_title = {title: key for key, title in TRIAGE_TITLES.items()}
    found: dict[str, list[str]] = {key: [] for key in TRIAGE_TITLES}
    heading = None
    for line in report.splitlines():
        if line.startswith("## "):
            heading = by_title.get(line[3:].rsplit(":", 1)[0])
        elif heading and (m := re.match(r"- `([a-z0-9-]+)` \(", line)):
            found[heading].append(m[1])
    return {key: sorted(ids) for key, ids in found.items()}


def one_error_line(result, code: int, *names: str) -> str:
    """The single stderr line of a refused command, after checking its code, that it is one
    `cdpc: error:` line with no traceback, and the names (or words) in it."""
    assert result.returncode == code, result.stderr
    assert result.stderr.startswith("cdpc: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr and all(str(name) in result.stderr for name in names), result.stderr
    return result.stderr


refused = one_error_line
"""The hostile-input tests' name for `one_error_line`."""

SECONDS, MEGABYTES = 60, 1024
"""The bounds a hostile input must be refused within: wall seconds and peak resident MB."""
