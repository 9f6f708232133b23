import uuid

from django.conf import settings
from django.db import models

from .appraisal import Appraisal


class WorkbookUpload(models.Model):
    """An uploaded workbook waiting for the officer to confirm its preview; applied all at once or not at all."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Waiting for confirmation"
        APPLIED = "applied", "Applied"
        DISCARDED = "discarded", "Discarded"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    appraisal = models.ForeignKey(
        Appraisal, on_delete=models.CASCADE, null=True, blank=True, related_name="workbook_uploads"
    )
    slug = models.SlugField(max_length=200, help_text="The appraisal the workbook is for (new if none has it).")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    # A digest of the figures the preview was made against: if they change before confirming, preview again.
    fingerprint = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} for {self.slug} ({self.get_status_display()})"
