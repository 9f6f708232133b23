"""Writes of a scenario's parts: each cluster's place in it, the phasing, the implementation costs and the custom
shares. Each write locks the scenario and checks the values the editor's form showed first (see services.py)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from appraisal.models import CostItem, CustomShare, SavingsRange, Scenario, ScenarioCluster, ScenarioPhase
from appraisal.scenarios.services import row_delete, scenario_locked, shown_check, shown_matches
from appraise.writes import StaleEdit, save_if_changed
from councils import financial_years
from services.models import ServiceCluster

ERR_NO_RANGE = "This cluster has no savings range: choose a custom amount or %"
ERR_CUSTOM_MISSING = "Enter the custom saving"
ERR_PERCENT_OVER = "A custom saving cannot be more than 100% of the cluster's net budget"
ERR_SHARES_TOTAL = "The percentages add up to {total}%; they must add up to 100%"
ERR_SHARES_MISSING = "Enter a percentage for every council"
ERR_PHASE_MISSING = "Enter the % of the full-year saving, like 50"
ERR_PHASE_OUTSIDE = "That year is not in the scenario's period"
ERR_COST_OUTSIDE = "The year must be within the period, {first} to {last}"

ERR_COST_COUNCIL = "Choose one of the appraisal's councils, or share the cost"

COST_FIELDS = ("category", "description", "year", "amount", "low", "high", "council_id")
# A cost line as the options page edits it (issue 17): the editor's fields with its Green Book bias category, the
# share of that risk mitigated, and whether it recurs (to its last year; blank, the period's end). The editor's
# form leaves these alone, so a line set up on the options page keeps them when edited in the editor.
LINE_FIELDS = (*COST_FIELDS, "bias_category", "mitigated_pct", "recurring", "last_year")
ERR_LAST_YEAR_OUTSIDE = "The last year must be within the period, {first} to {last}"
CLUSTER_FIELDS = ("included", "point", "custom_value")
BASES = ("savings_basis", "costs_basis")


@transaction.atomic
def scenario_sharing_update(
    *, scenario_id: int, savings_basis: str, costs_basis: str, shares: dict, was: dict | None, user
) -> Scenario:
    """Set the sharing bases; where a basis is custom, `shares[(applies_to, council)]` must add up to 100."""
    scenario = scenario_locked(scenario_id)
    current = {(s.applies_to, s.council_id): s for s in scenario.custom_shares.all()}
    if was is not None:
        shown_check(scenario, {k: v for k, v in was.items() if k in BASES})
        for key, value in was.items():
            if key.startswith("share:"):
                _, applies_to, council_id = key.split(":")
                row = current.get((applies_to, int(council_id)))
                if not shown_matches(value, row.percent if row else None):
                    raise StaleEdit(scenario)
    councils = [m.council for m in scenario.appraisal.memberships.select_related("council")]
    bases = {"savings": savings_basis, "costs": costs_basis}
    custom = [applies_to for applies_to, basis in bases.items() if basis == Scenario.Basis.CUSTOM]
    errors = {}
    for applies_to in custom:
        problem = _shares_problem([shares.get((applies_to, c.pk)) for c in councils])
        if problem:
            errors[f"{applies_to}_shares"] = problem
    if errors:
        raise ValidationError(errors)
    save_if_changed(scenario, {"savings_basis": savings_basis, "costs_basis": costs_basis}, user=user)
    # Other bases ignore the custom shares: those are kept for when custom is chosen again.
    for applies_to in custom:
        for council in councils:
            row = current.get((applies_to, council.pk)) or CustomShare(
                scenario=scenario, council=council, applies_to=applies_to
            )
            save_if_changed(row, {"percent": shares[(applies_to, council.pk)]}, user=user)
    return scenario


def _shares_problem(given: list[Decimal | None]) -> str:
    """What is wrong with the councils' custom percentages, or "" if they are complete and add up to 100."""
    if any(v is None for v in given):
        return ERR_SHARES_MISSING
    total = sum(given, Decimal(0))
    return "" if total == 100 else ERR_SHARES_TOTAL.format(total=f"{total.normalize():f}")


