"""Uploaded workbooks waiting for confirmation: store, preview, confirm. Used by the workbook views."""

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from appraisal import permissions
from appraisal.models import Appraisal, WorkbookUpload
from appraisal.workbook.apply import Applied, workbook_apply, workbook_preview
from appraisal.workbook.plan import Plan

ALREADY_APPLIED = "This workbook has already been applied."
DISCARDED = "This preview is out of date: upload the workbook again."


def workbook_upload_create(
    *, user, file_name: str, content: bytes, appraisal: Appraisal | None = None, slug: str = ""
) -> WorkbookUpload:
    return WorkbookUpload.objects.create(
        appraisal=appraisal,
        slug=appraisal.slug if appraisal else slug,
        uploaded_by=user,
        file_name=file_name[:255],
        content=content,
    )


def workbook_upload_for_user_or_404(*, user, pk) -> WorkbookUpload:
    """Only the person who uploaded it (or a programme admin) sees an upload; anyone else gets 404."""
    upload = WorkbookUpload.objects.select_related("appraisal").filter(pk=pk).first()
    if upload is None or not (upload.uploaded_by_id == user.pk or permissions.is_programme_admin(user)):
        raise Http404("No workbook upload with that address.")
    if upload.appraisal is not None and not permissions.can_view_appraisal(user, upload.appraisal):
        raise Http404("No workbook upload with that address.")
    return upload


def workbook_upload_plan(*, upload: WorkbookUpload, user) -> Plan:
    """The upload's preview against the figures as they are now; remembers their fingerprint."""
    plan = workbook_preview(content=bytes(upload.content), file_name=upload.file_name, slug=upload.slug, user=user)
    if upload.status == WorkbookUpload.Status.PREVIEWED and upload.fingerprint != plan.fingerprint:
        upload.fingerprint = plan.fingerprint
        upload.save(update_fields=["fingerprint"])
    return plan


@transaction.atomic
def workbook_upload_confirm(*, upload: WorkbookUpload, user, fingerprint: str | None = None) -> Applied:
    """Apply the upload all-or-nothing if the figures are still those its preview showed.

    Raises ValueError if it was applied already, or the errors of workbook_apply (nothing changed).
    """
    upload = WorkbookUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.status == WorkbookUpload.Status.APPLIED:
        raise ValueError(ALREADY_APPLIED)
    if upload.status != WorkbookUpload.Status.PREVIEWED:
        raise ValueError(DISCARDED)
    applied = workbook_apply(
        content=bytes(upload.content),
        file_name=upload.file_name,
        slug=upload.slug,
        user=user,
        fingerprint=fingerprint or upload.fingerprint or None,
    )
    upload.status = WorkbookUpload.Status.APPLIED
    upload.applied_at = timezone.now()
    upload.appraisal = applied.appraisal
    upload.save(update_fields=["status", "applied_at", "appraisal"])
    return applied


def workbook_upload_discard(*, upload: WorkbookUpload) -> None:
    """A preview that has gone stale: keep the record, but it can no longer be confirmed."""
    WorkbookUpload.objects.filter(pk=upload.pk, status=WorkbookUpload.Status.PREVIEWED).update(
        status=WorkbookUpload.Status.DISCARDED
    )
