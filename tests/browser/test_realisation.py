"""Issue 19's end-to-end test of the realisation page: an officer records the savings a council delivered in a year
and sees that year's RAG status change in place, without a reload; a member reads the same figures with no form to
record anything (seed 003's partnership, North Herts joining in its third year); axe-core finds no violations
for either, at 1280 and 390 px, and the page does not overflow sideways on a phone (its tables scroll inside their
own frames).

The Darlington & Hartlepool plan before a decision is scenario Low: £2,690,000 of savings in 2013/14. Darlington's
£1,000,000 recorded first is 37.2% of it (red); Hartlepool's £1,690,000 makes the year whole (green)."""

from decimal import Decimal as D
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from appraisal.demo.services import fixture_load
from appraisal.realisation.services import saving_actual_set
from councils.models import Council
from services.models import ServiceCluster
from tests.browser.conftest import OFFICER, accessibility_problems, served_demo_users, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

CORPORATE = "Corporate Services"
EHS = "east-herts-stevenage-support-services"
EHC_MEMBER = ("ehc-member", "appraise-member")


@pytest.fixture
def darlington_delivered(demo):
    return saving_actual_set(
        appraisal=demo,
        council=Council.objects.get(code="DBC"),
        cluster=ServiceCluster.objects.get(name=CORPORATE),
        year=2013,
        values={"savings": D(1000000)},
        user=None,
    )


def test_an_officer_records_an_actual_and_sees_the_years_status_change_without_a_reload(
    page, live_server, demo, darlington_delivered, console_errors
):
    sign_in(page, live_server, OFFICER, f"/appraisals/{demo.slug}/realisation/")
    status = page.locator("#year-2013-status")
    expect(status).to_have_text("Red")
    problems = accessibility_problems(page, "the realisation page at 1280 px")
    page.evaluate("window.__sameDocument = true")

    form = page.locator("#actual-new-form")
    form.get_by_label("Council").select_option(label="Hartlepool Borough Council")
    form.get_by_label("Cluster").select_option(label=CORPORATE)
    form.get_by_label("Year").select_option(label="2013/14")
    form.get_by_label("Savings delivered (£)").fill("1,690,000")
    form.get_by_role("button", name="Record savings").click()

    expect(status).to_have_text("Green")
    expect(page.locator("#year-2013-delivered")).to_have_text("£2,690,000")
    expect(page.locator("#council-HBC-status")).to_have_text("Green")
    expect(page.locator("#actuals-table")).to_contain_text("Hartlepool Borough Council")
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"

    # A negative saving: refused beside the field and in the error summary, in place.
    form = page.locator("#actual-new-form")
    form.get_by_label("Council").select_option(label="Hartlepool Borough Council")
    form.get_by_label("Cluster").select_option(label=CORPORATE)
    form.get_by_label("Year").select_option(label="2014/15")
    form.get_by_label("Savings delivered (£)").fill("-5,000")
    form.get_by_role("button", name="Record savings").click()
    expect(page.locator("#id_actual-new-savings-error")).to_contain_text("An amount cannot be negative")
    expect(page.locator(".error-summary")).to_contain_text("An amount cannot be negative")
    problems += accessibility_problems(page, "the realisation page with an error at 1280 px")
    page.set_viewport_size({"width": 390, "height": 900})
    problems += accessibility_problems(page, "the realisation page at 390 px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page overflows sideways at 390 px"
    assert problems == []
    assert console_errors == []


def test_a_member_reads_the_realisation_view_without_any_form(page, live_server, transactional_db, console_errors):
    """Seed 003's East Herts and Stevenage, with North Herts joining in 2013/14 and 2012/13's savings recorded:
    £366,000 of the £410,000 planned (89.3%, amber)."""
    fixture_load(path=Path(settings.FIXTURES_DIR) / f"{EHS}.json")
    served_demo_users()
    sign_in(page, live_server, EHC_MEMBER, f"/appraisals/{EHS}/realisation/")
    expect(page.locator("#year-2012-status")).to_have_text("Amber")
    expect(page.locator("#year-2012-delivered")).to_have_text("£366,000")
    expect(page.locator("#council-NHDC")).to_contain_text("Partner from 2013/14")
    expect(page.locator("#actuals-table")).to_contain_text("Stevenage Borough Council")
    expect(page.locator("#realisation-editor form")).to_have_count(0)
    expect(page.get_by_role("button", name="Record savings")).to_have_count(0)
    expect(page.get_by_role("link", name="Change")).to_have_count(0)
    problems = accessibility_problems(page, "the member's realisation page at 1280 px")
    page.get_by_text("North Herts District Council year by year").click()
    expect(page.locator("#council-NHDC-2013-status")).to_have_text("Not recorded")
    expect(page.locator("#council-NHDC-years tbody tr")).to_have_count(4)  # 2013/14 to 2016/17 only
    problems += accessibility_problems(page, "the member's realisation page, a council's years open, at 1280 px")
    page.set_viewport_size({"width": 390, "height": 900})
    problems += accessibility_problems(page, "the member's realisation page at 390 px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page overflows sideways at 390 px"
    assert problems == []
    assert console_errors == []
