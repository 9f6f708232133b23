"""Writes for the cabinet report: its settings and text sections, versioned and audited (django-simple-history);
and its PDF, asked for by the pages and made by a background task (appraisal/report/tasks.py).

Nothing else writes these models. CabinetReport: `cabinet_report_update`. CabinetReportPdf, a store of PDFs made:
created by `cabinet_report_pdf_request`, every later change of a row through `_pdf_write` (queued, made or failed,
asked for again), and the oldest removed by `_pdfs_prune`.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from appraisal.models import Appraisal, CabinetReport, CabinetReportPdf, Scenario
from appraisal.report.render import html_to_pdf, report_filename, report_fingerprint, report_html
from appraisal.report.selectors import PDF_FILES, ReportData, cabinet_report_pdf_get
from appraisal.report.text import validate_section
from appraisal.summary.dashboard import MAX_COMPARED
from appraise.writes import check_version, save_if_changed

logger = logging.getLogger(__name__)

TOO_MANY_COMPARED = f"Choose at most {MAX_COMPARED} scenarios to compare."
NOT_THIS_APPRAISAL = "Choose scenarios of this appraisal."
NOT_SHOWN = "Choose scenarios shown to members: a draft cannot be presented or compared."
SHOWN = Scenario.Status.SHOWN
SECTION_KEYS = [key for key, _ in CabinetReport.SECTIONS]


def _same_text(a: str, b: str) -> bool:
    """Browsers send CRLF line ends and trailing spaces; the generated text is the same text without them."""

    def norm(text: str) -> str:
        return "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").strip().split("\n"))

    return norm(a) == norm(b)


def _validated(*, appraisal: Appraisal, values: dict, compared_ids: list[int], generated: dict[str, str]):
    """The values to store (a section equal to its generated text blank) and the compared scenarios; raises
    ValidationError for a section too long for a report, or a scenario of another appraisal, a draft, or too many."""
    values = dict(values)
    problems = {}
    for key in SECTION_KEYS:
        if key in values:
            text = (values[key] or "").replace("\r\n", "\n").strip()
            try:
                validate_section(text)
            except ValidationError as exc:
                problems[key] = exc.messages
            values[key] = "" if _same_text(text, generated.get(key, "")) else text
    if problems:
        raise ValidationError(problems)
    scenario = values.get("scenario")
    if scenario is not None and scenario.appraisal_id != appraisal.pk:
        raise ValidationError({"scenario": NOT_THIS_APPRAISAL})
    if scenario is not None and scenario.status != SHOWN:
        raise ValidationError({"scenario": NOT_SHOWN})
    compared = list(appraisal.scenarios.filter(pk__in=compared_ids))
    if len(compared) != len(set(compared_ids)):
        raise ValidationError({"compared_scenarios": NOT_THIS_APPRAISAL})
    if any(s.status != SHOWN for s in compared):
        raise ValidationError({"compared_scenarios": NOT_SHOWN})
    if len(compared) > MAX_COMPARED:
        raise ValidationError({"compared_scenarios": TOO_MANY_COMPARED})
    return values, compared


@transaction.atomic
def cabinet_report_update(
    *,
    appraisal: Appraisal,
    values: dict,
    compared_ids: list[int],
    generated: dict[str, str],
    expected_version: int,
    user=None,
) -> bool:
    """Save the report's settings and sections; returns True if anything changed.

    A section equal to its generated text (`generated`) is stored blank, so it keeps following the figures.
    Raises StaleEdit if someone saved the report after `expected_version`, ValidationError for bad values.
    """
    report = CabinetReport.objects.select_for_update().filter(appraisal=appraisal).first()
    if report is None:
        report = CabinetReport(appraisal=appraisal)
        check_version(report, expected_version if expected_version else None)
    else:
        check_version(report, expected_version)
    values, compared = _validated(appraisal=appraisal, values=values, compared_ids=compared_ids, generated=generated)
    if report.pk:
        compared_changed = set(report.compared_scenarios.values_list("pk", flat=True)) != {s.pk for s in compared}
    else:
        compared_changed = bool(compared)
    changed = save_if_changed(report, values, user=user)
    if compared_changed:
        if not changed:
            # A change of the compared scenarios alone still raises the version and is recorded.
            report.version += 1
            report.updated_by = user
            report._history_user = user
            report.save()
        report.compared_scenarios.set(compared)
    return changed or compared_changed


# --- The PDF. Rows live in CabinetReportPdf under the fingerprint of the report's HTML (render.report_fingerprint).

PDF_STATUS = CabinetReportPdf.Status
# A PDF still "preparing" this long after it was asked for has lost its task (a worker stopped mid-render): the
# next request for it queues it again. A render takes seconds; a queue behind other renders, a minute or two.
REQUEUE_AFTER = timedelta(minutes=10)
# The PDFs kept for each appraisal, newest first: the figures of the last few changes, a few MB at most.
KEEP_PDFS = 10


def _pdf_write(pdf_id: int, *, where: dict | None = None, **values) -> bool:
    """The one write of a stored PDF's row: set `values` if the row is still as `where` says (its status, its age),
    in one UPDATE, so of two requests or workers racing each other only one changes it. True if it did."""
    return bool(CabinetReportPdf.objects.filter(pk=pdf_id, **(where or {})).update(**values))


def cabinet_report_pdf_request(*, data: ReportData) -> CabinetReportPdf:
    """The PDF of the report as it stands now: the one made already of this very HTML, or one asked of the task.

    Returns the row without its HTML and PDF loaded. With the immediate task backend (development, tests) the PDF
    is made before this returns; with the database backend it is made by `manage.py db_worker`, and the row says
    "preparing" until then. A failed PDF, or one lost by its worker, is asked for again.
    """
    html = report_html(data, for_pdf=True)
    pdf, created = CabinetReportPdf.objects.defer(*PDF_FILES).get_or_create(
        appraisal=data.appraisal,
        fingerprint=report_fingerprint(html),
        defaults={"filename": report_filename(data), "html": html, "requested_at": timezone.now()},
    )
    if created:
        return _pdf_enqueue(pdf)
    if pdf.status == PDF_STATUS.FAILED:
        return cabinet_report_pdf_retry(pdf=pdf)
    now = timezone.now()
    lost = {"status": PDF_STATUS.PREPARING, "requested_at__lt": now - REQUEUE_AFTER}
    if _pdf_write(pdf.pk, where=lost, requested_at=now):  # one request of several at the same moment queues it
        return _pdf_enqueue(pdf)
    return pdf


def cabinet_report_pdf_retry(*, pdf: CabinetReportPdf) -> CabinetReportPdf:
    """Ask again for a PDF that failed (its HTML is kept until a PDF is made)."""
    failed = {"status": PDF_STATUS.FAILED}
    if _pdf_write(
        pdf.pk, where=failed, status=PDF_STATUS.PREPARING, error="", requested_at=timezone.now(), finished_at=None
    ):
        return _pdf_enqueue(pdf)
    return cabinet_report_pdf_get(appraisal=pdf.appraisal, fingerprint=pdf.fingerprint)


def _pdf_enqueue(pdf: CabinetReportPdf) -> CabinetReportPdf:
    # Imported here: the task module imports this one for cabinet_report_pdf_render.
    from appraisal.report.tasks import render_cabinet_report_pdf

    result = render_cabinet_report_pdf.enqueue(pdf.pk)
    _pdf_write(pdf.pk, task_id=str(result.id))
    return CabinetReportPdf.objects.defer(*PDF_FILES).get(pk=pdf.pk)


def cabinet_report_pdf_render(*, pdf_id: int) -> CabinetReportPdf | None:
    """Make the PDF of a row's HTML (the background task's work): store it, or the error if WeasyPrint fails.

    Safe to run twice for one row (a task queued again): a PDF made already is kept. None if the row has gone
    (its appraisal deleted, or the row pruned as older than KEEP_PDFS newer ones).
    """
    pdf = CabinetReportPdf.objects.filter(pk=pdf_id).defer("pdf").first()
    if pdf is None or pdf.status == PDF_STATUS.READY:
        return pdf
    try:
        content = html_to_pdf(pdf.html)
    except Exception as exc:
        logger.exception("Cabinet report PDF %s (%s) failed", pdf.pk, pdf.filename)
        _pdf_write(pdf.pk, status=PDF_STATUS.FAILED, error=f"{type(exc).__name__}: {exc}", finished_at=timezone.now())
        raise
    _pdf_write(
        pdf.pk, status=PDF_STATUS.READY, pdf=content, size=len(content), html="", error="", finished_at=timezone.now()
    )
    _pdfs_prune(appraisal_id=pdf.appraisal_id)
    return CabinetReportPdf.objects.defer(*PDF_FILES).get(pk=pdf.pk)


def _pdfs_prune(*, appraisal_id: int) -> None:
    """Keep the appraisal's KEEP_PDFS newest PDFs; remove the rest."""
    older = CabinetReportPdf.objects.filter(appraisal_id=appraisal_id, status=PDF_STATUS.READY)
    stale_ids = list(older.order_by("-finished_at", "-pk").values_list("pk", flat=True)[KEEP_PDFS:])
    CabinetReportPdf.objects.filter(pk__in=stale_ids).delete()
