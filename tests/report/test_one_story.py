"""Issue 15, defect 7: the report tells one story. The summary, the deficit table, the scenario's table and the
appendix share the savings on the presented scenario's own basis; the Risk section says what optimism bias is
applied; the sensitivity says what range of costs it tests; the NPV names its prices and discount year; and each
council's savings are set against its medium-term financial plan year by year."""

import html as htmllib
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from appraisal.models import Scenario
from appraisal.scenarios.parts import cost_item_update, scenario_sharing_update
from appraisal.scenarios.services import scenario_settings_update
from appraisal.summary.services import appraisal_discount_base_year_set
from tests.helpers.html import cells, fragment
from tests.report.conftest import SLUG, pdf_text

pytestmark = pytest.mark.django_db
REPORT = reverse("cabinet_report", args=[SLUG])


@pytest.fixture
def member(user_with):
    client, _ = user_with("member")
    return client


@pytest.fixture
def low(dh_appraisal) -> Scenario:
    return dh_appraisal.scenarios.get(name="Low")


def _said(html: str, element_id: str) -> str:
    """The text of one element of the report as a member reads it."""
    return htmllib.unescape(" ".join(re.sub(r"<[^>]+>", " ", fragment(html, element_id)).split()))


def _row(html: str, table_id: str, label: str) -> list[str]:
    return next(row for row in cells(html, table_id) if row and row[0] == label)


def test_shared_equally_the_summary_the_tables_and_the_appendix_all_say_so(member, low):
    scenario_sharing_update(scenario_id=low.pk, savings_basis="equal", costs_basis="net_budget", shares={}, was=None,
                            user=None)  # fmt: skip
    html = member.get(REPORT).content.decode()
    said = "Each cluster's saving is shared between the councils in equal shares, as the Low scenario shares them."
    assert _said(html, "sharing-basis") == said
    assert said in _said(html, "summary")
    # £5,380,000 to £8,360,000 a year in two equal halves, in the summary and in the deficit table alike.
    assert (
        "Darlington Borough Council's share would be £2,690,000 to £4,180,000 a year, 25.9% to 40.2% of its "
        "own funding deficit of £10,400,000." in _said(html, "summary")
    )
    assert _row(html, "deficit-table", "Minimum saving") == ["Minimum saving", "£2,690,000", "£2,690,000", "£5,380,000"]
    assert _row(html, "deficit-table", "Maximum saving") == ["Maximum saving", "£4,180,000", "£4,180,000", "£8,360,000"]
    shares = [row[2] for row in cells(html, "council-scenario-table")[1:]]
    assert shares == ["50.0%", "50.0%"]
    assert _row(html, "assumptions-table", "Savings shared") == ["Savings shared", "Equal shares"]
    assert "pro rata" not in _said(html, "summary")


def test_in_agreed_shares_the_summary_gives_each_council_its_agreed_share(member, low, dh_appraisal):
    councils = {m.council.code: m.council for m in dh_appraisal.memberships.select_related("council")}
    shares = {("savings", councils["DBC"].pk): Decimal(60), ("savings", councils["HBC"].pk): Decimal(40)}
    scenario_sharing_update(scenario_id=low.pk, savings_basis="custom", costs_basis="net_budget", shares=shares,
                            was=None, user=None)  # fmt: skip
    html = member.get(REPORT).content.decode()
    assert (
        "in the agreed shares (Darlington Borough Council 60%, Hartlepool Borough Council 40%), as the Low scenario"
        in _said(html, "sharing-basis")
    )
    assert _row(html, "deficit-table", "Minimum saving") == ["Minimum saving", "£3,228,000", "£2,152,000", "£5,380,000"]
    assert "share would be £3,228,000 to £5,016,000 a year" in _said(html, "summary")


def test_the_cluster_basis_the_demo_uses_is_said_as_it_is(member):
    html = member.get(REPORT).content.decode()
    said = "pro rata to each council's net budget in each cluster, as the Low scenario shares them."
    assert said in _said(html, "sharing-basis") and said in _said(html, "summary")
    assert _row(html, "deficit-table", "Minimum saving") == ["Minimum saving", "£2,508,707", "£2,871,293", "£5,380,000"]


