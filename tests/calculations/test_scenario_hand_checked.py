"""A scenario small enough to work out on paper, every figure asserted.

Two councils, two clusters, three years (2020/21 to 2022/23), discount rate 3.5%, no optimism bias.

Net budgets:            cluster X    cluster Y    total
    A                    400,000      200,000    600,000
    B                    100,000      300,000    400,000
Savings ranges: X £40,000–£60,000, taken at the maximum (£60,000); Y £10,000–£30,000, at the minimum (£10,000).
Phasing 50%, 100%, 100%.  Costs: redundancy £50,000 in 2020/21, ICT £10,000 in 2021/22.

Year      savings                           costs     net       cumulative  discount factor     present value
2020/21   30,000 + 5,000  = 35,000          50,000   -15,000     -15,000    1                   -15,000.00
2021/22   60,000 + 10,000 = 70,000          10,000    60,000      45,000    1/1.035             57,971.01
2022/23   70,000                                 0    70,000     115,000    1/1.035² (1.071225) 65,345.75
NPV = -15,000 + 57,971.01 + 65,345.75 = £108,316.76; payback in 2021/22 (cumulative first ≥ 0).

Savings shared per cluster on net budget: X 80% A / 20% B; Y 40% A / 60% B.
    A: 24,000 + 2,000 = 26,000, then 48,000 + 4,000 = 52,000 a year  -> 130,000
    B:  6,000 + 3,000 =  9,000, then 12,000 + 6,000 = 18,000 a year  ->  45,000
Costs shared on whole net budget, A 60% / B 40%: A 30,000 + 6,000 = 36,000; B 20,000 + 4,000 = 24,000.
    A net -4,000, 46,000, 52,000: PV -4,000 + 44,444.44 + 48,542.56 = 88,987.00; payback 2021/22
    B net -11,000, 14,000, 18,000: PV -11,000 + 13,526.57 + 16,803.19 = 19,329.76; payback 2021/22
Deficits in 2022/23: A £100,000, closed 52,000 / 100,000 = 52.0%; B £50,000, closed 18,000 / 50,000 = 36.0%.
"""

from decimal import Decimal as D
from fractions import Fraction

import pytest

from appraisal import formatting as fmt
from appraisal.calculations import scenario as sc
from tests.calculations.conftest import assumptions, base


@pytest.fixture
def result():
    return sc.model(base(), assumptions())


def test_every_yearly_figure(result):
    assert [(y.year, y.savings, y.costs, y.net, y.cumulative_net, y.present_value) for y in result.years] == [
        (2020, D(35000), D(50000), D(-15000), D(-15000), D("-15000.00")),
        (2021, D(70000), D(10000), D(60000), D(45000), D("57971.01")),
        (2022, D(70000), D(0), D(70000), D(115000), D("65345.75")),
    ]
    assert [y.discount_factor for y in result.years] == [1, Fraction(1000, 1035), Fraction(1000000, 1071225)]


def test_npv_at_3_5_percent_and_payback(result):
    assert result.npv == D("108316.76")
    assert result.payback_year == 2021
    assert (result.total_savings, result.total_costs, result.total_net) == (D(175000), D(60000), D(115000))


def test_each_councils_share(result):
    a, b = result.councils
    assert [y.savings for y in a.years] == [D(26000), D(52000), D(52000)]
    assert [y.savings for y in b.years] == [D(9000), D(18000), D(18000)]
    assert [y.costs for y in a.years] == [D(30000), D(6000), D(0)]
    assert [y.costs for y in b.years] == [D(20000), D(4000), D(0)]
    assert (a.savings, a.costs, a.net, a.npv) == (D(130000), D(36000), D(94000), D("88987.00"))
    assert (b.savings, b.costs, b.net, b.npv) == (D(45000), D(24000), D(21000), D("19329.76"))
    assert (a.payback_year, b.payback_year) == (2021, 2021)
    assert fmt.pct_number(a.deficit_closed_pct) == "52.0"
    assert fmt.pct_number(b.deficit_closed_pct) == "36.0"
    assert fmt.pct_number(a.savings_share_pct) == "74.3"  # 130,000 of 175,000
    assert fmt.pct_number(a.costs_share_pct) == "60.0"


def test_the_cluster_plans_show_the_saving_used_and_its_phasing(result):
    x, y = result.clusters
    assert (x.name, x.full_year_saving, x.savings_by_year) == ("X", D(60000), (D(30000), D(60000), D(60000)))
    assert (y.name, y.full_year_saving, y.savings_by_year) == ("Y", D(10000), (D(5000), D(10000), D(10000)))
    assert x.phasing == (D(50), D(100), D(100))


