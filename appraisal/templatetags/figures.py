"""Template filters that show figures exactly as the command line and reports do."""

from django import template

from appraisal import formatting
from councils import financial_years

register = template.Library()


@register.filter
def money(value):
    return formatting.money(value)


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
def get_item(mapping, key):
    return mapping.get(key)
