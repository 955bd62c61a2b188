"""cdpc-catalogue: the CDPC (2017) 1_rev catalogue of international judicial networks as a dataset.

`pipeline.load(version, root=".")` (or `from pipeline import load`) is the typed dataset
(`pipeline.models.Dataset`) of a published version: a version folder, '<document>@<version>' or
'<document>' (its latest), looked up under `root`/extracted and verified against its manifest first.
`pipeline.__version__` is the pipeline's version.

Importing the package imports nothing else: each public name is imported when first used (a
module `__getattr__`), so a command pays only for the modules it runs (`cdpc build` when up to
date loads no dataset model, no PDF library and no spaCy).

The folders follow the flow, each stage a package importing only the ones before it
(tests/test_architecture.py holds them to it):

    (this folder)  the core every stage shares: `models`, `errors`, `files`, `keys`, `columns`,
                   `fields`, `limits`, `yamlfiles`, ...; `workspace`, the context each stage is
                   handed; and the command line (`cli`, `streams`, `outputs`)
    extract/       PDF -> catalogue rows with provenance
    normalise/     rows -> networks with typed, coded members, purpose terms, relations; checks
    diff/          what changed between two versions
    corrections/   YAML corrections applied to the records, a new source's triage
    export/        a version's files (JSON, CSV, SQLite, datapackage, FollowTheMoney)
    versions/      the build and the version store under ROOT/extracted
    review/        `cdpc build`'s summary, the reviewed diff, the HTML review report
    site/          the public website of a version
"""

from __future__ import annotations

__all__ = ["load", "__version__"]


def __getattr__(name: str):
    if name == "load":
        from pipeline.versions.store import load

        return load
    if name == "__version__":
        from pipeline.version import VERSION

        return VERSION
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
