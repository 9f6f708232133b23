from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from councils.models import Council

from .appraisal import Appraisal

# --- The cabinet report (issue 6): settings and text sections of the report members decide on -------------


class CabinetReport(models.Model):
    """The cabinet report of an appraisal: its cover block, the scenarios it presents and its text sections.

    One per appraisal, not one per presenting council: the partners take the same business case, with the
    same figures, to their cabinets, and one shared text keeps the reports from drifting apart. The presenting
    council is a setting, so a partner can make its own copy by changing it (history keeps every version).

    A blank text section means "the text generated from the figures" (appraisal/report/defaults.py): it follows
    the figures as they change until an officer writes their own, and clearing it goes back to the generated text.
    Sections are Markdown, sanitised when shown.
    """

    SECTIONS = [
        ("purpose", "Purpose of Report"),
        ("summary", "Summary"),
        ("recommendations", "Recommendations"),
        ("reasons", "Reasons for Recommendations"),
        ("financial", "Financial Implications"),
        ("legal", "Legal Implications"),
        ("consultation", "Consultation"),
        ("risk", "Risk"),
        ("equality", "Equality"),
        ("crime_disorder", "Section 17 of the Crime and Disorder Act 1998"),
    ]

    appraisal = models.OneToOneField(Appraisal, on_delete=models.CASCADE, related_name="cabinet_report")
    presenting_council = models.ForeignKey(
        Council, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The council whose cabinet the report goes to; the first partner if not set.",
    )  # fmt: skip
    meeting = models.CharField("meeting", max_length=200, default="Cabinet")
    meeting_date = models.DateField("date of the meeting", null=True, blank=True)
    title = models.CharField(max_length=300, blank=True, help_text="The appraisal's title if blank.")
    cabinet_members = models.TextField(
        "responsible cabinet member(s)", blank=True, help_text="One a line, e.g. Councillor A Smith, Resources."
    )
    directors = models.TextField("responsible director(s)", blank=True, help_text="One a line.")
    contact_officer = models.CharField(
        "contact officer", max_length=200, blank=True,
        help_text="Who answers questions about the report, as council reports name them: name, job title, telephone.",
    )  # fmt: skip
    author = models.CharField("report author", max_length=200, blank=True)
    contact = models.CharField("author's contact", max_length=200, blank=True, help_text="Telephone or email.")
    is_final = models.BooleanField("final", default=False, help_text="Marked DRAFT until final.")
    scenario = models.ForeignKey(
        "Scenario", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="main scenario", help_text="The scenario the report presents; the first if not set.",
    )  # fmt: skip
    compared_scenarios = models.ManyToManyField(
        "Scenario", blank=True, related_name="+", help_text="Up to four scenarios shown side by side."
    )
    purpose = models.TextField("Purpose of Report", blank=True)
    summary = models.TextField("Summary", blank=True)
    recommendations = models.TextField("Recommendations", blank=True)
    reasons = models.TextField("Reasons for Recommendations", blank=True)
    financial = models.TextField("Financial Implications", blank=True)
    legal = models.TextField("Legal Implications", blank=True)
    consultation = models.TextField("Consultation", blank=True)
    risk = models.TextField("Risk", blank=True)
    equality = models.TextField("Equality", blank=True)
    crime_disorder = models.TextField("Section 17 of the Crime and Disorder Act 1998", blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Raised on every save, to refuse stale edits.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[compared_scenarios])

    class Meta:
        verbose_name = "cabinet report"

    def __str__(self) -> str:
        return f"Cabinet report: {self.appraisal}"

    def clean(self) -> None:
        if self.scenario_id and self.appraisal_id and self.scenario.appraisal_id != self.appraisal_id:
            raise ValidationError({"scenario": "Choose a scenario of this appraisal."})


class CabinetReportPdf(models.Model):
    """A cabinet report PDF, made by a background task and kept under the fingerprint of what it shows.

    The fingerprint is the SHA-256 of the report's HTML (figures, text, charts and stylesheet, all inline) and of
    the renderer's version (appraisal/report/render.py): the same figures and text give the same fingerprint, so a
    second download is served from here at once, and any change gives a new one and so a new PDF. Kept in the
    database so every web worker and the task worker find it. The HTML waits here for the task and is cleared
    once the PDF is made; the most recent few PDFs of each appraisal are kept (appraisal/report/services.py).
    """

    class Status(models.TextChoices):
        PREPARING = "preparing", "Preparing"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the report's HTML and the renderer version.")
    filename = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREPARING)
    html = models.TextField(blank=True, help_text="The HTML to render; cleared once the PDF is made.")
    pdf = models.BinaryField(null=True, blank=True)
    size = models.PositiveIntegerField(default=0, help_text="Bytes.")
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "cabinet report PDF"
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "fingerprint"], name="cabinet_report_pdf_one_per_fingerprint")
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display().lower()}, {self.fingerprint[:12]})"
