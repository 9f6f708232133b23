from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
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
    description = models.TextField(blank=True, help_text="What the appraisal is for and where its figures come from.")
    councils = models.ManyToManyField(Council, through="AppraisalCouncil", related_name="appraisals")
    base_year = models.PositiveSmallIntegerField(
        validators=[financial_years.validate_year], help_text="Year of the baseline budgets: 2011 means 2011/12."
    )
    deficit_year = models.PositiveSmallIntegerField(
        validators=[financial_years.validate_year],
        help_text="Year the funding deficit is measured at: 2014 means 2014/15.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    discount_base_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[financial_years.validate_year],
        help_text="Every scenario's NPV is discounted to this year; blank: the first year of the earliest scenario.",
    )
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
    join_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[financial_years.validate_year],
        help_text="The first year the council is a partner: 2022 means 2022/23. Blank: from the start.",
    )
    leave_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[financial_years.validate_year],
        help_text="The last year the council is a partner. Blank: to the end.",
    )

    class Meta:
        ordering = ["position", "council__name"]
        verbose_name = "partner council"
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "council"],
                name="council_once_per_appraisal",
                violation_error_message="This council is already a partner in the appraisal.",
            ),
            models.CheckConstraint(
                condition=models.Q(join_year__isnull=True)
                | models.Q(leave_year__isnull=True)
                | models.Q(leave_year__gte=models.F("join_year")),
                name="partner_leaves_after_joining",
                violation_error_message="A council cannot leave before it joins.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} in {self.appraisal}"

    def clean(self) -> None:
        if self.join_year and self.leave_year and self.leave_year < self.join_year:
            raise ValidationError({"leave_year": "A council cannot leave before it joins."})


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
    """A service this appraisal covers, with its scope in it (key, limited value or excluded) and the reason.

    An appraisal owns its scope: only the baselines of the services listed here enter its figures, whatever else
    its councils hold. Clusters and services stay a vocabulary shared by every appraisal."""

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
