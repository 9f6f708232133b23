"""The request type of a view behind django-htmx's middleware, declared once for every feature's views."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def int_or_none(text) -> int | None:
    """A query or form value that names a row (?edit=12): its number, or None for anything else."""
    try:
        return int(text)
    except (TypeError, ValueError):
        return None
