"""Writes of the options appraisal (issue 17). Each validates before it saves, atomically."""

from django.core.exceptions import ValidationError
from django.db import models, transaction

from appraisal.calculations import options as opt
from appraisal.models import Appraisal, Criterion, Option, OptionClusterModel, OptionScore, Risk, Scenario
from appraisal.models.option import BUSINESS_AS_USUAL_UNDELETABLE, NAME_TAKEN
from appraisal.options.selectors import BUSINESS_AS_USUAL_YEARS, options_comparison
from appraisal.scenarios.services import (
    scenario_clone,
    scenario_create,
    scenario_delete,
    shown_check,
    shown_matches,
)
from appraise.writes import StaleEdit, check_version, delete_as, save_if_changed
from councils import financial_years


@transaction.atomic
def options_defaults_create(*, appraisal: Appraisal) -> tuple[Option, list[Criterion]]:
    """Business as usual and the default criteria (calculations/options_types.DEFAULT_CRITERIA) for an appraisal;
    safe to repeat: business as usual is made only if the appraisal has none, the criteria only if it has none at
    all (an officer's own list is never added to). Migration 0009_options_defaults mirrors it for the appraisals
    made before; every new appraisal should get it where it is made (summary/services.py appraisal_upsert)."""
    bau = Option.objects.filter(appraisal=appraisal, business_as_usual=True).first()
    if bau is None:
        bau = Option(
            appraisal=appraisal,
            name=_free_name(appraisal, opt.BUSINESS_AS_USUAL_NAME),
            delivery_model=opt.IN_HOUSE,
            description=opt.BUSINESS_AS_USUAL_DESCRIPTION,
            business_as_usual=True,
        )
        bau.full_clean()
        bau.save()
    criteria = list(Criterion.objects.filter(appraisal=appraisal))
    if not criteria:
        criteria = [
            Criterion(appraisal=appraisal, name=c.name, weight=int(c.weight), is_financial=c.financial, position=i)
            for i, c in enumerate(opt.DEFAULT_CRITERIA)
        ]
        for c in criteria:
            c.full_clean()
            c.save()  # one by one, not bulk_create: each gets its history row
    return bau, criteria


def _free_name(appraisal: Appraisal, name: str) -> str:
    """The name, or the name with a number if an option of the appraisal already has it."""
    taken = {n.casefold() for n in Option.objects.filter(appraisal=appraisal).values_list("name", flat=True)}
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{name} ({n})"
    return candidate


# --- The short list: options added, changed, removed ----------------------------------------------------------

ERR_NAME_MISSING = "Enter a name for the option"
ERR_NAME_TAKEN = NAME_TAKEN
ERR_BAU_MODEL = "Business as usual is delivered in-house, as now: choose another model for a new option"
ERR_PREFERRED_REASON = "Say why this option is preferred: it does not rank first"
ERR_PREFERRED_NO_RANKING = "Say why this option is preferred: the ranking cannot be worked out yet"
ERR_FINANCIAL_STAYS = "The financial criterion is scored from the figures: it cannot be removed"
ERR_CRITERION_NAME = "Enter a name for the criterion"
ERR_CRITERION_TAKEN = "Another criterion has that name"
ERR_RISK_YEAR = "The year must be within the option's period, {first} to {last}"
ERR_NO_CENTRAL = "This option has no central case yet"
ERR_CASE_TAKEN = "The option already has that case"
# How long a new option's central case runs when no other option has one yet: as business as usual (selectors).
NEW_OPTION_YEARS = BUSINESS_AS_USUAL_YEARS


def option_name_validate(*, appraisal: Appraisal, name: str, option_id: int | None = None) -> str:
    """The name, trimmed, if no other option of the appraisal has it (in any case); else ValidationError."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": ERR_NAME_MISSING})
    if appraisal.options.filter(name__iexact=name).exclude(pk=option_id).exists():
        raise ValidationError({"name": f"{ERR_NAME_TAKEN}."})
    return name


def _option_locked(option_id: int) -> Option:
    return Option.objects.select_for_update().select_related("appraisal").get(pk=option_id)


def _new_option_period(appraisal: Appraisal) -> tuple[int, int]:
    """A new option's period: that of the options' central cases already there (so their figures compare year by
    year), else from the year after the baselines, as business as usual's."""
    central = appraisal.scenarios.filter(option__isnull=False, case=Scenario.Case.CENTRAL).order_by("pk").first()
    if central is not None:
        return central.first_year, central.years
    return appraisal.base_year + 1, NEW_OPTION_YEARS


