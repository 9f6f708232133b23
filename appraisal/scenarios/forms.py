"""The scenario editor's small forms (one per assumption or row) and the form that adds a scenario; the fields
they share (pounds, percentages and financial years as councils type them) are in fields.py.

Each form checks what it can alone (a number, a year within the period); rules that need the stored scenario (a
name no other scenario has, shares adding up to 100%) are the services', and `form_errors_from` puts their
ValidationError beside the field it names.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from appraisal.calculations import options as opt
from appraisal.calculations import scenario as scen
from appraisal.models import CostItem, Scenario, ScenarioCluster
from appraisal.scenarios import parts, services
from appraisal.scenarios.fields import PERCENT_HINT, MoneyField, PercentField, YearField, period_field
from councils import financial_years

FIRST_YEAR_MISSING = "Enter the first year, like 2012/13"


def delivery_option_field() -> forms.TypedChoiceField:
    """Darlington & Hartlepool's four delivery options, or none: other appraisals' scenarios are not one of them."""
    return forms.TypedChoiceField(
        choices=[("", Scenario.NO_DELIVERY_OPTION)] + Scenario.DeliveryOption.choices,
        coerce=int,
        required=False,
        empty_value=None,
    )


class ScenarioAddForm(forms.Form):
    """A new scenario: its name and period; every other assumption starts at a default (see scenario_create)."""

    name = forms.CharField(max_length=100, error_messages={"required": services.ERR_NAME_MISSING})
    description = forms.CharField(required=False, widget=forms.Textarea, max_length=4000)
    first_year = YearField(error_messages={"required": FIRST_YEAR_MISSING})
    years = period_field(
        error_messages={"invalid_choice": services.ERR_TOO_FEW_YEARS, "required": services.ERR_TOO_FEW_YEARS}
    )
    delivery_option = delivery_option_field()

    green_book_rate = scen.GREEN_BOOK_DISCOUNT_RATE  # the rate a new scenario is discounted at, as the page says

    def __init__(self, *args, appraisal, **kwargs):
        super().__init__(*args, **kwargs)
        self.appraisal = appraisal

    def clean_name(self):
        # Checked here as well as in the service, so a taken name is reported with any other mistake at once.
        try:
            return services.scenario_name_validate(appraisal=self.appraisal, name=self.cleaned_data["name"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["name"]) from None

    def summary(self) -> list[tuple[str, str]]:
        """(input id, message) for the error summary at the top of the page."""
        if not self.is_bound or self.is_valid():
            return []
        return [
            (self[name].id_for_label if name in self.fields else "add-scenario", message)
            for name, errors in self.errors.items()
            for message in errors
        ]


def scenario_add_form(appraisal, data=None) -> ScenarioAddForm:
    # The period usually starts the year after the baseline budgets: 2011/12 budgets, savings from 2012/13.
    initial = {
        "first_year": financial_years.label(appraisal.base_year + 1),
        "years": 5,
    }
    return ScenarioAddForm(data, initial=initial, auto_id="id_add-%s", appraisal=appraisal)


class DetailsForm(forms.Form):
    name = forms.CharField(max_length=100, error_messages={"required": services.ERR_NAME_MISSING})
    description = forms.CharField(required=False, widget=forms.Textarea, max_length=4000)
    delivery_option = delivery_option_field()
    delivery_vehicle = forms.ChoiceField(
        choices=[("", "Not decided")] + Scenario.DeliveryVehicle.choices, required=False
    )

    fields_saved = ("name", "description", "delivery_option", "delivery_vehicle")


class PeriodForm(forms.Form):
    first_year = YearField(error_messages={"required": FIRST_YEAR_MISSING})
    years = period_field()

    fields_saved = ("first_year", "years")


class RateForm(forms.Form):
    """The discount rate or the optimism bias: each its own form, so changing one never clashes with the other."""

    value = PercentField(error_messages={"required": PERCENT_HINT})

    green_book_rate = scen.GREEN_BOOK_DISCOUNT_RATE  # the discount rate's hint names it


# Short enough for a select in a table row; the hint above the table says what each means. The last only for a
# scenario that is an option's case (issue 18): its clusters may take their saving from the option's structures.
POINT_CHOICES = [
    ("min", "Minimum"),
    ("max", "Maximum"),
    ("mid", "Midpoint"),
    ("amount", "Custom £"),
    ("pct", "Custom %"),
    (ScenarioCluster.Point.STRUCTURE.value, ScenarioCluster.Point.STRUCTURE.label),
]
ERR_STRUCTURE_NOT_OPTION = (
    "Only an option's scenario can take a saving from the staffing structures: choose another savings point"
)


class ClusterForm(forms.Form):
    included = forms.BooleanField(required=False)
    point = forms.ChoiceField(choices=POINT_CHOICES)
    custom_value = forms.CharField(required=False, max_length=30)

    def __init__(self, *args, structure: bool = False, **kwargs):
        """`structure`: the scenario is an option's, so "From the staffing structures" is offered."""
        super().__init__(*args, **kwargs)
        self.structure = structure

    @property
    def point_choices(self) -> list[tuple[str, str]]:
        """The savings points the select offers: the staffing structures only for an option's scenario."""
        return [c for c in POINT_CHOICES if self.structure or c[0] != ScenarioCluster.Point.STRUCTURE]

    def clean(self):
        data = super().clean()
        point, text = data.get("point"), data.get("custom_value", "")
        if point == ScenarioCluster.Point.STRUCTURE and not self.structure:
            self.add_error("point", ERR_STRUCTURE_NOT_OPTION)
        data["custom_value"] = None
        field = {ScenarioCluster.Point.AMOUNT: MoneyField, ScenarioCluster.Point.PERCENT: PercentField}.get(point)
        if field is not None and text:
            try:
                data["custom_value"] = field().clean(text)
            except ValidationError as exc:
                self.add_error("custom_value", exc)
        return data


