"""No lost updates: a workbook downloaded before a colleague changed one of the figures the uploader may change (their
own council's, or any as a programme admin) keeps the colleague's figure where the workbook still shows it as
downloaded, with a notice, and refuses a cell both changed at that cell with the three values (planner.py
since_download)."""

from decimal import Decimal

import pytest

from appraisal.baselines.services import savings_range_set
from appraisal.models import Appraisal, SavingsRange
from appraisal.workbook import downloaded
from appraisal.workbook.plan.planner import since_download
from appraisal.workbook.stored import parsed_loads
from councils.models import Council, FundingDeficit
from councils.services import CouncilBudgets, councils_bulk_update, funding_deficit_set, user_role_set
from services.models import Baseline, Service
from services.services import baseline_update
from tests.helpers.html import text

from .conftest import confirm_page, edit, find_row, preview_page, snapshot, upload_page
from .test_forgiving_imports import SLUG, download, without_download_sheet

pytestmark = pytest.mark.django_db
KEPT = "Figures changed since you downloaded this workbook"


@pytest.fixture
def colleague(django_user_model, dh_appraisal):
    """A second Darlington officer, who changes figures on the pages while the first has the workbook open."""
    user = django_user_model.objects.create_user("dbc-officer-2", password="pw", first_name="Olu", last_name="Officer")
    user_role_set(user=user, role="officer", council=Council.objects.get(code="DBC"))
    return user


def baseline(service: str, code: str = "DBC") -> Baseline:
    return Baseline.objects.get(council__code=code, service__name=service, year=2011)


def colleague_changes(user, service: str, field: str, value: str, code: str = "DBC") -> None:
    """The colleague changes one figure on the baselines grid (its write service)."""
    held = baseline(service, code)
    baseline_update(
        council=held.council,
        service=Service.objects.get(pk=held.service_id),
        year=2011,
        field=field,
        value=Decimal(value),
        expected_version=held.version,
        user=user,
    )


def a_stale_upload(client, uploader, colleague, changes) -> tuple[str, object, Decimal]:
    """The uploader downloads; the colleague sets Darlington's HR net budget to £1,250,000; the uploader uploads the
    copy with `changes` (a function of the workbook, giving its cells to set). The preview's text, the upload and the
    HR net budget as downloaded."""
    content = download(client, uploader)
    then = baseline("HR").net_budget
    colleague_changes(colleague, "HR", "net_budget", "1250000")
    client.force_login(uploader)
    _, upload = upload_page(client, edit(content, changes(content)), slug=SLUG)
    return text(preview_page(client, upload)), upload, then


def fte_changed(content: bytes) -> dict:
    row = find_row(content, "Baselines", council_code="DBC", service="Finance")
    return {"Baselines": {f"G{row}": 12.5}}


def kept_notice(then: Decimal) -> str:
    return (
        "Darlington Borough Council's HR net budget for 2011/12 was changed to £1,250,000 after you downloaded this "
        f"workbook (by Olu Officer); your copy's older £{then:,.0f} is ignored and the new figure kept."
    )


def test_a_colleagues_change_since_the_download_is_kept_and_only_your_change_applied(client, dbc_officer, colleague):
    fte = baseline("Finance").fte
    page, upload, then = a_stale_upload(client, dbc_officer, colleague, fte_changed)
    assert "Check the changes" in page and "1 figure changed" in page
    assert f"DBC · Finance · 2011/12 FTE {fte.normalize():f} → 12.5" in page
    assert "DBC · HR" not in page  # the colleague's figure is not listed as a change
    assert f"{KEPT} {kept_notice(then)}" in page
    assert page.count("HR net budget") == 1
    assert "Confirm and apply 1 change" in page
    assert "Workbook applied: 1 figure changed." in text(confirm_page(client, upload))
    assert baseline("HR").net_budget == Decimal("1250000.00")  # the colleague's figure kept
    assert baseline("Finance").fte == Decimal("12.50")  # yours saved


