"""The pairing operations: the id a network a new source prints is published under.

`pair_network` gives it the id an earlier version published it under (a rename the automatic
pairing of `pipeline.versions.ids` missed, or got wrong); `new_network` says it is new. `pipeline.versions.ids` reads
them (`pairing()`) before any correction applies; applying one checks that it took effect.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from pipeline.corrections.base import Change, CorrectionBase
from pipeline.corrections.target import Stale, closest, found_network
from pipeline.models import Dataset


class PairingCorrection(CorrectionBase):
    """The id of the network the target row prints (`target.network`: the id its row gives it);
    `pipeline.versions.ids` gives it before any correction applies, and applying it checks that it did."""

    def change(self) -> Change:
        pairing = self.pairing()
        assert pairing is not None, "a pairing operation gives its pairing"
        return Change(
            ("pair", self.target.network), pairing[1:], f"the id of the network printed as '{self.target.network}'"
        )

    def apply(self, dataset: Dataset, stale: Stale) -> Dataset:
        if any(k.printed == self.target.network and k.correction == self.id for k in dataset.ids):
            return dataset
        printed = [k.printed for k in dataset.ids] + [n.id for n in dataset.networks]
        raise stale(f"no network printed as '{self.target.network}'{closest(self.target.network, printed)}")

    def target_found(self, dataset: Dataset) -> bool:
        return (
            any(k.printed == self.target.network for k in dataset.ids)
            or found_network(dataset, self.target) is not None
        )


class PairNetwork(PairingCorrection):
    """Publish the network the target row prints under `value`, the id an earlier version gave it (a
    rename the automatic pairing missed, or paired with another network)."""

    op: Literal["pair_network"]
    value: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="the id an earlier version published it under")
    expects: ClassVar[str] = "`target.network`: the id the new row prints"

    def pairing(self) -> tuple[str, str | None, bool]:
        return self.target.network, self.value, False


class NewNetwork(PairingCorrection):
    """The network the target row prints is new: no earlier network's id; `value` gives it an id of
    its own when its printed one was published for another network."""

    op: Literal["new_network"]
    value: str | None = Field(
        default=None, pattern=r"^[a-z0-9][a-z0-9-]*$", description="its id (default: the printed one)"
    )
    expects: ClassVar[str] = "`target.network`: the id the new row prints"

    def pairing(self) -> tuple[str, str | None, bool]:
        return self.target.network, self.value, True
