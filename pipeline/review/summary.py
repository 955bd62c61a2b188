"""What `cdpc build` prints after its first line: a short summary of the version it published or
found up to date, and the commands to run next.

Contract: :func:`version_summary` reads a published version folder and returns a :class:`Summary`:
the dataset and version, the previous version (the highest one below it, if any), the source
(symbol, date, pages, sha256, file, as the manifest records it), the correction files the version
records, and the version's :class:`Figures`: the networks and the printed rows dropped or merged,
the memberships and the distinct countries of the `memberships` table (the rows and `country`
codes of `networks.sqlite`, so what an analyst counts there), the entries to review
(`pipeline.normalise.problems`) by status, the printed counts that differ from the members found with no
correction acknowledging it, and the corrections the version records. :func:`summary_lines`
renders it as indented lines, the `cdpc report` (against the previous version) and `cdpc diff`
commands that look at the version last (with `--root` when the build was given one, and `--pdf`
when the report would not find the source in ROOT/source_docs).
Everything comes from the version's own files: no PDF is opened and spaCy is not imported. The
figures are counted from the version's dataset (verified against its manifest by
`pipeline.versions.store.load`) and kept in ROOT/.cache (`pipeline.versions.cache`) under the sha256 of the files
they are counted from (networks.json, networks.sqlite): when they are found there, every file of
the version is checked against its manifest's hashes (`pipeline.versions.store.verify_files`) and no model
is loaded, so an up-to-date build, or one whose new version holds the same data, pays milliseconds.
"""

from __future__ import annotations

import json
import shlex
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.files import NETWORKS_JSON, sha256_file
from pipeline.versions import store
from pipeline.versions.cache import entry_bytes, entry_file, keep, read_entry
from pipeline.workspace import Workspace

DATABASE = "networks.sqlite"
COUNTED_FROM = (NETWORKS_JSON, DATABASE)
"""The files the figures are counted from: a version holding another's, byte for byte, has its figures."""
MEMBERSHIPS = "select count(*), count(distinct country) from memberships"
"""The memberships (one row per network, member entry and code) and the distinct states and
territories they name (`country`: ISO 3166-1 alpha-2, a subdivision counted as its country)."""

REVIEW_FOLDER = "/tmp/review"
"""Where the suggested `cdpc report` writes: outside the repository, as the README's examples do."""


@dataclass(frozen=True)
class Figures:
    """What a version's dataset holds, as the summary counts it."""

    networks: int
    dropped: int
    memberships: int
    countries: int
    review: dict[str, int]
    """The entries to review, by status (in the order each status first occurs)."""
    unacknowledged: list[tuple[str, int, int]]
    """The printed counts that differ from the members found, unacknowledged: (network, printed, found)."""
    corrections: int


@dataclass(frozen=True)
class Summary:
    document: str
    version: str
    previous: str | None
    folder: Path
    source: dict
    """The version's source as its manifest records it (`pipeline.models.Source`, as JSON)."""
    figures: Figures
    correction_files: list[str]


def version_summary(folder: Path, workspace: Workspace) -> Summary:
    """The summary of the published version in `folder` (VersionCorrupt when it fails its
    manifest), its figures kept in the workspace's cache."""
    try:
        kept = summary_of_kept_figures(folder, workspace)
    except (
        OSError,
        ValueError,
        KeyError,
        TypeError,
    ):  # a manifest of another shape: the full reading says what is wrong
        kept = None
    if kept is not None:
        return kept
    figures = counted_figures(folder)  # which verifies the version first
    manifest = json.loads((folder / store.MANIFEST).read_bytes())
    entry, key = figures_entry(manifest, workspace)
    keep({entry: entry_bytes(key, json.dumps(asdict(figures)).encode("utf-8"))}, workspace)
    return summary_of(folder, manifest, figures)


def summary_of_kept_figures(folder: Path, workspace: Workspace) -> Summary | None:
    """The summary from the figures kept for the version's files (None when none are), once every
    file of the version is checked against its manifest's hashes."""
    manifest = json.loads((folder / store.MANIFEST).read_bytes())
    entry, key = figures_entry(manifest, workspace)
    figures = read_entry(entry, key, figures_of_json)
    if figures is None:
        return None
    store.verify_files(folder, manifest["version"], [(f["path"], f["sha256"]) for f in manifest["files"]])
    return summary_of(folder, manifest, figures)


def figures_entry(manifest: dict, workspace: Workspace) -> tuple[Path, dict]:
    """The cache entry of the figures of the files a manifest lists: by the sha256 of those they
    are counted from (`COUNTED_FROM`), so a version holding another's has its figures."""
    return entry_file(
        workspace, "summary", {name: f["sha256"] for f in manifest["files"] if (name := f["path"]) in COUNTED_FROM}
    )


def summary_of(folder: Path, manifest: dict, figures: Figures) -> Summary:
    return Summary(
        document=manifest["document"],
        version=manifest["version"],
        previous=previous_version(folder),
        folder=folder,
        source=manifest["source"],
        figures=figures,
        correction_files=[f["path"] for f in manifest["corrections"]],
    )


