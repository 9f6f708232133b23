"""Benefits realisation (issue 19): the figures Cabinet approved, kept as they were when it decided; the benefits
register with its measures and their readings; savings delivered and costs incurred, recorded after the decision."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from councils.models import MONEY


class ApprovedFigures(models.Model):
    """What Cabinet approved: the appraisal's figures at the decision (appraisal/calculations/approval.py snapshot),
    stored whole so that later edits of baselines, savings or scenarios cannot change them."""

    appraisal = models.OneToOneField("appraisal.Appraisal", on_delete=models.CASCADE, related_name="approved_figures")
    meeting = models.CharField(max_length=200, help_text="The meeting that approved it, for example Cabinet.")
    approved_on = models.DateField("date of the decision")
    figures = models.JSONField(help_text="Each figure by name: [kind, value]; never edited.")
    scenario = models.CharField(
        "scenario approved", max_length=100, blank=True, help_text="The scenario whose plan is monitored."
    )
    plan = models.JSONField(
        default=dict, blank=True, help_text="The approved scenario's savings and costs by council, cluster and year."
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The History page lists the decision; the figures and plan it keeps are left out of the record (never edited).
    history = HistoricalRecords(excluded_fields=["figures", "plan"])

    class Meta:
        verbose_name = "figures approved"
        verbose_name_plural = "figures approved"

    def __str__(self) -> str:
        return f"{self.appraisal} approved by {self.meeting} on {self.approved_on:%-d %B %Y}"


class Benefit(models.Model):
    """A benefit the partnership is to deliver (seed 003: resilience, customer satisfaction, future partnership
    opportunities, disaster recovery), with the measure it is tracked by: financial (a cluster's savings) or not."""

    class Kind(models.TextChoices):
        FINANCIAL = "financial", "Financial"
        NON_FINANCIAL = "non_financial", "Non-financial"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        SIX_MONTHLY = "six_monthly", "Every six months"
        ANNUALLY = "annually", "Annually"

    appraisal = models.ForeignKey("appraisal.Appraisal", on_delete=models.CASCADE, related_name="benefits")
    option = models.ForeignKey(
        "appraisal.Option",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="benefits",
        help_text="Blank: the benefit of the partnership whichever option is chosen.",
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NON_FINANCIAL)
    cluster = models.ForeignKey(
        "services.ServiceCluster",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="A financial benefit: the cluster whose savings it is.",
    )
    measure = models.CharField(
        max_length=300, blank=True, help_text="What is measured, for example time to fix ICT incidents."
    )
    unit = models.CharField(max_length=50, blank=True, help_text="For example days, %, £.")
    baseline_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_date = models.DateField(null=True, blank=True)
    target_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    due_year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="2014 means 2014/15.")
    owner_council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner_role = models.CharField("owner's role", max_length=200, blank=True)
    how_measured = models.CharField("how it is measured", max_length=300, blank=True)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, blank=True)
    evidence = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "name"],
                name="benefit_name_unique_in_appraisal",
                violation_error_message="This appraisal already has a benefit with that name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if not self.measure.strip():
            errors["measure"] = "Say how the benefit is measured."
        if self.kind == self.Kind.FINANCIAL and self.cluster_id is None:
            errors["cluster"] = "A financial benefit is a cluster's savings: choose the cluster."
        if self.kind != self.Kind.FINANCIAL and self.cluster_id is not None:
            errors["cluster"] = "Only a financial benefit is a cluster's savings."
        if self.option_id and self.appraisal_id and self.option.appraisal_id != self.appraisal_id:
            errors["option"] = "That option belongs to another appraisal."
        if errors:
            raise ValidationError(errors)


class BenefitReading(models.Model):
    """A reading of a benefit's measure."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="readings")
    taken_on = models.DateField("date of the reading")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["taken_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["benefit", "taken_on"], name="one_reading_a_day_per_benefit")]

    def __str__(self) -> str:
        return f"{self.benefit}: {self.value} on {self.taken_on}"


class SavingActual(models.Model):
    """Savings delivered and costs incurred by one council in one cluster in one year, as recorded after the
    decision; `before_appraisal` marks savings delivered before the appraisal (seed 002's £100,000), recorded so
    that they are not counted again."""

    appraisal = models.ForeignKey("appraisal.Appraisal", on_delete=models.CASCADE, related_name="actuals")
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    cluster = models.ForeignKey("services.ServiceCluster", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(help_text="2014 means 2014/15.")
    savings = models.DecimalField("savings delivered (£)", **MONEY, default=0)
    costs = models.DecimalField("costs incurred (£)", **MONEY, default=0)
    before_appraisal = models.BooleanField("delivered before the appraisal", default=False)
    note = models.CharField(max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Raised on every save, to refuse stale edits.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "council__name", "cluster__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "council", "cluster", "year"],
                name="one_actual_per_council_cluster_year",
                violation_error_message="This council already has an actual for that cluster and year.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council.code} {self.cluster} {self.year}"

    def clean(self) -> None:
        if self.appraisal_id and self.council_id:
            if not self.appraisal.councils.filter(pk=self.council_id).exists():
                raise ValidationError({"council": "That council is not a partner in this appraisal."})
