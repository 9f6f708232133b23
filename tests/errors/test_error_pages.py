"""The 403, 404 and 500 pages: in the site's layout, saying what happened and what to do next, with a link home.
(What an HTMX request is told instead, and the 400 and CSRF pages: test_refusals_inside_a_page.py.)"""

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import reverse

from appraisal.models import Scenario
from appraise.errors import reason_shown

REASON = "Only an officer of a partner council can change a scenario."


def shown_scenario_url(appraisal, name):
    scenario = Scenario.objects.get(appraisal=appraisal, name="Low")
    return reverse(name, kwargs={"slug": appraisal.slug, "pk": scenario.pk})


def test_a_member_changing_a_scenario_sees_the_reason_in_the_site_layout(member, dh_appraisal):
    r = member.post(shown_scenario_url(dh_appraisal, "scenario_details_update"), {"name": "Mine"})

    assert r.status_code == 403
    assert '<h1 class="heading-xl">You cannot do this</h1>' in r.content.decode()
    assert f'<p class="body" id="reason">{REASON}</p>' in r.content.decode()
    assert 'class="header__service">Appraise</a>' in r.content.decode()
    assert "Dana Member" in r.content.decode()  # the header knows who is signed in, as on every other page
    assert f'<a href="{reverse("home")}">Go to the appraisals</a>' in r.content.decode()
    assert "403 Forbidden" not in r.content.decode()


def test_a_refusal_with_no_reason_says_so_in_general_terms(rf, django_user_model):
    from appraise.errors import permission_denied

    request = rf.get("/")
    request.user = django_user_model(username="someone")
    r = permission_denied(request, PermissionDenied())

    assert r.status_code == 403
    assert "Your account is not allowed to open this page or make this change." in r.content.decode()
    assert 'id="reason"' not in r.content.decode()


@pytest.mark.parametrize(
    "message",
    [
        REASON,
        "Members read the figures; officers upload workbooks.",
        "Only a programme admin or an officer of a partner council can change the services in an appraisal.",
    ],
)
def test_our_own_sentences_are_shown(message):
    assert reason_shown(PermissionDenied(message)) == message


@pytest.mark.parametrize(
    "exception",
    [
        None,
        PermissionDenied(),
        PermissionDenied(""),
        PermissionDenied("Traceback (most recent call last):\n  File 'x.py', line 1\nKeyError: 'slug'"),
        PermissionDenied("<script>alert(1)</script>"),
        PermissionDenied({"tried": [], "path": "x"}),
        PermissionDenied("Two", "arguments."),
        PermissionDenied("csrf_token missing"),
        PermissionDenied("A sentence. " * 30),
    ],
)
def test_anything_but_one_plain_sentence_is_not_shown(exception):
    assert reason_shown(exception) == ""


def test_an_unknown_appraisal_gets_the_styled_404_with_a_link_home(member):
    r = member.get(reverse("appraisal_detail", kwargs={"slug": "no-such-appraisal"}))

    assert r.status_code == 404
    assert "<title>Page not found – Appraise</title>" in r.content.decode()
    assert '<h1 class="heading-xl">Page not found</h1>' in r.content.decode()
    assert f'<a href="{reverse("home")}">Go to the appraisals</a>' in r.content.decode()
    assert "Dana Member" in r.content.decode()
    assert "No appraisal with that address." not in r.content.decode()


def test_an_address_matching_no_route_gets_the_styled_404_without_the_url_patterns(client):
    r = client.get("/no/such/page/")

    assert r.status_code == 404
    assert '<h1 class="heading-xl">Page not found</h1>' in r.content.decode()
    assert "URLconf" not in r.content.decode()
    assert "appraisals/&lt;slug:slug&gt;" not in r.content.decode()


def test_the_500_page_renders_from_an_empty_context_with_the_sites_heading():
    html = render_to_string("500.html", {})

    assert "<title>Sorry, there is a problem with the service – Appraise</title>" in html
    assert '<h1 class="heading-xl">Sorry, there is a problem with the service</h1>' in html
    assert 'class="header__service">Appraise</a>' in html
    assert '<link rel="stylesheet" href="/static/css/appraise.css">' in html
    assert '<a href="/">Go to the appraisals</a>' in html


def test_a_developer_who_set_nothing_gets_the_sites_404_even_with_debug_on(admin_client, settings, dh_appraisal):
    """Issue 16: the default setup (DEBUG on by default) showed Django's debug 404 listing every URL pattern."""
    settings.DEBUG, settings.DEBUG_ERROR_PAGES = True, False

    response = admin_client.get("/appraisals/no-such-appraisal/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and "URLconf" not in html


def test_django_debug_pages_only_when_asked_for(client, settings, dh_appraisal):
    settings.DEBUG, settings.DEBUG_ERROR_PAGES = True, True

    response = client.get("/no-such-page/")

    assert response.status_code == 404 and "URLconf" in response.content.decode()
