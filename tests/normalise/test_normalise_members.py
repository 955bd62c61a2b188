"""Member cells read case by case: separators, aliases, parts of countries, territories, roles, institutions, doubt."""

from __future__ import annotations

import re

import pycountry
import pytest
from hypothesis import given, settings, strategies as st

from pipeline.models import Block, Box
from pipeline.normalise.datafiles import Aliases, Territories, load
from pipeline.normalise.gazetteer import lexicon
from pipeline.normalise.member_groups import member_groups
from pipeline.normalise.networks import name_and_acronym, network_ids, section_slug

BOX = [Box(page=3, bbox=(0.0, 0.0, 1.0, 1.0))]


def block(text: str, style: str = "text") -> Block:
    return Block(text=text, style=style, boxes=BOX)


def entries(*texts: str):
    return [e for g in member_groups([block(t) for t in texts]) for e in g.entries]


def coded(*texts: str) -> list[tuple[str, list[str]]]:
    return [(e.raw, e.codes or e.candidates) for e in entries(*texts)]


# --- separators ---------------------------------------------------------------------------------


def test_a_missing_comma_between_two_countries_still_gives_two_entries():
    assert coded("Israel, Japan Kazakhstan, Korea") == [
        ("Israel", ["IL"]),
        ("Japan", ["JP"]),
        ("Kazakhstan", ["KZ"]),
        ("Korea", ["KR", "KP"]),
    ]
    assert coded("Mali, Uganda Rwanda, Senegal") == [
        ("Mali", ["ML"]),
        ("Uganda", ["UG"]),
        ("Rwanda", ["RW"]),
        ("Senegal", ["SN"]),
    ]


def test_periods_between_countries_separate_them_like_commas():
    assert coded("Albania, Andorra. Armenia, Iceland. Italy, Latvia.") == [
        ("Albania", ["AL"]),
        ("Andorra", ["AD"]),
        ("Armenia", ["AM"]),
        ("Iceland", ["IS"]),
        ("Italy", ["IT"]),
        ("Latvia", ["LV"]),
    ]


def test_a_space_before_a_comma_and_a_final_and_are_separators():
    assert coded("Estonia, Finland , France, Sweden and United Kingdom") == [
        ("Estonia", ["EE"]),
        ("Finland", ["FI"]),
        ("France", ["FR"]),
        ("Sweden", ["SE"]),
        ("United Kingdom", ["GB"]),
    ]


def test_semicolons_separate_members_like_commas():
    assert coded("Albania; Andorra; Armenia") == [("Albania", ["AL"]), ("Andorra", ["AD"]), ("Armenia", ["AM"])]
    assert coded("Hungary: National Office for the Judiciary; Sweden: Swedish Prosecution Authority") == [
        ("Hungary: National Office for the Judiciary", ["HU"]),
        ("Sweden: Swedish Prosecution Authority", ["SE"]),
    ]
    assert [e.raw for e in entries("Ministry of Justice of Latvia; Ministry of Justice of Lithuania")] == [
        "Ministry of Justice of Latvia",
        "Ministry of Justice of Lithuania",
    ]


def test_and_inside_a_name_does_not_separate_it():
    assert coded("Trinidad and Tobago, Bosnia and Herzegovina, Antigua and Barbuda") == [
        ("Trinidad and Tobago", ["TT"]),
        ("Bosnia and Herzegovina", ["BA"]),
        ("Antigua and Barbuda", ["AG"]),
    ]


def test_a_country_printed_twice_gives_two_entries():
    assert coded("Kazakhstan, Uzbekistan, the USA, Uzbekistan") == [
        ("Kazakhstan", ["KZ"]),
        ("Uzbekistan", ["UZ"]),
        ("the USA", ["US"]),
        ("Uzbekistan", ["UZ"]),
    ]


