"""Issue 15: an appraisal owns its scope. The Services sheet of an imported workbook puts each service it lists in the
appraisal, with the scope and reason given; only those services' budgets enter its figures, whatever else its
councils hold; the export lists the appraisal's own services only."""

import json
from decimal import Decimal

import pytest

from appraisal.models import ServiceScope
from appraisal.summary.selectors import appraisal_figures
from appraisal.workbook import contract
from appraisal.workbook.apply import workbook_apply, workbook_preview
from appraisal.workbook.writer import export_workbook
from services.models import Baseline
from tests.helpers.html import text

from .conftest import appraise_json_text, build, confirm_page, edit, find_row, preview_page, sheet_rows, upload_page

pytestmark = pytest.mark.django_db
DH = "darlington-hartlepool-2011"
THREE = ["HR", "Finance", "ICT"]


def three_services() -> bytes:
    """A new appraisal of Darlington and Hartlepool listing three Corporate Services services and no baselines: its
    councils hold budgets for every service of the demo in 2011/12."""
    return build(
        {
            "Appraisal": [contract.APPRAISAL.column_names, ["Three support services", "2011/12", "2014/15"]],
            "Councils": [
                contract.COUNCILS.column_names,
                ["DBC", "Darlington Borough Council", "unitary"],
                ["HBC", "Hartlepool Borough Council", "unitary"],
            ],
            "Deficits": [contract.DEFICITS.column_names],
            "Services": [contract.SERVICES.column_names, *(["Corporate Services", name, "key"] for name in THREE)],
            "Baselines": [contract.BASELINES.column_names],
            "Savings": [contract.SAVINGS.column_names, ["Corporate Services", 300000, 500000]],
        }
    )


def test_an_appraisal_made_from_a_workbook_of_three_services_covers_exactly_those_three(dh_appraisal):
    held = Baseline.objects.filter(council__code__in=["DBC", "HBC"], year=2011)
    three = sum(b.net_budget for b in held.filter(service__name__in=THREE))
    assert len(set(held.values_list("service_id", flat=True))) > 30 and sum(b.net_budget for b in held) > 10 * three
    appraisal = workbook_apply(content=three_services(), file_name="f.xlsx", slug="three").appraisal
    figures = appraisal_figures(appraisal=appraisal)
    assert sorted({row.service for row in figures.baselines}) == sorted(THREE)
    assert len(figures.baselines) == 6  # each council's budget for each service
    totals = json.loads(appraise_json_text("three"))["totals"]
    assert Decimal(totals["net_budget"]) == three == figures.summary.totals.net_budget
    assert Decimal(totals["in_scope_net_budget"]) == three
    assert [c["name"] for c in json.loads(appraise_json_text("three"))["clusters"]] == ["Corporate Services"]


def test_the_preview_says_which_services_a_new_appraisal_covers(client, admin_user, dh_appraisal):
    client.force_login(admin_user)
    _, upload = upload_page(client, three_services(), slug="three", new=True)
    page = text(preview_page(client, upload))
    for row, name in enumerate(THREE, start=2):
        assert f"{row} Corporate Services: {name} put in this appraisal: Key service (in scope)" in page
    confirm_page(client, upload)
    assert sorted(ServiceScope.objects.filter(appraisal__slug="three").values_list("service__name", flat=True)) == (
        sorted(THREE)
    )


def test_a_service_listed_joins_an_existing_appraisal_with_the_scope_and_reason_given(dh_export, dh_appraisal):
    ServiceScope.objects.filter(appraisal=dh_appraisal, service__name="Libraries").delete()
    row = find_row(dh_export, "Services", service="Libraries")
    content = edit(dh_export, {"Services": {f"C{row}": "limited", f"D{row}": "Run by a trust"}})
    plan = workbook_preview(content=content, file_name="f.xlsx", slug=DH)
    assert [(a.what, a.details) for a in plan.additions] == [
        ("Culture & Leisure: Libraries", "put in this appraisal: Limited value (Run by a trust)")
    ]
    workbook_apply(content=content, file_name="f.xlsx", slug=DH)
    scope = ServiceScope.objects.get(appraisal=dh_appraisal, service__name="Libraries")
    assert (scope.scope, scope.reason) == ("limited", "Run by a trust")


def test_a_service_left_out_of_the_services_sheet_stays_in_the_appraisal(dh_export, dh_appraisal):
    row = find_row(dh_export, "Services", service="Libraries")
    content = edit(dh_export, {"Services": {f"{column}{row}": None for column in "ABCDE"}})
    assert workbook_apply(content=content, file_name="f.xlsx", slug=DH).plan.count == 0
    assert ServiceScope.objects.filter(appraisal=dh_appraisal, service__name="Libraries").exists()


def test_the_export_lists_the_appraisals_own_services_only(dh_appraisal):
    appraisal = workbook_apply(content=three_services(), file_name="f.xlsx", slug="three").appraisal
    content = export_workbook(appraisal=appraisal)
    assert [row[:3] for row in sheet_rows(content, "Services")] == [
        ("Corporate Services", name, "key") for name in THREE
    ]
    assert [(row[0], row[2]) for row in sheet_rows(content, "Baselines")] == [
        (code, name) for code in ("DBC", "HBC") for name in THREE
    ]
    assert [row[0] for row in sheet_rows(content, "Savings")] == ["Corporate Services"]
