"""Editing the report's settings and text: officers and admins edit, members read, outsiders see nothing;
a stale edit is refused with who changed it; every save is audited."""

import pytest
from django.urls import reverse

from appraisal.models import CabinetReport
from appraisal.report.selectors import cabinet_report_data
from appraisal.report.services import cabinet_report_update
from tests.report.conftest import SLUG, pdf_text
from tests.report.conftest import edit_form as _form

pytestmark = pytest.mark.django_db
URL = reverse("cabinet_report_edit", args=[SLUG])


def test_an_officer_sees_the_generated_text_ready_to_change(user_with):
    client, _ = user_with("officer")
    r = client.get(URL)
    html = r.content.decode()
    assert r.status_code == 200
    assert "Integrating services would save between £5.4m and £8.4m a year, closing 23.9% to 37.2% of the" in html
    assert html.count("Generated from the figures") == 10


def test_the_meeting_date_is_in_the_date_box_as_the_browser_reads_it(user_with):
    # A date box only takes an ISO date: "08/08/2011" (the locale's format) would show it empty, and saving
    # would then clear the date.
    client, _ = user_with("officer")
    html = client.get(URL).content.decode()
    assert 'type="date" name="meeting_date" value="2011-08-08"' in html


def test_saving_the_cover_and_a_section_shows_in_the_report_and_is_audited(user_with, dh_appraisal):
    client, officer = user_with("officer", "dbc-officer")
    form = _form(dh_appraisal, author="Paul Wildsmith", contact="01325 388000", directors="Paul Wildsmith, Director",
                 cabinet_members="Councillor Don Bristow, Resources", purpose="To ask Cabinet to agree the plan.",
                 is_final="on")  # fmt: skip
    r = client.post(URL, form)
    assert r.status_code == 302 and r.url == URL
    report = CabinetReport.objects.get(appraisal=dh_appraisal)
    assert report.author == "Paul Wildsmith" and report.is_final and report.version == 1
    assert report.purpose == "To ask Cabinet to agree the plan."
    assert report.summary == ""  # left as generated: it keeps following the figures
    created = report.history.earliest()
    assert created.history_user == officer and created.history_type == "+"
    # The scenarios ticked to compare are recorded too, by the same officer (django-simple-history's m2m record).
    assert {r.history_user for r in report.history.all()} == {officer}
    assert list(report.compared_scenarios.values_list("name", flat=True)) == ["Low", "High"]
    page = client.get(URL).content.decode()
    assert "Saved the cabinet report." in page and "Changed by an officer" in page
    text = pdf_text(client.get(reverse("cabinet_report_pdf", args=[SLUG])).content)
    assert "To ask Cabinet to agree the plan." in text and "Councillor Don Bristow, Resources" in text
    assert "DRAFT" not in text


def test_going_back_to_the_generated_text(user_with, dh_appraisal):
    client, _ = user_with("officer")
    client.post(URL, _form(dh_appraisal, risk="Our own risk text."))
    report = CabinetReport.objects.get(appraisal=dh_appraisal)
    assert report.risk == "Our own risk text."
    r = client.post(URL, _form(dh_appraisal, risk="Our own risk text.", reset_risk="on"))
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.risk == "" and report.version == 2
    assert report.history.count() == 3  # created, its compared scenarios recorded, then the reset


def test_markdown_is_sanitised(user_with, dh_appraisal):
    client, _ = user_with("officer")
    client.post(URL, _form(dh_appraisal, legal='Section 101.<script>alert("x")</script>\n\n1. one\n    1. sub-point'))
    html = client.get(reverse("cabinet_report", args=[SLUG])).content.decode()
    assert "<script>" not in html and "alert(" not in html
    assert "<ol>\n<li>one<ol>\n<li>sub-point</li>" in html


def test_wrong_answers_are_listed_at_the_top_and_beside_the_fields_and_nothing_is_saved(user_with, dh_appraisal):
    client, _ = user_with("officer")
    r = client.post(URL, _form(dh_appraisal, title="", meeting_date="31/02/2011"))
    html = r.content.decode()
    assert r.status_code == 200
    assert "There is a problem" in html
    assert '<a href="#id_title">Title of the report: This field is required.</a>' in html
    assert "Enter the date of the meeting as a real date, like 2011-08-08" in html
    assert html.count('class="error-message"') == 2
    assert not CabinetReport.objects.exists()


def test_more_than_four_compared_scenarios_are_refused(user_with, dh_appraisal):
    from appraisal.models import Scenario

    low = dh_appraisal.scenarios.get(name="Low")
    ids = [str(s.pk) for s in dh_appraisal.scenarios.all()]
    for i in range(3):
        copy = Scenario.objects.create(
            appraisal=dh_appraisal, name=f"Copy {i}", first_year=low.first_year, status=Scenario.Status.SHOWN
        )
        ids.append(str(copy.pk))
    client, _ = user_with("officer")
    form = _form(dh_appraisal)
    form["compared_scenarios"] = ids
    html = client.post(URL, form).content.decode()
    assert "Choose at most 4 scenarios to compare" in html
    assert not CabinetReport.objects.exists()


def test_a_colleagues_save_in_between_is_not_overwritten(user_with, dh_appraisal, django_user_model):
    client, _ = user_with("officer")
    stale_form = _form(dh_appraisal, author="Me")
    colleague = django_user_model.objects.create_user("hbc-officer", first_name="Hilda", last_name="Brown")
    generated = {k: s.generated for k, s in cabinet_report_data(appraisal=dh_appraisal).sections.items()}
    cabinet_report_update(appraisal=dh_appraisal, values={"author": "Hilda Brown"}, compared_ids=[],
                          generated=generated, expected_version=0, user=colleague)  # fmt: skip
    r = client.post(URL, stale_form)
    html = r.content.decode()
    assert r.status_code == 409
    assert "Changed by Hilda Brown at" in html and "Your changes are not saved" in html
    assert CabinetReport.objects.get().author == "Hilda Brown"
    assert 'value="Me"' in html  # what the officer typed is kept
    # Saving again, having seen the colleague's version, goes through.
    again = {**stale_form, "version": "1"}
    assert client.post(URL, again).status_code == 302
    assert CabinetReport.objects.get().author == "Me"


def test_members_read_the_report_but_cannot_edit_it(user_with, dh_appraisal):
    client, _ = user_with("member")
    assert client.get(reverse("cabinet_report", args=[SLUG])).status_code == 200
    assert client.get(URL).status_code == 403
    assert client.post(URL, _form(dh_appraisal, author="X")).status_code == 403
    assert not CabinetReport.objects.exists()


def test_outsiders_get_not_found(user_with, dh_appraisal):
    client, _ = user_with("outsider")
    assert client.get(URL).status_code == 404
    assert client.post(URL, _form(dh_appraisal)).status_code == 404


def test_the_edit_page_refuses_other_methods(user_with):
    client, _ = user_with("officer")
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405


def test_a_programme_admin_edits_too(user_with, dh_appraisal):
    client, _ = user_with("admin")
    assert client.post(URL, _form(dh_appraisal, author="Admin")).status_code == 302
