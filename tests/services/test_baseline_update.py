from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from appraise.writes import StaleEdit
from councils.models import Council
from services.models import Baseline, Service
from services.services import baseline_update


@pytest.fixture
def dbc(dh_appraisal):
    return Council.objects.get(code="DBC")


@pytest.fixture
def hr():
    return Service.objects.get(name="HR")


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user("dbc-officer", password="pw", first_name="Dana", last_name="Bell")


def hr_baseline(council) -> Baseline:
    return Baseline.objects.get(council=council, service__name="HR", year=2011)


def test_it_changes_one_figure_raises_the_version_and_records_who(dbc, hr, officer):
    before = hr_baseline(dbc)
    baseline_update(
        council=dbc,
        service=hr,
        year=2011,
        field="gross_budget",
        value=Decimal("1300000"),
        expected_version=before.version,
        user=officer,
    )
    after = hr_baseline(dbc)
    assert after.gross_budget == Decimal("1300000.00")
    assert after.net_budget == before.net_budget
    assert after.version == before.version + 1
    assert after.updated_by == officer
    latest = after.history.first()
    assert latest.history_user == officer
    assert latest.prev_record.gross_budget == before.gross_budget
    assert latest.gross_budget == Decimal("1300000.00")


def test_an_unchanged_figure_saves_nothing(dbc, hr, officer):
    before = hr_baseline(dbc)
    baseline_update(
        council=dbc,
        service=hr,
        year=2011,
        field="net_budget",
        value=before.net_budget,
        expected_version=before.version,
        user=officer,
    )
    assert hr_baseline(dbc).version == before.version
    assert hr_baseline(dbc).history.count() == before.history.count()


def test_a_missing_cell_creates_the_baseline_with_the_other_figures_nil(dbc, hr, officer):
    baseline_update(
        council=dbc, service=hr, year=2012, field="fte", value=Decimal("21.5"), expected_version=0, user=officer
    )
    created = Baseline.objects.get(council=dbc, service=hr, year=2012)
    assert (created.gross_budget, created.net_budget, created.fte, created.third_party_spend) == (
        0,
        0,
        Decimal("21.5"),
        0,
    )
    assert created.version == 1
    assert created.history.get().history_user == officer


def test_a_stale_edit_of_the_same_figure_is_refused_and_keeps_the_other_value(dbc, hr, officer, django_user_model):
    other = django_user_model.objects.create_user("another-officer", password="pw")
    loaded = hr_baseline(dbc)
    baseline_update(
        council=dbc,
        service=hr,
        year=2011,
        field="net_budget",
        value=Decimal("812000"),
        expected_version=loaded.version,
        expected_value=loaded.net_budget,
        user=other,
    )
    with pytest.raises(StaleEdit) as excinfo:
        baseline_update(
            council=dbc,
            service=hr,
            year=2011,
            field="net_budget",
            value=Decimal("900000"),
            expected_version=loaded.version,
            expected_value=loaded.net_budget,
            user=officer,
        )
    assert excinfo.value.current.net_budget == Decimal("812000.00")
    assert excinfo.value.current.updated_by == other
    assert hr_baseline(dbc).net_budget == Decimal("812000.00")


def test_without_the_figure_it_started_from_any_newer_version_is_stale(dbc, hr, officer):
    loaded = hr_baseline(dbc)
    baseline_update(
        council=dbc,
        service=hr,
        year=2011,
        field="fte",
        value=Decimal(30),
        expected_version=loaded.version,
        user=officer,
    )
    with pytest.raises(StaleEdit):
        baseline_update(
            council=dbc,
            service=hr,
            year=2011,
            field="gross_budget",
            value=Decimal(1),
            expected_version=loaded.version,
            user=officer,
        )


def test_a_change_to_another_figure_of_the_row_is_no_conflict(dbc, hr, officer):
    loaded = hr_baseline(dbc)
    baseline_update(
        council=dbc,
        service=hr,
        year=2011,
        field="fte",
        value=Decimal(30),
        expected_version=loaded.version,
        user=officer,
    )
    baseline_update(
        council=dbc,
        service=hr,
        year=2011,
        field="gross_budget",
        value=Decimal("1250000"),
        expected_version=loaded.version,
        expected_value=loaded.gross_budget,
        user=officer,
    )
    after = hr_baseline(dbc)
    assert (after.fte, after.gross_budget, after.version) == (Decimal(30), Decimal("1250000.00"), loaded.version + 2)


def test_a_cell_created_by_someone_else_meanwhile_is_stale_if_they_set_that_figure(dbc, hr, officer):
    baseline_update(
        council=dbc, service=hr, year=2013, field="gross_budget", value=Decimal(5), expected_version=0, user=officer
    )
    with pytest.raises(StaleEdit):
        baseline_update(
            council=dbc,
            service=hr,
            year=2013,
            field="gross_budget",
            value=Decimal(7),
            expected_version=0,
            expected_value=Decimal(0),
            user=officer,
        )


def test_an_invalid_figure_is_refused_and_nothing_is_saved(dbc, hr, officer):
    before = hr_baseline(dbc)
    with pytest.raises(ValidationError) as excinfo:
        baseline_update(
            council=dbc,
            service=hr,
            year=2011,
            field="gross_budget",
            value=Decimal(-1),
            expected_version=before.version,
            user=officer,
        )
    assert excinfo.value.message_dict["gross_budget"] == ["A gross budget cannot be negative."]
    after = hr_baseline(dbc)
    assert (after.gross_budget, after.version) == (before.gross_budget, before.version)


def test_a_net_budget_may_be_below_zero(dbc, hr, officer):
    before = hr_baseline(dbc)
    baseline_update(
        council=dbc,
        service=hr,
        year=2011,
        field="net_budget",
        value=Decimal(-250),
        expected_version=before.version,
        user=officer,
    )
    assert hr_baseline(dbc).net_budget == Decimal("-250.00")


def test_only_the_four_figures_can_be_changed(dbc, hr, officer):
    with pytest.raises(ValueError, match="'version' is not a baseline figure"):
        baseline_update(
            council=dbc, service=hr, year=2011, field="version", value=Decimal(1), expected_version=None, user=officer
        )
