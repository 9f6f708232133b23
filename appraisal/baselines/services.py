"""Writes for appraisals. Each validates before it saves; loading a fixture is all-or-nothing."""

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models, transaction

from appraisal.models import (
    Appraisal,
    SavingsRange,
)
from appraise.writes import StaleEdit, check_version, last_change, save_if_changed
from councils.models import Council, FundingDeficit
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
    from appraisal.models import ServiceScope

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
class DeficitChange:
    council: Council
    year: int
    old: Decimal | None  # None: there was no forecast for the year
    new: Decimal | None  # None: the forecast was removed


class RangeEdit(NamedTuple):
    cluster: ServiceCluster
    min_saving: Decimal | None  # both None: no range
    max_saving: Decimal | None
    expected_version: int | None


class DeficitEdit(NamedTuple):
    council: Council
    year: int
    amount: Decimal | None  # None: no forecast for the year
    expected_version: int | None


class EditRefused(Exception):
    """Some rows of a form could not be saved, so none was. `errors` maps each row's key to a StaleEdit or
    ValidationError: (council id, year) for deficits, the cluster id for savings ranges."""

    def __init__(self, errors: dict):
        self.errors = errors
        super().__init__(f"{len(errors)} row(s) could not be saved")


def _check(row: models.Model | None, expected_version: int | None, gone: models.Model) -> None:
    """Refuse a stale edit. A row that was there when the editor loaded it (version > 0) but has since been
    removed is stale too; `gone` stands for it, with version 0 and no values."""
    if expected_version is None:
        return
    if row is None:
        if int(expected_version) > 0:
            raise StaleEdit(gone)
        return
    check_version(row, expected_version)


def _delete(row: models.Model, user) -> None:
    if user is not None:
        row._history_user = user  # simple-history records the removal against this user
    row.delete()


@transaction.atomic
def funding_deficit_update(
    *, council: Council, year: int, amount: Decimal | None, expected_version: int | None, user
) -> DeficitChange | None:
    """Set (or, with amount None, remove) a council's deficit forecast for a year. None if nothing changed."""
    deficit = FundingDeficit.objects.select_for_update().filter(council=council, year=year).first()
    _check(deficit, expected_version, FundingDeficit(council=council, year=year, amount=None, version=0))
    old = deficit.amount if deficit else None
    if amount is None:
        if deficit is None:
            return None
        _delete(deficit, user)
        return DeficitChange(council, year, old, None)
    deficit = deficit or FundingDeficit(council=council, year=year)
    if not save_if_changed(deficit, {"amount": amount}, user=user):
        return None
    return DeficitChange(council, year, old, deficit.amount)


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
    _check(savings, expected_version, gone)
    old = (savings.min_saving, savings.max_saving) if savings else None
    if min_saving is None:
        if savings is None:
            return None
        _delete(savings, user)
        return RangeChange(cluster, old, None)
    savings = savings or SavingsRange(appraisal=appraisal, cluster=cluster)
    if not save_if_changed(savings, {"min_saving": min_saving, "max_saving": max_saving}, user=user):
        return None
    return RangeChange(cluster, old, (savings.min_saving, savings.max_saving))


def _apply(edits, update, key) -> list:
    """Run each edit in its own savepoint, collecting what refuses; raise EditRefused (rolling back all) if any."""
    changes, errors = [], {}
    for edit in edits:
        try:
            change = update(edit)
        except (StaleEdit, ValidationError) as exc:
            errors[key(edit)] = exc
            continue
        if change is not None:
            changes.append(change)
    if errors:
        raise EditRefused(errors)
    return changes


@transaction.atomic
def savings_ranges_update(*, appraisal: Appraisal, edits: list[RangeEdit], user) -> list[RangeChange]:
    """Save a whole savings form: every row or none (EditRefused names the rows that failed)."""
    return _apply(
        edits,
        lambda e: savings_range_update(
            appraisal=appraisal,
            cluster=e.cluster,
            min_saving=e.min_saving,
            max_saving=e.max_saving,
            expected_version=e.expected_version,
            user=user,
        ),
        key=lambda e: e.cluster.pk,
    )


@transaction.atomic
def funding_deficits_update(*, edits: list[DeficitEdit], user) -> list[DeficitChange]:
    """Save a whole deficits form: every row or none (EditRefused names the rows that failed)."""
    return _apply(
        edits,
        lambda e: funding_deficit_update(
            council=e.council, year=e.year, amount=e.amount, expected_version=e.expected_version, user=user
        ),
        key=lambda e: (e.council.pk, e.year),
    )


def savings_ranges_of(*, appraisal: Appraisal) -> dict[int, SavingsRange]:
    """cluster id -> the appraisal's savings range for it."""
    return {r.cluster_id: r for r in SavingsRange.objects.filter(appraisal=appraisal)}


def deficits_of(*, council_ids) -> dict[int, list[FundingDeficit]]:
    """council id -> its deficit forecasts, earliest year first."""
    out: dict[int, list[FundingDeficit]] = {cid: [] for cid in council_ids}
    for d in FundingDeficit.objects.filter(council_id__in=council_ids).order_by("year"):
        out[d.council_id].append(d)
    return out


def row_last_change(row: models.Model):
    """The newest history record of a savings range or deficit, found by its key so a removed row's is too."""
    if isinstance(row, SavingsRange):
        return last_change(row, appraisal_id=row.appraisal_id, cluster_id=row.cluster_id)
    return last_change(row, council_id=row.council_id, year=row.year)
