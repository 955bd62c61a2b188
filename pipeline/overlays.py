"""Correction overlays: YAML files of corrections, validated, located to their line, applied in order.

A correction names its target by stable network id (and an entry by its raw text), says what it
expects to find there and what to put instead. Corrections are applied file by file (files in
name order), each file top to bottom. A correction whose target is gone, or whose expected value
is not what the source now holds, is stale: applying stops with the file, line and what was found
instead. Every corrected value keeps its original value and the correction's id (`Amendment`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError
from rapidfuzz import process

from pipeline.diff import purpose_text, word_changes
from pipeline.errors import (
    ContradictoryCorrections,
    DuplicateCorrection,
    InputMissing,
    MalformedCorrection,
    StaleCorrection,
    UncorrectedDuplicate,
)
from pipeline.models import (
    AddEntry,
    Amendment,
    Correction,
    CorrectionFile,
    Dataset,
    DatasetEntry,
    DatasetNetwork,
    DroppedNetwork,
    DropRow,
    EntryTarget,
    EntryValue,
    ManifestFile,
    MergeRow,
    Normalised,
    RemoveEntry,
    ReplaceEntry,
    ReplaceText,
    SetCodes,
    SetField,
    SetKind,
    SplitEntry,
)

CORRECTION_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Located:
    """A correction with the file and line it was written on."""

    correction: Correction
    file: Path
    line: int

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def stale(self, problem: str) -> StaleCorrection:
        c = self.correction
        return StaleCorrection(self.where, f"correction '{c.id}' ({c.op}) is stale: {problem}")


# ---------------------------------------------------------------------------------------------
# Reading correction files
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Corrections:
    """The corrections of a folder, in the order they apply, and the files they were read from."""

    folder: Path
    items: list[Located]
    files: list[ManifestFile]


def correction_files(directory: Path) -> list[Path]:
    """The YAML files of a corrections folder, in the order they are applied (by name)."""
    if not directory.is_dir():
        raise InputMissing(directory, "no such corrections folder")
    return sorted(p for p in directory.iterdir() if p.suffix in CORRECTION_SUFFIXES and p.is_file())


def load_corrections(directory: Path) -> Corrections:
    """Every correction of a folder, validated, in the order they are applied: ids are unique, and
    no two corrections change the same value (see `require_distinct`)."""
    files = correction_files(directory)
    texts = {path: path.read_bytes() for path in files}
    located = [c for path in files for c in load_correction_file(path, texts[path])]
    require_distinct(located, texts)
    hashes = [ManifestFile(path=path.name, sha256=hashlib.sha256(text).hexdigest()) for path, text in texts.items()]
    return Corrections(directory, located, hashes)


def require_distinct(located: list[Located], texts: dict[Path, bytes]) -> None:
    """Each id once; and each value changed by one correction at most: two corrections of one
    change (same target, same expected value) are a duplicate when they write the same, and a
    contradiction when not. A correction that expects what an earlier one wrote is a later step."""
    by_id: dict[str, Located] = {}
    by_change: dict[tuple, Located] = {}
    for item in located:
        first = by_id.setdefault(item.correction.id, item)
        if first is not item:
            copy = f" ({item.file.name} has the same content as {first.file.name})" if texts[item.file] == texts[first.file] and item.file != first.file else ""
            raise DuplicateCorrection(item.where, f"correction id '{item.correction.id}' is already used at {first.where}{copy}")
        change, written = change_of(item.correction)
        if change is None:
            continue
        first = by_change.setdefault(change, item)
        if first is item:
            continue
        if change_of(first.correction)[1] == written:
            raise DuplicateCorrection(item.where, f"correction '{item.correction.id}' repeats '{first.correction.id}' at {first.where}")
        raise ContradictoryCorrections(
            item.where,
            f"correction '{item.correction.id}' contradicts '{first.correction.id}' at {first.where}: "
            f"both change {describe_change(item.correction)}, to different values",
        )


def change_of(c: Correction) -> tuple[tuple | None, object]:
    """(what a correction changes: its kind, target and expected value; what it writes there).
    add_entry and remove_entry are steps that may repeat: any number may add to one place, and a
    removal makes its target name the next equal entry, which a second removal may take."""
    target = c.target.model_dump_json(exclude_none=True)
    if isinstance(c, AddEntry | RemoveEntry):
        return None, None
    if isinstance(c, SetField | ReplaceText):
        return ("field", target, c.field, c.expect), c.value
    if isinstance(c, SetCodes):
        return ("codes", target, tuple(c.expect)), tuple(c.value)
    if isinstance(c, SetKind):
        return ("kind", target, c.expect), c.value
    if isinstance(c, DropRow | MergeRow):
        return ("row", target, c.expect), (c.op, c.into.model_dump_json(exclude_none=True) if isinstance(c, MergeRow) else None)
    values = c.value if isinstance(c, SplitEntry) else [c.value]
    return ("entry", target), tuple(v.model_dump_json(exclude_none=True) for v in values)


def describe_change(c: Correction) -> str:
    t = c.target
    where = f"network '{t.network}'" + (f" ({t.section})" if t.section else "")
    if isinstance(c, SetField | ReplaceText):
        return f"the {c.field} of {where} from {c.expect!r}"
    if isinstance(c, DropRow | MergeRow):
        return f"the row of {where}"
    what = {SetCodes: "the codes of entry", SetKind: "the kind of entry"}.get(type(c), "entry")
    return f"{what} {t.entry!r} of {where}" + (f" (occurrence {t.occurrence})" if t.occurrence else "")


def load_correction_file(path: Path, data: bytes) -> list[Located]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MalformedCorrection(path, f"not UTF-8 text (byte {error.start})") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        line, problem = yaml_error_place(error, text)
        raise MalformedCorrection(f"{path}:{line}" if line else path, f"not valid YAML: {problem}") from None
    if root is None:
        raise MalformedCorrection(path, "empty file: expected a mapping with a 'corrections' list")
    if not isinstance(data, dict):
        found = {list: "a list", str: "a string"}.get(type(data), f"a value of type {type(data).__name__}")
        raise MalformedCorrection(f"{path}:{root.start_mark.line + 1}", f"expected a mapping with a 'corrections' list, found {found}")
    lines = node_lines(root)
    try:
        parsed = CorrectionFile.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        more = len(error.errors()) - 1
        field = ".".join(str(part) for part in first["loc"])
        suffix = f" (and {more} more problem{'s' * (more > 1)})" if more else ""
        raise MalformedCorrection(f"{path}:{line_of(first['loc'], lines)}", f"{field}: {first['msg']}{suffix}") from None
    return [Located(c, path, lines[("corrections", i)]) for i, c in enumerate(parsed.corrections)]


def yaml_error_place(error: yaml.YAMLError, text: str) -> tuple[int | None, str]:
    """(1-based line or None, the problem on one line) of a YAML error."""
    if isinstance(error, yaml.reader.ReaderError):
        return text.count("\n", 0, error.position) + 1, f"character U+{error.character:04X} ({error.reason})"
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    return (mark.line + 1 if mark else None), " ".join(problem.split())


def node_lines(node: yaml.Node, path: tuple = ()) -> dict[tuple, int]:
    """The 1-based line of every node of a composed YAML document, by its path of keys and indexes."""
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines |= node_lines(value, path + (key.value,))
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            lines |= node_lines(value, path + (index,))
    return lines


def line_of(loc: tuple, lines: dict[tuple, int]) -> int:
    """The line of the deepest node on a validation error's path (union tags in it are skipped)."""
    path: tuple = ()
    for part in loc:
        if path + (part,) in lines:
            path += (part,)
    return lines[path]


