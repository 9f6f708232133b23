"""Seed 001 (Deloitte, Darlington & Hartlepool, 8 Aug 2011), section 2.4: every cell of the savings table.

The fixture splits each cluster between services and councils illustratively; the combined figures
must be the report's to the pound, and the percentages the report's to one decimal place.
"""

from decimal import Decimal

import pytest

from appraisal import formatting as fmt
from appraisal.calculations.summary import pct
from appraisal.summary.selectors import appraisal_figures

pytestmark = pytest.mark.django_db

# cluster, combined net, min, max, min %, max %, % of total net budget (to one place; the report rounds to whole %)
GOLDEN = [
    ("Strategic Management", "3572448", "1100000", "1600000", "30.8", "44.8", "2.3"),
    ("Children & Young People & Adult Services", "81123000", "1640000", "1950000", "2.0", "2.4", "51.8"),
    ("Corporate Services", "22881693", "1630000", "2820000", "7.1", "12.3", "14.6"),
    ("Culture & Leisure", "8148010", "200000", "250000", "2.5", "3.1", "5.2"),
    ("Environment", "22999871", "780000", "1560000", "3.4", "6.8", "14.7"),
    ("Regeneration, Regulatory, Planning & Infrastructure", "9243569", "30000", "180000", "0.3", "1.9", "5.9"),
]
# The report's "% of Total Net Budget" column in whole percent: 2, 52, 15, 5, 15, 6, 5.
REPORT_WHOLE_PERCENT_SHARES = [2, 52, 15, 5, 15, 6, 5]


@pytest.fixture
def summary(dh_appraisal):
    return appraisal_figures(appraisal=dh_appraisal).summary


@pytest.mark.parametrize(("name", "net", "lo", "hi", "lo_pct", "hi_pct", "share"), GOLDEN)
def test_each_cluster_row_matches_the_report(summary, name, net, lo, hi, lo_pct, hi_pct, share):
    row = next(c for c in summary.clusters if c.name == name)
    assert row.net_budget == Decimal(net)
    assert row.min_saving == Decimal(lo)
    assert row.max_saving == Decimal(hi)
    assert fmt.pct_number(row.min_saving_pct) == lo_pct
    assert fmt.pct_number(row.max_saving_pct) == hi_pct
    assert fmt.pct_number(row.share_of_net_budget_pct) == share


def test_clusters_come_in_the_reports_order_with_out_of_scope_last(summary):
    assert [c.name for c in summary.clusters] == [g[0] for g in GOLDEN] + ["Out of scope expenditure"]


def test_out_of_scope_expenditure_has_a_budget_and_no_saving(summary):
    row = summary.clusters[-1]
    assert row.out_of_scope
    assert row.net_budget == Decimal("8529455")
    assert (row.min_saving, row.max_saving, row.min_saving_pct, row.max_saving_pct) == (None, None, None, None)
    assert fmt.pct_number(row.share_of_net_budget_pct) == "5.5"


def test_shares_round_to_the_reports_whole_percentages(summary):
    whole = [int(fmt.round_half_up(c.share_of_net_budget_pct, 0)) for c in summary.clusters]
    assert whole == REPORT_WHOLE_PERCENT_SHARES


def test_totals_row_matches_the_report(summary):
    t = summary.totals
    assert t.net_budget == Decimal("156498046")
    assert t.min_saving == Decimal("5380000")
    assert t.max_saving == Decimal("8360000")
    assert fmt.pct_number(t.min_saving_pct) == "3.4"
    assert fmt.pct_number(t.max_saving_pct) == "5.3"


