"""Funding and charging in the scenario editor (issue 15, defect 8): a grant or a partner's contribution is a cost
line below zero that reduces the costs (seed 003: "the application to Improvement East for £25,000 to fund this
work"), and a line can be charged to one council, which then bears it alone instead of sharing it on the basis."""

import html as htmllib
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from appraisal.models import CostItem, Scenario
from councils.models import Council
from councils.services import council_upsert
from tests.helpers.html import cells

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"
HX = {"HTTP_HX_REQUEST": "true"}
GRANT = "Improvement East grant"


@pytest.fixture
def officer(signed_in):
    return signed_in("officer")


def low() -> Scenario:
    return Scenario.objects.get(name="Low")


def council(code) -> Council:
    return Council.objects.get(code=code)


def add_url() -> str:
    return reverse("cost_item_add", args=[SLUG, low().pk])


def grant(**values) -> dict:
    data = {"category": "grant", "description": GRANT, "year": "2012", "amount": "25,000", "low": "", "high": ""}
    data["council"] = ""
    return data | values


def council_costs(client) -> dict[str, str]:
    """Each council's share of the costs, as the summary page's table gives it."""
    rows = cells(client.get(reverse("appraisal_detail", args=[SLUG])).content.decode(), "council-scenario-table")
    return {row[0]: row[3] for row in rows[1:]}


def headline_costs(html: str) -> str:
    return re.search(r'id="headline-costs">([^<]*)<', html).group(1)


def test_seed_003s_grant_is_entered_as_typed_and_saved_below_zero_without_javascript(officer):
    r = officer.post(add_url(), grant())
    assert r.status_code == 302 and r["Location"].endswith("#section-costs")
    item = CostItem.objects.get(scenario=low(), description=GRANT)
    assert (item.category, item.amount, item.council, item.is_funding) == ("grant", Decimal(-25000), None, True)
    page = officer.get(r["Location"]).content.decode()
    assert "Added Funding: grant 2012/13 -£25,000." in htmllib.unescape(page)
    row = re.search(rf'<tr id="cost-{item.pk}".*?</tr>', page, re.S).group(0)
    assert 'name="amount"' in row and 'value="-25,000"' in row
    assert '<option value="grant" selected>Funding: grant</option>' in row
    assert headline_costs(page) == "£7,975,000"  # the £8m of Low's costs less the grant


def test_a_grant_typed_below_zero_is_saved_the_same_with_htmx(officer):
    html = officer.post(add_url(), grant(amount="-£25,000"), **HX).content.decode()
    assert CostItem.objects.get(scenario=low(), description=GRANT).amount == Decimal(-25000)
    assert html.lstrip().startswith('<section class="scenario-section" id="section-costs"')
    assert headline_costs(html) == "£7,975,000"


def test_a_grant_charged_to_one_council_lowers_that_councils_costs_alone(officer):
    before = council_costs(officer)
    officer.post(add_url(), grant(council=council("DBC").pk))
    after = council_costs(officer)
    assert before == {"Darlington Borough Council": "£3,711,452", "Hartlepool Borough Council": "£4,288,548"}
    assert after == {"Darlington Borough Council": "£3,686,452", "Hartlepool Borough Council": "£4,288,548"}
    assert CostItem.objects.get(description=GRANT).council == council("DBC")


def test_a_cost_charged_to_one_council_is_borne_by_it_alone(officer):
    line = {"category": "programme", "description": "Hartlepool's project manager", "amount": "50,000"}
    r = officer.post(add_url(), grant(**line, council=council("HBC").pk), **HX)
    assert "charged to Hartlepool Borough Council alone" in r.content.decode()
    assert council_costs(officer) == {"Darlington Borough Council": "£3,711,452",
                                      "Hartlepool Borough Council": "£4,338,548"}  # fmt: skip
    page = officer.get(reverse("scenario_editor", args=[SLUG, low().pk])).content.decode()
    item = CostItem.objects.get(description=line["description"])
    row = re.search(rf'<tr id="cost-{item.pk}".*?</tr>', page, re.S).group(0)
    assert f'<option value="{council("HBC").pk}" selected>Hartlepool Borough Council</option>' in row
    assert f'name="was-council_id" value="{council("HBC").pk}"' in page


