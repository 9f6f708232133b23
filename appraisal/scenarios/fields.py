"""The fields the scenario forms share (and the simulation settings form): pounds, percentages, financial years,
whole numbers and plain numbers as councils type them, and the length of the period.
Each checks what it can alone; blank is None."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from appraisal.calculations import scenario as scen
from councils import financial_years
from services.parsing import parse_money

MONEY_HINT = "Enter an amount in pounds, like 1,250,000"
PERCENT_HINT = "Enter a percentage, like 3.5"
ERR_NEGATIVE = "An amount cannot be negative"


class TypedField(forms.CharField):
    """A value councils type as text: blank is None; anything else is converted by `parse`, or refused."""

    default_max_length: int | None = None

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", self.default_max_length)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return self.parse(value) if value else None

    def parse(self, value: str):
        raise NotImplementedError


class MoneyField(TypedField):
    """Pounds as councils type them: "£1,250,000", "1250000", "1,250,000.50"; below zero ("-25,000") only where
    `negative` allows it (a cost line, which may be funding: its form says which sign the category needs)."""

    default_max_length = 30

    def __init__(self, *, negative: bool = False, **kwargs):
        self.negative = negative
        super().__init__(**kwargs)

    def parse(self, value: str) -> Decimal:
        try:
            amount = parse_money(value, blank=None)
        except ValueError as exc:
            raise ValidationError(str(exc) if "decimal places" in str(exc) else MONEY_HINT) from None
        if amount < 0 and not self.negative:
            raise ValidationError(ERR_NEGATIVE)
        return amount


class PercentField(TypedField):
    """A percentage from 0 to 100: "3.5", "3.5%"."""

    default_max_length = 12

    def __init__(self, *, places: int = 2, **kwargs):
        self.places = places
        super().__init__(**kwargs)

    def parse(self, value: str) -> Decimal:
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


class YearField(TypedField):
    """A financial year typed as councils write it: 2012/13 (or 2012)."""

    def parse(self, value: str) -> int:
        try:
            return financial_years.parse(value)
        except ValueError as exc:
            raise ValidationError(f"{str(exc)[0].upper()}{str(exc)[1:]}") from None


def period_field(**kwargs) -> forms.TypedChoiceField:
    """The length of the period: a choice of the years calculations/scenario.py allows, with the hint that says so."""
    choices = [(n, f"{n} years") for n in range(scen.MIN_YEARS, scen.MAX_YEARS + 1)]
    return forms.TypedChoiceField(
        choices=choices, coerce=int, help_text=f"{scen.MIN_YEARS} to {scen.MAX_YEARS} years", **kwargs
    )


class WholeNumberField(TypedField):
    """A whole number as typed: "10,000" or "10000"; `message` refuses anything else."""

    default_max_length = 20

    def __init__(self, *, message: str, **kwargs):
        self.message = message
        kwargs.setdefault("error_messages", {"required": message})
        super().__init__(**kwargs)

    def parse(self, value: str) -> int:
        text = value.strip().replace(",", "")
        if not text.isdigit():
            raise ValidationError(self.message)
        return int(text)


class NumberField(TypedField):
    """A plain number (not pounds, not a percentage) with at most `places` decimal places, like a correlation "0.5";
    `message` refuses what is not a number, `places_message` one with too many places."""

    default_max_length = 12

    def __init__(self, *, message: str, places_message: str, places: int = 2, **kwargs):
        self.message, self.places_message, self.places = message, places_message, places
        kwargs.setdefault("error_messages", {"required": message})
        super().__init__(**kwargs)

    def parse(self, value: str) -> Decimal:
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ValidationError(self.message) from None
        if not number.is_finite():
            raise ValidationError(self.message)
        if -number.as_tuple().exponent > self.places:
            raise ValidationError(self.places_message)
        return number