def test_a_cell_you_and_a_colleague_both_changed_is_refused_at_that_cell_with_the_three_values(
    client, dbc_officer, colleague
):
    def hr_changed(content):
        return {"Baselines": {f"F{find_row(content, 'Baselines', council_code='DBC', service='HR')}": 1300000}}

    page, upload, then = a_stale_upload(client, dbc_officer, colleague, hr_changed)
    row = find_row(download(client, dbc_officer), "Baselines", council_code="DBC", service="HR")
    assert "There is a problem in the workbook" in page
    assert (
        f"Baselines!F{row}: Darlington Borough Council's HR net budget for 2011/12 is £1,300,000 here, but Olu Officer "
        f"changed it to £1,250,000 in the appraisal after you downloaded this workbook (it was £{then:,.0f} then). "
        "Check with Olu Officer and type the figure you agree, or put back £1,250,000 to keep theirs."
    ) in page
    assert "Confirm" not in page
    before = snapshot()
    assert "cannot be applied" in text(confirm_page(client, upload))
    assert snapshot() == before
    assert baseline("HR").net_budget == Decimal("1250000.00")


def test_the_same_figure_typed_by_you_and_a_colleague_is_no_change_and_no_problem(client, dbc_officer, colleague):
    def hr_agreed(content):
        return {"Baselines": {f"F{find_row(content, 'Baselines', council_code='DBC', service='HR')}": 1250000}}

    page, _, _ = a_stale_upload(client, dbc_officer, colleague, hr_agreed)
    assert "Nothing to change: the workbook matches the figures already held." in page
    assert KEPT not in page


def test_a_workbook_without_the_download_sheet_puts_back_its_figures_as_before(client, dbc_officer, colleague):
    content = without_download_sheet(download(client, dbc_officer))
    then = baseline("HR").net_budget
    colleague_changes(colleague, "HR", "net_budget", "1250000")
    client.force_login(dbc_officer)
    _, upload = upload_page(client, edit(content, fte_changed(content)), slug=SLUG)
    page = text(preview_page(client, upload))
    assert "2 figures changed" in page
    assert f"DBC · HR · 2011/12 Net budget £1,250,000 → £{then:,.0f}" in page  # nothing says it is stale
    assert KEPT not in page
    assert "Workbook applied: 2 figures changed." in text(confirm_page(client, upload))
    assert baseline("HR").net_budget == then


def test_an_admins_upload_keeps_a_colleagues_change_too(client, admin_user, colleague):
    fte = baseline("Finance").fte
    page, upload, then = a_stale_upload(client, admin_user, colleague, fte_changed)
    assert "1 figure changed" in page
    assert f"DBC · Finance · 2011/12 FTE {fte.normalize():f} → 12.5" in page
    assert f"{KEPT} {kept_notice(then)}" in page
    assert "Workbook applied: 1 figure changed." in text(confirm_page(client, upload))
    assert baseline("HR").net_budget == Decimal("1250000.00")
    assert baseline("Finance").fte == Decimal("12.50")


def test_figures_kept_for_one_council_are_named_in_one_notice(client, dbc_officer, colleague):
    content = download(client, dbc_officer)
    colleague_changes(colleague, "HR", "net_budget", "1250000")
    colleague_changes(colleague, "ICT", "fte", "40")
    client.force_login(dbc_officer)
    _, upload = upload_page(client, edit(content, fte_changed(content)), slug=SLUG)
    page = text(preview_page(client, upload))
    assert "2 of these figures were changed after you downloaded this workbook" in page
    assert "Darlington Borough Council's HR net budget for 2011/12: £1,250,000 (by Olu Officer), was £" in page
    assert "Darlington Borough Council's ICT FTE for 2011/12: 40 (by Olu Officer), was " in page
    assert page.count("were changed after you downloaded") == 1
    confirm_page(client, upload)
    assert (baseline("HR").net_budget, baseline("ICT").fte) == (Decimal("1250000.00"), Decimal("40.00"))


def test_a_deficit_a_colleague_changed_since_is_kept(client, dbc_officer, colleague):
    content = download(client, dbc_officer)
    council = Council.objects.get(code="DBC")
    deficit = FundingDeficit.objects.filter(council=council).order_by("year").last()
    then = deficit.amount
    funding_deficit_set(council=council, year=deficit.year, amount=Decimal("11000000"), user=colleague)
    client.force_login(dbc_officer)
    _, upload = upload_page(client, edit(content, fte_changed(content)), slug=SLUG)
    page = text(preview_page(client, upload))
    year = f"{deficit.year}/{(deficit.year + 1) % 100:02d}"
    assert (
        f"Darlington Borough Council's funding deficit for {year} was changed to £11,000,000 after you downloaded this "
        f"workbook (by Olu Officer); your copy's older £{then:,.0f} is ignored and the new figure kept."
    ) in page
    assert "1 figure changed" in page
    confirm_page(client, upload)
    assert FundingDeficit.objects.get(pk=deficit.pk).amount == Decimal("11000000.00")


