"""Purpose texts read by rule: crime areas, instruments, years of establishment, relations between networks."""

from __future__ import annotations

from pipeline.models import Block, Box
from pipeline.normalise.gazetteer import Catalogue, lemma, lexicon
from pipeline.normalise.purpose import purpose_relations, purpose_sentences, purpose_terms

BOX = [Box(page=20, bbox=(0.0, 0.0, 1.0, 1.0))]
CATALOGUE = Catalogue(
    {i: i for i in ("iap", "gpen", "tipp", "ctpn", "nacp", "eurojust", "jit", "ejn", "wbpn")}, frozenset()
)


def sentences(*blocks: tuple[str, str]):
    return purpose_sentences([Block(text=text, style=style, boxes=BOX) for text, style in blocks], lexicon())


def relations(network: str, *blocks: tuple[str, str]) -> set[tuple[str, str, str]]:
    return {(r.source, r.kind, r.target) for r in purpose_relations(network, sentences(*blocks), CATALOGUE)}


def test_crime_areas_and_instruments_are_reported_in_the_order_of_the_rules_file():
    terms = purpose_terms(
        sentences(
            (
                "Types of crime: drug trafficking, terrorism, trafficking in human beings and money laundering. "
                "It facilitates extradition and mutual legal assistance through contact points.",
                "text",
            )
        ),
        lexicon(),
    )
    assert terms.crime_areas == ["terrorism", "money_laundering", "trafficking_in_human_beings", "drug_trafficking"]
    assert terms.instruments == ["extradition", "mutual_legal_assistance", "contact_points"]


def test_a_year_counts_only_in_a_sentence_about_establishment_or_launch():
    terms = purpose_terms(
        sentences(("GPEN was launched in 2008. It met in 2010. It was established in 1995 in Paris.", "text")),
        lexicon(),
    )
    assert terms.years == [1995, 2008]


def test_a_network_that_hosts_the_networks_listed_after_it_gets_a_hosts_relation_to_each():
    found = relations(
        "gpen",
        ("The IAP hosts six networks for members. The relevant ones for this paper are:", "text"),
        ("• The Global Prosecutors E-Crime Network (GPEN)", "item"),
        ("• Trafficking in Persons Platform (TIPP)", "item"),
        ("GPEN is a global network of cybercrime prosecutors, like the CTPN.", "text"),
    )
    assert found == {
        ("iap", "hosts", "gpen"),
        ("iap", "hosts", "tipp"),
        ("gpen", "mentions", "iap"),
        ("gpen", "mentions", "ctpn"),
    }


def test_hosted_by_and_under_the_auspices_of_point_back_to_the_network_described():
    assert ("eurojust", "hosts", "jit") in relations("jit", ("It is hosted and funded by Eurojust.", "text"))
    assert ("iap", "hosts", "ctpn") in relations(
        "ctpn", ("The CTPN is established under the auspices of the IAP.", "text")
    )
    found = relations(
        "jit", ("It is hosted by Eurojust, beside the EJN.", "text")
    )  # the first network after the cue hosts it
    assert ("eurojust", "hosts", "jit") in found and ("ejn", "hosts", "jit") not in found


def test_other_catalogued_networks_named_are_mentions_and_a_network_never_mentions_itself():
    found = relations(
        "ejn", ("The EJN participates in the project of the Western Balkans Prosecutor’s Network.", "text")
    )
    assert found == {("ejn", "mentions", "wbpn")}


EUROJUST_2020 = (
    "Types of crime and offences covered: terrorism, drug trafficking, trafficking in human beings, counterfeiting, "
    "money laundering, fraud and corruption, criminal offences affecting the financial interests of the European "
    "Union, "
    "environmental crime and participation in a criminal organisation."
)


def test_a_term_printed_in_the_plural_is_the_same_term():
    """Eurojust's list of crimes as the 2020 paper prints it, and with "environmental crimes" as issue 21 saw it."""
    singular = purpose_terms(sentences((EUROJUST_2020, "text")), lexicon())
    plural = purpose_terms(
        sentences((EUROJUST_2020.replace("environmental crime", "environmental crimes"), "text")), lexicon()
    )
    assert "environmental_crime" in singular.crime_areas
    assert plural == singular


def test_inflections_are_matched_alike_in_phrases_and_texts_and_leave_short_words_alone():
    terms = purpose_terms(
        sentences(("It fights transnational organized crimes and keeps the Judicial Atlas and two databases.", "text")),
        lexicon(),
    )
    assert (terms.crime_areas, terms.instruments) == (["organised_crime"], ["judicial_atlas", "databases"])
    rules = lexicon().terms
    assert [
        lemma(w, rules) for w in ("Crimes", "authorities", "process", "status", "analysis", "has", "JITs", "e-crimes")
    ] == ["crime", "authority", "process", "status", "analysis", "has", "jit", "e-crimes"]
