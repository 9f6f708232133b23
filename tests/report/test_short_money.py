"""Issue 15, defect 7: money under £1m in the report's prose is written in full (£50,000), never as "£0.1m"; £1m and
over in millions to one place (£8.0m). One rule, formatting.millions, wherever the report gives short money."""

from decimal import Decimal

import pytest
from django.urls import reverse

from appraisal import formatting as fmt
from appraisal.scenarios.parts import cost_item_add
from tests.report.conftest import SLUG, edit_form, pdf_text, scenario_added

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("amount", "shown"),
    [("50000", "£50,000"), ("25000.40", "£25,000"), ("999999.49", "£999,999"), ("999999.50", "£1.0m"),
     ("1000000", "£1.0m"), ("8000000", "£8.0m"), ("22500000", "£22.5m"), ("1049999", "£1.0m"), ("0", "£0"),
     ("-25000", "-£25,000"), ("-2500000", "-£2.5m")],
)  # fmt: skip
def test_under_a_million_in_full_and_a_million_and_over_in_millions(amount, shown):
    assert fmt.millions(Decimal(amount)) == shown


def test_a_50000_cost_reads_as_50000_in_the_report_and_its_pdf(user_with, dh_appraisal):
    # A small case in seed 003's terms: a project cost of £50,000, presented alone.
    payroll = scenario_added(dh_appraisal, "Shared payroll", shown=True)
    cost_item_add(scenario_id=payroll.pk, user=None, values={"category": "programme", "year": 2012,
                  "description": "Project manager", "amount": Decimal(50_000)})  # fmt: skip
    client, _ = user_with("officer")
    form = edit_form(dh_appraisal, scenario=str(payroll.pk), compared_scenarios=[])
    assert client.post(reverse("cabinet_report_edit", args=[SLUG]), form).status_code == 302
    html = client.get(reverse("cabinet_report", args=[SLUG])).content.decode()
    assert "Implementation costs are estimated at £50,000 under the Shared payroll scenario." in html
    assert "implementation costs from £40,000 to £60,000: the planned £50,000 less and more 20%" in html
    assert "£0.1m" not in html and "£0.0m" not in html
    text = " ".join(pdf_text(client.get(reverse("cabinet_report_pdf", args=[SLUG])).content).split())
    assert "Implementation costs are estimated at £50,000 under the Shared payroll scenario." in text
    assert "£0.1m" not in text
