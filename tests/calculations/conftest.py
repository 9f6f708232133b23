"""The hand-checked scenario of test_scenario_hand_checked.py, shared by the tests worked on paper from it."""

from decimal import Decimal as D

from appraisal.calculations import AppraisalInput, BudgetLine, ClusterInput, CouncilInput, summarise
from appraisal.calculations import scenario as sc


def base():
    return summarise(
        AppraisalInput(
            councils=[CouncilInput("A", "Council A", D(100000)), CouncilInput("B", "Council B", D(50000))],
            clusters=[ClusterInput("X", False, D(40000), D(60000)), ClusterInput("Y", False, D(10000), D(30000))],
            lines=[
                BudgetLine("A", "X", "x1", D(400000)),
                BudgetLine("A", "Y", "y1", D(200000)),
                BudgetLine("B", "X", "x1", D(100000)),
                BudgetLine("B", "Y", "y1", D(300000)),
            ],
        )
    )


def assumptions(**changes):
    values = dict(
        first_year=2020,
        years=3,
        phasing=[D(50), D(100), D(100)],
        points={"X": sc.SavingsPoint(sc.MAX), "Y": sc.SavingsPoint(sc.MIN)},
        costs=[sc.CostItem("Redundancy", 2020, D(50000)), sc.CostItem("ICT convergence", 2021, D(10000))],
        savings_basis=sc.SharingBasis(sc.CLUSTER_NET_BUDGET),
        costs_basis=sc.SharingBasis(sc.NET_BUDGET),
        discount_rate=D("3.5"),
        optimism_bias=D(0),
        deficit_year=2022,
    )
    values.update(changes)
    return sc.Assumptions(**values)
