"""Writes for the baselines feature: an appraisal's savings ranges, and the services it covers with their scope.

An appraisal owns its scope: a service enters its figures only once it is added here (ServiceScope), and leaves
them when it is removed; the service's baselines stay stored either way, for the appraisals that cover it.

The councils' funding deficits are written by the councils app (councils/services.py), the baselines by the
services app (services/services.py).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from appraisal.baselines.selectors import ScopeChoice, scope_for_new
from appraisal.models import Appraisal, SavingsRange, ServiceScope
from appraise import bulk
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


SERVICE_ALREADY_IN = "This service is already in the appraisal."
SERVICE_NOT_IN = "This service is not in the appraisal."


@transaction.atomic
def service_scope_set(*, appraisal: Appraisal, service: Service, scope: str, reason: str = "", user=None):
    """Set this appraisal's scope for a service (key / limited value / excluded), with the reason for it; a service
    the appraisal does not cover yet is added to it."""
    service_scope = ServiceScope.objects.filter(appraisal=appraisal, service=service).first() or ServiceScope(
        appraisal=appraisal, service=service
    )
    save_if_changed(service_scope, {"scope": scope, "reason": reason}, user=user)
    return service_scope


@transaction.atomic
def service_scope_add(
    *, appraisal: Appraisal, service: Service, scope: str | None = None, reason: str | None = None, user=None
) -> ServiceScope:
    """Add a service to the appraisal, so its councils' baselines for it enter the figures. Scope and reason default
    to the service's own (appraisal/baselines/selectors.py scope_for_new). Refused if the service is in already."""
    if ServiceScope.objects.filter(appraisal=appraisal, service=service).exists():
        raise ValidationError({"service": SERVICE_ALREADY_IN})
    chosen = scope_for_new(service=service, scope=scope, reason=reason)
    service_scope = ServiceScope(appraisal=appraisal, service=service)
    save_if_changed(service_scope, {"scope": chosen.scope, "reason": chosen.reason}, user=user)
    return service_scope


@transaction.atomic
def service_scope_remove(*, appraisal: Appraisal, service_id: int, user=None) -> ScopeChoice:
    """Take a service out of the appraisal: its baselines stay stored but leave this appraisal's figures. Returns the
    scope it had (the history keeps it too); refused if the appraisal does not cover the service."""
    service_scope = ServiceScope.objects.select_for_update().filter(appraisal=appraisal, service_id=service_id).first()
    if service_scope is None:
        raise ValidationError({"service": SERVICE_NOT_IN})
    had = ScopeChoice(service_scope.scope, service_scope.reason)
    delete_as(service_scope, user)
    return had


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
    """A service in an appraisal with its scope there (added if the appraisal does not cover it yet); choice None:
    the service's own scope and reason."""

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
    """Put services in an appraisal's scope, or set their scope there, each change recorded against user.

    A workbook for a new appraisal puts every service it lists in (2,000 in benchmarks/import_workbook.py), so the
    new rows and their history go in as plain tuples (appraise/bulk.py), each scope and reason validated without
    the database (the service ids are the caller's, who read them); a changed scope is saved on its own (a
    workbook changes few)."""
    if not scopes:
        return
    held = {s.service_id: s for s in ServiceScope.objects.filter(appraisal=appraisal)}
    defaults = Service.objects.in_bulk([s.service_id for s in scopes if s.choice is None])
    new, checked = [], set()
    for s in scopes:
        choice = s.choice or scope_for_new(service=defaults[s.service_id])
        row = held.get(s.service_id)
        if row is not None:
            save_if_changed(row, {"scope": choice.scope, "reason": choice.reason}, user=user)
            continue
        if choice not in checked:  # the same scope and reason pass or fail the same way: checked once each
            ServiceScope(scope=choice.scope, reason=choice.reason).clean_fields(exclude=["appraisal", "service"])
            checked.add(choice)
        new.append((appraisal.pk, s.service_id, choice.scope, choice.reason))
    _scopes_create(appraisal, new, user)


_SCOPE_CREATED = ("appraisal_id", "service_id", "scope", "reason")


def _scopes_create(appraisal: Appraisal, rows: list[tuple], user) -> None:
    if not rows:
        return
    stamp = bulk.Stamp.taken(ServiceScope, user)
    bulk.rows_insert(ServiceScope, _SCOPE_CREATED, rows)
    # The new rows' ids, by their natural key (one scope per appraisal and service).
    ids = dict(ServiceScope.objects.filter(appraisal=appraisal).order_by().values_list("service_id", "pk"))
    history = [
        (ids[service_id], appraisal_id, service_id, scope, reason) for appraisal_id, service_id, scope, reason in rows
    ]
    bulk.history_create(ServiceScope, ("id", *_SCOPE_CREATED), history, bulk.CREATED, stamp)


@transaction.atomic
def service_scopes_bulk_remove(*, appraisal: Appraisal, service_ids, user=None) -> int:
    """Take services out of an appraisal's scope (their baselines stay stored), each removal recorded against user.
    Services the appraisal does not cover are passed over. Returns how many were removed."""
    rows = list(ServiceScope.objects.filter(appraisal=appraisal, service_id__in=list(service_ids)))
    for row in rows:
        delete_as(row, user)
    return len(rows)
