"""baseline_bulk_apply: many baselines created and changed as plain tuples (issue 22), with their history rows, and
the optimistic version check kept for every change."""

from decimal import Decimal

import pytest

from appraise import bulk
from appraise.writes import StaleEdit
from councils.models import Council
from services.models import Baseline, Service
from services.services import (
    BASELINE_FIELDS,
    BaselineCreate,
    BaselineFigures,
    BaselineUpdate,
    baseline_bulk_apply,
    baseline_update,
)

pytestmark = pytest.mark.django_db


def figures(gross: str, net: str, fte: str = "0", third: str = "0") -> BaselineFigures:
    return BaselineFigures(Decimal(gross), Decimal(net), Decimal(fte), Decimal(third))


def an_update(row: Baseline, new: BaselineFigures) -> BaselineUpdate:
    return BaselineUpdate(row.pk, row.council_id, row.service_id, row.year, new, row.version)


def test_the_figures_are_written_by_position_in_the_order_the_columns_are_named():
    assert BaselineFigures._fields == BASELINE_FIELDS


def test_new_baselines_are_created_with_their_figures_and_a_created_history_row_each(dh_appraisal, admin_user):
    dbc = Council.objects.get(code="DBC")
    services = list(Service.objects.exclude(baselines__council=dbc, baselines__year=2012)[:2])
    creates = [BaselineCreate(dbc.pk, s.pk, 2012, figures("100.5", "-20", "1.25", "3")) for s in services]
    baseline_bulk_apply(creates=creates, updates=[], user=admin_user)
    for s in services:
        row = Baseline.objects.get(council=dbc, service=s, year=2012)
        assert (row.gross_budget, row.net_budget, row.fte, row.third_party_spend) == (
            Decimal("100.50"),
            Decimal("-20.00"),
            Decimal("1.25"),
            Decimal("3.00"),
        )
        assert (row.version, row.updated_by) == (1, admin_user)
        record = row.history.get()
        assert (record.history_type, record.history_user, record.net_budget, record.version) == (
            "+",
            admin_user,
            Decimal("-20.00"),
            1,
        )


def test_a_baseline_changed_since_the_change_was_planned_refuses_the_whole_write(dh_appraisal, admin_user):
    rows = list(Baseline.objects.filter(council__code="DBC", year=2011).order_by("pk")[:3])
    updates = [an_update(row, figures("1", "1")) for row in rows]
    # A colleague saves the second row on the grid after the workbook's plan read it.
    baseline_update(
        council=rows[1].council,
        service=rows[1].service,
        year=2011,
        field="fte",
        value=Decimal(7),
        expected_version=rows[1].version,
    )
    history = Baseline.history.count()
    with pytest.raises(StaleEdit) as caught:
        baseline_bulk_apply(creates=[], updates=updates, user=admin_user)
    assert caught.value.current.pk == rows[1].pk
    assert caught.value.current.fte == Decimal("7.00")
    assert Baseline.history.count() == history
    assert [Baseline.objects.get(pk=r.pk).version for r in rows] == [
        rows[0].version,
        rows[1].version + 1,
        rows[2].version,
    ]


def test_a_changed_baseline_gets_its_new_version_and_a_changed_history_row(dh_appraisal, admin_user):
    row = Baseline.objects.filter(council__code="HBC").first()
    baseline_bulk_apply(creates=[], updates=[an_update(row, figures("5", "4", "3", "2"))], user=admin_user)
    new = Baseline.objects.get(pk=row.pk)
    assert (new.gross_budget, new.version, new.updated_by) == (Decimal("5.00"), row.version + 1, admin_user)
    record = new.history.first()
    assert (record.history_type, record.history_user, record.gross_budget, record.version) == (
        "~",
        admin_user,
        Decimal("5.00"),
        row.version + 1,
    )


def test_history_rows_must_give_every_tracked_field():
    with pytest.raises(ValueError, match="history tracks"):
        bulk.history_create(Baseline, ("id", "year"), [(1, 2011)], bulk.CREATED, stamp=None)