# ---------------------------------------------------------------------------------------------
# Applying corrections
# ---------------------------------------------------------------------------------------------


def corrected_dataset(normalised: Normalised, document: str, corrections: Corrections) -> Dataset:
    """The normalised networks with every correction applied, in order; the ids must end unique."""
    dataset = Dataset(
        document=document,
        source=normalised.source,
        networks=[DatasetNetwork.model_validate(n.model_dump()) for n in normalised.networks],
    )
    for item in corrections.items:
        dataset = apply(dataset, item)
    require_unique_ids(dataset, corrections.folder)
    return dataset


def require_unique_ids(dataset: Dataset, origin: Path) -> None:
    ids = [n.id for n in dataset.networks]
    for twice in sorted({i for i in ids if ids.count(i) > 1}):
        sections = ", ".join(n.section for n in dataset.networks if n.id == twice)
        raise UncorrectedDuplicate(
            origin, f"network '{twice}' is printed more than once (sections {sections}): add a merge_row or drop_row correction"
        )


def apply(dataset: Dataset, item: Located) -> Dataset:
    c = item.correction
    if isinstance(c, DropRow | MergeRow):
        return apply_row_correction(dataset, item)
    index = network_index(dataset, c.target, item)
    networks = list(dataset.networks)
    networks[index] = corrected_network(networks[index], item)
    return dataset.model_copy(update={"networks": networks})


