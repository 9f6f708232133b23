"""Staffing implications on the members' dashboard (issue 18): the preferred option's structures against today's by
council, to the pound, with its totals row; the host employer (TUPE); who bears the leaving costs; the staff
consultation. The case is worked by hand in tests/helpers/staffing_case.py."""

from html import unescape

import pytest
from django.urls import reverse

from appraisal.models import Option, Post
from councils.models import Council
from councils.services import user_role_set
from tests.demo.conftest import demo, demo_snapshot  # noqa: F401 (fixtures: every fixture load_demo loads)
from tests.helpers.html import cells, fragment
from tests.helpers.staffing_case import CARLISLE, PREFERRED, staffing_case

pytestmark = pytest.mark.django_db


def signed_in(client, django_user_model, role="member", code="CCC"):
    user = django_user_model.objects.create_user(f"{role}-{code}", password="pw")
    user_role_set(user=user, role=role, council=Council.objects.get(code=code))
    client.force_login(user)
    return client


def dashboard(client) -> str:
    response = client.get(reverse("appraisal_detail", args=[CARLISLE]))
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_members_see_each_councils_posts_savings_and_leaving_costs_adding_up(demo, client, django_user_model):  # noqa: F811
    staffing_case()
    html = dashboard(signed_in(client, django_user_model))
    assert 'id="staffing-heading">Staffing implications</h2>' in html
    assert f"The {PREFERRED} option's staffing structure against today's, its leavers leaving in 2007/08." in html
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


def test_the_host_employer_and_who_bears_the_leaving_costs_are_said(demo, client, django_user_model):  # noqa: F811
    staffing_case()
    html = dashboard(signed_in(client, django_user_model))
    host = fragment(html, "staffing-host")
    assert "employed by Carlisle City Council: staff of the other councils transfer to it under TUPE" in host
    assert "fall on the council that employs them" in fragment(html, "staffing-leaving-costs")
    assert "Pension strain is an estimate" in fragment(html, "staffing-leaving-costs")
    Option.objects.filter(name=PREFERRED).update(share_leaving_costs=True)
    assert "The partners share the leaving costs" in dashboard(client)


def test_the_consultation_checklist_gives_each_step_done_or_not_yet(demo, client, django_user_model):  # noqa: F811
    staffing_case()
    rows = cells(dashboard(signed_in(client, django_user_model)), "staffing-consultation")
    assert rows[1] == ["Staff briefed on the proposal", "1 March 2007"]
    assert rows[2] == ["Trade unions consulted", "15 March 2007"]
    assert rows[3] == ["Staff roadshows or briefings held by directors", "Not yet"]
    assert len(rows) == 1 + 8


def test_a_host_not_yet_agreed_asks_officers_to_set_it_and_tells_members_only_what_it_means(
    demo,  # noqa: F811
    client,
    django_user_model,
):
    staffing_case(host=False)
    member_html = dashboard(signed_in(client, django_user_model))
    host = fragment(member_html, "staffing-host")
    assert "The host employer is not yet agreed: until it is, each council's staff stay with their own council." in host
    assert "staffing-host-prompt" not in member_html
    officer_html = dashboard(signed_in(client, django_user_model, role="officer"))
    assert f"Set the host employer for {PREFERRED}</a>" in officer_html


def test_an_appraisal_without_posts_has_no_staffing_section(demo, client, django_user_model):  # noqa: F811
    staffing_case()
    Post.objects.filter(appraisal__slug=CARLISLE).delete()
    assert "staffing-implications" not in dashboard(signed_in(client, django_user_model))