def test_in_scope_savings_match_the_reports_3_6_to_5_7_percent(summary):
    # §2.4 opening: "£5.4m (c 3.6% of net budget) to £8.4m (5.7% of net budget)" of the in-scope budget: the total
    # less out-of-scope expenditure (§2.3 leaves Housing out of scope as a cluster of its own, with no budget here).
    t = summary.totals
    assert t.in_scope_net_budget == Decimal("156498046") - Decimal("8529455") == Decimal("147968591")
    # The report's percentages are of its rounded savings: £5.4m is 3.649…%, £8.4m 5.677…% of £147,968,591.
    assert fmt.pct_number(pct(Decimal("5400000"), t.in_scope_net_budget)) == "3.6"
    assert fmt.pct_number(pct(Decimal("8400000"), t.in_scope_net_budget)) == "5.7"
    # To the pound, £5,380,000 and £8,360,000 are 3.636…% and 5.649…%.
    assert fmt.pct_number(t.in_scope_min_saving_pct) == "3.6"
    assert fmt.pct_number(t.in_scope_max_saving_pct) == "5.6"


def test_savings_close_23_9_to_37_2_percent_of_the_22_5m_deficit(summary):
    d = summary.deficit
    assert d.amount == Decimal("22500000")
    assert fmt.pct_number(d.pct_of_net_budget) == "14.4"
    assert fmt.pct_number(d.min_closed_pct) == "23.9"
    assert fmt.pct_number(d.max_closed_pct) == "37.2"
    assert d.min_gap == Decimal("17120000")
    assert d.max_gap == Decimal("14140000")


def test_the_per_council_split_sums_exactly_to_the_combined_figures(summary):
    councils = summary.councils
    assert [c.code for c in councils] == ["DBC", "HBC"]
    assert sum(c.net_budget for c in councils) == Decimal("156498046")
    assert sum(c.deficit for c in councils) == Decimal("22500000")
    assert sum(c.min_saving for c in councils) == Decimal("5380000")
    assert sum(c.max_saving for c in councils) == Decimal("8360000")
    for cluster in summary.clusters:
        if cluster.has_range:
            assert sum(c.cluster_savings[cluster.name][0] for c in councils) == cluster.min_saving
            assert sum(c.cluster_savings[cluster.name][1] for c in councils) == cluster.max_saving


def test_each_councils_share_is_pro_rata_to_its_cluster_budget(summary):
    dbc = summary.councils[0]
    strategic = summary.clusters[0]
    # Darlington holds £735,206 + £973,853 = £1,709,059 of Strategic Management's £3,572,448.
    assert strategic.council_net_budgets["DBC"] == Decimal("1709059")
    lo, hi = dbc.cluster_savings["Strategic Management"]
    # 1,100,000 × 1,709,059 / 3,572,448 = 526,239.962…; Hartlepool's remainder (.79p) is larger, so it takes the penny.
    assert lo == Decimal("526239.96")
    # 1,600,000 × 1,709,059 / 3,572,448 = 765,439.944…; again Hartlepool's remainder (.55p) takes the penny.
    assert hi == Decimal("765439.94")
    assert fmt.pct_number(dbc.against_deficit.min_closed_pct) == "24.1"
    assert fmt.pct_number(summary.councils[1].against_deficit.max_closed_pct) == "36.9"


def test_the_14_4_percent_is_of_the_two_councils_whole_net_revenue_budgets(summary):
    # Seed 001 §1.1: "£22.5m (c14.4% of net budget)". Each council's whole net revenue budget (Council) is held:
    # £72,604,370 + £83,893,676 = £156,498,046, so the percentage is of them, and says so (issue 15).
    d = summary.deficit
    assert d.pct_budget == Decimal("156498046")
    assert d.pct_basis == "of net revenue budget"
    assert fmt.pct_number(d.pct_of_net_budget) == "14.4"
    darlington, hartlepool = (c.against_deficit for c in summary.councils)
    assert (darlington.pct_budget, fmt.pct_number(darlington.pct_of_net_budget)) == (Decimal("72604370"), "14.3")
    assert (hartlepool.pct_budget, fmt.pct_number(hartlepool.pct_of_net_budget)) == (Decimal("83893676"), "14.4")
