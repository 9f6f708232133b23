"""Writes to service clusters, services and baselines; each validates the model before saving."""

from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from appraise.writes import StaleEdit, check_version, save_if_changed
from councils.models import Council
from services.models import Baseline, Scope, Service, ServiceCluster


@transaction.atomic
def cluster_upsert(
    *, name: str, position: int = 0, out_of_scope: bool = False, description: str = ""
) -> ServiceCluster:
    cluster = ServiceCluster.objects.filter(name=name).first() or ServiceCluster(name=name, slug=slugify(name))
    save_if_changed(cluster, {"position": position, "out_of_scope": out_of_scope, "description": description})
    return cluster


@transaction.atomic
def service_upsert(
    *, cluster: ServiceCluster, name: str, position: int = 0, scope: str = Scope.KEY, scope_reason: str = ""
) -> Service:
    service = Service.objects.filter(cluster=cluster, name=name).first() or Service(cluster=cluster, name=name)
    save_if_changed(service, {"position": position, "scope": scope, "scope_reason": scope_reason})
    return service


@transaction.atomic
def baseline_set(
    *,
    council: Council,
    service: Service,
    year: int,
    gross_budget: Decimal,
    net_budget: Decimal,
    fte: Decimal = Decimal(0),
    third_party_spend: Decimal = Decimal(0),
    user=None,
) -> Baseline:
    baseline = Baseline.objects.filter(council=council, service=service, year=year).first() or Baseline(
        council=council, service=service, year=year
    )
    values = {
        "gross_budget": gross_budget,
        "net_budget": net_budget,
        "fte": fte,
        "third_party_spend": third_party_spend,
    }
    save_if_changed(baseline, values, user=user)
    return baseline


BASELINE_FIELDS = ("gross_budget", "net_budget", "fte", "third_party_spend")


@transaction.atomic
def baseline_update(
    *,
    council: Council,
    service: Service,
    year: int,
    field: str,
    value: Decimal,
    expected_version: int | None,
    expected_value: Decimal | None = None,
    user=None,
) -> Baseline:
    """Change one figure of one council's baseline for a service and year, refusing a stale edit.

    `expected_version` is the version the editor loaded (0 for a cell that had no baseline yet: it is created,
    with the other figures 0). If the row has moved on since, the edit raises StaleEdit, unless the editor
    also says what this figure was (`expected_value`) and it has not changed: someone else changed another
    figure of the same row, and both edits can stand.
    """
    if field not in BASELINE_FIELDS:
        raise ValueError(f"{field!r} is not a baseline figure")
    baseline = (
        Baseline.objects.select_for_update().filter(council=council, service=service, year=year).first()
    ) or Baseline(council=council, service=service, year=year, gross_budget=Decimal(0), net_budget=Decimal(0))
    if not baseline._state.adding:
        try:
            check_version(baseline, expected_version)
        except StaleEdit:
            if expected_value is None or getattr(baseline, field) != expected_value:
                raise
    save_if_changed(baseline, {field: value}, user=user)
    return baseline
