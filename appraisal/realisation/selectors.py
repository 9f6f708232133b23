"""Reads of benefits realisation (issue 19): the appraisal's figures as a snapshot (what the dashboard and the
report show: the summary and every scenario shown to members), and what has changed since Cabinet approved them."""

from appraisal.calculations import approval
from appraisal.models import Appraisal, ApprovedFigures
from appraisal.scenarios.selectors import appraisal_plan, scenario_result, scenarios_shown
from appraisal.summary.selectors import appraisal_figures


def figures_now(*, appraisal: Appraisal) -> dict[str, list[str]]:
    """The appraisal's figures as members read them now, named one by one. Raises CalculationError."""
    figures = appraisal_figures(appraisal=appraisal)
    plan = appraisal_plan(appraisal=appraisal, councils=figures.councils)
    results = {
        s.name: scenario_result(scenario=s, figures=figures, with_sensitivity=False, plan=plan)
        for s in scenarios_shown(appraisal=appraisal)
    }
    return approval.snapshot(figures.summary, results)


def approved_get(*, appraisal: Appraisal) -> ApprovedFigures | None:
    return ApprovedFigures.objects.filter(appraisal=appraisal).first()


def changes_since_approval(*, appraisal: Appraisal) -> list[approval.Change] | None:
    """Each figure changed since Cabinet approved the appraisal, with the approved and current values; None where it
    has not been approved."""
    approved = approved_get(appraisal=appraisal)
    if approved is None:
        return None
    return approval.changes_since(approved.figures, figures_now(appraisal=appraisal))
