"""The shipped Revenue Outturn (issue 21): read as published, searched by name, each tier's areas, refusals."""

from decimal import Decimal

import pytest

from appraisal.outturn import data
from tests.outturn.published import published


def test_a_councils_figures_are_the_published_rows_to_the_pound():
    darlington = data.council_outturn("E06000005", 2024)
    rows = published("E06000005", "2024/25")
    assert darlington.authority.name == "Darlington UA"
    assert darlington.total == Decimal(rows.pop(data.TOTAL)) == Decimal(211739000)
    assert {area: int(v) for area, v in darlington.by_area.items() if v is not None} == rows
    assert darlington.by_area["Adult Social Care"] == Decimal(49851000)
    assert darlington.by_area["Other Services"] == Decimal(-1109000)  # below zero, as published


def test_a_district_does_not_provide_the_countys_services_and_they_are_not_nil():
    huntingdonshire = data.council_outturn("E07000011", 2024)
    assert huntingdonshire.authority.council_type == "district"
    assert huntingdonshire.by_area["Education"] is None
    assert huntingdonshire.by_area["Adult Social Care"] is None
    assert huntingdonshire.by_area["Housing Services"] == Decimal(4205000)
    assert "Education" not in data.provided_areas("Shire District", 2024)
    assert "Education" in data.provided_areas("Unitary Authority", 2024)


def test_a_unitary_that_reported_nothing_in_an_area_its_tier_provides_reads_nil():
    hartlepool = data.council_outturn("E06000001", 2022)
    assert "Other Services" not in published("E06000001", "2022/23")
    assert hartlepool.by_area["Education"] == Decimal(58669000)
    assert "Police" not in data.provided_areas("Unitary Authority", 2022)
    assert hartlepool.by_area["Police"] is None


@pytest.mark.parametrize(
    "code, year, message",
    [
        ("E06000039", 2024, "Slough UA did not submit its return for 2024/25."),
        ("E99999999", 2024, "No English authority has the ONS code 'E99999999'"),
        ("E12000007", 2024, "Greater London Authority is not a council"),
        ("E06000005", 2019, "The published figures cover 2022/23, 2023/24, 2024/25, not 2019/20."),
    ],
)
def test_what_the_figures_cannot_answer_is_refused_in_plain_words(code, year, message):
    with pytest.raises(data.OutturnError, match=message.replace("(", r"\(").replace(".", r"\.")):
        data.council_outturn(code, year)


def test_search_finds_councils_by_any_part_of_their_name_with_their_type_and_code():
    found = data.search("hartle")
    assert [(a.name, a.authority_class, a.ons_code) for a in found] == [
        ("Hartlepool UA", "Unitary Authority", "E06000001")
    ]
    assert [a.name for a in data.search("darl")] == ["Darlington UA"]
    assert all(a.council_type for a in data.search("a", limit=50))  # fire, police and combined bodies left out
    assert data.search("   ") == []


def test_the_data_covers_three_years_and_every_english_council():
    assert data.years() == (2022, 2023, 2024)
    councils = data.authorities()
    assert len(councils) == len({a.ons_code for a in councils}) > 300
    assert {a.council_type for a in councils} == {"unitary", "district", "county", "metropolitan", "london_borough"}
