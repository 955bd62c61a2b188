"""What the review report (`pipeline.review.report`) shows of a version, as its templates read it.

Contract:

- :func:`correction_state`: the corrections folder against the version: reasons by id, the ids
  applied, stale ones (no longer applying) and pending ones (they would, in the next build).
- :func:`country_memberships` and :class:`Matrix`: the network × country matrix (a country counts
  through its own coded entry, a territory, a subdivision or an institution of it: the `country`
  of `memberships.csv`), with each row's, each column's and the grand total of its cells.
- :func:`network_flags` and :func:`entry_flags`: what the page's status filter selects by:
  `review` (an entry `cdpc check` lists, `pipeline.normalise.problems`), `corrected` (a correction changed
  it), `count-mismatch` (a group's printed count is not the members found, `pipeline.normalise.counts`),
  `changed` (added or changed since the older version), else `unchanged`.
- :func:`diff_line`, :func:`purpose_paragraphs`, :func:`cited_elsewhere`, :func:`shown_original`:
  text as HTML, escaped; :func:`web_link`, :func:`linked_url`: a website, a footnote's URL, only
  when it may be a link (an http(s) address of a host name, a bare host name; mailto for a footnote).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import pycountry
from markupsafe import Markup, escape

from pipeline.corrections.apply import Corrections, Located, apply
from pipeline.diff.changes import applied_corrections
from pipeline.diff.records import DiffRecord, WordChange
from pipeline.diff.render import inline_words, plain_line
from pipeline.errors import StaleCorrection
from pipeline.keys import subdivision_country
from pipeline.models import Dataset, DatasetEntry, DatasetNetwork, EntryStatus, Manifest
from pipeline.normalise.counts import CountCheck, count_checks
from pipeline.normalise.problems import entry_problem
from pipeline.terminal import escaped_text

STATUSES: tuple[EntryStatus, ...] = ("coded", "unresolved", "ambiguous", "text")
COUNTRY_KINDS = ("country", "territory", "institution", "subdivision")
WORD_MARKS = ("\ue000", "\ue001", "\ue002", "\ue003")
WORD_TAGS = ("<del>", "</del>", "<ins>", "</ins>")
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
FLAGS = ("review", "corrected", "count-mismatch", "changed", "unchanged")


@dataclass(frozen=True)
class Membership:
    network: DatasetNetwork
    group: str | None
    entry: DatasetEntry


@dataclass(frozen=True)
class CorrectionState:
    """The corrections folder against the version: reasons by id, and what the version lacks."""

    reasons: dict[str, str]
    applied: list[str]
    stale: list[tuple[Located, str]]
    pending: list[Located]
    folder_matches: bool


@dataclass(frozen=True)
class Matrix:
    """Network × country: each cell the memberships through which a country is in a network."""

    countries: list[str]
    cells: dict[str, dict[str, list[Membership]]]

    def row_total(self, network: str) -> int:
        return sum(1 for found in self.cells[network].values() if found)

    def column_total(self, code: str) -> int:
        return sum(1 for row in self.cells.values() if row[code])

    @property
    def total(self) -> int:
        return sum(map(self.row_total, self.cells))


# ---------------------------------------------------------------------------------------------
# Corrections, statuses and flags
# ---------------------------------------------------------------------------------------------


def correction_state(dataset: Dataset, manifest: Manifest, corrections: Corrections) -> CorrectionState:
    """Reasons of the corrections applied, and the folder's corrections the version does not carry:
    stale ones (they no longer apply to it) and pending ones (they would, in the next build)."""
    applied = applied_corrections(dataset)
    stale, pending = [], []
    for item in corrections.items:
        if item.correction.id in applied:
            continue
        try:
            apply(dataset, item)
            pending.append(item)
        except StaleCorrection as error:
            stale.append((item, error.problem))
    reasons = {item.correction.id: item.correction.reason for item in corrections.items}
    order = {id: index for index, id in enumerate(reasons)}
    return CorrectionState(
        reasons=reasons,
        applied=sorted(applied, key=lambda id: order.get(id, len(order))),
        stale=stale,
        pending=pending,
        folder_matches=corrections.files == manifest.corrections,
    )


def retired_corrections(older: Dataset, dataset: Dataset) -> list[str]:
    """The corrections `older` carries and `dataset` no longer does (a diff record may name them)."""
    carried = set(applied_corrections(dataset))
    return [id for id in applied_corrections(older) if id not in carried]


def entries(network: DatasetNetwork) -> list[DatasetEntry]:
    return [e for g in network.groups for e in g.entries]


def status_counts(dataset: Dataset) -> dict[str, int]:
    counts = Counter(e.status for n in dataset.networks for e in entries(n))
    return {status: counts[status] for status in STATUSES}


def group_checks(dataset: Dataset) -> dict[tuple[str, str], CountCheck]:
    """The check of each group whose heading prints a count, by (network id, group label)."""
    return {(check.network, check.group): check for check in count_checks(dataset.networks)}


def entry_flags(entry: DatasetEntry, on: date | None) -> list[str]:
    """'review' when `cdpc check` lists the entry (dated `on`, the source's date), 'corrected' when a
    correction changed it."""
    return [
        flag
        for flag, has in (("review", entry_problem(entry, on)[0] is not None), ("corrected", bool(entry.amendments)))
        if has
    ]


def network_flags(
    dataset: Dataset, checks: dict[tuple[str, str], CountCheck], marks: dict[str | None, str]
) -> dict[str, list[str]]:
    """Each network's flags in FLAGS order (`checks`: its groups' printed counts, `marks`: the
    networks changed since the older version)."""
    mismatched = {check.network for check in checks.values() if not check.matches}
    flags = {}
    for network in dataset.networks:
        found = {flag for e in entries(network) for flag in entry_flags(e, dataset.source.date)}
        found |= {"corrected"} if network.amendments else set()
        found |= {"count-mismatch"} if network.id in mismatched else set()
        found |= {"changed"} if network.id in marks else set()
        flags[network.id] = [flag for flag in FLAGS if flag in found] or ["unchanged"]
    return flags


def changed_networks(records: list[DiffRecord] | None) -> dict[str | None, str]:
    """'added' or 'changed', by id of a network of the newer version the diff names."""
    marks: dict[str | None, str] = {}
    for r in records or []:
        if r.op != "DEL" or r.item != "network":
            marks[r.network] = "added" if (r.op, r.item) == ("ADD", "network") else marks.get(r.network, "changed")
    return marks


# ---------------------------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------------------------


def country_memberships(dataset: Dataset) -> dict[str, list[Membership]]:
    """Every country's memberships (by ISO 3166-1 alpha-2 code, in code order), networks in print order."""
    found: dict[str, list[Membership]] = {}
    for network in dataset.networks:
        for group in network.groups:
            for entry in group.entries:
                for code in filter(COUNTRY_CODE.match, entry_countries(entry)):
                    found.setdefault(code, []).append(Membership(network, group.label, entry))
    return dict(sorted(found.items()))


