"""A programme admin starts an appraisal from the published figures in a real browser: types part of a council's
name, adds it from the matches (HTMX, no page load, the focus back in the search box), adds a second, creates the
appraisal and lands on its dashboard. axe-core finds no WCAG 2.2 AA violation with matches and chosen councils shown,
nor in the error state, on a desktop and on a phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CONTEXT, accessibility_problems, served_demo_users, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
ADMIN = ("admin", "appraise-admin")
NEW = "/appraisals/new/from-published-figures/"


def add(page, typed: str, name: str) -> None:
    """Type into the search box (key by key, as a person does, so the type-ahead fires) and add the match."""
    search = page.get_by_label("Find a council")
    search.fill("")
    search.press_sequentially(typed)
    page.get_by_role("button", name=f"Add {name}").click()
    expect(page.locator("#chosen-councils")).to_contain_text(name)
    expect(page.locator("#council-results")).to_contain_text(f"{name} added")
    expect(search).to_be_focused()  # ready for the next council
    expect(search).to_have_value("")


def test_an_admin_adds_two_councils_by_name_and_lands_on_the_new_dashboard(page, live_server, console_errors):
    served_demo_users()
    sign_in(page, live_server, ADMIN, next_path=NEW)
    page.goto(live_server.url + NEW)
    page.evaluate("window.stillThisPage = true")  # gone if any step below loads a new page

    page.get_by_label("Find a council").press_sequentially("Darl")
    match = page.locator("#council-results li")
    expect(match).to_have_count(1)
    expect(match).to_contain_text("Darlington UA")
    expect(match).to_contain_text("Unitary Authority · E06000005")
    page.get_by_role("button", name="Add Darlington UA").click()
    expect(page.get_by_role("heading", name="1 council chosen")).to_be_visible()
    add(page, "Hartle", "Hartlepool UA")
    expect(page.get_by_role("heading", name="2 councils chosen")).to_be_visible()
    assert page.evaluate("window.stillThisPage") is True

    page.get_by_role("button", name="Remove Darlington UA").click()
    expect(page.get_by_role("heading", name="1 council chosen")).to_be_focused()
    add(page, "Darl", "Darlington UA")

    page.get_by_role("button", name="Create the appraisal").click()
    page.wait_for_url(f"{live_server.url}/appraisals/hartlepool-darlington-2024-25/")
    expect(page.locator("h1")).to_have_text("Shared services: Hartlepool and Darlington")
    expect(page.locator(".notification-banner")).to_contain_text("created from the published figures for 2024/25")
    assert console_errors == []


@pytest.mark.parametrize("width", [1280, 390])
def test_the_page_is_accessible_with_matches_chosen_councils_and_errors(browser, live_server, transactional_db, width):
    served_demo_users()
    context = browser.new_context(viewport={"width": width, "height": 900}, **CONTEXT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    sign_in(page, live_server, ADMIN, next_path=NEW)
    page.goto(live_server.url + NEW)
    problems = accessibility_problems(page, f"{NEW} (empty)")
    add(page, "Darl", "Darlington UA")
    page.get_by_label("Find a council").press_sequentially("east")
    expect(page.locator("#council-results li")).to_have_count(10)
    problems += accessibility_problems(page, f"{NEW} (matches and a council chosen)")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("button", name="Create the appraisal").click()  # one council: refused
    expect(page.locator(".error-summary")).to_contain_text("Choose at least two councils.")
    expect(page.locator(".error-summary")).to_be_focused()
    problems += accessibility_problems(page, f"{NEW} (refused)")

    # Made: its baselines page sets each council beside its peers, with charts, trends and the licence statement.
    add(page, "Hartle", "Hartlepool UA")
    page.get_by_role("button", name="Create the appraisal").click()
    page.wait_for_url(f"{live_server.url}/appraisals/darlington-hartlepool-2024-25/")
    page.goto(f"{live_server.url}/appraisals/darlington-hartlepool-2024-25/baselines/")
    expect(page.locator("#peers table").first).to_be_visible()
    expect(page.locator("#peers")).to_contain_text("Open Government Licence v3.0")
    problems += accessibility_problems(page, "baselines page with peers")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
    assert problems == [], "\n".join(problems)
