"""Issue 16, point 9: the cabinet report says which figures are totals over the period, and its sensitivity table
says in plain words when the NPV reaches zero, with the same rule as the dashboard (formatting.switching)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from appraisal import formatting
from tests.helpers.html import cells
from tests.report.conftest import SLUG

pytestmark = pytest.mark.django_db
REPORT = reverse("cabinet_report", args=[SLUG])


@pytest.fixture
def report_html(user_with, dh_appraisal) -> str:
    client, _ = user_with("member")
    return client.get(REPORT).content.decode()


def test_the_report_labels_each_councils_totals_over_the_period(report_html):
    header = cells(report_html, "council-scenario-table")[0]
    assert header[1] == "Share of savings over the period"
    assert header[3] == "Share of costs over the period"
    assert header[5] == "Net over the period"
    assert "over the period (2012/13 to 2016/17): savings, costs and net are totals over the period" in report_html


def test_the_reports_sensitivity_table_reads_in_plain_words(report_html):
    rows = {row[0]: row for row in cells(report_html, "sensitivity-table")[1:]}
    assert rows["Discount rate"][-1] == "NPV reaches zero if this rate rises by 44.2 percentage points, to 47.7%"
    assert rows["Saving: Corporate Services"][-1] == "NPV does not reach zero across this range"
    assert "none in range" not in report_html and "+44.2" not in report_html


@pytest.mark.parametrize(
    ("value", "unit", "base", "words"),
    [
        (None, "% of base value", "1000000", "NPV does not reach zero across this range"),
        (-37.46, "% of base value", None, "NPV reaches zero if this figure falls by 37.5%"),
        (-37.46, "% of base value", "1000000", "NPV reaches zero if this figure falls by 37.5%, to £625,400"),
        (12.04, "% of base value", "250000", "NPV reaches zero if this figure rises by 12.0%, to £280,100"),
        (44.2, "percentage points", "3.5", "NPV reaches zero if this rate rises by 44.2 percentage points, to 47.7%"),
        (-3.25, "percentage points", "15", "NPV reaches zero if this rate falls by 3.3 percentage points, to 11.8%"),
    ],
)
def test_one_rule_words_every_switching_value(value, unit, base, words):
    value = None if value is None else Decimal(str(value))
    base = None if base is None else Decimal(base)
    assert formatting.switching(value, unit, base) == words
