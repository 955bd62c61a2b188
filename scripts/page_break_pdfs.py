"""Make the LibreOffice-printed PDFs of `tests/producers/page_breaks/`: catalogue rows cut by a page
break at chosen places, each with the truth of its rows.

    python3 scripts/page_break_pdfs.py [--out tests/producers/page_breaks]

Needs LibreOffice Writer and its fonts (as root it installs them with apt-get:
libreoffice-writer-nogui, fonts-liberation); run by hand when the cases change, never in CI: the
PDFs and truths it writes are committed. Each case is a short table of rows of the 2020 revision
(`tests/fixtures/catalogue_2020.json`; the T-CY website as the revision prints it, under its
path) printed as Writer prints a table: landscape A4, every border ruled, the header row repeated
on each page, names and sub-headings bold (in one case the sub-headings of the member cells
printed plain), Liberation Sans. A case names the words a cell must
open the second page with ("(CARIN)" alone: the name cut before its acronym); the script prints
the document with a spacer of every height from 0 to 420 points (3 apart) above the table, in one
LibreOffice run, and keeps the lowest spacer whose page 2 opens that cell with those words.

Writes `<case>.pdf` and `<case>.json` (the truth: `{"rows": [...]}`, each row's section, name,
website and blocks as `cdpc extract` gives them) per case.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "catalogue_2020.json"
SECTION = "Networks"
TABLE_CM = 25.7
"""The table's width: the landscape A4 page less its 2 cm margins."""
SPACERS = range(0, 421, 3)
"""Spacer heights tried above the table, in points (a step well under a line's height)."""

CASES: dict[str, dict] = {
    "carin_name": {
        "rows": [
            "European Judicial Cybercrime Network (EJCN)",
            "Camden Asset Recovery Inter-Agency Network (CARIN)",
            "Bureau for Euroregional Cooperation (BES)",
        ],
        "cell": 0,
        "opens": "(CARIN)",
        "name_cm": 5.0,
        "why": "CARIN's name cut before its acronym: '… Network' at the foot of page 1, '(CARIN)' at the top of page 2",
    },
    "carin_members": {
        "rows": [
            "European Judicial Cybercrime Network (EJCN)",
            "Camden Asset Recovery Inter-Agency Network (CARIN)",
            "Bureau for Euroregional Cooperation (BES)",
        ],
        "cell": 2,
        "opens": "Regional asset recovery",
        "name_cm": 6.4,
        "why": "CARIN's members cut after 'World Bank (Associate)': the next group heading opens page 2",
    },
    "carin_members_plain": {
        "rows": [
            "European Judicial Cybercrime Network (EJCN)",
            "Camden Asset Recovery Inter-Agency Network (CARIN)",
            "Bureau for Euroregional Cooperation (BES)",
        ],
        "cell": 2,
        "opens": "Regional asset recovery",
        "name_cm": 6.4,
        "plain_headings": True,
        "why": "as carin_members, the group headings of the member cells printed in regular weight, as plain lines",
    },
    "tcy_website": {
        "rows": [
            "European Judicial Cybercrime Network (EJCN)",
            "Cybercrime Convention Committee (T-CY)",
            "Bureau for Euroregional Cooperation (BES)",
        ],
        "cell": 0,
        "opens": "tcy",
        "name_cm": 5.9,
        "website": {"Cybercrime Convention Committee (T-CY)": "www.coe.int/en/web/cybercrime/tcy"},
        "why": "T-CY's website wrapped over the page break: '…/cybercrime/' at the foot of page 1, 'tcy' on page 2",
    },
}

STYLES = """
 <office:font-face-decls>
  <style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'" style:font-family-generic="swiss"/>
 </office:font-face-decls>
 <office:styles>
  <style:style style:name="Standard" style:family="paragraph">
   <style:paragraph-properties fo:orphans="1" fo:widows="1"/>
   <style:text-properties style:font-name="Liberation Sans" fo:font-size="11pt" fo:language="en" fo:country="GB"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="29.7cm" fo:page-height="21cm" style:print-orientation="landscape"
     fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
  </style:page-layout>
  <style:style style:name="Table" style:family="table">
   <style:table-properties style:width="TABLEcm" table:align="left"/>
  </style:style>
  <style:style style:name="Name" style:family="table-column"><style:table-column-properties style:column-width="NAMEcm"/></style:style>
  <style:style style:name="Purpose" style:family="table-column"><style:table-column-properties style:column-width="PURPOSEcm"/></style:style>
  <style:style style:name="Members" style:family="table-column"><style:table-column-properties style:column-width="9cm"/></style:style>
  <style:style style:name="Cell" style:family="table-cell">
   <style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/>
  </style:style>
  <style:style style:name="P" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.1cm"/>
  </style:style>
  <style:style style:name="B" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.1cm"/>
   <style:text-properties fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="H" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center" fo:margin-top="0cm" fo:margin-bottom="0.1cm"/>
   <style:text-properties fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.2cm"/>
   <style:text-properties fo:font-size="12pt" fo:font-weight="bold"/>
  </style:style>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1"/>
 </office:master-styles>
"""


def paragraph(style: str, text: str) -> str:
    return f'<text:p text:style-name="{style}">{escape(text)}</text:p>'


def cell(paragraphs: list[str]) -> str:
    return (
        '<table:table-cell table:style-name="Cell" office:value-type="string">'
        + "".join(paragraphs)
        + "</table:table-cell>"
    )