# --- aliases ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "printed, code",
    [
        ("the Former Yugoslav Republic of Macedonia", "MK"),
        ("former Yugoslav Republic of Macedonia", "MK"),
        ("FYR of Macedonia", "MK"),
        ("Macedonia", "MK"),
        ("Swaziland", "SZ"),
        ("Burma", "MM"),
        ("East Timor", "TL"),
        ("Russia", "RU"),
        ("Slovak republic", "SK"),
        ("Czech republic", "CZ"),
        ("North Korea", "KP"),
        ("South Korea", "KR"),
        ("Cote d'Ivoire", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("St Kitts and Nevis", "KN"),
        ("Turkey", "TR"),
        ("Bosnia Herzegovina", "BA"),
        ("Bosnia-Herzegovina", "BA"),
        ("the USA", "US"),
        ("the UK", "GB"),
        ("Palestine", "PS"),
        ("Republic of Moldova", "MD"),
        ("United Republic of Tanzania", "TZ"),
        ("Cape Verde", "CV"),
        ("São Tomé and Príncipe", "ST"),
    ],
)
def test_historical_and_short_names_are_coded_through_the_alias_file(printed, code):
    assert coded(printed) == [(printed, [code])]


def test_kosovo_gets_the_user_assigned_code_xk_and_says_so():
    (kosovo,) = entries("Kosovo")
    assert (kosovo.codes, kosovo.status) == (["XK"], "coded")
    assert "user-assigned" in kosovo.note


# --- parts of countries and territories ------------------------------------------------------------


@pytest.mark.parametrize(
    "printed, codes",
    [
        ("North Rhine-Westphalia (Germany)", ["DE-NW"]),
        ("Scotland", ["GB-SCT"]),
        ("Northern Ireland", ["GB-NIR"]),
        ("England & Wales", ["GB-ENG", "GB-WLS"]),
        ("United Kingdom: Scotland", ["GB-SCT"]),
        ("United Kingdom: England & Wales", ["GB-ENG", "GB-WLS"]),
    ],
)
def test_parts_of_countries_get_iso_3166_2_codes(printed, codes):
    (entry,) = entries(printed)
    assert (entry.raw, entry.kind, entry.codes) == (printed, "subdivision", codes)


@pytest.mark.parametrize(
    "printed, code",
    [
        ("Gibraltar", "GI"),
        ("Guernsey", "GG"),
        ("Jersey", "JE"),
        ("Isle of Man", "IM"),
        ("France (Réunion)", "RE"),
        ("Puerto Rico", "PR"),
    ],
)
def test_territories_get_their_own_codes(printed, code):
    (entry,) = entries(printed)
    assert (entry.raw, entry.kind, entry.codes) == (printed, "territory", [code])


def test_a_territory_under_the_wrong_country_is_ambiguous_not_coded():
    (entry,) = entries("Spain (Réunion)")
    assert (entry.status, entry.codes, entry.candidates) == ("ambiguous", [], ["ES", "RE"])


# --- organisations, roles, institutions ------------------------------------------------------------


def test_roles_in_parentheses_become_attributes_even_without_a_comma_after_them():
    found = entries(
        "Egmont Group, EUROJUST, Europol (Secretariat) International Criminal Court, International Monetary Fund "
        "(Associate) OLAF"
    )
    assert [(e.raw, e.kind, e.codes, e.role) for e in found] == [
        ("Egmont Group", "network", ["egmont-group"], None),
        ("EUROJUST", "network", ["eurojust"], None),
        ("Europol (Secretariat)", "organisation", ["europol"], "Secretariat"),
        ("International Criminal Court", "organisation", ["icc"], None),
        ("International Monetary Fund (Associate)", "organisation", ["imf"], "Associate"),
        ("OLAF", "organisation", ["olaf"], None),
    ]


def test_an_acronym_in_parentheses_after_an_organisation_is_part_of_it():
    assert coded("- EJN, Europol, the European Union’s Anti-Fraud Office (OLAF)") == [
        ("EJN", ["ejn"]),
        ("Europol", ["europol"]),
        ("the European Union’s Anti-Fraud Office (OLAF)", ["olaf"]),
    ]