def corrected_network(network: DatasetNetwork, item: Located) -> DatasetNetwork:
    c = item.correction
    if isinstance(c, SetField):
        return with_field(network, item)
    if isinstance(c, ReplaceText):
        return with_text_replaced(network, item)
    if isinstance(c, AddEntry):
        return with_entry_added(network, item)
    group_index, entry_index = entry_position(network, c.target, item)
    entries = list(network.groups[group_index].entries)
    old = entries[entry_index]
    replacement = replacement_entries(old, item)
    entries[entry_index : entry_index + 1] = replacement
    network = with_entries(network, group_index, entries)
    if not replacement:
        return amended(network, Amendment(field="entries", original=entry_value(old), correction=c.id))
    return network


def replacement_entries(old: DatasetEntry, item: Located) -> list[DatasetEntry]:
    """What a correction puts in an entry's place: nothing, one entry or several."""
    c = item.correction
    if isinstance(c, RemoveEntry):
        return []
    if isinstance(c, ReplaceEntry | SplitEntry):
        values = c.value if isinstance(c, SplitEntry) else [c.value]
        original = entry_value(old)
        return [new_entry(v, Amendment(field="entry", original=original, correction=c.id), old) for v in values]
    if isinstance(c, SetCodes):
        if old.codes != c.expect:
            raise item.stale(f"entry '{old.raw}' has codes {old.codes}, expected {c.expect}")
        status = "coded" if c.value else "unresolved"
        return [
            old.model_copy(
                update={
                    "codes": list(c.value),
                    "candidates": [],
                    "status": status,
                    "amendments": [*old.amendments, Amendment(field="codes", original=old.codes, correction=c.id)]
                    + ([Amendment(field="status", original=old.status, correction=c.id)] if status != old.status else []),
                }
            )
        ]
    if isinstance(c, SetKind):
        if old.kind != c.expect:
            raise item.stale(f"entry '{old.raw}' is of kind '{old.kind}', expected '{c.expect}'")
        return [
            old.model_copy(
                update={"kind": c.value, "amendments": [*old.amendments, Amendment(field="kind", original=old.kind, correction=c.id)]}
            )
        ]
    raise AssertionError(f"unhandled correction {c.op}")


def entry_value(entry: DatasetEntry) -> dict:
    """An entry's values as a correction's original: everything but where it stood and its history."""
    return entry.model_dump(exclude={"span", "amendments"}, exclude_defaults=True)


def new_entry(value: EntryValue, amendment: Amendment, like: DatasetEntry | None = None) -> DatasetEntry:
    """An entry of the correction's values; in place of `like`, it keeps where `like` was printed."""
    values = {
        "raw": value.raw,
        "kind": value.kind,
        "codes": list(value.codes),
        "status": value.status or ("coded" if value.codes else "text" if value.kind == "other" else "unresolved"),
        "role": value.role,
        "note": value.note,
        "candidates": [],
        "count": None,
        "amendments": [amendment],
    }
    if like is None:
        return DatasetEntry(**values)
    return like.model_copy(update=values)


