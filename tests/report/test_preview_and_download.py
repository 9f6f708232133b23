"""The browser preview is the PDF's own HTML; the download is named after the meeting; HTMX shows it working."""

import pytest
from django.urls import reverse

from appraisal.report.render import report_html
from appraisal.report.selectors import cabinet_report_data
from tests.report.conftest import SLUG

pytestmark = pytest.mark.django_db


def test_the_preview_is_the_html_the_pdf_is_made_from(user_with, dh_appraisal):
    client, _ = user_with("member")
    r = client.get(reverse("cabinet_report", args=[SLUG]))
    html = r.content.decode()
    assert r.status_code == 200
    assert '<html lang="en-GB">' in html
    assert "<title>Strategic collaboration between Darlington &amp; Hartlepool Borough Councils</title>" in html
    assert '<meta name="author" content="Darlington Borough Council">' in html
    pdf_html = report_html(cabinet_report_data(appraisal=dh_appraisal), for_pdf=True)
    # The same report body; only the stylesheet is inline and the preview's own toolbar is left out.
    body = html[html.index('<header class="cover">') :]
    assert body == pdf_html[pdf_html.index('<header class="cover">') :]
    assert "Download the PDF" in html and "Download the PDF" not in pdf_html


def test_the_download_is_named_after_the_report_month_and_the_appraisal(user_with):
    client, _ = user_with("officer")
    r = client.get(reverse("cabinet_report_pdf", args=[SLUG]))
    assert r["Content-Disposition"] == 'attachment; filename="2011-08-darlington-hartlepool-cabinet-report.pdf"'
    assert r.content.startswith(b"%PDF-")


def test_htmx_asks_for_the_pdf_and_gets_the_link_to_download_it(user_with):
    client, _ = user_with("member")
    r = client.get(reverse("cabinet_report_pdf", args=[SLUG]), HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200 and r["Content-Type"].startswith("text/html")
    assert "The cabinet report is ready" in html
    assert 'download="2011-08-darlington-hartlepool-cabinet-report.pdf"' in html
    assert "<html" not in html


def test_the_dashboard_offers_the_report_with_a_working_indicator_and_a_plain_link(user_with):
    client, _ = user_with("member")
    html = client.get(reverse("appraisal_detail", args=[SLUG])).content.decode()
    url = reverse("cabinet_report_pdf", args=[SLUG])
    # A plain link without JavaScript; not a `download` link, which would save the "being prepared" page as a file.
    assert f'<a href="{url}"\n' in html and f'<a href="{url}" download' not in html
    assert f'hx-get="{url}"' in html and 'hx-indicator="#cabinet-report-preparing"' in html
    assert "Preparing the report…" in html


def test_an_unknown_scenario_is_not_found(user_with):
    client, _ = user_with("member")
    assert client.get(reverse("cabinet_report", args=[SLUG]), {"scenario": "Nonesuch"}).status_code == 404


@pytest.mark.parametrize("name", ["cabinet_report", "cabinet_report_pdf"])
def test_reading_views_refuse_post(user_with, name):
    client, _ = user_with("officer")
    assert client.post(reverse(name, args=[SLUG])).status_code == 405


@pytest.mark.parametrize("name", ["cabinet_report", "cabinet_report_pdf"])
def test_outsiders_do_not_learn_the_report_exists(user_with, name):
    client, _ = user_with("outsider")
    assert client.get(reverse(name, args=[SLUG])).status_code == 404


@pytest.mark.parametrize(("role", "page"), [("officer", "cabinet_report_edit"), ("member", "cabinet_report")])
def test_the_appraisal_menu_leads_officers_to_the_settings_and_members_to_the_report(user_with, role, page):
    client, _ = user_with(role)
    html = client.get(reverse("appraisal_detail", args=[SLUG])).content.decode()
    assert f'<a href="{reverse(page, args=[SLUG])}">Cabinet report</a>' in html


def test_the_report_settings_are_in_the_administration_with_their_history(admin_client, dh_appraisal):
    assert admin_client.get(reverse("admin:appraisal_cabinetreport_changelist")).status_code == 200


@pytest.mark.parametrize(("role", "sees"), [("officer", True), ("member", False)])
def test_the_preview_links_to_the_settings_only_for_those_who_may_edit(user_with, role, sees):
    client, _ = user_with(role)
    html = client.get(reverse("cabinet_report", args=[SLUG])).content.decode()
    assert ("Report settings and text" in html) is sees
