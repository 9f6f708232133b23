"""The cabinet report (issue 6): the browser preview, the PDF, and the page where officers set it up.

Members and officers read the report and download it; officers of partner councils and programme admins
edit its settings and text (can_edit_assumptions); anyone outside the appraisal gets 404.

The PDF is made by a background task (appraisal/report/tasks.py), not by these views: asking for it gives the
PDF at once if this very report was made before (or the task ran in the request, as in development), else a
status that says it is being prepared, which HTMX polls every second (or, without JavaScript, a page that
refreshes itself) until it offers the download.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from appraisal.calculations import CalculationError
from appraisal.models import Appraisal, CabinetReportPdf
from appraisal.permissions import appraisal_for_user_or_404, can_edit_assumptions
from appraisal.report.forms import CabinetReportForm
from appraisal.report.render import pdf_download, report_html
from appraisal.report.selectors import (
    PdfStatus,
    ReportData,
    cabinet_report_data,
    cabinet_report_data_or_404,
    cabinet_report_pdf_get_or_404,
)
from appraisal.report.services import cabinet_report_pdf_request, cabinet_report_pdf_retry, cabinet_report_update
from appraise.htmx import HtmxHttpRequest
from appraise.writes import StaleEdit, changed_by, last_change, stale_message

# The PDF's status, on its own page and alone for HTMX (the dashboard's Download list shows it too).
REPORT_STATUS = "appraisal/report/download.html#report-status"
FRAGMENTS = (REPORT_STATUS,)
PDF_PAGE = "appraisal/report/pdf.html"
EDIT_PAGE = "appraisal/report/edit.html"
READY = CabinetReportPdf.Status.READY


@require_GET
@login_required
def cabinet_report(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The report as a web page: the very HTML the PDF is made from. ?scenario=NAME presents another scenario."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    try:
        data = cabinet_report_data_or_404(appraisal=appraisal, scenario_name=request.GET.get("scenario") or None)
    except CalculationError as exc:
        return _figures_error(request, appraisal, exc)
    return HttpResponse(report_html(data, can_edit=can_edit_assumptions(request.user, appraisal)))


@require_GET
@login_required
def cabinet_report_pdf(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Ask for the PDF (?scenario=NAME for another scenario). Ready: a plain request gets the PDF itself, HTMX the
    link to it. Not yet: HTMX gets the status that polls; a plain request goes to the page that refreshes."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    try:
        data = cabinet_report_data_or_404(appraisal=appraisal, scenario_name=request.GET.get("scenario") or None)
    except CalculationError as exc:
        return _figures_error(request, appraisal, exc)
    pdf = cabinet_report_pdf_request(data=data)
    if request.htmx:
        return _pdf_status(request, PdfStatus.of(appraisal=appraisal, pdf=pdf))
    if pdf.status == READY:
        return pdf_download(
            cabinet_report_pdf_get_or_404(appraisal=appraisal, fingerprint=pdf.fingerprint, with_pdf=True)
        )
    return redirect("cabinet_report_pdf_status", slug=appraisal.slug, fingerprint=pdf.fingerprint)


@require_GET
@login_required
def cabinet_report_pdf_status(request: HtmxHttpRequest, slug: str, fingerprint: str) -> HttpResponse:
    """Where the PDF has got to: a page (refreshing itself while it is prepared) or, for HTMX, the status alone.
    HTMX polls with ?shown=STATE and gets 204 (nothing to change) while the state is the one shown.
    ?retry=1 asks again for a PDF that failed."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    pdf = cabinet_report_pdf_get_or_404(appraisal=appraisal, fingerprint=fingerprint)
    if request.GET.get("retry") and pdf.status == CabinetReportPdf.Status.FAILED:
        pdf = cabinet_report_pdf_retry(pdf=pdf)
    status = PdfStatus.of(appraisal=appraisal, pdf=pdf)
    if request.htmx and request.GET.get("shown") == status.state:
        return HttpResponse(status=204)
    return _pdf_status(request, status)


@require_GET
@login_required
def cabinet_report_pdf_download(request: HtmxHttpRequest, slug: str, fingerprint: str) -> HttpResponse:
    """The PDF of that fingerprint, as made; its status page until it is ready."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    pdf = cabinet_report_pdf_get_or_404(appraisal=appraisal, fingerprint=fingerprint, with_pdf=True)
    if pdf.status != READY:
        return redirect("cabinet_report_pdf_status", slug=appraisal.slug, fingerprint=fingerprint)
    return pdf_download(pdf)


@require_http_methods(["GET", "POST"])
@login_required
def cabinet_report_edit(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Set up the report: cover block, scenarios, text sections (generated from the figures until edited)."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    if not can_edit_assumptions(request.user, appraisal):
        raise PermissionDenied("Only officers of the partner councils can change the cabinet report.")
    try:
        data = cabinet_report_data(appraisal=appraisal)
    except CalculationError as exc:
        return _figures_error(request, appraisal, exc)
    if request.method == "GET":
        return _edit_page(request, data, CabinetReportForm.showing(data))
    form = CabinetReportForm(request.POST, report=data)
    if not form.is_valid():
        return _edit_page(request, data, form)
    try:
        changed = cabinet_report_update(
            appraisal=appraisal,
            values=form.values(),
            compared_ids=form.compared_ids(),
            generated=data.generated,
            expected_version=form.expected_version(),
            user=request.user,
        )
    except StaleEdit as exc:
        # Keep what the officer typed, over the colleague's version: their next save (after checking) goes over it.
        stale = stale_message(*changed_by(last_change(exc.current)))
        return _edit_page(request, data, form.over_version(exc.current.version), stale=stale)
    except ValidationError as exc:
        form.add_service_errors(exc)
        return _edit_page(request, data, form)
    messages.success(request, "Saved the cabinet report." if changed else "Nothing has changed.")
    return redirect("cabinet_report_edit", slug=appraisal.slug)


def _edit_page(request: HtmxHttpRequest, data: ReportData, form: CabinetReportForm, stale: str = "") -> HttpResponse:
    context = {
        "appraisal": data.appraisal,
        "form": form,
        "data": data,
        "stale": stale,
        "errors": form.error_summary(),
        "report": data.report,
    }
    return render(request, EDIT_PAGE, context, status=409 if stale else 200)


def _pdf_status(request: HtmxHttpRequest, status: PdfStatus) -> HttpResponse:
    """The PDF's status: on its page, or alone for HTMX."""
    template = REPORT_STATUS if request.htmx else PDF_PAGE
    return render(request, template, {"appraisal": status.appraisal, "pdf_status": status})


def _figures_error(request: HtmxHttpRequest, appraisal: Appraisal, exc: CalculationError) -> HttpResponse:
    """The figures cannot be worked out: the page says what to fix, as the dashboard does."""
    return render(request, "appraisal/detail_error.html", {"appraisal": appraisal, "error": str(exc)})
