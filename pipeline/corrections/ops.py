"""Correction operations: the registry from an operation's name to its one handler.

Each operation is one pydantic model (the YAML a correction is written in, `op` its tag) whose
methods are its handler:

- `change()`: what it changes (its kind, target and expected value), what it writes there, and
  that value worded for a message, for the duplicate and contradiction checks; None for the steps
  that may repeat (`add_entry`, `remove_entry`);
- `apply(dataset, stale)`: the dataset with the correction applied. Every changed value keeps its
  original and the correction's id (`Amendment`); a target that is gone, or an expected value
  that is not what the dataset holds, raises `stale(problem)`;
- `fixed_in(dataset, previous)`: whether a new source already prints what the correction set in
  the `previous` version (the triage of a revision, `pipeline.corrections.triage`);
- `pairing()`: for `pair_network` and `new_network`, the id they give the network a row prints
  (read by `pipeline.versions.ids` before any correction applies).

Each model's docstring says what it does and its `expects` what it finds before it changes
anything: docs/corrections.md's table of operations is written from them (`scripts/cli_reference.py`).

`OPERATIONS` lists them; the discriminated `Correction` union and `CorrectionFile` (the format of
a correction file) are built from it. Adding an operation: its model here, in `OPERATIONS`, with
its test.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Union, get_args

from pydantic import Field

from pipeline.corrections.base import Change, CorrectionBase, printed
from pipeline.corrections.edit import (
    amended,
    entry_value,
    new_entry,
    with_entries,
)
from pipeline.corrections.pairing import NewNetwork, PairNetwork
from pipeline.corrections.rows import DropRow, MergeRow
from pipeline.corrections.target import (
    Stale,
    closest,
    entry_position,
    found_network,
    group_position,
    network_index,
    scope_entries,
)
from pipeline.fields import FieldName
from pipeline.models import (
    Amendment,
    Dataset,
    DatasetEntry,
    DatasetNetwork,
    EntryKind,
    EntryValue,
    PrintedCount,
    Record,
    SourceRef,
    TextField,
)
from pipeline.normalise.counts import found_members, printed_count

# ---------------------------------------------------------------------------------------------
# A network's own values
# ---------------------------------------------------------------------------------------------


class NetworkCorrection(CorrectionBase):
    """A correction of one network: the target's network, replaced by `corrected`."""

    def apply(self, dataset: Dataset, stale: Stale) -> Dataset:
        index = network_index(dataset, self.target, stale)
        networks = list(dataset.networks)
        networks[index] = self.corrected(networks[index], stale)
        return dataset.model_copy(update={"networks": networks})

    @abstractmethod
    def corrected(self, network: DatasetNetwork, stale: Stale) -> DatasetNetwork: ...


class FieldCorrection(NetworkCorrection):
    """A correction of one of the network's values (its subclasses declare `field`, `expect`, `value`)."""

    if TYPE_CHECKING:  # what the subclasses declare, each with its own type
        field: str
        expect: Any
        value: Any

    def change(self) -> Change:
        described = f"the {self.field} of {self.network_described()} from {self.expect!r}"
        return Change(("field", self.target_key(), self.field, self.expect), self.value, described)


class SetField(FieldCorrection):
    """Set the network's `field` (name, acronym, section, section_heading) to `value`."""

    op: Literal["set_field"]
    field: FieldName
    expect: str | None
    value: str | None
    expects: ClassVar[str] = "`expect`: the field's current value"

    def fixed_in(self, dataset: Dataset, previous: Dataset) -> bool:
        network = found_network(dataset, self.target)
        return network is not None and getattr(network, self.field) == self.value

    def corrected(self, network: DatasetNetwork, stale: Stale) -> DatasetNetwork:
        current = getattr(network, self.field)
        if current != self.expect:
            raise stale(f"network '{network.id}' has {self.field} {current!r}, expected {self.expect!r}")
        network = network.model_copy(update={self.field: self.value})
        return amended(network, Amendment(field=self.field, original=current, correction=self.id))


class ReplaceText(FieldCorrection):
    """Replace every occurrence of `expect` in the network's name or purpose by `value`."""

    op: Literal["replace_text"]
    field: TextField
    expect: str = Field(min_length=1)
    value: str
    expects: ClassVar[str] = "`expect` occurs in the field"

    def fixed_in(self, dataset: Dataset, previous: Dataset) -> bool:
        """The new text prints `value` at least as often as the corrected previous one (and not `expect`)."""
        new, old = found_network(dataset, self.target), found_network(previous, self.target)
        if new is None:
            return False
        count = self.text(new).count(self.value)
        return self.expect not in self.text(new) and count >= max(1, self.text(old).count(self.value) if old else 1)

    def text(self, network: DatasetNetwork) -> str:
        return network.name if self.field == "name" else "\n".join(b.text for b in network.purpose)

    def corrected(self, network: DatasetNetwork, stale: Stale) -> DatasetNetwork:
        if self.field == "name":
            if self.expect not in network.name:
                raise stale(f"{self.expect!r} is not in the name of '{network.id}', which reads {network.name!r}")
            original = network.name
            network = network.model_copy(update={"name": original.replace(self.expect, self.value)})
            return amended(network, Amendment(field="name", original=original, correction=self.id))
        hits = [i for i, block in enumerate(network.purpose) if self.expect in block.text]
        if not hits:
            raise stale(
                f"{self.expect!r} is not in the purpose of '{network.id}'"
                f"{closest(self.expect, phrases(self.text(network), self.expect))}"
            )
        purpose = list(network.purpose)
        for i in hits:
            purpose[i] = purpose[i].model_copy(update={"text": purpose[i].text.replace(self.expect, self.value)})
            network = amended(
                network, Amendment(field=f"purpose[{i}]", original=network.purpose[i].text, correction=self.id)
            )
        return network.model_copy(update={"purpose": purpose})


