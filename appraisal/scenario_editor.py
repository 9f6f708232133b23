"""What the scenario editor shows: its small forms (one per assumption or row) and the recalculated figures.

`editor_build` reads the scenario in a fixed handful of queries (however many services the appraisal has),
runs the calculation module once, and lays out one form per section or row. A form that came back with
errors, or was refused as stale, is passed in (`bound`, `stale`) so the page shows what the editor typed
and why it was not saved, beside the field, while every other form shows what is stored.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from appraisal.calculations import CalculationError
from appraisal.calculations import scenario as scen
from appraisal.models import CostItem, Scenario, ScenarioCluster
from appraisal.selectors import AppraisalFigures, appraisal_figures, scenario_assumptions
from councils import financial_years
from services.models import ServiceCluster
from services.parsing import parse_money

MONEY_HINT = "Enter an amount in pounds, like 1,250,000"
PERCENT_HINT = "Enter a percentage, like 3.5"


# --- Fields ---------------------------------------------------------------------------------------------


class MoneyField(forms.CharField):
    """Pounds as councils type them: "£1,250,000", "1250000", "1,250,000.50"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            amount = parse_money(value, blank=None)
        except ValueError as exc:
            raise ValidationError(str(exc) if "decimal places" in str(exc) else MONEY_HINT) from None
        if amount < 0:
            raise ValidationError("An amount cannot be negative")
        return amount


class PercentField(forms.CharField):
    """A percentage from 0 to 100: "3.5", "3.5%"."""

    def __init__(self, *, places: int = 2, **kwargs):
        self.places = places
        kwargs.setdefault("max_length", 12)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            number = Decimal(value.strip().rstrip("%").strip())
        except InvalidOperation:
            raise ValidationError(PERCENT_HINT) from None
        if not number.is_finite():
            raise ValidationError(PERCENT_HINT)
        if number < 0:
            raise ValidationError("A percentage cannot be negative")
        if number > 100:
            raise ValidationError("A percentage cannot be more than 100%")
        if -number.as_tuple().exponent > self.places:
            raise ValidationError(f"Give at most {self.places} decimal places")
        return number


