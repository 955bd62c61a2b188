"""What changed between two dataset versions, as records a reviewer reads like a summary, and those
records as text, markdown or JSON (a :class:`~pipeline.models.DiffDocument`, its JSON Schema from
:func:`diff_schema`).

Networks are paired by id, then the remaining ones by name, membership and purpose similarity, so
a renamed network (whose id follows its name) is one `name` record, not a removal and an addition.
Within a pair, each comparison of `pipeline.fields` runs once, in that table's order: the title
(id, name and acronym as one record), section and purpose word by word (a purpose as its run of
words, since paragraph breaks move with the layout), purpose terms, the members
(`pipeline.diff_members`: relabelled groups, collectives, then member by member by code after
expansion), relations to other networks (an old id read as its network's new one) and sources
(the footnotes' URLs and the website as one set of normalised URLs: one record per network).

Each record names the corrections that caused it (`corrections`): those recorded on one side
only. :func:`country_changes` gives the per-country summary: the networks each state joined and left.
"""

from __future__ import annotations

import json
import re

from pipeline.diff_members import corrections_of, member_changes, members, one_sided
from pipeline.fields import Comparison, comparisons
from pipeline.keys import subdivision_country
from pipeline.models import (
    CountryChange,
    Dataset,
    DatasetNetwork,
    DiffDocument,
    DiffRecord,
    Source,
    WordChange,
)
from pipeline.terminal import escaped_lines
from pipeline.text import purpose_text, unmarked_text, word_changes

RENAME_THRESHOLD = 0.6
CONTEXT_WORDS = 4


def dataset_diff(old: Dataset, new: Dataset) -> list[DiffRecord]:
    """Every difference from `old` to `new`: removals, additions, then changes in `new`'s order."""
    pairs, removed, added = paired_networks(old.networks, new.networks)
    dropped = {d.id: d.correction for d in new.dropped}
    records = [DiffRecord(op="DEL", network=n.id, item="network", old=n.name, corrections=[dropped[n.id]] if n.id in dropped else []) for n in removed]
    records += [DiffRecord(op="ADD", network=n.id, item="network", new=n.name) for n in added]
    same = {n.id: min(a.id, b.id) for a, b in pairs for n in (a, b)}
    for a, b in pairs:
        records += network_changes(a, b, same)
    return records


