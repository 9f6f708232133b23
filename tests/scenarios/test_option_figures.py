"""An option's central case shows the same figures in the scenario editor as on the options page (issue 17): the
editor reads a recurring, categorised cost line and the option's savings adjustment as the comparison does."""

from decimal import Decimal

import pytest

from appraisal.models import CostItem, Scenario
from appraisal.options import services
from appraisal.options.selectors import options_comparison
from appraisal.scenarios import parts
from appraisal.scenarios.editor import editor_build
from appraisal.scenarios.services import scenario_clone

pytestmark = pytest.mark.django_db


@pytest.fixture
def option(dh_appraisal):
    option = services.option_create(appraisal=dh_appraisal, name="Outsourced", delivery_model="outsourced", user=None)
    central = option.scenarios.get()
    values = {
        "category": "contract",
        "description": "Contract price",
        "year": central.first_year + 1,
        "amount": Decimal(400000),
        "council": None,
        "bias_category": "outsourcing",
        "mitigated_pct": Decimal(25),
        "recurring": True,
        "last_year": central.first_year + 3,
    }
    parts.cost_item_add(scenario_id=central.pk, values=values, user=None)
    services.option_update(
        option_id=option.pk,
        values={"savings_adjustment_pct": Decimal(15), "savings_adjustment_reason": "Market risk"},
        version=option.version,
        user=None,
    )
    return option


def test_the_editor_shows_the_options_figures_for_its_central_case(option):
    central = Scenario.objects.select_related("appraisal").get(option_id=option.pk)  # as the editor reads it
    editor = editor_build(scenario=central).result
    ranked = {o.figures.name: o.figures for o in options_comparison(appraisal=option.appraisal).comparison.options}
    figures = ranked[option.name].result
    assert editor.npv == figures.npv
    assert editor.total_costs == figures.total_costs
    assert editor.full_year_savings == figures.full_year_savings
    assert editor.payback_year == figures.payback_year
    # The contract price recurs for three years, raised by 41% × (1 − 25%) = 30.75%.
    assert figures.total_costs == Decimal(400000) * 3 * Decimal("1.3075")


def test_a_copy_of_an_options_scenario_keeps_its_cost_lines_and_is_a_scenario_of_its_own(option):
    central = option.scenarios.get()
    copy = scenario_clone(scenario=central, name="Outsourced, tried", user=None)
    assert copy.option_id is None
    line = copy.cost_items.get()
    assert (line.bias_category, line.mitigated_pct, line.recurring, line.last_year) == (
        "outsourcing",
        Decimal(25),
        True,
        central.first_year + 3,
    )


def test_the_editor_keeps_a_lines_bias_and_recurrence_when_it_changes_the_line(option):
    central = option.scenarios.get()
    item = CostItem.objects.get(scenario=central)
    values = {"category": "contract", "description": "Contract", "year": item.year, "amount": Decimal(500000),
              "low": None, "high": None, "council": None}  # fmt: skip
    parts.cost_item_update(scenario_id=central.pk, item_id=item.pk, values=values, was=None, user=None)
    item.refresh_from_db()
    assert item.recurring and item.bias_category == "outsourcing" and item.amount == Decimal(500000)


def test_the_editor_says_a_line_recurs_and_its_bias_category(option, admin_client):
    from django.urls import reverse

    central = Scenario.objects.get(option_id=option.pk)
    html = admin_client.get(reverse("scenario_editor", args=[central.appraisal.slug, central.pk])).content.decode()
    assert f"Every year to {central.first_year + 3}/{(central.first_year + 4) % 100:02d}" in html
    assert "optimism bias: Outsourcing, 25% mitigated" in html
    assert reverse("option_detail", args=[central.appraisal.slug, option.pk]) + "#section-costs" in html


def test_the_editor_of_an_options_scenario_says_whose_figures_and_which_case_they_are(option, admin_client):
    from django.urls import reverse

    central = Scenario.objects.get(option_id=option.pk)
    html = admin_client.get(reverse("scenario_editor", args=[central.appraisal.slug, central.pk])).content.decode()

    detail = reverse("option_detail", args=[central.appraisal.slug, option.pk])
    assert (
        f'These are the figures of the option <a href="{detail}">Outsourced</a>: its central case, the figures' in html
    )


def test_the_editor_of_a_scenario_of_its_own_names_no_option(admin_client, dh_appraisal):
    from django.urls import reverse

    low = Scenario.objects.get(appraisal=dh_appraisal, name="Low")
    html = admin_client.get(reverse("scenario_editor", args=[dh_appraisal.slug, low.pk])).content.decode()

    assert 'id="option-case"' not in html
