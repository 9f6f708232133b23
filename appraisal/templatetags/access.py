"""Role checks for templates, so a page shows only the controls its reader may use (the views still enforce them)."""

from django import template

from appraisal import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can_edit_assumptions(context, appraisal) -> bool:
    return permissions.can_edit_assumptions(context["request"].user, appraisal)
