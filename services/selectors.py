from services.models import Baseline, ServiceCluster


def cluster_list() -> list[ServiceCluster]:
    return list(ServiceCluster.objects.all())


def baseline_rows(*, council_ids, year: int) -> list[dict]:
    """Baselines of these councils in one year, with their service and cluster, in table order (one query)."""
    return list(
        Baseline.objects.filter(council_id__in=council_ids, year=year)
        .order_by("service__cluster__position", "service__cluster__name", "service__position", "service__name")
        .values(
            "id",
            "council_id",
            "service_id",
            "service__name",
            "service__scope",
            "service__scope_reason",
            "service__cluster_id",
            "service__cluster__name",
            "service__cluster__position",
            "service__cluster__out_of_scope",
            "gross_budget",
            "net_budget",
            "fte",
            "third_party_spend",
        )
    )