def paired_networks(old: list[DatasetNetwork], new: list[DatasetNetwork]):
    """(pairs in `new`'s order, networks only in `old`, networks only in `new`)."""
    by_id = {n.id: n for n in old}
    pairs = {b.id: by_id[b.id] for b in new if b.id in by_id}
    lone_old = [a for a in old if a.id not in pairs]
    lone_new = [b for b in new if b.id not in pairs]
    scored = sorted(
        ((similarity(a, b), i, j) for i, a in enumerate(lone_old) for j, b in enumerate(lone_new)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_old, used_new = set(), set()
    for score, i, j in scored:
        if score >= RENAME_THRESHOLD and i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs[lone_new[j].id] = lone_old[i]
    ordered = [(pairs[b.id], b) for b in new if b.id in pairs]
    removed = [a for i, a in enumerate(lone_old) if i not in used_old]
    added = [b for j, b in enumerate(lone_new) if j not in used_new]
    return ordered, removed, added


def similarity(a: DatasetNetwork, b: DatasetNetwork) -> float:
    """0–1: the mean of name, membership and purpose similarity (membership only where either has
    members). RapidFuzz is imported by the first comparison: a rebuild whose networks all pair by
    id compares none."""
    from rapidfuzz import fuzz


    scores = [fuzz.token_set_ratio(a.name, b.name) / 100, fuzz.token_set_ratio(purpose_text(a), purpose_text(b)) / 100]
    keys_a, keys_b = {key for _, key, _ in members(a)}, {key for _, key, _ in members(b)}
    if keys_a or keys_b:
        scores.append(len(keys_a & keys_b) / len(keys_a | keys_b))
    return sum(scores) / len(scores)


def network_changes(a: DatasetNetwork, b: DatasetNetwork, same: dict[str, str] | None = None) -> list[DiffRecord]:
    """What changed from `a` to `b`, comparison by comparison in the order of NETWORK_FIELDS.
    `same` gives each id of a paired network one id for both versions (the first in sort order),
    so relations to a renamed network compare equal, whichever way the versions are compared."""
    return [record for comparison, names in comparisons() for record in compared(comparison, names, a, b, same or {})]


def compared(comparison: Comparison, names: tuple[str, ...], a: DatasetNetwork, b: DatasetNetwork, same: dict[str, str]) -> list[DiffRecord]:
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
    markers and spacing are no change (`unmarked_text`): `old` and `new` are the printed texts, `words` compare them without."""
    old, new = (purpose_text(n) if name == "purpose" else getattr(n, name) for n in (a, b))
    compared_old, compared_new = (unmarked_text(field_texts(name, n)) for n in (a, b))
    if compared_old == compared_new:
        return []
    causes = field_corrections(a, b, name, "section_heading") if name == "section" else field_corrections(a, b, name)
    return [DiffRecord(op="MOD", network=b.id, item=name, old=old, new=new, words=word_changes(compared_old, compared_new), corrections=causes)]


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
            op = "MOD" if gone and come else ("ADD" if come else "DEL")
            records.append(DiffRecord(op=op, network=b.id, item="terms", key=kind, old=gone or None, new=come or None))
    return records


def relation_changes(a: DatasetNetwork, b: DatasetNetwork, same: dict[str, str]) -> list[DiffRecord]:
    """Relations added or removed, each as "source kind target", a paired network's ids read as one (`same`)."""
    def keys(network: DatasetNetwork) -> list[str]:
        return list(dict.fromkeys(f"{same.get(r.source, r.source)} {r.kind} {same.get(r.target, r.target)}" for r in network.relations))

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
    for printed in [f.url or f.text for f in network.footnotes] + [network.website] * bool(network.website):
        found.setdefault(url_key(printed), printed)
    return found


def source_changes(a: DatasetNetwork, b: DatasetNetwork) -> list[DiffRecord]:
    """One record per network whose sources changed: `old` the ones gone, `new` the ones come."""
    old, new = sources(a), sources(b)
    gone, come = [old[k] for k in sorted(old) if k not in new], [new[k] for k in sorted(new) if k not in old]
    if not gone and not come:
        return []
    op = "MOD" if gone and come else ("ADD" if come else "DEL")
    return [DiffRecord(op=op, network=b.id, item="sources", old=gone or None, new=come or None, corrections=field_corrections(a, b, "footnotes", "website"))]


# ---------------------------------------------------------------------------------------------
# Per country
# ---------------------------------------------------------------------------------------------

STATE_KINDS = ("country", "territory", "institution")


def states(network: DatasetNetwork) -> set[str]:
    """The ISO 3166-1 codes of the states (and territories) among a network's members; a part of a state counts as the state."""
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
    return {code: CountryChange(joined=joined.get(code, []), left=left.get(code, [])) for code in sorted(joined.keys() | left.keys())}


def country_lines(countries: dict[str, CountryChange]) -> list[str]:
    """ "TD: +1 network (sahel)", "GB: -4 networks (ejn, eurojust, …)"; states with the same change on one line ("AR, AU, BR: …")."""
    def part(sign: str, ids: list[str]) -> str:
        return f"{sign}{len(ids)} network{'s' * (len(ids) != 1)} ({', '.join(ids)})"

    alike: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
    for code, change in countries.items():
        alike.setdefault((tuple(change.joined), tuple(change.left)), []).append(code)
    return [
        f"{', '.join(codes)}: " + ", ".join(part(sign, list(ids)) for sign, ids in (("+", joined), ("-", left)) if ids)
        for (joined, left), codes in alike.items()
    ]


def applied_corrections(dataset: Dataset) -> list[str]:
    """Ids of every correction a version records, in the order first met: on networks, their
    entries and groups (an acknowledged count), and dropped rows."""
    ids = []
    for network in dataset.networks:
        ids += [a.correction for a in network.amendments] + [g.count_acknowledged for g in network.groups if g.count_acknowledged]
        ids += [a.correction for g in network.groups for e in g.entries for a in e.amendments]
    ids += [d.correction for d in dataset.dropped] + [a.correction for d in dataset.dropped for a in d.amendments]
    return list(dict.fromkeys(ids))


def diff_schema() -> dict:
    """The JSON Schema of `cdpc diff --format json`, generated from the models."""
    return DiffDocument.model_json_schema(by_alias=True)


def diff_schema_json() -> str:
    """The schema as committed in schemas/diff.schema.json (a test holds them equal; rewrite it with
    `python3 -c "from pipeline.diff import diff_schema_json; print(diff_schema_json(), end='')" > schemas/diff.schema.json`)."""
    return json.dumps(diff_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------

TEXT_MARKS = ("[-", "-]", "{+", "+}")
MARKDOWN_MARKS = ("~~", "~~", "**", "**")
SIGNS = {"ADD": "+", "DEL": "-", "MOD": "~"}


def rendered_diff(records: list[DiffRecord], form: str, old: str, new: str, datasets: tuple[Dataset, Dataset] | None = None) -> str:
    """The records as 'text' (one line each), 'markdown' (a review comment) or 'json'; given the two
    `datasets`, the header names their sources and a per-country summary follows. Each line of text
    and markdown has its control characters escaped (`pipeline.terminal`): a value cannot forge a line."""
    countries = country_changes(*datasets) if datasets else {}
    before, after = (set(applied_corrections(d)) for d in datasets) if datasets else (set(), set())
    added, retired = sorted(after - before), sorted(before - after)
    if form == "json":
        document = DiffDocument(
            old=str(old), new=str(new), records=records, countries=countries, corrections_added=added, corrections_retired=retired,
            sources={"from": datasets[0].source, "to": datasets[1].source} if datasets else None,
        )
        body = document.model_dump(mode="json", by_alias=True, exclude_defaults=True)  # a record's unset fields left out
        if datasets:
            body["sources"] = {side: source.model_dump(mode="json") for side, source in document.sources.items()}  # every field, a null date too
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
    per_country = country_lines(countries)
    corrections = [f"corrections {what}: {', '.join(ids)}" for what, ids in (("added", added), ("retired", retired)) if ids]
    if form == "markdown":
        lines = [f"### Dataset changes: {markdown_code(str(old))} → {markdown_code(str(new))}", ""]
        if datasets:
            lines += [f"- from: {markdown_text(source_line(datasets[0].source))}", f"- to: {markdown_text(source_line(datasets[1].source))}", ""]
        lines += [summary(records), *(f"{line}." for line in corrections), "", *(f"- {markdown_line(r)}" for r in records)]
        lines += ["", "#### Per country", "", *(f"- {line}" for line in per_country)] if per_country else []
        return escaped_lines(lines)
    sides = [(f"--- {old}", 0), (f"+++ {new}", 1)]
    lines = [head + (f"\t{source_line(datasets[i].source)}" if datasets else "") for head, i in sides]
    lines += [f"{SIGNS[r.op]} {text_line(r)}" for r in records]
    return escaped_lines(lines + [summary(records)] + [f"  {line}" for line in corrections + per_country])


def source_line(source: Source) -> str:
    """ "PC-OC Mod (2020) 03rev2, 2020-09-22, sha256 9f3c…, PC-OC-Mod-2020-03rev2.pdf": symbol, date, sha256 prefix, file."""
    return ", ".join([source.symbol or "no symbol", str(source.date or "undated"), f"sha256 {source.sha256[:12]}", source.file])


def summary(records: list[DiffRecord]) -> str:
    if not records:
        return "No changes."
    networks = [r for r in records if r.item == "network"]
    added = sum(r.op == "ADD" for r in networks)
    removed = sum(r.op == "DEL" for r in networks)
    changed = len({r.network for r in flattened(records) if r.item != "network"})
    return f"{len(records)} changes: {added} networks added, {removed} removed, {changed} changed."


def flattened(records: list[DiffRecord]) -> list[DiffRecord]:
    """The one-network records: a record of several networks (`pipeline.diff_review`) replaced by those it folds."""
    return [one for r in records for one in (r.folded or [r])]


def text_line(r: DiffRecord) -> str:
    return plain_line(r) + (f" (correction {', '.join(r.corrections)})" if r.corrections else "")


def shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "(none)"
    return "(none)" if value is None else str(value)


def several_line(r: DiffRecord, code=str, text=shown, arrow: str = "->", verb: str = "") -> str:
    """A record of several networks: a section scheme with where each old section's networks went,
    or a relabel with the networks it was made in (`verb` after what changed, `code` and `text`
    the forms of a name and of a value, for Markdown)."""
    if r.item == "section":
        went = "; ".join(f"{code(a)} {arrow} " + ", ".join(f"{code(b)} {n}" for b, n in to.items()) for a, to in (r.moves or {}).items())
        return f"section scheme{verb}: {text(r.old)} {arrow} {text(r.new)} ({went}; {len(r.folded)} networks moved)"
    networks = ", ".join(code(f.network) for f in r.folded)
    return f"{r.item}{verb} in {len(r.folded)} networks ({networks}): {text(r.old)} {arrow} {text(r.new)}"


def plain_line(r: DiffRecord) -> str:
    if r.network is None:
        return several_line(r)
    if r.item == "network":
        return f"network {r.network}: {r.new or r.old}"
    renamed = f" (was {r.old_network})" if r.old_network else ""
    if r.words is not None:
        return f"{r.network} {r.item}: {inline_words(r.words, TEXT_MARKS)}{renamed}"
    if r.op == "MOD":
        change = f"{shown(r.old)} -> {shown(r.new)}"
        return f"{r.network} {r.item} {r.key}: {change}" if r.key else f"{r.network} {r.item}: {change}"
    where = f" [{r.group}]" if r.group else ""
    value = shown(r.new if r.op == "ADD" else r.old)
    return f"{r.network} {r.item} {r.key}{where}: {value}" if r.key not in (None, value) else f"{r.network} {r.item}{where}: {value}"


def markdown_line(r: DiffRecord) -> str:
    """A record as a Markdown list item's text: names as code spans, values as text that renders as
    itself (`markdown_code`, `markdown_text`), so no value makes an element, a link or a mark."""
    verb = {"ADD": "added", "DEL": "removed", "MOD": "changed"}[r.op]
    cause = f" (correction {', '.join(map(markdown_code, r.corrections))})" if r.corrections else ""
    if r.network is None:
        return f"{several_line(r, markdown_code, markdown_text, '→', f' {verb}')}{cause}"
    network = markdown_code(r.network)
    if r.item == "network":
        return f"network {network} {verb}: {markdown_text(r.new or r.old)}{cause}"
    if r.words is not None:
        renamed = f" (was {markdown_code(r.old_network)})" if r.old_network else ""
        return f"{network} {r.item} {verb}: {inline_words(r.words, MARKDOWN_MARKS, markdown_text)}{renamed}{cause}"
    if r.op == "MOD":
        what = f"{r.item} of {markdown_code(r.key)}" if r.key else r.item
        return f"{network} {what} {verb}: {markdown_text(r.old)} → {markdown_text(r.new)}{cause}"
    value = shown(r.new if r.op == "ADD" else r.old)
    where = f" under “{markdown_text(r.group)}”" if r.group else ""
    named = markdown_code(r.key) + (f" ({markdown_text(value)})" if value != r.key else "") if r.key else markdown_text(value)
    return f"{network} {r.item} {verb}{where}: {named}{cause}"


MARKDOWN_MARKUP = re.compile(r"[\\`*~\[\]<&]|(?<![^\W_])_|_(?![^\W_])")
"""The characters Markdown (CommonMark, GitHub's) may read as markup within a line: a backslash, a
code span's backtick, emphasis and strikethrough (an underscore only when it is not inside a word,
as in "1_rev", where it never is), a link's or image's brackets, an HTML tag or autolink, an entity."""


def markdown_text(value) -> str:
    """A value (`shown`) as Markdown that renders as its very text: each character of
    `MARKDOWN_MARKUP` backslash-escaped, so `<script>` is text, never an element."""
    return MARKDOWN_MARKUP.sub(lambda mark: "\\" + mark.group(), shown(value))


def markdown_code(name: str) -> str:
    """A name (an id, a key, a section) as a Markdown code span, its text as it is: fenced by one
    backtick more than its longest run of backticks, padded when it starts or ends with one."""
    fence = "`" * (max(map(len, re.findall("`+", name)), default=0) + 1)
    pad = " " if name.startswith("`") or name.endswith("`") else ""
    return f"{fence}{pad}{name}{pad}{fence}"


def inline_words(words: list[WordChange], marks: tuple[str, str, str, str], text=str) -> str:
    """The changed words marked (each run of words in its `text` form), with a few unchanged words
    of context around each change."""
    deleted_open, deleted_close, inserted_open, inserted_close = marks
    parts = []
    for index, w in enumerate(words):
        if w.op == "equal":
            parts.append(text(context(w.old.split(), first=index == 0, last=index == len(words) - 1)))
            continue
        if w.old:
            parts.append(f"{deleted_open}{text(w.old)}{deleted_close}")
        if w.new:
            parts.append(f"{inserted_open}{text(w.new)}{inserted_close}")
    return " ".join(p for p in parts if p)


def context(words: list[str], first: bool, last: bool) -> str:
    """Unchanged words, cut to CONTEXT_WORDS on each side that touches a change."""
    n = CONTEXT_WORDS
    if first and last:
        return ""
    if first:
        return " ".join((["…"] if len(words) > n else []) + words[-n:])
    if last:
        return " ".join(words[:n] + (["…"] if len(words) > n else []))
    return " ".join(words if len(words) <= 2 * n else [*words[:n], "…", *words[-n:]])
