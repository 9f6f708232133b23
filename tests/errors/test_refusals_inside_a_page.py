"""Issue 16 point 7: refusals a user meets part-way through a task. An edit made inside the scenario editor (an HTMX
request) that is refused shows the reason above the page instead of silently not changing; an edit sent after the
session ended takes the window to the sign-in page (and back), not the sign-in page into a panel; a form sent from a
page left open too long (CSRF) and a request that cannot be read (400) get pages in the site's layout."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.errors.test_error_pages import REASON, shown_scenario_url

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/appraisals/x/scenarios/1/?tab=costs"}


def test_a_refused_htmx_edit_answers_with_the_reason_as_a_banner_above_the_page(member, dh_appraisal):
    r = member.post(shown_scenario_url(dh_appraisal, "scenario_details_update"), {"name": "Mine"}, **HTMX)

    assert r.status_code == 403
    assert r["HX-Retarget"] == "#refusal" and r["HX-Reswap"] == "innerHTML"
    html = r.content.decode()
    assert re.search(
        r'<div class="error-summary" role="alert" tabindex="-1">\s*<h2 class="error-summary__title">'
        r"You cannot do this</h2>",
        html,
    )
    assert f'<p class="body" id="reason">{REASON}</p>' in html
    assert "Nothing has been changed." in html
    assert "<html" not in html and "<h1" not in html  # a banner, not a second page inside the first


def test_htmx_is_told_to_swap_refusals(client, dh_appraisal):
    """Without this htmx swaps nothing of a 4xx answer, and the banner above would never be seen."""
    html = client.get(reverse("login")).content.decode()

    assert '{"code":"40[034]","swap":true,"error":true}' in html


def test_an_htmx_edit_after_the_session_ended_sends_the_window_to_sign_in_and_back(client, dh_appraisal):
    r = client.post(shown_scenario_url(dh_appraisal, "scenario_details_update"), {"name": "Mine"}, **HTMX)

    assert r.status_code == 204 and r.content == b""
    assert r["HX-Redirect"] == f"{reverse('login')}?next=/appraisals/x/scenarios/1/%3Ftab%3Dcosts"


def test_a_page_address_that_would_leave_the_site_is_not_passed_to_sign_in(client, dh_appraisal):
    headers = {**HTMX, "HTTP_HX_CURRENT_URL": "http://testserver//evil.example/steal"}
    r = client.post(shown_scenario_url(dh_appraisal, "scenario_details_update"), {"name": "Mine"}, **headers)

    assert r["HX-Redirect"] == reverse("login")


def test_a_plain_request_after_the_session_ended_is_redirected_as_before(client, dh_appraisal):
    r = client.get(reverse("appraisal_detail", kwargs={"slug": dh_appraisal.slug}))

    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))


@pytest.fixture
def strict_member(django_user_model, dh_appraisal):
    user = django_user_model.objects.create_user("dbc-officer", password="pw", first_name="Olu", last_name="Officer")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_form_sent_without_its_token_gets_the_sites_page_saying_nothing_changed(strict_member, headers):
    r = strict_member.post(reverse("logout"), **headers)

    assert r.status_code == 403
    html = r.content.decode()
    assert "Your change was not saved" in html
    assert "Reload the page, check the figures and make the change again." in html
    assert "CSRF cookie" not in html and "CSRF token" not in html and "Referer" not in html
    if headers:
        assert r["HX-Retarget"] == "#refusal" and "<html" not in html
    else:
        assert "<title>Your change was not saved – Appraise</title>" in html and "Olu Officer" in html


def test_a_request_that_cannot_be_read_gets_the_sites_400_page(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    r = client.get("/", HTTP_HOST="bad host name")

    assert r.status_code == 400
    html = r.content.decode()
    assert "<title>Something was wrong with that request – Appraise</title>" in html
    assert "nothing has been changed" in html
    assert 'class="header__service">Appraise</a>' in html


def test_an_htmx_edit_of_a_scenario_removed_meanwhile_says_it_may_have_been_removed(member, dh_appraisal):
    r = member.post(reverse("scenario_details_update", kwargs={"slug": dh_appraisal.slug, "pk": 99999}), **HTMX)

    assert r.status_code == 404 and r["HX-Retarget"] == "#refusal"
    html = r.content.decode()
    assert '<h2 class="error-summary__title">Page not found</h2>' in html
    assert "the appraisal, scenario or page may have been removed or renamed" in html
    assert "If you typed the web address" not in html and "<html" not in html