def with_field(network: DatasetNetwork, item: Located) -> DatasetNetwork:
    c = item.correction
    current = getattr(network, c.field)
    if current != c.expect:
        raise item.stale(f"network '{network.id}' has {c.field} {current!r}, expected {c.expect!r}")
    network = network.model_copy(update={c.field: c.value})
    return amended(network, Amendment(field=c.field, original=current, correction=c.id))


def with_text_replaced(network: DatasetNetwork, item: Located) -> DatasetNetwork:
    c = item.correction
    if c.field == "name":
        if c.expect not in network.name:
            raise item.stale(f"{c.expect!r} is not in the name of '{network.id}', which reads {network.name!r}")
        original = network.name
        network = network.model_copy(update={"name": original.replace(c.expect, c.value)})
        return amended(network, Amendment(field="name", original=original, correction=c.id))
    hits = [i for i, block in enumerate(network.purpose) if c.expect in block.text]
    if not hits:
        raise item.stale(f"{c.expect!r} is not in the purpose of '{network.id}'")
    purpose = list(network.purpose)
    for i in hits:
        purpose[i] = purpose[i].model_copy(update={"text": purpose[i].text.replace(c.expect, c.value)})
        network = amended(network, Amendment(field=f"purpose[{i}]", original=network.purpose[i].text, correction=c.id))
    return network.model_copy(update={"purpose": purpose})


def with_entry_added(network: DatasetNetwork, item: Located) -> DatasetNetwork:
    c = item.correction
    group_index = group_position(network, c.target, item)
    entries = list(network.groups[group_index].entries)
    at = len(entries)
    if c.target.entry is not None:
        at = entry_position(network, c.target, item)[1] + 1
    entries.insert(at, new_entry(c.value, Amendment(field="entry", original=None, correction=c.id)))
    return with_entries(network, group_index, entries)


def with_entries(network: DatasetNetwork, group_index: int, entries: list[DatasetEntry]) -> DatasetNetwork:
    groups = list(network.groups)
    groups[group_index] = groups[group_index].model_copy(update={"entries": entries})
    return network.model_copy(update={"groups": groups})


def amended(network: DatasetNetwork, amendment: Amendment) -> DatasetNetwork:
    return network.model_copy(update={"amendments": [*network.amendments, amendment]})


def apply_row_correction(dataset: Dataset, item: Located) -> Dataset:
    """Drop a row, or fold it into another (merge_row): the row is recorded among the dropped."""
    c = item.correction
    index = network_index(dataset, c.target, item)
    row = dataset.networks[index]
    if row.name != c.expect:
        raise item.stale(f"network '{row.id}' in section '{row.section}' is named {row.name!r}, expected {c.expect!r}")
    networks = list(dataset.networks)
    merged_into = None
    if isinstance(c, MergeRow):
        into = network_index(dataset, c.into, item)
        if into == index:
            raise item.stale(f"merge_row would merge network '{row.id}' into itself: name the section of each")
        lost = lost_purpose(row, networks[into])
        if lost:
            raise item.stale(f"the purposes of '{row.id}' and '{networks[into].id}' differ ({lost}): correct them first, a merge keeps one")
        networks[into] = merged(networks[into], row, c.id)
        merged_into = networks[into].id
    del networks[index]
    dropped = DroppedNetwork(
        id=row.id, name=row.name, section=row.section, correction=c.id, merged_into=merged_into, amendments=row.amendments
    )
    return dataset.model_copy(update={"networks": networks, "dropped": [*dataset.dropped, dropped]})


