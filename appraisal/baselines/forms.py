"""The baselines feature's forms: one grid cell, one service's scope, and the typed boxes of the savings ranges and
funding deficits forms (each row of those is read by its page, appraisal/baselines/savings.py and deficits.py)."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from appraisal import formatting as fmt
from appraisal.baselines.selectors import ScopeChoice, ScopedService
from councils import financial_years
from councils.models import Council
from services.models import Scope, Service
from services.parsing import parse_money
from services.selectors import service_get
from services.services import BASELINE_FIELDS

MONEY_HINT = "Enter an amount in pounds, like 1,250,000"


@dataclass(frozen=True)
class CellEdit:
    """What a grid cell's form sent: which figure, what was typed, and the figure and version the editor saw."""

    council: Council
    service: Service
    field: str
    year: int
    typed: str
    version: int
    original: Decimal | None  # None: the cell was blank (no baseline yet), or an old form sent nothing
    undo: bool = False  # the cell's Undo button: `typed` is the figure before the user's last change of it

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.council.pk, self.service.pk, self.field)


def cell_key(text: str) -> tuple[int, int, str] | None:
    """The cell a grid address names after a save ("12-34-net_budget", from ?saved=): (council id, service id,
    field), or None if it names none."""
    council, _, rest = (text or "").partition("-")
    service, _, field = rest.partition("-")
    if not (council.isdigit() and service.isdigit() and field in BASELINE_FIELDS):
        return None
    return (int(council), int(service), field)


class BaselineCellForm(forms.Form):
    """Which cell (checked against the appraisal's councils and the services it covers) and what was typed in it
    (read by the measure's parser when it is saved)."""

    council = forms.IntegerField()
    service = forms.IntegerField()
    year = forms.IntegerField(validators=[financial_years.validate_year])
    field = forms.ChoiceField(choices=[(name, name) for name in BASELINE_FIELDS])
    version = forms.IntegerField(min_value=0)
    original = forms.DecimalField(required=False)
    value = forms.CharField(required=False, strip=False, max_length=100)
    undo = forms.BooleanField(required=False)

    def __init__(self, data, *, councils: list[Council], service_ids):
        super().__init__(data)
        self.councils = {c.pk: c for c in councils}
        self.service_ids = set(service_ids)

    def clean_council(self) -> Council:
        council = self.councils.get(self.cleaned_data["council"])
        if council is None:
            raise ValidationError("That council is not a partner in this appraisal.")
        return council

    def clean_service(self) -> Service:
        pk = self.cleaned_data["service"]
        service = service_get(pk=pk) if pk in self.service_ids else None
        if service is None:
            raise ValidationError("That service is not in this appraisal.")
        return service

    def edit(self) -> CellEdit:
        data = self.cleaned_data
        return CellEdit(
            council=data["council"],
            service=data["service"],
            field=data["field"],
            year=data["year"],
            typed=data["value"],
            version=data["version"],
            original=data["original"],
            undo=data["undo"],
        )


class ServiceScopeForm(forms.Form):
    """The grid's scope of one service the appraisal covers (`covered`: service id -> its scope there)."""

    service = forms.IntegerField()
    scope = forms.ChoiceField(choices=Scope.choices)
    year = forms.IntegerField(required=False, validators=[financial_years.validate_year])
    reason = forms.CharField(required=False, max_length=300)

    def __init__(self, data, *, covered: dict[int, ScopeChoice]):
        super().__init__(data)
        self.covered = covered

    def clean_service(self) -> Service:
        pk = self.cleaned_data["service"]
        service = service_get(pk=pk) if pk in self.covered else None
        if service is None:
            raise ValidationError("That service is not in this appraisal.")
        return service

    def current(self) -> ScopeChoice:
        return self.covered[self.cleaned_data["service"].pk]

    def reason_for(self, current: ScopeChoice) -> str:
        """The reason to save. The grid sends none: keep the reason while the scope stays, drop it when the scope
        changes (the old reason explained the old scope; the history keeps it)."""
        if "reason" in self.data:
            return self.cleaned_data["reason"]
        return current.reason if self.cleaned_data["scope"] == current.scope else ""


# --- The scope page: a service added to the appraisal, or removed from it ------------------------------------

