"""An option's figures on the hand-checked scenario (tests/calculations/conftest.py; NPV £108,316.76 there).

The outsourcing option adds a contract price of £10,000 a year from 2021/22 to the period's end, category
outsourcing with 50% of the risk mitigated: bias 41% × 0.5 = 20.5%, so £12,050 a year.

Year      savings   costs                    net       discount factor   present value
2020/21   35,000    50,000                  -15,000    1                 -15,000.00
2021/22   70,000    10,000 + 12,050 = 22,050  47,950    1/1.035            46,328.50
2022/23   70,000    12,050                   57,950    1/1.071225         54,096.95
NPV = -15,000 + 46,328.50 + 54,096.95 = £85,425.45.

A risk costing £100,000 if it happens, with a 10% probability, in 2022/23: expected cost £10,000, discounted
10,000 / 1.071225 = £9,335.11; risk-adjusted NPV = 85,425.45 − 9,335.11 = £76,090.34.
"""

from dataclasses import replace
from decimal import Decimal as D
from fractions import Fraction

import pytest

from appraisal.calculations import CalculationError
from appraisal.calculations import options as opt
from appraisal.calculations import scenario as sc
from tests.calculations.conftest import assumptions, base

CONTRACT = opt.CostLine(
    "Contract price", 2021, D(10000), bias_category=opt.OUTSOURCING, mitigated_pct=D(50), recurring=True
)
RISK = opt.RiskInput("Contractor fails", 2, 5, "operational", cost=D(100000), probability=D(10), year=2022)


def outsourcing(**changes):
    values = dict(
        name="Outsourcing",
        assumptions=assumptions(),
        delivery_model=opt.OUTSOURCED,
        cost_lines=[CONTRACT],
        risks=[RISK],
    )
    values.update(changes)
    return opt.OptionInput(**values)


def test_a_recurring_line_with_its_category_bias_every_year():
    f = opt.option_figures(base(), outsourcing())
    assert [(y.year, y.costs, y.net, y.present_value) for y in f.result.years] == [
        (2020, D(50000), D(-15000), D(-15000)),
        (2021, D(22050), D(47950), D("46328.50")),
        (2022, D(12050), D(57950), D("54096.95")),
    ]
    assert f.npv == D("85425.45")
    (line,) = f.cost_lines
    assert (line.bias.code, line.applied_bias, dict(line.years), dict(line.years_with_bias)) == (
        opt.OUTSOURCING,
        D("20.5"),
        {2021: D(10000), 2022: D(10000)},
        {2021: D(12050), 2022: D(12050)},
    )


def test_risk_adjusted_npv_is_npv_less_the_discounted_expected_costs():
    f = opt.option_figures(base(), outsourcing())
    assert f.expected_costs == (D(0), D(0), D(10000))
    assert f.discounted_expected_costs == D("9335.11")
    assert f.risk_adjusted_npv == D("76090.34") == f.npv - f.discounted_expected_costs
    (risk,) = f.risks
    assert (risk.rating, risk.rag, risk.expected_cost) == (10, opt.AMBER, D(10000))


def test_an_option_without_lines_or_adjustment_has_exactly_its_scenarios_figures():
    a = assumptions()
    f = opt.option_figures(base(), opt.OptionInput("Partnership", a, opt.FEDERAL))
    assert f.result == sc.model(base(), a, with_sensitivity=False)
    assert f.npv == f.risk_adjusted_npv == D("108316.76")


def test_a_one_off_line_with_no_category_is_the_cost_item_scenarios_always_had():
    line = opt.CostLine("Redundancy", 2020, D(50000), low=D(40000), high=D(60000))
    assert opt.cost_items(line, [2020, 2021, 2022]) == (sc.CostItem("Redundancy", 2020, D(50000), D(40000), D(60000)),)


def test_a_line_with_no_category_takes_the_scenarios_single_optimism_bias():
    a = assumptions(costs=[], optimism_bias=D(10))
    line = opt.CostLine("Market testing", 2020, D(1000))
    f = opt.option_figures(base(), opt.OptionInput("Outsourcing", a, cost_lines=[line]))
    assert f.result.years[0].costs == D(1100)
    assert f.cost_lines[0].bias is None and f.cost_lines[0].applied_bias == D(10)


def test_a_categorised_line_ignores_the_scenarios_single_bias():
    a = assumptions(costs=[], optimism_bias=D(10))
    line = opt.CostLine("ICT", 2020, D(1000), bias_category=opt.EQUIPMENT, mitigated_pct=D(92))
    f = opt.option_figures(base(), opt.OptionInput("Partnership", a, cost_lines=[line]))
    assert f.result.years[0].costs == D(1160)  # 16%


def test_the_savings_adjustment_replaces_the_bias_on_savings_only():
    a = assumptions(costs=[sc.CostItem("Redundancy", 2020, D(50000))], optimism_bias=D(10))
    f = opt.option_figures(base(), opt.OptionInput("Partnership", a, savings_adjustment=D(20)))
    assert [y.savings for y in f.result.years] == [D(28000), D(56000), D(56000)]  # 35,000 and 70,000 less 20%
    assert f.result.years[0].costs == D(55000)  # the scenario's 10% still raises an uncategorised cost


