"""The keys made from printed text and codes (`pipeline.keys`)."""

from __future__ import annotations

from pipeline.keys import fold, slug, subdivision_country


def test_fold_keeps_every_offset():
    assert fold("Côte d’Ivoire – Réunion") == "Cote d'Ivoire - Reunion"


def test_slug_folds_and_joins_every_run_of_other_characters():
    assert slug("CDPC (2017) 1_rev") == "cdpc-2017-1-rev"
    assert slug(" Non-European ", "_") == "non_european"
    assert slug("Réseau judiciaire (EJN)") == "reseau-judiciaire-ejn"


def test_a_subdivision_code_names_its_country_and_a_country_code_none():
    assert [subdivision_country(code) for code in ("DE-NW", "GB-SCT", "FR")] == ["DE", "GB", None]
