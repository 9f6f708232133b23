"""The scenario editor's write services: each validates, refuses stale edits, saves with the user, or nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from appraisal.models import CostItem, CustomShare, SavingsRange, Scenario, ScenarioCluster, ScenarioPhase
from appraisal.scenarios import parts
from appraisal.scenarios import services as edits
from appraise.writes import StaleEdit
from councils.models import Council
from services.models import ServiceCluster

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("dbc-officer", password="pw")


@pytest.fixture
def low(dh_appraisal):
    return Scenario.objects.get(appraisal=dh_appraisal, name="Low")


def corporate():
    return ServiceCluster.objects.get(name="Corporate Services")


def set_point(low, user, point, was=None, custom=None, included=True, cluster=None):
    return parts.scenario_cluster_update(
        scenario_id=low.pk, cluster=cluster or corporate(), included=included, point=point, custom_value=custom,
        was=was, user=user,
    )  # fmt: skip


def test_a_cluster_point_is_saved_and_recorded_against_the_user(low, user):
    set_point(low, user, "max", was={"included": "1", "point": "min", "custom_value": ""})
    setting = ScenarioCluster.objects.get(scenario=low, cluster=corporate())
    assert setting.point == "max"
    assert setting.history.first().history_user == user


def test_a_cluster_edit_from_a_stale_form_is_refused(low, user):
    set_point(low, None, "mid")
    with pytest.raises(StaleEdit) as refused:
        set_point(low, user, "max", was={"included": "1", "point": "min", "custom_value": ""})
    assert refused.value.current.point == "mid"
    assert ScenarioCluster.objects.get(scenario=low, cluster=corporate()).point == "mid"


def test_a_cluster_with_no_setting_yet_counts_as_in_at_the_midpoint(low, user):
    ScenarioCluster.objects.filter(scenario=low, cluster=corporate()).delete()
    set_point(low, user, "max", was={"included": "1", "point": "mid", "custom_value": ""})
    assert ScenarioCluster.objects.get(scenario=low, cluster=corporate()).point == "max"


def test_a_custom_point_needs_its_value(low, user):
    with pytest.raises(ValidationError) as refused:
        set_point(low, user, "amount")
    assert refused.value.message_dict == {"custom_value": [parts.ERR_CUSTOM_MISSING]}
    with pytest.raises(ValidationError):
        set_point(low, user, "pct", custom=Decimal(101))


def test_min_max_or_mid_needs_a_savings_range(low, user):
    SavingsRange.objects.filter(cluster=corporate()).delete()
    with pytest.raises(ValidationError) as refused:
        set_point(low, user, "max")
    assert refused.value.message_dict == {"point": [parts.ERR_NO_RANGE]}
    set_point(low, user, "amount", custom=Decimal(500_000))  # a custom saving needs no range


def test_a_custom_amount_is_kept_and_dropped_when_going_back_to_a_range_point(low, user):
    set_point(low, user, "amount", custom=Decimal(2_000_000))
    assert ScenarioCluster.objects.get(scenario=low, cluster=corporate()).custom_value == Decimal(2_000_000)
    set_point(low, user, "min")
    assert ScenarioCluster.objects.get(scenario=low, cluster=corporate()).custom_value is None


def test_rates_and_names_are_checked_against_what_the_form_showed(low, user):
    edits.scenario_settings_update(scenario_id=low.pk, values={"discount_rate": Decimal(4)}, was=None, user=None)
    with pytest.raises(StaleEdit):
        edits.scenario_settings_update(
            scenario_id=low.pk, values={"discount_rate": Decimal(5)}, was={"discount_rate": "3.50"}, user=user
        )
    edits.scenario_settings_update(
        scenario_id=low.pk, values={"discount_rate": Decimal(5)}, was={"discount_rate": "4"}, user=user
    )
    low.refresh_from_db()
    assert low.discount_rate == Decimal(5) and low.version > 1


def test_a_scenario_name_must_be_unique_in_the_appraisal_whatever_its_case(low, user):
    with pytest.raises(ValidationError) as refused:
        edits.scenario_settings_update(scenario_id=low.pk, values={"name": " HIGH "}, was=None, user=user)
    assert refused.value.message_dict == {"name": [edits.ERR_NAME_TAKEN]}


def test_custom_shares_must_add_up_to_100(low, user):
    dbc, hbc = Council.objects.get(code="DBC"), Council.objects.get(code="HBC")
    with pytest.raises(ValidationError) as refused:
        parts.scenario_sharing_update(
            scenario_id=low.pk, savings_basis="custom", costs_basis="net_budget",
            shares={("savings", dbc.pk): Decimal(60), ("savings", hbc.pk): Decimal("39.9")}, was=None, user=user,
        )  # fmt: skip
    assert refused.value.message_dict == {"savings_shares": [parts.ERR_SHARES_TOTAL.format(total="99.9")]}
    with pytest.raises(ValidationError):
        parts.scenario_sharing_update(
            scenario_id=low.pk, savings_basis="custom", costs_basis="net_budget",
            shares={("savings", dbc.pk): Decimal(100)}, was=None, user=user,
        )  # fmt: skip
    assert not CustomShare.objects.exists()
    parts.scenario_sharing_update(
        scenario_id=low.pk, savings_basis="custom", costs_basis="net_budget",
        shares={("savings", dbc.pk): Decimal("60.5"), ("savings", hbc.pk): Decimal("39.5")}, was=None, user=user,
    )  # fmt: skip
    shares = {s.council.code: s.percent for s in CustomShare.objects.filter(scenario=low)}
    assert shares == {"DBC": Decimal("60.5"), "HBC": Decimal("39.5")}


def test_years_are_added_and_removed_at_the_end_of_the_period(low, user):
    edits.scenario_year_add(scenario_id=low.pk, percent=Decimal(100), expected_years=5, user=user)
    low.refresh_from_db()
    assert low.years == 6
    assert ScenarioPhase.objects.get(scenario=low, cluster=None, year=2017).percent == Decimal(100)
    with pytest.raises(StaleEdit):
        edits.scenario_year_remove(scenario_id=low.pk, expected_years=5, user=user)
    edits.scenario_year_remove(scenario_id=low.pk, expected_years=6, user=user)
    low.refresh_from_db()
    assert low.years == 5 and not ScenarioPhase.objects.filter(scenario=low, year=2017).exists()


def test_the_period_stays_between_3_and_10_years(low, user):
    Scenario.objects.filter(pk=low.pk).update(years=10)
    with pytest.raises(ValidationError):
        edits.scenario_year_add(scenario_id=low.pk, percent=Decimal(100), expected_years=10, user=user)
    Scenario.objects.filter(pk=low.pk).update(years=3)
    with pytest.raises(ValidationError):
        edits.scenario_year_remove(scenario_id=low.pk, expected_years=3, user=user)


def test_a_year_with_costs_in_it_is_not_removed(low, user):
    CostItem.objects.create(scenario=low, category="other", year=2016, amount=Decimal(1))
    with pytest.raises(ValidationError):
        edits.scenario_year_remove(scenario_id=low.pk, expected_years=5, user=user)
    low.refresh_from_db()
    assert low.years == 5


def test_costs_must_fall_within_the_period(low, user):
    values = {"category": "ict", "description": "", "year": 2020, "amount": Decimal(1), "low": None, "high": None}
    with pytest.raises(ValidationError) as refused:
        parts.cost_item_add(scenario_id=low.pk, values=values, user=user)
    assert "within the period, 2012/13 to 2016/17" in refused.value.message_dict["year"][0]


def test_a_cost_changed_or_removed_meanwhile_is_not_overwritten(low, user):
    item = low.cost_items.first()
    was = {name: str(getattr(item, name) or "") for name in parts.COST_FIELDS}
    values = {name: getattr(item, name) for name in parts.COST_FIELDS} | {"amount": Decimal(5)}
    CostItem.objects.filter(pk=item.pk).update(description="Changed by a colleague")
    with pytest.raises(StaleEdit):
        parts.cost_item_update(scenario_id=low.pk, item_id=item.pk, values=values, was=was, user=user)
    with pytest.raises(StaleEdit):
        parts.cost_item_remove(scenario_id=low.pk, item_id=item.pk, was=was, user=user)
    item.delete()
    with pytest.raises(StaleEdit) as refused:
        parts.cost_item_update(scenario_id=low.pk, item_id=item.pk, values=values, was=was, user=user)
    assert refused.value.current.pk is None


def test_deleting_a_scenario_removes_its_assumptions_and_keeps_the_history(low, user):
    edits.scenario_delete(scenario_id=low.pk, user=user)
    assert not Scenario.objects.filter(pk=low.pk).exists()
    assert not CostItem.objects.filter(scenario_id=low.pk).exists()
    record = Scenario.history.filter(id=low.pk).first()
    assert record.history_type == "-" and record.history_user == user


def test_a_clusters_own_phasing_is_set_and_removed(low, user):
    parts.scenario_phase_set(scenario_id=low.pk, year=2013, percent=Decimal(20), was="", user=user, cluster=corporate())
    assert ScenarioPhase.objects.get(scenario=low, cluster=corporate(), year=2013).percent == Decimal(20)
    parts.scenario_phase_set(scenario_id=low.pk, year=2013, percent=None, was="20", user=user, cluster=corporate())
    assert not ScenarioPhase.objects.filter(scenario=low, cluster=corporate()).exists()
    with pytest.raises(ValidationError):
        parts.scenario_phase_set(scenario_id=low.pk, year=2013, percent=None, was=None, user=user)  # every cluster
    with pytest.raises(ValidationError):
        parts.scenario_phase_set(scenario_id=low.pk, year=2030, percent=Decimal(1), was=None, user=user)
