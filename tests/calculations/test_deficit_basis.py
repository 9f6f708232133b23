"""Issue 15, defect 5: a deficit as a % of net budget is of the council's whole net revenue budget where it is held,
never of the few services an appraisal covers ("Combined deficit £36.5m (821% of net budget)"); where it is not
held, of the budgets in the appraisal, and `pct_basis` says so. Pure: the calculation alone."""

from decimal import Decimal as D

from appraisal.calculations import (
    OF_APPRAISAL_BUDGETS,
    OF_REVENUE_BUDGET,
    AppraisalInput,
    BudgetLine,
    ClusterInput,
    CouncilInput,
    summarise,
)
from appraisal.calculations.scenario_types import CUSTOM, EQUAL, NET_BUDGET, SharingBasis
from appraisal.formatting import pct

# Three Corporate Services services of two councils, £4,444,000 between them, against a £36.5m combined deficit.
LINES = [
    BudgetLine("DBC", "Corporate Services", "HR", D(1_000_000)),
    BudgetLine("DBC", "Corporate Services", "Finance", D(1_222_000)),
    BudgetLine("SBC", "Corporate Services", "HR", D(2_222_000)),
]
CLUSTERS = [ClusterInput("Corporate Services", min_saving=D(400_000), max_saving=D(600_000))]


def _summary(dbc_budget, sbc_budget, **kwargs):
    councils = [
        CouncilInput("DBC", "Darlington Borough Council", D(16_500_000), net_revenue_budget=dbc_budget),
        CouncilInput("SBC", "Stockton-on-Tees Borough Council", D(20_000_000), net_revenue_budget=sbc_budget),
    ]
    return summarise(AppraisalInput(councils=councils, clusters=CLUSTERS, lines=LINES), **kwargs)


def test_with_the_councils_budgets_held_the_deficit_is_a_percentage_of_them():
    s = _summary(D(110_000_000), D(190_000_000))
    assert (pct(s.deficit.pct_of_net_budget), s.deficit.pct_basis) == ("12.2%", OF_REVENUE_BUDGET)
    assert s.deficit.pct_budget == D(300_000_000)
    assert s.deficit.net_budget == D(4_444_000)  # the appraisal's own budgets are still what its savings are of
    dbc, sbc = (c.against_deficit for c in s.councils)
    assert (pct(dbc.pct_of_net_budget), dbc.pct_basis) == ("15.0%", OF_REVENUE_BUDGET)
    assert (pct(sbc.pct_of_net_budget), sbc.pct_basis) == ("10.5%", OF_REVENUE_BUDGET)


def test_without_them_it_is_of_the_budgets_in_this_appraisal_and_says_so():
    s = _summary(None, None)
    assert (pct(s.deficit.pct_of_net_budget), s.deficit.pct_basis) == ("821.3%", OF_APPRAISAL_BUDGETS)
    assert OF_APPRAISAL_BUDGETS == "of the budgets in this appraisal"
    assert s.deficit.pct_budget == D(4_444_000)


def test_with_one_budget_held_that_council_uses_it_and_the_combined_figure_the_appraisals_budgets():
    s = _summary(D(110_000_000), None)
    dbc, sbc = (c.against_deficit for c in s.councils)
    assert (pct(dbc.pct_of_net_budget), dbc.pct_basis) == ("15.0%", OF_REVENUE_BUDGET)
    assert (pct(sbc.pct_of_net_budget), sbc.pct_basis) == ("900.1%", OF_APPRAISAL_BUDGETS)
    assert (pct(s.deficit.pct_of_net_budget), s.deficit.pct_basis) == ("821.3%", OF_APPRAISAL_BUDGETS)


def test_each_councils_share_of_the_savings_follows_the_scenarios_basis():
    # Darlington holds £1m of the cluster's £4m, Stockton £3m; the cluster's saving is £400,000 to £600,000.
    councils = [CouncilInput("DBC", "Darlington", D(16_500_000)), CouncilInput("SBC", "Stockton", D(20_000_000))]
    lines = [BudgetLine("DBC", "Corporate Services", "HR", D(1_000_000)),
             BudgetLine("SBC", "Corporate Services", "HR", D(3_000_000))]  # fmt: skip
    data = AppraisalInput(councils=councils, clusters=CLUSTERS, lines=lines)

    def shares(basis=None):
        return [(c.min_saving, c.max_saving) for c in summarise(data, savings_basis=basis).councils]

    assert shares() == [(D(100_000), D(150_000)), (D(300_000), D(450_000))]  # pro rata in the cluster
    assert shares(SharingBasis(EQUAL)) == [(D(200_000), D(300_000)), (D(200_000), D(300_000))]
    assert shares(SharingBasis(CUSTOM, {"DBC": D(60), "SBC": D(40)})) == [(D(240_000), D(360_000)),
                                                                         (D(160_000), D(240_000))]  # fmt: skip
    assert shares(SharingBasis(NET_BUDGET)) == [(D(100_000), D(150_000)), (D(300_000), D(450_000))]
    equal = summarise(data, savings_basis=SharingBasis(EQUAL))
    assert pct(equal.councils[0].against_deficit.min_closed_pct) == "1.2%"  # £200,000 of £16.5m
