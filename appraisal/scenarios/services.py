"""Writes behind the scenario editor: one small change to one scenario at a time.

Locking: every write first locks the scenario row (select_for_update), so two edits of one scenario are
applied one after the other, then compares the value(s) the editor's form showed ("was") with what is
stored now. If they differ, someone saved that assumption since the editor loaded it: StaleEdit, nothing
saved. We compare the shown values rather than the scenario's `version` because a scenario has many
independent assumptions: two officers setting two different clusters at once must both succeed, and only
an edit of the very figure a colleague changed is refused. The check needs no migration either.

Every save and removal goes through save_if_changed (or records the user on delete) so the history says
who changed what.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction

from appraisal.calculations import scenario as scen
from appraisal.models import (
    Appraisal,
    CostItem,
    CustomShare,
    SavingsRange,
    Scenario,
    ScenarioCluster,
    ScenarioPhase,
)
from appraise.writes import StaleEdit, save_if_changed
from councils import financial_years
from services.models import ServiceCluster

ERR_NO_RANGE = "This cluster has no savings range: choose a custom amount or %"


ERR_CUSTOM_MISSING = "Enter the custom saving"


ERR_PERCENT_OVER = "A custom saving cannot be more than 100% of the cluster's net budget"


ERR_SHARES_TOTAL = "The percentages add up to {total}%; they must add up to 100%"


ERR_SHARES_MISSING = "Enter a percentage for every council"


ERR_NAME_TAKEN = "This appraisal already has a scenario with that name"


ERR_NAME_MISSING = "Enter a name for the scenario"


ERR_COST_OUTSIDE = "The year must be within the period, {first} to {last}"


ERR_PERIOD_COSTS = "Costs are entered for {year}, outside this period: move or remove them first"


ERR_TOO_FEW_YEARS = scen.PERIOD_RULE


def _lock(scenario_id: int) -> Scenario:
    return Scenario.objects.select_for_update().select_related("appraisal").get(pk=scenario_id)


def _same(shown, current) -> bool:
    """Whether the form's shown value (a string, "" for none) is the stored value."""
    if isinstance(current, bool):
        return str(shown) in (("1", "True", "true", "on") if current else ("", "0", "False", "false"))
    if current is None or current == "":
        return shown in ("", None)
    if isinstance(current, Decimal | int):
        try:
            return Decimal(str(shown)) == Decimal(current)
        except (ArithmeticError, ValueError):
            return False
    return str(shown) == str(current)


def _check_was(obj: models.Model, was: dict | None, current: models.Model | None = None) -> None:
    """Refuse the edit if any value the form showed is no longer the stored one."""
    if was is None:
        return
    if any(not _same(shown, getattr(obj, name)) for name, shown in was.items()):
        raise StaleEdit(current if current is not None else obj)


def _delete(row: models.Model, user) -> None:
    if user is not None:
        row._history_user = user
    row.delete()


def _period(scenario: Scenario) -> range:
    return range(scenario.first_year, scenario.first_year + scenario.years)


@transaction.atomic
def scenario_settings_update(*, scenario_id: int, values: dict, was: dict | None, user) -> Scenario:
    """Set some of the scenario's own fields (name, description, delivery, period, rates, bases)."""
    scenario = _lock(scenario_id)
    _check_was(scenario, was)
    if "name" in values:
        values["name"] = values["name"].strip()
        taken = Scenario.objects.filter(appraisal=scenario.appraisal, name__iexact=values["name"])
        if taken.exclude(pk=scenario.pk).exists():
            raise ValidationError({"name": ERR_NAME_TAKEN})
    first = values.get("first_year", scenario.first_year)
    years = values.get("years", scenario.years)
    if ("first_year" in values or "years" in values) and first is not None and years is not None:
        outside = scenario.cost_items.exclude(year__gte=first, year__lt=first + years).order_by("year").first()
        if outside is not None:
            field = "years" if outside.year >= first else "first_year"
            raise ValidationError({field: ERR_PERIOD_COSTS.format(year=financial_years.label(outside.year))})
    save_if_changed(scenario, values, user=user)
    return scenario


