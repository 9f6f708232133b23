"""Reads of service clusters, services and baselines."""

from dataclasses import dataclass
from decimal import Decimal

from services.models import Baseline, Service, ServiceCluster


@dataclass(frozen=True)
class BaselineRow:
    """One council's baseline for one service in one year, with its service and cluster (for tables and sums)."""

    id: int
    council_id: int
    service_id: int
    service: str
    scope: str  # the service's own; an appraisal's figures give its scope there (appraisal/baselines/selectors.py)
    scope_reason: str
    cluster_id: int
    cluster: str
    cluster_position: int
    cluster_out_of_scope: bool
    gross_budget: Decimal | None
    net_budget: Decimal | None
    fte: Decimal | None
    third_party_spend: Decimal | None


_ROW_FIELDS = {
    "id": "id",
    "council_id": "council_id",
    "service_id": "service_id",
    "service": "service__name",
    "scope": "service__scope",
    "scope_reason": "service__scope_reason",
    "cluster_id": "service__cluster_id",
    "cluster": "service__cluster__name",
    "cluster_position": "service__cluster__position",
    "cluster_out_of_scope": "service__cluster__out_of_scope",
    "gross_budget": "gross_budget",
    "net_budget": "net_budget",
    "fte": "fte",
    "third_party_spend": "third_party_spend",
}


def baseline_rows(*, council_ids, year: int, service_ids) -> list[BaselineRow]:
    """Baselines of these councils and services in one year, with their service and cluster, in table order (one
    query). `service_ids` is required: an appraisal reads only the services it covers, never all its councils'."""
    values = (
        Baseline.objects.filter(council_id__in=council_ids, year=year, service_id__in=service_ids)
        .order_by("service__cluster__position", "service__cluster__name", "service__position", "service__name")
        .values_list(*_ROW_FIELDS.values())
    )
    return [BaselineRow(*row) for row in values]


def net_budgets(*, council_ids, year: int, service_ids) -> list[tuple[int, int, Decimal | None]]:
    """(council id, service id, net budget) of these councils' baselines for these services in one year, in no
    order (one query, no joins): for a calculation that has the services' names and clusters already."""
    rows = Baseline.objects.filter(council_id__in=council_ids, year=year, service_id__in=service_ids).order_by()
    return list(rows.values_list("council_id", "service_id", "net_budget"))


def service_list(*, ids=None) -> list[Service]:
    """Every service (or those with these ids) with its cluster, in table order (one query)."""
    services = Service.objects.select_related("cluster").order_by("cluster__position", "cluster__name", "position")
    return list(services if ids is None else services.filter(pk__in=ids))


def cluster_list() -> list[ServiceCluster]:
    """Every service cluster, in table order (one query)."""
    return list(ServiceCluster.objects.order_by("position", "name"))


def baseline_cells(*, council_ids, year: int, service_ids) -> list[Baseline]:
    """The baselines of these councils and services in one year, with who last changed each (one query), for the
    grid."""
    return list(
        Baseline.objects.filter(council_id__in=council_ids, year=year, service_id__in=service_ids)
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


def baseline_years(*, council_ids, service_ids) -> list[int]:
    """The years any of these councils has a baseline for in any of these services, earliest first."""
    held = Baseline.objects.filter(council_id__in=council_ids, service_id__in=service_ids)
    return sorted(set(held.values_list("year", flat=True).distinct()))


def service_get(*, pk) -> Service | None:
    """The service with that id, with its cluster, or None."""
    return Service.objects.select_related("cluster").filter(pk=pk).first()
