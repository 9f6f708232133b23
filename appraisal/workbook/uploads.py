"""Uploaded workbooks waiting for confirmation: store, preview, confirm. Used by the workbook views.

The file is read once, when it is uploaded; what was read (stored.py), not the file, is kept with the upload for
its preview and its confirmation, and deleted once the upload is applied, discarded, or left unconfirmed for
contract.UPLOAD_KEPT (the upload's record stays: who uploaded which file, when, and what became of it).
"""

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from appraisal import permissions
from appraisal.models import Appraisal, WorkbookUpload
from appraisal.workbook import contract
from appraisal.workbook.apply import Applied, workbook_apply, workbook_preview
from appraisal.workbook.plan import Plan
from appraisal.workbook.reader import read_workbook
from appraisal.workbook.rows import ParsedWorkbook
from appraisal.workbook.stored import parsed_dumps, parsed_loads

ALREADY_APPLIED = "This workbook has already been applied."
DISCARDED = "This preview is out of date: upload the workbook again."


def workbook_uploads_expire() -> int:
    """Delete the stored contents of uploads older than contract.UPLOAD_KEPT; a preview not confirmed by then is
    discarded. Run with every upload. Returns how many uploads had contents deleted."""
    cutoff = timezone.now() - contract.UPLOAD_KEPT
    old = WorkbookUpload.objects.filter(created_at__lt=cutoff)
    discarded = old.filter(status=WorkbookUpload.Status.PREVIEWED).update(
        status=WorkbookUpload.Status.DISCARDED, content=b""
    )
    return discarded + old.exclude(content=b"").update(content=b"")


def workbook_upload_create(
    *, user, file_name: str, content: bytes, appraisal: Appraisal | None = None, slug: str = ""
) -> WorkbookUpload:
    """Read the workbook now, once, and keep what was read (not the file) with the upload."""
    workbook_uploads_expire()
    parsed = read_workbook(content, file_name=file_name)
    return WorkbookUpload.objects.create(
        appraisal=appraisal,
        slug=appraisal.slug if appraisal else slug,
        uploaded_by=user,
        file_name=file_name[:255],
        content=parsed_dumps(parsed),
    )


def workbook_upload_for_user_or_404(*, user, pk) -> WorkbookUpload:
    """Only the person who uploaded it (or a programme admin) sees an upload; anyone else gets 404."""
    upload = WorkbookUpload.objects.select_related("appraisal").filter(pk=pk).first()
    if upload is None or not (upload.uploaded_by_id == user.pk or permissions.is_programme_admin(user)):
        raise Http404("No workbook upload with that address.")
    if upload.appraisal is not None and not permissions.can_view_appraisal(user, upload.appraisal):
        raise Http404("No workbook upload with that address.")
    return upload


def _expired(upload: WorkbookUpload) -> bool:
    return upload.created_at < timezone.now() - contract.UPLOAD_KEPT


def _parsed(upload: WorkbookUpload) -> ParsedWorkbook | None:
    """What was read from the upload, or None once its contents are deleted."""
    content = bytes(upload.content)
    if not content:
        return None
    return parsed_loads(content) or read_workbook(content, file_name=upload.file_name)  # stored before issue 13


def workbook_upload_plan(*, upload: WorkbookUpload, user) -> Plan | None:
    """The upload's preview against the figures as they are now, remembering their fingerprint; None for an upload
    that is applied, or discarded (a stale preview, or one not confirmed in time, which this discards)."""
    if upload.status == WorkbookUpload.Status.PREVIEWED and _expired(upload):
        workbook_upload_discard(upload=upload)
        upload.status = WorkbookUpload.Status.DISCARDED
    parsed = _parsed(upload) if upload.status == WorkbookUpload.Status.PREVIEWED else None
    if parsed is None:
        return None
    plan = workbook_preview(parsed=parsed, slug=upload.slug, user=user)
    if upload.fingerprint != plan.fingerprint:
        upload.fingerprint = plan.fingerprint
        upload.save(update_fields=["fingerprint"])
    return plan


def workbook_upload_confirm(*, upload: WorkbookUpload, user, fingerprint: str | None = None) -> Applied:
    """Apply the upload all-or-nothing if the figures are still those its preview showed, then delete its contents.

    Raises ValueError if it was applied already or cannot be any more, or the errors of workbook_apply (nothing
    changed).
    """
    pending = WorkbookUpload.objects.filter(
        pk=upload.pk, status=WorkbookUpload.Status.PREVIEWED, created_at__gte=timezone.now() - contract.UPLOAD_KEPT
    )
    with transaction.atomic():
        # The upload is claimed by the transaction's first statement, a write. A second confirmation (a double click)
        # then waits for the first to finish, on SQLite too (which refuses at once, "database is locked", a
        # transaction that read before it wrote), and finds the upload applied; if the first fails, so does its claim.
        if not pending.update(status=WorkbookUpload.Status.APPLIED, applied_at=timezone.now()):
            status = WorkbookUpload.objects.filter(pk=upload.pk).values_list("status", flat=True).first()
            raise ValueError(ALREADY_APPLIED if status == WorkbookUpload.Status.APPLIED else DISCARDED)
        upload.refresh_from_db()
        parsed = _parsed(upload)
        if parsed is None:
            raise ValueError(DISCARDED)
        applied = workbook_apply(
            parsed=parsed, slug=upload.slug, user=user, fingerprint=fingerprint or upload.fingerprint or None
        )
        upload.appraisal, upload.content = applied.appraisal, b""
        upload.save(update_fields=["appraisal", "content"])
    return applied


def workbook_upload_discard(*, upload: WorkbookUpload) -> None:
    """A preview that has gone stale: keep the record, delete its contents; it can no longer be confirmed."""
    WorkbookUpload.objects.filter(pk=upload.pk, status=WorkbookUpload.Status.PREVIEWED).update(
        status=WorkbookUpload.Status.DISCARDED, content=b""
    )
