"""The savings ranges form as the page sends it, and the range saved for a cluster."""

import re
from decimal import Decimal

from django.urls import reverse

from appraisal.models import SavingsRange
from tests.conftest import DH_SLUG
from tests.helpers.html import hidden_fields

SAVINGS = reverse("savings_ranges", args=[DH_SLUG])


def savings_form(response, **typed) -> dict[str, str]:
    """The savings form as loaded, with some amounts typed over: savings_form(r, **{"min-3": "1,200,000"})."""
    data = {k: v for k, v in hidden_fields(response).items() if re.match(r"^(min|max|version|was)-\d+$", k)}
    data.update(typed)
    return data


def saved_range(name="Strategic Management") -> tuple[Decimal, Decimal]:
    r = SavingsRange.objects.get(cluster__name=name)
    return r.min_saving, r.max_saving