def membership_matrix(dataset: Dataset) -> Matrix:
    countries = country_memberships(dataset)
    cells = {
        n.id: {code: [m for m in found if m.network.id == n.id] for code, found in countries.items()}
        for n in dataset.networks
    }
    return Matrix(countries=list(countries), cells=cells)


def entry_countries(entry: DatasetEntry) -> list[str]:
    """The countries a coded entry stands for: its own codes, a subdivision's country."""
    if entry.status != "coded" or entry.kind not in COUNTRY_KINDS:
        return []
    return list(dict.fromkeys(subdivision_country(code) or code for code in entry.codes))


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


# ---------------------------------------------------------------------------------------------
# Text as HTML
# ---------------------------------------------------------------------------------------------


HOST = re.compile(r"(?:(?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)+[A-Za-z]{2,63}")
"""A host name as a web link needs one: dot-separated labels of letters, digits and inner
hyphens, ending in a top-level domain of letters ("www.iberred.org"; no IP address, no "localhost")."""
BARE = re.compile(r"(?P<host>[^\s/?#:]+)(?::[0-9]{1,5})?(?:[/?#]\S*)?")
"""A bare address: a host, maybe a port, maybe a path, query or fragment, no space ("www.x.org/a")."""


def web_link(url: str | None) -> str | None:
    """`url` when it may be a web link (a network's website): an http or https URL whose host is a host name
    (`HOST`), or a bare host name with maybe a path ("www.iberred.org"), taken as https; None for
    any other value (another scheme, a space, no host name: "see the annex"), shown as text."""
    if not url or url != url.strip() or any(c.isspace() for c in url):
        return None
    bare = BARE.fullmatch(url)
    if bare and HOST.fullmatch(bare["host"]):
        return f"https://{url}"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (a port that is not a number raises)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not HOST.fullmatch(parts.hostname or ""):
        return None
    return url if parts.netloc.rpartition("@")[2] == parts.netloc else None


