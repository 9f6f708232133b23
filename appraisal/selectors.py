"""Reads for appraisals: the ORM gathered into the calculation module's plain inputs."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, prefetch_related_objects

from appraisal import calculations as calc
from appraisal import formatting as fmt
from appraisal.calculations import scenario as scen
from appraisal.models import (
    Appraisal,
    CustomShare,
    SavingsRange,
    Scenario,
    ScenarioCluster,
    ScenarioPhase,
    ServiceScope,
)
from councils.models import Council
from councils.selectors import deficits_for_year
from services.selectors import baseline_rows


def appraisal_list() -> QuerySet[Appraisal]:
    return Appraisal.objects.annotate(council_count=Count("memberships")).prefetch_related("councils")


def appraisal_get(*, slug: str) -> Appraisal:
    """The appraisal with that slug; raises Appraisal.DoesNotExist."""
    return Appraisal.objects.get(slug=slug)


def appraisal_councils(*, appraisal: Appraisal) -> list[Council]:
    return [m.council for m in appraisal.memberships.select_related("council").order_by("position", "council__name")]


@dataclass(frozen=True)
class AppraisalFigures:
    """What an appraisal page, command or report needs: its councils, inputs, and the calculated summary."""

    appraisal: Appraisal
    councils: list[Council]
    data: calc.AppraisalInput
    summary: calc.AppraisalSummary
    baselines: list[dict]


def appraisal_figures(*, appraisal: Appraisal) -> AppraisalFigures:
    """Gather the appraisal's baselines, savings ranges and deficits (a fixed handful of queries) and calculate."""
    councils = appraisal_councils(appraisal=appraisal)
    ids = [c.id for c in councils]
    codes = {c.id: c.code for c in councils}
    deficits = deficits_for_year(council_ids=ids, year=appraisal.deficit_year)
    rows = baseline_rows(council_ids=ids, year=appraisal.base_year)
    scopes = {s.service_id: (s.scope, s.reason) for s in ServiceScope.objects.filter(appraisal=appraisal)}
    ranges = list(SavingsRange.objects.filter(appraisal=appraisal).select_related("cluster"))

    # The appraisal's clusters: those its councils have budgets in, and those it has a savings range for.
    clusters: dict[int, tuple] = {}
    for row in rows:
        clusters[row["service__cluster_id"]] = (
            row["service__cluster__position"],
            row["service__cluster__name"],
            row["service__cluster__out_of_scope"],
        )
    for r in ranges:
        clusters[r.cluster_id] = (r.cluster.position, r.cluster.name, r.cluster.out_of_scope)
    by_cluster = {r.cluster_id: r for r in ranges}
    cluster_inputs = [
        calc.ClusterInput(
            name=name,
            out_of_scope=out,
            min_saving=by_cluster[cid].min_saving if cid in by_cluster else None,
            max_saving=by_cluster[cid].max_saving if cid in by_cluster else None,
        )
        for cid, (_, name, out) in sorted(clusters.items(), key=lambda item: (item[1][0], item[1][1]))
    ]
    for row in rows:
        row["scope"], row["scope_reason"] = scopes.get(
            row["service_id"], (row["service__scope"], row["service__scope_reason"])
        )
        row["council_code"] = codes[row["council_id"]]
    data = calc.AppraisalInput(
        councils=[calc.CouncilInput(code=c.code, name=c.name, deficit=deficits.get(c.id)) for c in councils],
        clusters=cluster_inputs,
        lines=[
            calc.BudgetLine(
                council=row["council_code"],
                cluster=row["service__cluster__name"],
                service=row["service__name"],
                net_budget=row["net_budget"],
                scope=row["scope"],
            )
            for row in rows
        ],
    )
    return AppraisalFigures(
        appraisal=appraisal, councils=councils, data=data, summary=calc.summarise(data), baselines=rows
    )


# --- Scenarios ------------------------------------------------------------------------------------


