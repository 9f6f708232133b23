"""Issue 15, defect 2: an import never changes another appraisal's figures silently.

Importing a workbook for a new Darlington appraisal whose Councils sheet had blank budget cells wiped Darlington's and
Hartlepool's budgets, which the demo appraisal shows. A blank cell now changes nothing, and a council's own figure
(its budgets, a deficit, a baseline) that another appraisal shows is named in the preview and needs a programme admin.
Each test goes through the pages a person uses: upload, preview, confirm.
"""

from decimal import Decimal

import pytest

from appraisal.models import Appraisal
from appraisal.scenarios.selectors import scenario_list
from appraisal.workbook import contract
from appraisal.workbook.apply import workbook_apply
from appraisal.workbook.writer import export_workbook
from councils.models import Council, FundingDeficit
from services.models import Baseline
from tests.helpers.html import text

from .conftest import (
    appraise_json_text,
    build,
    confirm_page,
    edit,
    find_row,
    preview_page,
    sheet_rows,
    snapshot,
    upload_page,
)

pytestmark = pytest.mark.django_db
DH = "darlington-hartlepool-2011"
DH_TITLE = "Strategic collaboration between Darlington & Hartlepool Borough Councils"
SUPPORT = "dh-support-2011"
SUPPORT_TITLE = "Darlington and Hartlepool support services"
ALSO_SHOWN = f"the appraisal '{DH_TITLE}' also shows this figure: only a programme admin can change it"


def support_services(councils: list[list] | None = None, **sheets) -> bytes:
    """A workbook for a new appraisal of three support services of Darlington and Hartlepool in 2011/12, whose
    Councils sheet leaves every budget blank (as the workbook of the defect did) and which names no baseline."""
    rows = {
        "Appraisal": [contract.APPRAISAL.column_names, [SUPPORT_TITLE, "2011/12", "2014/15"]],
        "Councils": [
            contract.COUNCILS.column_names,
            *(
                councils
                or [
                    ["DBC", "Darlington Borough Council", "unitary", None, None],
                    ["HBC", "Hartlepool Borough Council", "unitary", None, None],
                ]
            ),
        ],
        "Deficits": [contract.DEFICITS.column_names],
        "Services": [
            contract.SERVICES.column_names,
            ["Corporate Services", "HR", "key"],
            ["Corporate Services", "Finance", "key"],
            ["Corporate Services", "ICT", "key"],
        ],
        "Baselines": [contract.BASELINES.column_names],
        "Savings": [contract.SAVINGS.column_names, ["Corporate Services", 300000, 500000]],
    }
    rows.update(sheets)
    return build(rows)


def budgets(code: str) -> tuple:
    council = Council.objects.get(code=code)
    return council.net_revenue_budget, council.gross_budget


def demo_json(appraisal: Appraisal) -> str:
    """The demo's figures as `appraise --format json` prints them, with its first scenario's years and councils."""
    return appraise_json_text(appraisal.slug, scenario_list(appraisal=appraisal)[0].name)


def test_blank_council_budgets_in_a_new_appraisals_workbook_erase_nothing(client, admin_user, dh_appraisal):
    held = budgets("DBC"), budgets("HBC")
    before = demo_json(dh_appraisal)
    client.force_login(admin_user)
    _, upload = upload_page(client, support_services(), slug=SUPPORT, new=True)
    page = text(preview_page(client, upload))
    assert f"This workbook creates the appraisal {SUPPORT}" in page
    assert "net_budget" not in page and "These changes reach other appraisals" not in page
    r = confirm_page(client, upload)
    assert "Workbook applied" in text(r)
    assert (
        (budgets("DBC"), budgets("HBC"))
        == held
        == (
            (Decimal("72604370.00"), Decimal("254800000.00")),
            (Decimal("83893676.00"), Decimal("285300000.00")),
        )
    )
    assert demo_json(dh_appraisal) == before


def test_a_blank_fte_or_third_party_spend_keeps_the_figure_held(dh_export):
    row = find_row(dh_export, "Baselines", council_code="DBC", service="Finance")
    held = Baseline.objects.get(council__code="DBC", service__name="Finance", year=2011)
    content = edit(dh_export, {"Baselines": {f"F{row}": 5, f"G{row}": None, f"H{row}": ""}})
    plan = workbook_apply(content=content, file_name="f.xlsx", slug=DH).plan
    assert [(c.column, c.new) for c in plan.changes] == [("net_budget", "£5")]
    now = Baseline.objects.get(pk=held.pk)
    assert (now.net_budget, now.fte, now.third_party_spend) == (Decimal("5.00"), held.fte, held.third_party_spend)


