"""The Posts sheet (issue 18): every post of today's structure and of each option's proposed one goes out in the
workbook and comes back; an upload adds and changes posts through the staffing services, all or nothing."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from appraisal.models import Grade, Post
from appraisal.options.services import option_create
from appraisal.staffing.services import grade_save, post_create
from appraisal.workbook import contract
from appraisal.workbook.apply import WorkbookRejected, workbook_apply, workbook_preview
from appraisal.workbook.writer import export_workbook, template_workbook
from councils.models import Council
from services.models import ServiceCluster

from .conftest import edit, find_row

pytestmark = pytest.mark.django_db
SLUG = "darlington-hartlepool-2011"
HEADERS = [
    "ID", "Structure", "Post title", "Cluster", "Grade", "Employing council (code)", "FTE", "Salary (£ a year)",
    "On-costs (%)", "Cost shared", "Named shares", "Carries on", "Postholder's age", "Years of service",
    "In pension scheme",
]  # fmt: skip


def posts_state() -> list[tuple]:
    """Every post as held, with its version: equal lists mean no post was saved."""
    return sorted(
        Post.objects.values_list(
            "id", "option_id", "title", "cluster_id", "grade_id", "council_id", "fte", "salary", "on_cost_pct",
            "cost_split", "shares", "continues_id", "holder_age", "holder_years_service", "pension_member", "version",
        )
    )  # fmt: skip


@pytest.fixture
def staffed(dh_appraisal):
    """Two grades, three posts today (one shared by DBC and HBC in named shares) and an option whose proposed
    structure carries one on and adds a shared director."""
    a = dh_appraisal
    dbc, hbc = Council.objects.get(code="DBC"), Council.objects.get(code="HBC")
    cluster = ServiceCluster.objects.get(name="Strategic Management")
    director = grade_save(appraisal=a, values={"name": "Director", "average_age": 52, "average_years_service": 20}, user=None)
    ad = grade_save(appraisal=a, values={"name": "AD", "average_age": 45, "average_years_service": 12}, user=None)
    common = {"cluster": cluster, "fte": Decimal("1.00")}
    today = [
        post_create(appraisal=a, option_id=None, values={**common, "title": "Director of Resources", "grade": director,
                    "council": dbc, "salary": Decimal("95000.00"), "holder_age": 58, "holder_years_service": 30},
                    user=None),
        post_create(appraisal=a, option_id=None, values={**common, "title": "Director of Resources", "grade": director,
                    "council": hbc, "salary": Decimal("92000.00"), "on_cost_pct": Decimal("25.50")}, user=None),
        post_create(appraisal=a, option_id=None, values={**common, "title": "=Head of HR", "grade": ad, "council": dbc,
                    "salary": Decimal("60000.00"), "cost_split": "shares", "shares": {"DBC": "50", "HBC": "50"},
                    "pension_member": False}, user=None),
    ]  # fmt: skip
    option = option_create(appraisal=a, name="Shared management team", delivery_model="federal", user=None)
    proposed = [
        post_create(appraisal=a, option_id=option.pk, values={**common, "title": "Shared Director of Resources",
                    "grade": director, "council": dbc, "salary": Decimal("105000.00"), "cost_split": "basis",
                    "continues": today[0]}, user=None),
    ]  # fmt: skip
    return {"appraisal": a, "option": option, "today": today, "proposed": proposed, "grades": (director, ad)}


def test_the_posts_sheet_shows_every_post_of_every_structure(staffed):
    wb = load_workbook(io.BytesIO(export_workbook(appraisal=staffed["appraisal"])))
    ws = wb["Posts"]
    rows = list(ws.values)
    assert list(rows[0]) == HEADERS
    first, _, head, proposed = rows[1:]
    today, new = staffed["today"], staffed["proposed"][0]
    assert list(first) == [
        today[0].pk, "Today", "Director of Resources", "Strategic Management", "Director", "DBC", 1, 95000, None,
        "Not shared: the employing council pays", None, None, 58, 30, "Yes",
    ]  # fmt: skip
    assert head[2] == "=Head of HR" and head[10] == "DBC 50, HBC 50" and head[14] == "No"
    assert proposed[:2] == (new.pk, "Shared management team")
    assert (proposed[9], proposed[11]) == ("Shared on the option's sharing basis", today[0].pk)


def test_a_title_starting_with_equals_is_written_as_text_never_a_formula(staffed):
    ws = load_workbook(io.BytesIO(export_workbook(appraisal=staffed["appraisal"])))["Posts"]
    cell = ws["C4"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=Head of HR", "s", True)


def test_an_unchanged_download_changes_no_post(staffed):
    before = posts_state()
    for content in (export_workbook(appraisal=staffed["appraisal"]), template_workbook(appraisal=staffed["appraisal"])):
        applied = workbook_apply(content=content, file_name="dh.xlsx", slug=SLUG)
        assert applied.plan.count == 0
    assert posts_state() == before
