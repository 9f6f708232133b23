"""The cabinet report PDF: the seed-001 figures, the dashboard's figures for the same scenario, the sections
in the usual order, and its metadata (issue 6 acceptance)."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from appraisal import formatting as fmt
from appraisal.report.selectors import cabinet_report_data
from tests.report.conftest import SLUG, cells, pdf_text

pytestmark = pytest.mark.django_db

HEADINGS = ["Purpose of Report", "Summary", "Recommendations", "Reasons for Recommendations",
            "Information and Analysis", "Potential savings by service cluster", "Savings against the funding deficit",
            "Scenarios compared", "Sensitivity and switching values", "Financial Implications", "Legal Implications",
            "Consultation", "Risk", "Equality", "Section 17 of the Crime and Disorder Act 1998", "Appendices",
            "Appendix A: Baseline budgets by council and service", "Appendix B: Assumptions used"]  # fmt: skip


@pytest.fixture
def member(user_with):
    client, _ = user_with("member")
    return client


def _pdf(client, query="") -> bytes:
    r = client.get(reverse("cabinet_report_pdf", args=[SLUG]) + query)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    return r.content


def test_the_pdf_holds_the_seed_001_savings_table_and_deficit_figures(member):
    text = pdf_text(_pdf(member))
    # Seed 001 §2.4: the totals row, and the savings against the combined £22.5m deficit (§2.2).
    for figure in ["£156,498,046", "£5,380,000", "£8,360,000", "3.4%", "5.3%", "£22,500,000", "23.9%", "37.2%",
                   "£147,968,591", "3.6%", "5.6%"]:  # fmt: skip
        assert figure in text, figure
    assert "Integrating services would save between £5.4m and £8.4m a year, closing 23.9% to 37.2% of the" in text


def test_the_pdf_shows_the_dashboards_figures_for_the_same_scenario(member):
    dashboard = member.get(reverse("appraisal_detail", args=[SLUG])).content.decode()
    text = pdf_text(_pdf(member))
    for element in ["headline-full-year", "headline-npv", "headline-payback", "headline-costs",
                    "headline-deficit-closed"]:  # fmt: skip
        assert cells(dashboard, element) in text, element
    assert "£9,263,010" in text  # the Low scenario's NPV
    # A council's share: Darlington's share of the savings and of the costs, as the dashboard's table shows them.
    assert "£8,780,475" in dashboard and "£8,780,475" in text
    assert "£3,711,452" in text and "46.6%" in text


def test_another_scenario_gives_its_own_figures_as_the_dashboard_does(member, dh_appraisal):
    high = dh_appraisal.scenarios.get(name="High")
    dashboard = member.get(reverse("appraisal_detail", args=[SLUG]), {"scenario": high.pk}).content.decode()
    text = pdf_text(_pdf(member, "?scenario=High"))
    assert cells(dashboard, "headline-npv") == "£21,728,821"
    assert "£21,728,821" in text
    assert "The High scenario" in text


def test_the_sections_come_in_the_usual_order_of_a_cabinet_report(member):
    text = pdf_text(_pdf(member))
    at = 0
    for heading in HEADINGS:  # each heading on its own line, after the one before
        found = text.find(f"\n{heading}", at)
        assert found != -1, f"{heading} missing or out of order"
        at = found + len(heading)
    assert re.search(r"Page 1 of (\d+)", text)
    assert "DRAFT" in text


def test_the_pdf_has_title_author_language_and_is_tagged(member):
    reader = PdfReader(io.BytesIO(_pdf(member)))
    assert reader.metadata.title == "Strategic collaboration between Darlington & Hartlepool Borough Councils"
    assert reader.metadata.author == "Darlington Borough Council"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    # Tagged PDF (PDF/UA-1): a structure tree, and marked content, so screen readers can follow it.
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root


def test_the_report_and_the_dashboard_share_one_calculation(dh_appraisal):
    data = cabinet_report_data(appraisal=dh_appraisal)
    assert data.dashboard.result.npv == Decimal("9263009.84")  # kept to the penny...
    assert fmt.pounds(data.dashboard.result.npv) == "£9,263,010"  # ...and shown to the pound
    assert fmt.pct(data.dashboard.figures.summary.deficit.max_closed_pct) == "37.2%"
