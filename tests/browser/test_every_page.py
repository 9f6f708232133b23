"""Every page an officer uses loads in a real browser without JavaScript errors or warnings, at desktop and tablet
width, without the page scrolling sideways (wide tables scroll inside their own frame). A warning is often a form
the browser cannot fill in as written (a date box given "08/08/2011" shows empty, and saving clears the date)."""

import pytest

from appraisal.models import Scenario
from tests.browser.conftest import CONTEXT, OFFICER, served_demo_users, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "darlington-hartlepool-2011"
PAGES = [
    "/",
    f"/appraisals/{SLUG}/",
    f"/appraisals/{SLUG}/baselines/",
    f"/appraisals/{SLUG}/savings/",
    f"/appraisals/{SLUG}/deficits/",
    f"/appraisals/{SLUG}/workbook/upload/",
    f"/appraisals/{SLUG}/history/",
    f"/appraisals/{SLUG}/scenarios/",
    f"/appraisals/{SLUG}/options/",
    f"/appraisals/{SLUG}/staffing/",
    f"/appraisals/{SLUG}/realisation/",
    f"/appraisals/{SLUG}/benefits/",
    f"/appraisals/{SLUG}/cabinet-report/",
    f"/appraisals/{SLUG}/cabinet-report/edit/",
    f"/appraisals/{SLUG}/simulation-settings/",
    f"/appraisals/{SLUG}/simulation/",
]
# Pages only a programme admin uses (an officer is refused them).
ADMIN = ("admin", "appraise-admin")
ADMIN_PAGES = [
    "/appraisals/new/from-published-figures/",
    "/appraisals/new/from-published-figures/councils/?q=north",
]


def page_problems(page, live_server, paths, width: int) -> list[str]:
    """Each page loaded in turn: its status, its one main heading, and no sideways scroll at this width."""
    problems = []
    for path in paths:
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        if response.status != 200:
            problems.append(f"{path}: HTTP {response.status}")
        if page.locator("h1").count() != 1:
            problems.append(f"{path}: {page.locator('h1').count()} main headings")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            problems.append(f"{path}: {scroll_width} px wide on a {width} px screen")
    return problems


@pytest.mark.parametrize("width", [1280, 768])
def test_every_officer_page_loads_cleanly(browser, live_server, demo, console_errors, width):
    context = browser.new_context(viewport={"width": width, "height": 1000}, **CONTEXT)
    page = console_errors.watch(context.new_page())
    warnings = []
    page.on("console", lambda msg: msg.type == "warning" and warnings.append(f"{page.url}: {msg.text}"))
    sign_in(page, live_server, OFFICER)
    low = Scenario.objects.get(appraisal=demo, name="Low")
    problems = page_problems(page, live_server, [*PAGES, f"/appraisals/{SLUG}/scenarios/{low.pk}/"], width)
    context.close()
    assert problems == []
    assert console_errors == []
    assert warnings == []


@pytest.mark.parametrize("width", [1280, 768])
def test_every_admin_page_loads_cleanly(browser, live_server, transactional_db, console_errors, width):
    served_demo_users()
    context = browser.new_context(viewport={"width": width, "height": 1000}, **CONTEXT)
    page = console_errors.watch(context.new_page())
    warnings = []
    page.on("console", lambda msg: msg.type == "warning" and warnings.append(f"{page.url}: {msg.text}"))
    sign_in(page, live_server, ADMIN)
    problems = page_problems(page, live_server, ADMIN_PAGES, width)
    context.close()
    assert problems == []
    assert console_errors == []
    assert warnings == []