def phrases(text: str, like: str) -> list[str]:
    """Every run of as many words of `text` as `like` has, for the nearest to `like`."""
    words, size = text.split(), len(like.split())
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


class AddEntry(NetworkCorrection):
    """Add an entry to the target's group, after the target entry if one is named, else last."""

    op: Literal["add_entry"]
    value: EntryValue
    expects: ClassVar[str] = "the target's group (and entry, when one is named)"
    fixed_first: ClassVar[bool] = True

    def change(self) -> None:
        return None

    def fixed_in(self, dataset: Dataset, previous: Dataset) -> bool:
        return printed(self.value, scope_entries(dataset, self.target))

    def corrected(self, network: DatasetNetwork, stale: Stale) -> DatasetNetwork:
        group_index = group_position(network, self.target, stale)
        entries = list(network.groups[group_index].entries)
        at = len(entries)
        if self.target.entry is not None:
            at = entry_position(network, self.target, stale)[1] + 1
        entries.insert(at, new_entry(self.value, Amendment(field="entry", original=None, correction=self.id)))
        return with_entries(network, group_index, entries)


# ---------------------------------------------------------------------------------------------
# One entry, replaced by what `replacement` gives
# ---------------------------------------------------------------------------------------------


class EntryCorrection(NetworkCorrection):
    """A correction of the target entry: it is replaced by none, one or several entries; an entry
    removed is recorded on the network."""

    def corrected(self, network: DatasetNetwork, stale: Stale) -> DatasetNetwork:
        group_index, entry_index = entry_position(network, self.target, stale)
        entries = list(network.groups[group_index].entries)
        old = entries[entry_index]
        replacement = self.replacement(old, stale)
        entries[entry_index : entry_index + 1] = replacement
        network = with_entries(network, group_index, entries)
        if not replacement:
            return amended(network, Amendment(field="entries", original=entry_value(old), correction=self.id))
        return network

    @abstractmethod
    def replacement(self, old: DatasetEntry, stale: Stale) -> list[DatasetEntry]:
        """What the correction puts in the entry's place: nothing, one entry or several."""


class NewEntriesCorrection(EntryCorrection):
    """The entry replaced by entries the correction writes (`written`), each amended by it."""

    @abstractmethod
    def written(self) -> list[EntryValue]: ...

    def change(self) -> Change:
        values = tuple(v.model_dump_json(exclude_none=True) for v in self.written())
        return Change(("entry", self.target_key()), values, self.entry_described("entry"))

    def fixed_in(self, dataset: Dataset, previous: Dataset) -> bool:
        entries = scope_entries(dataset, self.target)
        return all(printed(value, entries) for value in self.written())

    def replacement(self, old: DatasetEntry, stale: Stale) -> list[DatasetEntry]:
        amendment = Amendment(field="entry", original=entry_value(old), correction=self.id)
        return [new_entry(v, amendment, old) for v in self.written()]


class ReplaceEntry(NewEntriesCorrection):
    """Put one entry (`value`) in the target entry's place."""

    op: Literal["replace_entry"]
    value: EntryValue
    expects: ClassVar[str] = "the target entry's raw text"

    def written(self) -> list[EntryValue]:
        return [self.value]


class SplitEntry(NewEntriesCorrection):
    """Put several entries (`value`: a list) in the target entry's place."""

    op: Literal["split_entry"]
    value: list[EntryValue] = Field(min_length=2)
    expects: ClassVar[str] = "the target entry's raw text"

    def written(self) -> list[EntryValue]:
        return self.value


class RemoveEntry(EntryCorrection):
    """Remove the target entry (recorded on the network)."""

    op: Literal["remove_entry"]
    expects: ClassVar[str] = "the target entry's raw text (and its `occurrence`)"

    def change(self) -> None:
        return None

    def fixed_in(self, dataset: Dataset, previous: Dataset) -> bool:
        """The new source prints the entry as often as the corrected previous version holds it."""

        def count(data: Dataset) -> int:
            return sum(e.raw == self.target.entry for e in scope_entries(data, self.target))

        return found_network(dataset, self.target) is not None and count(dataset) == count(previous)

    def replacement(self, old: DatasetEntry, stale: Stale) -> list[DatasetEntry]:
        return []


