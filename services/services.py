"""Writes to service clusters, services and baselines; each validates the model before saving."""

from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from appraise.writes import save_if_changed
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
