"""The operations on whole rows: `drop_row` and `merge_row` (a row printed twice folded into the
other), each a model that is its handler, as in `pipeline.corrections.ops`, which registers them.
A dropped row is listed under the dataset's `dropped`, with the correction that dropped it."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from pipeline.corrections.base import Change, CorrectionBase
from pipeline.corrections.edit import lost_purpose, merged
from pipeline.corrections.target import Stale, found_network, network_index
from pipeline.models import Dataset, DatasetNetwork, DroppedNetwork, EntryTarget


class RowCorrection(CorrectionBase):
    """Drop the target row (its subclasses declare `op`), recorded among the dropped; `folded` may
    fold it into another first."""

    expect: str = Field(description="the target network's name")
    expects: ClassVar[str] = "`expect`: the target network's name"

    def into_key(self) -> str | None:
        return None

    def fixed_in(self, dataset: Dataset, previous: Dataset) -> bool:
        """The row is not printed any more (and the network it folded into is)."""
        into = getattr(self, "into", None)
        return found_network(dataset, self.target) is None and (
            into is None or found_network(dataset, into) is not None
        )

    def change(self) -> Change:
        return Change(
            ("row", self.target_key(), self.expect),
            (self.op, self.into_key()),
            f"the row of {self.network_described()}",
        )

    def apply(self, dataset: Dataset, stale: Stale) -> Dataset:
        index = network_index(dataset, self.target, stale)
        row = dataset.networks[index]
        if row.name != self.expect:
            raise stale(
                f"network '{row.id}' in section '{row.section}' is named {row.name!r}, expected {self.expect!r}"
            )
        networks, merged_into = self.folded(dataset, index, stale)
        dropped = DroppedNetwork(
            id=row.id,
            name=row.name,
            section=row.section,
            correction=self.id,
            merged_into=merged_into,
            amendments=row.amendments,
        )
        kept = [n for i, n in enumerate(networks) if i != index]
        return dataset.model_copy(update={"networks": kept, "dropped": [*dataset.dropped, dropped]})

    def folded(self, dataset: Dataset, index: int, stale: Stale) -> tuple[list[DatasetNetwork], str | None]:
        """The networks once the row at `index` is folded into another, and that other's id (None: not folded)."""
        return list(dataset.networks), None


class DropRow(RowCorrection):
    """Drop the target row (listed under `dropped`)."""

    op: Literal["drop_row"]


class MergeRow(RowCorrection):
    """Fold the target network (a row printed twice) into `into`: its entries and footnotes that
    `into` lacks are added to it, and the target row is dropped."""

    op: Literal["merge_row"]
    into: EntryTarget
    expects: ClassVar[str] = "`expect`: the target network's name; both purposes say the same"

    def into_key(self) -> str:
        return self.into.model_dump_json(exclude_none=True)

    def folded(self, dataset: Dataset, index: int, stale: Stale) -> tuple[list[DatasetNetwork], str]:
        row = dataset.networks[index]
        into = network_index(dataset, self.into, stale)
        if into == index:
            raise stale(f"merge_row would merge network '{row.id}' into itself: name the section of each")
        lost = lost_purpose(row, dataset.networks[into])
        if lost:
            raise stale(
                f"the purposes of '{row.id}' and '{dataset.networks[into].id}' differ ({lost}): "
                "correct them first, a merge keeps one"
            )
        networks = list(dataset.networks)
        networks[into] = merged(networks[into], row, self.id)
        return networks, networks[into].id
