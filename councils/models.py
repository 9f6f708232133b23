from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from councils import financial_years

MONEY = {"max_digits": 14, "decimal_places": 2}


class Council(models.Model):
    class CouncilType(models.TextChoices):
        UNITARY = "unitary", "Unitary authority"
        DISTRICT = "district", "District council"
        COUNTY = "county", "County council"
        METROPOLITAN = "metropolitan", "Metropolitan borough"
        LONDON_BOROUGH = "london_borough", "London borough"

    name = models.CharField(max_length=200, unique=True, help_text="For example Darlington Borough Council.")
    code = models.CharField(
        max_length=10, unique=True, help_text="Short code used in tables and workbooks, for example DBC."
    )
    slug = models.SlugField(max_length=200, unique=True)
    council_type = models.CharField("type", max_length=20, choices=CouncilType.choices)
    net_revenue_budget = models.DecimalField(
        "net revenue budget", **MONEY, null=True, blank=True, help_text="Whole-council net revenue budget, in pounds."
    )
    # Issue 21: the council's ONS/GSS code (E06000005 = Darlington), which ties it to MHCLG's published outturn, and
    # its population (mid-year estimate), which turns spending into spending per head beside its peers.
    ons_code = models.CharField(
        "ONS code",
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        help_text="The council's ONS (GSS) code, for example E06000005 for Darlington.",
    )
    population = models.PositiveIntegerField(
        null=True, blank=True, help_text="Resident population (ONS mid-year estimate), for spending per head."
    )
    gross_budget = models.DecimalField(
        "gross budget",
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "A gross budget cannot be negative.")],
        help_text="Whole-council gross expenditure, in pounds.",
    )
    # Staffing (issue 18): the on-costs a post takes unless it says otherwise, and the council's redundancy policy.
    employer_ni_pct = models.DecimalField(
        "employer's National Insurance (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("13.8"),
        validators=[MinValueValidator(0, "A percentage cannot be negative."), MaxValueValidator(100)],
    )
    pension_contribution_pct = models.DecimalField(
        "employer's pension contribution (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("17.0"),
        validators=[MinValueValidator(0, "A percentage cannot be negative."), MaxValueValidator(100)],
    )
    redundancy_multiplier = models.DecimalField(
        "redundancy multiplier",
        max_digits=4,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(0, "A multiplier cannot be negative."), MaxValueValidator(10)],
        help_text="The council's discretionary multiple of statutory redundancy weeks (1: statutory only).",
    )
    redundancy_on_actual_pay = models.BooleanField(
        "redundancy on actual pay",
        default=False,
        help_text="A week's actual pay, not capped at the statutory limit.",
    )
    # Budgets change by workbook and in Administration: who changed which, when, from what (issue 13).
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gross_budget__gte=0) | models.Q(gross_budget__isnull=True),
                name="council_gross_budget_not_negative",
                violation_error_message="A gross budget cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def on_cost_pct(self) -> Decimal:
        """A post's on-costs unless it gives its own: employer's National Insurance and pension contributions."""
        return self.employer_ni_pct + self.pension_contribution_pct

    def clean(self) -> None:
        if self.code:
            self.code = self.code.strip().upper()


class FundingDeficit(models.Model):
    """A council's forecast funding gap for one financial year, from its medium-term financial plan."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="deficits")
    year = models.PositiveSmallIntegerField(
        validators=[financial_years.validate_year], help_text="Starting year: 2014 means 2014/15."
    )
    amount = models.DecimalField(
        **MONEY,
        validators=[MinValueValidator(0, "Enter the deficit as a positive amount in pounds.")],
        help_text="Forecast funding deficit in pounds.",
    )
    version = models.PositiveIntegerField(default=1, help_text="Raised on every save, to refuse stale edits.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["council__name", "year"]
        verbose_name = "funding deficit"
        constraints = [
            models.UniqueConstraint(
                fields=["council", "year"],
                name="one_deficit_per_council_year",
                violation_error_message="This council already has a funding deficit for that year.",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="deficit_not_negative",
                violation_error_message="Enter the deficit as a positive amount in pounds.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council.code} {self.year_label}"

    @property
    def year_label(self) -> str:
        return financial_years.label(self.year)


class UserRole(models.Model):
    """What a signed-in person may do: an officer or member of one council, or a programme admin."""

    class Role(models.TextChoices):
        OFFICER = "officer", "Officer"
        MEMBER = "member", "Member (councillor)"
        ADMIN = "admin", "Programme admin"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appraise_role")
    role = models.CharField(max_length=10, choices=Role.choices)
    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user_roles",
        help_text="The council an officer or member belongs to; blank for a programme admin.",
    )

    class Meta:
        verbose_name = "user role"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="admin") | models.Q(council__isnull=False),
                name="officer_or_member_has_a_council",
                violation_error_message="An officer or member must belong to a council.",
            ),
        ]

    def __str__(self) -> str:
        where = f" of {self.council.code}" if self.council_id else ""
        return f"{self.user.get_username()}: {self.get_role_display()}{where}"
