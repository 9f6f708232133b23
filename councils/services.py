"""Writes to councils and their funding deficits; each validates the model before saving."""

from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from appraise.writes import save_if_changed
from councils.models import Council, FundingDeficit, UserRole


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
    council = Council.objects.filter(code=code.strip().upper()).first() or Council(code=code.strip().upper())
    values = {
        "name": name,
        "slug": slug or council.slug or slugify(name),
        "council_type": council_type,
        "net_revenue_budget": net_revenue_budget,
        "gross_budget": gross_budget,
    }
    save_if_changed(council, values)
    return council


@transaction.atomic
def funding_deficit_set(*, council: Council, year: int, amount: Decimal, user=None) -> FundingDeficit:
    deficit = FundingDeficit.objects.filter(council=council, year=year).first() or FundingDeficit(
        council=council, year=year
    )
    save_if_changed(deficit, {"amount": amount}, user=user)
    return deficit


@transaction.atomic
def user_role_set(*, user, role: str, council: Council | None) -> UserRole:
    user_role = UserRole.objects.filter(user=user).first() or UserRole(user=user)
    save_if_changed(user_role, {"role": role, "council": council})
    return user_role
