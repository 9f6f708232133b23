from decimal import Decimal

from councils.models import FundingDeficit


def deficits_for_year(*, council_ids, year: int) -> dict[int, Decimal]:
    """council id -> forecast deficit in that year, for the councils that have one."""
    rows = FundingDeficit.objects.filter(council_id__in=council_ids, year=year).values_list("council_id", "amount")
    return dict(rows)
