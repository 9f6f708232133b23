"""The editor's forms for the scenario's parts: how savings and costs are shared, each cluster's place in the
scenario, the phasing (for every cluster and a cluster's own) and the implementation costs. Each answers through
answer.edit_answer."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from appraisal import formatting as fmt
from appraisal.models import CostItem, Scenario, ScenarioCluster
from appraisal.scenarios import parts
from appraisal.scenarios.answer import Place, edit_answer, rate_text, scenario_for, was_values
from appraisal.scenarios.forms import ClusterForm, ClusterPhaseForm, CostForm, PhaseForm, SharingForm, form_for
from appraisal.scenarios.selectors import cluster_in_scope_get
from appraisal.scenarios.views import CLUSTER_ROW, COST_ROW, SECTION_COSTS, SECTION_PHASING, SECTION_SHARING
from appraisal.summary.selectors import appraisal_councils
from appraise.htmx import HtmxHttpRequest
from councils import financial_years
from services.models import ServiceCluster

COSTS = Place(SECTION_COSTS, anchor="section-costs")  # adding or removing a cost answers with the whole table


def _point_text(setting: ScenarioCluster) -> str:
    if not setting.included:
        return "left out of the scenario"
    if setting.point == ScenarioCluster.Point.AMOUNT:
        return f"a custom amount of {fmt.money(setting.custom_value)}"
    if setting.point == ScenarioCluster.Point.PERCENT:
        return f"a custom {setting.custom_value.normalize():f}% of the net budget"
    return setting.get_point_display().lower()


def _cost_text(item: CostItem) -> str:
    charged = f", charged to {item.council.name} alone" if item.council_id else ""
    return f"{item.get_category_display()} {financial_years.label(item.year)} {fmt.money(item.amount)}{charged}"


def _cost_now(item: CostItem) -> str | None:
    """A cost as it stands, for a stale edit's message; None if it was removed (the stand-in has no key)."""
    return None if item.pk is None else _cost_text(item)


def _bases_text(scenario: Scenario) -> str:
    savings, costs = scenario.get_savings_basis_display().lower(), scenario.get_costs_basis_display().lower()
    return f"{savings} for savings, {costs} for costs"


