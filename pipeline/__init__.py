"""cdpc-catalogue: the CDPC (2017) 1_rev catalogue of international judicial networks as a dataset.

`pipeline.load(version, root=".")` (or `from pipeline import load`) is the typed dataset
(`pipeline.models.Dataset`) of a published version: a version folder, '<document>@<version>' or
'<document>' (its latest), looked up under `root`/extracted and verified against its manifest first.
`pipeline.__version__` is the pipeline's version.

Importing the package imports nothing else: each public name is imported when first used (a
module `__getattr__`), so a command pays only for the modules it runs (`cdpc build` when up to
date loads no dataset model, no PDF library and no spaCy).
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
