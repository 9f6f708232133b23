"""Issue 16: the member's and the officer's main tasks done with the keyboard alone (Tab, Shift+Tab, Enter, typing)
after signing in, and every element the keyboard reaches shows that it has the focus (an outline or a box shadow).

The member reaches the Excel and PDF downloads and opens the cabinet report; the officer changes a figure of their
own council in the baselines grid and the discount rate in the scenario editor, and downloads and uploads a
workbook (the file itself is changed in Excel, here openpyxl), and sees what was saved.
"""

import io
import re

import pytest
from openpyxl import load_workbook

from appraisal import formatting as fmt
from appraisal.models import Scenario
from appraisal.report.selectors import cabinet_report_data
from appraisal.scenarios.selectors import scenario_result
from appraisal.summary.selectors import appraisal_figures
from councils.models import Council
from tests.browser.conftest import MEMBER, OFFICER, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "darlington-hartlepool-2011"
DASHBOARD = f"/appraisals/{SLUG}/"

# Whether the focused element shows it: a visible outline (not none, not transparent, not 0 wide) or a box shadow.
FOCUS_SHOWN = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0
    && !/transparent|rgba\\(0, 0, 0, 0\\)/.test(s.outlineColor);
  return outline || s.boxShadow !== "none";
}"""
DESCRIBE = """() => {
  const e = document.activeElement;
  return `${e.tagName.toLowerCase()}#${e.id} "${(e.innerText || e.value || e.getAttribute("aria-label") || "")
    .trim().slice(0, 40)}"`;
}"""


class Walk:
    """Tabs through a page with the keyboard, noting every focused element that does not show its focus."""

    def __init__(self, page):
        self.page = page
        self.unshown: list[str] = []
        self.checked = 0

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        shown = self.page.evaluate(FOCUS_SHOWN)
        if shown is not None:
            self.checked += 1
            if not shown:
                self.unshown.append(f"{self.page.url}: {self.page.evaluate(DESCRIBE)}")

    def to(self, predicate: str, *, key: str = "Tab", limit: int = 400) -> None:
        """Press `key` until the focused element `e` satisfies the JavaScript expression `predicate`."""
        test = f"() => {{ const e = document.activeElement; return !!e && !!({predicate}); }}"
        for _ in range(limit):
            self.press(key)
            if self.page.evaluate(test):
                return
        pytest.fail(f"{key} never reached {predicate} on {self.page.url}")

    def focused_text(self) -> str:
        return self.page.evaluate("() => document.activeElement.innerText.trim()")


def test_a_member_reaches_the_downloads_and_opens_the_report_by_keyboard(page, live_server, demo, console_errors):
    sign_in(page, live_server, MEMBER, DASHBOARD)
    page.wait_for_selector("#headline-npv")
    walk = Walk(page)

    walk.to("e.matches('.downloads a[href$=\"/workbook/export/\"], .downloads a[download]')")
    assert walk.focused_text() == "Baselines and savings table (Excel, .xlsx)"
    walk.to("e.closest('#cabinet-report-download') && e.tagName === 'A'")
    assert walk.focused_text() == "Cabinet report (PDF)"
    walk.to("e.closest('#cabinet-report-download') && e.innerText.trim() === 'preview it in the browser'")
    walk.to("e.innerText.trim() === 'Cabinet report (PDF)'", key="Shift+Tab", limit=5)  # and back again
    walk.to("e.innerText.trim() === 'preview it in the browser'", limit=5)

    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/appraisals/{SLUG}/cabinet-report/$"))
    assert " ".join(page.locator("h1").text_content().split()) == cabinet_report_data(appraisal=demo).title
    walk.press("Tab")  # the report's first link shows its focus too

    assert walk.checked >= 10, "the walk passed the page's links on the way to the downloads"
    assert walk.unshown == [], "focus not shown on:\n" + "\n".join(walk.unshown)
    assert console_errors == []


def test_an_officer_changes_their_own_councils_baseline_by_keyboard(page, live_server, demo, console_errors):
    darlington = Council.objects.get(code="DBC")
    sign_in(page, live_server, OFFICER, f"/appraisals/{SLUG}/baselines/")
    page.wait_for_selector("#baseline-grid")
    walk = Walk(page)

    walk.to("e.classList.contains('bgrid__input')")
    labels = page.evaluate("() => document.activeElement.getAttribute('aria-labelledby')")
    assert f"council-{darlington.pk}" in labels.split(), "the first cell Tab reaches is the officer's own council's"
    cell_id = page.evaluate("() => document.activeElement.closest('td').id")
    input_id = page.evaluate("() => document.activeElement.id")
    before = page.locator(f"#{input_id}").input_value()
    new = "1234567" if before.replace(",", "") != "1234567" else "7654321"

    page.keyboard.press("Control+a")
    page.keyboard.type(new)
    walk.press("Tab")  # leaving the cell saves it
    page.locator(f"#{cell_id}.bgrid__cell--saved").wait_for()
    assert page.locator(f"#{input_id}").input_value().replace(",", "") == new
    assert page.locator(".bgrid__error").count() == 0

    page.reload()  # the figure was saved, not just shown
    assert page.locator(f"#{input_id}").input_value().replace(",", "") == new
    assert walk.checked >= 2
    assert walk.unshown == [], "focus not shown on:\n" + "\n".join(walk.unshown)
    assert console_errors == []


def test_an_officer_changes_the_discount_rate_by_keyboard_and_sees_the_new_npv(page, live_server, demo, console_errors):
    low = Scenario.objects.get(appraisal=demo, name="Low")
    sign_in(page, live_server, OFFICER, f"/appraisals/{SLUG}/scenarios/{low.pk}/")
    npv = page.locator("#scenario-panel #headline-npv")
    assert npv.inner_text() == "£9,263,010"
    walk = Walk(page)

    walk.to("e.closest('#section-discount_rate') && e.tagName === 'INPUT' && e.type !== 'hidden'")
    page.keyboard.press("Control+a")
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#scenario-panel #headline-npv').innerText !== '£9,263,010'")
    page.wait_for_load_state("networkidle")

    low.refresh_from_db()
    assert str(low.discount_rate) == "5.00"
    result = scenario_result(scenario=low, figures=appraisal_figures(appraisal=demo))
    assert npv.inner_text() == fmt.pounds(result.npv)
    assert "discount rate 5%" in page.locator("#scenario-panel").inner_text()
    walk.press("Tab")  # focus goes on from the saved rate, visibly
    assert walk.checked >= 2
    assert walk.unshown == [], "focus not shown on:\n" + "\n".join(walk.unshown)
    assert console_errors == []


def _dbc_fte_changed(book: bytes, tmp_path) -> tuple[str, str]:
    """The workbook with Darlington's first FTE figure raised by 1: the file and the figure now in it."""
    workbook = load_workbook(io.BytesIO(book))
    sheet = workbook["Baselines"]
    header = next(row for row in sheet.iter_rows(max_row=20) if any(c.value == "council_code" for c in row))
    column = {c.value: c.column_letter for c in header}
    for row in range(header[0].row + 1, sheet.max_row + 1):
        fte = sheet[f"{column['fte']}{row}"]
        if sheet[f"{column['council_code']}{row}"].value == "DBC" and isinstance(fte.value, int | float):
            fte.value = fte.value + 1
            path = tmp_path / "figures.xlsx"
            workbook.save(path)
            return str(path), f"{fte.value:g}"
    raise AssertionError("no Darlington FTE figure in the workbook")


def test_an_officer_downloads_and_uploads_a_workbook_by_keyboard(page, live_server, demo, console_errors, tmp_path):
    sign_in(page, live_server, OFFICER, f"/appraisals/{SLUG}/workbook/upload/")
    walk = Walk(page)

    walk.to("e.innerText && e.innerText.trim() === 'Download the current figures'")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    path, fte = _dbc_fte_changed(download.value.path().read_bytes(), tmp_path)

    walk.to("e.type === 'file'")
    # The keyboard reaches the file box; choosing the file happens in the system's dialog, which a headless browser
    # opens only now and then, so the file is given to the focused box as that dialog would.
    page.locator("input[type=file]:focus").set_input_files(path)
    walk.to("e.innerText && e.innerText.trim() === 'Check the workbook'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/workbook-uploads/**")
    assert fte in page.locator("main").inner_text()

    walk.to("e.innerText && e.innerText.trim().startsWith('Confirm and apply 1 change')")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.locator(".notification-banner").inner_text() == "Workbook applied: 1 figure changed."
    assert walk.checked >= 3
    assert walk.unshown == [], "focus not shown on:\n" + "\n".join(walk.unshown)
    assert console_errors == []
