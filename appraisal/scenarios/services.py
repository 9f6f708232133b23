"""Writes of a scenario as a whole: add, copy, delete and load one; its name, delivery, period and rates.

Its parts (each cluster's place, the phasing, the costs, the custom shares) are written in parts.py, with the
same locking, which lives here:

Locking: every write first locks the scenario row (select_for_update), so two edits of one scenario are
applied one after the other, then compares the value(s) the editor's form showed ("was") with what is
stored now. If they differ, someone saved that assumption since the editor loaded it: StaleEdit, nothing
saved. We compare the shown values rather than the scenario's `version` because a scenario has many
independent assumptions: two officers setting two different clusters at once must both succeed, and only
an edit of the very figure a colleague changed is refused. The check needs no migration either.

Every save and removal goes through save_if_changed (or records the user on delete) so the history says
who changed what.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction

from appraisal.calculations import scenario as scen
from appraisal.models import Appraisal, CostItem, SavingsRange, Scenario, ScenarioCluster, ScenarioPhase
from appraisal.models.scenario import NAME_TAKEN
from appraise.writes import StaleEdit, save_if_changed
from councils import financial_years
from services.models import ServiceCluster

ERR_NAME_TAKEN = NAME_TAKEN
ERR_NAME_MISSING = "Enter a name for the scenario"
ERR_PERIOD_COSTS = "Costs are entered for {year}, outside this period: move or remove them first"
ERR_TOO_FEW_YEARS = scen.PERIOD_RULE
ERR_STATUS = "Choose whether the scenario is a draft or shown to members"

# A new scenario's starting assumptions: what an officer would expect before changing anything.
NEW_OPTIMISM_BIAS = Decimal("0")
NEW_PHASING = Decimal("100")  # full effect from the first year, until the officer phases it in

PARTS = ("cluster_settings", "phases", "cost_items", "custom_shares")  # the rows a scenario's assumptions fill


# --- Locking and the values the form showed ----------------------------------------------------------------


# The scenarios the writes inside `scenarios_locked_kept()` locked, by id: see there.
_locked_kept: ContextVar[dict | None] = ContextVar("scenarios_locked_kept", default=None)


def scenario_locked(scenario_id: int) -> Scenario:
    """The scenario, locked until the write's transaction ends (call inside it). Inside `scenarios_locked_kept()`
    the editor's answer shows this very instance after the write, so a write changes the scenario only through it
    (save_if_changed, which raises its version), never by QuerySet.update() or refresh_from_db(), and sets no
    prefetched rows on it."""
    scenario = Scenario.objects.select_for_update().select_related("appraisal").get(pk=scenario_id)
    kept = _locked_kept.get()
    if kept is not None:
        kept[scenario.pk] = scenario
    return scenario


@contextmanager
def scenarios_locked_kept():
    """Keep each scenario a write inside the block locks (id -> the scenario, with its appraisal). After a write
    that succeeded it is the scenario as stored when the write committed (what it changed of it saved), so the
    editor's answer shows it without reading it a third time. Only for that: after a refused write it may hold
    values that were never saved."""
    kept: dict[int, Scenario] = {}
    token = _locked_kept.set(kept)
    try:
        yield kept
    finally:
        _locked_kept.reset(token)


def shown_matches(shown, current) -> bool:
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


def shown_check(obj: models.Model, was: dict | None, current: models.Model | None = None) -> None:
    """Refuse the edit if any value the form showed is no longer the stored one."""
    if was is None:
        return
    if any(not shown_matches(shown, getattr(obj, name)) for name, shown in was.items()):
        raise StaleEdit(current if current is not None else obj)


def row_delete(row: models.Model, user) -> None:
    """Delete a row, the history recording who did."""
    if user is not None:
        row._history_user = user
    row.delete()


# --- The scenario's own fields -----------------------------------------------------------------------------


def scenario_name_validate(*, appraisal: Appraisal, name: str, scenario_id: int | None = None) -> str:
    """The name, trimmed, if no other scenario of the appraisal has it yet (in any case); else ValidationError.

    The one check of a scenario's name: adding, renaming (`scenario_id`, the scenario renamed) and copying."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": ERR_NAME_MISSING})
    if appraisal.scenarios.filter(name__iexact=name).exclude(pk=scenario_id).exists():
        raise ValidationError({"name": ERR_NAME_TAKEN})
    return name


