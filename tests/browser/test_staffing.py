"""Issue 18's end-to-end test: an officer opens the staffing page of an option whose proposed structure carries on
today's, removes a post from it and sees the saving and the leaver's one-off cost change in place, without a
reload; axe-core finds no violations at 1280 and 390 px, and at 390 px the page does not overflow sideways (its
wide tables scroll inside their own frames)."""

import pytest
from playwright.sync_api import expect

from appraisal.staffing import services
from tests.browser.conftest import OFFICER, accessibility_problems, sign_in
from tests.staffing.case import staffing_case_build

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_removes_a_proposed_post_and_sees_the_saving_and_one_off_cost_change(
    page, live_server, demo, console_errors
):
    case = staffing_case_build(demo)
    services.structure_from_baseline(appraisal=demo, option_id=case.option.pk, user=None)
    sign_in(page, live_server, OFFICER, f"/appraisals/{demo.slug}/staffing/?option={case.option.pk}")
    expect(page.locator("#staffing-saving")).to_have_text("£0")
    expect(page.locator("#staffing-one-off")).to_have_text("£0")
    page.evaluate("window.__sameDocument = true")

    proposed = page.locator("#proposed-table")
    proposed.get_by_role("button", name="Remove Head of HR (Hartlepool)").click()
    # Hartlepool saves the post's £72,500; its holder (45, 20 years' service) is owed 22 weeks at 2012/13's £430.
    expect(page.locator("#staffing-saving")).to_have_text("£72,500")
    expect(page.locator("#staffing-one-off")).to_have_text("£9,460")
    expect(page.locator("#leavers-table")).to_contain_text("Head of HR (Hartlepool)")
    expect(page.locator("#proposed-total-cost")).to_have_text("£151,900")
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"

    problems = accessibility_problems(page, "the staffing page at 1280 px")

    # A post opened in place and sent with a negative salary: refused beside the field and in the summary.
    officer = case.baseline["HR officer"]
    page.locator(f"#post-{officer.pk}").get_by_role("link", name="Change HR officer").click()
    page.locator(f"#id_post-{officer.pk}-salary").fill("-30,000")
    page.locator(f"#post-{officer.pk}-button").click()
    expect(page.locator(f"#id_post-{officer.pk}-salary-error")).to_contain_text("A salary cannot be negative.")
    expect(page.locator(".error-summary")).to_contain_text("A salary cannot be negative.")
    problems += accessibility_problems(page, "the staffing page with an error at 1280 px")
    page.set_viewport_size({"width": 390, "height": 900})
    problems += accessibility_problems(page, "the staffing page at 390 px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page overflows sideways at 390 px"
    assert problems == []
    assert console_errors == []
