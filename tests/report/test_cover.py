"""The report's cover names the people responsible; until they are named it never prints a placeholder."""

import pytest
from django.urls import reverse

from appraisal.report.render import report_html
from appraisal.report.selectors import cabinet_report_data
from councils.models import Council
from councils.services import user_role_set

pytestmark = pytest.mark.django_db


def test_the_pdf_leaves_out_people_not_yet_named_rather_than_printing_a_placeholder(dh_appraisal):
    html = report_html(cabinet_report_data(appraisal=dh_appraisal), for_pdf=True)

    assert "To be confirmed" not in html and "Not named yet" not in html
    assert "Responsible Director(s)" not in html and "Report author" not in html
    assert "Partner councils" in html


def test_the_preview_asks_an_officer_to_name_them_in_the_settings(client, django_user_model, dh_appraisal):
    officer = django_user_model.objects.create_user("dbc-officer", password="pw")
    user_role_set(user=officer, role="officer", council=Council.objects.get(code="DBC"))
    client.force_login(officer)

    html = client.get(reverse("cabinet_report", args=[dh_appraisal.slug])).content.decode()

    settings = reverse("cabinet_report_edit", args=[dh_appraisal.slug])
    for field in ["id_cabinet_members", "id_directors", "id_contact_officer", "id_author"]:
        prompt = f'Not named yet: <a href="{settings}#{field}">name them in the report settings</a>'
        assert html.count(prompt) == 1, field


def test_the_cover_names_the_contact_officer_as_council_reports_do(dh_appraisal):
    """Issue 16 point 9: council reports name a contact officer on the cover (seeds 003 and 004)."""
    from appraisal.models import CabinetReport

    CabinetReport.objects.update_or_create(
        appraisal=dh_appraisal, defaults={"contact_officer": "Paul Wildsmith, Director of Resources, 01325 388017"}
    )
    html = report_html(cabinet_report_data(appraisal=dh_appraisal), for_pdf=True)

    row = '<tr><th scope="row">Contact Officer</th><td>Paul Wildsmith, Director of Resources, 01325 388017</td></tr>'
    assert row in html
