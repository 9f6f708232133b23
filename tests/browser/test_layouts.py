"""Issue 16, points 1 and 4: the members' dashboard, the scenario comparison and the scenario editor on a phone, a
tablet and a desktop, measured by the boxes the browser lays out.

- The dashboard leads with the headline figures and the Excel and PDF downloads, within the first screen at every
  width; on a phone the page is no wider than the window and the sections stay on one row.
- No chart's text shows below 11 px as displayed (its font size times the drawing's scale), at any width.
- Scenarios side by side, four of them: at 1280 px every scenario's column fits its region and no row label runs past
  two lines; on a phone the labels stay in view while the scenarios scroll.
- The editor on a phone is no wider than the window, and its savings and NPV stay at the foot of the window, updated
  with the panel by an edit; on a desktop the panel is beside the forms.
One page load per width.
"""

import pytest

from appraisal import formatting as fmt
from appraisal.models import Scenario
from appraisal.scenarios.selectors import scenario_result
from appraisal.scenarios.services import scenario_clone
from appraisal.summary.selectors import appraisal_figures
from services.models import ServiceCluster
from tests.browser.conftest import CONTEXT, MEMBER, OFFICER, sign_in
from tests.browser.test_every_page import SLUG

pytestmark = pytest.mark.django_db(transaction=True)

DASHBOARD = f"/appraisals/{SLUG}/"
# (width, height) of a phone, a tablet, a laptop and a desktop.
SCREENS = [(390, 844), (768, 1024), (1280, 800), (1920, 1080)]
MIN_TEXT_PX = 11

# Bottom edges of what must be on the first screen, the page's width and the sections' rows.
FIRST_SCREEN = """() => {
  const bottom = sel => { const e = document.querySelector(sel); return e ? e.getBoundingClientRect().bottom : null; };
  const items = [...document.querySelectorAll('.subnav__item')].map(li => li.getBoundingClientRect().top);
  return {
    headline: bottom('#headline-figures .card__figure'),
    excel: bottom('.downloads a[download]'),
    pdf: bottom('#cabinet-report-download a'),
    scrollWidth: document.documentElement.scrollWidth,
    subnavRows: new Set(items.map(Math.round)).size,
  };
}"""

# The smallest text of each chart shown (a phone's drawing or the wide one) as displayed: its font size times the
# drawing's scale (shown width / viewBox width).
CHART_TEXT = """() => [...document.querySelectorAll('.chart svg')].filter(svg => svg.getClientRects().length)
  .map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  return {chart: svg.getAttribute('aria-label'), smallest: Math.min(...sizes), texts: sizes.length};
})"""


