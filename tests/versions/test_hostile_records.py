"""Records that cannot be what they claim stop the build, naming the page (`pipeline.versions.assertions`):
a network whose printed name is only punctuation (so no name and no id), a row printed with a name
but neither purpose nor members. Real PDFs, rendered from the 2020 fixture with one row changed,
built by the real CLI; nothing is written.
"""

from __future__ import annotations

import pytest

from pipeline.models import DatasetNetwork, Extraction
from pipeline.versions.assertions import findings
from rendering import render
from tests.builders import CATALOGUE_2020, refused
from tests.support import run_cdpc

CHANGES = {
    "punctuation_name": ({"name": "— * —"}, "an id '' that is empty or only punctuation"),
    "no_purpose_no_members": (
        {"purpose": [], "members": []},
        "'European Judicial Training Network': a row with neither purpose nor members",
    ),
}


@pytest.mark.parametrize("case", CHANGES)
def test_an_implausible_record_stops_the_build_naming_its_page(tmp_path, case):
    change, message = CHANGES[case]
    fixture = Extraction.model_validate_json(CATALOGUE_2020.read_bytes())
    rows = fixture.rows[2:6]
    rows[2] = rows[2].model_copy(update=change)
    render(
        fixture.model_copy(update={"rows": rows, "front_matter": fixture.front_matter[:2], "footnotes": []}),
        tmp_path / "paper.pdf",
    )
    (tmp_path / "corrections").mkdir()
    done = run_cdpc(
        "build", tmp_path / "paper.pdf", "--corrections", tmp_path / "corrections", "--root", tmp_path / "root"
    )
    refused(done, 44, "paper.pdf: page 1", message, "nothing published")
    assert not (tmp_path / "root").exists()


def test_a_sound_record_has_no_finding():
    network = {
        "id": "ejn",
        "name": "European Judicial Network",
        "acronym": "EJN",
        "section": "european",
        "section_heading": "4.1",
        "purpose": [{"text": "Judicial cooperation.", "style": "text", "boxes": []}],
        "terms": {},
        "groups": [],
        "relations": [],
        "footnotes": [],
        "provenance": {"pages": [3], "cells": {}},
    }
    assert findings(DatasetNetwork.model_validate(network)) == []
    blank = DatasetNetwork.model_validate(network | {"id": "-", "name": " ", "purpose": []})
    assert findings(blank) == [
        "a network without a name",
        "an id '-' that is empty or only punctuation",
        "a row with neither purpose nor members",
    ]
