"""How fast the review loop is, measured against the floor, side by side in one run.

    python3 benchmarks/extract.py [--repeat 7] [--pages 30 100 300]     # needs GNU time (/usr/bin/time)

The floor is a bare pypdfium2 pass over every character of the bundled paper and its box (the
least a Python reader of characters does). Each round runs, in fresh processes and interleaved so
that the machine's load falls on all alike: the floor; poppler's `pdftotext -layout` (when
installed); `cdpc extract --page-source pdfium` (its pages read by two bounded workers), the same
on one core (`taskset -c 0`, when installed: one bounded worker reads them all) and `cdpc extract
--page-source pdfplumber`;
`cdpc build` when up to date; `cdpc build` after only a correction's reason changed (the change
made between rounds, untimed; the extraction and normalisation come from the cache; from the
second round on the latest version repeats the one before, so the build writes the next from its
files: `pipeline.versions.repeat`); `cdpc build` with no cache and no published version. Printed: the median wall time of each over the
rounds and its ratio to the floor's median, and the median CPU time (user and system, a worker's
included) and its ratio to the floor's.

The package is byte-compiled first (`compileall`), as pip compiles an installed wheel: the floor's
pypdfium2 is read from its compiled files, and a machine that sets PYTHONDONTWRITEBYTECODE (as
these do) would otherwise compile every module of the package again in each measured process.

Then per-page time and peak memory (max RSS: of the largest of the command and its workers) of
`cdpc extract`, through each page source (pdfplumber, the default, then PDFium), on the paper and
on synthetic catalogues of about 30, 100 and 300 pages (the paper's rows rendered again by
`rendering`), as it runs and on one core (one worker).
"""

from __future__ import annotations

import argparse
import compileall
import os
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
CDPC = [sys.executable, "-m", "pipeline"]
TIME = "/usr/bin/time"
FLOOR = """
import sys
import pypdfium2 as pdfium
for page in pdfium.PdfDocument(sys.argv[1]):
    textpage = page.get_textpage()
    for i in range(textpage.count_chars()):
        textpage.get_charbox(i)
    textpage.get_text_range()
"""


def run(command: list[str]) -> tuple[float, float, float]:
    """Wall time (s), peak memory (MB) and CPU time (s, user and system, its workers' included) of
    one process running `command`. The peak and the CPU time are read by GNU time, a small process
    between: a child forked from this (large) one would count this one's memory as its own (Linux
    keeps the peak across exec). The peak is the largest of the process and its workers."""
    with tempfile.NamedTemporaryFile(suffix=".rss") as measured:
        start = time.perf_counter()
        done = subprocess.run([TIME, "-f", "%M %U %S", "-o", measured.name, *command], cwd=REPO, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(REPO)})
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"failed: {' '.join(map(str, command))}\n{done.stderr.decode()}")
        peak, user, system = Path(measured.name).read_text().split()[-3:]
        return seconds, int(peak) / 1024, float(user) + float(system)


def project_root(folder: Path) -> Path:
    """A root with the paper and the repository's corrections, built (so up to date and cached)."""
    root = folder / "root"
    (root / "source_docs").mkdir(parents=True)
    shutil.copy(PAPER, root / "source_docs")
    shutil.copytree(REPO / "corrections", root / "corrections")
    run([*CDPC, "build", "--root", str(root), "--quiet"])
    run([*CDPC, "build", "--root", str(root), "--quiet"])
    return root


def reason_changer(root: Path):
    """Before each call, a new text for the first correction's reason (nothing else changes)."""
    file = sorted((root / "corrections").glob("*.yaml"))[0]
    original = file.read_text(encoding="utf-8")
    count = iter(range(1, 10**6))

    def change() -> None:
        file.write_text(original.replace("reason: ", f"reason: (review {next(count)}) ", 1), encoding="utf-8")

    return change


def fresh_root(root: Path):
    """Before each call, the root without its cache and versions."""

    def clear() -> None:
        shutil.rmtree(root / ".cache", ignore_errors=True)
        shutil.rmtree(root / "extracted", ignore_errors=True)

    return clear


