"""Writes of an appraisal and its partner councils, and of its discount base year; each validates before it saves."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from appraisal.models import (
    Appraisal,
    AppraisalCouncil,
)
from appraisal.options.services import options_defaults_create
from appraise.writes import StaleEdit, save_if_changed
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
    creating = appraisal._state.adding
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
    if creating:
        # Every appraisal's short list holds business as usual, and it starts with the default criteria (issue 17);
        # after the councils, so that a lead authority named later can be checked against them.
        options_defaults_create(appraisal=appraisal)
    return appraisal


@transaction.atomic
def appraisal_discount_base_year_set(*, appraisal_id: int, year: int | None, was: str | None, user=None) -> Appraisal:
    """Set the year every scenario's NPV is discounted to (None: the first year of the earliest scenario).

    `was`: the year the form showed ("2012", "" for none); if a colleague set another since, StaleEdit and nothing
    is saved."""
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal_id)
    stored = appraisal.discount_base_year
    if was is not None and was != ("" if stored is None else str(stored)):
        raise StaleEdit(appraisal)
    save_if_changed(appraisal, {"discount_base_year": year}, user=user)
    return appraisal


ERR_NOT_PARTNER = "That council is not a partner in this appraisal."


@transaction.atomic
def partner_years_set(
    *, appraisal: Appraisal, council: Council, join_year: int | None, leave_year: int | None, was=None, user=None
) -> AppraisalCouncil:
    """Set the first and last years a council is a partner (None: from the start; to the end), from which every
    scenario re-bases its shares of the savings and shared costs (issue 19). `was`: the (join, leave) pair the form
    showed; if a colleague changed them since, StaleEdit and nothing is saved."""
    membership = AppraisalCouncil.objects.select_for_update().filter(appraisal=appraisal, council=council).first()
    if membership is None:
        raise ValidationError(ERR_NOT_PARTNER)
    if was is not None and tuple(was) != (membership.join_year, membership.leave_year):
        raise StaleEdit(membership)
    save_if_changed(membership, {"join_year": join_year, "leave_year": leave_year}, user=user)
    return membership
