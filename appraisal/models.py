import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from councils import financial_years
from councils.models import MONEY, Council
from services.models import Scope, Service, ServiceCluster


class Appraisal(models.Model):
    """A shared-service business case between two or more councils."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FOR_DECISION = "for_decision", "For decision"
        APPROVED = "approved", "Approved"
        NOT_PROCEEDING = "not_proceeding", "Not proceeding"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True, help_text="Where the figures come from and what is illustrative.")
    councils = models.ManyToManyField(Council, through="AppraisalCouncil", related_name="appraisals")
    base_year = models.PositiveSmallIntegerField(
        validators=[financial_years.validate_year], help_text="Year of the baseline budgets: 2011 means 2011/12."
    )
    deficit_year = models.PositiveSmallIntegerField(
        validators=[financial_years.validate_year],
        help_text="Year the funding deficit is measured at: 2014 means 2014/15.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    report_date = models.DateField(null=True, blank=True, help_text="Date of the report or meeting.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-base_year", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("appraisal_detail", args=[self.slug])

    @property
    def base_year_label(self) -> str:
        return financial_years.label(self.base_year)

    @property
    def deficit_year_label(self) -> str:
        return financial_years.label(self.deficit_year)

    def clean(self) -> None:
        if self.base_year and self.deficit_year and self.deficit_year < self.base_year:
            raise ValidationError({"deficit_year": "The deficit year cannot be before the base year of the budgets."})


class AppraisalCouncil(models.Model):
    """A council taking part in an appraisal (each council once)."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="memberships")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="memberships")
    position = models.PositiveSmallIntegerField(default=0, help_text="Column order in tables.")

    class Meta:
        ordering = ["position", "council__name"]
        verbose_name = "partner council"
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "council"],
                name="council_once_per_appraisal",
                violation_error_message="This council is already a partner in the appraisal.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} in {self.appraisal}"


class SavingsRange(models.Model):
    """The minimum and maximum full-year saving for a cluster, for the partnership as a whole (seed 001 §2.4)."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="savings_ranges")
    cluster = models.ForeignKey(ServiceCluster, on_delete=models.PROTECT, related_name="savings_ranges")
    min_saving = models.DecimalField(
        "minimum saving", **MONEY, validators=[MinValueValidator(0, "A saving cannot be negative.")]
    )
    max_saving = models.DecimalField(
        "maximum saving", **MONEY, validators=[MinValueValidator(0, "A saving cannot be negative.")]
    )
    version = models.PositiveIntegerField(default=1, help_text="Raised on every save, to refuse stale edits.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["cluster__position", "cluster__name"]
        verbose_name = "savings range"
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "cluster"],
                name="one_savings_range_per_cluster",
                violation_error_message="This appraisal already has a savings range for that cluster.",
            ),
            models.CheckConstraint(
                condition=models.Q(min_saving__lte=models.F("max_saving")),
                name="min_saving_not_above_max",
                violation_error_message="The minimum saving cannot be more than the maximum saving.",
            ),
            models.CheckConstraint(
                condition=models.Q(min_saving__gte=0),
                name="min_saving_not_negative",
                violation_error_message="A saving cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster} in {self.appraisal}"

    def clean(self) -> None:
        if self.cluster_id and self.cluster.out_of_scope:
            raise ValidationError({"cluster": "Out-of-scope expenditure cannot have a savings range."})


class ServiceScope(models.Model):
    """This appraisal's own scope for a service, where it differs from the service's default."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="service_scopes")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="appraisal_scopes")
    scope = models.CharField(max_length=10, choices=Scope.choices)
    reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["service__cluster__position", "service__position"]
        verbose_name = "service scope in an appraisal"
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "service"],
                name="one_scope_per_appraisal_service",
                violation_error_message="This appraisal already sets a scope for that service.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service.name}: {self.get_scope_display()}"


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


# --- Scenarios (issue 4): the assumptions that turn a savings range into a multi-year business case ---------


class Scenario(models.Model):
    class DeliveryOption(models.IntegerChoices):
        # Seed 001 §2.5: the four models of working together.
        SHARING = 1, "1 – Sharing approaches and contracts"
        INTEGRATION = 2, "2 – Integration of key services"
        OPERATIONAL_MERGER = 3, "3 – Operational merger"
        POLITICAL_MERGER = 4, "4 – Political merger"

    class DeliveryVehicle(models.TextChoices):
        # Seed 004: the delivery models for shared services.
        LEAD_AUTHORITY = "lead_authority", "Lead authority (sovereign)"
        JOINT_COMMITTEE = "joint_committee", "Joint committee (federal)"
        COMPANY = "company", "Arm's-length company"
        PRIVATE_SECTOR = "private_sector", "Private-sector provider"

    class Basis(models.TextChoices):
        EQUAL = "equal", "Equal shares"
        NET_BUDGET = "net_budget", "Pro rata to each council's net budget"
        CLUSTER_NET_BUDGET = "cluster_net_budget", "Pro rata to each council's net budget in each cluster"
        CUSTOM = "custom", "Custom percentages"

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    delivery_option = models.PositiveSmallIntegerField(
        choices=DeliveryOption.choices, default=DeliveryOption.INTEGRATION
    )
    delivery_vehicle = models.CharField(max_length=20, choices=DeliveryVehicle.choices, blank=True)
    first_year = models.PositiveSmallIntegerField(
        validators=[financial_years.validate_year], help_text="First year of the appraisal period: 2012 means 2012/13."
    )
    years = models.PositiveSmallIntegerField(
        default=5,
        validators=[
            MinValueValidator(3, "The appraisal period is 3 to 10 years."),
            MaxValueValidator(10, "The appraisal period is 3 to 10 years."),
        ],
    )
    savings_basis = models.CharField(
        "sharing basis for savings", max_length=20, choices=Basis.choices, default=Basis.CLUSTER_NET_BUDGET
    )
    costs_basis = models.CharField(
        "sharing basis for costs", max_length=20, choices=Basis.choices, default=Basis.NET_BUDGET
    )
    discount_rate = models.DecimalField(
        "discount rate (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("3.5"),
        validators=[MinValueValidator(0, "The discount rate cannot be negative."), MaxValueValidator(100)],
        help_text="HM Treasury Green Book: 3.5%.",
    )
    optimism_bias = models.DecimalField(
        "optimism bias (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0, "Optimism bias cannot be negative."), MaxValueValidator(100)],
        help_text="Raises costs and lowers savings by this %.",
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "name"],
                name="scenario_name_unique_in_appraisal",
                violation_error_message="This appraisal already has a scenario with that name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def period_label(self) -> str:
        return f"{financial_years.label(self.first_year)} to {financial_years.label(self.first_year + self.years - 1)}"


