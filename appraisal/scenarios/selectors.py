"""Reads of scenarios: the one an officer may edit, the list with headline figures, and a scenario's stored
assumptions gathered into the calculation module's plain inputs."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Min, Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404

from appraisal import calculations as calc
from appraisal.calculations import options as opt
from appraisal.calculations import scenario as scen
from appraisal.models import (
    Appraisal,
    CostItem,
    CustomShare,
    Scenario,
    ScenarioCluster,
    ScenarioPhase,
)
from appraisal.permissions import appraisal_for_user_or_404, can_edit_assumptions
from appraisal.staffing.selectors import StaffingInputs, leaving_cost_lines, option_staffing, staffing_inputs
from appraisal.summary.selectors import (
    AppraisalFigures,
    appraisal_figures,
    appraisal_memberships,
    deficits_by_year,
    partner_years,
)
from appraise.writes import last_change
from councils.models import Council
from services.models import ServiceCluster


def scenario_list(*, appraisal: Appraisal) -> list[Scenario]:
    """Every scenario of the appraisal, drafts included, in order: for officers' pages and commands only. What
    members (and what is made for them: the report, its workbook) see comes from `scenarios_shown`."""
    return list(appraisal.scenarios.all())


def scenarios_shown(*, appraisal: Appraisal) -> list[Scenario]:
    """The scenarios shown to members, in order (position, then name), never a draft: what the members'
    dashboard, the comparison, the cabinet report and its workbook may present."""
    return list(appraisal.scenarios.filter(status=Scenario.Status.SHOWN))


def can_see_drafts(user, appraisal: Appraisal) -> bool:
    """Whether this user sees the appraisal's draft scenarios: those who may edit them (a programme admin or an
    officer of a partner council); a member never does."""
    return can_edit_assumptions(user, appraisal)


def scenarios_for(*, appraisal: Appraisal, user) -> list[Scenario]:
    """The scenarios this user may see, in order: all of them for an officer or admin (drafts marked by their
    status), only those shown to members for anyone else."""
    if can_see_drafts(user, appraisal):
        return scenario_list(appraisal=appraisal)
    return scenarios_shown(appraisal=appraisal)


def scenario_chosen(*, scenarios: list[Scenario], scenario_id) -> Scenario | None:
    """The scenario asked for (`scenario_id`, a number or its text) among `scenarios`, those the user may see; the
    first of them when none is asked for. None for one not among them, or when there is none to choose."""
    if scenario_id is None or scenario_id == "":
        return scenarios[0] if scenarios else None
    return next((s for s in scenarios if str(s.pk) == str(scenario_id)), None)


def scenario_editable_get(*, user, slug: str, scenario_id: int) -> Scenario:
    """The scenario (with its appraisal), if this user may change it: outsiders get 404, members 403 (404 for a
    draft, which they are not to know of)."""
    appraisal = appraisal_for_user_or_404(user, slug)
    scenario = get_object_or_404(Scenario, pk=scenario_id, appraisal=appraisal)
    scenario.appraisal = appraisal  # read just now: no need to join it again
    if not can_edit_assumptions(user, appraisal):
        if scenario.status != Scenario.Status.SHOWN:
            raise Http404("No scenario with that address.")
        raise PermissionDenied("Only an officer of a partner council can change a scenario.")
    return scenario


def scenario_reread(*, scenario: Scenario) -> Scenario:
    """The scenario (with its appraisal) as stored now, after a write or a refused one."""
    return Scenario.objects.select_related("appraisal").get(pk=scenario.pk)


def cluster_in_scope_get(*, cluster_id: int) -> ServiceCluster:
    """A cluster a scenario can take a saving from (404 for one out of scope or unknown)."""
    return get_object_or_404(ServiceCluster, pk=cluster_id, out_of_scope=False)


def stale_record(*, current: models.Model, row_id: int | None = None):
    """The newest history record of a row a colleague changed while the editor was open: a scenario or cost by its
    id (`row_id` for a cost removed meanwhile, whose stand-in has none), a cluster's setting or a year's phasing
    (maybe never stored) by what it is for."""
    if isinstance(current, ScenarioCluster):
        return last_change(current, scenario_id=current.scenario_id, cluster_id=current.cluster_id)
    if isinstance(current, ScenarioPhase):  # cluster_id None: the phasing for every cluster
        return last_change(current, scenario_id=current.scenario_id, cluster_id=current.cluster_id, year=current.year)
    return last_change(current, id=row_id) if row_id is not None else last_change(current)


def clusters_by_name(*, names: list[str]) -> dict[str, ServiceCluster]:
    return {c.name: c for c in ServiceCluster.objects.filter(name__in=names)}


@dataclass(frozen=True)
class AppraisalPlan:
    """What every scenario of one appraisal is measured against, read once for all of them: the year their NPVs
    are discounted to, and each council's medium-term financial plan (code -> year -> forecast funding gap)."""

    discount_base_year: int | None
    deficits: Mapping[str, Mapping[int, Decimal]]
    staffing: StaffingInputs | None = None  # the appraisal's staffing structures (issue 18)
    # Partners joining or leaving (issue 19): council code -> (its first year, its last year), those with either set.
    membership: Mapping[str, tuple[int | None, int | None]] = field(default_factory=dict)


