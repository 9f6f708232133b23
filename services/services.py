"""Writes to service clusters, services and baselines; each validates the model before saving."""

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.utils.text import slugify

from appraise import bulk
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


# --- Bulk writes for the workbook import


@dataclass(frozen=True, slots=True)
class ClusterCreate:
    name: str
    out_of_scope: bool


@dataclass(frozen=True, slots=True)
class ServiceCreate:
    cluster_id: int
    name: str
    position: int
    scope: str
    scope_reason: str


class BaselineFigures(NamedTuple):
    """The four figures of a baseline, as a workbook row gives them or the database holds them.

    A NamedTuple, not a frozen dataclass, for speed: a workbook import makes two for each of its 20,000 rows (the
    figures held and the figures read, then compared), and a tuple is made three times faster."""

    gross_budget: Decimal
    net_budget: Decimal
    fte: Decimal
    third_party_spend: Decimal


@dataclass(frozen=True, slots=True)
class BaselineCreate:
    council_id: int
    service_id: int
    year: int
    figures: BaselineFigures


@dataclass(frozen=True, slots=True)
class BaselineUpdate:
    """New figures for a stored baseline; `version` is the one read when the change was planned (raised by one)."""

    pk: int
    council_id: int
    service_id: int
    year: int
    figures: BaselineFigures
    version: int


BULK_BATCH = 1000


@transaction.atomic
def cluster_bulk_create(*, clusters: list[ClusterCreate]) -> list[ServiceCluster]:
    """New clusters, placed after the last one held in the order given."""
    if not clusters:
        return []
    last = max(ServiceCluster.objects.values_list("position", flat=True), default=0)
    return [
        cluster_upsert(name=c.name, position=last + i, out_of_scope=c.out_of_scope)
        for i, c in enumerate(clusters, start=1)
    ]


@transaction.atomic
def service_bulk_create(*, services: list[ServiceCreate]) -> list[Service]:
    """New services, in the order given, with their ids: one INSERT a batch. Each is validated first, except for
    uniqueness: the caller gives names the catalogue does not hold (a workbook's plan checks them)."""
    rows = [
        Service(cluster_id=s.cluster_id, name=s.name, position=s.position, scope=s.scope, scope_reason=s.scope_reason)
        for s in services
    ]
    for row in rows:
        row.full_clean(validate_unique=False)
    return Service.objects.bulk_create(rows, batch_size=BULK_BATCH)


@transaction.atomic
def baseline_bulk_apply(*, creates: list[BaselineCreate], updates: list[BaselineUpdate], user=None) -> None:
    """Create and change many baselines, 20,000 in a second or two, each with its history row recorded against user.

    The figures are not validated again: the caller gives figures its reader has checked (the workbook's cells.py
    parsers hold them to the model's rules). An update raises the row's version by one from the version given, and
    raises StaleEdit if the row is no longer at that version (someone saved it since the change was planned). The
    rows and their history go in as plain tuples (appraise/bulk.py), not a model object each (issue 22).
    """
    if not creates and not updates:
        return
    stamp = bulk.Stamp.taken(Baseline, user)
    if creates:
        _baselines_create(creates, stamp)
    if updates:
        _baselines_update(updates, stamp)


# The bulk writes give a row's figures by position (*figures): BaselineFigures lists them in BASELINE_FIELDS' order
# (tests/services/test_baseline_bulk_apply.py holds it to that).
_CREATED = ("council_id", "service_id", "year", *BASELINE_FIELDS, "version", "updated_at", "updated_by_id")
_UPDATED = (*BASELINE_FIELDS, "version", "updated_at", "updated_by_id")
_TRACKED = ("id", "council_id", "service_id", "year", *BASELINE_FIELDS, "version")  # what its history holds


def _baselines_create(creates: list[BaselineCreate], stamp: bulk.Stamp) -> None:
    version = Baseline._meta.get_field("version").get_default()
    rows = [(c.council_id, c.service_id, c.year, *c.figures, version, stamp.at, stamp.user_id) for c in creates]
    bulk.rows_insert(Baseline, _CREATED, rows)
    # The new rows' ids, by their natural key (unique): executemany does not return an INSERT's ids.
    held = (
        Baseline.objects.filter(council_id__in={c.council_id for c in creates}, year__in={c.year for c in creates})
        .order_by()
        .values_list("council_id", "service_id", "year", "pk")
    )
    ids = {(council, service, year): pk for council, service, year, pk in held}
    history = [
        (ids[c.council_id, c.service_id, c.year], c.council_id, c.service_id, c.year, *c.figures, version)
        for c in creates
    ]
    bulk.history_create(Baseline, _TRACKED, history, bulk.CREATED, stamp)


def _baselines_update(updates: list[BaselineUpdate], stamp: bulk.Stamp) -> None:
    """One UPDATE by id and version, run for every row. (Django's bulk_update builds a CASE WHEN per column over the
    whole batch, which SQLite evaluates row by row: 20,000 changed baselines took half a minute.)"""
    rows = [(*u.figures, u.version + 1, stamp.at, stamp.user_id, u.pk, u.version) for u in updates]
    if bulk.rows_update(Baseline, _UPDATED, ("id", "version"), rows) != len(rows):
        raise StaleEdit(_first_stale(updates, stamp))
    history = [(u.pk, u.council_id, u.service_id, u.year, *u.figures, u.version + 1) for u in updates]
    bulk.history_create(Baseline, _TRACKED, history, bulk.CHANGED, stamp)


def _first_stale(updates: list[BaselineUpdate], stamp: bulk.Stamp) -> Baseline:
    """The first row of `updates` this write did not change (no longer at the version given, or gone), as it is."""
    held = Baseline.objects.in_bulk([u.pk for u in updates])
    for u in updates:
        row = held.get(u.pk)
        if row is None:
            return Baseline(pk=u.pk, council_id=u.council_id, service_id=u.service_id, year=u.year, version=0)
        if (row.version, row.updated_at) != (u.version + 1, stamp.moment):
            return row
    return held[updates[0].pk]
