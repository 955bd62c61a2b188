"""Collective members ("Member States of the EU", "47 Member States of the Council of Europe"):
the packaged membership data, entry by entry, and malformed data files."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pipeline.errors import MalformedDataFile
from pipeline.normalise.collectives import (
    Recognised,
    collectives,
    expand,
    members_on,
    read_collectives,
    recognise,
)
from tests.builders import EU_2020

PHRASINGS = [(c.id, printed) for c in collectives().collectives for printed in c.phrasings]
REVISION_DATE = date(2020, 9, 22)


# ---------------------------------------------------------------------------------------------
# Recognising the printed phrasings
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("collective", "printed"), PHRASINGS)
def test_every_phrasing_of_the_data_file_names_its_collective(collective, printed):
    assert recognise(printed).collective == collective
    assert recognise(printed).count is None


@pytest.mark.parametrize(("collective", "printed"), PHRASINGS)
def test_phrasings_are_recognised_whatever_the_case_spacing_article_and_count(collective, printed):
    variant = f"  The 12  {printed.upper().replace(' ', '   ')} :"
    found = recognise(variant)
    assert (found.collective, found.count, found.printed) == (collective, 12, variant)


@pytest.mark.parametrize(
    ("printed", "collective", "count"),
    [
        ("Member States of the EU", "eu", None),
        ("the 27 EU Member States", "eu", 27),
        ("all EU Member States", "eu", None),
        ("Member States of EU", "eu", None),
        ("47 Member States of the Council of Europe", "coe", 47),
        ("Council of Europe member States", "coe", None),
        ("G7 countries", "g7", None),
        ("ASEAN Member States:", "asean", None),
    ],
)
def test_printed_forms_seen_in_the_catalogues_are_recognised(printed, collective, count):
    assert recognise(printed) == Recognised(collective, printed, count)


@pytest.mark.parametrize(
    "printed",
    [
        "Member States",
        "47 Member States",
        "European Union",
        "G7",
        "judicial cooperation between the Member States of the European Union",
        "EJN is composed of more than 300 national contact points in 28 Member States",
        "Member States of the EU and Norway",
    ],
)
def test_text_that_is_not_wholly_a_collective_phrasing_is_not_a_collective(printed):
    assert recognise(printed) is None


# ---------------------------------------------------------------------------------------------
# Members on a date
# ---------------------------------------------------------------------------------------------


def test_eu_on_the_2017_catalogues_date_has_28_members_with_the_united_kingdom():
    assert sorted(members_on("eu", date(2017, 9, 1))) == sorted([*EU_2020, "GB"])


def test_eu_on_the_2020_catalogues_date_has_the_27_members_without_the_united_kingdom():
    assert members_on("eu", REVISION_DATE) == EU_2020


def test_the_united_kingdoms_last_day_in_the_eu_is_31_january_2020():
    assert "GB" in members_on("eu", date(2020, 1, 31))
    assert "GB" not in members_on("eu", date(2020, 2, 1))


def test_croatia_is_an_eu_member_from_1_july_2013_not_the_day_before():
    assert sorted(members_on("eu", date(2013, 6, 30))) == sorted({*EU_2020, "GB"} - {"HR"})
    assert sorted(members_on("eu", date(2013, 7, 1))) == sorted([*EU_2020, "GB"])


ENLARGEMENTS = [
    ("1957-12-31", "", ""),
    ("1958-01-01", "BE DE FR IT LU NL", ""),
    ("1973-01-01", "DK GB IE", ""),
    ("1981-01-01", "GR", ""),
    ("1986-01-01", "ES PT", ""),
    ("1995-01-01", "AT FI SE", ""),
    ("2004-05-01", "CY CZ EE HU LT LV MT PL SI SK", ""),
    ("2007-01-01", "BG RO", ""),
    ("2013-07-01", "HR", ""),
    ("2020-02-01", "", "GB"),
]
"""Each day the EU's members changed: the states that joined, the states that left."""


@pytest.mark.parametrize("index", range(len(ENLARGEMENTS)))
def test_eu_members_follow_the_enlargements_state_by_state(index):
    day, joined, left = ENLARGEMENTS[index]
    before = set(members_on("eu", date.fromisoformat(day) - timedelta(days=1)))
    after = set(members_on("eu", date.fromisoformat(day)))
    assert (sorted(after - before), sorted(before - after)) == (joined.split(), left.split())
    expected: set[str] = set()
    for _, joined_then, left_then in ENLARGEMENTS[: index + 1]:
        expected = (expected | set(joined_then.split())) - set(left_then.split())
    assert sorted(after) == sorted(expected)


def test_council_of_europe_on_the_2020_catalogues_date_has_47_members_with_russia():
    assert (
        sorted(members_on("coe", REVISION_DATE))
        == (
            "AD AL AM AT AZ BA BE BG CH CY CZ DE DK EE ES FI FR GB GE GR HR HU IE IS IT LI LT LU LV MC MD ME MK MT NL "
            "NO PL PT RO RS RU "
            "SE SI SK SM TR UA"
        ).split()
    )


def test_russia_is_no_council_of_europe_member_from_the_day_of_its_exclusion():
    """CM/Res(2022)2: the Russian Federation ceases to be a member "as from 16 March 2022", so the
    exclusion day does not count as a day of membership; 15 March 2022 is the last one."""
    assert "RU" in members_on("coe", date(2022, 3, 15))
    assert "RU" not in members_on("coe", date(2022, 3, 16))
    assert len(members_on("coe", date(2022, 3, 16))) == 46


def test_a_state_that_left_and_came_back_is_a_member_only_in_its_periods():
    assert "GR" in members_on("coe", date(1969, 12, 12))
    assert "GR" not in members_on("coe", date(1972, 1, 1))
    assert "GR" in members_on("coe", date(1974, 11, 28))


