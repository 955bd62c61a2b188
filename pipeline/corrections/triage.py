"""The triage of a previous source's corrections against a new source, all at once.

Run on the new source as normalised (its networks under the ids they keep, `pipeline.versions.ids`), before
any correction of its own, each correction of the previous source is tried in order, and those
that still apply are applied (a later one may build on an earlier one). Each goes under one heading:

- *still applies*: its target and expected value are found: it is carried over;
- *fixed in the source*: the new source prints what it set in the previous version (`fixed_in`): it is retired;
- *target gone*: its network, group or entry is not found;
- *expected value changed*: its target is found, holding something else.

The last two are for the reviewer: each is listed with its file:line, what was found instead and
the nearest candidates (`pipeline.corrections.target.closest`). `carried_over` writes the file of
the corrections that still apply, for the new source, each copied as written with where it came from.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pipeline.corrections.apply import Corrections, Located
from pipeline.errors import StaleCorrection
from pipeline.models import Dataset, KeptId, Source
from pipeline.terminal import escaped_line

Heading = Literal["still_applies", "fixed_in_source", "target_gone", "expected_value_changed"]
HEADINGS: dict[Heading, tuple[str, str]] = {  # (title, as counted)
    "still_applies": ("Still applies (carried over)", "still apply"),
    "fixed_in_source": ("Fixed in the source (retired)", "fixed in the source"),
    "target_gone": ("Target gone (the reviewer decides)", "target gone"),
    "expected_value_changed": ("Expected value changed (the reviewer decides)", "expected value changed"),
}


@dataclass(frozen=True)
class Triaged:
    """One correction, its heading, and what the new source holds instead (for the last two headings)."""

    item: Located
    heading: Heading
    found: str | None = None


@dataclass(frozen=True)
class Triage:
    """The corrections of source `old` triaged against source `new`, and the network ids of `new`:
    those kept under another id than printed (`kept`), the new ones and the previous ones retired."""

    old: Source
    new: Source
    items: list[Triaged]
    kept: list[KeptId]
    added: list[str]
    retired: list[str]

    def under(self, heading: Heading) -> list[Triaged]:
        return [t for t in self.items if t.heading == heading]


def triage(dataset: Dataset, previous: Dataset, corrections: Corrections) -> Triage:
    """Every correction of `corrections` (the previous source's) against `dataset` (the new source, uncorrected)."""
    before = {n.id for n in previous.networks}
    ids: dict[str, Any] = {
        "kept": list(dataset.ids),
        "added": [n.id for n in dataset.networks if n.id not in before],
        "retired": sorted(before - {n.id for n in dataset.networks}),
    }
    items = []
    for item in corrections.items:
        correction = item.correction
        if correction.fixed_first and correction.fixed_in(dataset, previous):
            items.append(Triaged(item, "fixed_in_source"))
            continue
        try:
            dataset = correction.apply(dataset, functools.partial(StaleCorrection, item.where))
            items.append(Triaged(item, "still_applies"))
        except StaleCorrection as error:
            items.append(Triaged(item, stale_heading(item, dataset, previous), error.problem))
    return Triage(previous.source, dataset.source, items, **ids)


def stale_heading(item: Located, dataset: Dataset, previous: Dataset) -> Heading:
    correction = item.correction
    if correction.fixed_in(dataset, previous):
        return "fixed_in_source"
    return "expected_value_changed" if correction.target_found(dataset) else "target_gone"


# ---------------------------------------------------------------------------------------------
# The report, and the carried-over file
# ---------------------------------------------------------------------------------------------


def shown_path(path: Path) -> str:
    """A correction file as the report names it: its folder's name and its own (no absolute path)."""
    return f"{path.parent.name}/{path.name}"


def triage_report(result: Triage) -> str:
    """The triage as Markdown: a count per heading, then each correction under its heading; each line's
    control characters escaped (`pipeline.terminal`), since it quotes the sources and the corrections."""
    counts = ", ".join(f"{len(result.under(h))} {counted}" for h, (_, counted) in HEADINGS.items())
    title = f"# Corrections of {source_named(result.old)} against {source_named(result.new)}"
    lines = [title, "", f"{len(result.items)} corrections: {counts}.", ""]
    for heading, (title, _) in HEADINGS.items():
        found = result.under(heading)
        lines += [f"## {title}: {len(found)}", ""]
        lines += [triaged_line(t) for t in found] or ["(none)"]
        lines.append("")
    return "\n".join(map(escaped_line, lines + id_lines(result)))


def id_lines(result: Triage) -> list[str]:
    """The network ids of the new source: kept under another id than printed, new, retired."""
    kept = [
        f"- `{k.printed}` → `{k.id}` ({f'score {k.score}' if k.score is not None else f'correction `{k.correction}`'})"
        for k in result.kept
    ]
    return [
        f"## Network ids: {len(result.kept)} kept across a rename, {len(result.added)} new, "
        f"{len(result.retired)} retired",
        "",
        "Kept (printed id → the id it keeps; "
        "a wrong pairing is overridden by a pair_network or new_network correction):",
        "",
        *(kept or ["(none)"]),
        "",
        f"New: {', '.join(f'`{i}`' for i in result.added) or '(none)'}",
        "",
        f"Retired: {', '.join(f'`{i}`' for i in result.retired) or '(none)'}",
        "",
    ]


def source_named(source: Source) -> str:
    return f"{source.symbol or source.file} ({source.file}, sha256 {source.sha256[:12]}…)"


def triaged_line(t: Triaged) -> str:
    c = t.item.correction
    line = f"- `{c.id}` ({c.op}, {shown_path(t.item.file)}:{t.item.line})"
    return f"{line}: {t.found}" if t.found and t.heading in ("target_gone", "expected_value_changed") else line


def carried_over(result: Triage, texts: dict[Path, str]) -> str:
    """The YAML file of the corrections that still apply, for the new source: a header naming it, then
    each correction as written in its file (`texts`), with a comment naming where it came from."""
    new = result.new
    header = f"source: {{symbol: {json.dumps(new.symbol)}}}" if new.symbol else f"source: {{sha256: {new.sha256}}}"
    kept = result.under("still_applies")
    lines = [
        f"# Corrections to {one_line(new.symbol or new.file)}, "
        f"carried over from {one_line(result.old.symbol or result.old.file)}:",
        f"# the {len(kept)} of its {len(result.items)} corrections that still apply (`cdpc carry-over`). "
        "Review, then commit.",
        header,
        "",
        "corrections:" if kept else "corrections: []",
    ]
    for t in kept:
        lines += [
            f"  # carried over from {shown_path(t.item.file)}:{t.item.line}",
            *written_lines(t.item, texts[t.item.file]),
        ]
    return "\n".join(lines) + "\n"


def one_line(text: str) -> str:
    """`text` with every run of white space (line breaks included) one space: safe in a YAML comment."""
    return " ".join(text.split())


def written_lines(item: Located, text: str) -> list[str]:
    """A correction's lines as written: from its line to the line before the next item of its list
    (or the file's end), without the blank and comment lines that end them."""
    lines = text.splitlines()[item.line - 1 :]
    indent = len(lines[0]) - len(lines[0].lstrip())
    end = next(
        (i for i, line in enumerate(lines[1:], 1) if line.strip() and len(line) - len(line.lstrip()) <= indent),
        len(lines),
    )
    body = lines[:end]
    while body and (not body[-1].strip() or body[-1].lstrip().startswith("#")):
        body.pop()
    return body
