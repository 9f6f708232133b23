"""The options appraisal (issue 17): an appraisal's short list of delivery options, the criteria they are scored
on, their scores and their risk registers. The rules and figures live in appraisal/calculations/options.py; an
option's money is its scenarios' (Scenario.option, Scenario.case), its cost lines the scenarios' CostItems."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from appraisal.calculations import options as opt
from councils import financial_years
from councils.models import MONEY, Council
from services.models import ServiceCluster

from .appraisal import Appraisal

# The one wording of each rule (the services and forms raise these; the tests import them).
NAME_TAKEN = "This appraisal already has an option with that name"
BUSINESS_AS_USUAL_UNDELETABLE = "Business as usual cannot be deleted: the Green Book requires it on every short list."
BUSINESS_AS_USUAL_ONCE = "This appraisal already has its business-as-usual option."
BUSINESS_AS_USUAL_STAYS = "Business as usual stays business as usual."
BUSINESS_AS_USUAL_IN_HOUSE = "Business as usual is delivered in-house, as now."
BUSINESS_AS_USUAL_NIL = "Business as usual has nil savings: it takes no adjustment to them."
LEAD_AUTHORITY_NEEDED = "Name the lead authority that delivers for the others."
LEAD_AUTHORITY_ONLY_SOVEREIGN = "Only a sovereign model has a lead authority."
LEAD_AUTHORITY_NOT_PARTNER = "The lead authority must be one of the appraisal's councils."
REASON_NEEDED = "Say why the savings are adjusted."
ONE_PREFERRED = "Another option is already preferred."

DeliveryModel = models.TextChoices(
    "DeliveryModel", [(code.upper(), (code, label)) for code, label in opt.DELIVERY_MODELS]
)

PERCENT = {"max_digits": 5, "decimal_places": 2}
PERCENT_RANGE = [MinValueValidator(0, "A percentage cannot be negative."), MaxValueValidator(100)]


def _lead_authority_errors(model: str, lead: Council | None, appraisal: Appraisal | None) -> dict[str, str]:
    if model == opt.SOVEREIGN and lead is None:
        return {"lead_authority": LEAD_AUTHORITY_NEEDED}
    if model != opt.SOVEREIGN and lead is not None:
        return {"lead_authority": LEAD_AUTHORITY_ONLY_SOVEREIGN}
    if lead is not None and appraisal is not None and not appraisal.councils.filter(pk=lead.pk).exists():
        return {"lead_authority": LEAD_AUTHORITY_NOT_PARTNER}
    return {}


class OptionQuerySet(models.QuerySet):
    def delete(self):
        # Bulk deletes (the admin's "delete selected") refuse business as usual too; deleting the appraisal itself
        # still removes it (the cascade does not come through here).
        if self.filter(business_as_usual=True).exists():
            raise ValidationError(BUSINESS_AS_USUAL_UNDELETABLE)
        return super().delete()


class Option(models.Model):
    """A delivery option on the appraisal's short list (seed 004's models; seed 001 §2.5's options 1–4)."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="options")
    name = models.CharField(max_length=100)
    delivery_model = models.CharField(max_length=20, choices=DeliveryModel.choices, default=opt.FEDERAL)
    lead_authority = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Sovereign model: the council that delivers for the others.",
    )
    description = models.TextField(blank=True)
    business_as_usual = models.BooleanField(
        default=False, editable=False, help_text="Made with the appraisal; cannot be deleted."
    )
    preferred = models.BooleanField(default=False, help_text="Chosen by officers; blank: the option ranked first.")
    preferred_reason = models.TextField(
        blank=True, help_text="Why this option is preferred, where it does not rank first (the report prints it)."
    )
    savings_adjustment_pct = models.DecimalField(
        "adjustment to savings (%)",
        **PERCENT,
        default=0,
        validators=PERCENT_RANGE,
        help_text="Taken off the option's savings; the Green Book has no generic values for benefits.",
    )
    savings_adjustment_reason = models.CharField(max_length=300, blank=True)
    host_employer = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="host employer",
        help_text="The council that employs the shared service's staff; those of the others transfer to it under TUPE.",
    )
    share_leaving_costs = models.BooleanField(
        "partners share leaving costs",
        default=False,
        help_text="Redundancy and pension strain fall on the employing council unless the partners agree to share "
        "them on the costs basis.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, help_text="Raised on every save, to refuse stale edits.")
    history = HistoricalRecords()

    objects = OptionQuerySet.as_manager()

    class Meta:
        ordering = ["-business_as_usual", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "name"],
                name="option_name_unique_in_appraisal",
                violation_error_message=f"{NAME_TAKEN}.",
            ),
            models.UniqueConstraint(
                fields=["appraisal"],
                condition=models.Q(business_as_usual=True),
                name="one_business_as_usual_per_appraisal",
                violation_error_message=BUSINESS_AS_USUAL_ONCE,
            ),
            models.UniqueConstraint(
                fields=["appraisal"],
                condition=models.Q(preferred=True),
                name="one_preferred_option_per_appraisal",
                violation_error_message=ONE_PREFERRED,
            ),
            models.CheckConstraint(
                condition=models.Q(business_as_usual=False)
                | models.Q(delivery_model=opt.IN_HOUSE, savings_adjustment_pct=0),
                name="business_as_usual_in_house_and_nil",
                violation_error_message=BUSINESS_AS_USUAL_IN_HOUSE,
            ),
            models.CheckConstraint(
                condition=models.Q(lead_authority__isnull=True) | models.Q(delivery_model=opt.SOVEREIGN),
                name="lead_authority_only_for_sovereign",
                violation_error_message=LEAD_AUTHORITY_ONLY_SOVEREIGN,
            ),
            models.CheckConstraint(
                condition=models.Q(savings_adjustment_pct__gte=0, savings_adjustment_pct__lte=100),
                name="savings_adjustment_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        stored = Option.objects.filter(pk=self.pk).values_list("business_as_usual", flat=True).first()
        if stored and not self.business_as_usual:
            errors["business_as_usual"] = BUSINESS_AS_USUAL_STAYS
        if self.business_as_usual:
            others = Option.objects.filter(appraisal_id=self.appraisal_id, business_as_usual=True).exclude(pk=self.pk)
            if self.appraisal_id and others.exists():
                errors["business_as_usual"] = BUSINESS_AS_USUAL_ONCE
            if self.delivery_model != opt.IN_HOUSE:
                errors["delivery_model"] = BUSINESS_AS_USUAL_IN_HOUSE
            if self.savings_adjustment_pct:
                errors["savings_adjustment_pct"] = BUSINESS_AS_USUAL_NIL
        appraisal = self.appraisal if self.appraisal_id else None
        errors |= _lead_authority_errors(self.delivery_model, self.lead_authority, appraisal)
        if self.savings_adjustment_pct and not self.savings_adjustment_reason.strip():
            errors["savings_adjustment_reason"] = REASON_NEEDED
        if errors:
            raise ValidationError(errors)

    def delete(self, *args, **kwargs):
        if self.business_as_usual:
            raise ValidationError(BUSINESS_AS_USUAL_UNDELETABLE)
        return super().delete(*args, **kwargs)

    @property
    def central_scenario(self):
        """The scenario whose figures are the option's (None: business as usual, or none made yet)."""
        return self.scenarios.filter(case="central").first()


class OptionClusterModel(models.Model):
    """A "mixed" option's delivery model for one cluster: seed 004's "sovereign where we are strong, federal
    elsewhere"."""

    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="cluster_models")
    cluster = models.ForeignKey(ServiceCluster, on_delete=models.PROTECT, related_name="+")
    delivery_model = models.CharField(
        max_length=20, choices=[(c, label) for c, label in DeliveryModel.choices if c != opt.MIXED]
    )
    lead_authority = models.ForeignKey(Council, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["cluster__position", "cluster__name"]
        verbose_name = "delivery model of a cluster"
        constraints = [
            models.UniqueConstraint(fields=["option", "cluster"], name="one_model_per_option_cluster"),
            models.CheckConstraint(condition=~models.Q(delivery_model=opt.MIXED), name="a_clusters_model_is_not_mixed"),
            models.CheckConstraint(
                condition=models.Q(lead_authority__isnull=True) | models.Q(delivery_model=opt.SOVEREIGN),
                name="cluster_lead_authority_only_for_sovereign",
                violation_error_message=LEAD_AUTHORITY_ONLY_SOVEREIGN,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster}: {self.get_delivery_model_display()}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.option_id and self.option.delivery_model != opt.MIXED:
            errors["delivery_model"] = "Only a mixed option has a model per cluster."
        appraisal = self.option.appraisal if self.option_id else None
        errors |= _lead_authority_errors(self.delivery_model, self.lead_authority, appraisal)
        if errors:
            raise ValidationError(errors)


class Criterion(models.Model):
    """What the options are judged on, with its weight (an appraisal's weights add up to 100)."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=100)
    weight = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(100, "A weight cannot be more than 100.")],
        help_text="The weights of the appraisal's criteria add up to 100.",
    )
    is_financial = models.BooleanField(
        "scored from the figures", default=False, help_text="Best NPV scores 5, worst 0; nobody types it."
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "name"],
                name="criterion_name_unique_in_appraisal",
                violation_error_message="This appraisal already has a criterion with that name.",
            ),
            models.UniqueConstraint(
                fields=["appraisal"],
                condition=models.Q(is_financial=True),
                name="one_financial_criterion_per_appraisal",
                violation_error_message="Only one criterion can be scored from the figures.",
            ),
            models.CheckConstraint(condition=models.Q(weight__lte=100), name="criterion_weight_0_to_100"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"


class OptionScore(models.Model):
    """An option's score on a criterion, 0–5, with the reason written down (not the financial criterion)."""

    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(opt.MAX_SCORE, f"A score is {opt.MIN_SCORE} to {opt.MAX_SCORE}.")]
    )
    reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__position", "criterion__name"]
        constraints = [
            models.UniqueConstraint(fields=["option", "criterion"], name="one_score_per_option_criterion"),
            models.CheckConstraint(condition=models.Q(score__lte=opt.MAX_SCORE), name="score_0_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.option} on {self.criterion.name}: {self.score}"

    def clean(self) -> None:
        if self.criterion_id and self.criterion.is_financial:
            raise ValidationError({"criterion": "The financial criterion is scored from the figures."})
        if self.criterion_id and self.option_id and self.criterion.appraisal_id != self.option.appraisal_id:
            raise ValidationError({"criterion": "That criterion belongs to another appraisal."})


class Risk(models.Model):
    """A risk in an option's register (seed 001 §4's challenges), rated likelihood × impact, optionally costed."""

    Category = models.TextChoices("Category", [(code.upper(), (code, label)) for code, label in opt.RISK_CATEGORIES])

    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="risks")
    description = models.CharField(max_length=300)
    category = models.CharField(max_length=20, choices=Category.choices, blank=True)
    likelihood = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1, "Likelihood is 1 to 5."), MaxValueValidator(5, "Likelihood is 1 to 5.")]
    )
    impact = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1, "Impact is 1 to 5."), MaxValueValidator(5, "Impact is 1 to 5.")]
    )
    owner = models.CharField(max_length=200, blank=True)
    mitigation = models.TextField(blank=True)
    cost = models.DecimalField(
        "cost if it happens (£)",
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "A cost cannot be negative.")],
    )
    probability = models.DecimalField("probability (%)", **PERCENT, null=True, blank=True, validators=PERCENT_RANGE)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[financial_years.validate_year], help_text="The year the cost would fall in."
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="risk_likelihood_and_impact_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(cost__isnull=True, probability__isnull=True, year__isnull=True)
                | models.Q(cost__isnull=False, probability__isnull=False, year__isnull=False),
                name="risk_cost_probability_and_year_together",
                violation_error_message="Give a costed risk's cost, probability and year together.",
            ),
            models.CheckConstraint(
                condition=models.Q(probability__isnull=True) | models.Q(probability__gte=0, probability__lte=100),
                name="risk_probability_0_to_100",
            ),
            models.CheckConstraint(
                condition=models.Q(cost__isnull=True) | models.Q(cost__gte=0), name="risk_cost_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def rating(self) -> int:
        return self.likelihood * self.impact

    @property
    def rag(self) -> str:
        return opt.rag(self.rating)

    def clean(self) -> None:
        given = {"cost": self.cost, "probability": self.probability, "year": self.year}
        missing = [name for name, value in given.items() if value is None]
        if 0 < len(missing) < len(given):
            raise ValidationError(
                {name: "Give a costed risk's cost, probability and year together." for name in missing}
            )
