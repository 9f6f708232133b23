"""The benefits page's forms: a benefit of the register (added or changed) and a reading of its measure. Each reads
what officers type (a value as "72.5", "£250,000" or "85%", a date as 31/01/2011, a year as 2014/15); the register's
rules (every benefit has a measure, a financial one is a cluster's savings, one name once per appraisal) are the
model's, and `errors_from` puts its ValidationError beside the field it names."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from appraisal.models import Benefit
from appraisal.realisation.services import BENEFIT_FIELDS
from appraisal.scenarios.fields import YearField
from appraise import form_saves
from councils import financial_years

LABELS = {
    "name": "Benefit",
    "kind": "Kind",
    "option": "Option",
    "cluster": "Cluster",
    "measure": "Measure",
    "unit": "Unit",
    "baseline_value": "Baseline value",
    "baseline_date": "Baseline date",
    "target_value": "Target value",
    "due_year": "Due by (financial year)",
    "owner_council": "Owner's council",
    "owner_role": "Owner's role",
    "how_measured": "How it is measured",
    "frequency": "How often",
    "evidence": "Evidence",
    "taken_on": "Date of the reading",
    "value": "Value",
    "note": "Note",
}
ERR_VALUE = "Enter a number, like 3.5, 85% or £250,000"
ERR_DATE = "Enter a date, like 31/01/2011"
ERR_DUPLICATE = Benefit._meta.constraints[0].violation_error_message
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"]


class ValueField(forms.CharField):
    """A measure's value as typed: "3.5", "85%", "£250,000"; blank is None. Its size is the model's to refuse."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        text = value.strip().replace(",", "").removeprefix("£").removesuffix("%").strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(ERR_VALUE) from None
        if not number.is_finite():
            raise ValidationError(ERR_VALUE)
        return number


def _date_field(**kwargs) -> forms.DateField:
    return forms.DateField(input_formats=DATE_FORMATS, error_messages={"invalid": ERR_DATE, **kwargs.pop("errors", {})})


def _choices(items, blank: str) -> list[tuple]:
    return [("", blank)] + [(item.pk, str(item)) for item in items]


class BenefitForm(forms.Form):
    """A benefit with its measure. The choices are the appraisal's options (beyond business as usual), the clusters
    and the partner councils; `values()` gives the service model instances for them."""

    name = forms.CharField(max_length=200, error_messages={"required": "Enter the benefit's name"})
    kind = forms.ChoiceField(choices=Benefit.Kind.choices, error_messages={"invalid_choice": "Choose the kind"})
    option = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, choices=[])
    cluster = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, choices=[])
    measure = forms.CharField(max_length=300, required=False)  # blank: the model says why it is needed
    unit = forms.CharField(max_length=50, required=False)
    baseline_value = ValueField(required=False, max_length=30)
    baseline_date = _date_field(required=False)
    target_value = ValueField(required=False, max_length=30)
    due_year = YearField(required=False)
    owner_council = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, choices=[])
    owner_role = forms.CharField(max_length=200, required=False)
    how_measured = forms.CharField(max_length=300, required=False)
    frequency = forms.ChoiceField(choices=[("", "Not set"), *Benefit.Frequency.choices], required=False)
    evidence = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)
    seen = forms.IntegerField(required=False, widget=forms.HiddenInput)  # the change the form was shown after

    def __init__(self, *args, options=(), clusters=(), councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup = {
            "option": {o.pk: o for o in options},
            "cluster": {c.pk: c for c in clusters},
            "owner_council": {c.pk: c for c in councils},
        }
        self.fields["option"].choices = _choices(options, "Whichever option is chosen")
        self.fields["cluster"].choices = _choices(clusters, "None: a non-financial benefit")
        self.fields["owner_council"].choices = [("", "Not set")] + [(c.pk, c.name) for c in councils]
        for name, message in (
            ("option", "Choose one of the appraisal's options"),
            ("cluster", "Choose one of the clusters"),
            ("owner_council", "Choose one of the appraisal's councils"),
            ("frequency", "Choose how often it is measured"),
        ):
            self.fields[name].error_messages["invalid_choice"] = message

    def values(self) -> dict:
        """The service's values: model field names, model instances for the foreign keys, "" for blank text."""
        data = {k: v for k, v in self.cleaned_data.items() if k in BENEFIT_FIELDS}
        for name, table in self.lookup.items():
            data[name] = table.get(data[name]) if data[name] is not None else None
        return data


def benefit_initial(benefit: Benefit) -> dict:
    """A benefit as its form shows it."""

    def number(value) -> str:
        return "" if value is None else f"{value.normalize():f}"

    return {
        "name": benefit.name,
        "kind": benefit.kind,
        "option": benefit.option_id or "",
        "cluster": benefit.cluster_id or "",
        "measure": benefit.measure,
        "unit": benefit.unit,
        "baseline_value": number(benefit.baseline_value),
        "baseline_date": benefit.baseline_date.strftime("%d/%m/%Y") if benefit.baseline_date else "",
        "target_value": number(benefit.target_value),
        "due_year": financial_years.label(benefit.due_year) if benefit.due_year else "",
        "owner_council": benefit.owner_council_id or "",
        "owner_role": benefit.owner_role,
        "how_measured": benefit.how_measured,
        "frequency": benefit.frequency,
        "evidence": benefit.evidence,
    }


class ReadingForm(forms.Form):
    """A reading of a benefit's measure: the date it was taken, its value and a note."""

    taken_on = _date_field(errors={"required": "Enter the date of the reading, like 30/06/2012"})
    value = ValueField(max_length=30, error_messages={"required": "Enter the value read, like 3.5"})
    note = forms.CharField(max_length=300, required=False)


def errors_from(form: forms.Form, exc: ValidationError) -> None:
    """Put the model's ValidationError beside the form's fields (appraise/form_saves.py): the one-name-per-appraisal
    rule (which Django gives the whole form) beside the name."""
    form_saves.errors_from(form, exc, labels=LABELS, to_field={ERR_DUPLICATE: "name"})
