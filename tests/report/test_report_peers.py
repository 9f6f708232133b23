"""The cabinet report's appendix against similar councils (issue 21): the same figures as the baselines page, in
tables, with the licence statement; no appendix for an appraisal whose baselines were typed."""

import os
import re
from html import unescape

from appraisal.outturn import data
from appraisal.report.render import html_to_pdf, report_html
from appraisal.report.selectors import cabinet_report_data
from councils.models import Council
from tests.outturn.test_peers_page import DURHAM, HARTLEPOOL, from_published_figures
from tests.report.conftest import pdf_text


def text_of(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}">(.*?)</(table|p)>', html, re.S)
    assert found, f"no #{element_id}"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


def test_the_appendix_gives_each_councils_spend_beside_its_peers_and_the_licence(dh_appraisal):
    from_published_figures(dh_appraisal)
    html = report_html(cabinet_report_data(appraisal=dh_appraisal))
    darlington = Council.objects.get(code="DBC")
    table = text_of(html, f"peers-appendix-{darlington.pk}")
    assert "Adult Social Care £49,851,000 £73,267,000 £99,268,000 £155,880,000" in table
    assert "Police Not provided by this tier" in table
    assert "against the 61 unitary authorities" in table
    assert "Appendix C: Spending against similar councils, 2024/25" in html  # listed, and headed
    assert html.count("Appendix C: Spending against similar councils") == 2
    assert data.OGL in text_of(html, "peers-licence")


def test_the_appendix_gives_the_trend_and_marks_well_above_in_words(dh_appraisal):
    from_published_figures(dh_appraisal, {"DBC": DURHAM, "HBC": HARTLEPOOL})
    html = report_html(cabinet_report_data(appraisal=dh_appraisal))
    durham, hartlepool = Council.objects.get(code="DBC"), Council.objects.get(code="HBC")
    assert "Central Services £48,868,000 £7,099,000 £12,528,000 £18,430,000 Well above" in text_of(
        html, f"peers-appendix-{durham.pk}"
    )
    trend = text_of(html, f"peers-trend-{hartlepool.pk}")
    children = "Children's Social Care £33,108,000 £40,682,000 £49,198,000"
    assert f"{children} Up 22.9% in 2023/24; Up 20.9% in 2024/25" in trend
    assert "Police" not in trend  # an area never provided has no trend row


def test_a_report_whose_baselines_were_typed_has_no_such_appendix(dh_appraisal):
    Council.objects.filter(code="DBC").update(ons_code="E06000005")
    html = report_html(cabinet_report_data(appraisal=dh_appraisal))
    assert "Spending against similar councils" not in html
    assert data.OGL not in html


def test_the_pdf_holds_the_appendix_and_the_licence_statement(dh_appraisal):
    """One render. APPRAISE_KEEP_PDF=path keeps it, to look at its pages."""
    from_published_figures(dh_appraisal)
    pdf = html_to_pdf(report_html(cabinet_report_data(appraisal=dh_appraisal), for_pdf=True))
    if os.environ.get("APPRAISE_KEEP_PDF"):
        with open(os.environ["APPRAISE_KEEP_PDF"], "wb") as out:
            out.write(pdf)
    text = " ".join(pdf_text(pdf).split())
    assert "Appendix C: Spending against similar councils, 2024/25" in text
    assert "Adult Social Care £49,851,000 £73,267,000 £99,268,000 £155,880,000" in text
    assert "Contains public sector information licensed under the Open Government Licence v3.0." in text