def merged(into: DatasetNetwork, row: DatasetNetwork, correction: str) -> DatasetNetwork:
    """`into` with the groups, entries and footnotes of `row` that it lacks."""
    groups = list(into.groups)
    for group in row.groups:
        same = next((i for i, g in enumerate(groups) if g.label == group.label), None)
        if same is None:
            groups.append(group)
            continue
        known = {e.raw.casefold() for e in groups[same].entries}
        extra = [e for e in group.entries if e.raw.casefold() not in known]
        groups[same] = groups[same].model_copy(update={"entries": [*groups[same].entries, *extra]})
    sources = {f.url or f.text for f in into.footnotes}
    footnotes = [*into.footnotes, *(f for f in row.footnotes if (f.url or f.text) not in sources)]
    update = {"groups": groups, "footnotes": footnotes}
    original = {"id": row.id, "section": row.section, "name": row.name}
    return amended(into.model_copy(update=update), Amendment(field="merged", original=original, correction=correction))


def lost_purpose(row: DatasetNetwork, into: DatasetNetwork) -> str:
    """What a merge would lose of `row`'s purpose ('' when it says what `into`'s says, or nothing)."""
    if not row.purpose:
        return ""
    changes = [w for w in word_changes(purpose_text(row), purpose_text(into)) if w.op != "equal"]
    return "; ".join(f"{w.old!r} against {w.new!r}" for w in changes[:3])


# ---------------------------------------------------------------------------------------------
# Finding a correction's target
# ---------------------------------------------------------------------------------------------


def network_index(dataset: Dataset, target: EntryTarget, item: Located) -> int:
    hits = [
        i
        for i, n in enumerate(dataset.networks)
        if n.id == target.network and (target.section is None or n.section == target.section)
    ]
    if len(hits) == 1:
        return hits[0]
    if hits:
        sections = ", ".join(dataset.networks[i].section for i in hits)
        raise item.stale(f"network '{target.network}' is in several sections ({sections}): name its section")
    in_section = f" in section '{target.section}'" if target.section else ""
    ids = [n.id for n in dataset.networks]
    raise item.stale(f"no network '{target.network}'{in_section}{closest(target.network, ids)}")


def group_position(network: DatasetNetwork, target: EntryTarget, item: Located) -> int:
    """The index of the target's group: the one labelled so, or the network's only group."""
    if target.group is None:
        if len(network.groups) == 1:
            return 0
        raise item.stale(f"network '{network.id}' has {len(network.groups)} groups: name the group")
    labels = [g.label for g in network.groups]
    if target.group in labels:
        return labels.index(target.group)
    raise item.stale(f"network '{network.id}' has no group {target.group!r}{closest(target.group, [l for l in labels if l])}")


def entry_position(network: DatasetNetwork, target: EntryTarget, item: Located) -> tuple[int, int]:
    if target.entry is None:
        raise item.stale("the target names no entry")
    groups = range(len(network.groups)) if target.group is None else [group_position(network, target, item)]
    hits = [(g, e) for g in groups for e, entry in enumerate(network.groups[g].entries) if entry.raw == target.entry]
    if target.occurrence is not None:
        if target.occurrence <= len(hits):
            return hits[target.occurrence - 1]
        raise item.stale(f"entry {target.entry!r} occurs {len(hits)} time(s) in network '{network.id}', not {target.occurrence}")
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise item.stale(f"entry {target.entry!r} occurs {len(hits)} times in network '{network.id}': give its occurrence")
    raws = [e.raw for g in groups for e in network.groups[g].entries]
    raise item.stale(f"no entry {target.entry!r} in network '{network.id}'{closest(target.entry, raws)}")


def closest(wanted: str, choices: list[str]) -> str:
    """'; found instead: ' the nearest choice, or the choices when none is near, for a stale correction."""
    if not choices:
        return "; found nothing there"
    best = process.extractOne(wanted, choices)
    if best[1] >= 50:
        return f"; found instead: {best[0]!r}"
    shown = ", ".join(map(repr, choices[:8]))
    return f"; found instead: {shown}" + (f" … ({len(choices)} in all)" if len(choices) > 8 else "")
