"""Template filters that show figures exactly as the command line and reports do."""

from django import template

from appraisal import formatting
from councils import financial_years

register = template.Library()


@register.filter
def money(value):
    return formatting.money(value)


@register.filter
def pounds(value):
    return formatting.pounds(value)


@register.filter
def pct(value):
    return formatting.pct(value)


@register.filter
def millions(value):
    return formatting.millions(value)


@register.filter
def fy(value):
    return financial_years.label(value)


@register.filter
def partner_years(council) -> str:
    """A council's years in the partnership, from anything with join_year and leave_year; "" if throughout."""
    return formatting.partner_years(getattr(council, "join_year", None), getattr(council, "leave_year", None))


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def rate(value):
    """A rate as entered: 3.50 -> '3.5%'."""
    return f"{value.normalize():f}%"


@register.filter
def factor(value):
    """A discount factor to four places, as Treasury tables print them."""
    return f"{float(value):.4f}"


@register.filter
def switching(sensitivity):
    return formatting.switching(sensitivity.switching_value, sensitivity.switching_unit, sensitivity.base_value)


@register.filter
def sens_value(sensitivity, which):
    """An assumption's low or high value: pounds for savings and costs, % for rates."""
    value = getattr(sensitivity, f"{which}_value")
    if sensitivity.switching_unit == "percentage points":
        return rate(value)
    return formatting.pounds(value)


@register.filter
def zip_with(first, second):
    return zip(first, second, strict=True)