def _free_scenario_name(appraisal: Appraisal, name: str) -> str:
    taken = {n.casefold() for n in appraisal.scenarios.values_list("name", flat=True)}
    candidate, n = name[:100], 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{name[:94]} ({n})"
    return candidate


def case_scenario_name(option_name: str, case: str) -> str:
    return f"Option {option_name}: {Scenario.Case(case).label.lower()}"


@transaction.atomic
def option_create(
    *, appraisal: Appraisal, name: str, delivery_model: str, lead_authority=None, description: str = "", user
) -> Option:
    """A new option on the short list and its central case: a scenario made as every new scenario is (every
    cluster at the midpoint of its range, fully phased in, no costs, no optimism bias: the option's cost lines
    carry their own Green Book bias), whose figures are the option's."""
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    name = option_name_validate(appraisal=appraisal, name=name)
    if delivery_model == opt.IN_HOUSE:
        raise ValidationError({"delivery_model": ERR_BAU_MODEL})
    if delivery_model != opt.SOVEREIGN:
        lead_authority = None
    last = appraisal.options.aggregate(last=models.Max("position"))["last"] or 0
    option = Option(appraisal=appraisal)
    values = {
        "name": name,
        "delivery_model": delivery_model,
        "lead_authority": lead_authority,
        "description": description.strip(),
        "position": last + 1,
    }
    save_if_changed(option, values, user=user)
    first_year, years = _new_option_period(appraisal)
    scenario_create(
        appraisal=appraisal,
        name=_free_scenario_name(appraisal, case_scenario_name(name, Scenario.Case.CENTRAL)),
        first_year=first_year,
        years=years,
        description=f"The figures of the option “{name}” (its central case).",
        option=option,
        user=user,
    )
    return option


OPTION_FIELDS = (
    "name",
    "delivery_model",
    "lead_authority",
    "description",
    "savings_adjustment_pct",
    "savings_adjustment_reason",
)


@transaction.atomic
def option_update(*, option_id: int, values: dict, version: int | None, user) -> Option:
    """Change the option's details (`values`: some of OPTION_FIELDS), refused if it changed since `version`."""
    option = _option_locked(option_id)
    check_version(option, version)
    values = dict(values)
    if "name" in values:
        values["name"] = option_name_validate(appraisal=option.appraisal, name=values["name"], option_id=option.pk)
    if values.get("delivery_model", option.delivery_model) != opt.SOVEREIGN:
        values["lead_authority"] = None  # only a sovereign model has one: a lead chosen before is let go
    if "savings_adjustment_reason" in values:
        values["savings_adjustment_reason"] = values["savings_adjustment_reason"].strip()
    save_if_changed(option, values, user=user)
    return option


CLUSTER_FIELD = {"delivery_model": "model", "lead_authority": "lead"}


@transaction.atomic
def option_cluster_models_set(*, option_id: int, models_by_cluster: dict, was: dict, user) -> Option:
    """A mixed option's delivery model for each cluster: `models_by_cluster[cluster] = (model, lead authority)`;
    a model of "" removes the cluster's. Each checked against what the form showed, `was[cluster id] = (model,
    lead authority id)` as text ("" for none), so two officers setting different clusters both succeed."""
    option = _option_locked(option_id)
    if option.delivery_model != opt.MIXED:
        raise ValidationError("Only a mixed option has a model per cluster: choose Mixed in its details first.")
    current = {m.cluster_id: m for m in option.cluster_models.all()}
    for cluster_id, (model, lead) in was.items():
        row = current.get(cluster_id)
        shown_now = (row.delivery_model, row.lead_authority_id) if row else ("", None)
        if not (shown_matches(model, shown_now[0]) and shown_matches(lead, shown_now[1])):
            raise StaleEdit(row or OptionClusterModel(option=option, cluster_id=cluster_id, delivery_model=""))
    errors = {}
    for cluster, (model, lead) in models_by_cluster.items():
        row = current.get(cluster.pk)
        if not model:
            if row is not None:
                delete_as(row, user)
            continue
        row = row or OptionClusterModel(option=option, cluster=cluster)
        try:
            save_if_changed(
                row, {"delivery_model": model, "lead_authority": lead if model == opt.SOVEREIGN else None}, user=user
            )
        except ValidationError as exc:
            # Named by the cluster, as the page's form names its two choices for it (model-<id>, lead-<id>).
            for field_name, messages in exc.message_dict.items():
                errors[f"{CLUSTER_FIELD.get(field_name, 'model')}-{cluster.pk}"] = messages
    if errors:
        raise ValidationError(errors)
    return option


