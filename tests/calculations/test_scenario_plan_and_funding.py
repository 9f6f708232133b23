"""The medium-term financial plan, one discount base year, funding lines and costs charged to one council,
worked on paper on the scenario of test_scenario_hand_checked.py (two councils, 2020/21 to 2022/23, 3.5%).

Savings by year: 35,000, 70,000, 70,000; A takes 26,000, 52,000, 52,000 and B 9,000, 18,000, 18,000.

Funding gaps (the MTFS): A 2020/21 £40,000, 2022/23 £100,000 (none forecast for 2021/22); B 2021/22 £30,000.
    combined: 2020/21 40,000 (35,000 closes 87.5%); 2021/22 30,000 (70,000 closes 233.3%); 2022/23 100,000 (70.0%)
    A 2020/21 26,000 / 40,000 = 65.0%; 2021/22 no gap; 2022/23 52,000 / 100,000 = 52.0%
    B 2020/21 no gap; 2021/22 18,000 / 30,000 = 60.0%; 2022/23 no gap

Discounted to 2019/20 instead of 2020/21: every factor gains one more 1/1.035, so NPV = 108,316.76 / 1.035.
    -15,000 / 1.035 = -14,492.75; 60,000 / 1.071225 = 56,010.64; 70,000 / 1.108717875 = 63,135.99 -> 104,653.88

A £25,000 grant in 2020/21 (funding, below zero) and a £6,000 cost charged to B alone in 2021/22:
    costs 2020/21 50,000 - 25,000 = 25,000; 2021/22 10,000 + 6,000 = 16,000.
    shared lines are 25,000 and 10,000 (A 60% / B 40%): A 15,000, 6,000; B 10,000, 4,000 + 6,000 = 10,000.
With 10% optimism bias the redundancy cost becomes 55,000, the ICT 11,000, B's own 6,600; the grant stays 25,000.
"""

from decimal import Decimal as D
from fractions import Fraction

import pytest

from appraisal.calculations import CalculationError
from appraisal.calculations import scenario as sc
from tests.calculations.conftest import assumptions, base

MTFS = {"A": {2020: D(40000), 2022: D(100000)}, "B": {2021: D(30000)}}
GRANT = sc.CostItem("Funding", 2020, D(-25000), funding=True, description="Improvement grant")
B_ONLY = sc.CostItem("ICT convergence", 2021, D(6000), council="B")


def by_year(rows):
    return [(y.year, y.deficit, y.deficit_closed_pct) for y in rows]


def test_each_year_sets_savings_against_that_years_gap_and_says_when_none_is_forecast():
    result = sc.model(base(), assumptions(deficits=MTFS))

    assert by_year(result.years) == [
        (2020, D(40000), Fraction(175, 2)),
        (2021, D(30000), Fraction(700, 3)),
        (2022, D(100000), Fraction(70)),
    ]
    a, b = result.councils
    assert by_year(a.years) == [(2020, D(40000), Fraction(65)), (2021, None, None), (2022, D(100000), Fraction(52))]
    assert by_year(b.years) == [(2020, None, None), (2021, D(30000), Fraction(60)), (2022, None, None)]


def test_the_headline_is_measured_in_the_deficit_year_against_that_years_gap():
    result = sc.model(base(), assumptions(deficits=MTFS))

    assert (result.deficit_year, result.deficit, result.deficit_closed_pct) == (2022, D(100000), Fraction(70))
    assert result.deficit_forecast
    a, b = result.councils
    assert (a.deficit, a.deficit_closed_pct) == (D(100000), Fraction(52))
    assert (b.deficit, b.deficit_closed_pct) == (D(0), None)  # no gap forecast for B that year: no % closed


def test_a_deficit_year_outside_the_period_is_never_borrowed_for_a_later_year():
    """Defect 3 of issue 15: a 2015/16-2019/20 scenario was measured against the 2014/15 deficits."""
    result = sc.model(base(), assumptions(deficits={"A": {2019: D(90000)}}, deficit_year=2019))

    assert result.deficit_year == 2022  # the scenario's last year, its full effect
    assert not result.deficit_forecast
    assert (result.deficit, result.deficit_closed_pct) == (D(0), None)
    assert [y.deficit for y in result.years] == [None, None, None]


def test_without_a_plan_the_summarys_deficits_stand_for_the_deficit_year_as_before():
    result = sc.model(base(), assumptions())

    assert by_year(result.years) == [(2020, None, None), (2021, None, None), (2022, D(150000), Fraction(140, 3))]
    assert [c.deficit_closed_pct for c in result.councils] == [Fraction(52), Fraction(36)]


def test_every_scenario_can_be_discounted_to_the_appraisals_base_year():
    result = sc.model(base(), assumptions(discount_base_year=2019))

    assert [y.present_value for y in result.years] == [D("-14492.75"), D("56010.64"), D("63135.99")]
    assert result.npv == D("104653.88")
    assert result.discount_base_year == 2019
    assert sc.model(base(), assumptions()).discount_base_year == 2020


def test_a_later_base_year_compounds_the_earlier_years_forward():
    result = sc.model(base(), assumptions(discount_base_year=2021))

    assert [y.discount_factor for y in result.years] == [Fraction(1035, 1000), 1, Fraction(1000, 1035)]


def test_funding_reduces_costs_and_a_line_charged_to_one_council_is_that_councils_alone():
    result = sc.model(base(), assumptions(costs=[*assumptions().costs, GRANT, B_ONLY]))

    assert [y.costs for y in result.years] == [D(25000), D(16000), D(0)]
    a, b = result.councils
    assert [y.costs for y in a.years] == [D(15000), D(6000), D(0)]
    assert [y.costs for y in b.years] == [D(10000), D(10000), D(0)]
    assert a.costs + b.costs == result.total_costs == D(41000)


def test_optimism_bias_raises_costs_but_never_funding():
    result = sc.model(base(), assumptions(costs=[*assumptions().costs, GRANT, B_ONLY], optimism_bias=D(10)))

    assert [y.costs for y in result.years] == [D(55000) - D(25000), D(11000) + D("6600"), D(0)]


@pytest.mark.parametrize(
    "item, message",
    [
        (sc.CostItem("Redundancy", 2020, D(-5000)), "cannot be negative: enter grants and contributions as funding"),
        (sc.CostItem("Funding", 2020, D(5000), funding=True), "Funding is funding: it reduces costs"),
        (sc.CostItem("ICT", 2020, D(5000), council="Z"), "charged to Z, which is not a partner council"),
    ],
)
def test_a_cost_line_that_makes_no_sense_is_refused_with_its_reason(item, message):
    with pytest.raises(CalculationError, match=message):
        sc.model(base(), assumptions(costs=[item]))


def test_the_sensitivity_of_optimism_bias_still_switches_where_npv_reaches_zero():
    a = assumptions(costs=[*assumptions().costs, GRANT], optimism_bias=D(0))
    row = next(r for r in sc.model(base(), a).sensitivity if r.assumption == "Optimism bias")
    bias = (D(row.switching_value.numerator) / D(row.switching_value.denominator)).quantize(D("0.0001"))
    at_switch = sc.model(base(), assumptions(costs=a.costs, optimism_bias=bias))

    assert abs(at_switch.npv) < D(5)
