"""The 2020 revision of the catalogue (PC-OC Mod (2020) 03rev2) as fixture content, and its PDF.

`catalogue_2020_extraction()` reads the reconstructed content (`tests/fixtures/catalogue_2020.json`,
described in `tests/fixtures/catalogue_2020.md`: 40 rows in 5 sections, a website under every
name); `render_2020(path, variant)` prints it with one of `LAYOUTS_2020` and returns the
`Placement`. For example, a test wanting the revision as a PDF::

    from rendering import LAYOUTS_2020, catalogue_2020_extraction, render, render_2020

    render_2020(tmp_path / "PC-OC-Mod-2020-03rev2.pdf")                  # the default printing
    render_2020(tmp_path / "raised.pdf", "footer_raised")                # a later printing
    render(catalogue_2020_extraction(), tmp_path / "x.pdf", LAYOUTS_2020["default"])  # the same, by hand
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pipeline.models import Extraction
from rendering.layouts import LAYOUTS_2020
from rendering.pagination import Placement
from rendering.painting import render

CATALOGUE_2020 = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "catalogue_2020.json"
"""The reconstructed content of the 2020 revision, an `Extraction` as JSON."""


@lru_cache(maxsize=1)
def catalogue_2020_extraction() -> Extraction:
    """The 2020 revision's content: what extracting any of its renderings must give back."""
    return Extraction.model_validate_json(CATALOGUE_2020.read_text(encoding="utf-8"))


def render_2020(path: str | Path, variant: str = "default") -> Placement:
    """Write the 2020 revision as a PDF at `path`, printed as `LAYOUTS_2020[variant]`."""
    return render(catalogue_2020_extraction(), path, LAYOUTS_2020[variant])
