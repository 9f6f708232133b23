"""A member (councillor) reads the dashboard in a real browser: HTMX swaps, no edit controls, tablet width, keyboard.

Figures are the Darlington & Hartlepool fixture's scenarios (seed 001 §3.2), worked out in
tests/calculations/ and printed by `manage.py appraise darlington-hartlepool-2011 --scenario Low|High`.
"""

import re

import pytest

from tests.browser.conftest import CONTEXT, MEMBER, accessibility_problems, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/appraisals/darlington-hartlepool-2011/"


def test_a_member_switches_scenario_and_the_figures_change_without_a_reload(page, live_server, demo, console_errors):
    sign_in(page, live_server, MEMBER, URL)
    assert page.locator("#headline-npv").inner_text() == "£9,263,010"  # Low: the first scenario
    assert page.locator("#council-DBC .council-deficit-closed").inner_text() == "24.1%"
    page.evaluate("window.__sameDocument = true")

    page.get_by_label("Show scenario").select_option(label="High")
    page.wait_for_function("document.querySelector('#headline-npv').innerText === '£21,728,821'")

    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    assert re.search(r"scenario=\d+", page.url), "the chosen scenario is in the address, so it can be shared"
    problems = accessibility_problems(page, "a member's dashboard after switching scenario")
    assert problems == [], "\n".join(problems)
    assert console_errors == []


def test_a_member_finds_no_edit_controls(page, live_server, demo, console_errors):
    sign_in(page, live_server, MEMBER, URL)
    page.wait_for_selector("#headline-npv")

    typed = page.locator("main input:not([type=hidden]):not([type=checkbox]), main textarea")
    assert typed.count() == 0
    buttons = [b.strip() for b in page.locator("main button:visible").all_inner_texts()]
    assert [b for b in buttons if re.search(r"save|edit|delete|add|remove|upload", b, re.I)] == []
    links = page.locator("main a").all_inner_texts()
    assert [a for a in links if re.search(r"^(edit|upload|delete)", a.strip(), re.I)] == []
    assert "Upload workbook" not in page.locator("nav.subnav").inner_text()
    assert console_errors == []


def test_the_dashboard_fits_a_tablet_without_sideways_scrolling(browser, live_server, demo, console_errors):
    context = browser.new_context(viewport={"width": 768, "height": 1024}, **CONTEXT)
    page = console_errors.watch(context.new_page())
    sign_in(page, live_server, MEMBER, URL)
    page.wait_for_selector("#headline-npv")

    # Wide tables scroll inside their own frame; the page itself must not be wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    assert page.locator("#headline-npv").is_visible()
    context.close()
    assert console_errors == []


def test_the_keyboard_reaches_the_skip_link_first_and_it_shows_focus(page, live_server, demo):
    sign_in(page, live_server, MEMBER, URL)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    box_shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert outline != "none" or box_shadow != "none", "the focused link must be visibly marked"

    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"
