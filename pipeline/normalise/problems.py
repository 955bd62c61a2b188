"""What a reviewer must settle among a dataset's member entries, as `cdpc check` lists it.

Contract: :func:`problems` takes the networks and source of a normalised paper or of a published
dataset (`pipeline.models.Normalised` or `Dataset`: anything with `networks` and `source`) and
returns one :class:`pipeline.models.Problem` per cell text holding U+FFFD (a character the PDF
maps to no text), per entry that is unresolved or ambiguous, or per
printed collective left unexpanded for want of the source's date or whose printed count its
expansion contradicts, and, for a normalised paper, per relation its text states to a catalogued
network that no row of it is (`Normalised.missing_targets`), network by network in print order;
:func:`problem_line` is `cdpc check`'s line for one. It imports no spaCy, so `cdpc build`'s
summary can count a published version's problems cheaply.
"""

from __future__ import annotations

from datetime import date

from pipeline.extract.charwords import UNREADABLE
from pipeline.models import CollectiveProblem, Dataset, Entry, EntryStatus, Network, Normalised, Problem
from pipeline.normalise.collectives import expand
from pipeline.terminal import tab_separated

UNREADABLE_NOTE = "U+FFFD stands for a character the PDF maps to no text"


def problems(normalised: Normalised | Dataset) -> list[Problem]:
    """Every entry a reviewer must look at, in the order printed: each cell text holding an
    unreadable character (`unreadable_texts`), then unresolved or ambiguous entries, collectives
    not expanded for want of a date or whose printed count the expansion contradicts, and (a
    normalised source's) relations to a catalogued network that no row of the source is."""
    missing = normalised.missing_targets if isinstance(normalised, Normalised) else []
    return unreadable_texts(normalised) + [
        problem
        for net in normalised.networks
        for problem in entry_problems(net, normalised.source.date) + [p for p in missing if p.network == net.id]
    ]


def unreadable_texts(normalised: Normalised | Dataset) -> list[Problem]:
    """A problem for each name, website, purpose block or member entry holding U+FFFD, naming its
    page and cell (in `group`)."""
    found = []
    for net in normalised.networks:
        name_page = next((box.page for box in net.provenance.cells.get("name", [])), None)
        texts = [("name", net.name, name_page), ("name", net.website or "", name_page)]
        texts += [("purpose", block.text, block.boxes[0].page if block.boxes else None) for block in net.purpose]
        texts += [("members", entry.raw, entry.page) for group in net.groups for entry in group.entries]
        found += [
            Problem(
                page=page,
                network=net.id,
                group=cell,
                raw=around_unreadable(text),
                status="unreadable_character",
                note=UNREADABLE_NOTE,
            )
            for cell, text, page in texts
            if UNREADABLE in text
        ]
    return found


def around_unreadable(text: str, reach: int = 30) -> str:
    """The words of `text` around its first U+FFFD, at most `reach` characters either side."""
    at = text.index(UNREADABLE)
    start, end = max(0, at - reach), min(len(text), at + reach + 1)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def entry_problems(net: Network, on: date | None) -> list[Problem]:
    """The problems of a network's entries, in print order."""
    return [
        Problem(
            page=entry.page,
            network=net.id,
            group=group.label,
            raw=entry.raw,
            status=status,
            candidates=entry.candidates,
            note=note,
        )
        for group in net.groups
        for entry in group.entries
        for status, note in [entry_problem(entry, on)]
        if status is not None
    ]


def entry_problem(entry: Entry, on: date | None) -> tuple[EntryStatus | CollectiveProblem | None, str | None]:
    """(the problem's status, its note) for an entry, (None, None) for one without a problem."""
    if entry.status in ("unresolved", "ambiguous"):
        return entry.status, entry.note
    if entry.kind != "collective" or entry.origin != "printed":
        return None, None
    expansion = expand(entry.raw, on)
    if expansion is None or expansion.problem is None:
        return None, None
    return ("undated_collective" if on is None else "collective_count"), expansion.problem


def problem_line(problem: Problem) -> str:
    """Tab-separated: page, network id, group, raw text, status, candidates, and the note when there is one."""
    candidates = ", ".join(problem.candidates) or "-"
    fields = [f"p{problem.page}", problem.network, problem.group or "-", problem.raw, problem.status, candidates]
    return tab_separated(fields + ([problem.note] if problem.note else []))
