"""Options compared on a member's dashboard (issue 17) in a real browser: seed 004's six options and three councils
fit 1280 px without scrolling sideways (on the options page too), and axe-core finds nothing at 1280 and 390 px."""

import pytest
from django.conf import settings

from appraisal.demo.services import fixture_load
from tests.browser.conftest import accessibility_problems, served_demo_users, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

CARLISLE = "carlisle-allerdale-eden-shared-services"
URL = f"/appraisals/{CARLISLE}/"
CCC_MEMBER = ("ccc-member", "appraise-member")


def test_seed_004s_options_fit_the_page_at_1280_and_read_on_a_phone(page, live_server, demo, console_errors):
    # The browser's `demo` is seed 001 alone: seed 004 (Carlisle, with its options) is loaded as load_demo does.
    fixture_load(path=settings.FIXTURES_DIR / f"{CARLISLE}.json")
    served_demo_users()
    sign_in(page, live_server, CCC_MEMBER, URL)
    table = page.locator("#options-compared #options-table")
    assert table.locator("tbody tr").count() == 6
    wrap = page.locator("#options-compared .table-wrap").first
    scroll, client = wrap.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll <= client, f"the options table scrolls sideways at 1280 px ({scroll} > {client})"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    problems = accessibility_problems(page, "options compared at 1280 px")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_selector("#options-compared")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    # On a phone the table scrolls inside its own frame: a labelled region a keyboard can reach, which says so.
    assert wrap.get_attribute("role") == "region" and wrap.get_attribute("tabindex") == "0"
    assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")
    assert "table-wrap" in wrap.get_attribute("class")
    problems += accessibility_problems(page, "options compared at 390 px")

    # The options page's own ranked table fits 1280 px too.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{URL}options/")
    own = page.locator(".table-wrap:has(#options-table)").first
    scroll, client = own.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll <= client, f"the options page's table scrolls sideways at 1280 px ({scroll} > {client})"
    assert problems == [], "\n".join(problems)
    assert console_errors == []
