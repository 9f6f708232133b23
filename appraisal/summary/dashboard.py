"""The members' dashboard: the appraisal's figures, the chosen scenario's model and up to four scenarios side by
side. Only the scenarios shown to members, unless the page is an officer's (drafts are then marked)."""

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from appraisal import calculations as calc
from appraisal import formatting as fmt
from appraisal.calculations import approval
from appraisal.calculations import scenario as scen
from appraisal.models import Appraisal, ApprovedFigures, Scenario
from appraisal.options.charts import options_chart
from appraisal.options.pages import Ranking, ranking_build
from appraisal.options.selectors import options_comparison
from appraisal.realisation.decision_forms import DecisionForm
from appraisal.realisation.selectors import approved_get, changes_since_approval
from appraisal.report.options import ReportOptions, report_options
from appraisal.report.staffing import StaffingSection, staffing_implications
from appraisal.scenarios.selectors import (
    appraisal_plan,
    scenario_chosen,
    scenario_list,
    scenario_result,
    scenarios_prefetch,
    scenarios_shown,
)
from appraisal.summary.selectors import AppraisalFigures, appraisal_figures

MAX_COMPARED = 4


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    values: list[str]
    differs: list[bool]  # True where a value differs from the first scenario's
    # The label in pieces of (text, hidden from sight): "Darlington: deficit closed" on the page, read out in full as
    # "Darlington Borough Council: deficit closed", so a row label fits two lines beside several scenarios (issue 16).
    parts: tuple[tuple[str, bool], ...] = ()


# "Darlington Borough Council" -> ("", "Darlington", " Borough Council"); "London Borough of Camden" -> Camden.
_COUNCIL_NAME = re.compile(
    r"^(?P<before>(?:(?:London|Royal) Borough of |City of |Council of the )?)(?P<place>.+?)"
    r"(?P<after>(?: (?:Metropolitan )?(?:Borough|City|County|District|Town|Unitary))? Council)?$"
)


def council_short_name(name: str) -> tuple[str, str, str]:
    """A council's name split into what a narrow table shows (its place) and the words it leaves to screen readers."""
    match = _COUNCIL_NAME.match(name)
    if not match or not match["place"]:
        return ("", name, "")
    return (match["before"], match["place"], match["after"] or "")


@dataclass(frozen=True)
class Dashboard:
    figures: AppraisalFigures
    scenarios: list[Scenario]
    scenario: Scenario | None
    result: scen.ScenarioResult | None
    compared: list[Scenario]
    comparison: list[ComparisonRow]
    error: str = ""
    compared_results: list = field(default_factory=list)  # one for each of `compared`
    discount_base_year: int | None = None  # every scenario's NPV is discounted to it
    plan: object = None  # the appraisal's plan (appraisal/scenarios/selectors.py), read once for the page


def _comparison_rows(scenarios, results, councils) -> list[ComparisonRow]:
    def row(label, values):
        return ComparisonRow(label, values, [v != values[0] for v in values])

    def year(y):
        return fmt.year_label(y) if y else "not within the period"

    def closed(r, pct, gap) -> str:
        # A year with no funding gap forecast says so, rather than a percentage of another year's gap.
        return fmt.pct(pct) if r.deficit_forecast and gap else "no gap forecast"

    # Only Darlington & Hartlepool's scenarios have a delivery option: the row is there when one of them has.
    options = [s.get_delivery_option_display() or "not set" for s in scenarios]
    rows = [row("Delivery option", options)] if Scenario.delivery_options_shown(scenarios) else []
    rows += [
        row("Delivery vehicle", [s.get_delivery_vehicle_display() or "not set" for s in scenarios]),
        row("Period", [s.period_label for s in scenarios]),
        row("Savings a year at full effect", [fmt.pounds(r.full_year_savings) for r in results]),
        row("Savings over the period", [fmt.pounds(r.total_savings) for r in results]),
        row("Implementation costs", [fmt.pounds(r.total_costs) for r in results]),
        row("Net over the period", [fmt.pounds(r.total_net) for r in results]),
        row("Net present value", [fmt.pounds(r.npv) for r in results]),
        row("Payback year", [year(r.payback_year) for r in results]),
        row("Deficit measured in", [fmt.year_label(r.deficit_year) for r in results]),
        row("Combined deficit closed", [closed(r, r.deficit_closed_pct, r.deficit) for r in results]),
    ]
    for i, council in enumerate(councils):
        values = [closed(r, r.councils[i].deficit_closed_pct, r.councils[i].deficit) for r in results]
        before, place, after = council_short_name(council.name)
        parts = ((before, True), (place, False), (after, True), (": deficit closed", False))
        rows.append(replace(row(f"{council.name}: deficit closed", values), parts=tuple(p for p in parts if p[0])))
    rows += [
        row("Discount rate", [f"{s.discount_rate.normalize():f}%" for s in scenarios]),
        row("Optimism bias", [f"{s.optimism_bias.normalize():f}%" for s in scenarios]),
        row("Savings shared", [s.get_savings_basis_display() for s in scenarios]),
        row("Costs shared", [s.get_costs_basis_display() for s in scenarios]),
    ]
    return rows