def discount_base_year_of(*, appraisal: Appraisal) -> int | None:
    """The year every scenario's NPV is discounted to, so that they compare: the appraisal's own if set, else the
    first year of its earliest scenario shown to members (of any scenario while none is shown, so that an
    officer's draft never moves what members see); None while it has no scenario."""
    if appraisal.discount_base_year is not None:
        return appraisal.discount_base_year
    first = appraisal.scenarios.aggregate(
        shown=Min("first_year", filter=Q(status=Scenario.Status.SHOWN)), any=Min("first_year")
    )
    return first["shown"] if first["shown"] is not None else first["any"]


def appraisal_plan(
    *, appraisal: Appraisal, councils: list[Council] | None = None, figures: AppraisalFigures | None = None
) -> AppraisalPlan:
    """The appraisal's discount base year and its councils' funding gaps by year (every council listed, one with
    no forecast by an empty plan, so that a year with no forecast never borrows another year's gap). `figures`: the
    appraisal's, if already read: its councils, funding gaps and partners' years are then not read again."""
    if figures is not None:
        councils, by_id, membership = figures.councils, figures.deficits, figures.membership
    else:
        memberships = appraisal_memberships(appraisal=appraisal)
        councils = councils if councils is not None else [m.council for m in memberships]
        by_id, membership = deficits_by_year(council_ids=[c.pk for c in councils]), partner_years(memberships)
    deficits = {c.code: dict(by_id.get(c.pk, {})) for c in councils}
    staffing = staffing_inputs(appraisal=appraisal, councils=councils)
    return AppraisalPlan(discount_base_year_of(appraisal=appraisal), deficits, staffing, dict(membership))


@dataclass(frozen=True)
class ScenarioRow:
    """A scenario on the scenarios page with its headline figures, or why they cannot be worked out."""

    scenario: Scenario
    result: scen.ScenarioResult | None
    problem: str = ""


def scenario_rows(*, appraisal: Appraisal, scenarios: list[Scenario]) -> list[ScenarioRow]:
    """Each of `scenarios` (scenarios_for the user) with its savings at full effect, costs, NPV and payback (no
    sensitivity: the list is a glance; the summary page and the editor have the rest)."""
    if not scenarios:
        return []
    scenarios_prefetch(scenarios)
    try:
        figures = appraisal_figures(appraisal=appraisal)
    except calc.CalculationError as exc:
        return [ScenarioRow(s, None, str(exc)) for s in scenarios]
    plan = appraisal_plan(appraisal=appraisal, figures=figures)
    rows = []
    for s in scenarios:
        try:
            rows.append(ScenarioRow(s, scenario_result(scenario=s, figures=figures, plan=plan, with_sensitivity=False)))
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
        Prefetch("cost_items", queryset=CostItem.objects.select_related("council")),
    )


def scenarios_prefetch(scenarios: list[Scenario]) -> None:
    """Read the assumptions of several scenarios at once: four queries however many scenarios, where each on its
    own would take four. `scenario_assumptions` then reads what is fetched; a scenario not fetched this way it
    reads itself."""
    prefetch_related_objects(scenarios, *_assumption_lookups())


def cost_line(c: CostItem) -> opt.CostLine:
    """A stored cost line as the calculation takes it (one-off or recurring, with its Green Book bias category):
    funding (below zero) said so, and the council that bears it alone."""
    return opt.CostLine(
        kind=c.get_category_display(),
        year=c.year,
        amount=c.amount,
        description=c.description,
        bias_category=c.bias_category or None,
        mitigated_pct=c.mitigated_pct,
        recurring=c.recurring,
        last_year=c.last_year,
        low=c.low,
        high=c.high,
        funding=c.is_funding,
        council=c.council.code if c.council_id is not None else None,
    )


