"""Normalisation of the bundled paper: a hand-checked golden list of every member, coverage, relations, the CLI."""

from __future__ import annotations

import json

import pytest

from pipeline.normalise.gazetteer import lexicon
from pipeline.normalise.networks import normalise, to_json
from pipeline.normalise.problems import problems
from tests.support import GOLDEN, PAPER, run_cdpc

GOLDEN_MEMBERS = GOLDEN / "normalised_members.json"


def entry_line(entry) -> str:
    """One member as a reviewer reads it: raw => kind, status, codes or candidates, role, count."""
    codes = "|".join(entry.codes or entry.candidates) or "-"
    extras = [f"role={entry.role}"] * bool(entry.role) + [f"count={entry.count}"] * (entry.count is not None)
    return " ".join([f"{entry.raw} => {entry.kind} {entry.status} {codes}", *extras])


def members_view(normalised) -> dict:
    return {
        network.id: [
            {"group": g.label, "count": g.count, "parent": g.parent, "entries": [entry_line(e) for e in g.entries]}
            for g in network.groups
        ]
        for network in normalised.networks
    }


@pytest.fixture(scope="module")
def paper(paper_extraction):
    return normalise(paper_extraction)


def all_entries(normalised):
    return [e for n in normalised.networks for g in n.groups for e in g.entries]


def test_every_member_of_the_paper_is_coded_as_in_the_hand_checked_golden_file(paper):
    assert members_view(paper) == json.loads(GOLDEN_MEMBERS.read_text(encoding="utf-8"))


def test_at_least_97_percent_of_country_and_territory_mentions_are_coded_automatically(paper):
    geo = [e for e in all_entries(paper) if e.kind in ("country", "territory", "subdivision")]
    doubtful = [e for e in all_entries(paper) if e.status in ("unresolved", "ambiguous")]
    coded = [e for e in geo if e.status == "coded"]
    # every doubtful entry counts as a missed country mention: the figure can only be understated
    assert len(coded) / (len(coded) + len(doubtful)) >= 0.97


def test_the_papers_slips_come_out_unresolved_or_ambiguous_never_coded(paper):
    found = {(p.raw, p.status, tuple(p.candidates)) for p in problems(paper)}
    assert ("Green Cape", "unresolved", ()) in found
    assert ("Congo", "ambiguous", ("CG", "CD")) in found
    assert ("Korea", "ambiguous", ("KR", "KP")) in found


def test_relations_between_catalogued_networks_are_found_in_purposes_and_member_lists(paper):
    relations = {(r.source, r.kind, r.target) for n in paper.networks for r in n.relations}
    assert {("iap", "hosts", t) for t in ("gpen", "tipp", "ctpn", "nacp")} <= relations
    assert ("eurojust", "partner", "ejn") in relations
    assert ("carin", "observer", "eurojust") in relations
    assert ("eurojust", "hosts", "jit") in relations


def test_every_relation_links_two_networks_of_the_catalogue(paper):
    ids = {n.id for n in paper.networks}
    assert all(r.source in ids and r.target in ids for n in paper.networks for r in n.relations)


def test_network_ids_are_unique_and_the_gazetteer_names_each_catalogued_network_by_its_id(paper):
    ids = [n.id for n in paper.networks]
    assert len(ids) == len(set(ids))
    lex = lexicon()
    for network in paper.networks:
        for ent in lex.nlp(network.acronym or "").ents:
            meaning = lex.meaning(ent)
            if meaning.kind == "network" and ent.text == network.acronym:
                assert meaning.codes[0] == network.id or network.acronym == "ACN"


def test_rows_get_id_name_acronym_and_section(paper):
    carin = next(n for n in paper.networks if n.id == "carin")
    assert (carin.name, carin.acronym, carin.section) == (
        "Camden Assets Recovery Interagency Network",
        "CARIN",
        "european",
    )
    eurojust = next(n for n in paper.networks if n.id == "eurojust")
    assert eurojust.acronym is None
    assert {n.section for n in paper.networks} == {"european", "non_european"}


def test_purpose_terms_and_years_of_establishment_are_read(paper):
    by_id = {n.id: n for n in paper.networks}
    assert {"terrorism", "money_laundering", "drug_trafficking", "corruption"} <= set(
        by_id["eurojust"].terms.crime_areas
    )
    assert {"extradition", "mutual_legal_assistance"} <= set(by_id["pc-oc"].terms.instruments)
    assert by_id["iap"].terms.years == [1995]
    assert by_id["gpen"].terms.years == [2008]


def test_normalising_twice_gives_byte_identical_json(paper, paper_extraction):
    assert to_json(normalise(paper_extraction)) == to_json(paper)


def test_cli_normalise_gives_the_same_json_from_the_pdf_and_from_the_extraction(tmp_path):
    extracted = tmp_path / "extracted.json"
    assert run_cdpc("extract", PAPER, "-o", extracted, "--quiet").returncode == 0
    from_pdf, from_json = tmp_path / "a.json", tmp_path / "b.json"
    assert run_cdpc("normalise", PAPER, "-o", from_pdf).returncode == 0
    assert run_cdpc("normalise", extracted, "-o", from_json).returncode == 0
    assert from_pdf.read_bytes() == from_json.read_bytes()


def test_cli_check_lists_each_unresolved_or_ambiguous_member_with_page_and_exits_1():
    done = run_cdpc("check", PAPER)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert "p18\tglrjcn\t-\tCongo\tambiguous\tCG, CD" in lines
    assert (
        "p5\tcarin\t9 Observer International Organisations\tRRAG Secretariat\tunresolved\t-\tcontains names coded rrag"
        in lines
    )
    assert (
        len([line for line in lines if not line.endswith("count mismatch")]) == 7
    )  # the printed counts: tests/export/test_export_paper.py


def test_cli_check_exits_0_when_every_member_is_coded(tmp_path, paper_extraction):
    clean = paper_extraction.model_copy(update={"rows": paper_extraction.rows[:1]})
    path = tmp_path / "bes.json"
    path.write_text(clean.model_dump_json(), encoding="utf-8")
    done = run_cdpc("check", path)
    assert (done.returncode, done.stdout) == (0, "")


def test_cli_refuses_a_file_that_is_neither_a_pdf_nor_an_extraction(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text('{"hello": 1}', encoding="utf-8")
    done = run_cdpc("normalise", path)
    assert done.returncode == 9
    assert "neither a PDF nor the JSON of `cdpc extract`" in done.stderr


def test_a_rendering_without_bold_sub_headings_gives_the_same_groups_and_entries(paper, paper_extraction, tmp_path):
    from pipeline.extract import extract_pdf
    from rendering import render

    plain_rows = [
        row.model_copy(update={"members": [b.model_copy(update={"style": "text"}) for b in row.members]})
        for row in paper_extraction.rows
    ]
    render(paper_extraction.model_copy(update={"rows": plain_rows}), tmp_path / "plain.pdf")
    assert members_view(normalise(extract_pdf(tmp_path / "plain.pdf"))) == members_view(paper)
