"""options_comparison: the stored short list worked out, scored and ranked, on the seed 001 demo appraisal."""

from decimal import Decimal

import pytest

from appraisal.calculations import options as opt
from appraisal.models import CostItem, OptionScore, Risk, Scenario
from appraisal.options.selectors import option_cases, options_comparison
from appraisal.options.services import options_defaults_create
from appraisal.scenarios.selectors import scenario_result
from appraisal.summary.selectors import appraisal_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def appraisal(dh_appraisal):
    options_defaults_create(appraisal=dh_appraisal)
    return dh_appraisal


def merger(appraisal, scenario_name="Low"):
    option = appraisal.options.create(name="Operational merger", delivery_model=opt.FEDERAL)
    Scenario.objects.filter(appraisal=appraisal, name=scenario_name).update(option=option)
    return option


def test_business_as_usual_alone_has_npv_0_and_ranks_first(appraisal):
    view = options_comparison(appraisal=appraisal)
    (bau,) = view.comparison.options
    assert (bau.figures.name, bau.figures.npv, bau.rank, bau.preferred) == ("Business as usual", 0, 1, True)
    assert view.problem == "" and view.without_figures == []


def test_an_options_figures_are_its_central_scenarios(appraisal):
    option = merger(appraisal)
    view = options_comparison(appraisal=appraisal)
    ranked = {o.figures.name: o for o in view.comparison.options}
    scenario = Scenario.objects.get(appraisal=appraisal, name="Low")
    expected = scenario_result(
        scenario=scenario, figures=appraisal_figures(appraisal=appraisal), with_sensitivity=False
    )
    assert ranked[option.name].figures.npv == expected.npv
    assert ranked[option.name].figures.result.full_year_savings == expected.full_year_savings
    assert ranked["Business as usual"].figures.npv == 0


def test_scores_risks_and_categorised_costs_are_read(appraisal):
    option = merger(appraisal)
    scenario = option.scenarios.get()
    before = options_comparison(appraisal=appraisal).comparison.options
    npv_before = next(o.figures.npv for o in before if o.figures.name == option.name)
    CostItem.objects.create(
        scenario=scenario,
        category="running_cost",
        description="Joint committee",
        year=2014,
        amount=Decimal(10000),
        recurring=True,
        bias_category=opt.OUTSOURCING,
        mitigated_pct=Decimal(100),  # 41% × 0 = 0%, the lower bound: exactly £10,000 a year
    )
    quality = appraisal.criteria.get(name="Quality of service to customers")
    OptionScore.objects.create(option=option, criterion=quality, score=4, reason="One service, same standards")
    Risk.objects.create(
        option=option,
        description="Savings not delivered",
        likelihood=3,
        impact=4,
        cost=Decimal(100000),
        probability=Decimal(50),
        year=2016,
    )
    after = {o.figures.name: o for o in options_comparison(appraisal=appraisal).comparison.options}[option.name]
    # £10,000 a year in 2014/15, 2015/16 and 2016/17, discounted to 2012/13 at 3.5%: 9,335.11 + 9,019.43 + 8,714.43.
    assert npv_before - after.figures.npv == Decimal("27068.97")
    assert after.figures.risk_adjusted_npv == after.figures.npv - Decimal(
        "43572.11"
    )  # 50,000 / 1.035^4 (1.14752300...)
    assert after.scores["Quality of service to customers"] == 4
    assert (after.figures.risks[0].rating, after.figures.risks[0].rag) == (12, opt.AMBER)


def test_an_option_without_a_scenario_is_listed_apart(appraisal):
    option = appraisal.options.create(name="Outsourcing", delivery_model=opt.OUTSOURCED)
    view = options_comparison(appraisal=appraisal)
    assert view.without_figures == [option]
    assert [o.figures.name for o in view.comparison.options] == ["Business as usual"]


def test_criteria_that_do_not_add_up_to_100_are_the_problem_shown(appraisal):
    appraisal.criteria.filter(name="Ease of withdrawal").update(weight=5)
    view = options_comparison(appraisal=appraisal)
    assert view.comparison is None
    assert view.problem == "The criteria's weights add up to 95; they must add up to 100."


def test_an_options_low_and_high_cases_are_worked_out_beside_its_central_case(appraisal):
    option = merger(appraisal, "High")
    Scenario.objects.filter(appraisal=appraisal, name="Low").update(option=option, case=Scenario.Case.LOW)
    cases = option_cases(option=option)
    assert set(cases) == {"central", "low"}
    assert cases["low"].npv < cases["central"].npv
