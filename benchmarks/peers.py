"""How `cdpc extract` compares with the table extractors a user would try first.

    python3 benchmarks/peers.py

Inputs: the bundled paper, and the golden extraction (tests/golden/extraction.json) rendered by
the `rendering` package in every layout of its LAYOUTS (into a temporary directory). Tools:
pdfplumber's `page.extract_tables()` and PyMuPDF's `page.find_tables()` on every page, Camelot
lattice and stream (`camelot.read_pdf(path, pages="all", flavor=...)`), each with the light
post-processing a user would add — the first cells of a row read as the table's columns (name,
purpose, members), header rows (PURPOSE, MEMBERS) dropped, a row with an empty name cell merged into the
row before (cell by cell, joined with a newline), a cell's lines joined with spaces — and
`cdpc extract` (`pipeline.extract.extract_pdf`).

Prints a Markdown table, per input and tool: rows exactly right (a row whose name, purpose and
members equal an expected row's printed text, compared whitespace-normalised and with a hyphen
before whitespace closed up, on both sides; footnote markers are not stripped from anyone's text),
rows expected (the golden extraction's), rows found (after the post-processing), wall time
(imports included) and peak memory (max RSS). Every measurement runs in a fresh Python process,
so peaks do not mix. Below the table, the rows `cdpc extract` does not get right, per input.

Needs the `peers` extra (PyMuPDF, camelot-py) and reportlab (the `test` extra) for the renderings.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAPER = REPO / "source_docs" / "CDPC-2017-1-rev.pdf"
GOLDEN = REPO / "tests" / "golden" / "extraction.json"
sys.path.insert(0, str(REPO))

from pipeline.columns import BLOCK_COLUMNS, CELL_NAMES, HEADER_LABELS, NAME_COLUMN  # noqa: E402

CDPC = "cdpc extract"
TOOLS = ("pdfplumber", "PyMuPDF", "Camelot lattice", "Camelot stream", CDPC)

Table = list[list[str | None]]
Cells = tuple[str, ...]
"""A row's printed text, one string per column of `pipeline.columns.COLUMNS`."""


# ---------------------------------------------------------------------------------------------
# The tools, as a user would call them (run in the measuring process only).
# ---------------------------------------------------------------------------------------------


def pdfplumber_tables(path: Path) -> list[Table]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [table for page in pdf.pages for table in page.extract_tables()]


def pymupdf_tables(path: Path) -> list[Table]:
    import pymupdf

    with pymupdf.open(path) as document:
        return [table.extract() for page in document for table in page.find_tables().tables]


def camelot_tables(path: Path, flavor: str) -> list[Table]:
    import camelot

    return [table.df.values.tolist() for table in camelot.read_pdf(str(path), pages="all", flavor=flavor)]


TABLE_READERS = {
    "pdfplumber": pdfplumber_tables,
    "PyMuPDF": pymupdf_tables,
    "Camelot lattice": lambda path: camelot_tables(path, "lattice"),
    "Camelot stream": lambda path: camelot_tables(path, "stream"),
}


def user_rows(tables: list[Table]) -> list[Cells]:
    """The tables' rows after a user's light post-processing: one cell per column each, header rows
    dropped, a row with an empty name cell merged into the row before, lines joined with spaces."""
    rows: list[list[str]] = []
    for table in tables:
        for cells in table:
            row = ([cell or "" for cell in cells] + [""] * len(CELL_NAMES))[: len(CELL_NAMES)]
            if set(HEADER_LABELS) <= {cell.strip() for cell in row}:
                continue
            if rows and not row[0].strip():
                rows[-1] = [f"{before}\n{after}" for before, after in zip(rows[-1], row)]
            else:
                rows.append(row)
    return [tuple(" ".join(cell.splitlines()) for cell in row) for row in rows]


def printed(blocks: list[dict]) -> str:
    """A cell's printed text: its blocks' texts joined with a space."""
    return " ".join(block["text"] for block in blocks)


def extraction_rows(extraction: dict) -> list[Cells]:
    """The printed texts of an extraction's rows (as JSON): name, purpose, members."""
    return [
        (row[NAME_COLUMN.name], *(printed(row[column.name]) for column in BLOCK_COLUMNS)) for row in extraction["rows"]
    ]


def cdpc_rows(path: Path) -> list[Cells]:
    from pipeline.extract import extract_pdf

    return extraction_rows(extract_pdf(path).model_dump())


def tool_rows(tool: str, path: Path) -> list[Cells]:
    return cdpc_rows(path) if tool == CDPC else user_rows(TABLE_READERS[tool](path))


def measurement(tool: str, path: Path) -> dict:
    """Rows, wall time and peak RSS of `tool` on `path`, in this (fresh) process."""
    import resource

    start = time.perf_counter()
    rows = tool_rows(tool, path)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rows": rows, "seconds": seconds, "peak_mb": peak_mb}


# ---------------------------------------------------------------------------------------------
# The benchmark: inputs, fresh processes, scoring, the table.
# ---------------------------------------------------------------------------------------------


def measured(tool: str, path: Path) -> dict:
    """`measurement(tool, path)` taken in a fresh Python process."""
    result = subprocess.run(
        [sys.executable, __file__, "--measure", tool, str(path)], cwd=REPO, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def inputs(golden: dict, folder: Path) -> dict[str, Path]:
    """The bundled paper, then the golden extraction rendered into `folder` in every layout of LAYOUTS."""
    from rendering import LAYOUTS, render

    renderings = {name: folder / f"{name}.pdf" for name in LAYOUTS}
    for name, path in renderings.items():
        render(golden, path, LAYOUTS[name])
    return {PAPER.name: PAPER, **renderings}


def comparable(row: Cells) -> Cells:
    """`row` whitespace-normalised, a hyphen before whitespace closed up ("cross- border")."""
    return tuple(re.sub(r"-\s+", "-", " ".join(cell.split())) for cell in row)


def rows_missed(expected: list[Cells], found: list[Cells]) -> Counter:
    """The expected rows (comparable) that no found row equals, one found row per expected one."""
    return Counter(map(comparable, expected)) - Counter(map(comparable, found))


def why_missed(row: Cells, found: list[Cells]) -> str:
    """The expected `row`'s name, and which of its cells differ in the found row of that name."""
    same_name = [other for other in map(comparable, found) if other[0] == row[0]]
    if not same_name:
        return f"{row[0]} (no row of that name)"
    cells = [cell for cell, a, b in zip(CELL_NAMES, row, same_name[0]) if a != b]
    return f"{row[0]} ({', '.join(cells)} differ)" if cells else f"{row[0]} (found fewer times than expected)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", nargs=2, metavar=("TOOL", "PDF"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        tool, path = args.measure
        print(json.dumps(measurement(tool, Path(path))))
        return

    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    expected = extraction_rows(golden)
    print("| input | tool | rows exactly right | rows expected | rows found | wall time (s) | peak memory (MiB) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    cdpc_misses: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, path in inputs(golden, Path(folder)).items():
            for tool in TOOLS:
                result = measured(tool, path)
                missed = rows_missed(expected, result["rows"])
                right = len(expected) - missed.total()
                print(
                    f"| {name} | {tool} | {right} | {len(expected)} | {len(result['rows'])} "
                    f"| {result['seconds']:.1f} | {result['peak_mb']:.0f} |",
                    flush=True,
                )
                if tool == CDPC and missed:
                    cdpc_misses[name] = [why_missed(row, result["rows"]) for row in missed.elements()]
    for name, rows in cdpc_misses.items():
        print(f"\n{CDPC} misses on {name}: " + "; ".join(rows))


if __name__ == "__main__":
    main()