def test_montenegro_is_the_47th_council_of_europe_member():
    assert len(members_on("coe", date(2007, 5, 10))) == 46
    assert members_on("coe", date(2007, 5, 11)) == sorted([*members_on("coe", date(2007, 5, 10)), "ME"])


def test_g7_has_its_seven_states_and_not_the_eu():
    assert members_on("g7", REVISION_DATE) == ["CA", "DE", "FR", "GB", "IT", "JP", "US"]


@pytest.mark.parametrize(("collective", "count"), [("asean", 10), ("saarc", 8)])
def test_asian_collectives_on_the_2020_catalogues_date(collective, count):
    assert len(members_on(collective, REVISION_DATE)) == count


def test_a_collective_unknown_to_the_data_file_is_an_error_naming_the_known_ones():
    with pytest.raises(KeyError, match="known: eu, coe"):
        members_on("nato", REVISION_DATE)


# ---------------------------------------------------------------------------------------------
# Expansion
# ---------------------------------------------------------------------------------------------


def test_expanded_members_keep_the_printed_text_and_are_marked_expanded():
    expansion = expand("Member States of the EU", REVISION_DATE)
    assert [m.code for m in expansion.members] == EU_2020
    assert {(m.printed, m.collective, m.origin) for m in expansion.members} == {
        ("Member States of the EU", "eu", "expanded")
    }
    assert expansion.problem is None


def test_a_printed_count_that_matches_the_expansion_is_no_problem():
    assert expand("47 Member States of the Council of Europe", REVISION_DATE).problem is None
    assert expand("the 27 EU Member States", REVISION_DATE).problem is None


def test_a_printed_count_the_expansion_contradicts_is_reported_not_hidden():
    expansion = expand("28 Member States of the European Union", REVISION_DATE)
    assert [m.code for m in expansion.members] == EU_2020
    assert "prints 28 members" in expansion.problem
    assert "had 27 on 2020-09-22" in expansion.problem


def test_without_a_document_date_nothing_is_expanded_and_the_entry_is_for_review():
    expansion = expand("Member States of the EU", None)
    assert expansion.members == ()
    assert "no date" in expansion.problem


def test_a_date_before_the_collective_existed_is_reported():
    expansion = expand("G7 countries", date(1970, 1, 1))
    assert expansion.members == ()
    assert "had none on 1970-01-01" in expansion.problem


def test_text_naming_no_collective_is_not_expanded():
    assert expand("Albania", REVISION_DATE) is None


# ---------------------------------------------------------------------------------------------
# Malformed data files
# ---------------------------------------------------------------------------------------------

VALID = """\
collectives:
  - id: eu
    name: European Union
    phrasings: [Member States of the EU]
    source: Treaties
    members:
      - {code: BE, joined: 1958-01-01, source: Treaty of Rome}
      - {code: GB, joined: 1973-01-01, left: 2020-01-31, source: Accession Treaty}
  - id: g7
    name: Group of Seven
    phrasings: [G7 countries]
    source: Summits
    members:
      - {code: CA, joined: 1976-06-27, source: San Juan summit}
"""


def written(tmp_path, text: str):
    path = tmp_path / "collectives.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_valid_sample_loads(tmp_path):
    data = read_collectives(written(tmp_path, VALID))
    assert data.collective("eu").members_on(date(2020, 1, 31)) == ["BE", "GB"]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "{code: CA, joined: 1976-06-27, source: San Juan summit}",
            "{code: CA, joined: 1976-06-27, source: San Juan summit}\n      - {code: CA, joined: 1990-01-01, source: "
            "again}",
            "CA has overlapping periods",
        ),
        (
            "left: 2020-01-31",
            "left: 2020-01-31, source: x}\n      - {code: GB, joined: 2020-01-31",
            "GB has overlapping periods",
        ),
        ("code: BE", "code: XX", "'XX' is not an ISO 3166-1 alpha-2 code"),
        ("left: 2020-01-31", "left: 1972-12-31", "GB left on 1972-12-31, before it joined on 1973-01-01"),
        (
            "source: Treaty of Rome}",
            "source: Treaty of Rome, status: founder}",
            "status: Extra inputs are not permitted",
        ),
        ("name: Group of Seven\n", "name: Group of Seven\n    members_count: 7\n", "members_count: Extra inputs"),
        ("phrasings: [G7 countries]", "phrasings: [G7 countries, the member states of EU]", "repeats one of 'eu'"),
        ("phrasings: [G7 countries]", "phrasings: [7 G7 countries]", "without a count"),
        (", source: San Juan summit}", "}", "source: Field required"),
        ("code: BE", "code: [BE", "not valid YAML"),
    ],
)
def test_a_malformed_data_file_is_one_clear_error_naming_the_file(tmp_path, old, new, problem):
    assert old in VALID
    path = written(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(MalformedDataFile) as raised:
        read_collectives(path)
    assert raised.value.path.startswith(str(path))
    assert problem in str(raised.value)
    assert raised.value.exit_code == 28


def test_a_yaml_syntax_error_is_reported_at_its_line(tmp_path):
    path = written(tmp_path, VALID.replace("code: CA", "code: [CA"))
    with pytest.raises(MalformedDataFile) as raised:
        read_collectives(path)
    assert str(raised.value) == f"{path}:14: not valid YAML: expected ',' or ']', but got '}}'"


def test_a_data_file_that_is_not_utf8_names_the_file(tmp_path):
    path = tmp_path / "collectives.yaml"
    path.write_bytes(VALID.encode("utf-8") + b"\xff")
    with pytest.raises(MalformedDataFile, match="not UTF-8"):
        read_collectives(path)
