"""The cabinet report PDF is made by a background task and kept under the fingerprint of what it shows (issue 13).

Most tests use the immediate backend (the default, as in development: the task runs in the request). The database
backend's tests queue the task as production does, see the page say it is being prepared, run the worker's
processing once (`manage.py db_worker --batch`) and then download the PDF it stored.
"""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from appraisal.models import CabinetReportPdf
from appraisal.report import services
from appraisal.report.render import report_fingerprint, report_html
from appraisal.report.selectors import cabinet_report_data
from tests.report.conftest import DATABASE_TASKS, SLUG, pdf_text, run_worker_once

pytestmark = pytest.mark.django_db

PDF_URL = reverse("cabinet_report_pdf", args=[SLUG])
FILENAME = "2011-08-darlington-hartlepool-cabinet-report.pdf"


def status_url(fingerprint: str) -> str:
    return reverse("cabinet_report_pdf_status", args=[SLUG, fingerprint])


def download_url(fingerprint: str) -> str:
    return reverse("cabinet_report_pdf_download", args=[SLUG, fingerprint])


@pytest.fixture
def member(user_with):
    client, _ = user_with("member")
    return client


@pytest.fixture
def renders(monkeypatch):
    """The HTML of every PDF WeasyPrint is asked to make."""
    seen = []
    render = services.html_to_pdf

    def counting(html):
        seen.append(html)
        return render(html)

    monkeypatch.setattr(services, "html_to_pdf", counting)
    return seen


def test_the_fingerprint_is_the_sha256_of_the_html_and_changes_with_any_figure_or_word(dh_appraisal):
    html = report_html(cabinet_report_data(appraisal=dh_appraisal), for_pdf=True)
    fingerprint = report_fingerprint(html)
    assert len(fingerprint) == 64 and int(fingerprint, 16) >= 0
    assert report_fingerprint(html) == fingerprint
    assert report_fingerprint(html.replace("£9,263,010", "£9,263,011")) != fingerprint
    high = report_html(cabinet_report_data(appraisal=dh_appraisal, scenario_name="High"), for_pdf=True)
    assert report_fingerprint(high) != fingerprint


def test_a_second_download_of_the_same_figures_is_not_rendered_again(member, renders):
    first = member.get(PDF_URL)
    second = member.get(PDF_URL)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and first.content.startswith(b"%PDF-")
    assert len(renders) == 1
    stored = CabinetReportPdf.objects.get()
    assert stored.status == "ready" and stored.filename == FILENAME
    assert bytes(stored.pdf) == first.content and stored.size == len(first.content)
    assert stored.html == ""  # the HTML waits for the task only until the PDF is made


def test_a_change_to_the_figures_makes_a_new_pdf_with_the_new_figures(member, dh_appraisal, renders):
    member.get(PDF_URL)
    dh_appraisal.scenarios.filter(name="Low").update(discount_rate="5.0")
    text = pdf_text(member.get(PDF_URL).content)
    assert len(renders) == 2 and CabinetReportPdf.objects.count() == 2
    assert "£9,263,010" not in text  # the Low scenario's NPV at 3.5%: discounted at 5% now


def test_htmx_gets_the_link_to_the_stored_pdf_which_downloads_it(member):
    html = member.get(PDF_URL, HTTP_HX_REQUEST="true").content.decode()
    stored = CabinetReportPdf.objects.get()
    assert "The cabinet report is ready" in html
    assert f'<a href="{download_url(stored.fingerprint)}" download="{FILENAME}">' in html
    assert f"(PDF, {stored.size // 1024} KB)" in html
    r = member.get(download_url(stored.fingerprint))
    assert r["Content-Disposition"] == f'attachment; filename="{FILENAME}"'
    assert "£9,263,010" in pdf_text(r.content)


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_worker_makes_the_pdf_and_the_page_then_offers_it(dh_appraisal, user_with):
    client, _ = user_with("member")
    with override_settings(TASKS=DATABASE_TASKS):
        # Without JavaScript: the request queues the task and goes to a page that says so and refreshes itself.
        r = client.get(PDF_URL)
        stored = CabinetReportPdf.objects.get()
        assert r.status_code == 302 and r.url == status_url(stored.fingerprint)
        assert stored.status == "preparing"
        task = DBTaskResult.objects.get()
        assert task.status == "READY" and str(task.id) == stored.task_id
        assert task.task_path == "appraisal.report.tasks.render_cabinet_report_pdf"
        page = client.get(r.url).content.decode()
        assert "Preparing the report…" in page
        assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
        assert "Download" not in page
        # With HTMX: the status, which asks again every second and is told "nothing new" (204) meanwhile.
        html = client.get(PDF_URL, HTTP_HX_REQUEST="true").content.decode()
        assert "Preparing the report…" in html and 'hx-trigger="every 1s"' in html
        assert f'hx-get="{status_url(stored.fingerprint)}?shown=preparing"' in html
        assert DBTaskResult.objects.count() == 1  # asking again does not queue it again
        poll = client.get(status_url(stored.fingerprint), {"shown": "preparing"}, HTTP_HX_REQUEST="true")
        assert poll.status_code == 204
        assert client.get(download_url(stored.fingerprint)).status_code == 302  # not made yet

        run_worker_once()

        task.refresh_from_db()
        stored.refresh_from_db()
        assert task.status == "SUCCESSFUL" and stored.status == "ready"
        poll = client.get(status_url(stored.fingerprint), {"shown": "preparing"}, HTTP_HX_REQUEST="true")
        assert poll.status_code == 200 and f"Download {FILENAME}" in poll.content.decode()
        page = client.get(status_url(stored.fingerprint)).content.decode()
        assert "The cabinet report is ready" in page and "refresh" not in page
        pdf = client.get(download_url(stored.fingerprint))
        assert pdf["Content-Type"] == "application/pdf"
        assert "£9,263,010" in pdf_text(pdf.content)
        # The plain link now gives the stored PDF at once, queueing nothing.
        again = client.get(PDF_URL)
        assert again.content == pdf.content and DBTaskResult.objects.count() == 1