def test_equal_and_custom_sharing_bases():
    equal = sc.model(base(), assumptions(savings_basis=sc.SharingBasis(sc.EQUAL)))
    assert [c.savings for c in equal.councils] == [D(87500), D(87500)]
    custom = sc.model(base(), assumptions(costs_basis=sc.SharingBasis(sc.CUSTOM, {"A": D("33.333"), "B": D("66.667")})))
    # 50,000 x 33.333% = 16,666.50; 10,000 x 33.333% = 3,333.30
    assert [c.costs for c in custom.councils] == [D("19999.80"), D("40000.20")]


def test_optimism_bias_lowers_savings_and_raises_costs():
    r = sc.model(base(), assumptions(optimism_bias=D(10)))
    assert [y.savings for y in r.years] == [D(31500), D(63000), D(63000)]
    assert [y.costs for y in r.years] == [D(55000), D(11000), D(0)]


def test_sensitivity_and_switching_values(result):
    rows = {s.assumption: s for s in result.sensitivity}
    assert list(rows) == ["Saving: X", "Saving: Y", "Implementation costs in total", "Discount rate", "Optimism bias"]
    x = rows["Saving: X"]
    # X at its minimum £40,000 a year: savings 20,000+5,000, 50,000, 50,000 -> nets -25,000, 40,000, 50,000
    assert (x.low_value, x.high_value) == (D(40000), D(60000))
    assert x.npv_low == D("-25000") + D("38647.34") + D("46675.54")
    assert x.npv_high == result.npv
    # NPV falls by k = 0.5 + 1/1.035 + 1/1.071225 per £1 of X's saving, so it reaches 0 at 60,000 - NPV/k.
    k = Fraction(1, 2) + Fraction(1000, 1035) + Fraction(1000000, 1071225)
    assert x.switching_value == (-Fraction(D("108316.76")) / k) / 60000 * 100
    assert fmt.pct_number(x.switching_value) == "-75.2"  # 108,316.76 / 2.3997 = 45,137.8 of 60,000
    costs = rows["Implementation costs in total"]
    assert (costs.low_value, costs.high_value) == (D(48000), D(72000))  # ±20% with no range given
    # Costs +20%: 60,000 and 12,000, so nets -25,000, 58,000 (PV 56,038.65) and 70,000 (PV 65,345.75).
    assert costs.npv_high == D("-25000") + D("56038.65") + D("65345.75")
    # NPV reaches zero when costs rise by NPV / PV(costs) = 108,316.76 / (50,000 + 9,661.84) = 181.6%.
    assert fmt.pct_number(costs.switching_value) == "181.6"
    assert rows["Discount rate"].switching_value is None  # NPV stays positive at any rate up to 100%
    # NPV(b) = A - b x B with A = sum of DF x (S - C) = 108,316.76 and B = sum of DF x (S + C)
    # = 85,000 + 80,000/1.035 + 70,000/1.071225 = 227,640.44: zero at b = 47.6%.
    assert fmt.pct_number(rows["Optimism bias"].switching_value) == "47.6"


def test_the_costs_row_speaks_of_the_costs_the_headline_counts_optimism_bias_included():
    # With 10% optimism bias: savings 31,500, 63,000, 63,000; costs 55,000, 11,000, 0 (£66,000, the headline's).
    r = sc.model(base(), assumptions(optimism_bias=D(10)))
    costs = {s.assumption: s for s in r.sensitivity}["Implementation costs in total"]
    assert r.total_costs == D(66000)
    # ±20% of the costs as counted: 40,000 + 8,000 and 60,000 + 12,000 before bias, each raised by 10%.
    assert (costs.base_value, costs.low_value, costs.high_value) == (D(66000), D(52800), D(79200))
    # NPV -23,500 + 52,000/1.035 + 63,000/1.071225 = 85,552.72 reaches zero when the costs rise by
    # NPV / PV(costs) = 85,552.72 / (55,000 + 10,628.02) = 130.4%: to 66,000 x 2.3036 = £152,038, not a figure on
    # the £60,000 before bias.
    assert r.npv == D("85552.72")
    assert costs.switching_value == Fraction(D("85552.72")) / Fraction(D("65628.02")) * 100
    assert fmt.pct_number(costs.switching_value) == "130.4"
    said = fmt.switching(costs.switching_value, costs.switching_unit, costs.base_value)
    assert said == "NPV reaches zero if this figure rises by 130.4%, to £152,038"
