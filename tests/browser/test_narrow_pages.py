"""On a phone (390 px) the pages a member and a programme admin open first are no wider than the window: the
appraisals list (its table scrolls inside its own labelled frame) and the dashboards, whose selects, such as
Carlisle's "Scenario approved" with its long scenario names, are no wider than the form they are in."""

import pytest
from django.conf import settings

from appraisal.demo.services import fixture_load
from tests.browser.conftest import CONTEXT, MEMBER, served_demo_users, sign_in
from tests.browser.test_dashboard_options import CARLISLE
from tests.browser.test_every_page import ADMIN, SLUG

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 390


# The list's table frame: a region in the tab order, named by the table's caption (None: no frame).
LIST_FRAME = """() => { const f = document.querySelector('#appraisal-list')?.closest('.table-wrap');
  return f && [f.getAttribute('role'), f.getAttribute('tabindex'), f.getAttribute('aria-labelledby')]; }"""
# The right edge of Carlisle's "Scenario approved" select, in the admin's form to record Cabinet's decision.
DECISION_SELECT = "() => document.getElementById('decision-scenario')?.getBoundingClientRect().right"


def _seen(browser, live_server, credentials, paths) -> dict[str, dict]:
    """Each page at 390 px, signed in with these credentials: its scrolled width, and what the checks below need."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 844}, **CONTEXT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    sign_in(page, live_server, credentials)
    seen = {}
    for path in paths:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        seen[path] = {
            "width": page.evaluate("document.documentElement.scrollWidth"),
            "list frame": page.evaluate(LIST_FRAME),
            "decision select": page.evaluate(DECISION_SELECT),
        }
    context.close()
    return seen


def test_the_list_and_dashboards_are_no_wider_than_a_phone(browser, live_server, demo):
    # Seed 004 (Carlisle: scenario names longer than a phone is wide) beside the browser's seed 001.
    fixture_load(path=settings.FIXTURES_DIR / f"{CARLISLE}.json")
    served_demo_users()
    carlisle = f"/appraisals/{CARLISLE}/"
    # (A member's dashboard at 390 px is test_layouts.py's.)
    member = _seen(browser, live_server, MEMBER, ["/"])
    admin = _seen(browser, live_server, ADMIN, ["/", carlisle, f"/appraisals/{SLUG}/"])

    widths = {path: s["width"] for path, s in member.items()} | {f"{p} (admin)": s["width"] for p, s in admin.items()}
    too_wide = {path: width for path, width in widths.items() if width > WIDTH}
    assert too_wide == {}, f"pages wider than a {WIDTH} px phone: {too_wide}"
    # The list's table scrolls in a frame a keyboard reaches and a screen reader names by the caption.
    assert member["/"]["list frame"] == admin["/"]["list frame"] == ["region", "0", "appraisal-list-caption"]
    # The admin is shown the form to record Cabinet's decision, its select within the window.
    assert admin[carlisle]["decision select"] is not None
    assert admin[carlisle]["decision select"] <= WIDTH
