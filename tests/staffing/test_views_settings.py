"""Grades, an option's staff arrangements and consultation checklist, and the councils' on-costs and redundancy
policy on the staffing page (issue 18)."""

from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from appraisal.models import ConsultationStep, Grade
from appraisal.staffing.services import ERR_GRADE_IN_USE
from councils.models import Council

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"
HTMX = {"HTTP_HX_REQUEST": "true"}


def sent(client, name, data, *args):
    r = client.post(reverse(name, args=[SLUG, *args]), data, **HTMX)
    return r, unescape(r.content.decode())


def test_a_grade_is_added_and_changed_in_place(signed_in, grades, option):
    client = signed_in("officer")
    r, html = sent(
        client, "staffing_grade_create", {"name": "Grade 10", "average_age": "44", "average_years_service": "12"}
    )
    grade = Grade.objects.get(name="Grade 10")
    assert "Added the grade “Grade 10” (average age 44, 12 years of service)." in html
    data = {"name": "Grade 10", "average_age": "46", "average_years_service": "12"}
    sent(client, "staffing_grade_update", data, grade.pk)
    grade.refresh_from_db()
    assert grade.average_age == 46


def test_a_grade_with_service_longer_than_working_life_is_refused(signed_in, grades, option):
    data = {"name": "Grade 10", "average_age": "30", "average_years_service": "20"}
    r, html = sent(signed_in("officer"), "staffing_grade_create", data)
    assert "Years of service cannot be more than 14 for someone aged 30 (age − 16)." in html
    assert 'href="#id_grade-new-average_years_service"' in html
    assert not Grade.objects.filter(name="Grade 10").exists()


def test_a_grade_in_use_is_not_removed(signed_in, baseline, grades, option):
    r, html = sent(signed_in("officer"), "staffing_grade_delete", {}, grades["G8"].pk)
    assert ERR_GRADE_IN_USE in html
    assert Grade.objects.filter(pk=grades["G8"].pk).exists()


def test_sharing_leaving_costs_changes_what_the_panel_says(signed_in, proposed, option, councils):
    data = {"host_employer": councils["DBC"].pk, "share_leaving_costs": "1"}
    r, html = sent(signed_in("officer"), "staffing_option_update", data, option.pk)
    option.refresh_from_db()
    assert option.share_leaving_costs and option.host_employer == councils["DBC"]
    assert "The partners share these leaving costs on the option's basis for costs." in html


def test_a_consultation_step_is_recorded_with_its_date_and_note(signed_in, option):
    data = {"done-staff_briefed": "2012-03-14", "note-staff_briefed": "All staff briefing"}
    r, html = sent(signed_in("officer"), "staffing_consultation_update", data, option.pk)
    step = ConsultationStep.objects.get(option=option)
    assert (step.step, step.done_on, step.note) == ("staff_briefed", date(2012, 3, 14), "All staff briefing")
    assert "Saved the staff consultation checklist." in html


def test_an_officer_changes_their_own_councils_policy_and_the_costs_follow(signed_in, baseline, option, councils):
    data = {"employer_ni_pct": "10", "pension_contribution_pct": "30", "redundancy_multiplier": "1.5"}
    r, html = sent(signed_in("officer"), "staffing_council_update", data, councils["DBC"].pk)
    dbc = Council.objects.get(code="DBC")
    assert (dbc.pension_contribution_pct, dbc.redundancy_multiplier) == (30, 1.5)
    assert "£84,000" in html  # the Darlington head of HR's £60,000 + 40% on-costs, swapped in out of band


def test_an_officer_cannot_change_another_councils_policy(signed_in, baseline, option, councils):
    data = {"employer_ni_pct": "0", "pension_contribution_pct": "0", "redundancy_multiplier": "1"}
    r, html = sent(signed_in("officer"), "staffing_council_update", data, councils["HBC"].pk)
    assert r.status_code == 403
    assert Council.objects.get(code="HBC").pension_contribution_pct == 15


def test_an_officer_sees_a_form_for_their_own_council_only(signed_in, baseline, option, councils):
    html = unescape(signed_in("officer").get(reverse("appraisal_staffing", args=[SLUG])).content.decode())
    assert f'id="council-{councils["DBC"].pk}-form"' in html
    assert f'id="council-{councils["HBC"].pk}-form"' not in html


def test_a_second_grade_of_the_same_name_is_refused(signed_in, grades, option):
    data = {"name": "Grade 8", "average_age": "40", "average_years_service": "10"}
    r, html = sent(signed_in("officer"), "staffing_grade_create", data)
    row = html.split('id="grade-new"')[1].split("</tr>")[0]
    assert "This appraisal already has a grade with that name." in row
    assert Grade.objects.filter(name="Grade 8").count() == 1