def scenario_list(*, appraisal: Appraisal) -> list[Scenario]:
    return list(appraisal.scenarios.all())


@dataclass(frozen=True)
class ScenarioRow:
    """A scenario on the scenarios page with its headline figures, or why they cannot be worked out."""

    scenario: Scenario
    result: scen.ScenarioResult | None
    problem: str = ""


def scenario_rows(*, appraisal: Appraisal) -> list[ScenarioRow]:
    """Each scenario with its savings at full effect, costs, NPV and payback (no sensitivity: the list is a
    glance; the summary page and the editor have the rest)."""
    scenarios = scenario_list(appraisal=appraisal)
    if not scenarios:
        return []
    scenarios_prefetch(scenarios)
    try:
        figures = appraisal_figures(appraisal=appraisal)
    except calc.CalculationError as exc:
        return [ScenarioRow(s, None, str(exc)) for s in scenarios]
    rows = []
    for s in scenarios:
        try:
            rows.append(ScenarioRow(s, scenario_result(scenario=s, figures=figures, with_sensitivity=False)))
        except calc.CalculationError as exc:
            rows.append(ScenarioRow(s, None, str(exc)))
    return rows


def scenario_get(*, appraisal: Appraisal, name: str) -> Scenario:
    """The scenario with that name (case-insensitive); raises Scenario.DoesNotExist."""
    return appraisal.scenarios.get(name__iexact=name.strip())


def _assumption_lookups() -> tuple:
    return (
        Prefetch("cluster_settings", queryset=ScenarioCluster.objects.select_related("cluster")),
        Prefetch("phases", queryset=ScenarioPhase.objects.select_related("cluster").order_by("year")),
        Prefetch("custom_shares", queryset=CustomShare.objects.select_related("council")),
        "cost_items",
    )


def scenarios_prefetch(scenarios: list[Scenario]) -> None:
    """Read the assumptions of several scenarios at once: four queries however many scenarios, where each on its
    own would take four. `scenario_assumptions` then reads what is fetched; a scenario not fetched this way it
    reads itself."""
    prefetch_related_objects(scenarios, *_assumption_lookups())


def scenario_assumptions(*, scenario: Scenario) -> scen.Assumptions:
    """The scenario's stored assumptions as the calculation module's plain input (a fixed handful of queries)."""
    scenarios_prefetch([scenario])  # nothing to do if they were fetched with the other scenarios
    settings = list(scenario.cluster_settings.all())
    phases = list(scenario.phases.all())
    shares = list(scenario.custom_shares.all())
    default_phasing = {p.year: p.percent for p in phases if p.cluster_id is None}
    period = [scenario.first_year + i for i in range(scenario.years)]
    by_cluster: dict[str, dict[int, Decimal]] = {}
    for p in phases:
        if p.cluster_id is not None:
            by_cluster.setdefault(p.cluster.name, {})[p.year] = p.percent

    def phasing(values: dict[int, Decimal]) -> list[Decimal]:
        # A year with no phasing entered counts as 100%: full effect unless said otherwise.
        return [values.get(year, default_phasing.get(year, Decimal(100))) for year in period]

    def basis(kind: str, applies_to: str) -> scen.SharingBasis:
        custom = {s.council.code: s.percent for s in shares if s.applies_to == applies_to}
        return scen.SharingBasis(kind, custom if kind == scen.CUSTOM else None)

    return scen.Assumptions(
        first_year=scenario.first_year,
        years=scenario.years,
        phasing=phasing({}),
        cluster_phasing={name: phasing(values) for name, values in by_cluster.items()},
        points={s.cluster.name: scen.SavingsPoint(s.point, s.custom_value) for s in settings},
        clusters_out=frozenset(s.cluster.name for s in settings if not s.included),
        costs=[
            scen.CostItem(c.get_category_display(), c.year, c.amount, c.low, c.high, c.description)
            for c in scenario.cost_items.all()
        ],
        savings_basis=basis(scenario.savings_basis, CustomShare.AppliesTo.SAVINGS),
        costs_basis=basis(scenario.costs_basis, CustomShare.AppliesTo.COSTS),
        discount_rate=scenario.discount_rate,
        optimism_bias=scenario.optimism_bias,
        deficit_year=scenario.appraisal.deficit_year,
    )


