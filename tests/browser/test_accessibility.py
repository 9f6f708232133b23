"""axe-core (bundled by axe-playwright-python) finds no WCAG 2.2 AA violation on any page an officer uses, on a desktop
and on a phone (390 px, where wide tables scroll inside their own frame and must be reachable by keyboard)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from appraisal.models import Scenario
from tests.browser.conftest import CONTEXT, OFFICER, sign_in
from tests.browser.test_every_page import PAGES, SLUG

pytestmark = pytest.mark.django_db(transaction=True)

# The WCAG 2.0, 2.1 and 2.2 A and AA rules; axe's best-practice rules are not asked for.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


def violations_described(path: str, violations: list[dict]) -> list[str]:
    """One line per violation, saying what to fix and where: the rule, its impact, its help and the first elements."""
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
        more = f" (+{len(violation['nodes']) - 3} more)" if len(violation["nodes"]) > 3 else ""
        lines.append(
            f"{path}: {violation['id']} ({violation['impact']}): {violation['help']} at {'; '.join(targets)}{more}"
        )
    return lines


@pytest.mark.parametrize("width", [1280, 390])
def test_every_officer_page_has_no_accessibility_violations(browser, live_server, demo, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, **CONTEXT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    sign_in(page, live_server, OFFICER)
    low = Scenario.objects.get(appraisal=demo, name="Low")
    axe = Axe()
    problems = []
    for path in [*PAGES, f"/appraisals/{SLUG}/scenarios/{low.pk}/"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        problems += violations_described(path, axe.run(page, options=AXE_OPTIONS).response["violations"])
        if path.endswith("/baselines/"):
            # The grid in its error state, swapped in by HTMX: the message sits on the cell's pink.
            cell = page.locator(".bgrid__input").first
            cell.fill("12O")
            cell.press("Tab")
            page.locator(".bgrid__error").first.wait_for()
            found = axe.run(page, options=AXE_OPTIONS).response["violations"]
            problems += violations_described(f"{path} (a cell refused)", found)
    context.close()
    assert problems == [], "\n".join(problems)
