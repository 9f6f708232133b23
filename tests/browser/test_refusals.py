"""Issue 16 point 7 in the browser: an edit refused part-way through the scenario editor is seen (a banner with the
reason, which axe finds no fault in), and an edit after the session ended leads to sign-in and back to the editor."""

import pytest
from django.contrib.sessions.models import Session

from appraisal.models import Scenario
from councils.models import UserRole
from tests.browser.conftest import OFFICER, accessibility_problems, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def editor_path(demo) -> str:
    low = Scenario.objects.get(appraisal=demo, name="Low")
    return f"/appraisals/{demo.slug}/scenarios/{low.pk}/"


def test_an_officer_made_a_member_meanwhile_is_told_why_the_change_was_refused(page, live_server, demo, console_errors):
    sign_in(page, live_server, OFFICER, editor_path(demo))
    page.wait_for_selector("#scenario-panel #headline-npv")
    UserRole.objects.filter(user__username=OFFICER[0]).update(role="member")

    rate = page.get_by_label("Discount rate", exact=False).first
    rate.fill("4")
    rate.press("Enter")
    banner = page.locator("#refusal > .error-summary[role=alert]")
    banner.wait_for()
    page.wait_for_load_state("networkidle")
    # Typing and Enter may each send the change: however many are refused, one banner says so.
    assert page.locator("#main-content .error-summary[role=alert]").count() == 1

    assert banner.locator("h2").inner_text() == "You cannot do this"
    assert "Only an officer of a partner council can change a scenario." in banner.inner_text()
    assert page.locator("#scenario-panel #headline-npv").inner_text() == "£9,263,010"
    problems = accessibility_problems(page, "the editor after a refused change")
    assert problems == [], "\n".join(problems)
    # The browser reports the 403 it was sent; nothing else may go wrong on the page.
    assert [e for e in console_errors if "403" not in e] == []


def test_an_edit_after_the_session_ended_goes_to_sign_in_and_back(page, live_server, demo):
    path = editor_path(demo)
    sign_in(page, live_server, OFFICER, path)
    page.wait_for_selector("#scenario-panel #headline-npv")
    Session.objects.all().delete()

    rate = page.get_by_label("Discount rate", exact=False).first
    rate.fill("4")
    rate.press("Enter")
    # Typing and Enter may each send the change, and each answer sends the window to sign in: the first navigation
    # can be cut short by the second, so wait for where the window ends up rather than for one navigation.
    page.get_by_role("heading", level=1, name="Sign in").wait_for()
    assert "/sign-in/" in page.url
    assert page.locator("#scenario-panel").count() == 0, "the sign-in page must not be inside the editor"

    page.get_by_label("Username").fill(OFFICER[0])
    page.get_by_label("Password").fill(OFFICER[1])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{path}")
    assert page.locator("#scenario-panel #headline-npv").inner_text() == "£9,263,010"