class PhaseForm(forms.Form):
    percent = PercentField(error_messages={"required": parts.ERR_PHASE_MISSING})


class ClusterPhaseForm(forms.Form):
    """A cluster's own phasing for one year; blank: the cluster follows the phasing for every cluster."""

    percent = PercentField(required=False)


class YearAddForm(forms.Form):
    percent = PercentField(error_messages={"required": "Enter the % of the full-year saving, like 100"})


ERR_COST_NEGATIVE = "A cost cannot be negative: choose a Funding category for a grant or contribution"
SHARED = ""  # the "Charged to" choice of a line shared between the councils on the basis for costs


class CostForm(forms.Form):
    """One cost line. Funding (a grant, a partner's contribution) is money in: its amount, low and high are saved
    below zero whether typed as 25,000 or -25,000 (officers write a grant as the sum received), and a range typed
    the other way round (20,000 to 30,000 of funding) is turned into the cost's low and high (-30,000 to -20,000).
    A cost is never below zero. A line is shared on the basis for costs, or charged to one council alone."""

    category = forms.ChoiceField(choices=CostItem.Category.choices)
    description = forms.CharField(required=False, max_length=200)
    year = forms.TypedChoiceField(coerce=int, choices=[])
    amount = MoneyField(negative=True, error_messages={"required": "Enter the amount in pounds, like 250,000"})
    low = MoneyField(negative=True, required=False)
    high = MoneyField(negative=True, required=False)
    council = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, choices=[])

    def __init__(self, *args, years=(), councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, financial_years.label(y)) for y in years]
        self.fields["year"].error_messages["invalid_choice"] = "Choose a year within the period"
        self.councils = {c.pk: c for c in councils}
        shared = [(SHARED, "Shared")]  # on the scenario's basis for costs, as the hint above the table says
        self.fields["council"].choices = shared + [(c.pk, c.name) for c in councils]
        self.fields["council"].error_messages["invalid_choice"] = parts.ERR_COST_COUNCIL

    def clean(self):
        data = super().clean()
        if "council" in data:
            data["council"] = self.councils.get(data["council"])
        if data.get("category") in CostItem.FUNDING:
            self._as_funding(data)
        else:
            for name in ("amount", "low", "high"):
                if data.get(name) is not None and data[name] < 0:
                    self.add_error(name, ERR_COST_NEGATIVE)
                    data.pop(name, None)
        amount, low, high = data.get("amount"), data.get("low"), data.get("high")
        if amount is not None and low is not None and low > amount:
            self.add_error("low", "The low estimate cannot be more than the amount")
        if amount is not None and high is not None and high < amount:
            self.add_error("high", "The high estimate cannot be less than the amount")
        return data

    @staticmethod
    def _as_funding(data: dict) -> None:
        for name in ("amount", "low", "high"):
            if data.get(name) is not None:
                data[name] = -abs(data[name])
        if data.get("low") is not None and data.get("high") is not None and data["low"] > data["high"]:
            data["low"], data["high"] = data["high"], data["low"]


ERR_MITIGATED_NO_CATEGORY = "Choose the optimism bias category whose risk is mitigated"
ERR_LAST_YEAR_ONE_OFF = "Only a recurring cost has a last year: tick Recurring, or leave the last year blank"
ERR_LAST_YEAR_BEFORE = "The last year cannot be before the first"


