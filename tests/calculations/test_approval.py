"""The decision as a baseline (issue 19): what Cabinet approved, and each figure changed since, old and new."""

from decimal import Decimal as D

from appraisal.calculations import approval
from appraisal.calculations import scenario as sc
from tests.calculations.conftest import assumptions, base


def test_a_changed_saving_and_the_figures_it_moves_are_each_named_with_old_and_new():
    before = approval.snapshot(base(), {"Central": sc.model(base(), assumptions(), with_sensitivity=False)})
    cheaper = assumptions(
        costs=[sc.CostItem("Redundancy", 2020, D(40000)), sc.CostItem("ICT convergence", 2021, D(10000))]
    )
    now = approval.snapshot(base(), {"Central": sc.model(base(), cheaper, with_sensitivity=False)})

    changes = approval.changes_since(before, now)

    # Costs £60,000 -> £50,000: the costs and the NPV change; savings, budgets and deficits do not.
    assert [(c.figure, c.old, c.new) for c in changes][0] == (
        "Scenario Central: costs over the period",
        "60000.00",
        "50000.00",
    )
    assert [c.figure for c in changes] == [
        "Scenario Central: costs over the period",
        "Scenario Central: net present value",
    ]
    assert before["X: maximum saving"] == ["money", "60000.00"]


def test_a_scenario_removed_or_added_since_is_named_too():
    result = sc.model(base(), assumptions(), with_sensitivity=False)
    changes = approval.changes_since(
        approval.snapshot(base(), {"Low": result}), approval.snapshot(base(), {"High": result})
    )
    assert ("Scenario Low: net present value", None) in [(c.figure, c.new) for c in changes]
    assert ("Scenario High: net present value", None) in [(c.figure, c.old) for c in changes]
    assert approval.changes_since(approval.snapshot(base(), {}), approval.snapshot(base(), {})) == []
