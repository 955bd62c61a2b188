"""cdpc-catalogue: the CDPC (2017) 1_rev catalogue of international judicial networks as a dataset."""

__version__ = "0.1.0"
