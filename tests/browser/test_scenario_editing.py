"""Issue 5's end-to-end test: an officer changes one assumption and sees the scenario's figures change in place;
a member finds no way to change anything.

The expected figures after the change are worked out by the calculation module from what was saved, and the
page must show exactly those; the figures before it are the fixture's Low scenario (seed 001 §3.2).
"""

import pytest

from appraisal import formatting as fmt
from appraisal.models import Scenario
from appraisal.scenarios.selectors import scenario_result
from appraisal.summary.selectors import appraisal_figures
from services.models import ServiceCluster
from tests.browser.conftest import MEMBER, OFFICER, accessibility_problems, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

DASHBOARD = "/appraisals/darlington-hartlepool-2011/"


def test_an_officer_changes_a_savings_point_and_the_figures_update_without_a_reload(
    page, live_server, demo, console_errors
):
    low = Scenario.objects.get(appraisal=demo, name="Low")
    corporate = ServiceCluster.objects.get(name="Corporate Services")
    sign_in(page, live_server, OFFICER, DASHBOARD)
    page.get_by_role("link", name="Edit this scenario").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/scenarios/{low.pk}/")

    npv = page.locator("#scenario-panel #headline-npv")
    darlington_closed = page.locator("#scenario-panel #council-DBC .council-deficit-closed")
    assert npv.inner_text() == "£9,263,010"
    assert darlington_closed.inner_text() == "24.1%"
    page.evaluate("window.__sameDocument = true")

    page.locator(f"#cluster-{corporate.pk} select[name=point]").select_option(label="Maximum")
    page.wait_for_function("document.querySelector('#scenario-panel #headline-npv').innerText !== '£9,263,010'")
    page.wait_for_load_state("networkidle")

    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    assert low.cluster_settings.get(cluster=corporate).point == "max"
    result = scenario_result(scenario=low, figures=appraisal_figures(appraisal=demo))
    darlington = next(c for c in result.councils if c.code == "DBC")
    assert npv.inner_text() == fmt.pounds(result.npv)
    assert darlington_closed.inner_text() == fmt.pct(darlington.deficit_closed_pct)
    assert darlington_closed.inner_text() != "24.1%"
    assert page.locator(f"#cluster-{corporate.pk} select[name=point]").input_value() == "max"

    # The members' dashboard shows the same figures from now on.
    page.goto(live_server.url + DASHBOARD)
    assert page.locator("#headline-npv").inner_text() == fmt.pounds(result.npv)
    assert console_errors == []


def test_an_officer_is_told_what_is_wrong_beside_the_field_and_nothing_is_saved(
    page, live_server, demo, console_errors
):
    low = Scenario.objects.get(appraisal=demo, name="Low")
    sign_in(page, live_server, OFFICER, f"/appraisals/darlington-hartlepool-2011/scenarios/{low.pk}/")
    rate = page.get_by_label("Discount rate", exact=False).first
    rate.fill("-2")
    rate.press("Enter")
    page.wait_for_selector(".error-message")

    assert "cannot be negative" in page.locator(".error-message").first.inner_text()
    assert page.locator("#scenario-panel #headline-npv").inner_text() == "£9,263,010"
    low.refresh_from_db()
    assert str(low.discount_rate) == "3.50"
    problems = accessibility_problems(page, "the editor with a refused rate")
    assert problems == [], "\n".join(problems)
    assert console_errors == []


def test_a_member_finds_no_edit_controls_and_cannot_open_the_editor(page, live_server, demo, console_errors):
    low = Scenario.objects.get(appraisal=demo, name="Low")
    sign_in(page, live_server, MEMBER, DASHBOARD)
    page.wait_for_selector("#headline-npv")

    assert page.get_by_role("link", name="Edit this scenario").count() == 0
    assert page.locator("main select[name=point], main input[type=text], main input[type=number]").count() == 0
    response = page.goto(f"{live_server.url}/appraisals/darlington-hartlepool-2011/scenarios/{low.pk}/")
    assert response.status == 403
    assert console_errors == [] or all("403" in e for e in console_errors)