class ScenarioCluster(models.Model):
    """A cluster's place in a scenario: in or out, and where in its savings range the saving is taken."""

    class Point(models.TextChoices):
        MIN = "min", "Minimum"
        MAX = "max", "Maximum"
        MID = "mid", "Midpoint"
        AMOUNT = "amount", "Custom amount (£)"
        PERCENT = "pct", "Custom % of the cluster's net budget"

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="cluster_settings")
    cluster = models.ForeignKey(ServiceCluster, on_delete=models.PROTECT, related_name="+")
    included = models.BooleanField("in this scenario", default=True)
    point = models.CharField("savings point", max_length=6, choices=Point.choices, default=Point.MID)
    custom_value = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "A custom saving cannot be negative.")],
        help_text="Pounds for a custom amount; % for a custom percentage.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["cluster__position"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "cluster"], name="one_setting_per_scenario_cluster"),
        ]

    def __str__(self) -> str:
        return f"{self.cluster.name}: {self.get_point_display()}"

    def clean(self) -> None:
        if self.point in (self.Point.AMOUNT, self.Point.PERCENT) and self.custom_value is None:
            raise ValidationError({"custom_value": "Enter the custom saving."})
        if self.point == self.Point.PERCENT and self.custom_value is not None and self.custom_value > 100:
            raise ValidationError({"custom_value": "A custom saving cannot be more than 100% of the budget."})


class ScenarioPhase(models.Model):
    """The % of the full-year saving achieved in one year: for every cluster (no cluster) or for one."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="phases")
    cluster = models.ForeignKey(ServiceCluster, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    year = models.PositiveSmallIntegerField(validators=[financial_years.validate_year])
    percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(0, "Phasing cannot be negative."),
            MaxValueValidator(100, "Phasing cannot be more than 100% of the full-year saving."),
        ],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["cluster__position", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "year"], condition=models.Q(cluster__isnull=True), name="one_default_phase_a_year"
            ),
            models.UniqueConstraint(
                fields=["scenario", "cluster", "year"],
                condition=models.Q(cluster__isnull=False),
                name="one_cluster_phase_a_year",
            ),
            models.CheckConstraint(condition=models.Q(percent__gte=0, percent__lte=100), name="phase_percent_0_to_100"),
        ]

    def __str__(self) -> str:
        return f"{financial_years.label(self.year)}: {self.percent}%"


class CostItem(models.Model):
    class Category(models.TextChoices):
        REDUNDANCY = "redundancy", "Redundancy"
        PENSION_STRAIN = "pension_strain", "Pension strain"
        ICT = "ict", "ICT convergence"
        PROGRAMME = "programme", "Programme team"
        ACCOMMODATION = "accommodation", "Accommodation"
        MARKET_TESTING = "market_testing", "Market testing"
        OTHER = "other", "Other"

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="cost_items")
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(validators=[financial_years.validate_year])
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(0, "A cost cannot be negative.")])
    low = models.DecimalField(
        **MONEY, null=True, blank=True, validators=[MinValueValidator(0, "A cost cannot be negative.")]
    )
    high = models.DecimalField(
        **MONEY, null=True, blank=True, validators=[MinValueValidator(0, "A cost cannot be negative.")]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "category", "pk"]
        verbose_name = "implementation cost"

    def __str__(self) -> str:
        return f"{self.get_category_display()} {financial_years.label(self.year)}: £{self.amount:,.0f}"

    def clean(self) -> None:
        if self.amount is not None:
            if self.low is not None and self.low > self.amount:
                raise ValidationError({"low": "The low estimate cannot be more than the amount."})
            if self.high is not None and self.high < self.amount:
                raise ValidationError({"high": "The high estimate cannot be less than the amount."})


class CustomShare(models.Model):
    """A council's agreed % of the savings or of the costs, where the sharing basis is custom."""

    class AppliesTo(models.TextChoices):
        SAVINGS = "savings", "Savings"
        COSTS = "costs", "Costs"

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="custom_shares")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    applies_to = models.CharField(max_length=7, choices=AppliesTo.choices)
    percent = models.DecimalField(
        max_digits=6,
        decimal_places=3,
        validators=[MinValueValidator(0, "A share cannot be negative."), MaxValueValidator(100)],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["applies_to", "council__name"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "council", "applies_to"], name="one_custom_share_each"),
        ]

    def __str__(self) -> str:
        return f"{self.council.code} {self.applies_to}: {self.percent}%"


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
