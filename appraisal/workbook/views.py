"""The Excel round trip: download the template or the export, upload a workbook, preview it, confirm it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from appraisal import permissions
from appraisal.workbook import uploads
from appraisal.workbook.apply import StalePreview, WorkbookRejected
from appraisal.workbook.forms import WorkbookImportNewForm, WorkbookUploadForm
from appraisal.workbook.writer import download_name, export_workbook, template_workbook
from appraise.concurrency import is_write_conflict
from appraise.htmx import HtmxHttpRequest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BUSY = "Appraise was busy saving other changes and has not applied this workbook; nothing was changed. Confirm again."


# The preview lists at most this many rows of each kind; the counts above the lists are always complete.
SHOWN = 200

UPLOAD_PAGE = "appraisal/workbook/upload.html"
PREVIEW_PAGE = "appraisal/workbook/preview.html"
# What an HTMX upload is answered with: the form alone, with its errors.
UPLOAD_FORM = f"{UPLOAD_PAGE}#upload-form"
FRAGMENTS = (UPLOAD_FORM,)


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@login_required
def workbook_template(request: HttpRequest, slug: str) -> HttpResponse:
    appraisal = permissions.appraisal_for_user_or_404(request.user, slug)
    if not permissions.can_edit_assumptions(request.user, appraisal):
        raise PermissionDenied("Only officers and programme admins can fill in workbooks.")
    return _xlsx(template_workbook(appraisal=appraisal), download_name(appraisal, "template"))


@require_GET
@login_required
def workbook_export(request: HttpRequest, slug: str) -> HttpResponse:
    appraisal = permissions.appraisal_for_user_or_404(request.user, slug)
    return _xlsx(export_workbook(appraisal=appraisal), download_name(appraisal, "figures"))


def _data(request: HttpRequest) -> tuple:
    """A bound form on POST, even an empty one (an empty POST must show "choose a file", not a fresh form)."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _upload_page(request: HtmxHttpRequest, form, context: dict) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        workbook = form.cleaned_data["workbook"]
        upload = uploads.workbook_upload_create(
            user=request.user,
            file_name=workbook.name,
            content=workbook.read(),
            appraisal=context.get("appraisal"),
            slug=form.cleaned_data.get("slug", ""),
        )
        url = reverse("workbook_preview", args=[upload.pk])
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    return render(request, UPLOAD_FORM if request.htmx else UPLOAD_PAGE, {**context, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def workbook_upload(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    appraisal = permissions.appraisal_for_user_or_404(request.user, slug)
    if not permissions.can_edit_assumptions(request.user, appraisal):
        raise PermissionDenied("Members read the figures; officers upload workbooks.")
    form = WorkbookUploadForm(*_data(request))
    admin = permissions.is_programme_admin(request.user)
    context = {
        "appraisal": appraisal,
        "action": reverse("workbook_upload", args=[slug]),
        "home_council": None if admin else permissions.home_council(request.user),
    }
    return _upload_page(request, form, context)


@require_http_methods(["GET", "POST"])
@login_required
def workbook_import_new(request: HtmxHttpRequest) -> HttpResponse:
    if not permissions.is_programme_admin(request.user):
        raise PermissionDenied("Only a programme admin can create an appraisal.")
    form = WorkbookImportNewForm(*_data(request))
    return _upload_page(request, form, {"appraisal": None, "action": reverse("workbook_import_new")})


@require_GET
@login_required
def workbook_preview(request: HttpRequest, pk) -> HttpResponse:
    upload = uploads.workbook_upload_for_user_or_404(user=request.user, pk=pk)
    plan = uploads.workbook_upload_plan(upload=upload, user=request.user)
    if plan is None:  # applied, or out of date: the page says which
        context = {"upload": upload, "appraisal": upload.appraisal, "discarded": uploads.DISCARDED}
        return render(request, PREVIEW_PAGE, context)
    context = {
        "upload": upload,
        "appraisal": upload.appraisal,
        "plan": plan,
        "problems": plan.problems[:SHOWN],
        "more_problems": max(len(plan.problems) - SHOWN, 0),
        "groups": plan.by_sheet(SHOWN),
    }
    return render(request, PREVIEW_PAGE, context)


@require_POST
@login_required
def workbook_confirm(request: HttpRequest, pk) -> HttpResponse:
    upload = uploads.workbook_upload_for_user_or_404(user=request.user, pk=pk)
    preview_url = reverse("workbook_preview", args=[upload.pk])
    try:
        applied = uploads.workbook_upload_confirm(
            upload=upload, user=request.user, fingerprint=request.POST.get("fingerprint")
        )
    except StalePreview as exc:
        uploads.workbook_upload_discard(upload=upload)
        messages.error(request, str(exc))
        if upload.appraisal is None:
            return redirect("workbook_import_new")
        return redirect("workbook_upload", upload.appraisal.slug)
    except WorkbookRejected:
        messages.error(request, "The workbook cannot be applied as the figures now stand; nothing was changed.")
        return redirect(preview_url)
    except ValueError as exc:  # applied already, or out of date
        messages.info(request, str(exc))
        return redirect(preview_url)
    except DatabaseError as exc:
        # Another write held the database past its timeout (a long import on SQLite): this one changed nothing.
        if not is_write_conflict(exc):
            raise
        messages.error(request, BUSY)
        return redirect(preview_url)
    messages.success(request, f"Workbook applied: {applied.plan.summary()}.")
    return redirect(applied.appraisal.get_absolute_url())
