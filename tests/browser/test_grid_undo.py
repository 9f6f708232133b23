"""The grid's Undo in a browser: the note and the button pass axe-core (WCAG 2.2 AA) after a save and after the undo,
and pressing Undo puts the figure back and the focus in the cell's box."""

import pytest

from tests.browser.conftest import CONTEXT, OFFICER, accessibility_problems, sign_in
from tests.browser.test_every_page import SLUG

pytestmark = pytest.mark.django_db(transaction=True)

GRID = f"/appraisals/{SLUG}/baselines/"


def test_the_grid_after_a_save_and_after_an_undo_has_no_accessibility_violations(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **CONTEXT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    sign_in(page, live_server, OFFICER)
    page.goto(live_server.url + GRID)
    box = page.locator(".bgrid__input").first
    cell_id = box.evaluate("el => el.closest('td').id")
    was = box.input_value()
    box.fill("1,000")
    box.press("Tab")
    undo = page.locator(f"#{cell_id}-undo")
    undo.wait_for()
    assert "(was " in page.locator(f"#{cell_id}-note").inner_text()
    problems = accessibility_problems(page, f"{GRID} (a cell saved, with Undo)")
    undo.click()
    page.locator(f"#{cell_id} .bgrid__note", has_text="Put back").wait_for()
    assert page.locator(f"#{cell_id} .bgrid__input").input_value() == was
    assert page.evaluate("document.activeElement.closest('td') && document.activeElement.closest('td').id") == cell_id
    problems += accessibility_problems(page, f"{GRID} (a cell put back)")
    context.close()
    assert problems == [], "\n".join(problems)
