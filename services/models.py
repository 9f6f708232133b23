from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from councils import financial_years
from councils.models import MONEY, Council


class Scope(models.TextChoices):
    """How far a service is in the scope of sharing (seed 001 §2.3: key services vs little or no value)."""

    KEY = "key", "Key service (in scope)"
    LIMITED = "limited", "Limited value"
    EXCLUDED = "excluded", "Excluded"


class ServiceCluster(models.Model):
    """A group of services appraised together, e.g. Corporate Services (seed 001 §2.4)."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in tables and reports.")
    out_of_scope = models.BooleanField(
        "out-of-scope expenditure",
        default=False,
        help_text="Spend counted in the net budget but outside any sharing (levies, capital financing, housing).",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "service cluster"

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    cluster = models.ForeignKey(ServiceCluster, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    scope = models.CharField(
        max_length=10,
        choices=Scope.choices,
        default=Scope.KEY,
        help_text="Default scope; an appraisal may set its own.",
    )
    scope_reason = models.CharField("reason for scope", max_length=300, blank=True)

    class Meta:
        ordering = ["cluster__position", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "name"],
                name="service_name_unique_in_cluster",
                violation_error_message="This cluster already has a service with that name.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster.name}: {self.name}"


class Baseline(models.Model):
    """One council's budget for one service in one financial year: the figures everything is measured from."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="baselines")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="baselines")
    year = models.PositiveSmallIntegerField(
        validators=[financial_years.validate_year], help_text="Starting year: 2011 means 2011/12."
    )
    gross_budget = models.DecimalField(**MONEY, validators=[MinValueValidator(0, "A gross budget cannot be negative.")])
    # Net budgets can be below zero: income-generating services (car parks, building control fees).
    net_budget = models.DecimalField(**MONEY)
    fte = models.DecimalField(
        "FTEs",
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0, "FTEs cannot be negative.")],
    )
    third_party_spend = models.DecimalField(
        "third-party spend",
        **MONEY,
        default=0,
        validators=[MinValueValidator(0, "Third-party spend cannot be negative.")],
    )
    # Optimistic locking: an edit names the version it started from and is refused if another save came first.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["updated_at", "updated_by"])

    class Meta:
        ordering = ["council__name", "service__cluster__position", "service__position", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "service", "year"],
                name="one_baseline_per_council_service_year",
                violation_error_message="This council already has a baseline for that service and year.",
            ),
            models.CheckConstraint(
                condition=models.Q(gross_budget__gte=0),
                name="baseline_gross_budget_not_negative",
                violation_error_message="A gross budget cannot be negative.",
            ),
            models.CheckConstraint(
                condition=models.Q(fte__gte=0),
                name="baseline_fte_not_negative",
                violation_error_message="FTEs cannot be negative.",
            ),
            models.CheckConstraint(
                condition=models.Q(third_party_spend__gte=0),
                name="baseline_third_party_spend_not_negative",
                violation_error_message="Third-party spend cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council.code} {self.service.name} {self.year_label}"

    @property
    def year_label(self) -> str:
        return financial_years.label(self.year)
