"""Relations between networks resolve through the networks, not through the name a row prints:
Eurojust renamed in 2020 keeps CARIN's observer and JIT's host; a relation to a network of the
catalogue that no row of the source is, is a problem `cdpc check` lists, never dropped silently."""

from __future__ import annotations

import pytest

from pipeline.normalise.networks import normalise
from pipeline.normalise.problems import problems
from tests.support import run_cdpc

EUROJUST_2020 = "eurojust-european-union-agency-for-criminal-justice-cooperation"


def relations(normalised) -> set[tuple[str, str, str]]:
    return {(r.source, r.kind, r.target) for n in normalised.networks for r in n.relations}


def row_named(extraction, start: str) -> int:
    return next(i for i, row in enumerate(extraction.rows) if row.name.startswith(start))


@pytest.fixture(scope="module")
def revision(revision_2020):
    return normalise(revision_2020)


def test_relations_to_eurojust_survive_its_2020_rename(revision):
    """2020 prints "EUROJUST (European Union Agency for Criminal Justice Cooperation)": its row's id is
    the whole name's slug, and the gazetteer's "Eurojust" leads to it."""
    assert EUROJUST_2020 in {n.id for n in revision.networks}
    assert {
        ("carin", "observer", EUROJUST_2020),
        (EUROJUST_2020, "hosts", "jit"),
        (EUROJUST_2020, "partner", "ejn"),
    } <= relations(revision)
    assert [p.candidates for p in revision.missing_targets] == [
        ["wbpn"]
    ]  # EJN names the WBPN, which 2020 does not catalogue


def test_a_network_renamed_under_a_parenthesised_name_the_gazetteer_knows_keeps_its_relations(revision_2020):
    jit = row_named(revision_2020, "Network of National Experts on Joint Investigation Teams")
    rows = list(revision_2020.rows)
    rows[jit] = rows[jit].model_copy(update={"name": "Joint Investigation Teams Network (JITs Network)"})
    renamed = normalise(revision_2020.model_copy(update={"rows": rows}))
    new_id = renamed.networks[jit].id
    assert new_id == "joint-investigation-teams-network-jits-network"
    assert (EUROJUST_2020, "hosts", new_id) in relations(renamed)


def test_a_relation_to_a_catalogued_network_no_row_is_is_a_problem_not_dropped(revision_2020):
    rows = [row for row in revision_2020.rows if not row.name.startswith("EUROJUST")]
    normalised = normalise(revision_2020.model_copy(update={"rows": rows}))
    assert not [r for r in relations(normalised) if "eurojust" in r[0] + r[2]]
    missing = [
        (p.network, p.group, p.raw, p.status, p.candidates)
        for p in problems(normalised)
        if p.candidates == ["eurojust"]
    ]
    assert missing == [
        ("jit", None, "It is hosted and funded by Eurojust.", "relation_target_missing", ["eurojust"]),
        ("carin", "9 Observer International Organisations", "EUROJUST", "relation_target_missing", ["eurojust"]),
        ("ejcn", None, "Its secretariat is hosted and supported by Eurojust.", "relation_target_missing", ["eurojust"]),
    ]


def test_cdpc_check_lists_a_relation_whose_target_no_row_is(revision_2020, tmp_path):
    extraction = tmp_path / "catalogue_2020.json"
    extraction.write_text(revision_2020.model_dump_json())
    done = run_cdpc("check", extraction)
    assert done.returncode == 1, done.stderr
    lines = [line.split("\t") for line in done.stdout.splitlines() if "\trelation_target_missing\t" in line]
    assert [(f[1], f[4], f[5]) for f in lines] == [("ejn", "relation_target_missing", "wbpn")]
    assert "Western Balkans Prosecutor" in lines[0][3] and "no row of this source" in lines[0][6]