class SetCodes(EntryCorrection):
    """Set the target entry's codes (its status becomes coded)."""

    op: Literal["set_codes"]
    expect: list[str]
    value: list[str]
    expects: ClassVar[str] = "`expect`: the entry's current codes"

    def fixed_in(self, dataset: Dataset, previous: Dataset) -> bool:
        return any(e.codes == self.value for e in scope_entries(dataset, self.target))

    def change(self) -> Change:
        return Change(
            ("codes", self.target_key(), tuple(self.expect)),
            tuple(self.value),
            self.entry_described("the codes of entry"),
        )

    def replacement(self, old: DatasetEntry, stale: Stale) -> list[DatasetEntry]:
        if old.codes != self.expect:
            raise stale(f"entry '{old.raw}' has codes {old.codes}, expected {self.expect}")
        status = "coded" if self.value else "unresolved"
        amendments = [*old.amendments, Amendment(field="codes", original=old.codes, correction=self.id)]
        if status != old.status:
            amendments.append(Amendment(field="status", original=old.status, correction=self.id))
        return [
            old.model_copy(
                update={"codes": list(self.value), "candidates": [], "status": status, "amendments": amendments}
            )
        ]


class SetKind(EntryCorrection):
    """Set the target entry's kind."""

    op: Literal["set_kind"]
    expect: EntryKind
    value: EntryKind
    expects: ClassVar[str] = "`expect`: the entry's current kind"

    def fixed_in(self, dataset: Dataset, previous: Dataset) -> bool:
        return any(e.raw == self.target.entry and e.kind == self.value for e in scope_entries(dataset, self.target))

    def change(self) -> Change:
        return Change(("kind", self.target_key(), self.expect), self.value, self.entry_described("the kind of entry"))

    def replacement(self, old: DatasetEntry, stale: Stale) -> list[DatasetEntry]:
        if old.kind != self.expect:
            raise stale(f"entry '{old.raw}' is of kind '{old.kind}', expected '{self.expect}'")
        amendment = Amendment(field="kind", original=old.kind, correction=self.id)
        return [old.model_copy(update={"kind": self.value, "amendments": [*old.amendments, amendment]})]


class AcknowledgeCount(NetworkCorrection):
    """Acknowledge that the count a group's heading prints is not the members found under it (the
    paper's own discrepancy, e.g. CARIN's "54 Registered Member Jurisdictions" listing 36): the
    group records the correction's id and keeps its entries. Stale when the heading or the count
    found is no longer the expected one."""

    op: Literal["acknowledge_count"]
    expect: PrintedCount
    expects: ClassVar[str] = "`expect`: `{printed: 54, found: 36}`, the count the heading prints and the members found"

    def fixed_in(self, dataset: Dataset, previous: Dataset) -> bool:
        """The new source's group lists as many members as its heading prints."""
        network = found_network(dataset, self.target)
        if network is None:
            return False
        return any(
            printed_count(g) == found_members(network, g) for g in network.groups if g.label == self.target.group
        )

    def change(self) -> Change:
        described = f"the count of group {self.target.group!r} of {self.network_described()}"
        return Change(("count", self.target_key()), (self.expect.printed, self.expect.found), described)

    def corrected(self, network: DatasetNetwork, stale: Stale) -> DatasetNetwork:
        index = group_position(network, self.target, stale)
        group = network.groups[index]
        now = PrintedCount(printed=printed_count(group) or 0, found=found_members(network, group))
        if now != self.expect:
            raise stale(
                f"group {group.label!r} of '{network.id}' prints {now.printed} and lists {now.found}, "
                f"expected {self.expect.printed} and {self.expect.found}"
            )
        groups = list(network.groups)
        groups[index] = group.model_copy(update={"count_acknowledged": self.id})
        return network.model_copy(update={"groups": groups})


# ---------------------------------------------------------------------------------------------
# The registry, and the file format built from it
# ---------------------------------------------------------------------------------------------

OPERATIONS: dict[str, type[CorrectionBase]] = {
    get_args(handler.model_fields["op"].annotation)[0]: handler
    for handler in (
        SetField,
        ReplaceText,
        ReplaceEntry,
        SplitEntry,
        RemoveEntry,
        AddEntry,
        SetCodes,
        SetKind,
        AcknowledgeCount,
        MergeRow,
        DropRow,
        PairNetwork,
        NewNetwork,
    )
}

if TYPE_CHECKING:  # mypy reads no union built at run time: to it, a correction is any operation
    Correction = CorrectionBase
else:
    Correction = Annotated[Union[tuple(OPERATIONS.values())], Field(discriminator="op")]  # noqa: UP007  (a union of a tuple built at run time: `X | Y` cannot spell it)


class CorrectionFile(Record):
    """A correction file: the source it was written for (its symbol or sha256), and its corrections."""

    source: SourceRef | None = Field(default=None, description="the source the corrections were written for")
    corrections: list[Correction]