# What the scope select offers when a service is added: its own scope first.
OWN_SCOPE = ""
ADD_SCOPE_CHOICES = [(OWN_SCOPE, "The service's usual scope"), *Scope.choices]
CHOOSE_A_SERVICE = "Choose a service to add"


class ServiceAddForm(forms.Form):
    """A service to add to the appraisal (one it does not cover yet), with its scope and reason there; blank: the
    service's own."""

    service = forms.TypedChoiceField(coerce=int, error_messages={"required": CHOOSE_A_SERVICE})
    scope = forms.ChoiceField(choices=ADD_SCOPE_CHOICES, required=False)
    reason = forms.CharField(required=False, max_length=300, strip=True)

    def __init__(self, data=None, *, addable: list[Service]):
        super().__init__(data)
        groups: dict[str, list[tuple[int, str]]] = {}
        for service in addable:
            groups.setdefault(service.cluster.name, []).append((service.pk, service.name))
        self.fields["service"].choices = [("", CHOOSE_A_SERVICE), *groups.items()]
        self.fields["service"].error_messages["invalid_choice"] = "That service cannot be added: it is not in the list"
        self.by_id = {s.pk: s for s in addable}

    def clean_service(self) -> Service:
        return self.by_id[self.cleaned_data["service"]]


class ServiceRemoveForm(forms.Form):
    service = forms.IntegerField()

    def __init__(self, data, *, covered: dict[int, ScopedService]):
        super().__init__(data)
        self.covered = covered

    def clean_service(self) -> ScopedService:
        if self.cleaned_data["service"] not in self.covered:
            raise ValidationError("That service is not in this appraisal.")
        return self.covered[self.cleaned_data["service"]]


# --- The typed boxes of the savings ranges and funding deficits forms -----------------------------------------


@dataclass
class Box:
    """One input as the page shows it: what it holds, and the message beside it if what was typed is wrong."""

    name: str
    label: str  # names the input in the error summary and for screen readers
    text: str = ""
    error: str = ""

    @property
    def id(self) -> str:
        return f"id_{self.name}"


def in_box(value: Decimal | None) -> str:
    """£1,250,000 as an input shows it: 1,250,000 (the column says it is pounds)."""
    return fmt.money(value).replace("£", "")


def exact(value: Decimal | None) -> str:
    """A stored figure sent back in a hidden field, exactly."""
    return "" if value is None else f"{value:f}"


def same(text: str, value: Decimal | None) -> bool:
    """Whether a hidden field still names this stored figure."""
    try:
        return (Decimal(text) if text else None) == value
    except ArithmeticError:
        return False


def read_money(box: Box, *, what: str) -> Decimal | None:
    """The amount typed in the box (None if blank); on bad input, puts the message beside the box."""
    if not box.text.strip():
        return None
    try:
        amount = parse_money(box.text, blank=None)
    except ValueError as exc:
        box.error = str(exc) if "decimal places" in str(exc) else MONEY_HINT
        return None
    if amount < 0:
        box.error = f"{what} cannot be negative"
        return None
    return amount


def posted_version(text) -> int:
    """The version a row was loaded at; a form without one counts as having seen no row (0), so it cannot
    overwrite a row unchecked."""
    try:
        return max(int(text), 0)
    except (TypeError, ValueError):
        return 0


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


_RANGE_BOX = re.compile(r"^(?:min|max)-(\d+)$")
_DEFICIT_FIELD = re.compile(r"^(amount|version|was)-(\d+)-(\d+)$|^new-(?:year|amount)-(\d+)$")


def posted_clusters(post) -> set[int]:
    """The clusters whose savings range boxes a form sent."""
    return {int(m.group(1)) for m in map(_RANGE_BOX.match, post) if m}


def posted_deficit_years(post) -> dict[int, set[int]]:
    """council id -> the years of its forecasts a form sent (a council with only the new-year boxes has none)."""
    named: dict[int, set[int]] = {}
    for m in filter(None, map(_DEFICIT_FIELD.match, post)):
        years = named.setdefault(int(m.group(2) or m.group(4)), set())
        if m.group(3) and financial_years.EARLIEST <= int(m.group(3)) <= financial_years.LATEST:
            years.add(int(m.group(3)))
    return named