@transaction.atomic
def scenario_settings_update(*, scenario_id: int, values: dict, was: dict | None, user) -> Scenario:
    """Set some of the scenario's own fields (name, description, delivery, period, rates, bases)."""
    scenario = scenario_locked(scenario_id)
    shown_check(scenario, was)
    if "name" in values:
        values["name"] = scenario_name_validate(
            appraisal=scenario.appraisal, name=values["name"], scenario_id=scenario.pk
        )
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
def scenario_year_add(*, scenario_id: int, percent: Decimal, expected_years: int | None, user) -> Scenario:
    """Add a year at the end of the period, with its phasing."""
    scenario = scenario_locked(scenario_id)
    if expected_years is not None and scenario.years != expected_years:
        raise StaleEdit(scenario)
    if scenario.years >= scen.MAX_YEARS:
        raise ValidationError({"percent": ERR_TOO_FEW_YEARS})
    year = scenario.period.stop
    save_if_changed(scenario, {"years": scenario.years + 1}, user=user)
    phase = ScenarioPhase.objects.filter(scenario=scenario, cluster=None, year=year).first()
    save_if_changed(phase or ScenarioPhase(scenario=scenario, year=year), {"percent": percent}, user=user)
    return scenario


@transaction.atomic
def scenario_year_remove(*, scenario_id: int, expected_years: int | None, user) -> Scenario:
    """Remove the last year of the period and its phasing; refused while costs are entered in it."""
    scenario = scenario_locked(scenario_id)
    if expected_years is not None and scenario.years != expected_years:
        raise StaleEdit(scenario)
    if scenario.years <= scen.MIN_YEARS:
        raise ValidationError({"years": ERR_TOO_FEW_YEARS})
    year = scenario.period[-1]
    if scenario.cost_items.filter(year=year).exists():
        raise ValidationError({"years": ERR_PERIOD_COSTS.format(year=financial_years.label(year))})
    for phase in ScenarioPhase.objects.filter(scenario=scenario, year=year):
        row_delete(phase, user)
    save_if_changed(scenario, {"years": scenario.years - 1}, user=user)
    return scenario


@transaction.atomic
def scenario_status_update(*, scenario_id: int, status: str, was: str | None, user) -> Scenario:
    """Show the scenario to members, or return it to draft (members, the cabinet report and its workbook then no
    longer see it). `was`: the status the editor showed; refused as stale if a colleague changed it since."""
    if status not in Scenario.Status.values:
        raise ValidationError({"status": ERR_STATUS})
    scenario = scenario_locked(scenario_id)
    shown_check(scenario, None if was is None else {"status": was})
    save_if_changed(scenario, {"status": status}, user=user)
    return scenario


# --- A whole scenario --------------------------------------------------------------------------------------


@transaction.atomic
def scenario_create(
    *,
    appraisal: Appraisal,
    name: str,
    first_year: int,
    years: int,
    delivery_option: int | None = None,
    description: str = "",
    option=None,
    user,
) -> Scenario:
    """A new scenario, a draft until it is shown to members, with sensible defaults: every cluster with a savings
    range in at its midpoint, 100% in every year, no costs, savings shared pro rata to each council's net budget
    in each cluster and costs pro rata to net budget, discounted at the Green Book rate with no optimism bias.
    `option`: the scenario is that option's central case (issue 17: its figures are the option's)."""
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
    if option is not None:
        values |= {"option": option, "case": Scenario.Case.CENTRAL}
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
    for year in scenario.period:
        save_if_changed(ScenarioPhase(scenario=scenario, year=year), {"percent": NEW_PHASING}, user=user)
    return scenario