@transaction.atomic
def scenario_sharing_update(
    *, scenario_id: int, savings_basis: str, costs_basis: str, shares: dict, was: dict | None, user
) -> Scenario:
    """Set the sharing bases; where a basis is custom, `shares[(applies_to, council)]` must add up to 100."""
    scenario = _lock(scenario_id)
    current = {(s.applies_to, s.council_id): s for s in scenario.custom_shares.all()}
    if was is not None:
        shown = {k: v for k, v in was.items() if k in ("savings_basis", "costs_basis")}
        _check_was(scenario, shown)
        for key, value in was.items():
            if key.startswith("share:"):
                _, applies_to, council_id = key.split(":")
                row = current.get((applies_to, int(council_id)))
                if not _same(value, row.percent if row else None):
                    raise StaleEdit(scenario)
    councils = [m.council for m in scenario.appraisal.memberships.select_related("council")]
    errors = {}
    for applies_to, basis in (("savings", savings_basis), ("costs", costs_basis)):
        if basis != Scenario.Basis.CUSTOM:
            continue
        given = [shares.get((applies_to, c.pk)) for c in councils]
        if any(v is None for v in given):
            errors[f"{applies_to}_shares"] = ERR_SHARES_MISSING
            continue
        total = sum(given, Decimal(0))
        if total != 100:
            errors[f"{applies_to}_shares"] = ERR_SHARES_TOTAL.format(total=f"{total.normalize():f}")
    if errors:
        raise ValidationError(errors)
    save_if_changed(scenario, {"savings_basis": savings_basis, "costs_basis": costs_basis}, user=user)
    for applies_to, basis in (("savings", savings_basis), ("costs", costs_basis)):
        if basis != Scenario.Basis.CUSTOM:
            continue  # other bases ignore the custom shares; keep them for when custom is chosen again
        for council in councils:
            row = current.get((applies_to, council.pk)) or CustomShare(
                scenario=scenario, council=council, applies_to=applies_to
            )
            save_if_changed(row, {"percent": shares[(applies_to, council.pk)]}, user=user)
    return scenario


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
    scenario = _lock(scenario_id)
    setting = ScenarioCluster.objects.filter(scenario=scenario, cluster=cluster).first()
    # A cluster with no row yet is in the scenario at its midpoint (the model's default).
    shown_now = setting or ScenarioCluster(scenario=scenario, cluster=cluster, included=True)
    if was is not None:
        current = {"included": shown_now.included, "point": shown_now.point, "custom_value": shown_now.custom_value}
        if any(not _same(was.get(name, ""), value) for name, value in current.items()):
            raise StaleEdit(shown_now)
    custom = point in (ScenarioCluster.Point.AMOUNT, ScenarioCluster.Point.PERCENT)
    if custom and custom_value is None:
        raise ValidationError({"custom_value": ERR_CUSTOM_MISSING})
    if point == ScenarioCluster.Point.PERCENT and custom_value > 100:
        raise ValidationError({"custom_value": ERR_PERCENT_OVER})
    if not custom and not SavingsRange.objects.filter(appraisal=scenario.appraisal, cluster=cluster).exists():
        raise ValidationError({"point": ERR_NO_RANGE})
    values = {"included": included, "point": point, "custom_value": custom_value if custom else None}
    save_if_changed(shown_now, values, user=user)
    return shown_now


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
    scenario = _lock(scenario_id)
    if year not in _period(scenario):
        raise ValidationError({"percent": "That year is not in the scenario's period"})
    if percent is None and cluster is None:
        raise ValidationError({"percent": "Enter the % of the full-year saving, like 50"})
    phase = ScenarioPhase.objects.filter(scenario=scenario, cluster=cluster, year=year).first()
    if was is not None and not _same(was, phase.percent if phase else None):
        raise StaleEdit(phase or ScenarioPhase(scenario=scenario, cluster=cluster, year=year, percent=None))
    if percent is None:
        if phase is not None:
            _delete(phase, user)
        return None
    phase = phase or ScenarioPhase(scenario=scenario, cluster=cluster, year=year)
    save_if_changed(phase, {"percent": percent}, user=user)
    return phase


@transaction.atomic
def scenario_year_add(*, scenario_id: int, percent: Decimal, expected_years: int | None, user) -> Scenario:
    """Add a year at the end of the period, with its phasing."""
    scenario = _lock(scenario_id)
    if expected_years is not None and scenario.years != expected_years:
        raise StaleEdit(scenario)
    if scenario.years >= scen.MAX_YEARS:
        raise ValidationError({"percent": ERR_TOO_FEW_YEARS})
    year = scenario.first_year + scenario.years
    save_if_changed(scenario, {"years": scenario.years + 1}, user=user)
    phase = ScenarioPhase.objects.filter(scenario=scenario, cluster=None, year=year).first()
    save_if_changed(phase or ScenarioPhase(scenario=scenario, year=year), {"percent": percent}, user=user)
    return scenario


