"""The workbook pages: download, upload, preview, confirm; who may do what; once plain and once with HTMX."""

import html
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from openpyxl import load_workbook

from appraisal.models import Appraisal, WorkbookUpload
from appraisal.workbook.reader import read_workbook
from appraisal.workbook.stored import parsed_loads
from services.models import Baseline

from .conftest import edit, find_row, snapshot

pytestmark = pytest.mark.django_db
SLUG = "darlington-hartlepool-2011"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD = reverse("workbook_upload", args=[SLUG])


def xlsx(content: bytes, name: str = "figures.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def text(response) -> str:
    """The page's text as a person reads it: tags dropped, spaces collapsed."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace(" :", ":"))


def upload(client, content: bytes, **extra):
    response = client.post(UPLOAD, {"workbook": xlsx(content)}, **extra)
    return response, WorkbookUpload.objects.order_by("-created_at").first()


# --- Downloads ---------------------------------------------------------------------------------------------------


def test_an_officer_downloads_the_template_with_instructions_first(client, dbc_officer):
    client.force_login(dbc_officer)
    r = client.get(reverse("workbook_template", args=[SLUG]))
    assert r.status_code == 200
    assert r["Content-Type"] == XLSX
    assert r["Content-Disposition"] == f'attachment; filename="{SLUG}-template.xlsx"'
    wb = load_workbook(io.BytesIO(r.content))
    shown = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert shown == ["Instructions", "Appraisal", "Councils", "Deficits", "Services", "Baselines", "Savings", "Posts"]
    assert wb["Appraise download"].sheet_state == "veryHidden"  # what it showed: appraisal/workbook/downloaded.py
    assert [c.value for c in wb["Councils"]["A"]] == ["code", "DBC", "HBC"]


def test_members_may_export_but_not_download_the_template(client, dbc_member):
    client.force_login(dbc_member)
    assert client.get(reverse("workbook_template", args=[SLUG])).status_code == 403
    r = client.get(reverse("workbook_export", args=[SLUG]))
    assert r.status_code == 200
    assert load_workbook(io.BytesIO(r.content)).sheetnames[0] == "Summary"


def test_outsiders_get_404_for_every_workbook_page(client, outsider):
    client.force_login(outsider)
    for name in ("workbook_template", "workbook_export", "workbook_upload"):
        assert client.get(reverse(name, args=[SLUG])).status_code == 404


def test_downloads_refuse_post(client, dbc_officer):
    client.force_login(dbc_officer)
    assert client.post(reverse("workbook_export", args=[SLUG])).status_code == 405
    assert client.post(reverse("workbook_template", args=[SLUG])).status_code == 405


def test_anonymous_people_are_sent_to_sign_in(client, dh_appraisal):
    r = client.get(UPLOAD)
    assert r.status_code == 302 and r.url.startswith(reverse("login"))


# --- Upload --------------------------------------------------------------------------------------------------------


def test_the_upload_page_explains_and_links_the_downloads(client, dbc_officer):
    client.force_login(dbc_officer)
    r = client.get(UPLOAD)
    page = text(r)
    assert r.status_code == 200
    assert "Upload a workbook" in page
    assert "You can change Darlington Borough Council's baselines and deficits" in page
    page_html = r.content.decode()
    assert f'href="{reverse("workbook_template", args=[SLUG])}"' in page_html
    assert 'enctype="multipart/form-data"' in page_html and f'hx-post="{UPLOAD}"' in page_html
    assert "Checking your workbook…" in page_html
    assert (
        "At most 10 MB and 100,000 rows. What Appraise reads from it is kept until you confirm the changes, and "
        "for a day at most." in page
    )
    assert 'aria-describedby="id_workbook-hint"' in page_html


def test_members_may_not_upload(client, dbc_member, dh_export):
    client.force_login(dbc_member)
    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"workbook": xlsx(dh_export)}).status_code == 403
    assert not WorkbookUpload.objects.exists()


def test_the_upload_page_refuses_other_methods(client, dbc_officer):
    client.force_login(dbc_officer)
    assert client.put(UPLOAD).status_code == 405


def test_an_upload_is_stored_and_leads_to_its_preview(client, dbc_officer, dh_export):
    client.force_login(dbc_officer)
    r, stored = upload(client, dh_export)
    assert r.status_code == 302
    assert r.url == reverse("workbook_preview", args=[stored.pk])
    assert (stored.slug, stored.uploaded_by, stored.file_name, stored.status) == (
        SLUG, dbc_officer, "figures.xlsx", "previewed",
    )  # fmt: skip
    # What was read is kept, not the file: the preview and the confirmation do not read it again.
    assert parsed_loads(bytes(stored.content)) == read_workbook(dh_export, file_name="figures.xlsx")


def test_with_htmx_an_upload_redirects_the_browser_to_the_preview(client, dbc_officer, dh_export):
    client.force_login(dbc_officer)
    r, stored = upload(client, dh_export, HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    assert r["HX-Redirect"] == reverse("workbook_preview", args=[stored.pk])


def test_no_file_or_the_wrong_kind_of_file_is_refused_at_the_form(client, dbc_officer):
    client.force_login(dbc_officer)
    r = client.post(UPLOAD, {})
    assert r.status_code == 200
    assert "Choose the workbook to upload" in text(r)
    r = client.post(UPLOAD, {"workbook": xlsx(b"a,b\n1,2\n", "budget.csv")})
    assert "Choose an Excel workbook (.xlsx)" in text(r)
    r = client.post(UPLOAD, {"workbook": xlsx(b"PK" + b"\0" * (10 * 1024 * 1024 + 10))})
    assert "The file is 10.0 MB; the largest Appraise takes is 10 MB." in text(r)
    assert not WorkbookUpload.objects.exists()


def test_with_htmx_a_refused_upload_returns_only_the_form(client, dbc_officer):
    client.force_login(dbc_officer)
    r = client.post(UPLOAD, {}, HTTP_HX_REQUEST="true")
    fragment = r.content.decode()
    assert r.status_code == 200  # htmx swaps only 2xx responses
    assert fragment.lstrip().startswith('<form id="upload-form"')
    assert "Choose the workbook to upload" in fragment and "<html" not in fragment


# --- Preview -------------------------------------------------------------------------------------------------------


def test_the_preview_lists_each_change_old_and_new(client, dbc_officer, dh_export):
    client.force_login(dbc_officer)
    row = find_row(dh_export, "Baselines", council_code="DBC", service="Finance")
    old = Baseline.objects.get(council__code="DBC", service__name="Finance", year=2011).net_budget
    _, stored = upload(client, edit(dh_export, {"Baselines": {f"F{row}": "£1,234,567"}}))
    r = client.get(reverse("workbook_preview", args=[stored.pk]))
    page = text(r)
    assert r.status_code == 200
    assert "Check the changes" in page and "1 figure changed" in page
    assert f"{row} DBC · Finance · 2011/12 Net budget £{old:,.0f} → £1,234,567" in page
    assert "net_budget" not in page
    assert "Confirm and apply 1 change" in page
    stored.refresh_from_db()
    assert f'name="fingerprint" value="{stored.fingerprint}"' in r.content.decode()


def test_the_preview_lists_every_problem_with_its_cell(client, dbc_officer, dh_export):
    client.force_login(dbc_officer)
    row = find_row(dh_export, "Baselines", council_code="DBC", service="Finance")
    hbc = find_row(dh_export, "Baselines", council_code="HBC", service="Finance")
    _, stored = upload(client, edit(dh_export, {"Baselines": {f"E{row}": "12,3OO", f"F{hbc}": 1}}))
    r = client.get(reverse("workbook_preview", args=[stored.pk]))
    page = text(r)
    assert "There are 2 problems in the workbook" in page
    assert f"Baselines!E{row}: '12,3OO' is not a number" in page
    held = Baseline.objects.get(council__code="HBC", service__name="Finance", year=2011).net_budget
    assert (
        f"Baselines!F{hbc}: Hartlepool Borough Council's Finance net budget for 2011/12 is £1 here but "
        f"£{held:,.0f} in the appraisal; only Hartlepool Borough Council's officers can change it. "
        f"Put back £{held:,.0f} or leave the row as you downloaded it."
    ) in page
    assert "Confirm" not in page


def test_an_unchanged_workbook_previews_as_nothing_to_change(client, dbc_officer, dh_export):
    client.force_login(dbc_officer)
    _, stored = upload(client, dh_export)
    page = text(client.get(reverse("workbook_preview", args=[stored.pk])))
    assert "Nothing to change: the workbook matches the figures already held." in page
    assert "Confirm" not in page


def test_only_the_uploader_or_an_admin_sees_a_preview(client, dbc_officer, dh_export, django_user_model, admin_user):
    client.force_login(dbc_officer)
    _, stored = upload(client, dh_export)
    url = reverse("workbook_preview", args=[stored.pk])
    other = django_user_model.objects.create_user("hbc-officer", password="pw")
    from councils.models import Council
    from councils.services import user_role_set

    user_role_set(user=other, role="officer", council=Council.objects.get(code="HBC"))
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.post(reverse("workbook_confirm", args=[stored.pk])).status_code == 404
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


# --- Confirm -------------------------------------------------------------------------------------------------------


def test_confirming_applies_the_workbook_and_says_how_many_figures_changed(client, dbc_officer, dh_export):
    client.force_login(dbc_officer)
    row = find_row(dh_export, "Baselines", council_code="DBC", service="Finance")
    _, stored = upload(client, edit(dh_export, {"Baselines": {f"F{row}": 5, f"G{row}": 1}}))
    preview = client.get(reverse("workbook_preview", args=[stored.pk]))
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', preview.content.decode()).group(1)
    r = client.post(reverse("workbook_confirm", args=[stored.pk]), {"fingerprint": fingerprint}, follow=True)
    assert r.redirect_chain[0] == (reverse("appraisal_detail", args=[SLUG]), 302)
    assert "Workbook applied: 2 figures changed." in text(r)
    assert Baseline.objects.get(council__code="DBC", service__name="Finance", year=2011).net_budget == Decimal("5.00")
    stored.refresh_from_db()
    assert stored.status == "applied" and stored.applied_at is not None
    again = client.post(reverse("workbook_confirm", args=[stored.pk]), follow=True)
    assert "This workbook has already been applied." in text(again)


def test_confirming_a_stale_preview_changes_nothing_and_asks_for_the_upload_again(client, dbc_officer, dh_export):
    client.force_login(dbc_officer)
    row = find_row(dh_export, "Baselines", council_code="DBC", service="Finance")
    _, stored = upload(client, edit(dh_export, {"Baselines": {f"F{row}": 5}}))
    client.get(reverse("workbook_preview", args=[stored.pk]))
    Baseline.objects.filter(council__code="HBC", service__name="ICT").update(net_budget=1)
    before = snapshot()
    r = client.post(reverse("workbook_confirm", args=[stored.pk]), follow=True)
    assert r.redirect_chain[0] == (UPLOAD, 302)
    assert "The figures changed since your preview; upload again." in text(r)
    assert snapshot() == before


def test_confirm_refuses_get(client, dbc_officer, dh_export):
    client.force_login(dbc_officer)
    _, stored = upload(client, dh_export)
    assert client.get(reverse("workbook_confirm", args=[stored.pk])).status_code == 405


# --- A new appraisal -------------------------------------------------------------------------------------------------


def test_the_import_page_has_its_own_address():
    # appraisal/urls.py includes the workbook routes before the pages, or "appraisals/import/" would be read
    # as the appraisal with slug "import".
    assert resolve("/appraisals/import/").url_name == "workbook_import_new"


def test_an_admin_imports_a_new_appraisal(client, admin_user, dh_export):
    client.force_login(admin_user)
    url = reverse("workbook_import_new")
    assert "Import a new appraisal" in text(client.get(url))
    r = client.post(url, {"slug": "dh-copy", "workbook": xlsx(dh_export)})
    stored = WorkbookUpload.objects.get()
    assert r.url == reverse("workbook_preview", args=[stored.pk])
    assert (stored.appraisal, stored.slug) == (None, "dh-copy")
    page = text(client.get(r.url))
    assert "This workbook creates the appraisal dh-copy" in page
    r = client.post(reverse("workbook_confirm", args=[stored.pk]), follow=True)
    assert r.redirect_chain[0] == (reverse("appraisal_detail", args=["dh-copy"]), 302)
    assert Appraisal.objects.get(slug="dh-copy").councils.count() == 2


def test_the_import_page_is_for_admins_and_needs_a_free_address(client, dbc_officer, admin_user, dh_export):
    client.force_login(dbc_officer)
    url = reverse("workbook_import_new")
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    r = client.post(url, {"slug": SLUG, "workbook": xlsx(dh_export)})
    assert "An appraisal already has that address: upload the workbook on its own page." in text(r)
    r = client.post(url, {"slug": "Not A Slug", "workbook": xlsx(dh_export)}, HTTP_HX_REQUEST="true")
    assert "Use only lower-case letters, numbers and hyphens" in r.content.decode()
    assert not WorkbookUpload.objects.exists()
