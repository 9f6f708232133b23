"""Each part of a report page that HTMX asks for on its own (views.FRAGMENTS) is a partial its template defines."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from appraisal.report import views
from tests.report.conftest import SLUG

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", views.FRAGMENTS)
def test_each_fragment_renders_alone(name, dh_appraisal):
    html = render_to_string(name, {"appraisal": dh_appraisal})
    # Before a PDF is asked for, the status is the link that asks for it.
    assert f'href="{reverse("cabinet_report_pdf", args=[SLUG])}"' in html
    assert 'id="cabinet-report-download"' not in html  # the fragment alone, not the list item around it