def test_business_as_usual_has_nil_savings_nil_costs_and_npv_0():
    a = assumptions(costs=[sc.CostItem("Redundancy", 2020, D(50000))], optimism_bias=D(10))
    f = opt.option_figures(base(), opt.OptionInput(opt.BUSINESS_AS_USUAL_NAME, a, business_as_usual=True))
    assert f.npv == f.risk_adjusted_npv == D(0)
    assert (f.result.total_savings, f.result.total_costs, f.result.full_year_savings) == (D(0), D(0), D(0))
    assert f.result.payback_year is None
    # Each council's gap is left as it is: nothing of it closed.
    assert [(c.deficit, c.deficit_closed_pct) for c in f.result.councils] == [(D(100000), 0), (D(50000), 0)]


def test_business_as_usual_can_carry_risks():
    risk = opt.RiskInput("Small teams fail", 3, 3, cost=D(20000), probability=D(50), year=2020)
    f = opt.option_figures(base(), opt.OptionInput("BAU", assumptions(), business_as_usual=True, risks=[risk]))
    assert (f.npv, f.risk_adjusted_npv) == (D(0), D(-10000))


def test_business_as_usual_refuses_cost_lines():
    with pytest.raises(CalculationError, match="no costs"):
        opt.option_figures(base(), opt.OptionInput("BAU", assumptions(), business_as_usual=True, cost_lines=[CONTRACT]))


@pytest.mark.parametrize(
    "risk, message",
    [
        (opt.RiskInput("r", 0, 3), "likelihood is scored 1 to 5"),
        (opt.RiskInput("r", 3, 6), "impact is scored 1 to 5"),
        (opt.RiskInput("r", 3, 3, cost=D(1), probability=D(101), year=2020), "between 0% and 100%"),
        (opt.RiskInput("r", 3, 3, cost=D(1), probability=D(50)), "give the year"),
        (opt.RiskInput("r", 3, 3, cost=D(1), probability=D(50), year=2030), "outside the period"),
        (opt.RiskInput("r", 3, 3, cost=D(-1), probability=D(50), year=2020), "cannot be negative"),
    ],
)
def test_a_risk_the_calculation_cannot_use_is_refused_by_name(risk, message):
    with pytest.raises(CalculationError, match=message):
        opt.option_figures(base(), outsourcing(risks=[risk]))


def test_a_line_outside_the_period_is_refused():
    line = opt.CostLine("Market testing", 2019, D(1000))
    with pytest.raises(CalculationError, match="outside the period 2020 to 2022"):
        opt.option_figures(base(), outsourcing(cost_lines=[line]))


def test_a_recurring_line_stops_at_its_last_year():
    line = opt.CostLine("Running cost", 2020, D(500), recurring=True, last_year=2021)
    assert opt.line_years(line, [2020, 2021, 2022]) == {2020: D(500), 2021: D(500)}


@pytest.mark.parametrize(
    "rating, band", [(1, "green"), (6, "green"), (7, "amber"), (8, "amber"), (12, "amber"), (13, "red"), (25, "red")]
)
def test_every_rating_has_a_band(rating, band):
    assert opt.rag(rating) == band


def test_every_product_of_likelihood_and_impact_is_banded_as_the_issue_says():
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            r = opt.risk_figures(opt.RiskInput("r", likelihood, impact))
            expected = "green" if r.rating <= 6 else "amber" if r.rating <= 12 else "red"
            assert r.rating == likelihood * impact and r.rag == expected


def test_top_risks_are_the_three_highest_rated():
    risks = [opt.RiskInput(f"r{i}", lik, imp) for i, (lik, imp) in enumerate([(1, 1), (5, 5), (2, 3), (4, 4), (2, 3)])]
    f = opt.option_figures(base(), outsourcing(risks=risks))
    assert [r.description for r in f.top_risks] == ["r1", "r3", "r2"]


def test_each_councils_share_of_its_gap_closed_comes_from_the_scenario_model():
    f = opt.option_figures(base(), opt.OptionInput("Partnership", assumptions()))
    assert [c.deficit_closed_pct for c in f.result.councils] == [Fraction(52), Fraction(36)]


@pytest.mark.parametrize("adjustment", [None, D(20)])
def test_the_optimism_bias_switching_value_moves_only_what_the_scenarios_bias_moves(adjustment):
    # A categorised line keeps its own bias, and savings with their own adjustment keep it, when the scenario's
    # single optimism bias moves: at the switching value the NPV is nil (to within pennies of rounding).
    a = assumptions(costs=[sc.CostItem("Redundancy", 2020, D(100000))], optimism_bias=D(10))
    option = opt.OptionInput("Outsourcing", a, cost_lines=[CONTRACT], savings_adjustment=adjustment)
    f = opt.option_figures(base(), option, with_sensitivity=True)
    row = next(s for s in f.result.sensitivity if s.assumption == "Optimism bias")
    at_switch = D(10) + D(float(row.switching_value)).quantize(D("0.000001"))
    moved = replace(option, assumptions=replace(a, optimism_bias=at_switch))
    assert abs(opt.option_figures(base(), moved).npv) < D(5)
