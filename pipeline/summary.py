"""What `cdpc build` prints after its first line: a short summary of the version it published or
found up to date, and the commands to run next.

Contract: :func:`version_summary` reads a published version folder (verified against its manifest
by `pipeline.store.load`) and returns a :class:`Summary`: the dataset and version, the previous
version (the highest one below it, if any), the source (symbol, date, pages, sha256, file), the
networks and the printed rows dropped or merged, the memberships and the distinct countries of the
`memberships` table (the rows and `country` codes of `networks.sqlite`, so what an analyst counts
there), the entries to review (`pipeline.problems`), the printed counts that differ from the
members found with no correction acknowledging it, and the corrections the version records with
the files they came from. :func:`summary_lines` renders it as indented lines, the `cdpc report` and
`cdpc diff` commands that look at the version last (with `--root` when the build was given one, and
`--pdf` when the report would not find the source in ROOT/source_docs).
Everything comes from the version's own files: no PDF is opened and spaCy is not imported, so an
up-to-date build pays milliseconds for it.
"""

from __future__ import annotations

import shlex
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from pipeline import store
from pipeline.counts import CountCheck, mismatches
from pipeline.diff import applied_corrections
from pipeline.files import sha256_file
from pipeline.models import Problem, Source
from pipeline.problems import problems
from pipeline.workspace import Workspace

DATABASE = "networks.sqlite"
MEMBERSHIPS = "select count(*), count(distinct country) from memberships"
"""The memberships (one row per network, member entry and code) and the distinct states and
territories they name (`country`: ISO 3166-1 alpha-2, a subdivision counted as its country)."""

REVIEW_FOLDER = "/tmp/review"
"""Where the suggested `cdpc report` writes: outside the repository, as the README's examples do."""


@dataclass(frozen=True)
class Summary:
    document: str
    version: str
    previous: str | None
    folder: Path
    source: Source
    networks: int
    dropped: int
    memberships: int
    countries: int
    problems: list[Problem]
    counts: list[CountCheck]
    corrections: int
    correction_files: list[str]


def version_summary(folder: Path) -> Summary:
    """The summary of the published version in `folder` (VersionCorrupt when it fails its manifest)."""
    dataset = store.load(folder)
    manifest = store.read_manifest(folder)
    memberships, countries = membership_counts(folder / DATABASE)
    return Summary(
        document=manifest.document,
        version=manifest.version,
        previous=previous_version(folder),
        folder=folder,
        source=manifest.source,
        networks=len(dataset.networks),
        dropped=len(dataset.dropped),
        memberships=memberships,
        countries=countries,
        problems=problems(dataset),
        counts=[c for c in mismatches(dataset.networks) if c.acknowledged is None],
        corrections=len(applied_corrections(dataset)),
        correction_files=[f.path for f in manifest.corrections],
    )


def membership_counts(database: Path) -> tuple[int, int]:
    """(memberships, distinct countries) of a version's database, opened read-only."""
    with sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro&immutable=1", uri=True) as db:
        return db.execute(MEMBERSHIPS).fetchone()


def previous_version(folder: Path) -> str | None:
    """The name of the highest published version below the one in `folder`, None for the first."""
    number = int(folder.name.removeprefix("v"))
    earlier = [n for n in store.version_numbers(folder.parent) if n < number]
    return f"v{max(earlier)}" if earlier else None


def summary_lines(summary: Summary, root: Path, built: Path) -> list[str]:
    """The summary as lines of `label  value` after a blank line, then the next commands."""
    rows = [
        ("dataset", f"{summary.document} {summary.version}" + (f" (previous: {summary.previous})" if summary.previous else " (its first version)")),
        ("source", source_line(summary.source)),
        ("networks", f"{summary.networks}" + (f" ({counted(summary.dropped, 'printed row')} dropped or merged: networks.json 'dropped')" if summary.dropped else "")),
        ("memberships", f"{summary.memberships} (a network, member entry and code each: memberships.csv)"),
        ("countries", f"{summary.countries} distinct states and territories among the memberships"),
        ("to review", review_line(summary.problems, summary.counts)),
        ("corrections", f"{summary.corrections} applied" + (f" (from {', '.join(summary.correction_files)})" if summary.correction_files else "")),
        ("folder", str(summary.folder)),
    ]
    width = max(len(label) for label, _ in rows)
    lines = [f"  {label.ljust(width)}  {value}" for label, value in rows]
    return ["", *lines, "", "Next:", *(f"  {command}" for command in next_commands(summary, root, built))]


def source_line(source: Source) -> str:
    """ "CDPC (2017) 1_rev, undated, 26 pages, sha256 272d2b83c316 (CDPC-2017-1-rev.pdf)"."""
    symbol = source.symbol or "no symbol printed"
    dated = source.date.isoformat() if source.date else "undated"
    return f"{symbol}, {dated}, {source.pages} pages, sha256 {source.sha256[:12]} ({source.file})"


def review_line(found: list[Problem], counts: list[CountCheck]) -> str:
    """How many entries are left unresolved, ambiguous or as a collective problem, by status, and
    the printed counts that differ from the members found with no correction acknowledging it."""
    statuses: dict[str, int] = {}
    for problem in found:
        statuses[problem.status] = statuses.get(problem.status, 0) + 1
    entries = counted(len(found), "entry", "entries") + (f" ({', '.join(f'{n} {status}' for status, n in statuses.items())})" if found else "")
    differ = "; ".join(f"{c.network}: {c.printed} printed, {c.found} found" for c in counts)
    return entries + (f"; {counted(len(counts), 'printed count')} unacknowledged ({differ})" if counts else "")


def counted(number: int, noun: str, nouns: str | None = None) -> str:
    """ "1 entry", "3 entries": the number and the noun in the form it takes."""
    return f"{number} {noun if number == 1 else nouns or noun + 's'}"


def next_commands(summary: Summary, root: Path, built: Path) -> list[str]:
    """`cdpc report` of the version (with `--pdf` when its source is not among ROOT/source_docs, where
    the report looks for it) and, when it has a previous version, `cdpc diff` against it."""
    at = f" --root {shlex.quote(str(root))}" if root != Path(".") else ""
    pdf = source_pdf(summary.source, root, built)
    version = f"{summary.document}@{summary.version}"
    commands = [f"cdpc report {version} -o {REVIEW_FOLDER}" + (f" --pdf {shlex.quote(str(pdf))}" if pdf else "") + at]
    if summary.previous:
        commands.append(f"cdpc diff {summary.document}@{summary.previous} {version}{at}")
    return commands


def source_pdf(source: Source, root: Path, built: Path) -> Path | None:
    """The PDF `cdpc report` must be given: None when ROOT/source_docs holds the source (by sha256),
    else the file built when it is the source, else the source's file name, for the user to find."""
    if any(sha256_file(paper) == source.sha256 for paper in Workspace(root).papers()):
        return None
    return built if sha256_file(built) == source.sha256 else Path(source.file)
