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
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from appraisal.calculations import CalculationError
from appraisal.models import CabinetReport, CabinetReportPdf, Scenario
from appraisal.permissions import appraisal_for_user_or_404, can_edit_assumptions
from appraisal.report.forms import CabinetReportForm
from appraisal.report.render import report_html
from appraisal.report.selectors import cabinet_report_data
from appraisal.report.services import (
    cabinet_report_pdf_get,
    cabinet_report_pdf_request,
    cabinet_report_pdf_retry,
    cabinet_report_update,
)
from appraisal.summary.selectors import appraisal_councils
from appraise.htmx import HtmxHttpRequest
from appraise.writes import StaleEdit, changed_by, last_change, stale_message
from councils.models import Council


def _data_or_404(appraisal, request):
    """The report's data; ?scenario=NAME presents another of the appraisal's scenarios."""
    try:
        return cabinet_report_data(appraisal=appraisal, scenario_name=request.GET.get("scenario") or None)
    except Scenario.DoesNotExist as exc:
        raise Http404("The appraisal has no scenario of that name.") from exc


@require_GET
@login_required
def cabinet_report(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The report as a web page: the very HTML the PDF is made from."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    try:
        data = _data_or_404(appraisal, request)
    except CalculationError as exc:
        return render(request, "appraisal/detail_error.html", {"appraisal": appraisal, "error": str(exc)})
    return HttpResponse(report_html(data, can_edit=can_edit_assumptions(request.user, appraisal)))


@require_GET
@login_required
def cabinet_report_pdf(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Ask for the PDF (?scenario=NAME for another scenario). Ready: a plain request gets the PDF itself, HTMX the
    link to it. Not yet: HTMX gets the status that polls; a plain request goes to the page that refreshes."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    try:
        data = _data_or_404(appraisal, request)
    except CalculationError as exc:
        return render(request, "appraisal/detail_error.html", {"appraisal": appraisal, "error": str(exc)})
    pdf = cabinet_report_pdf_request(data=data)
    if request.htmx:
        return _pdf_status(request, appraisal, pdf)
    if pdf.status == CabinetReportPdf.Status.READY:
        return _pdf_file(cabinet_report_pdf_get(appraisal=appraisal, fingerprint=pdf.fingerprint, with_pdf=True))
    return redirect("cabinet_report_pdf_status", slug=appraisal.slug, fingerprint=pdf.fingerprint)


@require_GET
@login_required
def cabinet_report_pdf_status(request: HtmxHttpRequest, slug: str, fingerprint: str) -> HttpResponse:
    """Where the PDF has got to: a page (refreshing itself while it is prepared) or, for HTMX, the status alone.
    HTMX polls with ?shown=STATE and gets 204 (nothing to change) while the state is the one shown.
    ?retry=1 asks again for a PDF that failed."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    pdf = _pdf_or_404(appraisal, fingerprint)
    if request.GET.get("retry") and pdf.status == CabinetReportPdf.Status.FAILED:
        pdf = cabinet_report_pdf_retry(pdf=pdf)
    if request.htmx and request.GET.get("shown") == _state(pdf):
        return HttpResponse(status=204)
    return _pdf_status(request, appraisal, pdf)


@require_GET
@login_required
def cabinet_report_pdf_download(request: HtmxHttpRequest, slug: str, fingerprint: str) -> HttpResponse:
    """The PDF of that fingerprint, as made; its status page until it is ready."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    pdf = _pdf_or_404(appraisal, fingerprint, with_pdf=True)
    if pdf.status != CabinetReportPdf.Status.READY:
        return redirect("cabinet_report_pdf_status", slug=appraisal.slug, fingerprint=fingerprint)
    return _pdf_file(pdf)


# A PDF still preparing after this long gets a word that it is slow, and why it might be.
SLOW_AFTER_SECONDS = 60


def _state(pdf: CabinetReportPdf) -> str:
    """What the status shows: preparing, slow (preparing for over a minute), ready or failed."""
    if pdf.status == CabinetReportPdf.Status.PREPARING:
        waited = (timezone.now() - pdf.requested_at).total_seconds()
        return "slow" if waited > SLOW_AFTER_SECONDS else "preparing"
    return pdf.status


def _pdf_or_404(appraisal, fingerprint: str, with_pdf: bool = False) -> CabinetReportPdf:
    try:
        return cabinet_report_pdf_get(appraisal=appraisal, fingerprint=fingerprint, with_pdf=with_pdf)
    except CabinetReportPdf.DoesNotExist as exc:
        raise Http404("No such cabinet report PDF.") from exc


def _pdf_status(request: HtmxHttpRequest, appraisal, pdf: CabinetReportPdf) -> HttpResponse:
    args = [appraisal.slug, pdf.fingerprint]
    context = {
        "appraisal": appraisal,
        "report_pdf": pdf,
        "report_pdf_state": _state(pdf),
        "size_kb": max(1, pdf.size // 1024),
        "status_url": reverse("cabinet_report_pdf_status", args=args),
        "download_url": reverse("cabinet_report_pdf_download", args=args),
    }
    if request.htmx:
        return render(request, "appraisal/report/download.html#report-status", context)
    return render(request, "appraisal/report/pdf.html", context)


def _pdf_file(pdf: CabinetReportPdf) -> HttpResponse:
    response = HttpResponse(bytes(pdf.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename}"'
    # The same fingerprint is always the same PDF; it is the reader's own (signed in), so only their browser keeps it.
    response["Cache-Control"] = "private, max-age=86400"
    return response


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
        return render(request, "appraisal/detail_error.html", {"appraisal": appraisal, "error": str(exc)})
    generated = {key: s.generated for key, s in data.sections.items()}
    councils = Council.objects.filter(pk__in=[c.pk for c in appraisal_councils(appraisal=appraisal)])
    report = data.report
    kwargs = {"appraisal": appraisal, "councils": councils, "generated": generated}
    stale = ""
    if request.method == "POST":
        form = CabinetReportForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                changed = cabinet_report_update(
                    appraisal=appraisal, values=form.values(), generated=generated, user=request.user,
                    compared_ids=[s.pk for s in form.cleaned_data["compared_scenarios"]],
                    expected_version=form.cleaned_data["version"] or 0,
                )  # fmt: skip
            except StaleEdit as exc:
                stale = _stale_report(exc.current)
                # Keep what the officer typed; the next save (after checking) goes over the colleague's version.
                form = CabinetReportForm({**request.POST.dict(), "version": exc.current.version,
                                          "compared_scenarios": request.POST.getlist("compared_scenarios")},
                                         **kwargs)  # fmt: skip
                form.is_valid()
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, "Saved the cabinet report." if changed else "Nothing has changed.")
                return redirect("cabinet_report_edit", slug=appraisal.slug)
    else:
        form = CabinetReportForm(initial=_initial(report, data, generated), **kwargs)
    context = {"appraisal": appraisal, "form": form, "data": data, "stale": stale,
               "errors": _error_list(form), "report": report}  # fmt: skip
    return render(request, "appraisal/report/edit.html", context, status=409 if stale else 200)


def _initial(report: CabinetReport, data, generated) -> dict:
    initial = {
        "presenting_council": report.presenting_council_id or data.dashboard.figures.councils[0].pk,
        "meeting": report.meeting or "Cabinet",
        "meeting_date": report.meeting_date,
        "title": report.title or data.appraisal.title,
        "cabinet_members": report.cabinet_members,
        "directors": report.directors,
        "author": report.author,
        "contact": report.contact,
        "is_final": report.is_final,
        "scenario": report.scenario_id,
        "compared_scenarios": list(report.compared_scenarios.values_list("pk", flat=True)) if report.pk else [],
        "version": report.version if report.pk else 0,
    }
    for key, _ in CabinetReport.SECTIONS:
        initial[key] = getattr(report, key) or generated[key]
    return initial


class _Error:
    """An error for the shared error summary: the input's id, its label and the message."""

    def __init__(self, id, label, error):
        self.id, self.label, self.error = id, label, error


def _error_list(form) -> list[_Error]:
    out = []
    if not form.is_bound:
        return out
    for name, errors in form.errors.items():
        if name == "__all__":
            out += [_Error("id_title", "Report", e) for e in errors]
        else:
            out += [_Error(form[name].auto_id, form[name].label, e) for e in errors]
    return out


def _stale_report(current: CabinetReport) -> str:
    """'Changed by hbc-officer at 14:02 while you were editing: your text is kept below; check and save again'."""
    return stale_message(*changed_by(last_change(current)))