@transaction.atomic
def scenario_year_remove(*, scenario_id: int, expected_years: int | None, user) -> Scenario:
    """Remove the last year of the period and its phasing; refused while costs are entered in it."""
    scenario = _lock(scenario_id)
    if expected_years is not None and scenario.years != expected_years:
        raise StaleEdit(scenario)
    if scenario.years <= scen.MIN_YEARS:
        raise ValidationError({"years": ERR_TOO_FEW_YEARS})
    year = scenario.first_year + scenario.years - 1
    if scenario.cost_items.filter(year=year).exists():
        raise ValidationError({"years": ERR_PERIOD_COSTS.format(year=financial_years.label(year))})
    for phase in ScenarioPhase.objects.filter(scenario=scenario, year=year):
        _delete(phase, user)
    save_if_changed(scenario, {"years": scenario.years - 1}, user=user)
    return scenario


COST_FIELDS = ("category", "description", "year", "amount", "low", "high")


def _check_cost_year(scenario: Scenario, year: int) -> None:
    if year not in _period(scenario):
        last = scenario.first_year + scenario.years - 1
        first, last = financial_years.label(scenario.first_year), financial_years.label(last)
        raise ValidationError({"year": ERR_COST_OUTSIDE.format(first=first, last=last)})


@transaction.atomic
def cost_item_add(*, scenario_id: int, values: dict, user) -> CostItem:
    scenario = _lock(scenario_id)
    _check_cost_year(scenario, values["year"])
    item = CostItem(scenario=scenario)
    save_if_changed(item, values, user=user)
    return item


@transaction.atomic
def cost_item_update(*, scenario_id: int, item_id: int, values: dict, was: dict | None, user) -> CostItem:
    scenario = _lock(scenario_id)
    item = CostItem.objects.filter(scenario=scenario, pk=item_id).first()
    if item is None:
        # Removed meanwhile: a stand-in with no primary key says so.
        raise StaleEdit(CostItem(scenario=scenario, category="other", year=scenario.first_year, amount=Decimal(0)))
    _check_was(item, was)
    _check_cost_year(scenario, values["year"])
    save_if_changed(item, values, user=user)
    return item


@transaction.atomic
def cost_item_remove(*, scenario_id: int, item_id: int, was: dict | None, user) -> None:
    scenario = _lock(scenario_id)
    item = CostItem.objects.filter(scenario=scenario, pk=item_id).first()
    if item is None:
        return  # already removed: what the editor wanted
    _check_was(item, was)
    _delete(item, user)


# A new scenario's starting assumptions: what an officer would expect before changing anything.


NEW_OPTIMISM_BIAS = Decimal("0")


NEW_PHASING = Decimal("100")  # full effect from the first year, until the officer phases it in


