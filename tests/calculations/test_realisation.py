"""Benefits realisation (issue 19): the RAG rule's boundaries, plan against actual, and a measure's progress from
its baseline to its target, worked by hand."""

from decimal import Decimal as D
from fractions import Fraction as F

import pytest

from appraisal.calculations import realisation as r
from appraisal.calculations.summary import CalculationError


@pytest.mark.parametrize(
    ("achieved", "status"),
    [
        (F(100), "green"),
        (F(95), "green"),
        (F(9499, 100), "amber"),
        (F(75), "amber"),
        (F(7499, 100), "red"),
        (F(0), "red"),
        (None, None),
    ],
)
def test_the_rag_boundaries_are_95_and_75_percent_of_plan(achieved, status):
    assert r.rag_of(achieved) == status


def test_delivery_is_rated_against_its_plan_and_nothing_planned_has_no_status():
    assert r.delivery_rag(D(95000), D(100000)) == "green"
    assert r.delivery_rag(D("94999.99"), D(100000)) == "amber"
    assert r.delivery_rag(D(74999), D(100000)) == "red"
    assert r.delivery_rag(D(5000), D(0)) is None


def test_plan_against_actual_gives_the_variance_running_totals_and_the_status_of_the_years_recorded():
    # Plan £100,000, £200,000, £200,000; delivered £100,000 then £150,000; the third year not yet recorded.
    # Year 2: cumulative £250,000 of £300,000 planned for the years recorded = 83.3%: amber.
    rows = r.plan_against_actual(
        {2013: D(100000), 2014: D(200000), 2015: D(200000)}, {2013: D(100000), 2014: D(150000)}
    )
    assert [(x.year, x.variance, x.cumulative_planned, x.cumulative_actual, x.rag) for x in rows] == [
        (2013, D(0), D(100000), D(100000), "green"),
        (2014, D(-50000), D(300000), D(250000), "amber"),
        (2015, None, D(500000), D(250000), None),
    ]


def test_a_saving_recorded_for_a_year_the_plan_does_not_cover_is_refused():
    with pytest.raises(CalculationError, match="recorded for 2019"):
        r.plan_against_actual({2013: D(1)}, {2019: D(1)})


def test_a_measure_moves_from_its_baseline_towards_its_target_whichever_way_is_better():
    # Satisfaction: baseline 70%, target 80%; a reading of 79.5% is 95% of the way: green; 77% is 70%: red.
    assert r.measure_progress(D(70), D(80), D("79.5")) == F(95)
    assert r.measure_rag(D(70), D(80), D("79.5")) == "green"
    assert r.measure_rag(D(70), D(80), D(77)) == "red"
    # Days to fix an ICT incident: baseline 5, target 3 (lower is better); a reading of 3.4 is 80% of the way: amber.
    assert r.measure_progress(D(5), D(3), D("3.4")) == F(80)
    assert r.measure_rag(D(5), D(3), D("3.4")) == "amber"
    assert r.measure_rag(D(5), D(3), None) is None
    assert r.measure_progress(D(5), D(5), D(4)) is None
