"""The staffing page's forms: a post of today's structure or of an option's proposed one, a grade, an option's staff
arrangements and consultation checklist, a council's on-costs and redundancy policy. Each reads what officers type
(pounds as "32,000", shares as "DBC 50, HBC 50"); the rules (no negative salary or FTE, an age from 16 to 75,
service no longer than age − 16, shares of the appraisal's councils adding to 100) are the model's and the
services', and `errors_from` puts their ValidationError beside the field it names."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from appraisal.calculations import staffing as staff
from appraisal.scenarios.fields import MoneyField, PercentField
from appraisal.scenarios.rows import shown_money, shown_percent
from appraise import form_saves

LABELS = {
    "title": "Post title",
    "cluster": "Cluster",
    "grade": "Grade",
    "council": "Employing council",
    "fte": "FTE",
    "salary": "Salary (£ a year)",
    "on_cost_pct": "On-costs (%)",
    "cost_split": "Cost shared",
    "shares": "Named shares",
    "continues": "Carries on",
    "holder_age": "Postholder's age",
    "holder_years_service": "Years of service",
    "pension_member": "In the pension scheme",
    "name": "Grade",
    "average_age": "Average age",
    "average_years_service": "Average years of service",
    "host_employer": "Host employer",
    "share_leaving_costs": "Partners share leaving costs",
    "employer_ni_pct": "Employer's National Insurance (%)",
    "pension_contribution_pct": "Pension contribution (%)",
    "redundancy_multiplier": "Redundancy multiplier",
    "redundancy_on_actual_pay": "Pays on actual pay",
    "option": "Option",
}
ERR_NUMBER = "Enter a number, like 1 or 0.5"
UNKNOWN_CHOICE = {
    "cluster": "Choose one of the appraisal's clusters in scope",
    "grade": "Choose one of the appraisal's grades",
    "council": "Choose one of the appraisal's councils",
    "continues": "Choose a post of today's structure, or none for a new post",
    "cost_split": "Choose how the post's cost is shared",
}
ERR_WHOLE = "Enter a whole number of years, like 42"


class NumberField(forms.CharField):
    """A number as typed ("0.5"); blank is None. Below zero is left to the model, which says why it is refused."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            number = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            raise ValidationError(ERR_NUMBER) from None
        if not number.is_finite():
            raise ValidationError(ERR_NUMBER)
        return number


class WholeField(forms.CharField):
    """Whole years ("42"); blank is None; the age and service rules are the model's."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return int(value.strip())
        except ValueError:
            raise ValidationError(ERR_WHOLE) from None


def _choices(items, blank: str | None = None) -> list[tuple]:
    out = [("", blank)] if blank is not None else []
    return out + [(item.pk, str(item)) for item in items]


class PostForm(forms.Form):
    """A post. `baseline` True: today's structure (with its holder); False: an option's (with the post it carries
    on). The choices are the appraisal's clusters in scope, grades, councils and (proposed) today's posts."""

    title = forms.CharField(max_length=200, error_messages={"required": "Enter the post's title"})
    cluster = forms.TypedChoiceField(coerce=int, choices=[], error_messages={"required": "Choose the cluster"})
    grade = forms.TypedChoiceField(coerce=int, choices=[], error_messages={"required": "Choose the grade"})
    council = forms.TypedChoiceField(
        coerce=int, choices=[], error_messages={"required": "Choose the employing council"}
    )
    fte = NumberField(error_messages={"required": "Enter the FTE, like 1 or 0.5"})
    salary = MoneyField(negative=True, error_messages={"required": "Enter the salary in pounds a year, like 32,000"})
    on_cost_pct = PercentField(required=False)
    cost_split = forms.ChoiceField(choices=staff.COST_SPLITS)
    shares = forms.CharField(required=False, max_length=200)
    continues = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, choices=[])
    holder_age = WholeField(required=False)
    holder_years_service = WholeField(required=False)
    pension_member = forms.BooleanField(required=False)

    def __init__(self, *args, baseline: bool, clusters=(), grades=(), councils=(), today=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.baseline = baseline
        self.lookup = {
            "cluster": {c.pk: c for c in clusters},
            "grade": {g.pk: g for g in grades},
            "council": {c.pk: c for c in councils},
            "continues": {p.pk: p for p in today},
        }
        self.fields["cluster"].choices = _choices(clusters, "Choose a cluster")
        self.fields["grade"].choices = _choices(grades, "Choose a grade")
        self.fields["council"].choices = [("", "Choose a council")] + [(c.pk, c.name) for c in councils]
        if baseline:
            self.fields["cost_split"].choices = [c for c in staff.COST_SPLITS if c[0] != staff.BASIS]
            del self.fields["continues"]
        else:
            self.fields["continues"].choices = _choices(today, "None: a new post")
            for name in ("holder_age", "holder_years_service", "pension_member"):
                del self.fields[name]
        for name, message in UNKNOWN_CHOICE.items():
            if name in self.fields:
                self.fields[name].error_messages["invalid_choice"] = message

    def clean_shares(self):
        text = self.cleaned_data.get("shares", "").strip()
        if self.data.get(self.add_prefix("cost_split")) != staff.SHARES:
            return {}
        try:
            return staff.parse_shares(text) if text else {}
        except ValueError as exc:
            raise ValidationError(str(exc)) from None

    def values(self) -> dict:
        """The service's values: model field names, model instances for the foreign keys."""
        data = dict(self.cleaned_data)
        for name, table in self.lookup.items():
            if name in data:
                data[name] = table.get(data[name]) if data[name] is not None else None
        return data