def counted_figures(folder: Path) -> Figures:
    """The figures of the version in `folder`, counted from its dataset (verified first)."""
    from pipeline.diff.changes import applied_corrections
    from pipeline.normalise.counts import mismatches
    from pipeline.normalise.problems import problems

    dataset = store.load(folder)
    memberships, countries = membership_counts(folder / DATABASE)
    review: dict[str, int] = {}
    for problem in problems(dataset):
        review[problem.status] = review.get(problem.status, 0) + 1
    return Figures(
        networks=len(dataset.networks),
        dropped=len(dataset.dropped),
        memberships=memberships,
        countries=countries,
        review=review,
        unacknowledged=[
            (c.network, c.printed, c.found) for c in mismatches(dataset.networks) if c.acknowledged is None
        ],
        corrections=len(applied_corrections(dataset)),
    )


def figures_of_json(data: bytes) -> Figures:
    """Figures as `version_summary` keeps them (ValueError when they are not)."""
    fields = json.loads(data)
    try:
        return Figures(**{**fields, "unacknowledged": [tuple(c) for c in fields["unacknowledged"]]})
    except (TypeError, KeyError) as problem:
        raise ValueError(problem) from None


def membership_counts(database: Path) -> tuple[int, int]:
    """(memberships, distinct countries) of a version's database, opened read-only."""
    with sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro&immutable=1", uri=True) as db:
        return db.execute(MEMBERSHIPS).fetchone()


def previous_version(folder: Path) -> str | None:
    """The name of the highest published version below the one in `folder`, None for the first."""
    number = int(folder.name.removeprefix("v"))
    earlier = [n for n in store.version_numbers(folder.parent) if n < number]
    return f"v{max(earlier)}" if earlier else None


def summary_lines(summary: Summary, workspace: Workspace, built: Path) -> list[str]:
    """The summary as lines of `label  value` after a blank line, then the next commands."""
    figures = summary.figures
    rows = [
        (
            "dataset",
            f"{summary.document} {summary.version}"
            + (f" (previous: {summary.previous})" if summary.previous else " (its first version)"),
        ),
        ("source", source_line(summary.source)),
        (
            "networks",
            f"{figures.networks}"
            + (
                f" ({counted(figures.dropped, 'printed row')} dropped or merged: networks.json 'dropped')"
                if figures.dropped
                else ""
            ),
        ),
        ("memberships", f"{figures.memberships} (a network, member entry and code each: memberships.csv)"),
        ("countries", f"{figures.countries} distinct states and territories among the memberships"),
        ("to review", review_line(figures.review, figures.unacknowledged)),
        (
            "corrections",
            f"{figures.corrections} applied"
            + (f" (from {', '.join(summary.correction_files)})" if summary.correction_files else ""),
        ),
        ("folder", str(summary.folder)),
    ]
    width = max(len(label) for label, _ in rows)
    lines = [f"  {label.ljust(width)}  {value}" for label, value in rows]
    return ["", *lines, "", "Next:", *(f"  {command}" for command in next_commands(summary, workspace, built))]


def source_line(source: dict) -> str:
    """ "CDPC (2017) 1_rev, undated, 26 pages, sha256 272d2b83c316 (CDPC-2017-1-rev.pdf)"."""
    symbol = source.get("symbol") or "no symbol printed"
    dated = source.get("date") or "undated"
    return f"{symbol}, {dated}, {source['pages']} pages, sha256 {source['sha256'][:12]} ({source['file']})"


def review_line(review: dict[str, int], unacknowledged: list[tuple[str, int, int]]) -> str:
    """How many entries are left unresolved, ambiguous or as a collective problem, by status, and
    the printed counts that differ from the members found with no correction acknowledging it."""
    total = sum(review.values())
    entries = counted(total, "entry", "entries") + (
        f" ({', '.join(f'{n} {status}' for status, n in review.items())})" if total else ""
    )
    differ = "; ".join(f"{network}: {printed} printed, {found} found" for network, printed, found in unacknowledged)
    return entries + (
        f"; {counted(len(unacknowledged), 'printed count')} unacknowledged ({differ})" if unacknowledged else ""
    )


def counted(number: int, noun: str, nouns: str | None = None) -> str:
    """ "1 entry", "3 entries": the number and the noun in the form it takes."""
    return f"{number} {noun if number == 1 else nouns or noun + 's'}"


def next_commands(summary: Summary, workspace: Workspace, built: Path) -> list[str]:
    """`cdpc report` of the version (`--against` its previous version when it has one, so the page
    opens on the changes; `--pdf` when its source is not among ROOT/source_docs, where the report
    looks for it) and, when it has a previous version, `cdpc diff` against it."""
    at = f" --root {shlex.quote(str(workspace.root))}" if workspace.root != Path(".") else ""
    pdf = source_pdf(summary.source, workspace, built)
    version = f"{summary.document}@{summary.version}"
    previous = f"{summary.document}@{summary.previous}" if summary.previous else None
    against = f" --against {previous}" if previous else ""
    commands = [
        f"cdpc report {version}{against} -o {REVIEW_FOLDER}" + (f" --pdf {shlex.quote(str(pdf))}" if pdf else "") + at
    ]
    if previous:
        commands.append(f"cdpc diff {previous} {version}{at}")
    return commands


def source_pdf(source: dict, workspace: Workspace, built: Path) -> Path | None:
    """The PDF `cdpc report` must be given: None when ROOT/source_docs holds the source (by sha256),
    else the file built when it is the source, else the source's file name, for the user to find."""
    if any(sha256_file(paper) == source["sha256"] for paper in workspace.papers()):
        return None
    return built if sha256_file(built) == source["sha256"] else Path(source["file"])