def _page(browser, live_server, credentials, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, **CONTEXT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    sign_in(page, live_server, credentials)
    return context, page


def _charts_readable(page, where: str) -> list[str]:
    charts = page.evaluate(CHART_TEXT)
    assert charts, f"{where}: no chart drawn"
    return [
        f"{where}: {c['chart']} has text of {c['smallest']:.1f} px"
        for c in charts
        if c["texts"] == 0 or c["smallest"] < MIN_TEXT_PX - 0.01
    ]


def test_the_dashboard_leads_with_the_figures_and_downloads_and_its_charts_stay_readable(browser, live_server, demo):
    problems = []
    for width, height in SCREENS:
        context, page = _page(browser, live_server, MEMBER, width, height)
        page.goto(live_server.url + DASHBOARD)
        page.locator("#scenario-sensitivity .chart svg >> visible=true").first.wait_for()
        where = f"{width}x{height}"
        seen = page.evaluate(FIRST_SCREEN)
        for what in ("headline", "excel", "pdf"):
            if seen[what] is None or seen[what] > height:
                problems.append(f"{where}: the {what} ends at {seen[what]} px, below the first screen ({height} px)")
        if seen["scrollWidth"] > width:
            problems.append(f"{where}: the page is {seen['scrollWidth']} px wide")
        if seen["subnavRows"] != 1:
            problems.append(f"{where}: the sections wrap over {seen['subnavRows']} rows")
        problems += _charts_readable(page, where)
        context.close()
    assert problems == [], "\n".join(problems)


# Each comparison column's right edge against its region's scrolled width, and the row labels' heights in lines.
COMPARISON = """() => {
  const table = document.getElementById('comparison-table'), region = table.closest('.table-wrap');
  const left = region.getBoundingClientRect().left - region.scrollLeft;
  const heads = [...table.querySelectorAll('thead th')];
  const labels = [...table.querySelectorAll('tbody th')];
  const line = parseFloat(getComputedStyle(labels[0]).lineHeight);
  // The label's own text, not its cell (which is as tall as the scenarios' values beside it).
  const textHeight = th => { const range = document.createRange(); range.selectNodeContents(th);
    const shown = [...range.getClientRects()].filter(r => r.width > 1);
    return Math.max(...shown.map(r => r.bottom)) - Math.min(...shown.map(r => r.top)); };
  return {
    columns: heads.length - 1, scrollWidth: region.scrollWidth, clientWidth: region.clientWidth,
    rights: heads.map(th => th.getBoundingClientRect().right - left),
    lines: labels.map(th => [th.textContent, Math.round(textHeight(th) / line)]),
    labels: labels.map(th => th.textContent),
    shown: labels.map(th => [...th.childNodes].filter(n => !n.classList?.contains('visually-hidden'))
      .map(n => n.textContent).join('')),
  };
}"""


def test_four_scenarios_side_by_side_fit_a_desktop_and_keep_short_labels(browser, live_server, demo):
    low = Scenario.objects.get(appraisal=demo, name="Low")
    for name in ("Integration of key services", "Sharing approaches and contracts only"):
        copy = scenario_clone(scenario=low, name=name)
        Scenario.objects.filter(pk=copy.pk).update(status=Scenario.Status.SHOWN)
    compare = "&".join(f"compare={s.pk}" for s in Scenario.objects.filter(appraisal=demo, status="shown"))

    for width, height in [(1280, 800), (390, 844)]:
        context, page = _page(browser, live_server, MEMBER, width, height)
        page.goto(f"{live_server.url}{DASHBOARD}?{compare}#comparison")
        page.locator("#comparison-table").wait_for()
        seen = page.evaluate(COMPARISON)
        assert seen["columns"] == 4
        assert all(right <= seen["scrollWidth"] + 0.5 for right in seen["rights"]), seen
        if width == 1280:
            assert seen["scrollWidth"] <= seen["clientWidth"], "four scenarios need no sideways scrolling at 1280 px"
        too_tall = [label for label, lines in seen["lines"] if lines > 2]
        assert too_tall == [], f"{width} px: row labels over two lines: {too_tall}"
        # Shown short, read out in full.
        assert "Darlington: deficit closed" in seen["shown"]
        assert "Darlington Borough Council: deficit closed" in seen["labels"]
        if width == 390:
            # Scrolled to its far end, the labels are still at the region's left.
            region = page.locator("#comparison-table").locator("xpath=..")
            region.evaluate("r => { r.scrollLeft = r.scrollWidth; }")
            page.wait_for_function(
                "() => { const r = document.querySelector('#comparison-table').closest('.table-wrap');"
                " return r.scrollLeft > 0; }"
            )
            label_left, region_left = page.evaluate(
                "() => [document.querySelector('#comparison-table tbody th').getBoundingClientRect().left,"
                " document.querySelector('#comparison-table').closest('.table-wrap').getBoundingClientRect().left]"
            )
            assert abs(label_left - region_left) < 1
        context.close()


def test_the_editor_fits_a_phone_with_its_figures_in_view_and_sits_beside_the_forms_on_a_desktop(
    browser, live_server, demo, console_errors
):
    low = Scenario.objects.get(appraisal=demo, name="Low")
    corporate = ServiceCluster.objects.get(name="Corporate Services")
    editor = f"{live_server.url}/appraisals/{SLUG}/scenarios/{low.pk}/"

    context, page = _page(browser, live_server, OFFICER, 390, 844)
    console_errors.watch(page)
    page.goto(editor)
    page.locator("#scenario-sensitivity .chart svg >> visible=true").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert _charts_readable(page, "editor at 390") == []
    # The editor's charts are drawn for a phone too: nothing to scroll sideways (issue 16 point 1).
    frames = "[...document.querySelectorAll('#scenario-panel .chart__frame')]"
    assert page.evaluate(f"{frames}.length") == 2
    assert page.evaluate(f"{frames}.every(f => f.scrollWidth <= f.clientWidth + 1)")

    summary = page.locator("#scenario-summary")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("window.scrollY > 0")
    box = summary.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844, box
    # Nothing covers it: it is what the window shows at its foot.
    assert page.evaluate(
        "() => { const r = document.getElementById('scenario-summary').getBoundingClientRect();"
        " return document.elementFromPoint(r.left + 20, r.top + r.height / 2).closest('#scenario-summary') !== null; }"
    )
    assert page.locator("#summary-npv").inner_text() == "£9,263,010"

    # An edit near the top of the page: the line at the foot changes with the panel, by the same swap.
    page.evaluate("window.scrollTo(0, 0)")
    page.locator(f"#cluster-{corporate.pk} select[name=point]").select_option(label="Maximum")
    page.wait_for_function("document.getElementById('summary-npv').innerText !== '£9,263,010'")
    result = scenario_result(scenario=low, figures=appraisal_figures(appraisal=demo))
    assert page.locator("#summary-npv").inner_text() == fmt.pounds(result.npv)
    assert page.locator("#summary-full-year").inner_text() == fmt.pounds(result.full_year_savings)
    assert summary.is_visible()
    context.close()

    context, page = _page(browser, live_server, OFFICER, 1280, 800)
    page.goto(editor)
    page.locator("#scenario-panel").wait_for()
    forms = page.locator(".scenario-layout__forms").bounding_box()
    panel = page.locator(".scenario-layout__panel").bounding_box()
    assert panel["x"] >= forms["x"] + forms["width"], "the results are beside the forms"
    assert panel["y"] < 800, "the results start on the first screen"
    assert not page.locator("#scenario-summary").is_visible(), "beside the forms the panel itself is in view"
    context.close()
    assert console_errors == []
