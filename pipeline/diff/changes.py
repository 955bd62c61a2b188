"""What changed between two dataset versions, as records a reviewer reads like a summary
(`pipeline.diff.render` prints them).

Networks are paired first (`pipeline.diff.pairing`), so a renamed network is one `name` record,
not a removal and an addition. Within a pair, each comparison of `pipeline.fields` runs once, in
that table's order: the title (id, name and acronym as one record), section and purpose word by
word (a purpose as its run of words, since paragraph breaks move with the layout), purpose terms,
the members (`pipeline.diff.members`: relabelled groups, collectives, then member by member by
code after expansion), relations to other networks (an old id read as its network's new one) and
sources (the footnotes' URLs and the website as one set of normalised URLs: one record per network).

Each record names the corrections that caused it (`corrections`): those recorded on one side
only. :func:`country_changes` gives the per-country summary: the networks each state joined and left.
"""

from __future__ import annotations

import re

from pipeline.diff.members import corrections_of, member_changes, one_sided
from pipeline.diff.pairing import paired_networks
from pipeline.diff.records import CountryChange, DiffOp, DiffRecord
from pipeline.diff.words import purpose_text, unmarked_text, word_changes
from pipeline.fields import Comparison, comparisons
from pipeline.keys import subdivision_country
from pipeline.models import Dataset, DatasetNetwork


def dataset_diff(old: Dataset, new: Dataset) -> list[DiffRecord]:
    """Every difference from `old` to `new`: removals, additions, then changes in `new`'s order."""
    pairs, removed, added = paired_networks(old.networks, new.networks)
    dropped = {d.id: d.correction for d in new.dropped}
    records = [
        DiffRecord(
            op="DEL", network=n.id, item="network", old=n.name, corrections=[dropped[n.id]] if n.id in dropped else []
        )
        for n in removed
    ]
    records += [DiffRecord(op="ADD", network=n.id, item="network", new=n.name) for n in added]
    same = {n.id: min(a.id, b.id) for a, b in pairs for n in (a, b)}
    for a, b in pairs:
        records += network_changes(a, b, same)
    return records


def network_changes(a: DatasetNetwork, b: DatasetNetwork, same: dict[str, str] | None = None) -> list[DiffRecord]:
    """What changed from `a` to `b`, comparison by comparison in the order of NETWORK_FIELDS.
    `same` gives each id of a paired network one id for both versions (the first in sort order),
    so relations to a renamed network compare equal, whichever way the versions are compared."""
    return [record for comparison, names in comparisons() for record in compared(comparison, names, a, b, same or {})]


def compared(
    comparison: Comparison, names: tuple[str, ...], a: DatasetNetwork, b: DatasetNetwork, same: dict[str, str]
) -> list[DiffRecord]:
    if comparison == "title":
        return title_changes(a, b)
    if comparison == "words":
        return [record for name in names for record in word_field_changes(name, a, b)]
    if comparison == "members":
        return member_changes(a, b)
    if comparison == "terms":
        return term_changes(a, b)
    if comparison == "relations":
        return relation_changes(a, b, same)
    return source_changes(a, b)


def field_corrections(a: DatasetNetwork, b: DatasetNetwork, *fields: str) -> list[str]:
    """Ids of the corrections of these fields (or of their paragraphs, 'purpose[1]') recorded on one side only."""
    return corrections_of([x for x in one_sided(a.amendments, b.amendments) if x.field.split("[")[0] in fields])


def title(network: DatasetNetwork) -> str:
    """The name as a reader knows it: "Camden Assets Recovery Interagency Network (CARIN)"."""
    printed = f"({network.acronym})"
    return f"{network.name} {printed}" if network.acronym and printed not in network.name else network.name


def title_changes(a: DatasetNetwork, b: DatasetNetwork) -> list[DiffRecord]:
    """A rename, one record: the old and new titles word by word, and the old id if it changed."""
    if (a.id, title(a)) == (b.id, title(b)):
        return []
    return [
        DiffRecord(
            op="MOD",
            network=b.id,
            old_network=a.id if a.id != b.id else None,
            item="name",
            old=title(a),
            new=title(b),
            words=word_changes(title(a), title(b)),
            corrections=field_corrections(a, b, "name", "acronym"),
        )
    ]


def word_field_changes(name: str, a: DatasetNetwork, b: DatasetNetwork) -> list[DiffRecord]:
    """A text field compared word by word: a purpose as its run of words, others as they are; list
    markers and spacing are no change (`unmarked_text`): `old` and `new` are the printed texts,
    `words` compare them without."""
    old, new = (purpose_text(n) if name == "purpose" else getattr(n, name) for n in (a, b))
    compared_old, compared_new = (unmarked_text(field_texts(name, n)) for n in (a, b))
    if compared_old == compared_new:
        return []
    causes = field_corrections(a, b, name, "section_heading") if name == "section" else field_corrections(a, b, name)
    return [
        DiffRecord(
            op="MOD",
            network=b.id,
            item=name,
            old=old,
            new=new,
            words=word_changes(compared_old, compared_new),
            corrections=causes,
        )
    ]


