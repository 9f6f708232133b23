from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from appraisal.calculations import options as opt
from appraisal.calculations import scenario as scen
from councils import financial_years
from councils.models import MONEY, Council
from services.models import ServiceCluster

from .appraisal import Appraisal

# --- Scenarios (issue 4): the assumptions that turn a savings range into a multi-year business case ---------

# The one wording of the name rule (scenarios/services.py scenario_name_validate checks it, whatever the case).
NAME_TAKEN = "This appraisal already has a scenario with that name"


class Scenario(models.Model):
    class DeliveryOption(models.IntegerChoices):
        # Seed 001 §2.5: the four models of working together.
        SHARING = 1, "1 – Sharing approaches and contracts"
        INTEGRATION = 2, "2 – Integration of key services"
        OPERATIONAL_MERGER = 3, "3 – Operational merger"
        POLITICAL_MERGER = 4, "4 – Political merger"

    # What having none of the four is called, in forms, history and admin alike.
    NO_DELIVERY_OPTION = "Not one of these"

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

    class Case(models.TextChoices):
        # An option's figures are its central case; low and high show the range around it (issue 17).
        CENTRAL = "central", "Central case"
        LOW = "low", "Low case"
        HIGH = "high", "High case"

    class Status(models.TextChoices):
        # Officers try scenarios out as drafts; members, their dashboard, the comparison, the cabinet report and
        # its workbook see only the scenarios shown to them.
        DRAFT = "draft", "Draft"
        SHOWN = "shown", "Shown to members"

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # Darlington & Hartlepool's four options; other appraisals' scenarios have none (empty, never shown).
    delivery_option = models.PositiveSmallIntegerField(
        choices=DeliveryOption.choices, null=True, blank=True, default=None
    )
    delivery_vehicle = models.CharField(max_length=20, choices=DeliveryVehicle.choices, blank=True)
    first_year = models.PositiveSmallIntegerField(
        validators=[financial_years.validate_year], help_text="First year of the appraisal period: 2012 means 2012/13."
    )
    years = models.PositiveSmallIntegerField(
        default=5,
        validators=[
            MinValueValidator(scen.MIN_YEARS, f"{scen.PERIOD_RULE}."),
            MaxValueValidator(scen.MAX_YEARS, f"{scen.PERIOD_RULE}."),
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
        default=scen.GREEN_BOOK_DISCOUNT_RATE,
        validators=[MinValueValidator(0, "The discount rate cannot be negative."), MaxValueValidator(100)],
        help_text=f"HM Treasury Green Book: {scen.GREEN_BOOK_DISCOUNT_RATE}%.",
    )
    optimism_bias = models.DecimalField(
        "optimism bias (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0, "Optimism bias cannot be negative."), MaxValueValidator(100)],
        help_text="Raises costs and lowers savings by this %.",
    )
    option = models.ForeignKey(
        "appraisal.Option",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scenarios",
        help_text="The option whose figures this scenario gives; blank: a scenario of its own.",
    )
    case = models.CharField(
        max_length=7,
        choices=Case.choices,
        default=Case.CENTRAL,
        help_text="For an option's scenario: its central case (the option's figures), or its low or high case.",
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "name"],
                name="scenario_name_unique_in_appraisal",
                violation_error_message=f"{NAME_TAKEN}.",
            ),
            models.UniqueConstraint(
                fields=["option", "case"],
                condition=models.Q(option__isnull=False),
                name="one_case_of_each_per_option",
                violation_error_message="The option already has a scenario for that case.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def delivery_options_shown(scenarios) -> bool:
        """Whether a list or comparison of `scenarios` has a delivery option to show: only Darlington & Hartlepool's
        scenarios have one, and a column of blanks says nothing."""
        return any(s.delivery_option for s in scenarios)

    def clean(self) -> None:
        if self.option_id is None:
            return
        if self.appraisal_id and self.option.appraisal_id != self.appraisal_id:
            raise ValidationError({"option": "That option belongs to another appraisal."})
        if self.option.business_as_usual:
            raise ValidationError({"option": "Business as usual has nil savings and nil costs: it has no scenario."})

    @property
    def period(self) -> range:
        """The financial years of the appraisal period, each by its first calendar year (2012 means 2012/13)."""
        return range(self.first_year, self.first_year + self.years)

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
        STRUCTURE = "structure", "From the staffing structures"

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="cluster_settings")
    cluster = models.ForeignKey(ServiceCluster, on_delete=models.PROTECT, related_name="+")
    included = models.BooleanField("in this scenario", default=True)
    point = models.CharField("savings point", max_length=10, choices=Point.choices, default=Point.MID)
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
        if self.point == self.Point.STRUCTURE and self.scenario_id and self.scenario.option_id is None:
            raise ValidationError({"point": "Only an option's scenario takes its saving from staffing structures."})
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
        # Recurring, an option's running costs (issue 17): seed 000's outsourcing contract, a joint committee.
        CONTRACT = "contract", "Contract price"
        RUNNING = "running_cost", "Running cost"
        OTHER = "other", "Other"
        # Partners joining or leaving (issue 19): charged to that council alone.
        ENTRY = "entry_contribution", "Entry contribution"
        EXIT = "exit_cost", "Exit cost"
        # Money in, entered below zero: it reduces the costs (seed 003's £25,000 improvement grant).
        GRANT = "grant", "Funding: grant"
        CONTRIBUTION = "contribution", "Funding: partner contribution"

    FUNDING = (Category.GRANT, Category.CONTRIBUTION)
    ONE_COUNCIL = (Category.ENTRY, Category.EXIT)

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="cost_items")
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(validators=[financial_years.validate_year])
    amount = models.DecimalField(**MONEY, help_text="Below zero for funding (a grant or a partner's contribution).")
    low = models.DecimalField(**MONEY, null=True, blank=True)
    high = models.DecimalField(**MONEY, null=True, blank=True)
    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="charged to",
        help_text="A council that bears this line alone; blank: shared on the scenario's basis for costs.",
    )
    # Issue 17: optimism bias by Green Book category (calculations/options.py); a line with none takes the
    # scenario's single optimism bias, so the lines of scenarios made before keep their figures.
    bias_category = models.CharField(
        "optimism bias category",
        max_length=30,
        choices=[(c.code, c.label) for c in opt.BIAS_CATEGORIES],
        blank=True,
        help_text="HM Treasury Green Book category; blank: the scenario's optimism bias.",
    )
    mitigated_pct = models.DecimalField(
        "risk mitigated (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0, "A percentage cannot be negative."), MaxValueValidator(100)],
        help_text="How much of the category's risk of overrun has been managed away.",
    )
    recurring = models.BooleanField(default=False, help_text="The amount again every year from this year.")
    last_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[financial_years.validate_year],
        help_text="A recurring line's last year; blank: to the end of the period.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "category", "pk"]
        verbose_name = "implementation cost"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mitigated_pct__gte=0, mitigated_pct__lte=100), name="cost_mitigated_0_to_100"
            ),
            models.CheckConstraint(
                condition=models.Q(last_year__isnull=True) | models.Q(recurring=True, last_year__gte=models.F("year")),
                name="cost_last_year_of_a_recurring_line",
                violation_error_message="Only a recurring cost has a last year, on or after its first.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {financial_years.label(self.year)}: £{self.amount:,.0f}"

    @property
    def is_funding(self) -> bool:
        return self.category in self.FUNDING

    def clean(self) -> None:
        if self.amount is not None:
            if self.is_funding and self.amount > 0:
                raise ValidationError({"amount": "Funding reduces the costs: enter it below zero, like -25,000."})
            if not self.is_funding and self.amount < 0:
                raise ValidationError(
                    {"amount": "A cost cannot be negative: choose a funding category for a grant or contribution."}
                )
            if not self.is_funding and self.low is not None and self.low < 0:
                raise ValidationError({"low": "A cost cannot be negative."})
            if self.low is not None and self.low > self.amount:
                raise ValidationError({"low": "The low estimate cannot be more than the amount."})
            if self.high is not None and self.high < self.amount:
                raise ValidationError({"high": "The high estimate cannot be less than the amount."})
        if self.category in self.ONE_COUNCIL and self.council_id is None:
            raise ValidationError({"council": "Choose the council joining or leaving: it bears this cost alone."})
        if self.last_year is not None and not self.recurring:
            raise ValidationError({"last_year": "Only a recurring cost has a last year."})
        if self.last_year is not None and self.year is not None and self.last_year < self.year:
            raise ValidationError({"last_year": "A recurring cost cannot end before it starts."})
        if self.mitigated_pct and not self.bias_category:
            raise ValidationError({"mitigated_pct": "Choose the optimism bias category whose risk is mitigated."})


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
