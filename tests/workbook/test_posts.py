"""The Posts sheet (issue 18): every post of today's structure and of each option's proposed one goes out in the
workbook and comes back; an upload adds and changes posts through the staffing services, all or nothing."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from appraisal.calculations import staffing
from appraisal.models import Post
from appraisal.options.services import option_create
from appraisal.staffing.services import grade_save, post_create
from appraisal.workbook import contract
from appraisal.workbook.apply import WorkbookRejected, workbook_apply, workbook_preview
from appraisal.workbook.writer import export_workbook, template_workbook
from councils.models import Council
from services.models import ServiceCluster

from .conftest import confirm_page, edit, find_row, preview_page, upload_page

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
    director = grade_save(
        appraisal=a, values={"name": "Director", "average_age": 52, "average_years_service": 20}, user=None
    )
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


def baseline_cost(appraisal) -> Decimal:
    from appraisal.staffing.selectors import staffing_overview
    from appraisal.summary.selectors import appraisal_figures

    return staffing_overview(appraisal=appraisal, figures=appraisal_figures(appraisal=appraisal)).baseline.cost


def test_a_salary_edited_in_the_download_is_previewed_then_saved_and_the_cost_changes(staffed, client, admin_client):
    a = staffed["appraisal"]
    post = staffed["today"][0]
    content = export_workbook(appraisal=a)
    row = find_row(content, "Posts", ID=post.pk)
    before = baseline_cost(a)
    edited = edit(content, {"Posts": {f"H{row}": 100000}})
    response, upload = upload_page(admin_client, edited, slug=SLUG)
    page = preview_page(admin_client, upload).content.decode()
    assert "Salary (£ a year)" in page and "£95,000" in page and "£100,000" in page
    assert f"post {post.pk}: Director of Resources (DBC, Today)" in page
    assert Post.objects.get(pk=post.pk).salary == Decimal("95000.00")  # the preview saves nothing
    confirm_page(admin_client, upload)
    saved = Post.objects.get(pk=post.pk)
    assert (saved.salary, saved.version) == (Decimal("100000.00"), post.version + 1)
    # DBC's on-costs are its employer NI + pension %: the cost a year rises by £5,000 × (1 + on-costs)
    on_costs = Council.objects.get(code="DBC").on_cost_pct
    assert baseline_cost(a) - before == (Decimal("5000") * (1 + on_costs / 100)).quantize(Decimal("0.01"))


def test_a_row_without_an_id_adds_a_post_to_the_structure_it_names(staffed):
    a, option = staffed["appraisal"], staffed["option"]
    content = export_workbook(appraisal=a)
    carried = staffed["today"][1].pk
    new_row = [None, "shared MANAGEMENT team", "Head of Shared HR", "Strategic Management", "ad", "hbc", 0.5, "£70,000",
               "20%", "Named shares", "DBC 40, HBC 60", carried, None, None, None]  # fmt: skip
    edited = append_row(content, new_row)
    plan = workbook_preview(content=edited, slug=SLUG)
    assert plan.problems == []
    assert [(a.sheet, a.what) for a in plan.additions] == [("Posts", "Head of Shared HR (HBC, Shared management team)")]
    workbook_apply(content=edited, slug=SLUG)
    made = Post.objects.get(title="Head of Shared HR")
    assert (made.option_id, made.council.code, made.grade.name, made.fte, made.salary) == (
        option.pk, "HBC", "AD", Decimal("0.50"), Decimal("70000.00")
    )  # fmt: skip
    assert (made.on_cost_pct, made.cost_split, made.shares, made.continues_id) == (
        Decimal("20.00"), "shares", {"DBC": "40", "HBC": "60"}, carried
    )  # fmt: skip


def append_row(content: bytes, values: list) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    wb["Posts"].append(values)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


BAD = [
    ("H", -1, f"{contract.POSTS.name}!H{{row}}: {staffing.NEGATIVE_SALARY}"),
    ("G", -0.5, f"Posts!G{{row}}: {staffing.NEGATIVE_FTE}"),
    ("M", 15, f"Posts!M{{row}}: {staffing.AGE_RANGE}"),
    ("M", 76, f"Posts!M{{row}}: {staffing.AGE_RANGE}"),
    ("N", 43, f"Posts!N{{row}}: {staffing.service_too_long(58)}"),
    ("F", "XYZ", "Posts!F{row}: no council has the code 'XYZ'"),
    ("E", "Chief", "Posts!E{row}: 'Chief' is not one of the appraisal's grades: add it on the Staffing page first"),
    ("D", "Astrology", "Posts!D{row}: no service cluster is called 'Astrology'"),
    ("B", "Outsourcing", "Posts!B{row}: no option on this appraisal's short list is called 'Outsourcing'"),
    ("K", "DBC fifty", "Posts!K{row}: 'fifty' is not a percentage."),
    ("E", None, "Posts!E{row}: enter the grade"),
]


@pytest.mark.parametrize(("column", "value", "message"), BAD, ids=[b[2].split(": ")[1][:30] for b in BAD])
def test_each_bad_cell_is_named_at_its_row_and_column_and_nothing_is_saved(staffed, column, value, message):
    content = export_workbook(appraisal=staffed["appraisal"])
    row = find_row(content, "Posts", ID=staffed["today"][0].pk)
    cells = {f"C{row}": "Director of Finance", f"{column}{row}": value}  # with a good change, not saved either
    if column == "K":
        cells[f"J{row}"] = "Named shares"
    before = posts_state()
    with pytest.raises(WorkbookRejected) as refused:
        workbook_apply(content=edit(content, {"Posts": cells}), slug=SLUG)
    shown = [str(p) for p in refused.value.problems]
    assert any(p.startswith(message.format(row=row)) for p in shown), shown
    assert posts_state() == before


def test_named_shares_must_add_up_to_100_and_name_partners_only(staffed):
    content = export_workbook(appraisal=staffed["appraisal"])
    row = find_row(content, "Posts", ID=staffed["today"][2].pk)
    for shares, message in (
        ("DBC 50, HBC 40", "Named shares add up to 100% (these add up to 90%)."),
        ("DBC 50, SBC 50", "SBC is not one of the appraisal's councils (DBC, HBC)."),
    ):
        plan = workbook_preview(content=edit(content, {"Posts": {f"K{row}": shares}}), slug=SLUG)
        assert [str(p) for p in plan.problems] == [f"Posts!K{row}: {message}"]
        assert plan.ops.posts == []


def test_a_council_that_is_not_a_partner_cannot_employ_a_post(staffed):
    Council.objects.create(code="SBC", name="Stockton-on-Tees Borough Council", slug="stockton", council_type="unitary")
    content = export_workbook(appraisal=staffed["appraisal"])
    row = find_row(content, "Posts", ID=staffed["today"][0].pk)
    plan = workbook_preview(content=edit(content, {"Posts": {f"F{row}": "SBC"}}), slug=SLUG)
    assert [str(p) for p in plan.problems] == [
        f"Posts!F{row}: Stockton-on-Tees Borough Council (SBC) is not a partner council in this appraisal"
    ]


def test_a_post_a_colleague_changed_after_the_download_keeps_their_figure(staffed):
    from appraisal.staffing.services import post_update

    a, post = staffed["appraisal"], staffed["today"][0]
    content = export_workbook(appraisal=a)
    post_update(appraisal=a, post_id=post.pk, values={"salary": Decimal("97000.00")}, version=post.version, user=None)
    row = find_row(content, "Posts", ID=post.pk)
    plan = workbook_preview(content=edit(content, {"Posts": {f"G{row}": 0.8}}), slug=SLUG)
    assert plan.problems == []
    assert [(c.column, c.old, c.new) for c in plan.changes] == [("fte", "1", "0.8")]
    assert plan.notices == [
        f"The salary (£ a year) of post {post.pk} (Director of Resources, DBC) was changed to £97,000 after you "
        "downloaded this workbook; your copy's older £95,000 is ignored and the new figure kept."
    ]
    workbook_apply(content=edit(content, {"Posts": {f"G{row}": 0.8}}), slug=SLUG)
    saved = Post.objects.get(pk=post.pk)
    assert (saved.salary, saved.fte) == (Decimal("97000.00"), Decimal("0.80"))
    conflict = workbook_preview(content=edit(content, {"Posts": {f"H{row}": 99000}}), slug=SLUG)
    assert [p.column for p in conflict.problems] == ["H"]
    assert "changed it to £97,000 in the appraisal after you downloaded this workbook" in conflict.problems[0].message


def test_a_post_removed_after_the_download_is_ignored_and_a_row_left_out_is_kept(staffed):
    from appraisal.staffing.services import post_delete

    a, head, kept = staffed["appraisal"], staffed["today"][2], staffed["today"][1]
    content = export_workbook(appraisal=a)
    post_delete(appraisal=a, post_id=head.pk, version=head.version, user=None)
    wb = load_workbook(io.BytesIO(content))
    wb["Posts"].delete_rows(find_row(content, "Posts", ID=kept.pk))
    out = io.BytesIO()
    wb.save(out)
    plan = workbook_apply(content=out.getvalue(), slug=SLUG).plan
    assert plan.count == 0
    assert plan.notices == [
        f"Post {head.pk} (=Head of HR, DBC) was removed after you downloaded this workbook; your copy's row for it is "
        "ignored."
    ]
    assert Post.objects.filter(pk=kept.pk).exists() and not Post.objects.filter(pk=head.pk).exists()


def test_a_proposed_post_carries_on_only_a_post_of_todays_structure(staffed):
    content = export_workbook(appraisal=staffed["appraisal"])
    proposed = staffed["proposed"][0]
    row = find_row(content, "Posts", ID=proposed.pk)
    plan = workbook_preview(content=edit(content, {"Posts": {f"L{row}": proposed.pk}}), slug=SLUG)
    assert [str(p) for p in plan.problems] == [
        f"Posts!L{row}: no post of today's structure has the ID {proposed.pk}: give the ID of the post this one "
        "carries on"
    ]


def test_a_new_appraisal_imported_from_a_download_leaves_its_posts_to_the_staffing_page(staffed):
    from appraisal.workbook.plan.posts_sheet import NEW_APPRAISAL

    applied = workbook_apply(content=export_workbook(appraisal=staffed["appraisal"]), slug="dh-copy")
    assert NEW_APPRAISAL in applied.plan.notices
    assert not Post.objects.filter(appraisal=applied.appraisal).exists()


def test_a_post_changed_between_the_preview_and_the_confirmation_makes_the_upload_stale(staffed):
    from appraisal.staffing.services import post_update
    from appraisal.workbook.apply import StalePreview

    a, post = staffed["appraisal"], staffed["today"][1]
    content = export_workbook(appraisal=a)
    edited = edit(content, {"Posts": {f"H{find_row(content, 'Posts', ID=post.pk)}": 93000}})
    preview = workbook_preview(content=edited, slug=SLUG)
    post_update(appraisal=a, post_id=post.pk, values={"title": "Director of Finance"}, version=post.version, user=None)
    before = posts_state()
    with pytest.raises(StalePreview):
        workbook_apply(content=edited, slug=SLUG, fingerprint=preview.fingerprint)
    assert posts_state() == before


def test_the_instructions_name_the_posts_columns_in_words(staffed):
    ws = load_workbook(io.BytesIO(template_workbook(appraisal=staffed["appraisal"])))["Instructions"]
    lines = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row[0]}
    assert lines["Posts"].startswith("Every post of today's structure and of each option's proposed one")
    assert lines["  Carries on"].startswith("A proposed post: the ID of the post of today's structure it carries on")
