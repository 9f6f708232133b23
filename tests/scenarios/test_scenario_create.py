"""scenario_create: a new scenario from scratch, with the defaults an officer would expect, saved with the user."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from appraisal.models import CostItem, CustomShare, SavingsRange, Scenario, ScenarioCluster, ScenarioPhase
from appraisal.scenarios import services as edits
from appraisal.scenarios.selectors import scenario_result
from appraisal.summary.selectors import appraisal_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("dbc-officer", password="pw")


def create(appraisal, user, name="Midpoint", first_year=2012, years=5, **kwargs):
    return edits.scenario_create(
        appraisal=appraisal, name=name, first_year=first_year, years=years, user=user, **kwargs
    )


def test_a_new_scenario_takes_every_cluster_with_a_savings_range_at_its_midpoint(dh_appraisal, user):
    scenario = create(dh_appraisal, user)
    settings = {s.cluster.name: s for s in scenario.cluster_settings.select_related("cluster")}
    ranged = {r.cluster.name for r in SavingsRange.objects.filter(appraisal=dh_appraisal).select_related("cluster")}
    assert set(settings) == ranged and len(ranged) == 6
    assert "Out of scope expenditure" not in settings
    assert all(
        s.included and s.point == ScenarioCluster.Point.MID and s.custom_value is None for s in settings.values()
    )


def test_a_new_scenario_has_full_effect_in_every_year_and_no_costs(dh_appraisal, user):
    scenario = create(dh_appraisal, user, first_year=2013, years=4)
    phases = ScenarioPhase.objects.filter(scenario=scenario)
    assert [(p.cluster_id, p.year, p.percent) for p in phases.order_by("year")] == [
        (None, year, Decimal(100)) for year in (2013, 2014, 2015, 2016)
    ]
    assert not CostItem.objects.filter(scenario=scenario).exists()
    assert not CustomShare.objects.filter(scenario=scenario).exists()


def test_a_new_scenario_shares_savings_by_cluster_budget_and_costs_by_net_budget_at_the_green_book_rate(
    dh_appraisal, user
):
    scenario = Scenario.objects.get(pk=create(dh_appraisal, user, description=" What if ", delivery_option=3).pk)
    assert scenario.savings_basis == Scenario.Basis.CLUSTER_NET_BUDGET
    assert scenario.costs_basis == Scenario.Basis.NET_BUDGET
    assert scenario.discount_rate == Decimal("3.5")
    assert scenario.optimism_bias == Decimal(0)
    assert (scenario.first_year, scenario.years, scenario.period_label) == (2012, 5, "2012/13 to 2016/17")
    assert scenario.delivery_option == Scenario.DeliveryOption.OPERATIONAL_MERGER
    assert scenario.description == "What if"
    assert scenario.position == 2  # after the fixture's Low and High


def test_the_new_scenarios_model_saves_the_midpoint_of_the_range_every_year(dh_appraisal, user):
    # Seed 001: the clusters' savings range from £5,380,000 to £8,360,000 a year; the midpoint is £6,870,000.
    figures = appraisal_figures(appraisal=dh_appraisal)
    result = scenario_result(scenario=create(dh_appraisal, user), figures=figures, with_sensitivity=False)
    assert result.full_year_savings == Decimal("6870000.00")
    assert [y.savings for y in result.years] == [Decimal("6870000.00")] * 5
    assert result.total_costs == 0
    assert result.total_savings == Decimal("34350000.00")


def test_each_council_gets_the_savings_pro_rata_to_its_net_budget_in_each_cluster(dh_appraisal, user):
    figures = appraisal_figures(appraisal=dh_appraisal)
    result = scenario_result(scenario=create(dh_appraisal, user), figures=figures, with_sensitivity=False)
    for council in result.councils:
        a_year = sum(
            (c.min_saving + c.max_saving) / 2 * c.council_net_budgets[council.code] / c.net_budget
            for c in figures.summary.clusters
            if c.has_range
        )
        # Each year's split is to the penny (largest remainder), so allow a penny a cluster a year.
        assert abs(council.savings - 5 * a_year) <= Decimal("0.30")
    assert sum(c.savings for c in result.councils) == Decimal("34350000.00")


def test_a_name_already_used_in_the_appraisal_is_refused_whatever_its_case(dh_appraisal, user):
    before = Scenario.objects.count()
    with pytest.raises(ValidationError) as refused:
        create(dh_appraisal, user, name="  low ")
    assert refused.value.message_dict == {"name": [edits.ERR_NAME_TAKEN]}
    assert Scenario.objects.count() == before


def test_a_blank_name_is_refused(dh_appraisal, user):
    with pytest.raises(ValidationError) as refused:
        create(dh_appraisal, user, name="   ")
    assert refused.value.message_dict == {"name": [edits.ERR_NAME_MISSING]}


@pytest.mark.parametrize("years", [2, 11])
def test_a_period_outside_3_to_10_years_is_refused_and_nothing_saved(dh_appraisal, user, years):
    before = (Scenario.objects.count(), ScenarioCluster.objects.count(), ScenarioPhase.objects.count())
    with pytest.raises(ValidationError) as refused:
        create(dh_appraisal, user, years=years)
    assert refused.value.message_dict == {"years": [edits.ERR_TOO_FEW_YEARS]}
    assert (Scenario.objects.count(), ScenarioCluster.objects.count(), ScenarioPhase.objects.count()) == before


def test_the_new_scenario_and_its_assumptions_are_recorded_against_the_user(dh_appraisal, user):
    scenario = create(dh_appraisal, user)
    record = Scenario.history.get(id=scenario.pk)
    assert (record.history_type, record.history_user, record.name) == ("+", user, "Midpoint")
    for model in (ScenarioCluster, ScenarioPhase):
        records = model.history.filter(scenario_id=scenario.pk)
        assert records.count() == {ScenarioCluster: 6, ScenarioPhase: 5}[model]
        assert {r.history_user for r in records} == {user}


def test_a_name_is_free_when_no_scenario_of_the_appraisal_has_it(dh_appraisal):
    assert edits.scenario_name_validate(appraisal=dh_appraisal, name="  Midpoint ") == "Midpoint"
    with pytest.raises(ValidationError):
        edits.scenario_name_validate(appraisal=dh_appraisal, name="HIGH")
