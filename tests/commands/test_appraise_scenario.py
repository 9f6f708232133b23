"""`manage.py appraise SLUG --scenario NAME --format json`: the contract's medium-term financial plan, discount base
year, cost lines charged to one council and funding lines (issue 15), beside the seed-001 figures it already held."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from appraisal.models import CostItem, Scenario
from appraisal.scenarios.parts import cost_item_add
from appraisal.scenarios.services import scenario_create, scenario_status_update
from appraisal.summary.services import appraisal_discount_base_year_set
from councils.models import Council

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"


def appraise(*args) -> str:
    out = StringIO()
    call_command("appraise", SLUG, *args, stdout=out)
    return out.getvalue()


def scenario_json(name="Low") -> dict:
    return json.loads(appraise("--scenario", name, "--format", "json"))


def low() -> Scenario:
    return Scenario.objects.get(name="Low")


def add_cost(category, year, amount, council=None, description=""):
    values = {"category": category, "description": description, "year": year, "amount": Decimal(amount)}
    values |= {"low": None, "high": None, "council": Council.objects.get(code=council) if council else None}
    return cost_item_add(scenario_id=low().pk, values=values, user=None)


def test_the_discount_base_year_is_at_the_top_after_the_summary_and_before_the_scenario(dh_appraisal):
    data = scenario_json()
    assert list(data) == ["appraisal", "clusters", "totals", "deficit", "councils", "discount_base_year", "scenario"]
    assert data["discount_base_year"] == "2012/13"  # the first year of Low and High


def test_each_year_gains_the_combined_funding_gap_and_the_share_of_it_closed(dh_appraisal):
    # The fixture's medium-term plans: DBC £4.3m, £7.6m, £10.4m and HBC £5.1m, £8.9m, £12.1m for 2012/13 to
    # 2014/15, nothing forecast after. Low saves £0, £2,690,000 (50%), then £5,380,000 a year.
    years = scenario_json()["scenario"]["years"]
    assert [(y["year"], y["deficit"], y["deficit_closed_pct"]) for y in years] == [
        ("2012/13", "9400000.00", "0.0"),
        ("2013/14", "16500000.00", "16.3"),  # 2,690,000 / 16,500,000
        ("2014/15", "22500000.00", "23.9"),  # the savings table's figure (seed 001 §2.4)
        ("2015/16", None, None),
        ("2016/17", None, None),
    ]
    assert years[0] == {
        "year": "2012/13",
        "savings": "0.00",
        "costs": "5500000.00",
        "net": "-5500000.00",
        "cumulative_net": "-5500000.00",
        "present_value": "-5500000.00",
        "deficit": "9400000.00",
        "deficit_closed_pct": "0.0",
    }


def test_each_council_gains_its_savings_costs_and_funding_gap_year_by_year(dh_appraisal):
    councils = scenario_json()["scenario"]["councils"]
    dbc = councils[0]
    assert set(dbc) == {"code", "savings", "costs", "net", "deficit_closed_pct", "by_year"}
    assert (dbc["code"], dbc["deficit_closed_pct"]) == ("DBC", "24.1")  # unchanged
    assert [(y["year"], y["deficit"], y["deficit_closed_pct"]) for y in dbc["by_year"]] == [
        ("2012/13", "4300000.00", "0.0"),
        ("2013/14", "7600000.00", "16.5"),  # 1,254,353.57 / 7,600,000
        ("2014/15", "10400000.00", "24.1"),
        ("2015/16", None, None),
        ("2016/17", None, None),
    ]
    assert dbc["by_year"][2] == {
        "year": "2014/15",
        "savings": "2508707.13",
        "costs": "231965.74",
        "deficit": "10400000.00",
        "deficit_closed_pct": "24.1",
    }
    for council in councils:
        by_year = council["by_year"]
        assert sum(Decimal(y["savings"]) for y in by_year) == Decimal(council["savings"])
        assert sum(Decimal(y["costs"]) for y in by_year) == Decimal(council["costs"])
    # The councils' years add up to the partnership's, to the penny.
    years = scenario_json()["scenario"]["years"]
    for i, year in enumerate(years):
        assert sum(Decimal(c["by_year"][i]["costs"]) for c in councils) == Decimal(year["costs"])


def test_a_cost_charged_to_one_council_is_in_that_councils_costs_alone(dh_appraisal):
    before = {c["code"]: c for c in scenario_json()["scenario"]["councils"]}
    add_cost(CostItem.Category.ICT, 2013, "120000", council="HBC", description="Hartlepool's own network")
    after = {c["code"]: c for c in scenario_json()["scenario"]["councils"]}
    assert after["DBC"]["costs"] == before["DBC"]["costs"]
    assert after["DBC"]["by_year"] == before["DBC"]["by_year"]
    assert Decimal(after["HBC"]["costs"]) - Decimal(before["HBC"]["costs"]) == Decimal("120000")
    assert Decimal(after["HBC"]["by_year"][1]["costs"]) - Decimal(before["HBC"]["by_year"][1]["costs"]) == 120000


def test_a_funding_line_reduces_the_costs_and_optimism_bias_leaves_it_as_it_is(dh_appraisal):
    add_cost(CostItem.Category.GRANT, 2012, "-25000", description="Improvement East grant (seed 003)")
    data = scenario_json()["scenario"]
    assert data["total_costs"] == "7975000.00"  # £8,000,000 less the £25,000 grant
    assert data["years"][0]["costs"] == "5475000.00"
    Scenario.objects.filter(pk=low().pk).update(optimism_bias=Decimal(10))
    biased = scenario_json()["scenario"]
    assert biased["total_costs"] == "8775000.00"  # £8,000,000 × 1.1, less £25,000 (not uplifted)


def test_a_grant_charged_to_one_council_lowers_that_councils_costs_alone(dh_appraisal):
    before = {c["code"]: c["costs"] for c in scenario_json()["scenario"]["councils"]}
    add_cost(CostItem.Category.GRANT, 2012, "-25000", council="DBC", description="Improvement East grant")
    after = {c["code"]: c["costs"] for c in scenario_json()["scenario"]["councils"]}
    assert Decimal(before["DBC"]) - Decimal(after["DBC"]) == Decimal("25000")
    assert after["HBC"] == before["HBC"]


def test_every_scenario_is_discounted_to_the_appraisals_base_year(dh_appraisal, django_user_model):
    # A scenario deferred by two years is discounted to 2012/13 like Low, not to its own first year.
    deferred = scenario_create(appraisal=dh_appraisal, name="Deferred", first_year=2014, years=5, user=None)
    scenario_status_update(scenario_id=deferred.pk, status=Scenario.Status.SHOWN, was=None, user=None)
    data = scenario_json("Deferred")
    assert data["discount_base_year"] == "2012/13"
    first = data["scenario"]["years"][0]
    assert first["year"] == "2014/15"
    # £6,870,000 (every cluster at its midpoint) discounted two years at 3.5%: 6,870,000 / 1.035² = 6,413,218.51
    assert first["present_value"] == "6413218.51"
    appraisal_discount_base_year_set(appraisal_id=dh_appraisal.pk, year=2014, was="", user=None)
    moved = scenario_json("Deferred")
    assert moved["discount_base_year"] == "2014/15"
    assert moved["scenario"]["years"][0]["present_value"] == "6870000.00"
    assert scenario_json("Low")["scenario"]["years"][2]["present_value"] == "4880000.00"  # 2014/15 undiscounted


def test_the_table_states_the_npv_basis_and_each_year_against_the_funding_gap(dh_appraisal):
    text = appraise("--scenario", "Low")
    assert "NPV at 2012/13 prices, discounted to 2012/13 at 3.5%" in text
    lines = [line.split() for line in text.splitlines()]
    assert ["Combined", "2013/14", "£2,690,000", "£16,500,000", "16.3%"] in lines
    assert ["DBC", "2014/15", "£2,508,707", "£10,400,000", "24.1%"] in lines
    assert ["HBC", "2016/17", "£2,871,293", "no", "gap", "forecast"] in lines
