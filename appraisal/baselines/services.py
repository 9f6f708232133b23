"""Writes for the baselines feature: an appraisal's savings ranges and its scope for each service.

The councils' funding deficits are written by the councils app (councils/services.py), the baselines by the
services app (services/services.py).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

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