@require_POST
@login_required
def scenario_sharing_update(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    scenario = scenario_for(request, slug, pk)
    councils = appraisal_councils(appraisal=scenario.appraisal)
    form = form_for(SharingForm, "sharing", request.POST, councils=councils)
    showed = [*parts.BASES, *(f"share:{a}:{c.pk}" for a in ("savings", "costs") for c in councils)]

    def write() -> str:
        data = form.cleaned_data
        parts.scenario_sharing_update(
            scenario_id=scenario.pk,
            savings_basis=data["savings_basis"],
            costs_basis=data["costs_basis"],
            shares=form.shares(),
            was=was_values(request, showed),
            user=request.user,
        )
        return "Saved how savings and costs are shared."

    return edit_answer(
        request, scenario, key="sharing", form=form, write=write, shown=_bases_text, place=Place(SECTION_SHARING)
    )


@require_POST
@login_required
def scenario_cluster_update(request: HtmxHttpRequest, slug: str, pk: int, cluster_pk: int) -> HttpResponse:
    scenario = scenario_for(request, slug, pk)
    cluster = cluster_in_scope_get(cluster_id=cluster_pk)
    key = f"cluster-{cluster.pk}"
    form = form_for(ClusterForm, key, request.POST, structure=scenario.option_id is not None)

    def write() -> str:
        chosen = {name: form.cleaned_data[name] for name in parts.CLUSTER_FIELDS}
        setting = parts.scenario_cluster_update(
            scenario_id=scenario.pk,
            cluster=cluster,
            **chosen,
            was=was_values(request, parts.CLUSTER_FIELDS),
            user=request.user,
        )
        return f"{cluster.name}: {_point_text(setting)}."

    return edit_answer(request, scenario, key=key, form=form, write=write, shown=_point_text, place=Place(CLUSTER_ROW))


@require_POST
@login_required
def scenario_phase_update(request: HtmxHttpRequest, slug: str, pk: int, year: int) -> HttpResponse:
    """The phasing for every cluster in one year."""
    return _phase_edit(request, scenario_for(request, slug, pk), year)


@require_POST
@login_required
def scenario_cluster_phase_update(
    request: HtmxHttpRequest, slug: str, pk: int, cluster_pk: int, year: int
) -> HttpResponse:
    """A cluster's own phasing for one year; blank to follow the phasing for every cluster."""
    scenario = scenario_for(request, slug, pk)
    return _phase_edit(request, scenario, year, cluster_in_scope_get(cluster_id=cluster_pk))


def _phase_edit(
    request: HtmxHttpRequest, scenario: Scenario, year: int, cluster: ServiceCluster | None = None
) -> HttpResponse:
    """One year's phasing: for every cluster (blank stored as 100%), or one cluster's own (blank: as every one)."""
    if cluster is None:
        key, form_class, what, blank, anchor = f"phase-{year}", PhaseForm, "Phasing", "100% (none entered)", ""
    else:
        key, form_class, what = f"cphase-{cluster.pk}-{year}", ClusterPhaseForm, f"{cluster.name}, phasing"
        blank, anchor = "blank (as every cluster)", "section-phasing"
    form = form_for(form_class, key, request.POST)

    def write() -> str:
        percent = form.cleaned_data["percent"]
        parts.scenario_phase_set(
            scenario_id=scenario.pk,
            year=year,
            percent=percent,
            cluster=cluster,
            was=request.POST.get("was-percent", ""),
            user=request.user,
        )
        return f"{what} {financial_years.label(year)}: {rate_text(percent, 'as every cluster')}."

    def shown(current) -> str:
        return rate_text(current.percent, blank)

    return edit_answer(
        request, scenario, key=key, form=form, write=write, shown=shown, place=Place(SECTION_PHASING, anchor=anchor)
    )


def _cost_form(scenario: Scenario, key: str, data) -> CostForm:
    """A posted cost line: a year of the period, charged to one of the appraisal's councils or shared."""
    councils = appraisal_councils(appraisal=scenario.appraisal)
    return form_for(CostForm, key, data, years=list(scenario.period), councils=councils)


@require_POST
@login_required
def cost_item_add(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    scenario = scenario_for(request, slug, pk)
    form = _cost_form(scenario, "cost-new", request.POST)

    def write() -> str:
        item = parts.cost_item_add(scenario_id=scenario.pk, values=dict(form.cleaned_data), user=request.user)
        return f"Added {_cost_text(item)}."

    return edit_answer(request, scenario, key="cost-new", form=form, write=write, shown=None, place=COSTS)


@require_POST
@login_required
def cost_item_update(request: HtmxHttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    scenario = scenario_for(request, slug, pk)
    key = f"cost-{item_pk}"
    form = _cost_form(scenario, key, request.POST)

    def write() -> str:
        item = parts.cost_item_update(
            scenario_id=scenario.pk,
            item_id=item_pk,
            values=dict(form.cleaned_data),
            was=was_values(request, parts.COST_FIELDS),
            user=request.user,
        )
        return f"Saved {_cost_text(item)}."

    return edit_answer(
        request, scenario, key=key, form=form, write=write, shown=_cost_now, row_id=item_pk, place=Place(COST_ROW)
    )


@require_POST
@login_required
def cost_item_remove(request: HtmxHttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    scenario = scenario_for(request, slug, pk)

    def write() -> str:
        item = parts.cost_item_remove(
            scenario_id=scenario.pk, item_id=item_pk, was=was_values(request, parts.COST_FIELDS), user=request.user
        )
        return f"Removed {_cost_text(item)}." if item else "That cost had already been removed."

    return edit_answer(request, scenario, key=f"cost-{item_pk}", form=None, write=write, shown=_cost_now, place=COSTS)
