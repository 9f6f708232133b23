"""What the scenario editor shows: its small forms (one per assumption or row) and the recalculated figures.

`editor_build` reads the scenario in a fixed handful of queries (however many services the appraisal has),
runs the calculation module once, and lays out one form per section or row. A form that came back with
errors, or was refused as stale, is passed in (`bound`, `stale`) so the page shows what the editor typed
and why it was not saved, beside the field, while every other form shows what is stored.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError

from appraisal.calculations import CalculationError
from appraisal.calculations import scenario as scen
from appraisal.models import CostItem, Scenario, ScenarioCluster
from appraisal.scenarios.selectors import scenario_assumptions
from appraisal.scenarios.services import COST_FIELDS
from appraisal.summary.selectors import appraisal_figures
from councils import financial_years
from services.models import ServiceCluster
from services.parsing import parse_money

MONEY_HINT = "Enter an amount in pounds, like 1,250,000"


PERCENT_HINT = "Enter a percentage, like 3.5"


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


class DetailsForm(forms.Form):
    name = forms.CharField(max_length=100, error_messages={"required": "Enter a name for the scenario"})
    description = forms.CharField(required=False, widget=forms.Textarea, max_length=4000)
    delivery_option = forms.TypedChoiceField(choices=Scenario.DeliveryOption.choices, coerce=int)
    delivery_vehicle = forms.ChoiceField(
        choices=[("", "Not decided")] + Scenario.DeliveryVehicle.choices, required=False
    )

    fields_saved = ("name", "description", "delivery_option", "delivery_vehicle")


PERIOD_CHOICES = [(n, f"{n} years") for n in range(scen.MIN_YEARS, scen.MAX_YEARS + 1)]


class PeriodForm(forms.Form):
    first_year = YearField(error_messages={"required": "Enter the first year, like 2012/13"})
    years = forms.TypedChoiceField(
        choices=[(n, f"{n} years") for n in range(scen.MIN_YEARS, scen.MAX_YEARS + 1)], coerce=int
    )

    fields_saved = ("first_year", "years")


class RateForm(forms.Form):
    """The discount rate or the optimism bias: each its own form, so changing one never clashes with the other."""

    value = PercentField(error_messages={"required": "Enter a percentage, like 3.5"})


# Short enough for a select in a table row; the hint above the table says what each means.
POINT_CHOICES = [
    ("min", "Minimum"),
    ("max", "Maximum"),
    ("mid", "Midpoint"),
    ("amount", "Custom £"),
    ("pct", "Custom %"),
]


class ClusterForm(forms.Form):
    included = forms.BooleanField(required=False)
    point = forms.ChoiceField(choices=POINT_CHOICES)
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


class ClusterPhaseForm(forms.Form):
    """A cluster's own phasing for one year; blank: the cluster follows the phasing for every cluster."""

    percent = PercentField(required=False)


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
class ClusterPhaseCell:
    cluster: ServiceCluster
    year: int
    form: ClusterPhaseForm
    was: str
    stale: str = ""

    @property
    def anchor(self) -> str:
        return f"cphase-{self.cluster.pk}-{self.year}"


@dataclass
class ClusterPhaseRow:
    cluster: ServiceCluster
    cells: list[ClusterPhaseCell]


@dataclass
class CostRow:
    item: CostItem
    form: CostForm
    was: dict
    stale: str = ""

    @property
    def anchor(self) -> str:
        return f"cost-{self.item.pk}"


