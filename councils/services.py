"""Writes to councils and their funding deficits; each validates the model before saving."""

from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from councils.models import Council, FundingDeficit


@transaction.atomic
def council_upsert(
    *,
    code: str,
    name: str,
    council_type: str,
    net_revenue_budget: Decimal | None = None,
    gross_budget: Decimal | None = None,
    slug: str | None = None,
) -> Council:
    council = Council.objects.filter(code=code.strip().upper()).first() or Council(code=code)
    council.name = name
    council.slug = slug or council.slug or slugify(name)
    council.council_type = council_type
    council.net_revenue_budget = net_revenue_budget
    council.gross_budget = gross_budget
    council.full_clean()
    council.save()
    return council


@transaction.atomic
def funding_deficit_set(*, council: Council, year: int, amount: Decimal) -> FundingDeficit:
    deficit = FundingDeficit.objects.filter(council=council, year=year).first() or FundingDeficit(
        council=council, year=year
    )
    deficit.amount = amount
    deficit.full_clean()
    deficit.save()
    return deficit
