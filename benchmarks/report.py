"""Time to build the review report of the bundled paper's committed version (`cdpc report`).

    python3 benchmarks/report.py [--runs N] [VERSION]

Times `write_report()` into a temporary folder, all of it: loading the version, finding the PDF by
sha256, the corrections' state, rendering each page once and cropping it, the HTML pages, writing.
Reports the first run (cold: fonts, templates) and the best and median of N runs, and the
command-line run, a fresh process, once.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import seconds  # noqa: E402

from pipeline.review.report import write_report  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version", nargs="?", default="cdpc-2017-1-rev@latest")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        cli = seconds(lambda: subprocess.run([sys.executable, "-m", "pipeline", "report", args.version, "-o", out / "cli"],
                                             cwd=ROOT, check=True, capture_output=True))
        runs = [seconds(lambda: write_report(args.version, out / "lib", ROOT)) for _ in range(args.runs)]
        files = [p for p in (out / "lib").rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)

    print(f"version: {args.version}, {len(files)} files, {size / 1e6:.1f} MB")
    print(f"cdpc report, fresh process (once):   {cli * 1000:8.1f} ms")
    print(f"write_report(), first run:           {runs[0] * 1000:8.1f} ms")
    print(f"write_report(), best of {args.runs}:           {min(runs) * 1000:8.1f} ms")
    print(f"write_report(), median of {args.runs}:         {statistics.median(runs) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