def _cost_items(c: CostItem, period: range) -> tuple[scen.CostItem, ...]:
    """A cost line as the scenario model takes it: one item a year it falls in (a recurring line every year of its
    span), with its category's bias; a one-off line with no category is the single item scenarios always had. The
    same conversion the options comparison makes, so the editor and the options page show the same figures."""
    return opt.cost_items(cost_line(c), period)


def _savings_adjustment(scenario: Scenario) -> Decimal | None:
    """An option's own adjustment to its savings (issue 17), which replaces the scenario's optimism bias on them;
    None for a scenario of its own or an option with none (the options comparison reads it the same way)."""
    if scenario.option_id is None:
        return None
    return scenario.option.savings_adjustment_pct or None


def scenario_staffing(*, scenario: Scenario, plan: AppraisalPlan, summary=None, costs_basis=None):
    """The staffing figures of the scenario's option under this scenario's costs basis and first year; None for a
    scenario of its own or an option with no proposed structure. `summary`: the appraisal's, if already worked out."""
    staffing = plan.staffing
    if scenario.option_id is None or staffing is None or scenario.option_id not in staffing.proposed:
        return None
    if summary is None:
        summary = appraisal_figures(appraisal=scenario.appraisal).summary
    if costs_basis is None:
        costs_basis = scenario_assumptions(scenario=scenario, plan=plan, summary=summary).costs_basis
    return option_staffing(
        staffing,
        option_id=scenario.option_id,
        option_name=scenario.option.name,
        summary=summary,
        costs_basis=costs_basis,
        first_year=scenario.first_year,
        share_leaving_costs=scenario.option.share_leaving_costs,
    )


def scenario_assumptions(*, scenario: Scenario, plan: AppraisalPlan | None = None, summary=None) -> scen.Assumptions:
    """The scenario's stored assumptions as the calculation module's plain input (a fixed handful of queries).
    `plan`: the appraisal's discount base year and funding gaps, if already read for its other scenarios;
    `summary`: the appraisal's, if worked out (an option's staffing structures share their posts by it)."""
    scenarios_prefetch([scenario])  # nothing to do if they were fetched with the other scenarios
    plan = plan or appraisal_plan(appraisal=scenario.appraisal)
    settings = list(scenario.cluster_settings.all())
    phases = list(scenario.phases.all())
    shares = list(scenario.custom_shares.all())
    default_phasing = {p.year: p.percent for p in phases if p.cluster_id is None}
    period = scenario.period
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

    a = scen.Assumptions(
        first_year=scenario.first_year,
        years=scenario.years,
        phasing=phasing({}),
        cluster_phasing={name: phasing(values) for name, values in by_cluster.items()},
        points={s.cluster.name: scen.SavingsPoint(s.point, s.custom_value) for s in settings},
        clusters_out=frozenset(s.cluster.name for s in settings if not s.included),
        costs=[item for c in scenario.cost_items.all() for item in _cost_items(c, period)],
        savings_basis=basis(scenario.savings_basis, CustomShare.AppliesTo.SAVINGS),
        costs_basis=basis(scenario.costs_basis, CustomShare.AppliesTo.COSTS),
        discount_rate=scenario.discount_rate,
        optimism_bias=scenario.optimism_bias,
        savings_adjustment=_savings_adjustment(scenario),
        deficit_year=scenario.appraisal.deficit_year,
        discount_base_year=plan.discount_base_year,
        deficits=plan.deficits,
        membership=plan.membership,
    )
    people = scenario_staffing(scenario=scenario, plan=plan, summary=summary, costs_basis=a.costs_basis)
    if people is None:
        return a
    # The option's staffing structures: the savings a cluster takes from them, and its leavers' one-off costs.
    leaving = [
        item for line in leaving_cost_lines(people, scenario.first_year) for item in opt.cost_items(line, period)
    ]
    return replace(a, structure_savings=people.savings_by_cluster, costs=[*a.costs, *leaving])


def scenario_result(
    *, scenario: Scenario, figures: AppraisalFigures, with_sensitivity: bool = True, plan: AppraisalPlan | None = None
):
    """The scenario's model on the appraisal's figures; `plan` as for scenario_assumptions (read if not given)."""
    plan = plan or appraisal_plan(appraisal=scenario.appraisal, councils=figures.councils)
    assumptions = scenario_assumptions(scenario=scenario, plan=plan, summary=figures.summary)
    return scen.model(figures.summary, assumptions, with_sensitivity=with_sensitivity)
