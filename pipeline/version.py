"""The pipeline's version: declared here once, read by pyproject.toml (`[tool.setuptools.dynamic]`)
for the distribution, so that the installed metadata and this constant cannot differ.

Low-level on purpose: the manifest of every dataset version records it, and `pipeline.__version__`
reads it from here. A literal, not `importlib.metadata.version()`, which scans the environment's
distributions (a tenth of the time `cdpc extract` takes).
"""

from __future__ import annotations

VERSION = "0.1.0"