def ratios(repeat: int, folder: Path) -> list[tuple[str, str, float, float]]:
    """(label, command, median wall seconds, median CPU seconds) of every measured command,
    interleaved over `repeat` rounds."""
    root, cold = project_root(folder), project_root(folder / "cold")
    out = str(folder / "out.json")
    cases: list[tuple[str, str, list[str], object]] = [
        ("floor", "pypdfium2: every char, its box, the text", [sys.executable, "-c", FLOOR, str(PAPER)], None),
        ("pdftotext", "pdftotext -layout", ["pdftotext", "-layout", str(PAPER), os.devnull], None),
        ("extract", "cdpc extract (PDFium)", [*CDPC, "extract", str(PAPER), "-o", out, "--quiet", "--page-source", "pdfium"], None),
        ("extract-one-core", "cdpc extract (PDFium) on one core (taskset -c 0: one worker)",
         ["taskset", "-c", "0", *CDPC, "extract", str(PAPER), "-o", out, "--quiet", "--page-source", "pdfium"], None),
        ("extract-plumber", "cdpc extract (pdfplumber, the default)",
         [*CDPC, "extract", str(PAPER), "-o", out, "--quiet", "--page-source", "pdfplumber"], None),
        ("up-to-date", "cdpc build, up to date", [*CDPC, "build", "--root", str(root), "--quiet"], None),
        ("reason", "cdpc build, a correction's reason changed",
         [*CDPC, "build", "--root", str(root), "--quiet"], reason_changer(root)),
        ("cold", "cdpc build, no cache, no version", [*CDPC, "build", "--root", str(cold), "--quiet"], fresh_root(cold)),
    ]
    missing = {tool for tool in ("pdftotext", "taskset") if shutil.which(tool) is None}
    cases = [case for case in cases if case[2][0] not in missing]
    runs: dict[str, list[tuple[float, float, float]]] = {label: [] for label, *_ in cases}
    for _ in range(repeat):
        for label, _, command, before in cases:
            if before:
                before()
            runs[label].append(run(command))
    return [(label, text, statistics.median(r[0] for r in runs[label]), statistics.median(r[2] for r in runs[label]))
            for label, text, *_ in cases]


def scaling_inputs(pages: list[int], folder: Path) -> list[tuple[str, Path]]:
    """The paper and synthetic catalogues of about `pages` pages each (the paper's rows rendered again)."""
    base = Extraction.model_validate_json(GOLDEN.read_text(encoding="utf-8"))
    inputs = [("bundled paper", PAPER)]
    for count in pages:
        path = folder / f"synthetic-{count}.pdf"
        render(synthetic_catalogue(base, n_pages=count), path)
        inputs.append((f"synthetic ~{count} pages", path))
    return inputs


def scaling(
    inputs: list[tuple[str, Path]], source: str, repeat: int, folder: Path
) -> list[tuple[str, int, tuple[float, float], tuple[float, float]]]:
    """(input, pages, (median seconds, peak MB) of `cdpc extract --page-source SOURCE`, the same on
    one core) for each input; one core (`taskset -c 0`, when installed) means one worker."""
    import pypdfium2

    one_core = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    rows = []
    for label, path in inputs:
        page_count = len(pypdfium2.PdfDocument(path))
        command = [*CDPC, "extract", str(path), "-o", str(folder / "out.json"), "--quiet", "--page-source", source]
        runs = [(run(command), run([*one_core, *command])) for _ in range(repeat)]
        rows.append((label, page_count, *((statistics.median(r[k][0] for r in runs), max(r[k][1] for r in runs)) for k in (0, 1))))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--pages", type=int, nargs="+", default=[30, 100, 300])
    args = parser.parse_args()
    compileall.compile_dir(REPO / "pipeline", quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        measured = ratios(args.repeat, Path(folder))
        floor, floor_cpu = measured[0][2:]
        print(f"Bundled paper, median of {args.repeat} interleaved rounds (whole processes, imports included):\n")
        print("| command | median (s) | × floor | CPU (s) | CPU × floor's |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for _, text, seconds, cpu in measured:
            print(f"| {text} | {seconds:.3f} | {seconds / floor:.2f} | {cpu:.3f} | {cpu / floor_cpu:.2f} |")
        inputs = scaling_inputs(args.pages, Path(folder))
        for source, name in (("pdfplumber", "pdfplumber, the default"), ("pdfium", "PDFium")):
            print(f"\n`cdpc extract` ({name}), median of {max(1, args.repeat // 2)} runs per input:\n")
            print("| input | pages | wall time (s) | per page (ms) | peak memory (MB) | one core: wall (s) | per page (ms) | peak (MB) |")
            print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            for label, pages, (seconds, peak), (alone, alone_peak) in scaling(inputs, source, max(1, args.repeat // 2), Path(folder)):
                print(f"| {label} | {pages} | {seconds:.2f} | {1000 * seconds / pages:.1f} | {peak:.0f} "
                      f"| {alone:.2f} | {1000 * alone / pages:.1f} | {alone_peak:.0f} |")


if __name__ == "__main__":
    main()
