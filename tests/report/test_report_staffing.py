"""Staffing implications in the cabinet report (issue 18; seeds 001 §3.3, 002 §37): the presented option's posts,
savings and leaving costs by council, the host employer (TUPE), the consultation, the pension strain caveat, and
Appendix C of the leavers by council, anonymised; in the preview and in the PDF. The case is worked by hand in
tests/helpers/staffing_case.py."""

import os
import re
from html import unescape

import pytest
from django.urls import reverse

from appraisal.calculations import staffing as staff
from appraisal.models import Appraisal, Post
from appraisal.report import services
from appraisal.report.render import report_html
from appraisal.report.selectors import cabinet_report_data
from councils.models import Council
from councils.services import user_role_set
from tests.demo.conftest import demo, demo_snapshot  # noqa: F401 (fixtures: every fixture load_demo loads)
from tests.helpers.html import cells, fragment
from tests.helpers.staffing_case import CARLISLE, PREFERRED, staffing_case
from tests.report.conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(demo):  # noqa: F811
    return staffing_case()


def preview(client, django_user_model, role="member") -> str:
    user = django_user_model.objects.create_user(f"{role}-ccc", password="pw")
    user_role_set(user=user, role=role, council=Council.objects.get(code="CCC"))
    client.force_login(user)
    response = client.get(reverse("cabinet_report", args=[CARLISLE]))
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_the_section_gives_each_councils_posts_and_money_adding_up(case, client, django_user_model):
    html = preview(client, django_user_model)
    assert "<h2>Staffing implications</h2>" in html
    assert html.index('id="financial"') < html.index('id="staffing"') < html.index('id="legal"')
    assert cells(html, "staffing-posts-table")[1:] == [
        ["Carlisle City Council", "1", "2", "1", "2", "0", "1"],
        ["Allerdale Borough Council", "1", "0", "1", "0", "1", "0"],
        ["Eden District Council", "2", "1", "1.5", "0.5", "1", "0"],
        ["Total", "4", "3", "3.5", "2.5", "2", "1"],
    ]
    assert cells(html, "staffing-costs-table")[1:] == [
        ["Carlisle City Council", "£13,750", "£0", "£0", "£0", "no one-off cost"],
        ["Allerdale Borough Council", "£13,250", "£4,340", "£0", "£4,340", "0.3 years"],
        ["Eden District Council", "£20,500", "£13,020", "£91,837", "£104,857", "5.1 years"],
        ["Total", "£47,500", "£17,360", "£91,837", "£109,197", "2.3 years"],
    ]
    section = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment(html, "staffing")))
    assert (
        f"The {PREFERRED} option replaces today's 4 posts (3.5 FTE) with 3 (2.5 FTE): 2 posts deleted and 1 created, "
        "saving £47,500 a year at full effect, for one-off leaving costs of £109,197 in 2007/08 (redundancy £17,360, "
        "pension strain £91,837)." in section
    )


def test_the_host_the_leaving_costs_the_consultation_and_the_strain_caveat(case, client, django_user_model):
    html = preview(client, django_user_model)
    assert "employed by Carlisle City Council: staff of the other councils transfer to it under TUPE" in html
    costs = fragment(html, "staffing-leaving-costs")
    assert "fall on the council that employs them" in costs
    assert "capped at the statutory limit of £310 a week" in costs
    assert staff.STRAIN_RULE in costs
    consultation = cells(html, "staffing-consultation")
    assert consultation[0] == ["Step", "Done"]
    assert consultation[1:3] == [["Staff briefed on the proposal", "1 March 2007"],
                                 ["Trade unions consulted", "15 March 2007"]]  # fmt: skip
    assert consultation[-1] == ["TUPE consultation with affected staff", "Not yet"]


def test_appendix_c_lists_the_leavers_by_council_by_post_title_and_age_band(case, client, django_user_model):
    html = preview(client, django_user_model)
    assert "<li>Appendix C: Leavers from the new staffing structure</li>" in html
    assert cells(html, "staffing-leavers-table")[1:] == [
        ["Allerdale Borough Council"],
        ["HR manager", "Manager", "45 to 49", "12", "14.0", "£4,340", "£0"],
        ["Eden District Council"],
        ["HR manager", "Manager", "55 to 59", "25", "28.0", "£13,020", "£91,837"],
        ["Total", "", "", "", "", "£17,360", "£91,837"],
    ]


def test_a_host_not_yet_agreed_is_said_and_only_an_editor_gets_the_link_in_the_preview(demo, client, django_user_model):  # noqa: F811
    staffing_case(host=False)
    data = cabinet_report_data(appraisal=Appraisal.objects.get(slug=CARLISLE))
    pdf_html = report_html(data, for_pdf=True, can_edit=True)
    assert "The host employer is not yet agreed: until it is, each council's staff stay with their own council." in (
        unescape(pdf_html)
    )
    assert "Set the host employer" not in pdf_html
    assert "Set the host employer" in report_html(data, for_pdf=False, can_edit=True)
    assert "Set the host employer" not in preview(client, django_user_model)


def test_a_report_without_posts_has_no_staffing_section_nor_appendix_c(demo, client, django_user_model):  # noqa: F811
    staffing_case()
    Post.objects.filter(appraisal__slug=CARLISLE).delete()
    html = preview(client, django_user_model)
    assert 'id="staffing"' not in html and "Appendix C" not in html


def test_the_pdf_holds_the_staffing_implications_and_appendix_c(case, tmp_path):
    """One render. APPRAISE_KEEP_PDF=path keeps it, to look at its pages."""
    pdf = services.html_to_pdf(report_html(cabinet_report_data(appraisal=case), for_pdf=True))
    if os.environ.get("APPRAISE_KEEP_PDF"):
        with open(os.environ["APPRAISE_KEEP_PDF"], "wb") as out:
            out.write(pdf)
    text = " ".join(pdf_text(pdf).split())
    for words in ["Staffing implications", "Posts and FTE before and after the new structure, by employing council",
                  "Eden District Council £20,500 £13,020 £91,837 £104,857 5.1 years",
                  "Total £47,500 £17,360 £91,837 £109,197 2.3 years",
                  "transfer to it under TUPE", "Pension strain is an estimate",
                  "Appendix C: Leavers from the new staffing structure",
                  "HR manager Manager 55 to 59 25 28.0 £13,020 £91,837"]:  # fmt: skip
        assert words in text, words
