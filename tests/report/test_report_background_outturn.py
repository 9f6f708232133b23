"""The cabinet report's background papers list the published dataset an appraisal's baselines came from, with the
statement its licence asks for; an appraisal entered by hand lists only its own note."""

import html
import re

import pytest

from appraisal.models import BaselineSource
from appraisal.outturn import data
from appraisal.outturn.services import appraisal_from_outturn
from appraisal.report.render import report_html
from appraisal.report.selectors import cabinet_report_data

pytestmark = pytest.mark.django_db


def background(page: str) -> str:
    match = re.search(r"<h3>Background papers and sources</h3>(.*?)</section>", page, re.S)
    assert match, "no background papers in the report"
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))).strip()


def test_the_background_papers_list_the_published_dataset_with_its_licence(dh_appraisal):
    BaselineSource.objects.create(
        appraisal=dh_appraisal,
        dataset=data.DATASET,
        publisher=data.PUBLISHER,
        year=2024,
        licence=data.OGL,
        url=data.URL,
    )
    for for_pdf in (True, False):
        text = background(report_html(cabinet_report_data(appraisal=dh_appraisal), for_pdf=for_pdf))
        assert dh_appraisal.description in text
        assert (
            "Ministry of Housing, Communities and Local Government, Local authority revenue expenditure and financing "
            "England: Revenue Outturn time-series, 2024/25: "
            "https://www.gov.uk/government/collections/local-authority-revenue-expenditure-and-financing. "
            "Contains public sector information licensed under the Open Government Licence v3.0."
        ) in text


def test_an_appraisal_not_started_from_published_figures_lists_only_its_own_note(dh_appraisal):
    page = report_html(cabinet_report_data(appraisal=dh_appraisal), for_pdf=True)
    assert background(page) == dh_appraisal.description
    assert data.OGL not in page
    assert 'id="background-papers"' not in page


def test_an_appraisal_started_from_the_published_figures_lists_them_in_its_report():
    appraisal = appraisal_from_outturn(ons_codes=["E06000005", "E06000001"], year=2024, slug="dh-2024")
    text = background(report_html(cabinet_report_data(appraisal=appraisal), for_pdf=True))
    assert "Gross budgets, FTEs and third-party spend are not in the published figures" in text
    assert text.endswith(f"2024/25: {data.URL}. {data.OGL}")