@transaction.atomic
def scenario_clone(*, scenario: Scenario, name: str, case: str | None = None, user=None) -> Scenario:
    """A copy of the scenario and all its assumptions (cost lines with their bias category, mitigation and
    recurrence) under a new name, to try a variation: a draft, whatever the original's status, until an officer
    shows it to members. A copy of an option's scenario is a scenario of its own, unless `case` makes it another
    case (low or high) of the same option."""
    name = scenario_name_validate(appraisal=scenario.appraisal, name=name)
    copy = Scenario.objects.get(pk=scenario.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.version = 1
    values = {"name": name, "position": scenario.appraisal.scenarios.count(), "status": Scenario.Status.DRAFT}
    if case is None:
        values |= {"option": None, "case": Scenario.Case.CENTRAL}
    else:
        values["case"] = case
    save_if_changed(copy, values, user=user)
    for related in PARTS:
        for row in getattr(scenario, related).all():
            row.pk = None
            row.id = None
            row._state.adding = True
            row.scenario = copy
            save_if_changed(row, {}, user=user)
    return copy


@transaction.atomic
def scenario_delete(*, scenario_id: int, user) -> None:
    """Remove a scenario and all its assumptions (each removal is in the history)."""
    scenario = scenario_locked(scenario_id)
    for related in PARTS:
        for row in getattr(scenario, related).all():
            row_delete(row, user)
    row_delete(scenario, user)


@transaction.atomic
def scenario_load(*, appraisal: Appraisal, spec: dict, position: int = 0, user=None) -> Scenario:
    """Create or replace a scenario from a plain description (a fixture's "scenarios" entry): shown to members
    unless it says "status": "draft" (a fixture's scenarios are the case as presented)."""
    scenario = Scenario.objects.filter(appraisal=appraisal, name=spec["name"]).first() or Scenario(
        appraisal=appraisal, name=spec["name"]
    )
    values = {
        "description": spec.get("description", ""),
        "status": spec.get("status", Scenario.Status.SHOWN),
        "position": position,
        "delivery_option": spec.get("delivery_option"),  # Darlington & Hartlepool's options; others have none
        "delivery_vehicle": spec.get("delivery_vehicle", ""),
        "first_year": financial_years.parse(spec["first_year"]),
        "years": spec["years"],
        "savings_basis": spec.get("savings_basis", Scenario.Basis.CLUSTER_NET_BUDGET),
        "costs_basis": spec.get("costs_basis", Scenario.Basis.NET_BUDGET),
        "discount_rate": Decimal(str(spec.get("discount_rate", scen.GREEN_BOOK_DISCOUNT_RATE))),
        "optimism_bias": Decimal(str(spec.get("optimism_bias", NEW_OPTIMISM_BIAS))),
    }
    save_if_changed(scenario, values, user=user)
    for name, point in spec.get("points", {}).items():
        cluster_id = ServiceCluster.objects.get(name=name).pk
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
    _costs_load(scenario, spec.get("costs", []), user=user)
    return scenario


COST_LOADED = (
    "category",
    "description",
    "year",
    "amount",
    "council_id",
    "bias_category",
    "mitigated_pct",
    "recurring",
    "last_year",
)


def _costs_load(scenario: Scenario, costs: list[dict], *, user) -> None:
    # Cost items have no natural key: replace them only when they differ, so loading twice changes nothing. A line
    # may be funding (a grant: below zero) and name the council that bears it alone ("council": its code); issue
    # 17's lines may give a Green Book bias category ("bias_category", "mitigated_pct") and recur ("recurring",
    # "last_year").
    codes = {m.council.code: m.council_id for m in scenario.appraisal.memberships.select_related("council")}
    wanted = [
        (c["category"], c.get("description", ""), financial_years.parse(c["year"]), Decimal(str(c["amount"])))
        + (codes[c["council"]] if c.get("council") else None,)
        + (c.get("bias_category", ""), Decimal(str(c.get("mitigated_pct", 0))), bool(c.get("recurring", False)))
        + (financial_years.parse(c["last_year"]) if c.get("last_year") else None,)
        for c in costs
    ]
    current = [tuple(getattr(c, name) for name in COST_LOADED) for c in scenario.cost_items.order_by("pk")]
    if current != wanted:
        scenario.cost_items.all().delete()
        for values in wanted:
            save_if_changed(CostItem(scenario=scenario, **dict(zip(COST_LOADED, values, strict=True))), {}, user=user)