def test_organisations_are_coded_from_the_gazetteer():
    assert [(e.kind, e.codes) for e in entries("United Nations")] == [("organisation", ["united-nations"])]
    assert [(e.kind, e.codes) for e in entries("Denmark, The Academy of European Law, Estonia")][1] == (
        "organisation",
        ["era"],
    )


def test_an_institution_inside_a_country_is_coded_with_the_countrys_code():
    found = entries("Hungary: National Office for the Judiciary, Italy: Scuola Superiore della Magistratura")
    assert [(e.raw, e.kind, e.codes) for e in found] == [
        ("Hungary: National Office for the Judiciary", "institution", ["HU"]),
        ("Italy: Scuola Superiore della Magistratura", "institution", ["IT"]),
    ]


def test_a_note_in_parentheses_is_kept_on_the_country():
    (syria, tunisia) = entries(
        "Syria (formally part of the project even if there is a partial and temporary suspension), Tunisia"
    )
    assert (syria.codes, syria.note) == (
        ["SY"],
        "formally part of the project even if there is a partial and temporary suspension",
    )
    assert tunisia.codes == ["TN"]


# --- doubt ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("printed, candidates", [("Congo", ["CG", "CD"]), ("Korea", ["KR", "KP"])])
def test_a_name_of_two_countries_is_ambiguous_with_both_candidates(printed, candidates):
    (entry,) = entries(printed)
    assert (entry.status, entry.codes, entry.candidates) == ("ambiguous", [], candidates)


def test_a_name_that_matches_nothing_is_unresolved_and_never_guessed():
    (green_cape, angola) = entries("Green Cape, Angola")
    assert (green_cape.status, green_cape.codes) == ("unresolved", [])
    assert angola.codes == ["AO"]
    assert [e.status for e in entries("Liaison Magistrates")] == ["unresolved"]


# --- sentences and groups -------------------------------------------------------------------------------


def test_sentences_are_kept_whole_as_other_with_their_count():
    found = entries(
        "EJN is composed of more than 300 national contact points in 28 Member States, the European Commission, and "
        "the Secretariat"
    )
    assert [(e.kind, e.status, e.count) for e in found] == [("other", "text", 300)]
    found = entries("40 third States are part of Eurojust’s judicial contact point network")
    assert [(e.kind, e.count) for e in found] == [("other", 40)]


def test_a_sentence_after_a_list_and_trailing_words_are_other_entries():
    found = entries("Ukraine and the USA. Korea is the most recent addition")
    assert [(e.raw, e.status) for e in found] == [
        ("Ukraine", "coded"),
        ("the USA", "coded"),
        ("Korea is the most recent addition", "text"),
    ]
    found = entries("Burkina Faso, Mali, Mauritania, and Niger, launched in Bamako")
    assert [(e.raw, e.status) for e in found][-2:] == [("Niger", "coded"), ("launched in Bamako", "text")]


def test_headings_are_recognised_by_text_when_they_are_not_bold():
    groups = member_groups(
        [
            block("54 Registered Member Jurisdictions"),
            block("Austria, Belgium"),
            block("Observer States"),
            block("Albania"),
            block("9 Observer International Organisations"),
            block("Egmont Group"),
        ]
    )
    assert [(g.label, g.count, len(g.entries)) for g in groups] == [
        ("54 Registered Member Jurisdictions", 54, 2),
        ("Observer States", None, 1),
        ("9 Observer International Organisations", 9, 1),
    ]


@pytest.mark.parametrize("extra", ["", " European"])
def test_a_plain_line_ending_in_a_colon_heads_a_group_up_to_15_words(extra):
    """Worded like a heading (a colon at its end) is a heading at 15 words; at 16 it is a statement."""
    label = f"Judges and prosecutors of the courts of appeal taking part in the yearly regional{extra} meetings"
    groups = member_groups([block(label + ":"), block("Observer States"), block("Albania")])
    if extra:
        assert [(g.label, [e.status for e in g.entries]) for g in groups] == [
            (None, ["text"]),
            ("Observer States", ["coded"]),
        ]
    else:
        assert [(g.label, [e.status for e in g.entries]) for g in groups] == [
            (label, []),
            ("Observer States", ["coded"]),
        ]