class Editor:
    """The editor's forms and figures. Each section's forms are built when first used, so an HTMX answer that
    shows one row and the panel does not pay for the forms of the whole page."""

    def __init__(self, *, scenario, figures, result, error, bound, stale):
        self.scenario = scenario
        self.appraisal = scenario.appraisal
        self.figures = figures
        self.result = result
        self.error = error
        self.bound = bound
        self.stale = stale
        self.last_key = ""  # the form just posted, if any
        self.has_cluster_phasing = False

    @property
    def councils(self):
        return self.figures.councils

    @property
    def years(self) -> list[int]:
        return list(range(self.scenario.first_year, self.scenario.first_year + self.scenario.years))

    @property
    def can_add_year(self) -> bool:
        return self.scenario.years < scen.MAX_YEARS

    @property
    def can_remove_year(self) -> bool:
        return self.scenario.years > scen.MIN_YEARS

    def _form(self, cls, key: str, initial: dict, **kwargs):
        if key in self.bound:
            return self.bound[key]
        return cls(initial=initial, auto_id=f"id_{key}-%s", **kwargs)

    @cached_property
    def was(self) -> dict[str, dict]:
        """Section -> the values its form shows, sent back so a colleague's change to them is noticed."""
        s = self.scenario
        was = {
            "details": {name: _exact(getattr(s, name)) for name in DetailsForm.fields_saved},
            "period": {"first_year": _exact(s.first_year), "years": _exact(s.years)},
            "discount_rate": {"discount_rate": _exact(s.discount_rate)},
            "optimism_bias": {"optimism_bias": _exact(s.optimism_bias)},
            "sharing": {"savings_basis": s.savings_basis, "costs_basis": s.costs_basis},
        }
        for (applies_to, council_id), value in self._shares.items():
            was["sharing"][f"share:{applies_to}:{council_id}"] = _exact(value)
        for applies_to in ("savings", "costs"):
            for council in self.councils:
                was["sharing"].setdefault(f"share:{applies_to}:{council.pk}", "")
        return was

    @cached_property
    def details(self) -> DetailsForm:
        return self._form(DetailsForm, "details", {n: getattr(self.scenario, n) for n in DetailsForm.fields_saved})

    @cached_property
    def period(self) -> PeriodForm:
        initial = {"first_year": financial_years.label(self.scenario.first_year), "years": self.scenario.years}
        return self._form(PeriodForm, "period", initial)

    @cached_property
    def rates(self) -> dict[str, RateForm]:
        return {
            name: self._form(RateForm, name, {"value": _plain_pct(getattr(self.scenario, name))})
            for name in ("discount_rate", "optimism_bias")
        }

    @cached_property
    def clusters(self) -> list[ClusterRow]:
        settings = {s.cluster.name: s for s in self.scenario.cluster_settings.select_related("cluster")}
        clusters = {s.cluster.name: s.cluster for s in settings.values()}
        missing = [c.name for c in self.figures.summary.clusters if c.name not in clusters]
        if missing:  # clusters the scenario has no setting for yet (in, at the midpoint)
            clusters.update({c.name: c for c in ServiceCluster.objects.filter(name__in=missing)})
        plans = {p.name: p for p in self.result.clusters} if self.result else {}
        rows = []
        for summary in self.figures.summary.clusters:
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
            form = None if summary.out_of_scope else self._form(ClusterForm, key, initial)
            rows.append(ClusterRow(cluster, summary, form, row_was, plans.get(summary.name), self.stale.get(key, "")))
        return rows

    @cached_property
    def phases(self) -> list[PhaseRow]:
        entered = {p.year: p.percent for p in self.scenario.phases.all() if p.cluster_id is None}
        rows = []
        for year in self.years:
            key = f"phase-{year}"
            percent = entered.get(year)
            shown = percent if percent is not None else Decimal(100)
            form = self._form(PhaseForm, key, {"percent": _plain_pct(shown)})
            rows.append(PhaseRow(year, form, year in entered, _exact(percent), self.stale.get(key, "")))
        if rows:
            rows[-1].last = True
        return rows

    @cached_property
    def cluster_phases(self) -> list[ClusterPhaseRow]:
        """Each in-scope cluster's own phasing by year (blank where it follows the phasing for every cluster)."""
        own = {(p.cluster_id, p.year): p.percent for p in self.scenario.phases.all() if p.cluster_id is not None}
        self.has_cluster_phasing = bool(own)
        rows = []
        for row in self.clusters:
            if row.form is None:
                continue  # out of scope: no saving to phase
            cells = []
            for year in self.years:
                key = f"cphase-{row.cluster.pk}-{year}"
                percent = own.get((row.cluster.pk, year))
                form = self._form(ClusterPhaseForm, key, {"percent": _plain_pct(percent)})
                cells.append(ClusterPhaseCell(row.cluster, year, form, _exact(percent), self.stale.get(key, "")))
            rows.append(ClusterPhaseRow(row.cluster, cells))
        return rows

    @property
    def cluster_phasing_open(self) -> bool:
        """Show the clusters' own phasing when there is some, or when it was just edited."""
        rows = self.cluster_phases
        return (
            self.has_cluster_phasing
            or self.last_key.startswith("cphase-")
            or any(c.stale for r in rows for c in r.cells)
        )

    @cached_property
    def year_add(self) -> YearAddForm:
        return self._form(YearAddForm, "year-add", {"percent": "100"})

    @cached_property
    def costs(self) -> list[CostRow]:
        rows = []
        for item in self.scenario.cost_items.all():
            key = f"cost-{item.pk}"
            values = {
                "category": item.category,
                "description": item.description,
                "year": item.year,
                "amount": _plain_money(item.amount),
                "low": _plain_money(item.low),
                "high": _plain_money(item.high),
            }
            item_was = {name: _exact(getattr(item, name)) for name in COST_FIELDS}
            form = self._form(CostForm, key, values, years=self.years)
            rows.append(CostRow(item, form, item_was, self.stale.get(key, "")))
        return rows

    @cached_property
    def cost_new(self) -> CostForm:
        return self._form(CostForm, "cost-new", {"year": self.scenario.first_year}, years=self.years)

    @cached_property
    def _shares(self) -> dict:
        return {(s.applies_to, s.council_id): s.percent for s in self.scenario.custom_shares.all()}

    @cached_property
    def sharing(self) -> SharingForm:
        initial = {"savings_basis": self.scenario.savings_basis, "costs_basis": self.scenario.costs_basis}
        for applies_to in ("savings", "costs"):
            for council in self.councils:
                initial[f"{applies_to}-{council.pk}"] = _plain_pct(self._shares.get((applies_to, council.pk)))
        return self._form(SharingForm, "sharing", initial, councils=self.councils)

    @cached_property
    def clone(self) -> NameForm:
        return self._form(NameForm, "clone", {"name": f"{self.scenario.name} (copy)"})

    @cached_property
    def errors(self) -> list[tuple[str, str]]:
        """(input id, message) for the error summary: each posted form's errors, and each stale edit."""
        out = []
        for key, form in self.bound.items():
            out += _errors_of(key, form, _where(self, key))
        for key, message in self.stale.items():
            where = _where(self, key)
            anchor = key if key.startswith(("cluster-", "phase-", "cphase-", "cost-")) else f"section-{key}"
            if key.startswith("cost-") and self.row(key) is None:
                anchor = "section-costs"  # the cost was removed meanwhile
            out.append((anchor, f"{where}: {message}" if where else message))
        return out

    def row(self, key: str):
        """The cluster, phasing or cost row with that anchor (building only that kind of row)."""
        kind = key.split("-")[0]
        if kind == "cphase":
            cells = [cell for row in self.cluster_phases for cell in row.cells]
            return next((c for c in cells if c.anchor == key), None)
        kind = {"cluster": "clusters", "phase": "phases", "cost": "costs"}.get(kind)
        return next((r for r in getattr(self, kind) if r.anchor == key), None) if kind else None


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