def post_initial(post) -> dict:
    """A post as its form shows it."""
    return {
        "title": post.title,
        "cluster": post.cluster_id,
        "grade": post.grade_id,
        "council": post.council_id,
        "fte": shown_percent(post.fte),
        "salary": shown_money(post.salary),
        "on_cost_pct": shown_percent(post.on_cost_pct),
        "cost_split": post.cost_split,
        "shares": staff.shares_text(post.shares or {}),
        "continues": post.continues_id or "",
        "holder_age": post.holder_age if post.holder_age is not None else "",
        "holder_years_service": post.holder_years_service if post.holder_years_service is not None else "",
        "pension_member": post.pension_member,
    }


class GradeForm(forms.Form):
    name = forms.CharField(max_length=60, error_messages={"required": "Enter the grade's name"})
    average_age = WholeField(error_messages={"required": "Enter the average age, like 42"})
    average_years_service = WholeField(error_messages={"required": "Enter the average years of service, like 10"})


class OptionStaffingForm(forms.Form):
    host_employer = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, choices=[])
    share_leaving_costs = forms.BooleanField(required=False)

    def __init__(self, *args, councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.councils = {c.pk: c for c in councils}
        self.fields["host_employer"].choices = [("", "Not decided")] + [(c.pk, c.name) for c in councils]
        self.fields["host_employer"].error_messages["invalid_choice"] = "Choose one of the appraisal's councils"

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["host_employer"] = self.councils.get(data["host_employer"])
        return data


class ConsultationForm(forms.Form):
    """Each step of the staff consultation: the date it was done (blank: not yet) and a note."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in staff.CONSULTATION_STEPS:
            self.fields[f"done-{code}"] = forms.DateField(
                required=False,
                label=label,
                input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                error_messages={"invalid": "Enter a date, like 14/03/2012"},
            )
            self.fields[f"note-{code}"] = forms.CharField(required=False, max_length=300)

    def rows(self):
        return [(code, label, self[f"done-{code}"], self[f"note-{code}"]) for code, label in staff.CONSULTATION_STEPS]

    def steps(self) -> dict[str, tuple]:
        return {
            code: (self.cleaned_data[f"done-{code}"], self.cleaned_data[f"note-{code}"])
            for code, _ in staff.CONSULTATION_STEPS
        }


class CouncilStaffingForm(forms.Form):
    employer_ni_pct = PercentField(error_messages={"required": "Enter the employer's National Insurance %"})
    pension_contribution_pct = PercentField(error_messages={"required": "Enter the pension contribution %"})
    redundancy_multiplier = NumberField(error_messages={"required": "Enter the multiplier, like 1 or 1.5"})
    redundancy_on_actual_pay = forms.BooleanField(required=False)


def errors_from(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError beside the form's fields (appraise/form_saves.py), named in this page's words."""
    form_saves.errors_from(form, exc, labels=LABELS)
