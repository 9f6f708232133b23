"""Criteria, scores and ranks (issue 17), worked by hand on the hand-checked scenario (conftest.py).

Options: business as usual (NPV £0); Partnership, the hand-checked scenario (NPV £108,316.76); Outsourcing, the
same plus £200,000 of market testing in 2020/21, the base year (NPV £108,316.76 − £200,000 = −£91,683.24).
Financial scores, best 5, worst 0, linear over the £200,000 between them:
    Partnership 5; Outsourcing 0; business as usual 5 × 91,683.24 / 200,000 = 2.29 -> 2.
Criteria: Financial value 40 (from the figures), Quality 30, Deliverability 30.
                     financial  quality  deliverability   weighted = Σ weight × score / 5
    Partnership          5         4          3           (200 + 120 + 90) / 5 = 82
    Business as usual    2         3          5           ( 80 +  90 + 150) / 5 = 64
    Outsourcing          0         2          2           (  0 +  60 +  60) / 5 = 24
"""

from decimal import Decimal as D

import pytest

from appraisal import formatting as fmt
from appraisal.calculations import CalculationError
from appraisal.calculations import options as opt
from tests.calculations.conftest import assumptions, base

CRITERIA = [
    opt.CriterionInput("Financial value", D(40), financial=True),
    opt.CriterionInput("Quality", D(30)),
    opt.CriterionInput("Deliverability", D(30)),
]
MARKET_TESTING = opt.CostLine("Market testing", 2020, D(200000))


def short_list(preferred=None, **scores):
    given = {
        "Business as usual": {"Quality": 3, "Deliverability": 5},
        "Partnership": {"Quality": 4, "Deliverability": 3},
        "Outsourcing": {"Quality": 2, "Deliverability": 2},
    } | scores
    return [
        opt.OptionInput(
            "Business as usual",
            assumptions(),
            business_as_usual=True,
            scores=given["Business as usual"],
            preferred=preferred == "Business as usual",
        ),
        opt.OptionInput(
            "Partnership",
            assumptions(),
            opt.FEDERAL,
            scores=given["Partnership"],
            preferred=preferred == "Partnership",
        ),
        opt.OptionInput(
            "Outsourcing",
            assumptions(),
            opt.OUTSOURCED,
            cost_lines=[MARKET_TESTING],
            scores=given["Outsourcing"],
            preferred=preferred == "Outsourcing",
        ),
    ]


def test_weighted_scores_and_ranks_worked_by_hand():
    c = opt.compare(base(), short_list(), CRITERIA)
    assert [
        (o.figures.name, o.figures.npv, o.scores["Financial value"], o.weighted_score, o.rank) for o in c.options
    ] == [
        ("Partnership", D("108316.76"), 5, D(82), 1),
        ("Business as usual", D(0), 2, D(64), 2),
        ("Outsourcing", D("-91683.24"), 0, D(24), 3),
    ]


def test_rank_1_is_preferred_by_default():
    c = opt.compare(base(), short_list(), CRITERIA)
    assert (c.preferred, c.preferred_by_default, c.preferred_needs_reason) == ("Partnership", True, False)
    assert [o.preferred for o in c.options] == [True, False, False]


def test_preferring_an_option_below_rank_1_needs_a_reason():
    c = opt.compare(base(), short_list(preferred="Business as usual"), CRITERIA)
    assert (c.preferred, c.preferred_by_default, c.preferred_needs_reason) == ("Business as usual", False, True)


def test_preferring_rank_1_needs_no_reason():
    c = opt.compare(base(), short_list(preferred="Partnership"), CRITERIA)
    assert (c.preferred_by_default, c.preferred_needs_reason) == (False, False)


def test_equal_weighted_scores_rank_the_higher_npv_first():
    criteria = [opt.CriterionInput("Quality", D(100))]
    same = {"Quality": 3}
    c = opt.compare(
        base(), short_list(**{"Business as usual": same, "Partnership": same, "Outsourcing": same}), criteria
    )
    assert [(o.figures.name, o.weighted_score, o.rank) for o in c.options] == [
        ("Partnership", D(60), 1),
        ("Business as usual", D(60), 2),
        ("Outsourcing", D(60), 3),
    ]


def test_equal_scores_and_npvs_rank_by_name():
    criteria = [opt.CriterionInput("Quality", D(100))]
    options = [
        opt.OptionInput("Zeta", assumptions(), business_as_usual=True),
        opt.OptionInput("Beta", assumptions()),
        opt.OptionInput("alpha", assumptions()),
    ]
    c = opt.compare(base(), options, criteria)
    # Beta and alpha tie on score and NPV: A–Z whatever the case; Zeta (business as usual, NPV 0) comes last.
    assert [o.figures.name for o in c.options] == ["alpha", "Beta", "Zeta"]


