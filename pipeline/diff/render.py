"""A diff's records (`pipeline.diff.changes`) as a reviewer reads them: text (one line each, marked
like `git diff --word-diff`), markdown (a review comment) or JSON (a
:class:`~pipeline.diff.records.DiffDocument`, its JSON Schema from :func:`diff_schema`), with the
per-country summary and the corrections added and retired. Each line of text and markdown has its
control characters escaped (`pipeline.terminal`): a value cannot forge a line.
"""

from __future__ import annotations

import json
import re

from pipeline.diff.changes import applied_corrections, country_changes
from pipeline.diff.records import CountryChange, DiffDocument, DiffRecord, WordChange
from pipeline.models import Dataset, Source
from pipeline.terminal import escaped_lines

CONTEXT_WORDS = 4
TEXT_MARKS = ("[-", "-]", "{+", "+}")
MARKDOWN_MARKS = ("~~", "~~", "**", "**")
SIGNS = {"ADD": "+", "DEL": "-", "MOD": "~"}


def country_lines(countries: dict[str, CountryChange]) -> list[str]:
    """ "TD: +1 network (sahel)", "GB: -4 networks (ejn, eurojust, …)"; states with the same change
    on one line ("AR, AU, BR: …")."""

    def part(sign: str, ids: list[str]) -> str:
        return f"{sign}{len(ids)} network{'s' * (len(ids) != 1)} ({', '.join(ids)})"

    alike: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
    for code, change in countries.items():
        alike.setdefault((tuple(change.joined), tuple(change.left)), []).append(code)
    return [
        f"{', '.join(codes)}: " + ", ".join(part(sign, list(ids)) for sign, ids in (("+", joined), ("-", left)) if ids)
        for (joined, left), codes in alike.items()
    ]


def diff_schema() -> dict:
    """The JSON Schema of `cdpc diff --format json`, generated from the models."""
    return DiffDocument.model_json_schema(by_alias=True)


def diff_schema_json() -> str:
    """The schema as committed in schemas/diff.schema.json (a test holds them equal). Rewrite it with:
    python3 -c "from pipeline.diff.render import diff_schema_json; print(diff_schema_json(), end='')" \
        > schemas/diff.schema.json"""
    return json.dumps(diff_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def rendered_diff(
    records: list[DiffRecord], form: str, old: str, new: str, datasets: tuple[Dataset, Dataset] | None = None
) -> str:
    """The records as 'text' (one line each), 'markdown' (a review comment) or 'json'; given the two
    `datasets`, the header names their sources and a per-country summary follows. Each line of text
    and markdown has its control characters escaped (`pipeline.terminal`): a value cannot forge a line."""
    countries = country_changes(*datasets) if datasets else {}
    before, after = (set(applied_corrections(d)) for d in datasets) if datasets else (set(), set())
    added, retired = sorted(after - before), sorted(before - after)
    if form == "json":
        document = DiffDocument(
            old=str(old),
            new=str(new),
            records=records,
            countries=countries,
            corrections_added=added,
            corrections_retired=retired,
            sources={"from": datasets[0].source, "to": datasets[1].source} if datasets else None,
        )
        body = document.model_dump(
            mode="json", by_alias=True, exclude_defaults=True
        )  # a record's unset fields left out
        if datasets and document.sources:
            body["sources"] = {
                side: source.model_dump(mode="json") for side, source in document.sources.items()
            }  # every field, a null date too
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
    per_country = country_lines(countries)
    corrections = [
        f"corrections {what}: {', '.join(ids)}" for what, ids in (("added", added), ("retired", retired)) if ids
    ]
    if form == "markdown":
        lines = [f"### Dataset changes: {markdown_code(str(old))} → {markdown_code(str(new))}", ""]
        if datasets:
            lines += [
                f"- from: {markdown_text(source_line(datasets[0].source))}",
                f"- to: {markdown_text(source_line(datasets[1].source))}",
                "",
            ]
        lines += [
            summary(records),
            *(f"{line}." for line in corrections),
            "",
            *(f"- {markdown_line(r)}" for r in records),
        ]
        lines += ["", "#### Per country", "", *(f"- {line}" for line in per_country)] if per_country else []
        return escaped_lines(lines)
    sides = [(f"--- {old}", 0), (f"+++ {new}", 1)]
    lines = [head + (f"\t{source_line(datasets[i].source)}" if datasets else "") for head, i in sides]
    lines += [f"{SIGNS[r.op]} {text_line(r)}" for r in records]
    return escaped_lines(lines + [summary(records)] + [f"  {line}" for line in corrections + per_country])


def source_line(source: Source) -> str:
    """ "PC-OC Mod (2020) 03rev2, 2020-09-22, sha256 9f3c…, PC-OC-Mod-2020-03rev2.pdf": symbol,
    date, sha256 prefix, file."""
    return ", ".join(
        [source.symbol or "no symbol", str(source.date or "undated"), f"sha256 {source.sha256[:12]}", source.file]
    )


def summary(records: list[DiffRecord]) -> str:
    if not records:
        return "No changes."
    networks = [r for r in records if r.item == "network"]
    added = sum(r.op == "ADD" for r in networks)
    removed = sum(r.op == "DEL" for r in networks)
    changed = len({r.network for r in flattened(records) if r.item != "network"})
    return f"{len(records)} changes: {added} networks added, {removed} removed, {changed} changed."


def flattened(records: list[DiffRecord]) -> list[DiffRecord]:
    """The one-network records: a record of several networks (`pipeline.review.content.sections`)
    replaced by those it folds."""
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
        went = "; ".join(
            f"{code(a)} {arrow} " + ", ".join(f"{code(b)} {n}" for b, n in to.items())
            for a, to in (r.moves or {}).items()
        )
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
    return (
        f"{r.network} {r.item} {r.key}{where}: {value}"
        if r.key not in (None, value)
        else f"{r.network} {r.item}{where}: {value}"
    )


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
    if r.key:
        named = markdown_code(r.key) + (f" ({markdown_text(value)})" if value != r.key else "")
    else:
        named = markdown_text(value)
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
