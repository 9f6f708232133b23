"""The history rows a workbook import writes (issue 22): one for each row it creates or changes, of the right type,
against the right user and source, holding the row's values as saved. Pinned before the import's bulk writes were
made faster, so the faster writes are shown to record the same history."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from appraisal.models import Appraisal, SavingsRange, ServiceScope
from appraisal.workbook import contract
from appraisal.workbook.apply import workbook_apply
from appraise.writes import WORKBOOK, change_source
from councils.models import Council, FundingDeficit
from services.models import Baseline, Service, ServiceCluster

from .conftest import build

pytestmark = pytest.mark.django_db
SLUG = "darlington-stockton-history"
SERVICES = [("HR", 1200000, 1100000, 30, 50000), ("Finance", 2500000, 2300000, "55.25", None), ("ICT", 31, 29, 0, 9)]


def workbook(add: int = 0, fte: object = None, sbc_ict_gross: int = 31) -> bytes:
    """A new Darlington and Stockton partnership (Stockton new to Appraise) for three new services; `add` raises
    every gross and net budget, `fte` sets every FTE."""
    baselines = [
        [code, "History Services", name, "2011/12", gross + add, net + add, fte if fte is not None else f, third]
        for code in ("DBC", "SBC")
        for name, gross, net, f, third in SERVICES
    ]
    baselines[-1][4] = sbc_ict_gross + add
    return build(
        {
            "Appraisal": [contract.APPRAISAL.column_names, ["History test", None, None]],
            "Councils": [
                contract.COUNCILS.column_names,
                ["DBC", "Darlington Borough Council", "unitary", None, None],
                ["SBC", "Stockton-on-Tees Borough Council", "unitary", 150000000, 400000000],
            ],
            "Deficits": [contract.DEFICITS.column_names, ["SBC", "2014/15", 9000000 + add]],
            "Services": [
                contract.SERVICES.column_names,
                ["History Services", "HR", "key"],
                ["History Services", "Finance", "key"],
                ["History Services", "ICT", "limited", "Contract runs to 2014"],
            ],
            "Baselines": [contract.BASELINES.column_names, *baselines],
            "Savings": [contract.SAVINGS.column_names, ["History Services", 300000 + add, 500000 + add]],
        }
    )


def imported(content: bytes, user) -> tuple:
    """Apply the workbook as the upload pages do; the moments just before and after."""
    before = timezone.now()
    with change_source(WORKBOOK):
        workbook_apply(content=content, file_name="f.xlsx", slug=SLUG, user=user)
    return before, timezone.now()


def ours() -> list[Baseline]:
    return list(Baseline.objects.filter(service__cluster__name="History Services").order_by("pk"))


TRACKED = (
    "id",
    "council_id",
    "service_id",
    "year",
    "gross_budget",
    "net_budget",
    "fte",
    "third_party_spend",
    "version",
)


def history_of(baseline: Baseline, kind: str):
    return Baseline.history.filter(id=baseline.pk, history_type=kind).get()


def assert_recorded(record, baseline: Baseline, user, reason: str, window: tuple) -> None:
    assert {name: getattr(record, name) for name in TRACKED} == {name: getattr(baseline, name) for name in TRACKED}
    assert (record.history_user_id, record.history_change_reason) == (user.pk if user else None, reason)
    assert window[0] <= record.history_date <= window[1]


def test_a_new_appraisals_baselines_each_have_one_created_history_row_with_their_values(admin_user, dh_appraisal):
    history = Baseline.history.count()
    window = imported(workbook(), admin_user)
    rows = ours()
    assert len(rows) == 6
    assert Baseline.history.count() == history + 6
    for row in rows:
        assert (row.version, row.updated_by_id) == (1, admin_user.pk)
        assert window[0] <= row.updated_at <= window[1]
        assert_recorded(history_of(row, "+"), row, admin_user, WORKBOOK, window)
    finance = Baseline.objects.get(
        council__code="SBC", service__name="Finance", service__cluster__name="History Services"
    )
    figures = (finance.gross_budget, finance.net_budget, finance.fte, finance.third_party_spend)
    assert figures == tuple(Decimal(v) for v in ("2500000.00", "2300000.00", "55.25", "0.00"))


def test_every_changed_baseline_has_one_changed_history_row_with_its_new_values_and_version(admin_user, dh_appraisal):
    imported(workbook(), admin_user)
    created = {row.pk: row for row in ours()}
    history = Baseline.history.count()
    window = imported(workbook(add=1000, fte="12.5"), admin_user)
    rows = ours()
    assert [row.pk for row in rows] == sorted(created)
    assert Baseline.history.count() == history + 6
    for row in rows:
        assert row.gross_budget == created[row.pk].gross_budget + 1000
        assert (row.fte, row.version, row.updated_by_id) == (Decimal("12.50"), 2, admin_user.pk)
        assert window[0] <= row.updated_at <= window[1]
        assert_recorded(history_of(row, "~"), row, admin_user, WORKBOOK, window)


def test_only_the_baselines_a_workbook_changes_get_a_history_row(admin_user, dh_appraisal):
    imported(workbook(), admin_user)
    history = Baseline.history.count()
    window = imported(workbook(sbc_ict_gross=32), admin_user)  # Stockton's ICT gross budget 31 -> 32, nothing else
    assert Baseline.history.count() == history + 1
    ict = Baseline.objects.get(council__code="SBC", service__name="ICT", service__cluster__name="History Services")
    assert (ict.gross_budget, ict.version) == (Decimal("32.00"), 2)
    assert_recorded(history_of(ict, "~"), ict, admin_user, WORKBOOK, window)
    assert (
        Baseline.objects.get(
            council__code="DBC", service__name="ICT", service__cluster__name="History Services"
        ).version
        == 1
    )


def test_an_import_from_the_command_line_records_no_user_and_no_source(dh_appraisal):
    before = timezone.now()
    workbook_apply(content=workbook(), file_name="f.xlsx", slug=SLUG, user=None)
    window = (before, timezone.now())
    for row in ours():
        assert row.updated_by_id is None
        assert_recorded(history_of(row, "+"), row, None, "", window)


def test_the_other_rows_an_import_writes_have_their_history_against_the_user_and_source(admin_user, dh_appraisal):
    window = imported(workbook(), admin_user)
    imported(workbook(add=1000), admin_user)
    appraisal = Appraisal.objects.get(slug=SLUG)
    stockton = Council.objects.get(code="SBC")

    def recorded(model, **filters) -> list[tuple]:
        records = model.history.filter(**filters).order_by("history_id")
        assert all(r.history_date >= window[0] for r in records)
        return [(r.history_type, r.history_user_id, r.history_change_reason) for r in records]

    mine = ("+", admin_user.pk, WORKBOOK)
    changed = ("~", admin_user.pk, WORKBOOK)
    assert recorded(Council, code="SBC") == [mine]
    assert recorded(FundingDeficit, council_id=stockton.pk) == [mine, changed]
    assert recorded(SavingsRange, appraisal_id=appraisal.pk) == [mine, changed]
    scopes = recorded(ServiceScope, appraisal_id=appraisal.pk)
    assert scopes == [mine] * len(scopes) and len(scopes) >= 1
    cluster = ServiceCluster.objects.get(name="History Services")
    assert Service.objects.filter(cluster=cluster).count() == 3
    deficit = FundingDeficit.objects.get(council=stockton)
    latest = FundingDeficit.history.filter(id=deficit.pk).latest()
    assert (latest.amount, latest.version) == (deficit.amount, deficit.version) == (Decimal("9001000.00"), 2)
    window_end = timezone.now() + timedelta(seconds=1)
    assert latest.history_date <= window_end
