"""Writes of benefits realisation (issue 19): recording Cabinet's decision, with the figures it approved."""

from django.core.exceptions import ValidationError
from django.db import transaction

from appraisal.models import Appraisal, ApprovedFigures
from appraisal.realisation.selectors import figures_now
from appraise.writes import save_if_changed

ERR_ALREADY_APPROVED = "This appraisal's decision is already recorded: its approved figures stay as they were."


@transaction.atomic
def appraisal_approve(*, appraisal: Appraisal, meeting: str, approved_on, user) -> ApprovedFigures:
    """Mark the appraisal approved by `meeting` on `approved_on`, keeping its figures as they are now."""
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    if ApprovedFigures.objects.filter(appraisal=appraisal).exists():
        raise ValidationError(ERR_ALREADY_APPROVED)
    if not meeting.strip():
        raise ValidationError({"meeting": "Name the meeting that made the decision."})
    record = ApprovedFigures(
        appraisal=appraisal,
        meeting=meeting.strip(),
        approved_on=approved_on,
        figures=figures_now(appraisal=appraisal),
        approved_by=user,
    )
    record.full_clean()
    record.save()
    save_if_changed(appraisal, {"status": Appraisal.Status.APPROVED}, user=user)
    return record
