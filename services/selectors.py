from services.models import Baseline, Service, ServiceCluster


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


def service_list() -> list[Service]:
    """Every service with its cluster, in table order (one query)."""
    return list(Service.objects.select_related("cluster").order_by("cluster__position", "cluster__name", "position"))


def baseline_cells(*, council_ids, year: int) -> list[Baseline]:
    """The baselines of these councils in one year, with who last changed each (one query), for the grid."""
    return list(
        Baseline.objects.filter(council_id__in=council_ids, year=year)
        .select_related("updated_by")
        .only(
            "id",
            "council_id",
            "service_id",
            "year",
            "gross_budget",
            "net_budget",
            "fte",
            "third_party_spend",
            "version",
            "updated_at",
            "updated_by__username",
            "updated_by__first_name",
            "updated_by__last_name",
        )
    )


def baseline_years(*, council_ids) -> list[int]:
    """The years any of these councils has a baseline for, earliest first."""
    return sorted(set(Baseline.objects.filter(council_id__in=council_ids).values_list("year", flat=True).distinct()))


def service_get(*, pk) -> Service | None:
    """The service with that id, with its cluster, or None."""
    return Service.objects.select_related("cluster").filter(pk=pk).first()