def appraisal_dashboard(
    *, appraisal: Appraisal, scenario_id=None, compare_ids=(), shown_only: bool = True
) -> Dashboard:
    """The appraisal's figures, the chosen scenario's model, and up to four scenarios side by side.

    `shown_only` (the default, for members and what is made for them): only the scenarios shown to members can be
    chosen or compared, a draft's id is ignored as an unknown one. False for an officer's page: drafts too."""
    figures = appraisal_figures(appraisal=appraisal)
    scenarios = scenarios_shown(appraisal=appraisal) if shown_only else scenario_list(appraisal=appraisal)
    by_id = {str(s.pk): s for s in scenarios}
    chosen = scenario_chosen(scenarios=scenarios, scenario_id=scenario_id)
    compared = [by_id[str(i)] for i in dict.fromkeys(compare_ids) if str(i) in by_id][:MAX_COMPARED]
    if not compared:
        compared = scenarios[:MAX_COMPARED]
    scenarios_prefetch(list(dict.fromkeys([*([chosen] if chosen else []), *compared])))
    plan = appraisal_plan(appraisal=appraisal, figures=figures)
    error = ""
    result, results = None, []
    try:
        result = scenario_result(scenario=chosen, figures=figures, plan=plan) if chosen else None
        # The chosen scenario is usually among those compared: its result is not worked out twice.
        results = [
            result if s == chosen else scenario_result(scenario=s, figures=figures, plan=plan, with_sensitivity=False)
            for s in compared
        ]
    except calc.CalculationError as exc:
        error = str(exc)
    comparison = _comparison_rows(compared, results, figures.councils) if len(results) > 1 else []
    return Dashboard(
        figures,
        scenarios,
        chosen,
        result,
        compared,
        comparison,
        error,
        compared_results=results,
        discount_base_year=plan.discount_base_year,
        plan=plan,
    )


@dataclass(frozen=True)
class DashboardOptions:
    """Options compared (issue 17), from one comparison worked out for the request: the options page's ranked table
    (appraisal/options/pages.py), the cabinet report's criteria matrix (appraisal/report/options.py) and the options
    chart, so the dashboard holds no third copy of either."""

    ranking: Ranking
    compared: ReportOptions | None  # the criteria matrix; None while the options cannot be ranked
    chart: str  # SVG; blank while the options cannot be ranked


def dashboard_options(*, appraisal: Appraisal, figures: AppraisalFigures, plan=None) -> DashboardOptions | None:
    """None where no option beyond business as usual has figures: there is nothing to compare it with. `plan`: the
    dashboard's (Dashboard.plan), not read again."""
    view = options_comparison(appraisal=appraisal, figures=figures, plan=plan)
    ranking = ranking_build(appraisal=appraisal, view=view)
    if all(row.figures.business_as_usual for row in ranking.rows):
        return None
    chart = options_chart(view.comparison) if view.comparison is not None else ""
    return DashboardOptions(ranking, report_options(view, chart) if chart else None, chart)


def dashboard_staffing(
    *, appraisal: Appraisal, dashboard: Dashboard, options: DashboardOptions | None
) -> tuple[StaffingSection | None, str]:
    """Staffing implications (issue 18) of the option the options comparison presents (appraisal/report/staffing.py):
    options' central cases count whether shown or draft, as in Options compared."""
    return staffing_implications(
        appraisal=appraisal,
        figures=dashboard.figures,
        plan=dashboard.plan,
        options=options.compared if options else None,
    )


@dataclass(frozen=True)
class ChangeRow:
    """One figure changed since Cabinet approved the appraisal, as the dashboard shows it."""

    figure: str
    approved: str
    now: str
    change: str


@dataclass(frozen=True)
class DashboardDecision:
    """Cabinet's decision (issue 19): before it, officers' form to record it; after it, what has changed since."""

    approved: ApprovedFigures | None
    changes: list[ChangeRow]
    form: DecisionForm | None  # an officer's, until the decision is recorded (after it, one refused: its errors)
    problem: str = ""  # why the figures now could not be worked out, to compare


def _year(value: str) -> str:
    return fmt.year_label(int(value)) if value else "None"


def _step(change: approval.Change) -> str:
    """How a figure kept since the decision moved: "+£100,000", "2 years later", "Now none"."""
    if change.kind == approval.MONEY:
        step = fmt.pounds(Decimal(change.new) - Decimal(change.old))
        return step if step.startswith("-") else f"+{step}"
    if not change.new or not change.old:
        return "Now none" if change.old else "Was none"
    years = int(change.new) - int(change.old)
    return f"{abs(years)} year{'s' if abs(years) != 1 else ''} {'later' if years > 0 else 'earlier'}"


def _shown_change(change: approval.Change) -> ChangeRow:
    show = fmt.pounds if change.kind == approval.MONEY else _year
    if change.old is None:
        return ChangeRow(change.figure, "Not worked out then", show(change.new), "New figure")
    if change.new is None:
        return ChangeRow(change.figure, show(change.old), "No longer worked out", "No longer worked out")
    return ChangeRow(change.figure, show(change.old), show(change.new), _step(change))


def dashboard_decision(
    *, appraisal: Appraisal, editable: bool, scenarios, form=None, dashboard: Dashboard | None = None
) -> DashboardDecision:
    """The decision section: `scenarios` those an officer's form offers (the ones shown to members); `form` a bound
    form refused, to show with its errors; `dashboard` the page's, whose figures, plan and results are not worked out
    again for the changes since approval."""
    approved = approved_get(appraisal=appraisal)
    if approved is None:
        if editable and form is None:
            form = DecisionForm(scenarios=[s for s in scenarios if s.status == Scenario.Status.SHOWN])
        return DashboardDecision(None, [], form if editable else None)
    try:
        read = {}
        if dashboard is not None:
            known = {sc.pk: r for sc, r in zip(dashboard.compared, dashboard.compared_results, strict=False)}
            read = {"figures": dashboard.figures, "plan": dashboard.plan, "known": known}
        changes = changes_since_approval(appraisal=appraisal, **read) or []
    except calc.CalculationError as exc:
        return DashboardDecision(approved, [], form, problem=str(exc))
    return DashboardDecision(approved, [_shown_change(c) for c in changes], form)
