"""Writes of benefits realisation (issue 19): recording Cabinet's decision with the figures it approved, the benefits
register and its readings, and savings delivered and costs incurred."""

from django.core.exceptions import ValidationError
from django.db import models, transaction

from appraisal.calculations import approval
from appraisal.models import Appraisal, ApprovedFigures, Benefit, BenefitReading, SavingActual
from appraisal.realisation.selectors import results_shown
from appraise.writes import check_version, save_if_changed

ERR_ALREADY_APPROVED = "This appraisal's decision is already recorded: its approved figures stay as they were."
ERR_NOT_SHOWN = "Choose a scenario shown to members: only those were before Cabinet."


@transaction.atomic
def appraisal_approve(*, appraisal: Appraisal, meeting: str, approved_on, scenario=None, user) -> ApprovedFigures:
    """Mark the appraisal approved by `meeting` on `approved_on`, keeping its figures as they are now and the plan
    of the scenario approved (`scenario`, one shown to members; None: the first shown) to monitor delivery against.
    Raises CalculationError where the figures cannot be worked out."""
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    if ApprovedFigures.objects.filter(appraisal=appraisal).exists():
        raise ValidationError(ERR_ALREADY_APPROVED)
    if not meeting.strip():
        raise ValidationError({"meeting": "Name the meeting that made the decision."})
    figures, results = results_shown(appraisal=appraisal)
    name = scenario.name if scenario is not None else next(iter(results), "")
    if scenario is not None and (scenario.appraisal_id != appraisal.pk or name not in results):
        raise ValidationError({"scenario": ERR_NOT_SHOWN})
    record = ApprovedFigures(
        appraisal=appraisal,
        meeting=meeting.strip(),
        approved_on=approved_on,
        figures=approval.snapshot(figures.summary, results),
        scenario=name,
        plan=approval.plan_of(results[name]) if name else {},
        approved_by=user,
    )
    record.full_clean()
    if user is not None:
        record._history_user = user  # the History page names who recorded it, from a command as from a page
    record.save()
    save_if_changed(appraisal, {"status": Appraisal.Status.APPROVED}, user=user)
    return record


BENEFIT_FIELDS = (
    "name",
    "option",
    "kind",
    "cluster",
    "measure",
    "unit",
    "baseline_value",
    "baseline_date",
    "target_value",
    "due_year",
    "owner_council",
    "owner_role",
    "how_measured",
    "frequency",
    "evidence",
)


@transaction.atomic
def benefit_save(*, appraisal: Appraisal, values: dict, benefit_id: int | None = None, user) -> Benefit:
    """Add a benefit to the register (benefit_id None) or change one."""
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in BENEFIT_FIELDS}
    if benefit_id is None:
        last = appraisal.benefits.aggregate(last=models.Max("position"))["last"]
        benefit = Benefit(appraisal=appraisal, position=0 if last is None else last + 1)
    else:
        benefit = appraisal.benefits.select_for_update().get(pk=benefit_id)
    save_if_changed(benefit, values, user=user)
    return benefit


@transaction.atomic
def benefit_reading_set(*, benefit: Benefit, taken_on, value, note: str = "", user) -> BenefitReading:
    """Record a reading of the benefit's measure on a date (a second reading that day replaces the first)."""
    reading = benefit.readings.filter(taken_on=taken_on).first() or BenefitReading(benefit=benefit, taken_on=taken_on)
    save_if_changed(reading, {"value": value, "note": note.strip()}, user=user)
    return reading


@transaction.atomic
def saving_actual_set(
    *, appraisal: Appraisal, council, cluster, year: int, values: dict, version: int | None = None, user
) -> SavingActual:
    """Record what a council delivered and spent in a cluster in a year (savings, costs, before_appraisal, note),
    refused if someone changed it since `version`."""
    row = (
        SavingActual.objects.select_for_update()
        .filter(appraisal=appraisal, council=council, cluster=cluster, year=year)
        .first()
    ) or SavingActual(appraisal=appraisal, council=council, cluster=cluster, year=year)
    if row.pk is not None:
        check_version(row, version)
    allowed = ("savings", "costs", "before_appraisal", "note")
    save_if_changed(row, {k: v for k, v in values.items() if k in allowed}, user=user)
    return row
