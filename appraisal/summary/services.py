"""Writes of an appraisal and its partner councils; each validates before it saves."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from appraisal.models import (
    Appraisal,
    AppraisalCouncil,
)
from appraise.writes import save_if_changed
from councils.models import Council


@transaction.atomic
def appraisal_upsert(
    *,
    slug: str,
    title: str,
    base_year: int,
    deficit_year: int,
    councils: list[Council],
    description: str = "",
    status: str = Appraisal.Status.DRAFT,
    report_date: datetime.date | None = None,
) -> Appraisal:
    appraisal = Appraisal.objects.filter(slug=slug).first() or Appraisal(slug=slug)
    values = {
        "title": title,
        "base_year": base_year,
        "deficit_year": deficit_year,
        "description": description,
        "status": status,
        "report_date": report_date,
    }
    save_if_changed(appraisal, values)
    if len({c.pk for c in councils}) != len(councils):
        raise ValidationError("A council can take part in an appraisal only once.")
    appraisal.memberships.exclude(council__in=councils).delete()
    for position, council in enumerate(councils):
        membership = AppraisalCouncil.objects.filter(appraisal=appraisal, council=council).first()
        save_if_changed(membership or AppraisalCouncil(appraisal=appraisal, council=council), {"position": position})
    return appraisal
