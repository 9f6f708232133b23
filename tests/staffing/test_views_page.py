"""The staffing page (issue 18): officers see the forms, members read the figures only, outsiders get 404; the
figures shown are worked by hand from the small case in conftest.py."""

from html import unescape

import pytest
from django.urls import reverse

from appraisal.calculations import staffing as staff
from councils.models import Council
from councils.services import user_role_set
from services.models import ServiceCluster
from tests.staffing.case import councils_set, grades_add, post_values

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"
HTMX = {"HTTP_HX_REQUEST": "true"}


def page_url(option=None):
    url = reverse("appraisal_staffing", args=[SLUG])
    return f"{url}?option={option.pk}" if option else url


def html_of(client, option=None, **extra):
    r = client.get(page_url(option), **extra)
    assert r.status_code == 200
    return unescape(r.content.decode())


def test_an_officer_sees_todays_structure_with_each_posts_cost_and_the_total(signed_in, baseline, option):
    html = html_of(signed_in("officer"), option)
    assert '<h1 class="heading-xl">Staffing</h1>' in html
    assert 'aria-current="page">Staffing</a>' in html
    for cost in ("£78,000", "£36,400", "£72,500", "£37,500"):  # salary × (1 + on-costs): 30% DBC, 25% HBC
        assert cost in html
    total = html.split('id="baseline-total"')[1].split("</tr>")[0]
    assert "4 posts" in total and "£224,400" in total
    assert "Blank: the council's (DBC 30%, HBC 25%)" in html
    assert 'id="post-new-form"' in html and 'id="grade-new-form"' in html


def test_an_option_without_a_proposed_structure_offers_to_start_from_today(signed_in, baseline, option):
    html = html_of(signed_in("officer"), option)
    assert "This option has no proposed structure yet." in html
    assert "Start from today's structure" in html
    assert 'id="proposed-new-form"' in html


def test_the_figures_panel_states_the_rules_and_who_pays(signed_in, proposed, option):
    html = html_of(signed_in("officer"), option)
    panel = html.split('id="section-figures"')[1].split("</section>")[0]
    assert staff.CAP_RULE in panel
    assert "Replace the factors with the pension fund actuary's before a decision." in panel
    assert "Each leaver's costs are charged to the council that employs them." in panel
    assert "They are added to the option's one-off costs in 2012/13" in panel
    assert "Corporate Services: From the scenario's savings range (midpoint)" in panel


def test_a_member_reads_the_page_without_any_form(signed_in, proposed, option):
    html = html_of(signed_in("member"), option)
    assert "£224,400" in html
    assert "Head of HR (Hartlepool)" in html
    assert "<form" not in html.split('id="staffing-editor"')[1]
    assert "Start from today's structure" not in html


def test_an_outsider_gets_not_found(client, django_user_model, dh_appraisal):
    user = django_user_model.objects.create_user("outsider", password="pw")
    other = Council.objects.create(code="XBC", name="Elsewhere Borough Council", slug="elsewhere")
    user_role_set(user=user, role="officer", council=other)
    client.force_login(user)
    assert client.get(page_url()).status_code == 404


def test_the_page_answers_a_section_to_htmx_and_opens_a_row_for_editing(signed_in, baseline, option):
    post = baseline["HR officer"]
    r = signed_in("officer").get(f"{page_url(option)}&edit={post.pk}&section=baseline", **HTMX)
    html = unescape(r.content.decode())
    assert html.lstrip().startswith('<section class="staffing-section" id="section-baseline"')
    assert f'id="post-{post.pk}-form"' in html
    assert 'value="30,000"' in html and "<html" not in html


def test_the_staffing_tab_is_on_every_appraisal_page(signed_in, dh_appraisal):
    html = signed_in("member").get(reverse("appraisal_options", args=[SLUG])).content.decode()
    assert f'href="{page_url()}"' in html


def test_a_post_needs_the_right_method(signed_in, dh_appraisal):
    assert signed_in("officer").get(reverse("staffing_post_create", args=[SLUG])).status_code == 405


def test_an_appraisal_with_no_option_yet_still_takes_todays_posts(signed_in, dh_appraisal):
    councils, grades = councils_set(dh_appraisal), grades_add(dh_appraisal)
    cluster = ServiceCluster.objects.get(name="Corporate Services")
    values = post_values(councils, cluster, grades, "Chief executive", "DBC", "Grade 12", 100000)
    data = {k: getattr(v, "pk", v) for k, v in values.items() if v is not None and k != "shares"}
    data |= {"fte": "1", "salary": "100,000", "pension_member": "1"}
    client = signed_in("officer")
    r = client.post(reverse("staffing_post_create", args=[SLUG]), data, **HTMX)
    html = unescape(r.content.decode())
    assert "£130,000" in html  # £100,000 + Darlington's 30%
    page = html_of(client)
    assert "The appraisal has no options beyond business as usual yet" in page


def test_a_programme_admin_may_change_every_councils_policy(admin_client, dh_appraisal):
    html = html_of(admin_client)
    for council in Council.objects.filter(code__in=["DBC", "HBC"]):
        assert f'id="council-{council.pk}-form"' in html
