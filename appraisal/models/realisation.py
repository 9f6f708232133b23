"""Benefits realisation (issue 19): the figures Cabinet approved, kept as they were when it decided."""

from django.conf import settings
from django.db import models


class ApprovedFigures(models.Model):
    """What Cabinet approved: the appraisal's figures at the decision (appraisal/calculations/approval.py snapshot),
    stored whole so that later edits of baselines, savings or scenarios cannot change them."""

    appraisal = models.OneToOneField("appraisal.Appraisal", on_delete=models.CASCADE, related_name="approved_figures")
    meeting = models.CharField(max_length=200, help_text="The meeting that approved it, for example Cabinet.")
    approved_on = models.DateField("date of the decision")
    figures = models.JSONField(help_text="Each figure by name: [kind, value]; never edited.")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "figures approved"
        verbose_name_plural = "figures approved"

    def __str__(self) -> str:
        return f"{self.appraisal} approved by {self.meeting} on {self.approved_on:%-d %B %Y}"
