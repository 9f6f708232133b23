"""Writes to service clusters, services and baselines; each validates the model before saving."""

from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from councils.models import Council
from services.models import Baseline, Scope, Service, ServiceCluster


@transaction.atomic
def cluster_upsert(
    *, name: str, position: int = 0, out_of_scope: bool = False, description: str = ""
) -> ServiceCluster:
    cluster = ServiceCluster.objects.filter(name=name).first() or ServiceCluster(name=name, slug=slugify(name))
    cluster.position = position
    cluster.out_of_scope = out_of_scope
    cluster.description = description
    cluster.full_clean()
    cluster.save()
    return cluster


@transaction.atomic
def service_upsert(
    *, cluster: ServiceCluster, name: str, position: int = 0, scope: str = Scope.KEY, scope_reason: str = ""
) -> Service:
    service = Service.objects.filter(cluster=cluster, name=name).first() or Service(cluster=cluster, name=name)
    service.position = position
    service.scope = scope
    service.scope_reason = scope_reason
    service.full_clean()
    service.save()
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
) -> Baseline:
    baseline = Baseline.objects.filter(council=council, service=service, year=year).first() or Baseline(
        council=council, service=service, year=year
    )
    baseline.gross_budget = gross_budget
    baseline.net_budget = net_budget
    baseline.fte = fte
    baseline.third_party_spend = third_party_spend
    baseline.full_clean()
    baseline.save()
    return baseline