def test_no_optimism_bias_is_said_as_none_and_a_bias_as_the_green_book_recommends(member, low):
    risk = _said(member.get(REPORT).content.decode(), "risk")
    assert "No optimism bias is applied (0%)" in risk
    assert "as the Green Book recommends" not in risk
    scenario_settings_update(scenario_id=low.pk, values={"optimism_bias": Decimal(15)}, was=None, user=None)
    html = member.get(REPORT).content.decode()
    assert "An optimism bias of 15% is applied, as the Green Book recommends" in _said(html, "risk")
    assert _row(html, "assumptions-table", "Optimism bias")[1].startswith("15%: savings lowered and costs raised")


def test_the_sensitivity_says_the_costs_are_the_planned_amount_less_and_more_20_percent(member, low):
    html = member.get(REPORT).content.decode()
    said = "implementation costs from £6.4m to £9.6m: the planned £8.0m less and more 20%"
    assert said in _said(html, "sensitivity-ranges")
    row = _row(html, "sensitivity-table", "Implementation costs in total")
    assert row[1:3] == ["£6,400,000", "£9,600,000"]


def test_the_sensitivity_says_the_costs_are_the_estimates_lows_and_highs_where_given(member, low):
    redundancy = low.cost_items.get(category="redundancy", year=2012)  # £2,600,000 of the £8,000,000
    cost_item_update(scenario_id=low.pk, item_id=redundancy.pk, values={"year": 2012, "low": Decimal(2_000_000),
                     "high": Decimal(3_500_000)}, was=None, user=None)  # fmt: skip
    html = member.get(REPORT).content.decode()
    said = "implementation costs from £7.4m to £8.9m: the low to the high estimate of each cost"
    assert said in _said(html, "sensitivity-ranges")
    assert _row(html, "sensitivity-table", "Implementation costs in total")[1:3] == ["£7,400,000", "£8,900,000"]


def test_the_npv_names_its_prices_and_the_year_it_is_discounted_to(member, dh_appraisal):
    html = member.get(REPORT).content.decode()
    basis = "at 2012/13 prices, discounted to 2012/13 at 3.5%"
    assert _row(html, "scenario-headlines", "Net present value")[1:] == [
        "£9,263,010",
        f"over 2012/13 to 2016/17, {basis}",
    ]
    assert f"with a net present value of £9,263,010 {basis}" in _said(html, "summary")
    appraisal_discount_base_year_set(appraisal_id=dh_appraisal.pk, year=2011, was=None)
    html = member.get(REPORT).content.decode()
    # One year earlier: every present value a year further off, at 3.5%.
    assert "with a net present value of £8,949,768 at 2011/12 prices, discounted to 2011/12 at 3.5%" in html
    assert "every scenario discounted to 2011/12" in _said(html, "assumptions-table")


def test_each_councils_savings_are_set_against_its_funding_gap_year_by_year(member):
    html = member.get(REPORT).content.decode()
    rows = cells(html, "plan-table")
    assert rows[0] == ["Year", "Savings", "Funding gap", "Gap closed"]
    darlington = rows[rows.index(["Darlington Borough Council"]) + 1 :][:5]
    assert darlington == [
        ["2012/13", "£0", "£4,300,000", "0.0%"],
        ["2013/14", "£1,254,354", "£7,600,000", "16.5%"],
        ["2014/15", "£2,508,707", "£10,400,000", "24.1%"],
        ["2015/16", "£2,508,707", "no gap forecast", "–"],
        ["2016/17", "£2,508,707", "no gap forecast", "–"],
    ]
    combined = rows[rows.index(["Combined"]) + 1 :]
    assert combined[2] == ["2014/15", "£5,380,000", "£22,500,000", "23.9%"]
    assert combined[4] == ["2016/17", "£5,380,000", "no gap forecast", "–"]


def test_the_pdf_tells_the_same_story(member, low):
    scenario_sharing_update(scenario_id=low.pk, savings_basis="equal", costs_basis="net_budget", shares={}, was=None,
                            user=None)  # fmt: skip
    text = " ".join(pdf_text(member.get(reverse("cabinet_report_pdf", args=[SLUG])).content).split())
    assert "Darlington Borough Council's share would be £2,690,000 to £4,180,000 a year" in text
    assert "in equal shares, as the Low scenario shares them" in text
    assert "No optimism bias is applied (0%)" in text and "as the Green Book recommends" not in text
    assert "the planned £8.0m less and more 20%" in text
    assert "at 2012/13 prices, discounted to 2012/13 at 3.5%" in text
    assert "no gap forecast" in text
