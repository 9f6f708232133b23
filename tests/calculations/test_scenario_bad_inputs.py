"""Bad scenario inputs get a clear CalculationError, never a crash or a silent zero."""

from decimal import Decimal as D

import pytest

from appraisal.calculations import CalculationError
from appraisal.calculations import scenario as sc
from tests.calculations.conftest import assumptions, base


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"years": 0}, "The appraisal period is empty"),
        ({"years": -2}, "The appraisal period is empty"),
        ({"years": 11, "phasing": [D(100)] * 11}, "at most 10 years"),
        ({"phasing": [D(50), D(120), D(100)]}, "Phasing, year 2021: phasing cannot be more than 100%"),
        ({"phasing": [D(-5), D(100), D(100)]}, "Phasing, year 2020: phasing cannot be negative"),
        ({"phasing": [D(100), D(100)]}, "give a % for each of the 3 years"),
        ({"points": {"Nowhere": sc.SavingsPoint(sc.MIN)}}, "'Nowhere', which is not a cluster of the appraisal"),
        ({"cluster_phasing": {"Nowhere": [D(1)] * 3}}, "'Nowhere', which is not a cluster"),
        ({"clusters_out": frozenset({"Nowhere"})}, "'Nowhere' is not a cluster"),
        ({"costs": [sc.CostItem("Redundancy", 2030, D(1))]}, "outside the period 2020 to 2022"),
        ({"costs": [sc.CostItem("Redundancy", 2020, D(-1))]}, "cost cannot be negative"),
        ({"costs": [sc.CostItem("ICT", 2020, D(10), low=D(20))]}, "either side of its amount"),
        ({"discount_rate": D(-1)}, "The discount rate cannot be negative"),
        ({"optimism_bias": D(101)}, "Optimism bias cannot be more than 100%"),
        ({"points": {"X": sc.SavingsPoint(sc.PERCENT, D(150))}}, "X: custom saving cannot be more than 100%"),
        ({"points": {"X": sc.SavingsPoint(sc.AMOUNT, None)}}, "give a custom saving"),
        ({"savings_basis": sc.SharingBasis("shares")}, "Unknown sharing basis for savings"),
        ({"costs_basis": sc.SharingBasis(sc.CUSTOM, {"A": D(100)})}, "Custom costs shares: give a % for B"),
        ({"costs_basis": sc.SharingBasis(sc.CUSTOM, {"A": D(50), "B": D(50), "Z": D(0)})}, "Z, which is not a partner"),
    ],
)
def test_bad_inputs_are_refused_with_a_clear_message(changes, message):
    with pytest.raises(CalculationError, match=message):
        sc.model(base(), assumptions(**changes))


def test_a_cluster_without_a_range_cannot_take_its_midpoint():
    from appraisal.calculations import AppraisalInput, BudgetLine, ClusterInput, CouncilInput, summarise

    no_range = summarise(
        AppraisalInput([CouncilInput("A", "A", D(1))], [ClusterInput("X")], [BudgetLine("A", "X", "s", D(5))])
    )
    with pytest.raises(CalculationError, match="X has no savings range, so its saving cannot be the mid"):
        sc.model(no_range, assumptions(points={"X": sc.SavingsPoint(sc.MID)}, costs=[]))


def test_a_custom_percentage_of_a_cluster_is_taken_of_its_net_budget():
    r = sc.model(base(), assumptions(points={"X": sc.SavingsPoint(sc.PERCENT, D("12.5"))}), with_sensitivity=False)
    assert r.clusters[0].full_year_saving == D("62500.00")  # 12.5% of X's £500,000
