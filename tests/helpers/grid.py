"""Posting to the baselines grid as its page does: a cell's form data, ids and the HR row of the demo."""

from django.urls import reverse

from services.models import Baseline
from tests.conftest import DH_SLUG

CELL = reverse("baseline_cell", args=[DH_SLUG])
HTMX = {"HTTP_HX_REQUEST": "true"}


def hr(code: str, year: int = 2011) -> Baseline:
    return Baseline.objects.get(council__code=code, service__name="HR", year=year)


def cell_data(baseline: Baseline, field: str, value: str, **overrides) -> dict:
    data = {
        "council": baseline.council_id,
        "service": baseline.service_id,
        "year": baseline.year,
        "field": field,
        "value": value,
        "version": baseline.version,
        "original": getattr(baseline, field),
    }
    return data | overrides


def cell_id(baseline: Baseline, field: str) -> str:
    return f"cell-{baseline.council_id}-{baseline.service_id}-{field}"


def input_id(baseline: Baseline, field: str) -> str:
    return f"input-{baseline.council_id}-{baseline.service_id}-{field}"