def test_a_bold_heading_with_a_sentence_in_it_is_still_a_heading():
    groups = member_groups(
        [
            block("There is also the ENPI East Countries (however, they are not a part of the project)", "heading"),
            block("Armenia"),
        ]
    )
    assert [(g.label, len(g.entries)) for g in groups] == [
        ("There is also the ENPI East Countries (however, they are not a part of the project)", 1)
    ]


def test_a_label_with_a_colon_at_the_start_of_a_list_is_its_heading():
    groups = member_groups([block("ASEAN Member States: Indonesia, Malaysia")])
    assert [(g.label, [e.codes for e in g.entries]) for g in groups] == [("ASEAN Member States", [["ID"], ["MY"]])]


def test_dash_printed_sub_headings_are_groups_under_the_heading_above_them():
    groups = member_groups(
        [
            block("Third States and organisations", "heading"),
            block("- Cooperation agreements", "heading"),
            block("Norway"),
            block("- Liaison Prosecutors", "heading"),
            block("Switzerland"),
            block("Partners", "heading"),
            block("- EJN, Europol", "item"),
        ]
    )
    assert [(g.label, g.parent, len(g.entries)) for g in groups] == [
        ("Third States and organisations", None, 0),
        ("Cooperation agreements", "Third States and organisations", 1),
        ("Liaison Prosecutors", "Third States and organisations", 1),
        ("Partners", None, 2),
    ]


def test_a_prose_lead_in_to_a_list_becomes_its_heading():
    groups = member_groups([block("Zambia, Congo. Other members that cooperate include Egypt, Ethiopia, and Namibia.")])
    assert [(g.label, [e.raw for e in g.entries]) for g in groups] == [
        (None, ["Zambia", "Congo"]),
        ("Other members that cooperate include", ["Egypt", "Ethiopia", "Namibia"]),
    ]


def test_entries_know_their_page():
    assert {e.page for e in entries("Austria, Belgium")} == {3}


# --- rows -------------------------------------------------------------------------------------------------


def test_the_name_cell_splits_into_name_and_acronym():
    assert name_and_acronym("Camden Assets Recovery Interagency Network (CARIN)") == (
        "Camden Assets Recovery Interagency Network",
        "CARIN",
    )
    assert name_and_acronym("UN Transnational Organized Crime (UNTOC) Working Group") == (
        "UN Transnational Organized Crime Working Group",
        "UNTOC",
    )
    assert name_and_acronym("Eurojust") == ("Eurojust", None)
    two = "Organisation for Economic Co-operation and Development (OECD) Anti-Corruption Network (ACN)"
    assert name_and_acronym(two) == (
        "Organisation for Economic Co-operation and Development (OECD) Anti-Corruption Network",
        "ACN",
    )  # the last


def test_sections_are_slugs_of_their_heading():
    assert (section_slug("4.1 European Networks"), section_slug("4.2 Non-European Networks")) == (
        "european",
        "non_european",
    )


def test_a_repeated_id_gets_a_number(paper_extraction):
    rows = paper_extraction.rows[:2] + paper_extraction.rows[1:2]
    assert network_ids(rows) == ["bes", "carin", "carin-2"]


# --- data files ---------------------------------------------------------------------------------------------


def test_every_alias_says_why_and_means_real_codes():
    subdivisions = {s.code for s in pycountry.subdivisions}
    countries = {c.alpha_2 for c in pycountry.countries} | {"XK"}
    for alias in load(Aliases).aliases:
        assert alias.why, alias.name
        for code in alias.codes + alias.candidates:
            assert code in (subdivisions if alias.kind == "subdivision" else countries), (alias.name, code)
    assert set(load(Territories).territories) <= countries


def test_the_spacy_pipeline_is_built_once_per_process():
    assert lexicon() is lexicon()


