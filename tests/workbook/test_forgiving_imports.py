"""Forgiving imports (issue 16 item 6): a workbook downloaded before a partner's change still imports, as long as the
rows the uploader may not change are as downloaded or as held now; a changed one is refused at its exact cell with
its value here and in the appraisal; the preview names columns in words."""

import io
import json
import zlib
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from appraisal.models import Appraisal
from appraisal.workbook import downloaded
from appraisal.workbook.stored import MAGIC, parsed_dumps, parsed_loads
from councils.models import Council
from councils.services import user_role_set
from services.models import Baseline, Service
from services.services import baseline_update
from tests.helpers.html import text

from .conftest import confirm_page, edit, find_row, preview_page, snapshot, upload_page

pytestmark = pytest.mark.django_db
SLUG = "darlington-hartlepool-2011"
IGNORED = (
    "Hartlepool Borough Council's figures changed after you downloaded this workbook; your copy's older figures for "
    "them are ignored."
)
THEIRS = "only Hartlepool Borough Council's officers can change it"


@pytest.fixture
def hbc_officer(django_user_model, dh_appraisal):
    user = django_user_model.objects.create_user("hbc-officer", password="pw")
    user_role_set(user=user, role="officer", council=Council.objects.get(code="HBC"))
    return user


def baseline(code: str, service: str = "Finance") -> Baseline:
    return Baseline.objects.get(council__code=code, service__name=service, year=2011)


def download(client, user) -> bytes:
    """The template, as the officer downloads it from the upload page."""
    client.force_login(user)
    response = client.get(reverse("workbook_template", args=[SLUG]))
    assert response.status_code == 200
    return response.content


def partner_changes(user, field: str, value: str, code: str = "HBC", service: str = "Finance") -> None:
    """A partner officer changes one of their council's figures on the baselines grid (its write service)."""
    held = baseline(code, service)
    baseline_update(
        council=held.council,
        service=Service.objects.get(pk=held.service_id),
        year=2011,
        field=field,
        value=Decimal(value),
        expected_version=held.version,
        user=user,
    )


def test_a_workbook_downloaded_before_a_partners_change_applies_only_your_change(client, dbc_officer, hbc_officer):
    content = download(client, dbc_officer)
    partner_changes(hbc_officer, "net_budget", "1200000")
    row = find_row(content, "Baselines", council_code="DBC", service="Finance")
    old = baseline("DBC").net_budget
    _, upload = upload_page(client, edit(content, {"Baselines": {f"F{row}": 1234567}}), slug=SLUG)
    page = text(preview_page(client, upload))
    assert "Check the changes" in page and "1 figure changed" in page
    assert f"{row} DBC · Finance · 2011/12 Net budget £{old:,.0f} → £1,234,567" in page
    assert f"Figures changed since you downloaded this workbook {IGNORED}" in page
    assert page.count(IGNORED) == 1  # once, however many of Hartlepool's rows
    assert "Confirm and apply 1 change" in page
    assert "Workbook applied: 1 figure changed." in text(confirm_page(client, upload))
    assert baseline("DBC").net_budget == Decimal("1234567.00")
    assert baseline("HBC").net_budget == Decimal("1200000.00")  # Hartlepool's new figure kept


def test_a_partner_row_brought_up_to_date_by_hand_is_no_change(client, dbc_officer, hbc_officer):
    content = download(client, dbc_officer)
    partner_changes(hbc_officer, "net_budget", "1200000")
    hbc = find_row(content, "Baselines", council_code="HBC", service="Finance")
    _, upload = upload_page(client, edit(content, {"Baselines": {f"F{hbc}": 1200000}}), slug=SLUG)
    page = text(preview_page(client, upload))
    assert "Nothing to change: the workbook matches the figures already held." in page
    assert IGNORED not in page


