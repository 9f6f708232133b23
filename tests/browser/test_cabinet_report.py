"""A member gets the cabinet report from the dashboard in a real browser: the request shows "Preparing the
report…" while WeasyPrint works (not a frozen page), then offers the PDF, named as councils file it."""

import io

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from tests.browser.conftest import MEMBER, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/appraisals/darlington-hartlepool-2011/"
FILENAME = "2011-08-darlington-hartlepool-cabinet-report.pdf"

# Notes each change htmx makes while the request runs: the indicator turned on, the link disabled.
WATCH = """() => {
  window.__seen = [];
  const indicator = document.querySelector('#cabinet-report-preparing');
  const link = document.querySelector('#cabinet-report-download a[hx-get]');
  new MutationObserver(() => {
    if (indicator.classList.contains('htmx-request')) window.__seen.push('preparing: ' + indicator.innerText);
    if (link.disabled || link.hasAttribute('disabled')) window.__seen.push('link disabled');
  }).observe(indicator, {attributes: true});
  new MutationObserver(() => {
    if (link.hasAttribute('disabled')) window.__seen.push('link disabled');
  }).observe(link, {attributes: true});
}"""


def test_a_member_sees_the_report_being_prepared_then_downloads_it(page, live_server, demo, console_errors):
    cache.clear()  # no PDF made earlier: this request renders it
    sign_in(page, live_server, MEMBER, URL)
    page.evaluate("window.__sameDocument = true")
    page.evaluate(WATCH)

    page.get_by_role("link", name="Cabinet report (PDF)").click()
    ready = page.get_by_role("link", name=f"Download {FILENAME}")
    ready.wait_for()

    seen = page.evaluate("window.__seen")
    assert "preparing: Preparing the report…" in seen
    assert "link disabled" in seen  # a second click cannot start a second render
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    assert "The cabinet report is ready" in page.locator("#cabinet-report-download").inner_text()

    with page.expect_download() as download_info:
        ready.click()
    download = download_info.value
    assert download.suggested_filename == FILENAME
    with open(download.path(), "rb") as f:
        pdf = f.read()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "£9,263,010" in text and "Purpose of Report" in text  # the Low scenario, as on the dashboard
    assert console_errors == []
