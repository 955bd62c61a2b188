"""cdpc-catalogue: the CDPC (2017) 1_rev catalogue of international judicial networks as a dataset.

`pipeline.load(version, root=".")` is the typed dataset (`pipeline.models.Dataset`) of a published
version: a version folder, '<document>@<version>' or '<document>' (its latest), looked up under
`root`/extracted and verified against its manifest first.
"""

from pipeline.store import load
from pipeline.version import VERSION as __version__

__all__ = ["load", "__version__"]