def _where(editor: Editor, key: str) -> str:
    """What a form's errors are about, in the error summary: "Corporate Services", "Phasing 2013/14"."""
    if key.startswith("cluster-"):
        row = editor.row(key)
        return row.cluster.name if row else "Cluster"
    if key.startswith("phase-"):
        return f"Phasing {financial_years.label(int(key.split('-')[1]))}"
    if key.startswith("cphase-"):
        cell = editor.row(key)
        year = financial_years.label(int(key.split("-")[2]))
        return f"{cell.cluster.name}: phasing {year}" if cell else f"Phasing {year}"
    if key.startswith("cost-") and key != "cost-new":
        row = editor.row(key)
        return f"{row.item.get_category_display()} {financial_years.label(row.item.year)}" if row else "Cost"
    return {
        "cost-new": "New cost",
        "discount_rate": "Discount rate",
        "optimism_bias": "Optimism bias",
        "year-add": "New year",
        "clone": "Copy",
    }.get(key, "")


def editor_build(
    *, scenario: Scenario, with_sensitivity: bool = False, bound: dict | None = None, stale: dict | None = None
) -> Editor:
    """The editor for one scenario: its forms as stored (or as posted, for `bound` ones) and its figures."""
    figures = appraisal_figures(appraisal=scenario.appraisal)
    result, error = None, ""
    try:
        result = scen.model(figures.summary, scenario_assumptions(scenario=scenario), with_sensitivity=with_sensitivity)
    except CalculationError as exc:
        error = str(exc)
    return Editor(scenario=scenario, figures=figures, result=result, error=error, bound=bound or {}, stale=stale or {})
