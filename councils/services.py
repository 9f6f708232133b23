"""Writes to councils and their funding deficits; each validates the model before saving."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from appraise.writes import all_or_none, check_row_version, delete_as, save_if_changed
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


@dataclass(frozen=True)
class DeficitEdit:
    """One row of the funding deficits form: a council's forecast for a year as the editor left it."""

    council: Council
    year: int
    amount: Decimal | None  # None: no forecast for the year
    expected_version: int | None


@dataclass(frozen=True)
class DeficitChange:
    council: Council
    year: int
    old: Decimal | None  # None: there was no forecast for the year
    new: Decimal | None  # None: the forecast was removed


@transaction.atomic
def funding_deficit_update(
    *, council: Council, year: int, amount: Decimal | None, expected_version: int | None, user
) -> DeficitChange | None:
    """Set (or, with amount None, remove) a council's deficit forecast for a year. None if nothing changed."""
    deficit = FundingDeficit.objects.select_for_update().filter(council=council, year=year).first()
    check_row_version(
        deficit, expected_version, gone=FundingDeficit(council=council, year=year, amount=None, version=0)
    )
    old = deficit.amount if deficit else None
    if amount is None:
        if deficit is None:
            return None
        delete_as(deficit, user)
        return DeficitChange(council, year, old, None)
    deficit = deficit or FundingDeficit(council=council, year=year)
    if not save_if_changed(deficit, {"amount": amount}, user=user):
        return None
    return DeficitChange(council, year, old, deficit.amount)


@transaction.atomic
def funding_deficits_update(*, edits: list[DeficitEdit], user) -> list[DeficitChange]:
    """Save a whole deficits form: every row or none (EditRefused names the rows that failed)."""
    return all_or_none(
        edits,
        update=lambda e: funding_deficit_update(
            council=e.council, year=e.year, amount=e.amount, expected_version=e.expected_version, user=user
        ),
        key=lambda e: (e.council.pk, e.year),
    )


@transaction.atomic
def user_role_set(*, user, role: str, council: Council | None) -> UserRole:
    user_role = UserRole.objects.filter(user=user).first() or UserRole(user=user)
    save_if_changed(user_role, {"role": role, "council": council})
    return user_role


# --- Bulk writes for the workbook import


@dataclass(frozen=True, slots=True)
class CouncilBudgets:
    council_id: int
    net_revenue_budget: Decimal | None
    gross_budget: Decimal | None


@dataclass(frozen=True, slots=True)
class CouncilCreate:
    """A council not held yet, as the Councils sheet of a workbook that sets up a new partnership gives it."""

    code: str
    name: str
    council_type: str
    net_revenue_budget: Decimal | None
    gross_budget: Decimal | None
    ons_code: str | None = None  # a council started from MHCLG's published figures (appraisal/outturn)


@dataclass(frozen=True, slots=True)
class FundingDeficitSet:
    council_id: int
    year: int
    amount: Decimal


@transaction.atomic
def councils_bulk_update(*, budgets: list[CouncilBudgets], user=None) -> None:
    """Set councils' budgets. Each is saved with the user, so the council's history says who changed its budgets
    (council_upsert, for fixtures, records no user)."""
    if not budgets:
        return
    councils = Council.objects.in_bulk([b.council_id for b in budgets])
    for b in budgets:
        values = {"net_revenue_budget": b.net_revenue_budget, "gross_budget": b.gross_budget}
        save_if_changed(councils[b.council_id], values, user=user)


@transaction.atomic
def funding_deficits_bulk_apply(*, deficits: list[FundingDeficitSet], user=None) -> None:
    """Set councils' deficit forecasts, creating those not held yet (two queries, then one write a changed row)."""
    if not deficits:
        return
    ids = {d.council_id for d in deficits}
    councils = Council.objects.in_bulk(ids)
    held = {(d.council_id, d.year): d for d in FundingDeficit.objects.filter(council_id__in=ids)}
    for d in deficits:
        row = held.get((d.council_id, d.year)) or FundingDeficit(council=councils[d.council_id], year=d.year)
        save_if_changed(row, {"amount": d.amount}, user=user)


def council_create_errors(council: CouncilCreate) -> dict[str, list[str]]:
    """What Administration would refuse in a new council, by field (code, name, council_type, net_revenue_budget,
    gross_budget): the model's own rules (full_clean), without the database. Whether the code or name is held
    already is the caller's to check against the councils it has read (a workbook's plan reads them all once)."""
    candidate = Council(
        code=council.code,
        name=council.name,
        council_type=council.council_type,
        net_revenue_budget=council.net_revenue_budget,
        gross_budget=council.gross_budget,
    )
    try:
        candidate.full_clean(exclude=["slug"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return exc.message_dict
    return {}


def _council_slug(council: CouncilCreate, taken: set[str]) -> str:
    """The council's address from its name (as Administration fills it in), made unique with its code if need be."""
    slug = slugify(council.name)[:200] or slugify(council.code)
    if slug in taken:
        slug = f"{slug[:189]}-{slugify(council.code)}"
    taken.add(slug)
    return slug


@transaction.atomic
def councils_bulk_create(*, councils: list[CouncilCreate], user=None) -> list[Council]:
    """New councils, in the order given, each validated whole as Administration validates one (full_clean, with
    uniqueness) and saved with its history row recorded against user. A workbook names a handful, so each is saved
    on its own; raises ValidationError (nothing saved) if any is refused."""
    if not councils:
        return []
    taken = set(Council.objects.values_list("slug", flat=True))
    made = []
    for c in councils:
        row = Council(code=c.code.strip().upper())
        values = {
            "name": c.name,
            "slug": _council_slug(c, taken),
            "council_type": c.council_type,
            "net_revenue_budget": c.net_revenue_budget,
            "gross_budget": c.gross_budget,
            "ons_code": c.ons_code,
        }
        save_if_changed(row, values, user=user)
        made.append(row)
    return made
