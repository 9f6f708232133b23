"""A member gets the cabinet report from the dashboard in a real browser, as production makes it (issue 13): the
request queues the PDF for the background worker and the page says "Preparing the report…" (not a frozen page),
asks again every second without reloading, and offers the PDF, named as councils file it, once the worker has
made it."""

import io

import pytest
from pypdf import PdfReader

from tests.browser.conftest import MEMBER, sign_in
from tests.report.conftest import DATABASE_TASKS, run_worker_once

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/appraisals/darlington-hartlepool-2011/"
FILENAME = "2011-08-darlington-hartlepool-cabinet-report.pdf"
# However busy the machine, the worker has made the PDF before the page is waited on; this is only a ceiling on
# the page's next poll and the download.
READY_WITHIN_MS = 60_000

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


def test_a_member_sees_the_report_being_prepared_then_downloads_it(page, live_server, demo, console_errors, settings):
    settings.TASKS = DATABASE_TASKS  # as in production: the PDF waits in the database for the worker
    sign_in(page, live_server, MEMBER, URL)
    page.evaluate("window.__sameDocument = true")
    page.evaluate(WATCH)
    # The page's polls pass through here, so none reaches the server while the worker (in this thread) runs.
    page.route("**/cabinet-report/pdf/**", lambda route: route.continue_())

    page.get_by_role("link", name="Cabinet report (PDF)").click()
    # The server's answer: the status that polls (the request's own indicator said "Preparing the report…" too).
    preparing = page.get_by_role("status").filter(has_text="the download will appear here")
    preparing.wait_for()
    assert preparing.inner_text() == "Preparing the report… It takes a few seconds; the download will appear here."
    seen = page.evaluate("window.__seen")
    assert "preparing: Preparing the report…" in seen
    assert "link disabled" in seen  # a second click cannot ask twice
    assert page.get_by_role("link", name=f"Download {FILENAME}").count() == 0

    run_worker_once()

    ready = page.get_by_role("link", name=f"Download {FILENAME}")
    ready.wait_for(timeout=READY_WITHIN_MS)
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    assert "The cabinet report is ready" in page.locator("#cabinet-report-download").inner_text()

    with page.expect_download(timeout=READY_WITHIN_MS) as download_info:
        ready.click()
    download = download_info.value
    assert download.suggested_filename == FILENAME
    with open(download.path(), "rb") as f:
        pdf = f.read()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "£9,263,010" in text and "Purpose of Report" in text  # the Low scenario, as on the dashboard
    assert console_errors == []