@transaction.atomic
def scenario_cluster_update(
    *,
    scenario_id: int,
    cluster: ServiceCluster,
    included: bool,
    point: str,
    custom_value: Decimal | None,
    was: dict | None,
    user,
) -> ScenarioCluster:
    """Put a cluster in or out of the scenario and choose where in its savings range its saving is taken."""
    scenario = scenario_locked(scenario_id)
    setting = ScenarioCluster.objects.filter(scenario=scenario, cluster=cluster).first()
    # A cluster with no row yet is in the scenario at its midpoint (the model's default).
    setting = setting or ScenarioCluster(scenario=scenario, cluster=cluster, included=True)
    if was is not None:
        shown_check(setting, {name: was.get(name, "") for name in CLUSTER_FIELDS})
    custom = point in (ScenarioCluster.Point.AMOUNT, ScenarioCluster.Point.PERCENT)
    if custom and custom_value is None:
        raise ValidationError({"custom_value": ERR_CUSTOM_MISSING})
    if point == ScenarioCluster.Point.PERCENT and custom_value > 100:
        raise ValidationError({"custom_value": ERR_PERCENT_OVER})
    ranged = point in (ScenarioCluster.Point.MIN, ScenarioCluster.Point.MAX, ScenarioCluster.Point.MID)
    if ranged and not SavingsRange.objects.filter(appraisal=scenario.appraisal, cluster=cluster).exists():
        raise ValidationError({"point": ERR_NO_RANGE})
    values = {"included": included, "point": point, "custom_value": custom_value if custom else None}
    save_if_changed(setting, values, user=user)
    return setting


@transaction.atomic
def scenario_phase_set(
    *,
    scenario_id: int,
    year: int,
    percent: Decimal | None,
    was: str | None,
    user,
    cluster: ServiceCluster | None = None,
) -> ScenarioPhase | None:
    """Set the % of the full-year saving achieved in one year of the period: for every cluster, or (with
    `cluster`) for that cluster only, where None removes the cluster's own figure so it follows every cluster's."""
    scenario = scenario_locked(scenario_id)
    if year not in scenario.period:
        raise ValidationError({"percent": ERR_PHASE_OUTSIDE})
    if percent is None and cluster is None:
        raise ValidationError({"percent": ERR_PHASE_MISSING})
    phase = ScenarioPhase.objects.filter(scenario=scenario, cluster=cluster, year=year).first()
    if was is not None and not shown_matches(was, phase.percent if phase else None):
        raise StaleEdit(phase or ScenarioPhase(scenario=scenario, cluster=cluster, year=year, percent=None))
    if percent is None:
        if phase is not None:
            row_delete(phase, user)
        return None
    phase = phase or ScenarioPhase(scenario=scenario, cluster=cluster, year=year)
    save_if_changed(phase, {"percent": percent}, user=user)
    return phase


def _cost_check(scenario: Scenario, values: dict) -> None:
    """A cost's year (and a recurring line's last year) is in the period, and the council it is charged to (if
    any) a partner in the appraisal."""
    if values["year"] not in scenario.period:
        first, last = financial_years.label(scenario.period[0]), financial_years.label(scenario.period[-1])
        raise ValidationError({"year": ERR_COST_OUTSIDE.format(first=first, last=last)})
    last_year = values.get("last_year")
    if last_year is not None and last_year not in scenario.period:
        first, last = financial_years.label(scenario.period[0]), financial_years.label(scenario.period[-1])
        raise ValidationError({"last_year": ERR_LAST_YEAR_OUTSIDE.format(first=first, last=last)})
    council = values.get("council")
    if council is not None and not scenario.appraisal.memberships.filter(council=council).exists():
        raise ValidationError({"council": ERR_COST_COUNCIL})


@transaction.atomic
def cost_item_add(*, scenario_id: int, values: dict, user) -> CostItem:
    """Add a cost line (funding below zero; charged to `values["council"]` alone, or shared when None)."""
    scenario = scenario_locked(scenario_id)
    _cost_check(scenario, values)
    item = CostItem(scenario=scenario)
    save_if_changed(item, values, user=user)
    return item


@transaction.atomic
def cost_item_update(*, scenario_id: int, item_id: int, values: dict, was: dict | None, user) -> CostItem:
    scenario = scenario_locked(scenario_id)
    item = CostItem.objects.filter(scenario=scenario, pk=item_id).first()
    if item is None:
        # Removed meanwhile: a stand-in with no primary key says so.
        raise StaleEdit(CostItem(scenario=scenario, category="other", year=scenario.first_year, amount=Decimal(0)))
    shown_check(item, was)
    _cost_check(scenario, values)
    save_if_changed(item, values, user=user)
    return item


@transaction.atomic
def cost_item_remove(*, scenario_id: int, item_id: int, was: dict | None, user) -> CostItem | None:
    """Remove a cost; returns it as it was, or None if it had already been removed (what the editor wanted)."""
    scenario = scenario_locked(scenario_id)
    item = CostItem.objects.filter(scenario=scenario, pk=item_id).first()
    if item is not None:
        shown_check(item, was)
        row_delete(item, user)
    return item
