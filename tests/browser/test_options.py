"""Issue 17's end-to-end test: an officer adds an option, sets its model per cluster, adds a recurring cost, scores
it and records a risk, and sees it ranked without a page reload; a member sees the options table and no edit
controls; axe-core finds no violations on the options page or an option's page, at 1280 and 390 px."""

import pytest

from appraisal.models import CostItem, Criterion, Option, Risk
from appraisal.options import services
from services.models import ServiceCluster
from tests.browser.conftest import MEMBER, OFFICER, accessibility_problems, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

OPTIONS = "/appraisals/darlington-hartlepool-2011/options/"


def _axe_at_both_widths(page, where: str) -> list[str]:
    problems = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        problems += accessibility_problems(page, f"{where} at {width} px")
    page.set_viewport_size({"width": 1280, "height": 900})
    return problems


def test_an_officer_builds_an_option_and_sees_it_ranked_without_a_reload(page, live_server, demo, console_errors):
    sign_in(page, live_server, OFFICER, OPTIONS)
    page.locator("#id_add-name").fill("Shared with a lead authority")
    page.locator("#id_add-delivery_model").select_option("mixed")
    page.get_by_role("button", name="Add option").click()
    page.wait_for_selector("#option-title")
    option = Option.objects.get(appraisal=demo, name="Shared with a lead authority")
    assert page.url.endswith(f"/options/{option.pk}/")
    page.evaluate("window.__sameDocument = true")

    # A model per cluster: the first sovereign, led by Darlington.
    first = ServiceCluster.objects.filter(out_of_scope=False).order_by("position", "name").first()
    page.locator(f"#id_models-model-{first.pk}").select_option("sovereign")
    page.locator(f"#id_models-lead-{first.pk}").select_option(label="Darlington Borough Council")
    page.get_by_role("button", name="Save models").click()
    page.wait_for_function("document.querySelector('#page-status').innerText.includes('model for each cluster')")
    assert option.cluster_models.get(cluster=first).delivery_model == "sovereign"
    ranked_row = page.locator(f"#ranked-{option.pk}")
    assert f"{first.name}: sovereign" in ranked_row.inner_text()

    # A recurring running cost, Green Book outsourcing bias half mitigated (41% × 50% = 20.5%).
    npv_before = ranked_row.locator("td").nth(2).inner_text()
    page.locator("#id_cost-new-description").fill("Joint committee running cost")
    page.locator("#id_cost-new-amount").fill("150,000")
    page.locator("#id_cost-new-recurring").check()
    page.locator("#id_cost-new-bias_category").select_option("outsourcing")
    page.locator("#id_cost-new-mitigated_pct").fill("50")
    page.get_by_role("button", name="Add cost line").click()
    page.wait_for_function("document.querySelector('#section-costs').innerText.includes('20.5%')")
    line = CostItem.objects.get(scenario__option=option)
    assert line.recurring and line.bias_category == "outsourcing"
    assert page.locator(f"#ranked-{option.pk} td").nth(2).inner_text() != npv_before

    # Scores: 5 on every criterion scored by hand.
    for c in Criterion.objects.filter(appraisal=demo, is_financial=False):
        page.locator(f"#id_scores-score-{c.pk}").select_option("5")
    score_before = page.locator("#option-score").inner_text()
    page.get_by_role("button", name="Save scores").click()
    page.wait_for_function(f"document.querySelector('#option-score').innerText !== '{score_before}'")
    assert option.scores.count() == Criterion.objects.filter(appraisal=demo, is_financial=False).count()

    # A risk, rated red.
    page.locator("#id_risk-new-description").fill("No partner takes the lead")
    page.locator("#id_risk-new-likelihood").select_option("4")
    page.locator("#id_risk-new-impact").select_option("4")
    page.get_by_role("button", name="Add risk").click()
    page.wait_for_function("document.querySelector('#section-risks').innerText.includes('Red 16')")
    assert Risk.objects.get(option=option).rating == 16
    ranked_row = page.locator(f"#ranked-{option.pk}")
    assert "No partner takes the lead" in ranked_row.inner_text()
    assert ranked_row.locator("td").first.inner_text().isdigit()

    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    problems = _axe_at_both_widths(page, "the option's page")
    page.goto(live_server.url + OPTIONS)
    assert page.locator(f"#ranked-{option.pk}").count() == 1
    problems += _axe_at_both_widths(page, "the options page")
    assert problems == [], "\n".join(problems)
    assert console_errors == []


def test_a_member_sees_the_options_table_and_no_edit_controls(page, live_server, demo, console_errors):
    option = services.option_create(appraisal=demo, name="Arm's-length company", delivery_model="company", user=None)
    sign_in(page, live_server, MEMBER, OPTIONS)
    page.wait_for_selector("#options-table")
    assert page.locator(f"#ranked-{option.pk}").count() == 1
    assert page.locator("#options-editor form").count() == 0
    assert page.get_by_role("button", name="Add option").count() == 0
    problems = _axe_at_both_widths(page, "the options page, as a member")
    page.locator(f"#ranked-{option.pk} a").first.click()
    page.wait_for_selector("#option-title")
    assert page.locator("#options-editor form").count() == 0
    assert page.get_by_text("Edit this option's figures").count() == 0
    problems += _axe_at_both_widths(page, "an option's page, as a member")
    assert problems == [], "\n".join(problems)
    assert console_errors == []


def test_a_refused_change_is_shown_beside_the_field_and_axe_finds_nothing_wrong(
    page, live_server, demo, console_errors
):
    option = services.option_create(appraisal=demo, name="Lead authority", delivery_model="federal", user=None)
    sign_in(page, live_server, OFFICER, f"{OPTIONS}{option.pk}/")
    page.locator("#id_details-delivery_model").select_option("sovereign")
    page.get_by_role("button", name="Save details").click()
    page.wait_for_selector("#id_details-lead_authority-error")
    assert "Name the lead authority" in page.locator(".error-summary").inner_text()
    option.refresh_from_db()
    assert option.delivery_model == "federal"
    problems = _axe_at_both_widths(page, "the option's page with a refused change")
    assert problems == [], "\n".join(problems)
    assert console_errors == []