def test_an_admins_change_to_a_budget_another_appraisal_shows_is_named_in_the_preview(client, admin_user, dh_appraisal):
    councils = [
        ["DBC", "Darlington Borough Council", "unitary", "£73,000,000", None],
        ["HBC", "Hartlepool Borough Council", "unitary", None, None],
    ]
    client.force_login(admin_user)
    _, upload = upload_page(client, support_services(councils), slug=SUPPORT, new=True)
    r = preview_page(client, upload)
    page = text(r)
    assert "These changes reach other appraisals" in page
    assert f"Confirming changes them there as well: {DH_TITLE}" in page
    change = "Net revenue budget £72,604,370 → £73,000,000"
    assert f"2 Darlington Borough Council (DBC) Also changes {DH_TITLE} {change}" in page
    confirm_page(client, upload)
    assert budgets("DBC") == (Decimal("73000000.00"), Decimal("254800000.00"))
    assert budgets("HBC") == (Decimal("83893676.00"), Decimal("285300000.00"))


@pytest.fixture
def support(dh_appraisal) -> Appraisal:
    """A second appraisal of Darlington and Hartlepool, covering three of the demo's services."""
    return workbook_apply(content=support_services(), file_name="s.xlsx", slug=SUPPORT).appraisal


def test_an_officer_cannot_change_a_figure_another_appraisal_shows(client, dbc_officer, support, dh_appraisal):
    before, demo = snapshot(), demo_json(dh_appraisal)
    content = export_workbook(appraisal=support)
    deficit = find_row(content, "Deficits", council_code="DBC", year="2014/15")
    finance = find_row(content, "Baselines", council_code="DBC", service="Finance", year="2011/12")
    changed = edit(
        content,
        {"Councils": {"D2": 73000000}, "Deficits": {f"C{deficit}": 11000000}, "Baselines": {f"F{finance}": 1}},
    )
    client.force_login(dbc_officer)
    _, upload = upload_page(client, changed, slug=SUPPORT)
    page = text(preview_page(client, upload))
    held = Baseline.objects.get(council__code="DBC", service__name="Finance", year=2011).net_budget
    put_back = "or leave the row as you downloaded it."
    assert "There are 3 problems in the workbook" in page
    assert (
        "Councils!D2: Darlington Borough Council's net revenue budget is £73,000,000 here but £72,604,370 in the "
        f"appraisal; {ALSO_SHOWN}. Put back £72,604,370 {put_back}"
    ) in page
    assert (
        f"Deficits!C{deficit}: Darlington Borough Council's funding deficit for 2014/15 is £11,000,000 here but "
        f"£10,400,000 in the appraisal; {ALSO_SHOWN}. Put back £10,400,000 {put_back}"
    ) in page
    assert (
        f"Baselines!F{finance}: Darlington Borough Council's Finance net budget for 2011/12 is £1 here but "
        f"£{held:,.0f} in the appraisal; {ALSO_SHOWN}. Put back £{held:,.0f} {put_back}"
    ) in page
    assert "Confirm and apply" not in page
    r = confirm_page(client, upload)
    assert "The workbook cannot be applied as the figures now stand; nothing was changed." in text(r)
    assert snapshot() == before and demo_json(dh_appraisal) == demo


def test_importing_into_one_of_two_appraisals_that_share_councils_leaves_the_other_byte_for_byte(
    client, dbc_officer, support, dh_appraisal
):
    demo, other = demo_json(dh_appraisal), appraise_json_text(SUPPORT)
    client.force_login(dbc_officer)
    # Into the new appraisal: its savings range and a scope, and a Darlington baseline for a year the demo does not
    # use; the demo's figures stay as they were, to the byte.
    content = export_workbook(appraisal=support)
    hr = find_row(content, "Services", service="HR")
    below = len(sheet_rows(content, "Baselines")) + 2
    values = ["DBC", "Corporate Services", "HR", "2012/13", 10, 9]
    new_row = {f"{column}{below}": value for column, value in zip("ABCDEF", values, strict=True)}
    changed = edit(content, {"Savings": {"B2": 350000}, "Services": {f"C{hr}": "limited"}, "Baselines": new_row})
    _, upload = upload_page(client, changed, slug=SUPPORT)
    assert "Workbook applied: 2 figures changed, 1 row added." in text(confirm_page(client, upload))
    assert demo_json(dh_appraisal) == demo
    # Into the demo: its savings; the other appraisal's figures stay as they were.
    other = appraise_json_text(SUPPORT)
    dh = export_workbook(appraisal=dh_appraisal)
    _, upload = upload_page(client, edit(dh, {"Savings": {"B2": 1000000}}), slug=DH)
    assert "Workbook applied: 1 figure changed." in text(confirm_page(client, upload))
    assert appraise_json_text(SUPPORT) == other


def test_an_officer_may_still_change_a_figure_no_other_appraisal_shows(client, dbc_officer, dh_appraisal):
    content = export_workbook(appraisal=dh_appraisal)
    deficit = find_row(content, "Deficits", council_code="DBC", year="2014/15")
    client.force_login(dbc_officer)
    _, upload = upload_page(client, edit(content, {"Deficits": {f"C{deficit}": 11000000}}), slug=DH)
    assert "Workbook applied: 1 figure changed." in text(confirm_page(client, upload))
    assert FundingDeficit.objects.get(council__code="DBC", year=2014).amount == Decimal("11000000.00")