def field_texts(name: str, network: DatasetNetwork) -> list[str]:
    """A text field's texts: a purpose's blocks, else the value (none when unset)."""
    if name == "purpose":
        return [block.text for block in network.purpose]
    value = getattr(network, name)
    return [value] if value else []


def term_changes(a: DatasetNetwork, b: DatasetNetwork) -> list[DiffRecord]:
    """Per kind of term (crime areas, instruments, years): the terms gone and come, one record."""
    records = []
    for kind in type(a.terms).model_fields:
        old, new = getattr(a.terms, kind), getattr(b.terms, kind)
        gone, come = [t for t in old if t not in new], [t for t in new if t not in old]
        if gone or come:
            op: DiffOp = "MOD" if gone and come else ("ADD" if come else "DEL")
            records.append(DiffRecord(op=op, network=b.id, item="terms", key=kind, old=gone or None, new=come or None))
    return records


def relation_changes(a: DatasetNetwork, b: DatasetNetwork, same: dict[str, str]) -> list[DiffRecord]:
    """Relations added or removed, each as "source kind target", a paired network's ids read as one (`same`)."""

    def keys(network: DatasetNetwork) -> list[str]:
        return list(
            dict.fromkeys(
                f"{same.get(r.source, r.source)} {r.kind} {same.get(r.target, r.target)}" for r in network.relations
            )
        )

    old, new = keys(a), keys(b)
    records = [DiffRecord(op="DEL", network=b.id, item="relation", key=k, old=k) for k in old if k not in new]
    return records + [DiffRecord(op="ADD", network=b.id, item="relation", key=k, new=k) for k in new if k not in old]


URL_NOISE = re.compile(r"^(?:https?://)?(?:www\.)?|/+$|/index\.html?$")


def url_key(url: str) -> str:
    """A URL as compared: without scheme, "www.", trailing slash or index page, in lower case."""
    return URL_NOISE.sub("", url.strip().casefold())


def sources(network: DatasetNetwork) -> dict[str, str]:
    """{compared key: as printed} of the footnotes' URLs (else their text) and the website."""
    found: dict[str, str] = {}
    for printed in [f.url or f.text for f in network.footnotes] + ([network.website] if network.website else []):
        found.setdefault(url_key(printed), printed)
    return found


def source_changes(a: DatasetNetwork, b: DatasetNetwork) -> list[DiffRecord]:
    """One record per network whose sources changed: `old` the ones gone, `new` the ones come."""
    old, new = sources(a), sources(b)
    gone, come = [old[k] for k in sorted(old) if k not in new], [new[k] for k in sorted(new) if k not in old]
    if not gone and not come:
        return []
    op: DiffOp = "MOD" if gone and come else ("ADD" if come else "DEL")
    return [
        DiffRecord(
            op=op,
            network=b.id,
            item="sources",
            old=gone or None,
            new=come or None,
            corrections=field_corrections(a, b, "footnotes", "website"),
        )
    ]


# ---------------------------------------------------------------------------------------------
# Per country
# ---------------------------------------------------------------------------------------------

STATE_KINDS = ("country", "territory", "institution")


def states(network: DatasetNetwork) -> set[str]:
    """The ISO 3166-1 codes of the states (and territories) among a network's members; a part of a
    state counts as the state."""
    found = set()
    for group in network.groups:
        for entry in group.entries:
            if entry.kind in STATE_KINDS:
                found.update(entry.codes)
            elif entry.kind == "subdivision":
                found.update(subdivision_country(code) or code for code in entry.codes)
    return found


def country_changes(old: Dataset, new: Dataset) -> dict[str, CountryChange]:
    """{state code: the networks it joined and left}, for every state whose memberships changed."""
    pairs, removed, added = paired_networks(old.networks, new.networks)
    joined: dict[str, list[str]] = {}
    left: dict[str, list[str]] = {}
    for a, b in [(None, n) for n in added] + [(n, None) for n in removed] + list(pairs):
        before, after = states(a) if a else set(), states(b) if b else set()
        for code in after - before:
            joined.setdefault(code, []).append(b.id)
        for code in before - after:
            left.setdefault(code, []).append(a.id if b is None else b.id)
    return {
        code: CountryChange(joined=joined.get(code, []), left=left.get(code, []))
        for code in sorted(joined.keys() | left.keys())
    }


def applied_corrections(dataset: Dataset) -> list[str]:
    """Ids of every correction a version records, in the order first met: on networks, their
    entries and groups (an acknowledged count), and dropped rows."""
    ids = []
    for network in dataset.networks:
        ids += [a.correction for a in network.amendments] + [
            g.count_acknowledged for g in network.groups if g.count_acknowledged
        ]
        ids += [a.correction for g in network.groups for e in g.entries for a in e.amendments]
    ids += [d.correction for d in dataset.dropped] + [a.correction for d in dataset.dropped for a in d.amendments]
    return list(dict.fromkeys(ids))