def test_when_every_npv_is_the_same_every_option_scores_5_on_money():
    assert opt.financial_scores([D(7), D(7)]) == [5, 5]
    assert opt.financial_scores([D(0)]) == [5]


def test_financial_scores_are_linear_and_rounded_half_up():
    # Over 0 to 100: 10 -> 0.5 -> 1 (half up), 9.99 -> 0.4995 -> 0, 50 -> 2.5 -> 3.
    assert opt.financial_scores([D(0), D(100), D(10), D("9.99"), D(50)]) == [0, 5, 1, 0, 3]


def test_weighted_score_is_exact_and_shown_to_one_decimal_half_up():
    criteria = [opt.CriterionInput("A", D(33)), opt.CriterionInput("B", D(33)), opt.CriterionInput("C", D(34))]
    assert opt.weighted_score(criteria, {"A": 1, "B": 1, "C": 2}) == D("26.8")  # (33 + 33 + 68) / 5
    halves = [opt.CriterionInput("A", D("12.25")), opt.CriterionInput("B", D("87.75"))]
    assert opt.weighted_score(halves, {"A": 1}) == D("2.45")
    assert fmt.pct_number(opt.weighted_score(halves, {"A": 1})) == "2.5"


def test_a_missing_score_counts_0_and_is_listed():
    c = opt.compare(base(), short_list(Outsourcing={"Quality": 2}), CRITERIA)
    outsourcing = next(o for o in c.options if o.figures.name == "Outsourcing")
    assert (outsourcing.weighted_score, outsourcing.missing_scores) == (D(12), ("Deliverability",))


def test_the_default_criteria_add_up_to_100_with_one_financial():
    opt.validate_criteria(opt.DEFAULT_CRITERIA)
    assert [c.name for c in opt.DEFAULT_CRITERIA if c.financial] == ["Financial value"]
    assert [c.name for c in opt.DEFAULT_CRITERIA] == [
        "Financial value",
        "Quality of service to customers",
        "Resilience and capacity",
        "Sovereignty and democratic control",
        "Deliverability",
        "Impact on staff",
        "Ease of withdrawal",
    ]


@pytest.mark.parametrize(
    "criteria, message",
    [
        ([opt.CriterionInput("A", D(60)), opt.CriterionInput("B", D(39))], "add up to 99; they must add up to 100"),
        ([opt.CriterionInput("A", D(50)), opt.CriterionInput("a ", D(50))], "is a criterion twice"),
        ([opt.CriterionInput("A", D(110)), opt.CriterionInput("B", D(-10))], "cannot be negative"),
        (
            [opt.CriterionInput("A", D(50), financial=True), opt.CriterionInput("B", D(50), financial=True)],
            "Only one criterion",
        ),
        ([], "add up to 0"),
    ],
)
def test_criteria_the_comparison_cannot_use_are_refused(criteria, message):
    with pytest.raises(CalculationError, match=message):
        opt.validate_criteria(criteria)


@pytest.mark.parametrize(
    "scores, message",
    [
        ({"Quality": 6}, "whole number from 0 to 5"),
        ({"Quality": -1}, "whole number from 0 to 5"),
        ({"Quality": D("2.5")}, "whole number from 0 to 5"),
        ({"Financial value": 3}, "worked out from the figures"),
        ({"Cost": 3}, "not one of the criteria"),
    ],
)
def test_scores_the_comparison_cannot_use_are_refused(scores, message):
    with pytest.raises(CalculationError, match=message):
        opt.compare(base(), short_list(Partnership=scores), CRITERIA)


def test_the_short_list_must_hold_business_as_usual_once():
    with pytest.raises(CalculationError, match="business as usual, once"):
        opt.compare(base(), short_list()[1:], CRITERIA)


def test_two_preferred_options_are_refused():
    options = short_list(preferred="Partnership")
    options[0] = opt.OptionInput("Business as usual", assumptions(), business_as_usual=True, preferred=True)
    with pytest.raises(CalculationError, match="Only one option"):
        opt.compare(base(), options, CRITERIA)


def test_figures_already_worked_out_are_not_worked_out_again():
    options = short_list()
    first = opt.compare(base(), options, CRITERIA)
    known = {o.figures.name: o.figures for o in first.options}
    assert opt.compare(base(), options, CRITERIA, figures=known) == first
