"""Reads of benefits realisation (issue 19): the appraisal's figures as a snapshot (what the dashboard and the
report show: the summary and every scenario shown to members), what has changed since Cabinet approved them, and
the approved plan against the savings delivered."""

from appraisal.calculations import approval
from appraisal.calculations import realisation as rl
from appraisal.calculations.scenario_types import ScenarioResult
from appraisal.models import Appraisal, ApprovedFigures
from appraisal.scenarios.selectors import appraisal_plan, scenario_result, scenarios_shown
from appraisal.summary.selectors import AppraisalFigures, appraisal_figures


def results_shown(
    *, appraisal: Appraisal, figures: AppraisalFigures | None = None, plan=None, known=None
) -> tuple[AppraisalFigures, dict[str, ScenarioResult]]:
    """The appraisal's figures and the result of every scenario shown to members, by name, in order. Raises
    CalculationError. A page that has read the `figures` and `plan`, or worked out some scenarios' results (`known`,
    by scenario id), in the same request passes them, not to have them worked out twice."""
    figures = figures or appraisal_figures(appraisal=appraisal)
    plan = plan or appraisal_plan(appraisal=appraisal, figures=figures)
    known = known or {}
    results = {
        s.name: known.get(s.pk) or scenario_result(scenario=s, figures=figures, with_sensitivity=False, plan=plan)
        for s in scenarios_shown(appraisal=appraisal)
    }
    return figures, results


def figures_now(*, appraisal: Appraisal, **read) -> dict[str, list[str]]:
    """The appraisal's figures as members read them now, named one by one; `read` as results_shown takes it. Raises
    CalculationError."""
    figures, results = results_shown(appraisal=appraisal, **read)
    return approval.snapshot(figures.summary, results)


def approved_get(*, appraisal: Appraisal) -> ApprovedFigures | None:
    return ApprovedFigures.objects.filter(appraisal=appraisal).first()


def changes_since_approval(*, appraisal: Appraisal, **read) -> list[approval.Change] | None:
    """Each figure changed since Cabinet approved the appraisal, with the approved and current values; None where it
    has not been approved. `read`: what the page has read already, as results_shown takes it."""
    approved = approved_get(appraisal=appraisal)
    if approved is None:
        return None
    return approval.changes_since(approved.figures, figures_now(appraisal=appraisal, **read))


def _plan_now(appraisal: Appraisal) -> tuple[str, dict] | None:
    """The plan of the first scenario shown to members, before a decision is recorded; None without one."""
    shown = scenarios_shown(appraisal=appraisal)[:1]
    if not shown:
        return None
    figures = appraisal_figures(appraisal=appraisal)
    plan = appraisal_plan(appraisal=appraisal, figures=figures)
    result = scenario_result(scenario=shown[0], figures=figures, with_sensitivity=False, plan=plan)
    return shown[0].name, approval.plan_of(result)


def realisation_overview(*, appraisal: Appraisal) -> rl.Realisation | None:
    """The plan monitored against the savings delivered and costs incurred, by year, council and cluster. The plan
    is the scenario Cabinet approved, as it was approved; before a decision is recorded, the first scenario shown to
    members as it stands. None while there is no scenario to plan against. Raises CalculationError."""
    approved = approved_get(appraisal=appraisal)
    planned = (approved.scenario, approved.plan) if approved is not None and approved.plan else _plan_now(appraisal)
    if planned is None:
        return None
    partners = [
        rl.Partner(m.council.code, m.council.name, m.join_year, m.leave_year)
        for m in appraisal.memberships.select_related("council").order_by("council__name")
    ]
    actuals = [
        rl.Actual(a.council.code, a.cluster.name, a.year, a.savings, a.costs, a.before_appraisal)
        for a in appraisal.actuals.select_related("council", "cluster")
    ]
    scenario, plan = planned
    return rl.realise(approval.plan_read(plan), actuals, partners, scenario=scenario, approved=approved is not None)
