"""Issue 15, defect 5: a deficit as a % of net budget is of each council's whole net revenue budget where it is held
(combined: of the partners' budgets together), never of the few services an appraisal covers; where a budget is not
held, the report says the % is "of the budgets in this appraisal"."""

from decimal import Decimal

import pytest
from django.urls import reverse

from appraisal.baselines.services import service_scopes_bulk_remove
from appraisal.models import ServiceScope
from councils.models import Council
from councils.services import CouncilBudgets, councils_bulk_update
from tests.helpers.html import cells
from tests.report.conftest import SLUG, pdf_text

pytestmark = pytest.mark.django_db
REPORT = reverse("cabinet_report", args=[SLUG])


def _pct_row(html: str) -> list[str]:
    return next(row for row in cells(html, "deficit-table") if row[0].startswith("Deficit as %"))


def _corporate_services_only(appraisal) -> None:
    """The appraisal narrowed to its Corporate Services, as an officer removes the rest on its scope page."""
    others = ServiceScope.objects.filter(appraisal=appraisal).exclude(service__cluster__name="Corporate Services")
    service_scopes_bulk_remove(appraisal=appraisal, service_ids=list(others.values_list("service_id", flat=True)))


def test_the_demo_gives_seed_001s_14_4_percent_of_the_councils_net_revenue_budgets(user_with):
    client, _ = user_with("member")
    html = client.get(REPORT).content.decode()
    # Seed 001 §1.1: £22.5m, c14.4% of net budget; Darlington £10.4m of £72,604,370, Hartlepool £12.1m of £83,893,676.
    assert _pct_row(html) == ["Deficit as % of net revenue budget", "14.3%", "14.4%", "14.4%"]
    assert "The combined deficit is 14.4% of net revenue budget." in html


def test_an_appraisal_of_a_few_services_still_measures_the_deficit_against_the_whole_budgets(user_with, dh_appraisal):
    _corporate_services_only(dh_appraisal)
    client, _ = user_with("member")
    html = client.get(REPORT).content.decode()
    net = next(row for row in cells(html, "deficit-table") if row[0].startswith("Net budget"))
    assert net == ["Net budget 2011/12", "£10,651,429", "£12,230,264", "£22,881,693"]  # Corporate Services alone
    assert _pct_row(html) == ["Deficit as % of net revenue budget", "14.3%", "14.4%", "14.4%"]
    text = " ".join(pdf_text(client.get(reverse("cabinet_report_pdf", args=[SLUG])).content).split())
    assert "The combined deficit is 14.4% of net revenue budget." in text
    assert "98.3%" not in text


def test_without_the_councils_budgets_the_percentage_says_it_is_of_the_budgets_in_this_appraisal(
    user_with, dh_appraisal
):
    _corporate_services_only(dh_appraisal)
    councils_bulk_update(budgets=[CouncilBudgets(c.pk, None, c.gross_budget) for c in Council.objects.all()])
    client, _ = user_with("member")
    html = client.get(REPORT).content.decode()
    # £22,500,000 of £22,881,693: the services in this appraisal, and the label says so.
    assert _pct_row(html) == ["Deficit as % of the budgets in this appraisal", "97.6%", "98.9%", "98.3%"]
    assert "The combined deficit is 98.3% of the budgets in this appraisal." in html


def test_where_one_council_holds_its_budget_its_figure_says_what_it_is_of(user_with, dh_appraisal):
    hartlepool = Council.objects.get(code="HBC")
    councils_bulk_update(budgets=[CouncilBudgets(hartlepool.pk, None, hartlepool.gross_budget)])
    client, _ = user_with("member")
    html = client.get(REPORT).content.decode()
    assert _pct_row(html) == [
        "Deficit as % of the budgets in this appraisal",
        "14.3% (of net revenue budget)",
        "14.4%",
        "14.4%",
    ]
    assert Council.objects.get(code="DBC").net_revenue_budget == Decimal("72604370")
