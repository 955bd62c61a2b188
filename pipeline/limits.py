"""The bounds on what the pipeline reads and renders outside the PDF extractor, in one settings object.

The PDF's own bounds (decompressed content, objects and drawn segments per page) are fields of
`pipeline.extract.settings.ExtractSettings`; these are the others: a correction or data file's
size and YAML nesting, the pixels the report renders a page into, the entries a root's cache
keeps, and how long a writer waits for another to finish. Each breach is one error line with its
exit code (`LimitExceeded`, `WriterBusy`). The environment variable `CDPC_LOCK_WAIT` (seconds) overrides the wait,
read when a workspace is made (`pipeline.workspace.Workspace.limits`); a reader with no workspace (the YAML
reader) holds to the defaults, which no variable changes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    yaml_file_bytes: int = 256_000
    """A correction or data file larger than this is refused unread (the project's largest: 16 KB)."""
    yaml_depth: int = 40
    """YAML nested deeper than this (mappings and lists within each other) is refused."""
    render_pixels: int = 60_000_000
    """The report renders no page into more pixels than this (an A4 page at its resolution: ~1.5 million)."""
    cache_entries: int = 64
    """Entries a root's cache (ROOT/.cache) keeps per stage, the most recently used: a build that
    writes new entries removes the older ones past this (each pipeline edit keys new entries)."""
    lock_wait: float = 120.0
    """Seconds a command waits for another writing under the same root before giving up."""


def limits_from_environment() -> Limits:
    """The defaults, with the wait read from `CDPC_LOCK_WAIT` when that is a number of seconds."""
    try:
        return Limits(lock_wait=max(float(os.environ["CDPC_LOCK_WAIT"]), 0.0))
    except (KeyError, ValueError):
        return Limits()
