"""A scenario's delivery option is one of Darlington & Hartlepool's four (seed 001 §2.5): only its scenarios have
one, and the dashboard's comparison and the cabinet report say it only where a scenario has one. Carlisle's
scenarios have none, so their pages never call them "2 – Integration of key services"."""

from html import unescape

import pytest
from django.urls import reverse

from appraisal.models import Scenario
from tests.demo.conftest import demo, demo_snapshot  # noqa: F401 (fixtures: every fixture load_demo loads)
from tests.helpers.html import cells
from tests.helpers.users import member_of

pytestmark = pytest.mark.django_db

DH = "darlington-hartlepool-2011"
CARLISLE = "carlisle-allerdale-eden-shared-services"


def compared(client, slug) -> tuple[list[list[str]], str]:
    """The dashboard comparing the appraisal's first scenarios shown to members: its table's rows, and the page."""
    shown = Scenario.objects.filter(appraisal__slug=slug, status="shown").order_by("position")[:4]
    assert len(shown) >= 2
    r = client.get(reverse("appraisal_detail", args=[slug]), {"compare": [s.pk for s in shown]})
    assert r.status_code == 200
    html = r.content.decode()
    return [[unescape(c) for c in row] for row in cells(html, "comparison-table")], unescape(html)


def report(client, slug) -> str:
    r = client.get(reverse("cabinet_report", args=[slug]))
    assert r.status_code == 200
    return unescape(r.content.decode())


def test_only_darlington_hartlepool_pages_give_a_delivery_option(demo, client, django_user_model):  # noqa: F811
    # Carlisle: no row, no line, no "None" (its models are its options' delivery models).
    assert not Scenario.objects.filter(appraisal__slug=CARLISLE, delivery_option__isnull=False).exists()
    member_of(client, django_user_model, "CCC")
    rows, dashboard = compared(client, CARLISLE)
    assert [row[0] for row in rows[1:3]] == ["Delivery vehicle", "Period"]
    html = report(client, CARLISLE)
    assert 'id="assumptions-table"' in html and 'id="comparison-table"' in dashboard
    for page in (dashboard, html):
        assert "Integration of key services" not in page and "Delivery option" not in page
        assert "None" not in page.replace("None (0%)", "")
    # Darlington & Hartlepool: its Low and High scenarios are option 3.
    client.logout()
    member_of(client, django_user_model, "DBC")
    rows, _ = compared(client, DH)
    assert rows[1] == ["Delivery option", "3 – Operational merger", "3 – Operational merger"]
    html = report(client, DH)
    assert '<tr><th scope="row">Delivery option</th><td>3 – Operational merger</td></tr>' in html
    assert "3 – Operational merger" in html.split('id="scenario"', 1)[1].split("</p>", 1)[0]
