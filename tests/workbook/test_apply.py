"""Applying a workbook: all of it in one transaction or nothing, with the role rules, history and versions."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from appraisal.models import Appraisal, SavingsRange, ServiceScope
from appraisal.workbook import contract
from appraisal.workbook.apply import STALE_PREVIEW, StalePreview, WorkbookRejected, workbook_apply, workbook_preview
from appraisal.workbook.plan import actor_for
from councils.models import Council, FundingDeficit
from services.models import Baseline, Service, ServiceCluster

from .conftest import build, edit, find_row, minimal, sheet_rows, snapshot

pytestmark = pytest.mark.django_db
SLUG = "darlington-hartlepool-2011"


def rejected(content: bytes, *, slug: str = SLUG, user=None, name: str = "figures.xlsx") -> list[str]:
    """Apply a workbook that must be refused; check nothing changed and return its problems as people read them."""
    before = snapshot()
    with pytest.raises(WorkbookRejected) as caught:
        workbook_apply(content=content, file_name=name, slug=slug, user=user)
    assert snapshot() == before
    return [str(p) for p in caught.value.problems]


def baseline(code: str, service: str, year: int = 2011) -> Baseline:
    return Baseline.objects.get(council__code=code, service__name=service, year=year)


# --- Bad inputs: each refused at its sheet, row and column, with the database unchanged ----------------


def test_text_in_a_number_cell_is_refused(dh_export):
    row = find_row(dh_export, "Baselines", council_code="DBC", service="Finance")
    content = edit(dh_export, {"Baselines": {f"E{row}": "12,3OO", f"F{row}": 1}})
    assert rejected(content) == [f"Baselines!E{row}: '12,3OO' is not a number"]


def test_a_negative_gross_budget_or_fte_is_refused(dh_export):
    row = find_row(dh_export, "Baselines", council_code="DBC", service="Finance")
    content = edit(dh_export, {"Baselines": {f"E{row}": -1, f"G{row}": "-0.5"}})
    assert rejected(content) == [
        f"Baselines!E{row}: '-1' is below zero; this figure cannot be negative",
        f"Baselines!G{row}: '-0.5' is below zero; FTEs cannot be negative",
    ]


def test_an_unknown_council_is_refused_with_the_closest_code(dh_export):
    row = find_row(dh_export, "Baselines", council_code="DBC", service="Finance")
    content = edit(dh_export, {"Baselines": {f"A{row}": "DCB"}})
    assert rejected(content) == [
        f"Baselines!A{row}: no council has the code 'DCB'; did you mean DBC (Darlington Borough Council)?"
    ]


def test_an_unknown_service_is_refused_with_the_closest_name(dh_export):
    row = find_row(dh_export, "Baselines", council_code="HBC", service="Finance")
    content = edit(dh_export, {"Baselines": {f"C{row}": "Finanse"}})
    assert rejected(content) == [
        f"Baselines!C{row}: no service 'Finanse' in Corporate Services; did you mean 'Finance'?"
    ]


def test_an_unknown_cluster_is_refused_with_the_closest_name(dh_export):
    row = find_row(dh_export, "Savings", cluster="Culture & Leisure")
    content = edit(dh_export, {"Savings": {f"A{row}": "Culture and Leisure"}})
    assert rejected(content) == [
        f"Savings!A{row}: no service cluster is called 'Culture and Leisure'; did you mean 'Culture & Leisure'?"
    ]


def test_a_service_in_the_wrong_cluster_is_refused_with_where_it_is(dh_export):
    row = find_row(dh_export, "Baselines", council_code="HBC", service="Finance")
    content = edit(dh_export, {"Baselines": {f"B{row}": "Environment"}})
    assert rejected(content) == [
        f"Baselines!C{row}: no service 'Finance' in Environment; did you mean 'Finance' in 'Corporate Services'?"
    ]


def test_a_duplicated_row_is_refused(dh_export):
    row = find_row(dh_export, "Deficits", council_code="HBC", year="2014/15")
    content = edit(dh_export, {"Deficits": {f"A{row + 1}": "HBC", f"B{row + 1}": "2014/15", f"C{row + 1}": 1}})
    assert rejected(content) == [f"Deficits!A{row + 1}: this row repeats row {row} (the same council and year)"]


def test_a_missing_sheet_or_column_is_refused(dh_appraisal):
    sheets = minimal()
    del sheets["Savings"]
    sheets["Councils"] = [["code", "name", "net_budget"], ["DBC", "Darlington Borough Council", 1]]
    assert rejected(build(sheets)) == [
        "Councils row 1: the column type is missing (row 1 holds the headers)",
        "Savings: the workbook has no sheet called Savings",
    ]


def test_a_formula_without_a_saved_value_is_refused(dh_export):
    row = find_row(dh_export, "Deficits", council_code="DBC", year="2014/15")
    content = edit(dh_export, {"Deficits": {f"C{row}": "=10400000*1.1"}})
    assert rejected(content) == [
        f"Deficits!C{row}: the formula =10400000*1.1 has no saved value: open the workbook in Excel, save it and "
        "upload it again"
    ]


def test_a_file_that_is_not_an_xlsx_or_is_corrupt_or_too_big_is_refused(dh_appraisal, monkeypatch):
    assert rejected(b"not a workbook", name="budget.xls") == [
        "'budget.xls' is not an .xlsx file. In Excel use File > Save As and choose Excel Workbook (.xlsx)."
    ]
    assert rejected(b"PK\x03\x04 truncated") == [
        "This file is not an Excel workbook (.xlsx). In Excel use File > Save As and choose Excel Workbook (.xlsx)."
    ]
    monkeypatch.setattr(contract, "MAX_BYTES", 1000)
    assert rejected(build(minimal()))[0].startswith("The file is 0.0 MB; the largest Appraise takes is 10 MB.")


def test_more_than_the_row_limit_is_refused(dh_export, monkeypatch):
    # The export's first 50 rows: the Appraisal, Councils, Deficits and Services rows, then the first Baselines rows.
    before = sum(len(sheet_rows(dh_export, name)) for name in ("Appraisal", "Councils", "Deficits", "Services"))
    monkeypatch.setattr(contract, "MAX_ROWS", 50)
    assert rejected(dh_export) == [
        f"Baselines row {50 - before + 2}: the workbook has more than 50 rows, the most Appraise reads, so it stopped "
        "reading here: split the workbook and upload each part"
    ]


def test_one_bad_cell_stops_every_good_change_in_the_workbook(dh_export):
    good = find_row(dh_export, "Baselines", council_code="DBC", service="Finance")
    bad = find_row(dh_export, "Baselines", council_code="HBC", service="ICT")
    content = edit(dh_export, {"Baselines": {f"F{good}": 1, f"E{bad}": "lots"}, "Savings": {"B2": 1, "C2": 2}})
    assert rejected(content) == [f"Baselines!E{bad}: 'lots' is not a number"]


def test_a_council_name_that_differs_from_the_one_held_is_refused(dh_export):
    content = edit(dh_export, {"Councils": {"B2": "Darlington BC"}})
    assert rejected(content) == [
        "Councils!B2: 'Darlington BC' is not the name held for DBC (Darlington Borough Council); councils are renamed "
        "in Administration"
    ]


def test_a_council_not_in_the_appraisal_is_refused(dh_export):
    Council.objects.create(code="SBC", name="Stockton-on-Tees Borough Council", slug="stockton", council_type="unitary")
    content = edit(dh_export, {"Deficits": {"A2": "SBC"}})
    assert rejected(content) == [
        "Deficits!A2: Stockton-on-Tees Borough Council (SBC) is not a partner council in this appraisal"
    ]


def test_a_savings_range_for_out_of_scope_expenditure_is_refused(dh_export):
    row = find_row(dh_export, "Savings", cluster="Out of scope expenditure")
    content = edit(dh_export, {"Savings": {f"B{row}": 1, f"C{row}": 2}})
    assert rejected(content) == [
        f"Savings!A{row}: Out of scope expenditure is out-of-scope expenditure: it cannot have a savings range"
    ]


def test_a_deficit_year_before_the_base_year_is_refused(dh_export):
    content = edit(dh_export, {"Appraisal": {"C2": "2010/11"}})
    assert rejected(content) == ["Appraisal!C2: the deficit year 2010/11 is before the base year 2011/12"]


# --- Good inputs -----------------------------------------------------------------------------------------------


def test_an_unchanged_export_changes_nothing(dh_export):
    before = snapshot()
    applied = workbook_apply(content=dh_export, file_name="figures.xlsx", slug=SLUG)
    assert applied.plan.count == 0
    assert applied.plan.summary() == "Nothing to change: the workbook matches the figures already held."
    assert snapshot() == before


def test_changed_figures_are_saved_with_history_and_a_new_version(dh_export, admin_user):
    row = find_row(dh_export, "Baselines", council_code="DBC", service="Finance")
    old = baseline("DBC", "Finance")
    content = edit(dh_export, {"Baselines": {f"F{row}": "£1,234,567", f"G{row}": 0}})
    plan = workbook_preview(content=content, file_name="f.xlsx", slug=SLUG, user=admin_user)
    assert [(c.sheet, c.row, c.what, c.column, c.old, c.new) for c in plan.changes] == [
        ("Baselines", row, "DBC · Finance · 2011/12", "net_budget", f"£{old.net_budget:,.0f}", "£1,234,567"),
        ("Baselines", row, "DBC · Finance · 2011/12", "fte", f"{old.fte.normalize():f}", "0"),
    ]
    history = Baseline.history.count()
    workbook_apply(content=content, file_name="f.xlsx", slug=SLUG, user=admin_user, fingerprint=plan.fingerprint)
    new = baseline("DBC", "Finance")
    assert (new.net_budget, new.fte, new.gross_budget) == (Decimal("1234567.00"), Decimal("0.00"), old.gross_budget)
    assert new.version == old.version + 1
    assert new.updated_by == admin_user
    assert Baseline.history.count() == history + 1
    assert new.history.first().history_user == admin_user
    assert baseline("HBC", "Finance").version == 1


def test_a_councils_budget_changed_by_a_workbook_is_in_its_history_with_who_changed_it(dh_export, dbc_officer):
    # Issue 13: Council had no history, so a budget changed by a workbook left no trace of who or from what.
    darlington = Council.objects.get(code="DBC")
    row = find_row(dh_export, "Councils", code="DBC")
    content = edit(dh_export, {"Councils": {f"D{row}": 73000000, f"E{row}": "£255,000,000.50"}})
    workbook_apply(content=content, file_name="f.xlsx", slug=SLUG, user=dbc_officer)
    changed, before = darlington.history.all()[:2]
    assert (changed.history_type, changed.history_user) == ("~", dbc_officer)
    assert (changed.net_revenue_budget, changed.gross_budget) == (Decimal("73000000.00"), Decimal("255000000.50"))
    assert (before.net_revenue_budget, before.gross_budget) == (
        darlington.net_revenue_budget,
        darlington.gross_budget,
    )
    assert [c.history_user for c in Council.objects.get(code="HBC").history.all()] == [None]  # loaded, unchanged


def test_new_rows_are_created_and_blank_savings_keep_the_range(dh_export, dh_appraisal):
    last = find_row(dh_export, "Baselines", council_code="HBC", service="Corporate contingencies")
    savings = find_row(dh_export, "Savings", cluster="Culture & Leisure")
    content = edit(
        dh_export,
        {
            "Baselines": {f"A{last + 1}": "DBC", f"B{last + 1}": "Corporate Services", f"C{last + 1}": "Finance",
                          f"D{last + 1}": "2012/13", f"E{last + 1}": 100, f"F{last + 1}": 90},
            "Deficits": {"A8": "DBC", "B8": "2015/16", "C8": "£12,000,000"},
            "Savings": {f"B{savings}": None, f"C{savings}": None},
        },
    )  # fmt: skip
    plan = workbook_preview(content=content, file_name="f.xlsx", slug=SLUG)
    assert [(a.sheet, a.what, a.details) for a in plan.additions] == [
        ("Deficits", "DBC 2015/16", "deficit £12,000,000"),
        ("Baselines", "DBC · Finance · 2012/13", "gross £100, net £90, FTEs 0, third-party £0"),
    ]
    assert plan.changes == []
    workbook_apply(content=content, file_name="f.xlsx", slug=SLUG)
    assert baseline("DBC", "Finance", 2012).net_budget == Decimal("90.00")
    assert FundingDeficit.objects.get(council__code="DBC", year=2015).amount == Decimal("12000000.00")
    # A blank savings range is "no change": the range is removed on the savings page, never by a blank.
    kept = SavingsRange.objects.get(appraisal=dh_appraisal, cluster__name="Culture & Leisure")
    assert (kept.min_saving, kept.max_saving) == (Decimal("200000.00"), Decimal("250000.00"))


def test_a_scope_set_in_the_services_sheet_is_this_appraisals_own(dh_export, dh_appraisal):
    row = find_row(dh_export, "Services", service="Finance")
    content = edit(dh_export, {"Services": {f"C{row}": "Limited value", f"D{row}": "Shared already"}})
    plan = workbook_apply(content=content, file_name="f.xlsx", slug=SLUG).plan
    assert [(c.what, c.column, c.new) for c in plan.changes] == [
        ("Corporate Services: Finance", "scope", "Limited value"),
        ("Corporate Services: Finance", "reason", "Shared already"),
    ]
    scope = ServiceScope.objects.get(appraisal=dh_appraisal, service__name="Finance")
    assert (scope.scope, scope.reason, scope.service.scope) == ("limited", "Shared already", "key")
    # Set back, the scope changes back; the service stays in the appraisal (an import removes nothing).
    plan = workbook_apply(content=dh_export, file_name="f.xlsx", slug=SLUG).plan
    assert [(c.column, c.old, c.new) for c in plan.changes][0] == ("scope", "Limited value", "Key service (in scope)")
    assert ServiceScope.objects.get(appraisal=dh_appraisal, service__name="Finance").scope == "key"


def test_a_stale_preview_is_refused(dh_export):
    row = find_row(dh_export, "Baselines", council_code="DBC", service="Finance")
    content = edit(dh_export, {"Baselines": {f"F{row}": 5}})
    plan = workbook_preview(content=content, file_name="f.xlsx", slug=SLUG)
    Baseline.objects.filter(council__code="HBC", service__name="ICT").update(net_budget=1)
    before = snapshot()
    with pytest.raises(StalePreview, match=STALE_PREVIEW):
        workbook_apply(content=content, file_name="f.xlsx", slug=SLUG, fingerprint=plan.fingerprint)
    assert snapshot() == before
    assert STALE_PREVIEW == "The figures changed since your preview; upload again."


# --- Role rules -------------------------------------------------------------------------------------------------


def test_an_officer_may_change_their_own_councils_figures_and_the_savings(dh_export, dbc_officer, dh_appraisal):
    dbc = find_row(dh_export, "Baselines", council_code="DBC", service="Finance")
    content = edit(dh_export, {"Baselines": {f"F{dbc}": 5}, "Savings": {"B2": 1000000}, "Councils": {"D2": 1}})
    plan = workbook_apply(content=content, file_name="f.xlsx", slug=SLUG, user=dbc_officer).plan
    assert plan.count == 3
    assert baseline("DBC", "Finance").net_budget == Decimal("5.00")
    assert SavingsRange.objects.get(appraisal=dh_appraisal, cluster__position=1).min_saving == Decimal("1000000.00")
    assert Council.objects.get(code="DBC").net_revenue_budget == Decimal("1.00")


def test_an_officer_cannot_change_a_partner_councils_figures(dh_export, dbc_officer):
    hbc = find_row(dh_export, "Baselines", council_code="HBC", service="Finance")
    deficit = find_row(dh_export, "Deficits", council_code="HBC", year="2014/15")
    content = edit(dh_export, {"Baselines": {f"F{hbc}": 5}, "Deficits": {f"C{deficit}": 1}, "Councils": {"E3": 5}})
    net = baseline("HBC", "Finance").net_budget
    theirs = "only Hartlepool Borough Council's officers can change it"
    as_downloaded = "or leave the row as you downloaded it."
    assert rejected(content, user=dbc_officer) == [
        "Councils!E3: Hartlepool Borough Council's gross budget is £5 here but £285,300,000 in the appraisal; "
        f"{theirs}. Put back £285,300,000 {as_downloaded}",
        f"Deficits!C{deficit}: Hartlepool Borough Council's funding deficit for 2014/15 is £1 here but £12,100,000 in "
        f"the appraisal; {theirs}. Put back £12,100,000 {as_downloaded}",
        f"Baselines!F{hbc}: Hartlepool Borough Council's Finance net budget for 2011/12 is £5 here but £{net:,.0f} in "
        f"the appraisal; {theirs}. Put back £{net:,.0f} {as_downloaded}",
    ]


def test_an_officer_cannot_change_the_appraisals_years_or_create_an_appraisal(dh_export, dbc_officer):
    assert rejected(edit(dh_export, {"Appraisal": {"B2": "2012/13"}}), user=dbc_officer) == [
        "Appraisal!B2: the appraisal's base year is 2012/13 here but 2011/12 in Appraise; only a programme admin can "
        "change it. Put back 2011/12 or leave the row as you downloaded it."
    ]
    assert rejected(dh_export, slug="new-one", user=dbc_officer) == [
        "There is no appraisal 'new-one'; only a programme admin can create one."
    ]


def test_a_members_actor_may_change_nothing(dh_export, dbc_member, dh_appraisal):
    actor = actor_for(dbc_member, dh_appraisal)
    assert (actor.is_admin, actor.editable_codes, actor.can_edit_assumptions) == (False, frozenset(), False)
    content = edit(dh_export, {"Savings": {"B2": 1}})
    assert rejected(content, user=dbc_member) == ["Savings!B2: you cannot change this appraisal's savings assumptions"]


# --- A new appraisal ----------------------------------------------------------------------------------------------


def test_an_admin_creates_an_appraisal_with_new_clusters_and_services(dh_appraisal, admin_user):
    sheets = minimal(
        Services=[
            contract.SERVICES.column_names,
            ["Strategic Management", "Directors and assistant directors", "key"],
            ["Housing", "Homelessness", "limited", "Statutory duty"],
            ["Housing levies", "Levy", "excluded", "", "yes"],
        ],
        Baselines=[
            contract.BASELINES.column_names,
            [
                "DBC",
                "Strategic Management",
                "Directors and assistant directors",
                "2011/12",
                1051761,
                973853,
                9.7,
                31553,
            ],
            ["DBC", "Housing", "Homelessness", "2011/12", 500, 400],
            ["HBC", "housing", "HOMELESSNESS", "2011/12", 600, 500],
            ["HBC", "Housing levies", "Levy", "2011/12", 50, 50],
        ],
        Savings=[contract.SAVINGS.column_names, ["Housing", 10, 20], ["Strategic Management", None, None]],
    )
    applied = workbook_apply(content=build(sheets), file_name="new.xlsx", slug="dh-housing", user=admin_user)
    appraisal = Appraisal.objects.get(slug="dh-housing")
    assert applied.appraisal == appraisal
    assert (appraisal.title, appraisal.base_year, appraisal.deficit_year) == ("Dh housing", 2011, 2014)
    assert [c.code for c in appraisal.councils.order_by("memberships__position")] == ["DBC", "HBC"]
    service = Service.objects.get(name="Homelessness")
    assert (service.cluster.name, service.scope, service.scope_reason) == ("Housing", "limited", "Statutory duty")
    assert ServiceCluster.objects.get(name="Housing levies").out_of_scope is True
    assert Baseline.objects.filter(service=service).count() == 2
    assert SavingsRange.objects.get(appraisal=appraisal).min_saving == Decimal("10.00")
    # The Darlington baseline already held for 2011/12 is shared, not duplicated.
    assert Baseline.objects.filter(council__code="DBC", service__name="Directors and assistant directors").count() == 1


def test_an_appraisal_sheet_sets_a_new_appraisals_title_and_years(dh_export):
    content = edit(dh_export, {"Appraisal": {"A2": "Tees Valley review", "C2": "2013/14"}})
    applied = workbook_apply(content=content, file_name="f.xlsx", slug="tees-valley")
    assert (applied.appraisal.title, applied.appraisal.base_year, applied.appraisal.deficit_year) == (
        "Tees Valley review", 2011, 2013,
    )  # fmt: skip


def test_a_new_appraisal_cannot_have_an_unusable_address(dh_export):
    assert rejected(dh_export, slug="import") == [
        "'import' cannot be an appraisal's address: use lower-case letters, numbers and hyphens"
    ]


def test_checking_a_workbook_takes_a_fixed_number_of_queries(dh_export, django_assert_max_num_queries):
    # 78 baselines, 6 deficits, 39 services: one query per row would be well over a hundred.
    with django_assert_max_num_queries(12):
        plan = workbook_preview(content=dh_export, file_name="f.xlsx", slug="dh-copy")
    assert plan.valid
    services = len(sheet_rows(dh_export, "Services"))
    assert [a.sheet for a in plan.additions] == ["Services"] * services + ["Savings"] * 6 + ["Appraisal"]


def test_an_admin_may_retitle_an_appraisal_and_keeps_its_partners(dh_export, dh_appraisal, admin_user):
    plan = workbook_apply(
        content=edit(dh_export, {"Appraisal": {"A2": "Darlington & Hartlepool: shared services"}}),
        file_name="f.xlsx",
        slug=SLUG,
        user=admin_user,
    ).plan
    assert [(c.column, c.new) for c in plan.changes] == [("title", "Darlington & Hartlepool: shared services")]
    dh_appraisal.refresh_from_db()
    assert dh_appraisal.title == "Darlington & Hartlepool: shared services"
    assert [c.code for c in dh_appraisal.councils.order_by("memberships__position")] == ["DBC", "HBC"]
    assert dh_appraisal.status == "for_decision"


def test_a_programme_admin_finds_a_workbooks_budget_change_in_the_councils_history(dh_export, dbc_officer, client):
    row = find_row(dh_export, "Councils", code="DBC")
    content = edit(dh_export, {"Councils": {f"D{row}": 73000000}})
    workbook_apply(content=content, file_name="f.xlsx", slug=SLUG, user=dbc_officer)
    admin = get_user_model().objects.create_superuser("council-admin", "ca@example.org", "pw")
    client.force_login(admin)
    darlington = Council.objects.get(code="DBC")
    page = client.get(f"/admin/councils/council/{darlington.pk}/history/").content.decode()
    assert "dbc-officer" in page and "Net revenue budget" in page