def scenario_result(*, scenario: Scenario, figures: AppraisalFigures, with_sensitivity: bool = True):
    return scen.model(figures.summary, scenario_assumptions(scenario=scenario), with_sensitivity=with_sensitivity)


# --- The members' dashboard -------------------------------------------------------------------------

MAX_COMPARED = 4


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    values: list[str]
    differs: list[bool]  # True where a value differs from the first scenario's


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


def _comparison_rows(scenarios, results, councils) -> list[ComparisonRow]:
    def row(label, values):
        return ComparisonRow(label, values, [v != values[0] for v in values])

    def year(y):
        return fmt.year_label(y) if y else "not within the period"

    rows = [
        row("Delivery option", [s.get_delivery_option_display() for s in scenarios]),
        row("Delivery vehicle", [s.get_delivery_vehicle_display() or "not set" for s in scenarios]),
        row("Period", [s.period_label for s in scenarios]),
        row("Savings a year at full effect", [fmt.pounds(r.full_year_savings) for r in results]),
        row("Savings over the period", [fmt.pounds(r.total_savings) for r in results]),
        row("Implementation costs", [fmt.pounds(r.total_costs) for r in results]),
        row("Net over the period", [fmt.pounds(r.total_net) for r in results]),
        row("Net present value", [fmt.pounds(r.npv) for r in results]),
        row("Payback year", [year(r.payback_year) for r in results]),
        row("Combined deficit closed", [fmt.pct(r.deficit_closed_pct) for r in results]),
    ]
    for i, council in enumerate(councils):
        rows.append(
            row(f"{council.name}: deficit closed", [fmt.pct(r.councils[i].deficit_closed_pct) for r in results])
        )
    rows += [
        row("Discount rate", [f"{s.discount_rate.normalize():f}%" for s in scenarios]),
        row("Optimism bias", [f"{s.optimism_bias.normalize():f}%" for s in scenarios]),
        row("Savings shared", [s.get_savings_basis_display() for s in scenarios]),
        row("Costs shared", [s.get_costs_basis_display() for s in scenarios]),
    ]
    return rows


def appraisal_dashboard(*, appraisal: Appraisal, scenario_id=None, compare_ids=()) -> Dashboard:
    """The appraisal's figures, the chosen scenario's model, and up to four scenarios side by side."""
    figures = appraisal_figures(appraisal=appraisal)
    scenarios = scenario_list(appraisal=appraisal)
    by_id = {str(s.pk): s for s in scenarios}
    chosen = by_id.get(str(scenario_id)) if scenario_id else (scenarios[0] if scenarios else None)
    compared = [by_id[str(i)] for i in dict.fromkeys(compare_ids) if str(i) in by_id][:MAX_COMPARED]
    if not compared:
        compared = scenarios[:MAX_COMPARED]
    scenarios_prefetch(list(dict.fromkeys([*([chosen] if chosen else []), *compared])))
    error = ""
    result, results = None, []
    try:
        result = scenario_result(scenario=chosen, figures=figures) if chosen else None
        # The chosen scenario is usually among those compared: its result is not worked out twice.
        results = [
            result if s == chosen else scenario_result(scenario=s, figures=figures, with_sensitivity=False)
            for s in compared
        ]
    except calc.CalculationError as exc:
        error = str(exc)
    comparison = _comparison_rows(compared, results, figures.councils) if len(results) > 1 else []
    return Dashboard(figures, scenarios, chosen, result, compared, comparison, error, compared_results=results)