class CostLineForm(CostForm):
    """A cost line as an option has it (issue 17): the editor's fields, its Green Book optimism-bias category with
    the % of that risk mitigated, and whether it recurs every year from its year to its last (blank: the period's
    end), as a contract price or a joint committee's running cost does."""

    bias_category = forms.ChoiceField(
        choices=[("", "None: the scenario's optimism bias")] + [(c.code, c.label) for c in opt.BIAS_CATEGORIES],
        required=False,
    )
    mitigated_pct = PercentField(required=False)
    recurring = forms.BooleanField(required=False)
    last_year = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, choices=[])

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, years=years, **kwargs)
        self.fields["last_year"].choices = [("", "End of the period")] + [(y, financial_years.label(y)) for y in years]
        self.fields["last_year"].error_messages["invalid_choice"] = "Choose a year within the period"

    def clean(self):
        data = super().clean()
        data["mitigated_pct"] = data.get("mitigated_pct") or Decimal(0)
        if data["mitigated_pct"] and not data.get("bias_category"):
            self.add_error("mitigated_pct", ERR_MITIGATED_NO_CATEGORY)
        if data.get("last_year") is not None:
            if not data.get("recurring"):
                self.add_error("last_year", ERR_LAST_YEAR_ONE_OFF)
            elif data.get("year") is not None and data["last_year"] < data["year"]:
                self.add_error("last_year", ERR_LAST_YEAR_BEFORE)
        if data.get("recurring"):
            data["low"] = data["high"] = None  # a range is for a one-off estimate; the form shows none for these
        return data


class SharingForm(forms.Form):
    savings_basis = forms.ChoiceField(choices=Scenario.Basis.choices)
    costs_basis = forms.ChoiceField(choices=Scenario.Basis.choices)

    def __init__(self, *args, councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.councils = list(councils)
        for applies_to in ("savings", "costs"):
            for council in self.councils:
                self.fields[f"{applies_to}-{council.pk}"] = PercentField(places=3, required=False)

    def shares(self) -> dict:
        return {
            (applies_to, c.pk): self.cleaned_data.get(f"{applies_to}-{c.pk}")
            for applies_to in ("savings", "costs")
            for c in self.councils
            if self.cleaned_data.get(f"{applies_to}-{c.pk}") is not None
        }

    def share_fields(self, applies_to: str):
        return [(c, self[f"{applies_to}-{c.pk}"]) for c in self.councils]

    def _basis_errors(self, label: str) -> list[str]:
        return [e for e in self.non_field_errors() if e.startswith(label)] if self.is_bound else []

    @property
    def savings_errors(self) -> list[str]:
        return self._basis_errors(LABELS["savings_shares"])

    @property
    def costs_errors(self) -> list[str]:
        return self._basis_errors(LABELS["costs_shares"])

    @property
    def savings_share_fields(self):
        return self.share_fields("savings")

    @property
    def costs_share_fields(self):
        return self.share_fields("costs")


class StatusForm(forms.Form):
    """Show the scenario to members, or return it to draft: the editor's button posts the status it asks for."""

    status = forms.ChoiceField(choices=Scenario.Status.choices, error_messages={"required": services.ERR_STATUS})


class DiscountBaseYearForm(forms.Form):
    """The year every scenario's NPV is discounted to; blank: the first year of the earliest scenario."""

    year = YearField(required=False)


def discount_base_year_form(appraisal, bound: DiscountBaseYearForm | None = None) -> DiscountBaseYearForm:
    """The form as stored (or as posted, with its errors); `was` is the year it shows, sent back to notice a
    colleague's change."""
    year = appraisal.discount_base_year
    form = bound or DiscountBaseYearForm(
        initial={"year": financial_years.label(year) if year else ""}, auto_id="id_discount-%s"
    )
    form.was = "" if year is None else str(year)
    return form


class NameForm(forms.Form):
    """The name of a copy; whether another scenario has it is scenario_name_validate's to say."""

    name = forms.CharField(max_length=100, error_messages={"required": "Enter a name for the new scenario"})


LABELS = {
    "name": "Name",
    "description": "Description",
    "delivery_option": "Delivery option",
    "delivery_vehicle": "Delivery vehicle",
    "first_year": "First year",
    "years": "Length of the period",
    "value": "",
    "included": "In this scenario",
    "point": "Savings point",
    "custom_value": "Custom saving",
    "percent": "Phasing",
    "category": "Category",
    "year": "Year",
    "amount": "Amount",
    "low": "Low estimate",
    "high": "High estimate",
    "council": "Charged to",
    "bias_category": "Optimism bias category",
    "mitigated_pct": "Risk mitigated",
    "recurring": "Recurring",
    "last_year": "Last year",
    "status": "Status",
    "savings_basis": "Savings shared",
    "costs_basis": "Costs shared",
    "savings_shares": "Savings shares",
    "costs_shares": "Costs shares",
}


def form_for(cls, key: str, data, **kwargs):
    """A bound form whose input ids match the page's (id_<key>-<field>)."""
    return cls(data, auto_id=f"id_{key}-%s", **kwargs)


def form_errors_from(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError beside the form's fields (or on the form if it names none of them)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            if name in form.fields:
                form.add_error(name, errors)
            else:
                label = LABELS.get(name, "")
                form.add_error(None, [f"{label}: {e}" if label else e for e in errors])
    else:
        form.add_error(None, exc.messages)
