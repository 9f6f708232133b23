"""Issue 15, defect 9: a programme admin sets up a new partnership from one workbook. Councils in the Councils sheet
that Appraise does not hold are created (the preview says "new council"), checked as Administration checks them;
officers cannot create councils."""

from decimal import Decimal

import pytest

from appraisal.models import Appraisal, ServiceScope
from appraisal.workbook import contract
from appraisal.workbook.apply import WorkbookRejected, workbook_apply
from appraisal.workbook.writer import export_workbook
from councils.models import Council, FundingDeficit
from services.models import Baseline, Service
from tests.helpers.html import text

from .conftest import build, confirm_page, edit, preview_page, snapshot, upload_page

pytestmark = pytest.mark.django_db
SLUG = "darlington-stockton-2011"
STOCKTON = ["SBC", "Stockton-on-Tees Borough Council", "unitary", "£150,000,000", 400000000]


def darlington_stockton(*stockton_rows: list) -> bytes:
    """A new Darlington and Stockton partnership for three support services, Stockton not yet held by Appraise."""
    return build(
        {
            "Appraisal": [contract.APPRAISAL.column_names, ["Darlington and Stockton support services", None, None]],
            "Councils": [
                contract.COUNCILS.column_names,
                ["DBC", "Darlington Borough Council", "unitary", None, None],
                *(stockton_rows or [STOCKTON]),
            ],
            "Deficits": [contract.DEFICITS.column_names, ["SBC", "2014/15", 9000000]],
            "Services": [
                contract.SERVICES.column_names,
                ["Corporate Services", "HR", "key"],
                ["Corporate Services", "Finance", "key"],
                ["Corporate Services", "ICT", "limited", "Contract runs to 2014"],
            ],
            "Baselines": [
                contract.BASELINES.column_names,
                ["SBC", "Corporate Services", "HR", "2011/12", 1200000, 1100000, 30, 50000],
                ["SBC", "Corporate Services", "Finance", "2011/12", 2500000, 2300000, 55],
                ["SBC", "Corporate Services", "ICT", "2011/12", 3100000, 2900000, 40, 900000],
            ],
            "Savings": [contract.SAVINGS.column_names, ["Corporate Services", 300000, 500000]],
        }
    )


def rejected(content: bytes, *, slug: str = SLUG, user=None) -> list[str]:
    before = snapshot()
    with pytest.raises(WorkbookRejected) as caught:
        workbook_apply(content=content, file_name="f.xlsx", slug=slug, user=user)
    assert snapshot() == before
    return [str(p) for p in caught.value.problems]


def test_an_admin_sets_up_a_new_partnership_from_one_workbook(client, admin_user, dh_appraisal):
    client.force_login(admin_user)
    _, upload = upload_page(client, darlington_stockton(), slug=SLUG, new=True)
    page = text(preview_page(client, upload))
    assert f"This workbook creates the appraisal {SLUG}" in page
    assert (
        "3 Stockton-on-Tees Borough Council (SBC) new council, Unitary authority, net revenue budget £150,000,000, "
        "gross budget £400,000,000" in page
    )
    assert "new appraisal 'Darlington and Stockton support services': baseline 2011/12, deficit 2014/15, councils " \
        "DBC, SBC" in page  # fmt: skip
    r = confirm_page(client, upload)
    assert r.redirect_chain[0] == (f"/appraisals/{SLUG}/", 302)

    stockton = Council.objects.get(code="SBC")
    assert (stockton.name, stockton.slug, stockton.council_type) == (
        "Stockton-on-Tees Borough Council", "stockton-on-tees-borough-council", "unitary",
    )  # fmt: skip
    assert (stockton.net_revenue_budget, stockton.gross_budget) == (Decimal("150000000.00"), Decimal("400000000.00"))
    assert stockton.history.get().history_user == admin_user
    appraisal = Appraisal.objects.get(slug=SLUG)
    assert [c.code for c in appraisal.councils.order_by("memberships__position")] == ["DBC", "SBC"]
    assert FundingDeficit.objects.get(council=stockton).amount == Decimal("9000000.00")
    held = Baseline.objects.filter(council=stockton, year=2011).order_by("service__position")
    assert [(b.service.name, b.net_budget, b.fte, b.third_party_spend) for b in held] == [
        ("HR", Decimal("1100000.00"), Decimal("30.00"), Decimal("50000.00")),
        ("Finance", Decimal("2300000.00"), Decimal("55.00"), Decimal("0.00")),
        ("ICT", Decimal("2900000.00"), Decimal("40.00"), Decimal("900000.00")),
    ]
    # Each service listed is in the appraisal with the scope given; a blank reason is the service's usual one.
    hr, finance = Service.objects.get(name="HR"), Service.objects.get(name="Finance")
    assert (hr.scope, finance.scope) == ("key", "key")
    scopes = ServiceScope.objects.filter(appraisal=appraisal).order_by("service__position")
    assert [(s.service.name, s.scope, s.reason) for s in scopes] == [
        ("HR", "key", hr.scope_reason),
        ("Finance", "key", finance.scope_reason),
        ("ICT", "limited", "Contract runs to 2014"),
    ]


def test_the_new_partnership_exports_and_imports_again_as_nothing_to_change(dh_appraisal):
    appraisal = workbook_apply(content=darlington_stockton(), file_name="f.xlsx", slug=SLUG).appraisal
    before = snapshot()
    plan = workbook_apply(content=export_workbook(appraisal=appraisal), file_name="f.xlsx", slug=SLUG).plan
    assert plan.count == 0 and snapshot() == before


def test_a_new_council_is_checked_as_administration_checks_one(dh_appraisal):
    content = darlington_stockton(
        ["STOCKTONBC1", "Stockton-on-Tees Borough Council", "unitary", None, None],
        ["RCBC", "Redcar and Cleveland Borough Council", "parish", None, None],
        ["MBC", "Middlesbrough Council", "unitary", None, -5],
        ["HBC2", "hartlepool  borough council", "unitary", None, None],
    )
    assert [p for p in rejected(content) if p.startswith("Councils")] == [
        "Councils!A3: this is 11 characters long; the most it can be is 10",
        "Councils!C4: 'parish' is not a council type: write one of unitary, district, county, metropolitan, "
        "london_borough",
        "Councils!E5: '-5' is below zero; this figure cannot be negative",
        "Councils!B6: Hartlepool Borough Council is held already, with the code HBC: use that code, or another name",
    ]


def test_a_refused_new_council_is_named_once_at_its_row(dh_appraisal):
    content = darlington_stockton(["SBC", "Hartlepool Borough Council", "unitary", None, None])
    assert rejected(content) == [
        "Councils!B3: Hartlepool Borough Council is held already, with the code HBC: use that code, or another name"
    ]


def test_officers_cannot_create_councils(client, dbc_officer, dh_appraisal):
    content = export_workbook(appraisal=dh_appraisal)
    content = edit(content, {"Councils": {"A4": "SBC", "B4": "Stockton-on-Tees Borough Council", "C4": "unitary"}})
    client.force_login(dbc_officer)
    _, upload = upload_page(client, content, slug=dh_appraisal.slug)
    page = text(preview_page(client, upload))
    assert (
        "Councils!A4: no council has the code 'SBC'; only a programme admin can add a council, when setting up a new "
        "partnership" in page
    )
    assert not Council.objects.filter(code="SBC").exists()
