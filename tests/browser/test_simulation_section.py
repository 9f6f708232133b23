"""How sure are these figures? (issue 20) on the dashboard, in a real browser: the headline figures come with the
page, the section fills in after it (HTMX) and follows the scenario chosen, axe-core clean, no script errors, and no
sideways scrolling on a 390 px phone (wide tables scroll in their own frame)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CONTEXT, MEMBER, accessibility_problems, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/appraisals/darlington-hartlepool-2011/"
SIMULATION = "**/appraisals/darlington-hartlepool-2011/simulation/**"


def test_the_headline_figures_come_first_and_the_chances_fill_in_after(page, live_server, demo, console_errors):
    sign_in(page, live_server, MEMBER)
    held = []  # the section's request, held back until the headline figures have been seen without it
    page.route(SIMULATION, lambda route: held.append(route))
    with page.expect_request(SIMULATION):
        page.goto(f"{live_server.url}{URL}", wait_until="domcontentloaded")
    expect(page.locator("#headline-npv")).to_have_text("£9,263,010")  # Low, the first scenario
    expect(page.locator("#simulation-loading")).to_have_text("The chances take a moment to work out.")
    assert page.locator("#simulation-fan-table").count() == 0
    assert held, "the section asked for its figures"
    held[0].continue_()

    expect(page.locator("#simulation-fan-table")).to_be_visible()
    expect(page.locator("#simulation-loading")).to_have_count(0)
    assert page.locator("#simulation-councils-table tbody tr").count() == 2
    problems = accessibility_problems(page, "the dashboard with its simulation")
    assert problems == [], "\n".join(problems)
    assert console_errors == []


def test_the_section_follows_the_scenario_chosen(page, live_server, demo, console_errors):
    sign_in(page, live_server, MEMBER, URL)
    expect(page.locator("#simulation-fan-table")).to_be_visible()
    low = page.locator("#simulation-npv").inner_text()
    with page.expect_response(SIMULATION):
        page.get_by_label("Show scenario").select_option(label="High")
    expect(page.locator("#headline-npv")).to_have_text("£21,728,821")
    expect(page.locator("#simulation-npv")).not_to_have_text(low)
    assert "High scenario" in page.locator("#simulation-explained").inner_text()
    assert console_errors == []


def test_on_a_phone_the_page_does_not_scroll_sideways(browser, live_server, demo, console_errors):
    context = browser.new_context(viewport={"width": 390, "height": 844}, **CONTEXT)
    page = console_errors.watch(context.new_page())
    page.set_default_timeout(30_000)
    sign_in(page, live_server, MEMBER, URL)
    expect(page.locator("#simulation-fan-table")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.locator("#simulation .chart__phone svg")).to_be_visible()
    problems = accessibility_problems(page, "the simulation on a phone")
    context.close()
    assert problems == [], "\n".join(problems)
    assert console_errors == []