class YearField(forms.CharField):
    """A financial year typed as councils write it: 2012/13 (or 2012)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return financial_years.parse(value)
        except ValueError as exc:
            raise ValidationError(f"{str(exc)[0].upper()}{str(exc)[1:]}") from None


REQUIRED = {"required": "Enter a value"}


# --- Forms: one per small edit --------------------------------------------------------------------------


class DetailsForm(forms.Form):
    name = forms.CharField(max_length=100, error_messages={"required": "Enter a name for the scenario"})
    description = forms.CharField(required=False, widget=forms.Textarea, max_length=4000)
    delivery_option = forms.TypedChoiceField(choices=Scenario.DeliveryOption.choices, coerce=int)
    delivery_vehicle = forms.ChoiceField(
        choices=[("", "Not decided")] + Scenario.DeliveryVehicle.choices, required=False
    )

    fields_saved = ("name", "description", "delivery_option", "delivery_vehicle")


class PeriodForm(forms.Form):
    first_year = YearField(error_messages={"required": "Enter the first year, like 2012/13"})
    years = forms.TypedChoiceField(choices=[(n, f"{n} years") for n in range(3, 11)], coerce=int)

    fields_saved = ("first_year", "years")


class RateForm(forms.Form):
    """The discount rate or the optimism bias: each its own form, so changing one never clashes with the other."""

    value = PercentField(error_messages={"required": "Enter a percentage, like 3.5"})


class ClusterForm(forms.Form):
    included = forms.BooleanField(required=False)
    point = forms.ChoiceField(choices=ScenarioCluster.Point.choices)
    custom_value = forms.CharField(required=False, max_length=30)

    def clean(self):
        data = super().clean()
        point, text = data.get("point"), data.get("custom_value", "")
        data["custom_value"] = None
        if point == ScenarioCluster.Point.AMOUNT and text:
            try:
                data["custom_value"] = MoneyField().clean(text)
            except ValidationError as exc:
                self.add_error("custom_value", exc)
        elif point == ScenarioCluster.Point.PERCENT and text:
            try:
                data["custom_value"] = PercentField().clean(text)
            except ValidationError as exc:
                self.add_error("custom_value", exc)
        return data


class PhaseForm(forms.Form):
    percent = PercentField(error_messages={"required": "Enter the % of the full-year saving, like 50"})


class YearAddForm(forms.Form):
    percent = PercentField(error_messages={"required": "Enter the % of the full-year saving, like 100"})


class CostForm(forms.Form):
    category = forms.ChoiceField(choices=CostItem.Category.choices)
    description = forms.CharField(required=False, max_length=200)
    year = forms.TypedChoiceField(coerce=int, choices=[])
    amount = MoneyField(error_messages={"required": "Enter the amount in pounds, like 250,000"})
    low = MoneyField(required=False)
    high = MoneyField(required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, financial_years.label(y)) for y in years]
        self.fields["year"].error_messages["invalid_choice"] = "Choose a year within the period"

    def clean(self):
        data = super().clean()
        amount, low, high = data.get("amount"), data.get("low"), data.get("high")
        if amount is not None and low is not None and low > amount:
            self.add_error("low", "The low estimate cannot be more than the amount")
        if amount is not None and high is not None and high < amount:
            self.add_error("high", "The high estimate cannot be less than the amount")
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

    @property
    def savings_share_fields(self):
        return self.share_fields("savings")

    @property
    def costs_share_fields(self):
        return self.share_fields("costs")


class NameForm(forms.Form):
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
    "savings_basis": "Savings shared",
    "costs_basis": "Costs shared",
    "savings_shares": "Savings shares",
    "costs_shares": "Costs shares",
}


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


def _plain_money(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:,.2f}"
    return text[:-3] if text.endswith(".00") else text


def _plain_pct(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def _exact(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


# --- The editor -----------------------------------------------------------------------------------------


@dataclass
class ClusterRow:
    cluster: ServiceCluster
    figures: object  # the calculation's ClusterSummary
    form: ClusterForm | None  # None: out of scope, nothing to choose
    was: dict
    plan: object | None  # the ClusterPlan, if the cluster contributes
    stale: str = ""

    @property
    def anchor(self) -> str:
        return f"cluster-{self.cluster.pk}"


@dataclass
class PhaseRow:
    year: int
    form: PhaseForm
    entered: bool  # False: no phasing entered for the year, which counts as 100%
    was: str
    stale: str = ""
    last: bool = False

    @property
    def anchor(self) -> str:
        return f"phase-{self.year}"


@dataclass
class CostRow:
    item: CostItem
    form: CostForm
    was: dict
    stale: str = ""

    @property
    def anchor(self) -> str:
        return f"cost-{self.item.pk}"


@dataclass
class Editor:
    appraisal: object
    scenario: Scenario
    figures: AppraisalFigures
    result: scen.ScenarioResult | None
    error: str
    details: DetailsForm
    period: PeriodForm
    rates: dict[str, RateForm]
    clusters: list[ClusterRow]
    phases: list[PhaseRow]
    year_add: YearAddForm
    costs: list[CostRow]
    cost_new: CostForm
    sharing: SharingForm
    clone: NameForm
    was: dict[str, dict]  # section -> the values its form showed
    stale: dict[str, str]  # section or row key -> why it was not saved
    errors: list[tuple[str, str]] = field(default_factory=list)  # (input id, message) for the error summary

    @property
    def can_add_year(self) -> bool:
        return self.scenario.years < 10

    @property
    def can_remove_year(self) -> bool:
        return self.scenario.years > 3

    @property
    def councils(self):
        return self.figures.councils


def _form(cls, key: str, bound: dict, initial: dict, **kwargs):
    if key in bound:
        return bound[key]
    return cls(initial=initial, auto_id=f"id_{key}-%s", **kwargs)


def form_for(cls, key: str, data, **kwargs):
    """A bound form whose input ids match the page's (id_<key>-<field>)."""
    return cls(data, auto_id=f"id_{key}-%s", **kwargs)


def _errors_of(key: str, form: forms.Form | None, where: str) -> list[tuple[str, str]]:
    """(input id, message) for each error of a posted form, named as the error summary shows it."""
    if form is None or not form.is_bound or form.is_valid():
        return []
    out = []
    for name, errors in form.errors.items():
        anchor = f"id_{key}-{name}" if name in form.fields else f"section-{key}"
        label = LABELS.get(name, "") if name in form.fields else ""
        prefix = ": ".join(p for p in (where, label) if p)
        out += [(anchor, f"{prefix}: {e}" if prefix else e) for e in errors]
    return out


def _where(editor: "Editor", key: str) -> str:
    """What a form's errors are about, in the error summary: "Corporate Services", "Phasing 2013/14"."""
    if key.startswith("cluster-"):
        return next((r.cluster.name for r in editor.clusters if r.anchor == key), "Cluster")
    if key.startswith("phase-"):
        return f"Phasing {financial_years.label(int(key.split('-')[1]))}"
    if key.startswith("cost-") and key != "cost-new":
        row = next((r for r in editor.costs if r.anchor == key), None)
        return f"{row.item.get_category_display()} {financial_years.label(row.item.year)}" if row else "Cost"
    return {
        "cost-new": "New cost",
        "discount_rate": "Discount rate",
        "optimism_bias": "Optimism bias",
        "year-add": "New year",
        "clone": "Copy",
        "sharing": "",
        "details": "",
        "period": "",
    }.get(key, "")


