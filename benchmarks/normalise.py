"""Time to normalise the bundled paper, with the spaCy pipeline's construction timed on its own.

    python3 benchmarks/normalise.py [--runs N] [PDF]

Extraction is done once beforehand and not timed. Reports the construction of the spaCy pipeline
(blank English, EntityRuler with every name of pycountry, the aliases and the gazetteer, the
purpose-term PhraseMatcher), then `normalise()` with the pipeline built: best and median of N runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import seconds  # noqa: E402

from pipeline.extract import extract_pdf  # noqa: E402
from pipeline.normalise.gazetteer import lexicon  # noqa: E402
from pipeline.normalise.networks import normalise  # noqa: E402

PAPER = Path(__file__).resolve().parent.parent / "source_docs" / "CDPC-2017-1-rev.pdf"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", type=Path, default=PAPER)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    extraction = extract_pdf(args.pdf)
    build = seconds(lexicon)
    runs = [seconds(lambda: normalise(extraction)) for _ in range(args.runs)]
    normalised = normalise(extraction)
    entries = sum(len(g.entries) for n in normalised.networks for g in n.groups)

    print(f"paper: {args.pdf.name}, {len(normalised.networks)} networks, {entries} member entries")
    print(f"spaCy pipeline construction (once per process): {build * 1000:8.1f} ms")
    print(f"normalise(), pipeline built, best of {args.runs}:     {min(runs) * 1000:8.1f} ms")
    print(f"normalise(), pipeline built, median of {args.runs}:   {statistics.median(runs) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
