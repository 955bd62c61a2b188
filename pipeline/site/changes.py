"""A record of a version's `changes` table as a line of the site, in the page's language.

The line says what changed in the interface's words (`pipeline.site.text`: `item_*`, `terms_*`,
`relation_*`), not in `cdpc diff`'s, which are English: a network's id and the data's identifiers
(terms, kinds, codes) as code, the texts the paper prints marked with its language on a page in
another (:func:`printed_text`), a text's changed words in <del>/<ins> as `cdpc diff` finds them.
The Atom feed's summaries name what changed in the same words (:func:`change_summary`).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from pipeline.diff.records import DiffRecord
from pipeline.review.content import marked_words
from pipeline.review.report import visible
from pipeline.site.text import PRINTED, TEXT

IDENTIFIERS = ("terms", "kind", "codes")
"""The items whose values are the data's identifiers (a term, a kind of entry, codes), shown as code."""
ADDRESSES = ("sources",)
"""The items whose values are web addresses, in no language."""


def printed_text(text: str | None, language: str) -> Markup:
    """A network's text as printed, on a page in `language`: marked with the language it is
    printed in where that differs (WCAG 3.1.2, language of parts)."""
    shown = escape(visible(text or ""))
    return Markup('<span lang="{}">{}</span>').format(PRINTED, shown) if language != PRINTED and text else shown


def code(name: object) -> Markup:
    return Markup("<code>{}</code>").format(visible(str(name)))


def change_line(record: DiffRecord, language: str) -> Markup:
    """The record as one line of HTML in `language` (the operation, said by the page, before it)."""
    t = TEXT[language]
    r = record
    item = t[f"item_{r.item}"]
    if r.network is None:  # a reviewer's record of several networks
        networks = ", ".join(code(f.network) for f in r.folded)
        return Markup("{} {} ({}){} {} → {}").format(
            item,
            t["in_networks"].format(count=len(r.folded)),
            Markup(networks),
            t["colon"],
            value(r.old, r.item, language),
            value(r.new, r.item, language),
        )
    if r.item == "network":
        return Markup("{} {}{} {}").format(item, code(r.network), t["colon"], printed_text(r.new or r.old, language))
    head = Markup("{} {}").format(code(r.network), item)
    if r.item == "terms" and r.key:
        head = Markup("{} ({})").format(head, t.get(f"terms_{r.key}", r.key))
    if r.words is not None:
        words = marked_words(r.words)
        if language != PRINTED:
            words = Markup('<span lang="{}">{}</span>').format(PRINTED, words)
        renamed = Markup(" ({} {})").format(t["was"], code(r.old_network)) if r.old_network else ""
        return Markup("{}{} {}{}").format(head, t["colon"], words, renamed)
    if r.item == "relation":
        return Markup("{}{} {}").format(head, t["colon"], relation(r.new or r.old, language))
    shown = r.new if r.op == "ADD" else r.old
    key = (
        Markup(" {}").format(printed_text(r.key, language))
        if r.key not in (None, "", shown) and r.item != "terms"
        else ""
    )
    where = Markup(" [{}]").format(printed_text(r.group, language)) if r.group and r.op != "MOD" else ""
    if r.op == "MOD":
        change = Markup("{} → {}").format(value(r.old, r.item, language), value(r.new, r.item, language))
    else:
        change = value(shown, r.item, language)
    return Markup("{}{}{}{} {}").format(head, key, where, t["colon"], change)


def value(found: object, item: str, language: str) -> Markup:
    """An old or new value: none said so, a list its values, an identifier as code, an address as
    itself, any other as the paper prints it."""
    if found is None or found == []:
        return escape(TEXT[language]["none"])
    if isinstance(found, list):
        return Markup(", ").join(value(v, item, language) for v in found)
    if item in IDENTIFIERS:
        return code(found)
    if item in ADDRESSES or not isinstance(found, str):
        return escape(visible(str(found)))
    return printed_text(found, language)


def relation(key: object, language: str) -> Markup:
    """A relation's key, "source kind target", with its kind in `language`'s words."""
    parts = str(key).split(" ")
    said = TEXT[language].get(f"relation_{parts[1]}") if len(parts) == 3 else None
    if said is None:
        return escape(visible(str(key)))
    return Markup("{} {} {}").format(code(parts[0]), said, code(parts[2]))


def change_summary(record: DiffRecord, language: str) -> str:
    """What a record changed, as the feed's summary names it: its network and item."""
    item = TEXT[language][f"item_{record.item}"]
    if record.network is None:
        return item
    return f"{item} {record.network}" if record.item == "network" else f"{record.network} {item}"
