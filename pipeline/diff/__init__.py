"""What changed between two dataset versions, computed from the versions alone.

The package owns comparing two `pipeline.models.Dataset`s. Its modules, lowest first:

- `records`: the records a diff is made of (`DiffRecord`, `WordChange`, `CountryChange`, and
  `DiffDocument`, what `cdpc diff --format json` writes);
- `words`: texts compared word by word (`word_changes`; a purpose as its run of words, `purpose_text`);
- `members`: the member groups of two versions of one network compared (`member_changes`);
- `pairing`: which network of one version is which of the other (`paired_networks`, `similarity`,
  `RENAME_THRESHOLD`), also read by the build to keep a network's id;
- `changes`: the records of every change (`dataset_diff`, `network_changes`, `country_changes`,
  `applied_corrections`);
- `render`: the records as text, markdown or JSON (`rendered_diff`, `diff_schema_json`).

Those names are the package's exports, each imported from its module when first used (importing
the package imports none of them). The diff knows nothing of corrections files, the store or the
review report: the later stages read it.
"""

from __future__ import annotations

from pipeline.lazy import lazy_exports

EXPORTS = {
    "DiffRecord": "pipeline.diff.records",
    "WordChange": "pipeline.diff.records",
    "CountryChange": "pipeline.diff.records",
    "DiffDocument": "pipeline.diff.records",
    "word_changes": "pipeline.diff.words",
    "purpose_text": "pipeline.diff.words",
    "member_changes": "pipeline.diff.members",
    "paired_networks": "pipeline.diff.pairing",
    "similarity": "pipeline.diff.pairing",
    "RENAME_THRESHOLD": "pipeline.diff.pairing",
    "dataset_diff": "pipeline.diff.changes",
    "network_changes": "pipeline.diff.changes",
    "country_changes": "pipeline.diff.changes",
    "applied_corrections": "pipeline.diff.changes",
    "rendered_diff": "pipeline.diff.render",
    "diff_schema_json": "pipeline.diff.render",
}
"""The package's names, by the module each is imported from."""

__all__ = sorted(EXPORTS)
__getattr__ = lazy_exports(__name__, EXPORTS)