def test_a_partners_cell_changed_in_the_workbook_is_refused_at_that_cell_with_both_values(client, dbc_officer):
    content = download(client, dbc_officer)
    hbc = find_row(content, "Baselines", council_code="HBC", service="Finance")
    gross = baseline("HBC").gross_budget
    before = snapshot()
    _, upload = upload_page(client, edit(content, {"Baselines": {f"E{hbc}": 1234567}}), slug=SLUG)
    page = text(preview_page(client, upload))
    assert "There is a problem in the workbook" in page
    assert (
        f"Baselines!E{hbc}: Hartlepool Borough Council's Finance gross budget for 2011/12 is £1,234,567 here but "
        f"£{gross:,.0f} in the appraisal; {THEIRS}. Put back £{gross:,.0f} or leave the row as you downloaded it."
    ) in page
    assert "Confirm" not in page
    assert "cannot be applied" in text(confirm_page(client, upload))
    assert snapshot() == before


def test_a_changed_cell_in_a_row_the_partner_changed_since_is_refused_at_that_cell(client, dbc_officer, hbc_officer):
    content = download(client, dbc_officer)
    partner_changes(hbc_officer, "net_budget", "1200000")
    hbc = find_row(content, "Baselines", council_code="HBC", service="Finance")
    fte = baseline("HBC").fte
    _, upload = upload_page(client, edit(content, {"Baselines": {f"G{hbc}": 99}}), slug=SLUG)
    page = text(preview_page(client, upload))
    assert "There is a problem in the workbook" in page  # only the FTE cell: the net budget is as downloaded
    assert (
        f"Baselines!G{hbc}: Hartlepool Borough Council's Finance FTE for 2011/12 is 99 here but "
        f"{fte.normalize():f} in the appraisal; {THEIRS}."
    ) in page
    assert baseline("HBC").net_budget == Decimal("1200000.00")


def test_a_changed_cell_the_partner_changed_too_names_the_downloaded_figure(client, dbc_officer, hbc_officer):
    content = download(client, dbc_officer)
    hbc = find_row(content, "Baselines", council_code="HBC", service="Finance")
    then = baseline("HBC").net_budget
    partner_changes(hbc_officer, "net_budget", "1200000")
    _, upload = upload_page(client, edit(content, {"Baselines": {f"F{hbc}": 5}}), slug=SLUG)
    page = text(preview_page(client, upload))
    assert (
        f"Baselines!F{hbc}: Hartlepool Borough Council's Finance net budget for 2011/12 is £5 here but £1,200,000 in "
        f"the appraisal (£{then:,.0f} when you downloaded this workbook); {THEIRS}. Put back £{then:,.0f}, as you "
        "downloaded it."
    ) in page


def test_the_preview_names_the_columns_in_words(client, dbc_officer):
    content = download(client, dbc_officer)
    row = find_row(content, "Baselines", council_code="DBC", service="Finance")
    changed = edit(
        content,
        {"Baselines": {f"E{row}": 1, f"F{row}": 2, f"G{row}": 3, f"H{row}": 4}, "Savings": {"B2": 5, "C2": 6}},
    )
    _, upload = upload_page(client, changed, slug=SLUG)
    response = preview_page(client, upload)
    page = text(response)
    for label, new in (("Gross budget", "£1"), ("Net budget", "£2"), ("FTE", "3"), ("Third-party spend", "£4")):
        assert f"DBC · Finance · 2011/12 {label} " in page and f"→ {new}" in page
    assert "Minimum saving" in page and "Maximum saving" in page
    html = response.content.decode()
    for name in ("gross_budget", "net_budget", "third_party_spend", ">fte<", "min_saving", "max_saving"):
        assert name not in html


def test_an_appraisal_row_downloaded_before_an_admin_renamed_it_is_ignored(client, dbc_officer, dh_appraisal):
    content = download(client, dbc_officer)
    title = dh_appraisal.title
    Appraisal.objects.filter(pk=dh_appraisal.pk).update(title="Darlington and Hartlepool: the review")
    row = find_row(content, "Baselines", council_code="DBC", service="Finance")
    _, upload = upload_page(client, edit(content, {"Baselines": {f"F{row}": 7}}), slug=SLUG)
    page = text(preview_page(client, upload))
    assert "1 figure changed" in page
    assert (
        "The appraisal's title or years changed after you downloaded this workbook; your copy's older ones are ignored."
    ) in page
    assert "Workbook applied: 1 figure changed." in text(confirm_page(client, upload))
    assert Appraisal.objects.get(pk=dh_appraisal.pk).title == "Darlington and Hartlepool: the review" != title


