"""What every correction operation is: its fields (id, target, reason, author, date) and the
methods each operation's model implements (`pipeline.corrections.ops` says what each does).
"""

from __future__ import annotations

import datetime
from abc import abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from pydantic import Field

from pipeline.corrections.target import Stale, target_found
from pipeline.models import Dataset, DatasetEntry, EntryTarget, EntryValue, Record


@dataclass(frozen=True)
class Change:
    """What a correction changes (kind, target, expected value), what it writes, and the changed value in words."""

    key: tuple
    written: object
    described: str


class CorrectionBase(Record):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    target: EntryTarget
    reason: str = Field(min_length=1)
    author: str = Field(min_length=1)
    date: datetime.date

    expects: ClassVar[str]
    if TYPE_CHECKING:  # each operation declares its `op`, the Literal of its name
        op: str
    fixed_first: ClassVar[bool] = False  # the triage asks `fixed_in` before applying (an addition always applies)

    @abstractmethod
    def change(self) -> Change | None: ...

    @abstractmethod
    def apply(self, dataset: Dataset, stale: Stale) -> Dataset: ...

    def fixed_in(self, dataset: Dataset, previous: Dataset) -> bool:
        """Whether `dataset` (a new source, uncorrected) prints what this correction set in `previous`."""
        return False

    def target_found(self, dataset: Dataset) -> bool:
        return target_found(dataset, self.target)

    def pairing(self) -> tuple[str, str | None, bool] | None:
        """For the pairing ops: (printed id, the id to publish it under or None for the printed one,
        whether it is new)."""
        return None

    def target_key(self) -> str:
        return self.target.model_dump_json(exclude_none=True)

    def network_described(self) -> str:
        t = self.target
        return f"network '{t.network}'" + (f" ({t.section})" if t.section else "")

    def entry_described(self, what: str) -> str:
        t = self.target
        return f"{what} {t.entry!r} of {self.network_described()}" + (
            f" (occurrence {t.occurrence})" if t.occurrence else ""
        )


def printed(value: EntryValue, entries: list[DatasetEntry]) -> bool:
    """Whether an entry like `value` is among `entries`: by codes when it has some, else raw text and kind."""
    if value.codes:
        return any(e.codes == value.codes for e in entries)
    return any(e.raw.casefold() == value.raw.casefold() and e.kind == value.kind for e in entries)
