"""The pipeline's version, as its installed distribution declares it (pyproject.toml's `version`).

Low-level on purpose: the manifest of every dataset version records it, and `pipeline.__version__`
reads it from here.
"""

from __future__ import annotations

from importlib import metadata

DISTRIBUTION = "cdpc-catalogue"
VERSION = metadata.version(DISTRIBUTION)