@transaction.atomic
def option_delete(*, option_id: int, user) -> Option:
    """Remove an option with its scenarios, scores, risks and models per cluster (each removal in the history);
    business as usual is refused: the Green Book requires it on every short list."""
    option = _option_locked(option_id)
    if option.business_as_usual:
        raise ValidationError(BUSINESS_AS_USUAL_UNDELETABLE)
    for scenario in option.scenarios.all():
        scenario_delete(scenario_id=scenario.pk, user=user)
    for related in ("scores", "risks", "cluster_models"):
        for row in getattr(option, related).all():
            delete_as(row, user)
    delete_as(option, user)
    return option


@transaction.atomic
def option_case_add(*, option_id: int, case: str, user) -> Scenario:
    """The option's low or high case: a copy of its central case, to change from there."""
    option = _option_locked(option_id)
    central = option.scenarios.filter(case=Scenario.Case.CENTRAL).first()
    if central is None:
        raise ValidationError(ERR_NO_CENTRAL)
    if case == Scenario.Case.CENTRAL or option.scenarios.filter(case=case).exists():
        raise ValidationError({"case": ERR_CASE_TAKEN})
    name = _free_scenario_name(option.appraisal, case_scenario_name(option.name, case))
    return scenario_clone(scenario=central, name=name, case=case, user=user)


@transaction.atomic
def option_preferred_set(*, appraisal: Appraisal, option_id: int | None, reason: str, was: str, user) -> Option | None:
    """Choose the preferred option (None: none chosen, so the option ranked first is preferred). A choice other
    than the option ranked first (or made while the ranking cannot be worked out) needs a reason, which the report
    prints. `was`: the id of the option the form showed as chosen ("" for none)."""
    options = list(Option.objects.select_for_update().filter(appraisal=appraisal))
    chosen_now = next((o for o in options if o.preferred), None)
    if str(was) != (str(chosen_now.pk) if chosen_now else ""):
        raise StaleEdit(chosen_now or next(o for o in options if o.business_as_usual))
    chosen = next((o for o in options if o.pk == option_id), None) if option_id is not None else None
    if option_id is not None and chosen is None:
        raise ValidationError({"option": "Choose one of the appraisal's options."})
    reason = reason.strip()
    if chosen is not None and not reason:
        view = options_comparison(appraisal=appraisal)
        if view.comparison is None:
            raise ValidationError({"reason": ERR_PREFERRED_NO_RANKING})
        if view.comparison.options[0].figures.name != chosen.name:
            raise ValidationError({"reason": ERR_PREFERRED_REASON})
    for o in options:  # the one preferred option let go first: the database allows one at a time
        if o.preferred and o != chosen:
            save_if_changed(o, {"preferred": False, "preferred_reason": ""}, user=user)
    if chosen is not None:
        save_if_changed(chosen, {"preferred": True, "preferred_reason": reason}, user=user)
    return chosen


# --- Criteria and scores -------------------------------------------------------------------------------------


@transaction.atomic
def criterion_add(*, appraisal: Appraisal, name: str, weight: int, user) -> Criterion:
    """A criterion the options are scored on by hand (the weights may then not add up to 100: the page says so)."""
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    name = _criterion_name(appraisal, name)
    last = appraisal.criteria.aggregate(last=models.Max("position"))["last"]
    criterion = Criterion(appraisal=appraisal, position=0 if last is None else last + 1)
    save_if_changed(criterion, {"name": name, "weight": weight}, user=user)
    return criterion