def test_a_failed_render_says_so_and_can_be_tried_again(member, monkeypatch):
    def broken(html):
        raise MemoryError("out of memory")

    render = services.html_to_pdf
    monkeypatch.setattr(services, "html_to_pdf", broken)
    html = member.get(PDF_URL, HTTP_HX_REQUEST="true").content.decode()
    stored = CabinetReportPdf.objects.get()
    assert "The cabinet report could not be made." in html and "Try again" in html
    assert stored.status == "failed" and stored.error == "MemoryError: out of memory"
    monkeypatch.setattr(services, "html_to_pdf", render)
    html = member.get(status_url(stored.fingerprint), {"retry": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert f"Download {FILENAME}" in html


def test_a_long_wait_is_explained(member):
    with override_settings(TASKS=DATABASE_TASKS):
        member.get(PDF_URL)
    stored = CabinetReportPdf.objects.get()
    CabinetReportPdf.objects.update(requested_at=timezone.now() - timedelta(seconds=90))
    html = member.get(status_url(stored.fingerprint), {"shown": "preparing"}, HTTP_HX_REQUEST="true").content.decode()
    assert "This is taking longer than usual" in html and "the report worker may not be running" in html
    assert member.get(status_url(stored.fingerprint), {"shown": "slow"}, HTTP_HX_REQUEST="true").status_code == 204


def test_a_pdf_lost_by_its_worker_is_queued_again(member):
    with override_settings(TASKS=DATABASE_TASKS):
        member.get(PDF_URL)
        CabinetReportPdf.objects.update(requested_at=timezone.now() - services.REQUEUE_AFTER - timedelta(seconds=1))
        member.get(PDF_URL)
    assert DBTaskResult.objects.count() == 2


def test_only_the_latest_pdfs_of_an_appraisal_are_kept(dh_appraisal):
    now = timezone.now()
    rows = [
        CabinetReportPdf.objects.create(
            appraisal=dh_appraisal,
            fingerprint=f"{i:064x}",
            filename="x.pdf",
            html=f"<p>Version {i}</p>",
            requested_at=now,
        )
        for i in range(services.KEEP_PDFS + 2)
    ]
    for row in rows:
        services.cabinet_report_pdf_render(pdf_id=row.pk)
    kept = CabinetReportPdf.objects.order_by("pk")
    assert [r.fingerprint for r in kept] == [r.fingerprint for r in rows[2:]]
    assert "Version 11" in pdf_text(bytes(kept.last().pdf))


def test_outsiders_cannot_reach_a_pdf_by_its_fingerprint(member, user_with):
    member.get(PDF_URL)
    fingerprint = CabinetReportPdf.objects.get().fingerprint
    assert member.get(status_url(fingerprint)).status_code == 200
    assert member.get(status_url("0" * 64)).status_code == 404
    outsider, _ = user_with("outsider", "stockton-officer")  # the same client, signed in as someone else
    assert outsider.get(status_url(fingerprint)).status_code == 404
    assert outsider.get(download_url(fingerprint)).status_code == 404


@pytest.mark.parametrize("name", ["cabinet_report_pdf_status", "cabinet_report_pdf_download"])
def test_the_pdf_pages_refuse_post(member, name):
    member.get(PDF_URL)
    fingerprint = CabinetReportPdf.objects.get().fingerprint
    assert member.post(reverse(name, args=[SLUG, fingerprint])).status_code == 405
