"""How fast `cdpc extract` reads the paper and long catalogues, and how much memory it takes.

    python3 benchmarks/extract.py [--pages 30 100 300] [--repeat 3]

Prints, as a Markdown table: wall time and peak memory (max RSS) of extracting the bundled paper
and synthetic catalogues of about 30, 100 and 300 pages (rendered from the paper's own rows by
the `rendering` package), the time per page, and the paper's time against poppler's `pdftotext`
on the same file. Every measurement runs in a fresh Python process so peaks do not mix; the
median wall time of `--repeat` runs is shown.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.models import Extraction  # noqa: E402
from rendering import render, synthetic_catalogue  # noqa: E402

PAPER = REPO / "source_docs" / "CDPC-2017-1-rev.pdf"
GOLDEN = REPO / "tests" / "golden" / "extraction.json"

MEASURE = """
import json, resource, sys, time
start = time.perf_counter()
from pipeline.extract import extract_pdf
extraction = extract_pdf(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - start, "rows": len(extraction.rows),
                  "pages": extraction.source.pages,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measured_extraction(pdf: Path) -> dict:
    """Wall time (import included), rows, pages and peak RSS of one extraction in a fresh process."""
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(pdf)], cwd=REPO, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def median_extraction(pdf: Path, repeat: int) -> dict:
    runs = [measured_extraction(pdf) for _ in range(repeat)]
    return {**runs[0], "seconds": statistics.median(r["seconds"] for r in runs), "peak_mb": max(r["peak_mb"] for r in runs)}


def pdftotext_seconds(pdf: Path, repeat: int) -> float | None:
    if shutil.which("pdftotext") is None:
        return None
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def synthetic_pdf(pages: int, folder: Path) -> tuple[Path, int]:
    """A synthetic catalogue of about `pages` pages, and how many rows it prints."""
    base = Extraction.model_validate_json(GOLDEN.read_text(encoding="utf-8"))
    catalogue = synthetic_catalogue(base, n_pages=pages)
    path = folder / f"synthetic-{pages}.pdf"
    render(catalogue, path)
    return path, len(catalogue.rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[30, 100, 300])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = [("bundled paper", 39, median_extraction(PAPER, args.repeat))]
    with tempfile.TemporaryDirectory() as folder:
        for pages in args.pages:
            pdf, printed = synthetic_pdf(pages, Path(folder))
            rows.append((f"synthetic ~{pages} pages", printed, median_extraction(pdf, args.repeat)))
    print("| input | pages | rows found / printed | wall time (s) | per page (ms) | peak memory (MB) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, printed, m in rows:
        per_page = 1000 * m["seconds"] / m["pages"]
        print(
            f"| {label} | {m['pages']} | {m['rows']} / {printed} | {m['seconds']:.2f} | {per_page:.0f} | {m['peak_mb']:.0f} |"
        )
    poppler = pdftotext_seconds(PAPER, args.repeat)
    if poppler:
        ratio = rows[0][2]["seconds"] / poppler
        print(f"\nbundled paper: pdftotext -layout {poppler:.3f} s; cdpc extract takes {ratio:.0f}× as long")


if __name__ == "__main__":
    main()