def test_an_appraisal_title_changed_in_the_workbook_is_refused_with_both_titles(client, dbc_officer, dh_appraisal):
    content = download(client, dbc_officer)
    _, upload = upload_page(client, edit(content, {"Appraisal": {"A2": "Our review"}}), slug=SLUG)
    page = text(preview_page(client, upload))
    assert (
        f"Appraisal!A2: the appraisal's title is 'Our review' here but '{dh_appraisal.title}' in Appraise; only a "
        f"programme admin can change it. Put back '{dh_appraisal.title}' or leave the row as you downloaded it."
    ) in page


def without_download_sheet(content: bytes) -> bytes:
    """The workbook as a person might make it by hand, or as downloaded before issue 16: no record of what it showed."""
    wb = load_workbook(io.BytesIO(content))
    del wb[downloaded.SHEET]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_workbook_without_the_download_record_imports_as_before(client, dbc_officer, hbc_officer):
    content = without_download_sheet(download(client, dbc_officer))
    row = find_row(content, "Baselines", council_code="DBC", service="Finance")
    _, upload = upload_page(client, edit(content, {"Baselines": {f"F{row}": 1234567}}), slug=SLUG)
    assert "Workbook applied: 1 figure changed." in text(confirm_page(client, upload))
    assert baseline("DBC").net_budget == Decimal("1234567.00")


def test_a_workbook_without_the_download_record_refuses_a_partners_changed_row_at_its_cell(
    client, dbc_officer, hbc_officer
):
    content = without_download_sheet(download(client, dbc_officer))
    hbc = find_row(content, "Baselines", council_code="HBC", service="Finance")
    then = baseline("HBC").net_budget
    partner_changes(hbc_officer, "net_budget", "1200000")
    before = snapshot()
    _, upload = upload_page(client, content, slug=SLUG)
    page = text(preview_page(client, upload))
    assert (
        f"Baselines!F{hbc}: Hartlepool Borough Council's Finance net budget for 2011/12 is £{then:,.0f} here but "
        f"£1,200,000 in the appraisal; {THEIRS}. Put back £1,200,000."
    ) in page
    assert IGNORED not in page
    confirm_page(client, upload)
    assert snapshot() == before


def test_a_partners_row_changed_in_the_hidden_sheet_too_is_ignored_never_written(client, dbc_officer):
    content = download(client, dbc_officer)
    hbc = find_row(content, "Baselines", council_code="HBC", service="Finance")
    held = baseline("HBC")
    wb = load_workbook(io.BytesIO(content))
    wb["Baselines"][f"F{hbc}"] = 5
    key = downloaded.baseline_key("HBC", held.service.cluster.name, "Finance", 2011)
    (kept,) = [r for r in wb[downloaded.SHEET].iter_rows(min_row=2) if r[0].value == key]
    kept[2].value = "5.00"  # the net budget as "downloaded"
    out = io.BytesIO()
    wb.save(out)
    _, upload = upload_page(client, out.getvalue(), slug=SLUG)
    page = text(preview_page(client, upload))
    assert "Nothing to change: the workbook matches the figures held, but for those changed since its download." in page
    assert IGNORED in page
    assert baseline("HBC").net_budget == held.net_budget


def test_what_the_download_showed_is_kept_with_the_upload(client, dbc_officer):
    content = download(client, dbc_officer)
    _, upload = upload_page(client, content, slug=SLUG)
    parsed = parsed_loads(bytes(upload.content))
    dbc = baseline("DBC")
    key = downloaded.baseline_key("DBC", dbc.service.cluster.name, "Finance", 2011)
    assert parsed.downloaded[key] == (dbc.gross_budget, dbc.net_budget, dbc.fte, dbc.third_party_spend)
    assert parsed.downloaded[downloaded.deficit_key("HBC", 2014)] == (Decimal("12100000.00"),)
    parsed.downloaded = None
    assert parsed_loads(parsed_dumps(parsed)).downloaded is None
    # An upload stored before issue 16 has no "downloaded" at all: it previews as a workbook made by hand.
    stored = bytes(upload.content)
    payload = json.loads(zlib.decompress(stored[len(MAGIC) :]))
    del payload["downloaded"]
    older = MAGIC + zlib.compress(json.dumps(payload).encode())
    assert parsed_loads(older).downloaded is None
