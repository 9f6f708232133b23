"""Every change says where it came from: the page (or command) that made it is the History page's "Source"."""

import io

import pytest
from django.core.management import call_command
from django.urls import get_resolver, resolve, reverse

from appraisal.models import Scenario
from appraise.change_sources import SOURCES, source_for
from councils.models import Council
from councils.services import user_role_set
from services.models import Baseline
from tests.helpers.grid import CELL, HTMX, cell_data, hr
from tests.history.test_history import HISTORY, SLUG, history_rows
from tests.report.conftest import edit_form
from tests.workbook.conftest import confirm_page, edit, export_workbook, find_row, upload_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, django_user_model, dh_appraisal):
    user = django_user_model.objects.create_user("dbc-officer", password="pw", first_name="Di", last_name="Bell")
    user_role_set(user=user, role="officer", council=Council.objects.get(code="DBC"))
    client.force_login(user)
    return client


def newest(client) -> list[str]:
    return history_rows(client.get(HISTORY))[0][1:]


@pytest.mark.parametrize("hx", [False, True])
def test_a_grid_edit_is_listed_as_from_the_baselines_grid(officer, hx):
    officer.post(CELL, cell_data(hr("DBC"), "net_budget", "1,000"), **(HTMX if hx else {}))
    who, what, change = newest(officer)
    assert who == "Di Bell Source: Baselines grid"
    assert what == "Baseline DBC · Corporate Services · HR · 2011/12 Net budget" and change.endswith("→ £1,000")


def test_a_workbook_upload_is_listed_as_from_the_workbook_upload(officer, dh_appraisal):
    content = export_workbook(appraisal=dh_appraisal)
    row = find_row(content, "Baselines", council_code="DBC", service="Finance")
    _, upload = upload_page(officer, edit(content, {"Baselines": {f"F{row}": "£1,234,567"}}), slug=SLUG)
    assert "Workbook applied" in confirm_page(officer, upload).content.decode()
    assert Baseline.objects.get(council__code="DBC", service__name="Finance", year=2011).net_budget == 1234567
    rows = history_rows(officer.get(HISTORY))
    assert ["Di Bell Source: Workbook upload", "Baseline DBC · Corporate Services · Finance · 2011/12 Net budget"] in [
        r[1:3] for r in rows
    ]


def test_a_scenario_editor_edit_is_listed_as_from_the_scenario_editor(officer):
    low = Scenario.objects.get(name="Low")
    url = reverse("scenario_rate_update", args=[SLUG, low.pk, "discount-rate"])
    officer.post(url, {"was-value": "3.50", "value": "6%"}, **HTMX)
    assert newest(officer) == ["Di Bell Source: Scenario editor", "Scenario Low Discount rate", "3.5% → 6%"]


def test_a_report_edit_is_listed_as_from_the_cabinet_report_editor(officer, dh_appraisal):
    form = edit_form(dh_appraisal, purpose="To ask Cabinet to agree the plan.")
    assert officer.post(reverse("cabinet_report_edit", args=[SLUG]), form).status_code == 302
    rows = history_rows(officer.get(HISTORY))
    assert rows[0][1] == "Di Bell Source: Cabinet report editor" and rows[0][2].startswith("Cabinet report")
    assert "Source: Cabinet report editor" in officer.get(HISTORY, {"kind": "report"}).content.decode()


def test_the_admin_pages_record_administration():
    assert source_for(resolve(reverse("admin:index"))) == "Administration"
    assert source_for(resolve(reverse("admin:councils_fundingdeficit_changelist"))) == "Administration"


def test_a_page_that_makes_no_change_records_no_source():
    assert source_for(resolve(HISTORY)) == ""
    assert source_for(None) == ""


def test_every_route_the_table_names_exists():
    """A renamed route would silently lose its source: the table must only name routes the site has."""
    names = {name for name in get_resolver().reverse_dict if isinstance(name, str)}
    assert set(SOURCES) - {"admin"} <= names


def test_a_request_leaves_no_source_behind(officer):
    from appraise.writes import current_change_source

    officer.post(CELL, cell_data(hr("DBC"), "net_budget", "1,000"))
    assert current_change_source() == ""


def test_a_workbook_imported_from_the_command_line_is_listed_as_from_the_command_line(officer, dh_appraisal, tmp_path):
    content = export_workbook(appraisal=dh_appraisal)
    row = find_row(content, "Baselines", council_code="DBC", service="Finance")
    path = tmp_path / "figures.xlsx"
    path.write_bytes(edit(content, {"Baselines": {f"F{row}": "£1,234,567"}}))
    call_command("import_workbook", str(path), "--appraisal", SLUG, stdout=io.StringIO())
    rows = [r[1:3] for r in history_rows(officer.get(HISTORY))]
    assert ["System Source: Command line", "Baseline DBC · Corporate Services · Finance · 2011/12 Net budget"] in rows


# Routes that change nothing audited, so record no source. A new route that saves must be added to SOURCES instead.
CHANGE_NOTHING = {
    "home", "login", "logout", "healthz", "appraisal_detail", "appraisal_history", "workbook_export",
    "workbook_template", "cabinet_report_pdf_status", "cabinet_report_pdf_download", "monitoring_report",
    "appraisal_simulation", "outturn_council_search",
}  # fmt: skip


def test_every_route_has_a_source_or_is_known_to_change_nothing():
    names = {name for name in get_resolver().reverse_dict if isinstance(name, str)}
    unlisted = names - set(SOURCES) - CHANGE_NOTHING
    assert not unlisted, f"add these routes to SOURCES in appraise/change_sources.py, with their page: {unlisted}"
