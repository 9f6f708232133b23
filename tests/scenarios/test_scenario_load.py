"""The seed-001 scenarios shipped in the fixture, and cloning a scenario."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from appraisal import formatting as fmt
from appraisal.models import CostItem, Scenario
from appraisal.scenarios.selectors import scenario_get, scenario_result
from appraisal.scenarios.services import scenario_clone
from appraisal.summary.selectors import appraisal_figures

pytestmark = pytest.mark.django_db


def result(appraisal, name):
    return scenario_result(
        scenario=scenario_get(appraisal=appraisal, name=name), figures=appraisal_figures(appraisal=appraisal)
    )


@pytest.mark.parametrize("name", ["Low", "High"])
def test_seed_001_scenarios_give_first_net_savings_in_2013_14_and_full_effect_from_2014_15(dh_appraisal, name):
    # Seed 001 §3.2: "the first year of net savings is likely to be during 2013/14, with a full net savings
    # effect from 2014/15."
    r = result(dh_appraisal, name)
    first_net_saving = next(y.year for y in r.years if y.net > 0)
    assert first_net_saving == 2013
    full = r.full_year_savings
    assert [y.year for y in r.years if y.savings == full] == [2014, 2015, 2016]
    assert next(y.year for y in r.years if y.savings > 0) == 2013


def test_the_low_scenario_is_minimum_savings_against_8m_of_costs(dh_appraisal):
    r = result(dh_appraisal, "Low")
    assert r.full_year_savings == Decimal("5380000")
    assert r.total_costs == Decimal("8000000")
    assert r.npv == Decimal("9263009.84")
    assert r.payback_year == 2014
    assert (r.deficit_year, r.deficit, r.deficit_year_savings) == (2014, Decimal("22500000"), Decimal("5380000"))
    assert fmt.pct_number(r.deficit_closed_pct) == "23.9"  # the savings table's figure, at full effect in 2014/15
    dbc, hbc = r.councils
    assert dbc.savings + hbc.savings == r.total_savings
    assert dbc.costs + hbc.costs == Decimal("8000000")


def test_the_high_scenario_is_maximum_savings_against_5m_of_costs(dh_appraisal):
    r = result(dh_appraisal, "High")
    assert r.full_year_savings == Decimal("8360000")
    assert r.total_costs == Decimal("5000000")
    assert r.npv == Decimal("21728821.33")


def test_appraise_json_adds_the_scenario(dh_appraisal):
    out = StringIO()
    call_command("appraise", "darlington-hartlepool-2011", "--scenario", "low", "--format", "json", stdout=out)
    s = json.loads(out.getvalue())["scenario"]
    assert s["name"] == "Low"
    assert s["years"][0] == {
        "year": "2012/13",
        "savings": "0.00",
        "costs": "5500000.00",
        "net": "-5500000.00",
        "cumulative_net": "-5500000.00",
        "present_value": "-5500000.00",
        "deficit": "9400000.00",  # the councils' medium-term plans for 2012/13: £4.3m and £5.1m
        "deficit_closed_pct": "0.0",
    }
    assert s["years"][1]["present_value"] == "666666.67"  # 690,000 / 1.035
    assert (s["npv"], s["payback_year"]) == ("9263009.84", "2014/15")
    assert [c["code"] for c in s["councils"]] == ["DBC", "HBC"]
    assert set(s["councils"][0]) == {"code", "savings", "costs", "net", "deficit_closed_pct", "by_year"}
    assert s["councils"][0]["deficit_closed_pct"] == "24.1"
    assert {"assumption", "npv_low", "npv_high", "switching_value_pct"} <= set(s["sensitivity"][0])
    rates = next(x for x in s["sensitivity"] if x["assumption"] == "Discount rate")
    assert rates["switching_value_pct"] == "44.2"


def test_appraise_table_shows_the_scenario(dh_appraisal):
    out = StringIO()
    call_command("appraise", "darlington-hartlepool-2011", "--scenario", "High", stdout=out)
    text = out.getvalue()
    assert "Scenario: High (2012/13 to 2016/17; discount rate 3.5%, optimism bias 0%)" in text
    assert "NPV £21,728,821; payback year 2014/15" in text
    assert "Implementation costs in total" in text


def test_an_unknown_scenario_is_a_clear_error(dh_appraisal):
    with pytest.raises(
        CommandError, match="No scenario 'Medium' in darlington-hartlepool-2011. Its scenarios: Low, High"
    ):
        call_command("appraise", "darlington-hartlepool-2011", "--scenario", "Medium", stdout=StringIO())


def test_cloning_copies_every_assumption(dh_appraisal):
    low = scenario_get(appraisal=dh_appraisal, name="Low")
    copy = scenario_clone(scenario=low, name="Low, slower")
    assert copy.pk != low.pk
    assert copy.cost_items.count() == low.cost_items.count() == 9
    assert copy.phases.count() == 5 and copy.cluster_settings.count() == 6
    assert result(dh_appraisal, "Low, slower").npv == result(dh_appraisal, "Low").npv
    with pytest.raises(ValidationError, match="already has a scenario with that name"):
        scenario_clone(scenario=low, name="low, SLOWER")


def test_the_model_refuses_a_period_outside_3_to_10_years(dh_appraisal):
    low = scenario_get(appraisal=dh_appraisal, name="Low")
    low.years = 2
    with pytest.raises(ValidationError, match="3 to 10 years"):
        low.full_clean()
    low.years = 11
    with pytest.raises(ValidationError, match="3 to 10 years"):
        low.full_clean()


def test_a_cost_whose_low_is_above_its_amount_is_refused(dh_appraisal):
    item = CostItem(scenario=Scenario.objects.first(), category="ict", year=2012, amount=Decimal(10), low=Decimal(20))
    with pytest.raises(ValidationError, match="low estimate cannot be more than the amount"):
        item.full_clean()


def test_the_fixtures_scenarios_are_shown_to_members(dh_appraisal):
    assert list(Scenario.objects.values_list("name", "status")) == [("Low", "shown"), ("High", "shown")]


def test_a_scenario_loaded_as_a_draft_stays_one_and_its_costs_may_be_funding_charged_to_one_council(dh_appraisal):
    from appraisal.scenarios.services import scenario_load

    spec = {
        "name": "Bid",
        "status": "draft",
        "first_year": "2012/13",
        "years": 3,
        "costs": [
            {"category": "programme", "year": "2012/13", "amount": "50000", "description": "Project manager"},
            {"category": "grant", "year": "2012/13", "amount": "-25000", "council": "DBC"},
        ],
    }
    bid = scenario_load(appraisal=dh_appraisal, spec=spec, position=2)
    assert bid.status == Scenario.Status.DRAFT
    lines = [(c.category, c.amount, c.council.code if c.council else None) for c in bid.cost_items.order_by("pk")]
    assert lines == [("programme", Decimal("50000"), None), ("grant", Decimal("-25000"), "DBC")]
    scenario_load(appraisal=dh_appraisal, spec=spec, position=2)  # loading again changes nothing
    assert bid.cost_items.count() == 2 and bid.cost_items.first().history.count() == 1


def test_a_copy_is_a_draft_until_it_is_shown(dh_appraisal):
    copy = scenario_clone(scenario=scenario_get(appraisal=dh_appraisal, name="High"), name="High, later")
    assert (copy.status, scenario_get(appraisal=dh_appraisal, name="High").status) == ("draft", "shown")
