"""Damaged copies of PDFs: byte flips, junk runs and truncations, each from a seed.

`damaged(data, seed)` returns a copy of a PDF's bytes damaged one way, the same for the same seed;
`copies(paths, count)` names `count` of them over the given PDFs. `tests/extract/test_producers.py` runs
`cdpc extract` on a sample of them (each must extract or end with exactly one `cdpc: error:` line,
no traceback, within a time bound); run as a script, this module runs that check on every copy and
prints the figures:

    python -m rendering.damage tests/producers 300 [pdfium|pdfplumber]
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

KINDS = ("flips", "junk", "truncation")
FLIPS = 12
"""Bytes a "flips" copy changes (each XORed with a random non-zero byte)."""
JUNK = 400
"""The longest run of random bytes a "junk" copy writes over the file."""
SECONDS = 60
"""How long `cdpc extract` may take on one damaged copy (the bundled paper takes about 1 s)."""


def damaged(data: bytes, seed: int) -> bytes:
    """`data` damaged one way, chosen (with where and what) by `seed`: a few bytes flipped, a run
    of random bytes written over it, or the file cut short."""
    rng = random.Random(seed)
    kind = KINDS[seed % len(KINDS)]
    out = bytearray(data)
    if kind == "flips":
        for _ in range(FLIPS):
            out[rng.randrange(len(out))] ^= rng.randrange(1, 256)
    elif kind == "junk":
        at = rng.randrange(len(out))
        run = bytes(rng.randrange(256) for _ in range(rng.randrange(1, JUNK)))
        out[at : at + len(run)] = run
    else:
        del out[rng.randrange(1, len(out)) :]
    return bytes(out)


def copies(paths: list[Path], count: int) -> Iterator[tuple[Path, int]]:
    """`count` (PDF, seed) pairs, spread over `paths` in turn."""
    for seed in range(count):
        yield paths[seed % len(paths)], seed


def outcome(pdf: Path, folder: Path, page_source: str | None = None) -> tuple[str, str]:
    """How `cdpc extract` ends on `pdf`: ("extracted", ""), ("error", its line), or ("fault", why:
    a traceback, more than one line on stderr, a line not ours, or the time bound passed)."""
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pipeline",
                "extract",
                str(pdf),
                "-o",
                str(folder / "out.json"),
                *(["--page-source", page_source] if page_source else []),
            ],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=SECONDS,
        )
    except subprocess.TimeoutExpired:
        return "fault", f"over {SECONDS} s"
    lines = done.stderr.splitlines()
    if done.returncode == 0 and not lines:
        return "extracted", ""
    if (
        done.returncode != 0
        and len(lines) == 1
        and lines[0].startswith("cdpc: error: ")
        and "Traceback" not in done.stderr
    ):
        return "error", lines[0]
    return "fault", f"exit {done.returncode}: {done.stderr[-600:]}"


def main(folder: Path, count: int, page_source: str | None) -> int:
    pdfs = sorted(folder.glob("*.pdf"))
    tally: Counter[str] = Counter()
    slowest = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for pdf, seed in copies(pdfs, count):
            copy = work / f"{pdf.stem}-{seed}.pdf"
            copy.write_bytes(damaged(pdf.read_bytes(), seed))
            started = time.monotonic()
            kind, detail = outcome(copy, work, page_source)
            slowest = max(slowest, time.monotonic() - started)
            tally[kind] += 1
            if kind == "fault":
                print(f"{pdf.name} seed {seed}: {detail}", file=sys.stderr)
            copy.unlink()
    print(
        f"{count} damaged copies of {len(pdfs)} PDFs ({page_source or 'default page source'}): {tally['extracted']} "
        f"extracted, {tally['error']} one error line, "
        f"{tally['fault']} faults (tracebacks, stray lines, timeouts); slowest {slowest:.1f} s"
    )
    return 1 if tally["fault"] else 0


if __name__ == "__main__":
    sys.exit(
        main(
            Path(sys.argv[1]),
            int(sys.argv[2]) if len(sys.argv) > 2 else 300,
            sys.argv[3] if len(sys.argv) > 3 else None,
        )
    )