def test_a_shared_line_can_be_charged_to_one_council_and_back(officer):
    item = CostItem.objects.filter(scenario=low(), category="ict").first()
    data = {f"was-{n}": "" if getattr(item, n) is None else str(getattr(item, n)) for n in ("category", "year")}
    data |= {"was-description": item.description, "was-amount": str(item.amount), "was-low": "", "was-high": ""}
    data |= {"was-council_id": "", "category": "ict", "description": item.description, "year": str(item.year)}
    data |= {"amount": str(item.amount), "low": "", "high": "", "council": str(council("DBC").pk)}
    assert officer.post(reverse("cost_item_update", args=[SLUG, low().pk, item.pk]), data).status_code == 302
    item.refresh_from_db()
    assert item.council == council("DBC")
    # Sent again from the page as it was (shared): a colleague has charged it since, so nothing is overwritten.
    html = officer.post(reverse("cost_item_update", args=[SLUG, low().pk, item.pk]), data | {"council": ""}, **HX)
    assert "while you were editing; check and save again" in html.content.decode()
    item.refresh_from_db()
    assert item.council == council("DBC")


def test_a_range_typed_as_funding_is_saved_as_the_costs_low_and_high(officer):
    officer.post(add_url(), grant(low="20,000", high="30,000"))
    item = CostItem.objects.get(description=GRANT)
    # The most funding is the lowest cost: -£30,000 to -£20,000 around -£25,000.
    assert (item.low, item.amount, item.high) == (Decimal(-30000), Decimal(-25000), Decimal(-20000))


def test_a_partners_contribution_is_funding_too(officer):
    officer.post(add_url(), grant(category="contribution", description="Stevenage's share", amount="10,000"))
    assert CostItem.objects.get(description="Stevenage's share").amount == Decimal(-10000)


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_a_cost_below_zero_is_refused_beside_the_amount_and_in_the_summary(officer, headers):
    before = CostItem.objects.count()
    r = officer.post(add_url(), grant(category="programme", amount="-5,000"), **headers)
    html = htmllib.unescape(r.content.decode())
    message = "A cost cannot be negative: choose a Funding category for a grant or contribution"
    assert r.status_code == 200
    assert (
        f'<p class="error-message" id="id_cost-new-amount-error"><span class="visually-hidden">Error:</span> {message}'
        in html
    )
    assert f'<a href="#id_cost-new-amount">New cost: Amount: {message}</a>' in html
    assert CostItem.objects.count() == before


def test_a_council_outside_the_appraisal_cannot_be_charged(officer):
    stockton = council_upsert(code="SBC", name="Stockton-on-Tees Borough Council", council_type="unitary")
    html = officer.post(add_url(), grant(council=stockton.pk), **HX).content.decode()
    assert "Choose one of the appraisal&#x27;s councils, or share the cost" in html
    assert not CostItem.objects.filter(description=GRANT).exists()


def test_the_costs_section_says_how_funding_and_charging_work(officer):
    page = officer.get(reverse("scenario_editor", args=[SLUG, low().pk])).content.decode()
    hint = htmllib.unescape(re.search(r'<p class="hint" id="costs-funding-hint">(.*?)</p>', page, re.S).group(1))
    assert "choose a Funding category and type the sum received, like 25,000" in hint
    assert "unless you charge it to one council, which then bears it alone" in hint
    header = cells(page, "scenario-costs")[0]
    assert header[:6] == ["Category Charged to", "Description", "Year", "Amount", "Low", "High"]
    assert '<option value="" selected>Shared</option>' in page