def row_xml(row: dict, plain_headings: bool) -> str:
    name = [paragraph("B", row["name"])] + ([paragraph("P", row["website"])] if row["website"] else [])
    heading = "P" if plain_headings else "B"
    blocks = [
        [paragraph(heading if block["style"] == "heading" else "P", block["text"]) for block in row[key]]
        for key in ("purpose", "members")
    ]
    return "<table:table-row>" + cell(name) + cell(blocks[0]) + cell(blocks[1]) + "</table:table-row>"


def document(rows: list[dict], spacer: int, name_cm: float, plain_headings: bool = False) -> str:
    """The case as a flat OpenDocument text: a heading, then the table `spacer` points lower."""
    header = (
        "<table:table-header-rows><table:table-row>"
        + cell([])
        + cell([paragraph("H", "PURPOSE")])
        + cell([paragraph("H", "MEMBERS")])
        + "</table:table-row></table:table-header-rows>"
    )
    body = (
        f'<text:p text:style-name="Standard"><text:s/></text:p>'
        f'<text:p text:style-name="Spacer{spacer}"/>'
        + paragraph("Heading", SECTION)
        + '<table:table table:name="Catalogue" table:style-name="Table">'
        '<table:table-column table:style-name="Name"/><table:table-column table:style-name="Purpose"/><table:table-column table:style-name="Members"/>'
        + header
        + "".join(row_xml(row, plain_headings) for row in rows)
        + "</table:table>"
    )
    spacer_style = (
        f'<style:style style:name="Spacer{spacer}" style:family="paragraph" style:parent-style-name="Standard">'
        f'<style:paragraph-properties fo:margin-top="{spacer}pt" fo:margin-bottom="0pt"/><style:text-properties fo:font-size="2pt"/></style:style>'
    )
    styles = STYLES.replace(" </office:automatic-styles>", spacer_style + "\n </office:automatic-styles>")
    styles = (
        styles.replace("TABLEcm", f"{TABLE_CM}cm")
        .replace("NAMEcm", f"{name_cm}cm")
        .replace("PURPOSEcm", f"{round(TABLE_CM - 9 - name_cm, 2)}cm")
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">'
        + styles
        + f"<office:body><office:text>{body}</office:text></office:body></office:document>\n"
    )


def case_rows(case: dict) -> list[dict]:
    """The case's rows, from the 2020 fixture, as the truth gives them (no boxes, no footnotes; a
    sub-heading printed plain is a text block)."""
    by_name = {row["name"]: row for row in json.loads(FIXTURE.read_text(encoding="utf-8"))["rows"]}
    rows = []
    for name in case["rows"]:
        row = by_name[name]
        rows.append(
            {
                "section": SECTION,
                "name": row["name"],
                "website": case.get("website", {}).get(name, row["website"]),
                **{
                    key: [{"text": b["text"], "style": style(b["style"], case)} for b in row[key]]
                    for key in ("purpose", "members")
                },
            }
        )
    return rows


def style(printed: str, case: dict) -> str:
    return "text" if printed == "heading" and case.get("plain_headings") else printed


def page_two_opens(pdf: Path, column: int) -> str:
    """The text the given column opens page 2 with, below the repeated header row."""
    with pdfplumber.open(pdf) as document:
        if len(document.pages) < 2:
            return ""
        page = document.pages[1]
        xs = sorted({round(e["x0"]) for e in page.edges if e["orientation"] == "v"})
        words = page.extract_words()
        header = next((w["bottom"] for w in words if w["text"] == "PURPOSE"), 0)
        inside = [w for w in words if w["top"] > header and xs[column] < w["x0"] < xs[column + 1]]
        first = min((w["top"] for w in inside), default=None)
        return " ".join(w["text"] for w in inside if first is not None and abs(w["top"] - first) < 2)


def soffice() -> str:
    found = shutil.which("soffice")
    if found:
        return found
    subprocess.run(["apt-get", "install", "-y", "-q", "libreoffice-writer-nogui", "fonts-liberation"], check=True)
    return "soffice"


def make(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    program = soffice()
    for name, case in CASES.items():
        rows = case_rows(case)
        with tempfile.TemporaryDirectory() as work:
            folder = Path(work)
            sources = []
            for spacer in SPACERS:
                source = folder / f"{name}-{spacer}.fodt"
                source.write_text(
                    document(rows, spacer, case["name_cm"], case.get("plain_headings", False)), encoding="utf-8"
                )
                sources.append(source)
            subprocess.run(
                [
                    program,
                    f"-env:UserInstallation=file://{folder}/profile",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(folder),
                    *map(str, sources),
                ],
                check=True,
                capture_output=True,
            )
            chosen = next(
                (
                    s
                    for s in SPACERS
                    if page_two_opens(folder / f"{name}-{s}.pdf", case["cell"]).startswith(case["opens"])
                ),
                None,
            )
            if chosen is None:
                sys.exit(
                    f"{name}: no spacer from {SPACERS.start} to {SPACERS.stop - 1} pt opens page 2 with {case['opens']!r}"
                )
            shutil.copyfile(folder / f"{name}-{chosen}.pdf", out / f"{name}.pdf")
        truth = {"why": case["why"], "spacer_pt": chosen, "rows": rows}
        (out / f"{name}.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{name}: spacer {chosen} pt; page 2 opens with {case['opens']!r}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "producers" / "page_breaks")
    make(parser.parse_args().out)
