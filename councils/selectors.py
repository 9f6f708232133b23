from appraise.writes import last_change
from councils.models import FundingDeficit


def deficits_by_council(*, council_ids) -> dict[int, list[FundingDeficit]]:
    """council id -> its deficit forecasts, earliest year first (one query)."""
    out: dict[int, list[FundingDeficit]] = {cid: [] for cid in council_ids}
    for deficit in FundingDeficit.objects.filter(council_id__in=council_ids).order_by("year"):
        out[deficit.council_id].append(deficit)
    return out


def funding_deficit_last_change(deficit: FundingDeficit):
    """The newest history record of a deficit forecast, found by its key so a removed forecast's is too."""
    return last_change(deficit, council_id=deficit.council_id, year=deficit.year)
