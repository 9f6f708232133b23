"""Issue 16, point 3: the baselines grid uses the whole width of a wide screen, its header row stays in view while the
figures scroll down and its service column while they scroll sideways; the page stays clean under axe-core."""

import pytest

from tests.browser.conftest import CONTEXT, OFFICER, accessibility_problems, sign_in
from tests.browser.test_every_page import SLUG

pytestmark = pytest.mark.django_db(transaction=True)

GRID = f"/appraisals/{SLUG}/baselines/"

# The region, the table and the header rows' boxes, as the browser lays them out now.
MEASURE = """() => {
  const region = document.querySelector('.bgrid-wrap'), table = document.getElementById('baseline-grid');
  const box = el => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left}; };
  const heads = [...table.querySelectorAll('thead tr')].map(tr => box(tr.querySelector('th:not([rowspan])')));
  return {
    page: document.documentElement.clientWidth, main: document.querySelector('main').clientWidth,
    region: {...box(region), width: region.clientWidth, scrollWidth: region.scrollWidth,
             scrollTop: region.scrollTop, scrollLeft: region.scrollLeft},
    table: table.getBoundingClientRect().width, heads,
    service: box(document.querySelector('tbody .bgrid__service')),
    corner: box(document.getElementById('col-service')),
  };
}"""


def _grid(browser, live_server, width: int, height: int = 900):
    context = browser.new_context(viewport={"width": width, "height": height}, **CONTEXT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    sign_in(page, live_server, OFFICER)
    page.goto(live_server.url + GRID)
    page.locator("#baseline-grid tbody .bgrid__service").first.wait_for()
    return context, page


def test_on_a_wide_screen_the_grid_is_as_wide_as_the_window_and_needs_no_sideways_scroll(browser, live_server, demo):
    context, page = _grid(browser, live_server, 1920, 1080)
    m = page.evaluate(MEASURE)
    assert m["main"] > 1800  # the page's content is not capped at 1,200 px
    assert m["region"]["width"] > 1800
    # Every column shows at once: the table is as wide as its content needs and the region does not scroll sideways.
    assert m["region"]["scrollWidth"] <= m["region"]["width"]
    assert m["table"] <= m["region"]["width"]
    context.close()


def test_the_header_row_stays_at_the_top_of_the_region_while_the_figures_scroll_down(browser, live_server, demo):
    context, page = _grid(browser, live_server, 1920, 1080)
    page.evaluate("() => { document.querySelector('.bgrid-wrap').scrollTop = 600; }")
    page.wait_for_function("() => document.querySelector('.bgrid-wrap').scrollTop > 300")
    m = page.evaluate(MEASURE)
    region, (first, second) = m["region"], m["heads"]
    assert region["top"] <= first["top"] <= region["top"] + 2  # the council names, at the region's top
    assert abs(second["top"] - first["bottom"]) <= 2  # the measures' row under them, not hidden behind them
    assert m["service"]["top"] < region["top"]  # the first service has scrolled up out of sight under them
    context.close()


def test_the_service_column_stays_in_view_when_the_figures_scroll_sideways(browser, live_server, demo):
    context, page = _grid(browser, live_server, 1280)
    page.evaluate("() => { document.querySelector('.bgrid-wrap').scrollLeft = 500; }")
    page.wait_for_function("() => document.querySelector('.bgrid-wrap').scrollLeft > 300")
    m = page.evaluate(MEASURE)
    assert abs(m["service"]["left"] - m["region"]["left"]) <= 2
    assert abs(m["corner"]["left"] - m["region"]["left"]) <= 2
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_grid_is_clean_under_axe_scrolled_and_with_an_emptied_cell(browser, live_server, demo, width):
    context, page = _grid(browser, live_server, width)
    region = page.get_by_role("region", name="Baseline budgets 2011/12 by service and council")
    assert region.get_attribute("tabindex") == "0"  # a keyboard user can scroll it
    problems = accessibility_problems(page, f"{GRID} at {width}")
    cell = page.locator(".bgrid__input").first
    kept = cell.input_value()
    cell.fill("")
    cell.press("Tab")
    page.locator(".bgrid__note").first.wait_for()
    assert cell.input_value() == kept
    problems += accessibility_problems(page, f"{GRID} at {width} (an emptied cell)")
    context.close()
    assert problems == [], "\n".join(problems)
