"""Writes for the baselines feature: an appraisal's savings ranges and its scope for each service.

The councils' funding deficits are written by the councils app (councils/services.py), the baselines by the
services app (services/services.py).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from appraisal.baselines.selectors import ScopeChoice
from appraisal.models import Appraisal, SavingsRange, ServiceScope
from appraise.writes import all_or_none, check_row_version, delete_as, save_if_changed
from services.models import Service, ServiceCluster


@transaction.atomic
def savings_range_set(
    *, appraisal: Appraisal, cluster: ServiceCluster, min_saving: Decimal, max_saving: Decimal, user=None
) -> SavingsRange:
    savings = SavingsRange.objects.filter(appraisal=appraisal, cluster=cluster).first() or SavingsRange(
        appraisal=appraisal, cluster=cluster
    )
    save_if_changed(savings, {"min_saving": min_saving, "max_saving": max_saving}, user=user)
    return savings


@transaction.atomic
def service_scope_set(*, appraisal: Appraisal, service: Service, scope: str, reason: str = "", user=None):
    """Set this appraisal's scope for a service (key / limited value / excluded), with the reason for it."""
    service_scope = ServiceScope.objects.filter(appraisal=appraisal, service=service).first() or ServiceScope(
        appraisal=appraisal, service=service
    )
    save_if_changed(service_scope, {"scope": scope, "reason": reason}, user=user)
    return service_scope


@dataclass(frozen=True)
class RangeChange:
    cluster: ServiceCluster
    old: tuple[Decimal, Decimal] | None  # None: there was no range
    new: tuple[Decimal, Decimal] | None  # None: the range was removed


@dataclass(frozen=True)
class RangeEdit:
    """One row of the savings ranges form: a cluster's range as the editor left it."""

    cluster: ServiceCluster
    min_saving: Decimal | None  # both None: no range
    max_saving: Decimal | None
    expected_version: int | None


@transaction.atomic
def savings_range_update(
    *,
    appraisal: Appraisal,
    cluster: ServiceCluster,
    min_saving: Decimal | None,
    max_saving: Decimal | None,
    expected_version: int | None,
    user,
) -> RangeChange | None:
    """Set (or, with both savings None, remove) the savings range for a cluster. None if nothing changed."""
    if (min_saving is None) != (max_saving is None):
        raise ValidationError("Enter both a minimum and a maximum saving, or neither for no range.")
    savings = SavingsRange.objects.select_for_update().filter(appraisal=appraisal, cluster=cluster).first()
    gone = SavingsRange(appraisal=appraisal, cluster=cluster, min_saving=None, max_saving=None, version=0)
    check_row_version(savings, expected_version, gone=gone)
    old = (savings.min_saving, savings.max_saving) if savings else None
    if min_saving is None:
        if savings is None:
            return None
        delete_as(savings, user)
        return RangeChange(cluster, old, None)
    savings = savings or SavingsRange(appraisal=appraisal, cluster=cluster)
    if not save_if_changed(savings, {"min_saving": min_saving, "max_saving": max_saving}, user=user):
        return None
    return RangeChange(cluster, old, (savings.min_saving, savings.max_saving))


@transaction.atomic
def savings_ranges_update(*, appraisal: Appraisal, edits: list[RangeEdit], user) -> list[RangeChange]:
    """Save a whole savings form: every row or none (EditRefused names the rows that failed)."""
    return all_or_none(
        edits,
        update=lambda e: savings_range_update(
            appraisal=appraisal,
            cluster=e.cluster,
            min_saving=e.min_saving,
            max_saving=e.max_saving,
            expected_version=e.expected_version,
            user=user,
        ),
        key=lambda e: e.cluster.pk,
    )


# --- Bulk writes for the workbook import


@dataclass(frozen=True, slots=True)
class SavingsRangeSet:
    """A cluster's savings range in an appraisal; both savings None: no range (one held is removed)."""

    cluster_id: int
    min_saving: Decimal | None
    max_saving: Decimal | None


@dataclass(frozen=True, slots=True)
class ServiceScopeSet:
    """A service's scope in an appraisal; choice None: back to the service's own default (an override held goes)."""

    service_id: int
    choice: ScopeChoice | None


@transaction.atomic
def savings_ranges_bulk_apply(*, appraisal: Appraisal, ranges: list[SavingsRangeSet], user=None) -> None:
    """Set or remove an appraisal's savings ranges, each change recorded against user."""
    if not ranges:
        return
    held = {r.cluster_id: r for r in SavingsRange.objects.filter(appraisal=appraisal)}
    clusters = ServiceCluster.objects.in_bulk([r.cluster_id for r in ranges if r.cluster_id not in held])
    for r in ranges:
        row = held.get(r.cluster_id)
        if r.min_saving is not None:
            row = row or SavingsRange(appraisal=appraisal, cluster=clusters[r.cluster_id])
            save_if_changed(row, {"min_saving": r.min_saving, "max_saving": r.max_saving}, user=user)
        elif row is not None:
            delete_as(row, user)


@transaction.atomic
def service_scopes_bulk_apply(*, appraisal: Appraisal, scopes: list[ServiceScopeSet], user=None) -> None:
    """Set an appraisal's own scope for services, or remove it (back to the service's default), recorded against
    user."""
    if not scopes:
        return
    held = {s.service_id: s for s in ServiceScope.objects.filter(appraisal=appraisal)}
    for s in scopes:
        row = held.get(s.service_id)
        if s.choice is not None:
            row = row or ServiceScope(appraisal=appraisal, service_id=s.service_id)
            save_if_changed(row, {"scope": s.choice.scope, "reason": s.choice.reason}, user=user)
        elif row is not None:
            delete_as(row, user)