def editor_build(
    *, scenario: Scenario, with_sensitivity: bool = False, bound: dict | None = None, stale: dict | None = None
) -> Editor:
    """The editor for one scenario: its forms as stored (or as posted, for `bound` ones) and its figures."""
    bound, stale = bound or {}, stale or {}
    appraisal = scenario.appraisal
    figures = appraisal_figures(appraisal=appraisal)
    assumptions = scenario_assumptions(scenario=scenario)
    result, error = None, ""
    try:
        result = scen.model(figures.summary, assumptions, with_sensitivity=with_sensitivity)
    except CalculationError as exc:
        error = str(exc)
    settings = {s.cluster.name: s for s in scenario.cluster_settings.all()}  # prefetched by scenario_assumptions
    clusters = {c.name: c for c in ServiceCluster.objects.filter(name__in=[c.name for c in figures.summary.clusters])}
    plans = {p.name: p for p in result.clusters} if result else {}

    was: dict[str, dict] = {}
    details_values = {name: getattr(scenario, name) for name in DetailsForm.fields_saved}
    was["details"] = {k: _exact(v) for k, v in details_values.items()}
    details = _form(DetailsForm, "details", bound, details_values)
    was["period"] = {"first_year": _exact(scenario.first_year), "years": _exact(scenario.years)}
    period = _form(
        PeriodForm, "period", bound, {"first_year": financial_years.label(scenario.first_year), "years": scenario.years}
    )
    rates = {}
    for name in ("discount_rate", "optimism_bias"):
        rates[name] = _form(RateForm, name, bound, {"value": _plain_pct(getattr(scenario, name))})
        was[name] = {name: _exact(getattr(scenario, name))}

    rows = []
    for summary in figures.summary.clusters:
        cluster = clusters[summary.name]
        setting = settings.get(summary.name) or ScenarioCluster(cluster=cluster, included=True)
        key = f"cluster-{cluster.pk}"
        row_was = {
            "included": "1" if setting.included else "",
            "point": setting.point,
            "custom_value": _exact(setting.custom_value),
        }
        custom = setting.custom_value
        initial = {
            "included": setting.included,
            "point": setting.point,
            "custom_value": _plain_money(custom) if setting.point == "amount" else _plain_pct(custom),
        }
        form = None if summary.out_of_scope else _form(ClusterForm, key, bound, initial)
        rows.append(ClusterRow(cluster, summary, form, row_was, plans.get(summary.name), stale.get(key, "")))

    entered = {p.year: p.percent for p in scenario.phases.all() if p.cluster_id is None}
    phases = []
    for year in range(scenario.first_year, scenario.first_year + scenario.years):
        key = f"phase-{year}"
        percent = entered.get(year)
        form = _form(PhaseForm, key, bound, {"percent": _plain_pct(percent if percent is not None else Decimal(100))})
        phases.append(PhaseRow(year, form, year in entered, _exact(percent), stale.get(key, "")))
    if phases:
        phases[-1].last = True

    years = list(range(scenario.first_year, scenario.first_year + scenario.years))
    costs = []
    for item in scenario.cost_items.all():
        key = f"cost-{item.pk}"
        values = {
            "category": item.category,
            "description": item.description,
            "year": item.year,
            "amount": _plain_money(item.amount),
            "low": _plain_money(item.low),
            "high": _plain_money(item.high),
        }
        item_was = {
            name: _exact(getattr(item, name)) for name in ("category", "description", "year", "amount", "low", "high")
        }
        costs.append(CostRow(item, _form(CostForm, key, bound, values, years=years), item_was, stale.get(key, "")))

    shares = {(s.applies_to, s.council_id): s.percent for s in scenario.custom_shares.all()}
    sharing_initial = {"savings_basis": scenario.savings_basis, "costs_basis": scenario.costs_basis}
    was["sharing"] = dict(sharing_initial)
    for applies_to in ("savings", "costs"):
        for council in figures.councils:
            value = shares.get((applies_to, council.pk))
            sharing_initial[f"{applies_to}-{council.pk}"] = _plain_pct(value)
            was["sharing"][f"share:{applies_to}:{council.pk}"] = _exact(value)

    editor = Editor(
        appraisal=appraisal,
        scenario=scenario,
        figures=figures,
        result=result,
        error=error,
        details=details,
        period=period,
        rates=rates,
        clusters=rows,
        phases=phases,
        year_add=_form(YearAddForm, "year-add", bound, {"percent": "100"}),
        costs=costs,
        cost_new=_form(CostForm, "cost-new", bound, {"year": scenario.first_year}, years=years),
        sharing=_form(SharingForm, "sharing", bound, sharing_initial, councils=figures.councils),
        clone=_form(NameForm, "clone", bound, {"name": f"{scenario.name} (copy)"}),
        was=was,
        stale=stale,
    )
    for key, form in bound.items():
        editor.errors += _errors_of(key, form, _where(editor, key))
    for key, message in stale.items():
        where = _where(editor, key)
        anchor = key if key.startswith(("cluster-", "phase-", "cost-")) else f"section-{key}"
        editor.errors.append((anchor, f"{where}: {message}" if where else message))
    return editor
