"""axe-core finds no WCAG 2.2 AA violation on any page an officer uses, on a desktop and on a phone (390 px, where
wide tables scroll inside their own frame and must be reachable by keyboard), nor on the sign-in page or the grid with
a refused cell. The editor's error state and the dashboard after an HTMX scenario switch are checked in their tests;
every form's error state, the 403 and 404 pages and the member's pages in test_accessibility_errors.py."""

import pytest

from appraisal.models import Scenario
from tests.browser.conftest import CONTEXT, OFFICER, accessibility_problems, sign_in
from tests.browser.test_every_page import PAGES, SLUG

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_every_officer_page_has_no_accessibility_violations(browser, live_server, demo, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, **CONTEXT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{live_server.url}/sign-in/")
    problems = accessibility_problems(page, "/sign-in/")
    sign_in(page, live_server, OFFICER)
    low = Scenario.objects.get(appraisal=demo, name="Low")
    for path in [*PAGES, f"/appraisals/{SLUG}/scenarios/{low.pk}/"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        problems += accessibility_problems(page, path)
        if path.endswith("/baselines/"):
            # The grid in its error state, swapped in by HTMX: the message sits on the cell's pink.
            cell = page.locator(".bgrid__input").first
            cell.fill("12O")
            cell.press("Tab")
            page.locator(".bgrid__error").first.wait_for()
            problems += accessibility_problems(page, f"{path} (a cell refused)")
    context.close()
    assert problems == [], "\n".join(problems)