def scenario_name_validate(*, appraisal: Appraisal, name: str) -> str:
    """The name, trimmed, if no scenario of the appraisal has it yet (in any case); else ValidationError."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": ERR_NAME_MISSING})
    if appraisal.scenarios.filter(name__iexact=name).exists():
        raise ValidationError({"name": ERR_NAME_TAKEN})
    return name


@transaction.atomic
def scenario_create(
    *,
    appraisal: Appraisal,
    name: str,
    first_year: int,
    years: int,
    delivery_option: int = Scenario.DeliveryOption.INTEGRATION,
    description: str = "",
    user,
) -> Scenario:
    """A new scenario with sensible defaults: every cluster with a savings range in at its midpoint, 100% in
    every year, no costs, savings shared pro rata to each council's net budget in each cluster and costs pro
    rata to net budget, discounted at 3.5% with no optimism bias."""
    # Lock the appraisal so two officers adding the same name at once are checked one after the other.
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    name = scenario_name_validate(appraisal=appraisal, name=name)
    if not scen.MIN_YEARS <= years <= scen.MAX_YEARS:
        raise ValidationError({"years": ERR_TOO_FEW_YEARS})
    last = appraisal.scenarios.aggregate(last=models.Max("position"))["last"]
    scenario = Scenario(appraisal=appraisal)
    values = {
        "name": name,
        "description": description.strip(),
        "position": 0 if last is None else last + 1,
        "delivery_option": delivery_option,
        "first_year": first_year,
        "years": years,
        "savings_basis": Scenario.Basis.CLUSTER_NET_BUDGET,
        "costs_basis": Scenario.Basis.NET_BUDGET,
        "discount_rate": scen.GREEN_BOOK_DISCOUNT_RATE,
        "optimism_bias": NEW_OPTIMISM_BIAS,
    }
    save_if_changed(scenario, values, user=user)
    # A row for each cluster with a range, so the history shows what the scenario started from. Clusters with
    # no range get none: the editor shows them in, with "no savings range", and they save nothing until the
    # officer gives a custom amount (a midpoint row would be refused by the model, as there is no range).
    for savings in SavingsRange.objects.filter(appraisal=appraisal).select_related("cluster"):
        if savings.cluster.out_of_scope:
            continue
        setting = ScenarioCluster(scenario=scenario, cluster=savings.cluster)
        save_if_changed(setting, {"included": True, "point": ScenarioCluster.Point.MID}, user=user)
    # Phasing entered for every year (rather than left blank, which also counts as 100%) so the editor shows
    # each year as a figure the officer set, not "not entered".
    for year in _period(scenario):
        save_if_changed(ScenarioPhase(scenario=scenario, year=year), {"percent": NEW_PHASING}, user=user)
    return scenario


@transaction.atomic
def scenario_delete(*, scenario_id: int, user) -> None:
    """Remove a scenario and all its assumptions (each removal is in the history)."""
    scenario = _lock(scenario_id)
    for related in ("cluster_settings", "phases", "cost_items", "custom_shares"):
        for row in getattr(scenario, related).all():
            _delete(row, user)
    _delete(scenario, user)


@transaction.atomic
def scenario_load(*, appraisal: Appraisal, spec: dict, position: int = 0, user=None) -> Scenario:
    """Create or replace a scenario from a plain description (a fixture's "scenarios" entry)."""
    scenario = Scenario.objects.filter(appraisal=appraisal, name=spec["name"]).first() or Scenario(
        appraisal=appraisal, name=spec["name"]
    )
    first_year = financial_years.parse(spec["first_year"])
    values = {
        "description": spec.get("description", ""),
        "position": position,
        "delivery_option": spec.get("delivery_option", Scenario.DeliveryOption.INTEGRATION),
        "delivery_vehicle": spec.get("delivery_vehicle", ""),
        "first_year": first_year,
        "years": spec["years"],
        "savings_basis": spec.get("savings_basis", Scenario.Basis.CLUSTER_NET_BUDGET),
        "costs_basis": spec.get("costs_basis", Scenario.Basis.NET_BUDGET),
        "discount_rate": Decimal(str(spec.get("discount_rate", scen.GREEN_BOOK_DISCOUNT_RATE))),
        "optimism_bias": Decimal(str(spec.get("optimism_bias", "0"))),
    }
    save_if_changed(scenario, values, user=user)

    wanted_points = {ServiceCluster.objects.get(name=name).pk: point for name, point in spec.get("points", {}).items()}
    for cluster_id, point in wanted_points.items():
        setting = ScenarioCluster.objects.filter(scenario=scenario, cluster_id=cluster_id).first()
        kind, value = (point, None) if isinstance(point, str) else (point["kind"], Decimal(str(point["value"])))
        save_if_changed(
            setting or ScenarioCluster(scenario=scenario, cluster_id=cluster_id),
            {"point": kind, "custom_value": value, "included": True},
            user=user,
        )
    for year_label, percent in spec.get("phasing", {}).items():
        year = financial_years.parse(year_label)
        phase = ScenarioPhase.objects.filter(scenario=scenario, cluster=None, year=year).first()
        save_if_changed(
            phase or ScenarioPhase(scenario=scenario, year=year), {"percent": Decimal(str(percent))}, user=user
        )
    # Cost items have no natural key: replace them only when they differ, so loading twice changes nothing.
    wanted_costs = [
        (c["category"], c.get("description", ""), financial_years.parse(c["year"]), Decimal(str(c["amount"])))
        for c in spec.get("costs", [])
    ]
    current = [(c.category, c.description, c.year, c.amount) for c in scenario.cost_items.order_by("pk")]
    if current != wanted_costs:
        scenario.cost_items.all().delete()
        for category, description, year, amount in wanted_costs:
            item = CostItem(scenario=scenario, category=category, description=description, year=year, amount=amount)
            save_if_changed(item, {}, user=user)
    return scenario


@transaction.atomic
def scenario_clone(*, scenario: Scenario, name: str, user=None) -> Scenario:
    """A copy of the scenario and all its assumptions under a new name, to try a variation."""
    if Scenario.objects.filter(appraisal=scenario.appraisal, name__iexact=name.strip()).exists():
        raise ValidationError({"name": "This appraisal already has a scenario with that name."})
    copy = Scenario.objects.get(pk=scenario.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.version = 1
    save_if_changed(copy, {"name": name.strip(), "position": scenario.appraisal.scenarios.count()}, user=user)
    for related in ("cluster_settings", "phases", "cost_items", "custom_shares"):
        for row in getattr(scenario, related).all():
            row.pk = None
            row.id = None
            row._state.adding = True
            row.scenario = copy
            save_if_changed(row, {}, user=user)
    return copy
