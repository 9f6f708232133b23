"""Writes of the options appraisal (issue 17). Each validates before it saves, atomically."""

from django.db import transaction

from appraisal.calculations import options as opt
from appraisal.models import Appraisal, Criterion, Option


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
