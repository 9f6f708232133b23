"""Staffing structures (issue 18, seed 002): an appraisal's grades, its baseline posts (today's structure) and each
option's proposed posts, the staff consultation checklist of an option, and the two dated tables the leaving costs
read (the statutory weekly pay limit and the pension strain factors). The rules and figures live in
appraisal/calculations/staffing.py."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from appraisal.calculations import staffing as staff
from councils.models import MONEY, Council
from services.models import ServiceCluster

from .appraisal import Appraisal
from .option import PERCENT, Option

AGE_VALIDATORS = [
    MinValueValidator(staff.MIN_AGE, staff.AGE_RANGE),
    MaxValueValidator(staff.MAX_AGE, staff.AGE_RANGE),
]
SERVICE_VALIDATORS = [MinValueValidator(0, staff.NEGATIVE_SERVICE)]
GRADE_NAME_TAKEN = "This appraisal already has a grade with that name."


def _holder_errors(age: int | None, years_service: int | None) -> dict[str, str]:
    """The holder rules the fields' own validators do not already give (an age out of range or negative service
    would otherwise show twice beside the field): service longer than age − 16."""
    errors = staff.holder_errors(age, years_service)
    return {k: v for k, v in errors.items() if v not in (staff.AGE_RANGE, staff.NEGATIVE_SERVICE)}


def _service_fits_age(age_field: str, service_field: str) -> models.Q:
    return (
        models.Q(**{f"{age_field}__isnull": True})
        | models.Q(**{f"{service_field}__isnull": True})
        | models.Q(**{f"{service_field}__lte": models.F(age_field) - staff.WORKING_FROM_AGE})
    )


class Grade(models.Model):
    """A pay grade of the appraisal's posts, with the average postholder taken for a deleted post whose holder
    officers do not name."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="grades")
    name = models.CharField(max_length=60)
    average_age = models.PositiveSmallIntegerField(validators=AGE_VALIDATORS)
    average_years_service = models.PositiveSmallIntegerField("average years of service", validators=SERVICE_VALIDATORS)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "name"],
                name="grade_name_unique_in_appraisal",
                violation_error_message=GRADE_NAME_TAKEN,
            ),
            models.CheckConstraint(
                condition=models.Q(average_age__gte=staff.MIN_AGE, average_age__lte=staff.MAX_AGE),
                name="grade_age_16_to_75",
                violation_error_message=staff.AGE_RANGE,
            ),
            models.CheckConstraint(
                condition=_service_fits_age("average_age", "average_years_service"),
                name="grade_service_within_working_life",
                violation_error_message="Years of service cannot be more than age − 16.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = _holder_errors(self.average_age, self.average_years_service)
        if errors:
            raise ValidationError({f"average_{k}": v for k, v in errors.items()})


class Post(models.Model):
    """A post in the baseline structure (no option) or in an option's proposed structure."""

    CostSplit = models.TextChoices("CostSplit", [(code.upper(), (code, label)) for code, label in staff.COST_SPLITS])

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="posts")
    option = models.ForeignKey(
        Option,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="posts",
        help_text="Blank: the baseline structure (today's posts).",
    )
    title = models.CharField("post title", max_length=200)
    cluster = models.ForeignKey(ServiceCluster, on_delete=models.PROTECT, related_name="+")
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, related_name="posts")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+", verbose_name="employing council")
    fte = models.DecimalField(
        "FTE", max_digits=7, decimal_places=2, validators=[MinValueValidator(0, staff.NEGATIVE_FTE)]
    )
    salary = models.DecimalField("salary (£ a year)", **MONEY, validators=[MinValueValidator(0, staff.NEGATIVE_SALARY)])
    on_cost_pct = models.DecimalField(
        "on-costs (%)",
        **PERCENT,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, staff.NEGATIVE_ON_COSTS)],
        help_text="Employer's National Insurance and pension contributions; blank: the employing council's.",
    )
    cost_split = models.CharField("cost shared", max_length=10, choices=CostSplit.choices, default=staff.EMPLOYER)
    shares = models.JSONField(default=dict, blank=True, help_text="Named shares: council code -> % (adding to 100).")
    continues = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        help_text="A proposed post: the baseline post it carries on (its holder stays). Blank: a new post.",
    )
    holder_age = models.PositiveSmallIntegerField("postholder's age", null=True, blank=True, validators=AGE_VALIDATORS)
    holder_years_service = models.PositiveSmallIntegerField(
        "postholder's years of service", null=True, blank=True, validators=SERVICE_VALIDATORS
    )
    pension_member = models.BooleanField("in the pension scheme", default=True)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, help_text="Raised on every save, to refuse stale edits.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["appraisal", "option"], name="post_structure")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fte__gte=0), name="post_fte_not_negative", violation_error_message=staff.NEGATIVE_FTE
            ),
            models.CheckConstraint(
                condition=models.Q(salary__gte=0),
                name="post_salary_not_negative",
                violation_error_message=staff.NEGATIVE_SALARY,
            ),
            models.CheckConstraint(
                condition=models.Q(holder_age__isnull=True)
                | models.Q(holder_age__gte=staff.MIN_AGE, holder_age__lte=staff.MAX_AGE),
                name="post_holder_age_16_to_75",
                violation_error_message=staff.AGE_RANGE,
            ),
            models.CheckConstraint(
                condition=_service_fits_age("holder_age", "holder_years_service"),
                name="post_holder_service_within_working_life",
                violation_error_message="Years of service cannot be more than age − 16.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.council.code})" if self.council_id else self.title

    def clean(self) -> None:
        errors = {f"holder_{k}": v for k, v in _holder_errors(self.holder_age, self.holder_years_service).items()}
        if self.grade_id and self.appraisal_id and self.grade.appraisal_id != self.appraisal_id:
            errors["grade"] = "That grade belongs to another appraisal."
        if self.option_id and self.appraisal_id and self.option.appraisal_id != self.appraisal_id:
            errors["option"] = "That option belongs to another appraisal."
        if self.continues_id:
            if self.option_id is None:
                errors["continues"] = "Only a proposed post carries on a baseline post."
            elif self.continues.option_id is not None or self.continues.appraisal_id != self.appraisal_id:
                errors["continues"] = "A proposed post carries on a post of this appraisal's baseline structure."
        errors |= self._partner_errors()
        if self.cost_split == staff.BASIS and self.option_id is None:
            errors["cost_split"] = "Today's posts have no option's sharing basis: name the shares instead."
        if errors:
            raise ValidationError(errors)

    def _partner_errors(self) -> dict[str, str]:
        """The employing council and named shares are the appraisal's councils; shares add up to 100%."""
        if not self.appraisal_id:
            return {}
        errors = {}
        codes = list(self.appraisal.councils.values_list("code", flat=True))
        if self.council_id and self.council.code not in codes:
            errors["council"] = f"{self.council.code} is not one of the appraisal's councils ({', '.join(codes)})."
        if self.cost_split == staff.SHARES:
            problem = staff.shares_error(self.shares or {}, codes)
            if problem:
                errors["shares"] = problem
        elif self.shares:
            errors["shares"] = "Only a post shared in named shares gives shares."
        return errors


class ConsultationStep(models.Model):
    """A step of the staff consultation an option needs (seed 004's protocol: consult and involve employees)."""

    Step = models.TextChoices("Step", [(code.upper(), (code, label)) for code, label in staff.CONSULTATION_STEPS])

    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="consultation_steps")
    step = models.CharField(max_length=30, choices=Step.choices)
    done_on = models.DateField(null=True, blank=True, help_text="Blank: not done yet.")
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["option", "step"], name="consultation_step_once_per_option")]

    def __str__(self) -> str:
        return self.get_step_display()


class StatutoryRedundancyCap(models.Model):
    """The statutory limit on a week's pay for redundancy, by the date it took effect."""

    from_date = models.DateField("in force from", unique=True)
    weekly_cap = models.DecimalField(
        "weekly pay limit (£)", **MONEY, validators=[MinValueValidator(0, "A limit cannot be negative.")]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-from_date"]
        verbose_name = "statutory weekly pay limit"

    def __str__(self) -> str:
        return f"£{self.weekly_cap:,.0f} from {self.from_date:%-d %B %Y}"


class PensionStrainFactor(models.Model):
    """An estimate of the pension strain per £1 of annual pension paid early, by age at leaving: to be replaced
    by the pension fund actuary's own factors."""

    age = models.PositiveSmallIntegerField(
        "age at leaving",
        unique=True,
        validators=[MinValueValidator(staff.STRAIN_FROM_AGE), MaxValueValidator(staff.MAX_AGE)],
    )
    factor = models.DecimalField(max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["age"]
        verbose_name = "pension strain factor (estimate)"
        verbose_name_plural = "pension strain factors (estimates)"

    def __str__(self) -> str:
        return f"Age {self.age}: {self.factor}"