def linked_url(url: str | None) -> str | None:
    """`url` when it may be a link (a footnote's): a web address (`web_link`) or a mailto: address;
    None for any other (javascript:, data:, file:…, "see the annex"), shown as text instead."""
    if url and ":" in url and urlsplit(url).scheme.lower() == "mailto":
        return url
    return web_link(url)


def diff_line(record: DiffRecord) -> Markup:
    """A diff record as one line of HTML, changed words in <del>/<ins>; the corrections that caused
    it are left to the page, which links each to its entry."""
    if record.words is None:
        return escape(plain_line(record))
    return Markup(f"{escape(record.network)} {escape(record.item)}: {marked_words(record.words)}")


def marked_words(words: list[WordChange]) -> Markup:
    """A text compared word by word, as HTML: escaped, its control and format characters as visible
    escapes (`pipeline.terminal.escaped_text`), the changed words in <del>/<ins>."""
    marked = str(escape(escaped_text(inline_words(words, WORD_MARKS))))
    for mark, tag in zip(WORD_MARKS, WORD_TAGS):
        marked = marked.replace(mark, tag)
    return Markup(marked)


def purpose_paragraphs(network: DatasetNetwork) -> list[Markup]:
    """The purpose blocks as HTML, with a link to each footnote where its marker was printed."""
    paragraphs = []
    for index, block in enumerate(network.purpose):
        cited = sorted(
            (f.anchor.offset, f.number)
            for f in network.footnotes
            if f.anchor.cell == "purpose" and f.anchor.block == index
        )
        parts, at = [], 0
        for offset, number in cited:
            offset = min(offset, len(block.text))
            parts += [escape(block.text[at:offset]), footnote_link(network, number)]
            at = offset
        paragraphs.append(Markup("").join([*parts, escape(block.text[at:])]))
    return paragraphs


def footnote_link(network: DatasetNetwork, number: int) -> Markup:
    return Markup(f'<sup><a href="#fn-{escape(network.id)}-{number}">{number}</a></sup>')


def cited_elsewhere(network: DatasetNetwork, cell: str) -> list[Markup]:
    """Links to the footnotes whose markers stand in the name or members cell."""
    return [footnote_link(network, f.number) for f in network.footnotes if f.anchor.cell == cell]


def shown_original(value) -> str:
    """An amendment's original value as a reviewer reads it."""
    if value is None:
        return "(none: added)"
    if isinstance(value, dict):
        codes = value.get("codes")
        text = value.get("raw") or value.get("name") or ", ".join(f"{k}: {v}" for k, v in value.items())
        return f"{text} [{', '.join(codes)}]" if codes else text
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "(none)"
    return str(value)
