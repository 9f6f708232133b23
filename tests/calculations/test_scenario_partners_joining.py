"""Partners joining or leaving a scenario (issue 19, seed 003: North Herts asks to join East Herts and Stevenage
later), worked by hand. Three councils A, B, C; savings and costs shared equally; four years from 2020/21, every
cluster fully phased in: X at its maximum £60,000 and Y at its minimum £10,000, £70,000 a year in all.

C joins in the third year (2022/23):
    2020/21, 2021/22: A and B share £70,000: £35,000 each; C nil.
    2022/23, 2023/24: all three share £70,000: £23,333.33⅓ each; largest remainder gives the odd penny to the first
    council on a tie: A £23,333.34, B £23,333.33, C £23,333.33.
    Costs: redundancy £50,000 in 2020/21 (A and B, £25,000 each), ICT £10,000 in 2021/22 (£5,000 each), and C's entry
    contribution of £15,000 in 2022/23 charged to C alone.
"""

from decimal import Decimal as D

import pytest

from appraisal.calculations import AppraisalInput, BudgetLine, ClusterInput, CouncilInput, summarise
from appraisal.calculations import scenario as sc
from appraisal.calculations.summary import CalculationError

EQUAL = sc.SharingBasis(sc.EQUAL)


def base():
    councils = [CouncilInput(code, f"Council {code}", D(100000)) for code in "ABC"]
    lines = [BudgetLine(code, cluster, f"{cluster.lower()}1", D(100000)) for code in "ABC" for cluster in "XY"]
    clusters = [ClusterInput("X", False, D(40000), D(60000)), ClusterInput("Y", False, D(10000), D(30000))]
    return summarise(AppraisalInput(councils=councils, clusters=clusters, lines=lines))


def assumptions(**changes):
    values = dict(
        first_year=2020,
        years=4,
        phasing=[D(100)] * 4,
        points={"X": sc.SavingsPoint(sc.MAX), "Y": sc.SavingsPoint(sc.MIN)},
        costs=[sc.CostItem("Redundancy", 2020, D(50000)), sc.CostItem("ICT convergence", 2021, D(10000))],
        savings_basis=EQUAL,
        costs_basis=EQUAL,
        deficit_year=2023,
    )
    values.update(changes)
    return sc.Assumptions(**values)


def by_council(result, what):
    return {c.code: [getattr(y, what) for y in c.years] for c in result.councils}


def test_a_partner_joining_in_year_three_shares_nothing_before_and_the_shares_add_up_every_year():
    entry = sc.CostItem("Partner contribution", 2022, D(15000), council="C")
    a = assumptions(membership={"C": (2022, None)}, costs=[*assumptions().costs, entry])
    result = sc.model(base(), a)

    assert by_council(result, "savings") == {
        "A": [D(35000), D(35000), D("23333.34"), D("23333.34")],
        "B": [D(35000), D(35000), D("23333.33"), D("23333.33")],
        "C": [D(0), D(0), D("23333.33"), D("23333.33")],
    }
    assert by_council(result, "costs") == {
        "A": [D(25000), D(5000), D(0), D(0)],
        "B": [D(25000), D(5000), D(0), D(0)],
        "C": [D(0), D(0), D(15000), D(0)],
    }
    for i, year in enumerate(result.years):
        assert sum(c.years[i].savings for c in result.councils) == year.savings == D(70000)
        assert sum(c.years[i].costs for c in result.councils) == year.costs


def test_an_exit_cost_falls_on_the_leaving_council_alone_and_the_others_share_after_it_leaves():
    exit_cost = sc.CostItem("Other", 2021, D(8000), description="Exit costs", council="B")
    a = assumptions(membership={"B": (None, 2021)}, costs=[*assumptions().costs, exit_cost])
    result = sc.model(base(), a)

    # Three partners in the first two years (£23,333.34 / .33 / .33), then A and C: £35,000 each.
    assert by_council(result, "savings")["B"] == [D("23333.33"), D("23333.33"), D(0), D(0)]
    assert by_council(result, "savings")["C"] == [D("23333.33"), D("23333.33"), D(35000), D(35000)]
    # Redundancy £50,000 in thirds (£16,666.67, .67, .66 by largest remainder), ICT £10,000 in thirds (3,333.34,
    # .33, .33) plus B's own £8,000 exit cost in 2021/22.
    costs = by_council(result, "costs")
    assert costs["A"][:2] == [D("16666.67"), D("3333.34")]
    assert costs["B"][:2] == [D("16666.67"), D("11333.33")]
    assert costs["C"][:2] == [D("16666.66"), D("3333.33")]
    assert [c[2] + c[3] for c in costs.values()] == [D(0), D(0), D(0)]


def test_the_same_scenario_without_changes_of_partner_shares_in_thirds_throughout():
    result = sc.model(base(), assumptions())
    assert by_council(result, "savings")["C"] == [D("23333.33")] * 4


@pytest.mark.parametrize(
    ("membership", "message"),
    [
        ({"Z": (2021, None)}, "'Z' joins or leaves, but is not one of the appraisal's councils."),
        ({"A": (2022, 2021)}, "A leaves before it joins."),
        ({c: (2022, None) for c in "ABC"}, "No council is a partner in 2020: every year needs at least one."),
    ],
)
def test_impossible_memberships_are_refused_with_the_reason(membership, message):
    with pytest.raises(CalculationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        sc.model(base(), assumptions(membership=membership))
