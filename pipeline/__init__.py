"""cdpc-catalogue: the CDPC (2017) 1_rev catalogue of international judicial networks as a dataset."""

__version__ = "0.1.0"


def load(version, root="."):
    """The typed dataset (`pipeline.models.Dataset`) of a published version: a version folder,
    '<document>@<version>' or '<document>' (its latest), looked up under `root`/extracted."""
    from pathlib import Path

    from pipeline.dataset import load as load_version

    return load_version(version, Path(root))