def _criterion_name(appraisal: Appraisal, name: str, criterion_id: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": ERR_CRITERION_NAME})
    if appraisal.criteria.filter(name__iexact=name).exclude(pk=criterion_id).exists():
        raise ValidationError({"name": ERR_CRITERION_TAKEN})
    return name


@transaction.atomic
def criteria_update(*, appraisal: Appraisal, values: dict, was: dict, user) -> list[Criterion]:
    """Rename and reweight the criteria at once (`values[criterion id] = (name, weight)`), each checked against
    what the form showed (`was[criterion id] = (name, weight)` as text). The financial criterion keeps its name."""
    current = {c.pk: c for c in Criterion.objects.select_for_update().filter(appraisal=appraisal)}
    for pk, (name, weight) in was.items():
        c = current.get(pk)
        if c is None or not (shown_matches(name, c.name) and shown_matches(weight, c.weight)):
            raise StaleEdit(c or Criterion(appraisal=appraisal, name=name, weight=0))
    errors = {}
    names = {}
    for pk, (name, _weight) in values.items():
        name = name.strip()
        if not name:
            errors[f"name-{pk}"] = ERR_CRITERION_NAME
        elif name.casefold() in names:
            errors[f"name-{pk}"] = ERR_CRITERION_TAKEN
        names[name.casefold()] = pk
    if errors:
        raise ValidationError(errors)
    # Names are swapped through a placeholder so two criteria may trade names in one save.
    changed = [c for pk, c in current.items() if pk in values and c.name != values[pk][0].strip()]
    for c in changed:
        Criterion.objects.filter(pk=c.pk).update(name=f"~{c.pk}~")
    for pk, (name, weight) in values.items():
        c = current[pk]
        if c in changed:
            c.name = f"~{c.pk}~"
        save_if_changed(c, {"name": name.strip(), "weight": weight}, user=user)
    return list(current.values())


@transaction.atomic
def criterion_remove(*, criterion_id: int, user) -> Criterion | None:
    """Remove a criterion scored by hand, with the options' scores on it; None if already removed."""
    criterion = Criterion.objects.select_for_update().filter(pk=criterion_id).first()
    if criterion is None:
        return None
    if criterion.is_financial:
        raise ValidationError(ERR_FINANCIAL_STAYS)
    for score in criterion.scores.all():
        delete_as(score, user)
    delete_as(criterion, user)
    return criterion


@transaction.atomic
def option_scores_set(*, option_id: int, scores: dict, was: dict, user) -> Option:
    """The option's score (0–5, None: not scored) and reason on each criterion scored by hand:
    `scores[criterion] = (score, reason)`, each checked against `was[criterion id] = (score, reason)` as shown."""
    option = _option_locked(option_id)
    current = {s.criterion_id: s for s in option.scores.all()}
    for pk, (score, reason) in was.items():
        row = current.get(pk)
        if not (shown_matches(score, row.score if row else None) and shown_matches(reason, row.reason if row else "")):
            raise StaleEdit(row or OptionScore(option=option, criterion_id=pk, score=0))
    for criterion, (score, reason) in scores.items():
        if criterion.is_financial or criterion.appraisal_id != option.appraisal_id:
            continue
        row = current.get(criterion.pk)
        if score is None:
            if row is not None:
                delete_as(row, user)
            continue
        row = row or OptionScore(option=option, criterion=criterion)
        save_if_changed(row, {"score": score, "reason": reason.strip()}, user=user)
    return option


# --- Risk register ---------------------------------------------------------------------------------------------

RISK_FIELDS = ("description", "category", "likelihood", "impact", "owner", "mitigation", "cost", "probability", "year")


def _risk_check(option: Option, values: dict) -> None:
    """A costed risk's year falls in the option's period (its central case's), where its expected cost is added."""
    year = values.get("year")
    central = option.scenarios.filter(case=Scenario.Case.CENTRAL).first()
    if year is not None and central is not None and year not in central.period:
        first, last = financial_years.label(central.period[0]), financial_years.label(central.period[-1])
        raise ValidationError({"year": ERR_RISK_YEAR.format(first=first, last=last)})


@transaction.atomic
def risk_add(*, option_id: int, values: dict, user) -> Risk:
    option = _option_locked(option_id)
    _risk_check(option, values)
    last = option.risks.aggregate(last=models.Max("position"))["last"]
    risk = Risk(option=option, position=0 if last is None else last + 1)
    save_if_changed(risk, values, user=user)
    return risk


@transaction.atomic
def risk_update(*, option_id: int, risk_id: int, values: dict, was: dict | None, user) -> Risk:
    option = _option_locked(option_id)
    risk = option.risks.filter(pk=risk_id).first()
    if risk is None:  # removed meanwhile: a stand-in with no key says so
        raise StaleEdit(Risk(option=option, description="", likelihood=1, impact=1))
    shown_check(risk, was)
    _risk_check(option, values)
    save_if_changed(risk, values, user=user)
    return risk


@transaction.atomic
def risk_remove(*, option_id: int, risk_id: int, was: dict | None, user) -> Risk | None:
    option = _option_locked(option_id)
    risk = option.risks.filter(pk=risk_id).first()
    if risk is not None:
        shown_check(risk, was)
        delete_as(risk, user)
    return risk
