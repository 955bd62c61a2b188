"""Data assertions that stop a bad publish: records that cannot be what they claim.

Run on the corrected dataset just before it is published (zavod-style assertions): a network
without a name, an id that is empty or made only of punctuation, a row with neither purpose nor
members. Each is a finding naming the page the row is printed on; the first stops the build
(`ImplausibleRecord`), so a published version never holds a silent empty value.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import ImplausibleRecord
from pipeline.models import Dataset, DatasetNetwork


def findings(network: DatasetNetwork) -> list[str]:
    """What is implausible about one network's record (nothing when it is sound)."""
    found = []
    if not network.name.strip():
        found.append("a network without a name")
    if not any(c.isalnum() for c in network.id):
        found.append(f"an id {network.id!r} that is empty or only punctuation")
    if not any(b.text.strip() for b in network.purpose) and not any(g.entries for g in network.groups):
        found.append("a row with neither purpose nor members")
    return found


def require_plausible(dataset: Dataset, source: Path | str) -> None:
    """Raise ImplausibleRecord, naming the page, for the first network with a finding."""
    for position, network in enumerate(dataset.networks, start=1):
        found = findings(network)
        if found:
            pages = ", ".join(map(str, network.provenance.pages)) or "unknown"
            shown = network.name.strip() or network.id or f"row {position}"
            raise ImplausibleRecord(
                source,
                f"page {pages}: {shown!r}: {'; '.join(found)}; nothing published (fix the PDF or add a correction)",
            )
