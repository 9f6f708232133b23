"""Issue 16: axe-core finds no WCAG 2.2 AA violation in the states users meet when something goes wrong (each form's
error summary and refused fields, a row a colleague changed meanwhile, a workbook with a problem in a cell, the 403
and 404 pages), nor on the pages a member reads, on a desktop and on a phone. One browser context per width, each
page once, so the whole check stays quick."""

import io

import pytest
from django.db.models import F
from openpyxl import load_workbook

from appraisal.models import SavingsRange
from services.models import Service, ServiceCluster
from tests.browser.conftest import CONTEXT, MEMBER, OFFICER, accessibility_problems, sign_in
from tests.browser.test_every_page import SLUG

pytestmark = pytest.mark.django_db(transaction=True)
BASE = f"/appraisals/{SLUG}"


def new_page(browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, **CONTEXT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def submit(page, button_name):
    page.get_by_role("button", name=button_name).click()
    page.wait_for_load_state("networkidle")


def first_cell_with_text(workbook_bytes: bytes, sheet: str, text: str) -> tuple[str, int]:
    """The column letter and row of the first number under the header `text` in `sheet`."""
    ws = load_workbook(io.BytesIO(workbook_bytes))[sheet]
    for row in ws.iter_rows(max_row=20):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip().lower() == text.lower():
                for below in ws.iter_rows(min_row=cell.row + 1, min_col=cell.column, max_col=cell.column):
                    if isinstance(below[0].value, int | float):
                        return cell.column_letter, below[0].row
    raise AssertionError(f"no {text!r} column with a number in {sheet}")


@pytest.mark.parametrize("width", [1280, 390])
def test_officers_error_states_have_no_accessibility_violations(browser, live_server, demo, width, tmp_path):
    context, page = new_page(browser, width)
    problems = []

    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(OFFICER[0])
    page.get_by_label("Password").fill("not the password")
    submit(page, "Sign in")
    page.locator(".error-summary").wait_for()
    problems += accessibility_problems(page, "sign-in refused")
    sign_in(page, live_server, OFFICER)

    page.goto(f"{live_server.url}{BASE}/savings/")
    row = page.locator("tr[id^=cluster-]:has(input.input--money)").first
    row.locator("input.input--money").first.fill("1000")
    # A colleague saves the same range meanwhile: the row comes back saying who changed it, with what was typed.
    cluster_pk = int(row.get_attribute("id").removeprefix("cluster-"))
    SavingsRange.objects.filter(appraisal=demo, cluster_id=cluster_pk).update(version=F("version") + 1)
    submit(page, "Save savings ranges")
    page.locator(".row--stale .row-error").wait_for()
    problems += accessibility_problems(page, "savings ranges: a row changed by a colleague")

    page.goto(f"{live_server.url}{BASE}/deficits/")
    page.locator("form input.input--money, form input.input").first.fill("lots")
    submit(page, "Save funding deficits")
    page.locator(".error-summary").wait_for()
    problems += accessibility_problems(page, "funding deficits refused")

    # A service the appraisal does not cover yet, so the scope page offers to add one.
    Service.objects.create(cluster=ServiceCluster.objects.first(), name="Street lighting", position=99)
    page.goto(f"{live_server.url}{BASE}/scope/")
    submit(page, "Add the service")
    page.locator(".error-summary").wait_for()
    problems += accessibility_problems(page, "scope: adding with nothing chosen")

    page.goto(f"{live_server.url}{BASE}/workbook/upload/")
    submit(page, "Check the workbook")
    page.locator(".error-summary").wait_for()
    problems += accessibility_problems(page, "workbook upload with no file")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the current figures").click()
    book = download.value.path().read_bytes()
    column, row = first_cell_with_text(book, "Baselines", "FTE")
    workbook = load_workbook(io.BytesIO(book))
    workbook["Baselines"][f"{column}{row}"] = "12O"
    damaged = tmp_path / "figures.xlsx"
    workbook.save(damaged)
    page.locator("input[type=file]").set_input_files(damaged)
    submit(page, "Check the workbook")
    page.get_by_text(f"Baselines!{column}{row}").first.wait_for()
    problems += accessibility_problems(page, "workbook preview with a problem")

    response = page.goto(f"{live_server.url}/appraisals/no-such-appraisal/")
    assert response.status == 404
    problems += accessibility_problems(page, "404 page")
    response = page.goto(f"{live_server.url}/appraisals/import/")
    assert response.status == 403
    problems += accessibility_problems(page, "403 page")
    context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_pages_a_member_reads_have_no_accessibility_violations(browser, live_server, demo, width):
    context, page = new_page(browser, width)
    sign_in(page, live_server, MEMBER)
    problems = []
    for path in ["/", f"{BASE}/", f"{BASE}/scenarios/", f"{BASE}/cabinet-report/", f"{BASE}/history/"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        problems += accessibility_problems(page, f"{path} as a member")
    context.close()
    assert problems == [], "\n".join(problems)