# --- no text lost --------------------------------------------------------------------------------------------

SEPARATORS = re.compile(r"(?:[\s,;.:&•·▪–—-]|\band\b)*")
PIECES = st.sampled_from(
    [
        "Albania",
        "Japan",
        "Korea",
        "Congo",
        "Trinidad and Tobago",
        "England & Wales",
        "France (Réunion)",
        "Europol",
        "(Secretariat)",
        "(Associate)",
        "Hungary: National Office for the Judiciary",
        "Green Cape",
        "launched in Bamako",
        "Member States",
        "Observer States:",
        "40 third States are part",
        "the",
        "and",
        "&",
        "-",
        "(",
        ")",
        ":",
        "Ukraine11",
        "Côte d’Ivoire",
        "St. Lucia",
        "U.S.A.",
    ]
)
GLUE = st.sampled_from([", ", ". ", " and ", " ", ",", " - ", ": ", "; ", "", " , "])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.one_of(PIECES, st.text(max_size=8)), GLUE), max_size=12),
    st.sampled_from(["text", "heading", "item"]),
)
def test_the_members_parser_never_crashes_and_loses_no_text(pieces, style):
    text = "".join(piece + glue for piece, glue in pieces)
    groups = member_groups([Block(text=text, style=style, boxes=BOX)])
    owners = [0] * len(text)
    spans = [g.span for g in groups if g.span] + [e.span for g in groups for e in g.entries]
    for span in spans:
        for i in range(span.start, span.end):
            owners[i] += 1
    assert all(n <= 1 for n in owners), "a character is in two entries"
    for g in groups:
        for e in g.entries:
            assert e.raw == text[e.span.start : e.span.end]
    uncovered = re.split(r"\x00+", "".join("\x00" if n else c for c, n in zip(text, owners)))
    assert all(SEPARATORS.fullmatch(run) for run in uncovered), uncovered


def test_a_dash_heading_run_into_its_list_still_heads_it():
    groups = member_groups(
        [
            block("Third States and organisations"),
            block("- Cooperation agreements United States of America, Iceland, Norway", "item"),
        ]
    )
    assert [(g.label, g.parent, [e.codes for e in g.entries]) for g in groups] == [
        ("Third States and organisations", None, []),
        ("Cooperation agreements", "Third States and organisations", [["US"], ["IS"], ["NO"]]),
    ]


def test_an_open_sentence_right_above_a_list_is_its_heading():
    groups = member_groups(
        [
            block("Algeria, Egypt"),
            block("There is also the ENPI East Countries (however, they are not part of it)"),
            block("Armenia, Belarus"),
        ]
    )
    assert [(g.label, [e.raw for e in g.entries]) for g in groups] == [
        (None, ["Algeria", "Egypt"]),
        ("There is also the ENPI East Countries (however, they are not part of it)", ["Armenia", "Belarus"]),
    ]


@pytest.mark.parametrize(
    "printed, label, codes",
    [
        ("Observer States Albania, Australia", "Observer States", [["AL"], ["AU"]]),
        (
            "28 Member States of the European Union Austria, Belgium",
            "28 Member States of the European Union",
            [["AT"], ["BE"]],
        ),
        ("Operational Partners Italy", "Operational Partners", [["IT"]]),
        ("SAARC Members: Afghanistan and Bhutan.", "SAARC Members", [["AF"], ["BT"]]),
    ],
)
def test_a_heading_run_into_its_list_without_a_colon_or_bold_is_still_its_heading(printed, label, codes):
    groups = member_groups([block(printed)])
    assert [(g.label, [e.codes for e in g.entries]) for g in groups] == [(label, codes)]


def test_words_before_a_list_that_do_not_read_like_a_heading_stay_entries():
    assert [e.status for e in entries("Green Cape, Angola")] == ["unresolved", "coded"]
    assert [e.raw for e in entries("Europol (Secretariat) International Criminal Court, OLAF")] == [
        "Europol (Secretariat)",
        "International Criminal Court",
        "OLAF",
    ]