def test_a_council_budget_another_admin_changed_since_is_kept(client, admin_user, django_user_model, dh_appraisal):
    other = django_user_model.objects.create_superuser("other-admin", "o@example.org", "pw")
    content = download(client, admin_user)
    council = Council.objects.get(code="HBC")
    then = council.net_revenue_budget
    councils_bulk_update(budgets=[CouncilBudgets(council.id, Decimal("84000000"), council.gross_budget)], user=other)
    client.force_login(admin_user)
    _, upload = upload_page(client, edit(content, fte_changed(content)), slug=SLUG)
    page = text(preview_page(client, upload))
    assert (
        "Hartlepool Borough Council's net revenue budget was changed to £84,000,000 after you downloaded this "
        f"workbook (by other-admin); your copy's older £{then:,.0f} is ignored and the new figure kept."
    ) in page
    confirm_page(client, upload)
    assert Council.objects.get(pk=council.pk).net_revenue_budget == Decimal("84000000.00")


def test_a_savings_range_a_colleague_changed_since_is_kept(client, dbc_officer, colleague, dh_appraisal):
    content = download(client, dbc_officer)
    held = SavingsRange.objects.filter(appraisal=dh_appraisal).select_related("cluster").order_by("cluster__position")
    held = held.first()
    savings_range_set(
        appraisal=dh_appraisal,
        cluster=held.cluster,
        min_saving=held.min_saving,
        max_saving=held.max_saving + 1000,
        user=colleague,
    )
    client.force_login(dbc_officer)
    _, upload = upload_page(client, edit(content, fte_changed(content)), slug=SLUG)
    page = text(preview_page(client, upload))
    assert (
        f"{held.cluster.name}'s maximum saving was changed to £{held.max_saving + 1000:,.0f} after you downloaded this "
        f"workbook (by Olu Officer); your copy's older £{held.max_saving:,.0f} is ignored and the new figure kept."
    ) in page
    assert "1 figure changed" in page
    confirm_page(client, upload)
    assert SavingsRange.objects.get(pk=held.pk).max_saving == held.max_saving + 1000


# --- The rule itself, pure -------------------------------------------------------------------------------------------


def test_since_download_keeps_a_figure_left_as_downloaded_that_changed_since():
    found = since_download({"a": 1, "b": 5}, {"a": 2, "b": 3}, {"a": 1, "b": 3})
    assert (found.wanted, found.kept, found.conflicts) == ({"a": None, "b": 5}, ("a",), ())


def test_since_download_refuses_a_figure_changed_on_both_sides_unless_they_agree():
    found = since_download({"a": 4, "b": 2}, {"a": 2, "b": 2}, {"a": 1, "b": 1})
    assert (found.wanted, found.kept, found.conflicts) == ({"a": 4, "b": 2}, (), ("a",))


def test_since_download_changes_nothing_without_a_record_or_for_a_row_not_held():
    for held, then in (({"a": 2}, None), (None, {"a": 1})):
        found = since_download({"a": 1}, held, then)
        assert (found.wanted, found.kept, found.conflicts) == ({"a": 1}, (), ())
    blank = since_download({"a": None}, {"a": 2}, {"a": 1})
    assert (blank.wanted, blank.kept, blank.conflicts) == ({"a": None}, (), ())


def test_an_appraisal_title_another_admin_changed_since_is_kept(client, admin_user, dh_appraisal):
    content = download(client, admin_user)
    then = dh_appraisal.title
    Appraisal.objects.filter(pk=dh_appraisal.pk).update(title="Darlington and Hartlepool: the review")
    _, upload = upload_page(client, edit(content, fte_changed(content)), slug=SLUG)
    page = text(preview_page(client, upload))
    assert (
        "The appraisal's title was changed to 'Darlington and Hartlepool: the review' after you downloaded this "
        f"workbook; your copy's older '{then}' is ignored and the new one kept."
    ) in page
    assert "1 figure changed" in page
    confirm_page(client, upload)
    assert Appraisal.objects.get(pk=dh_appraisal.pk).title == "Darlington and Hartlepool: the review"


def test_the_download_keeps_the_savings_ranges_it_showed(client, dbc_officer, dh_appraisal):
    content = download(client, dbc_officer)
    _, upload = upload_page(client, content, slug=SLUG)
    parsed = parsed_loads(bytes(upload.content))
    for held in SavingsRange.objects.filter(appraisal=dh_appraisal).select_related("cluster"):
        assert parsed.downloaded[downloaded.savings_key(held.cluster.name)] == (held.min_saving, held.max_saving)
