"""save_if_changed validates a stored row in what the write sets, and every uniqueness rule, and nothing else."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from appraisal.models import Scenario, ScenarioPhase
from appraise.writes import save_if_changed
from services.models import Baseline

pytestmark = pytest.mark.django_db


def hr(code="DBC") -> Baseline:
    return Baseline.objects.get(council__code=code, service__name="HR", year=2011)


def test_a_one_figure_change_checks_that_figure_and_the_rows_uniqueness_only(dh_appraisal, django_user_model):
    baseline = hr()
    with CaptureQueriesContext(connection) as queries:
        assert save_if_changed(baseline, {"gross_budget": Decimal("1300000")})
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum("_check" in s for s in sql) == 1  # the gross budget's rule; not FTEs' nor third-party spend's
    assert not any('FROM "auth_user"' in s for s in sql)  # who last changed it is not looked up again
    assert sum('FROM "services_baseline"' in s for s in sql) == 1  # one council, service and year: still checked
    assert hr().gross_budget == Decimal("1300000")


def test_a_changed_figure_is_still_refused_by_its_rule(dh_appraisal):
    with pytest.raises(ValidationError, match="A gross budget cannot be negative"):
        save_if_changed(hr(), {"gross_budget": Decimal("-1")})
    assert hr().gross_budget == Decimal("1231491")


def test_a_new_row_is_checked_whole(dh_appraisal):
    row = hr()
    copy = Baseline(council=row.council, service=row.service, year=2011, gross_budget=1, net_budget=1)
    with pytest.raises(ValidationError, match="already has a baseline for that service and year"):
        save_if_changed(copy, {"fte": Decimal(1)})


def test_a_rename_onto_a_taken_name_is_refused_though_the_appraisal_is_left_alone(dh_appraisal):
    low, high = Scenario.objects.get(name="Low"), Scenario.objects.exclude(name="Low").first()
    with pytest.raises(ValidationError, match="already has a scenario with that name"):
        save_if_changed(high, {"name": "Low"})
    assert Scenario.objects.get(pk=high.pk).name != "Low" and low.name == "Low"


def test_a_conditional_uniqueness_rule_is_checked_with_the_fields_its_condition_reads(dh_appraisal):
    scenario = Scenario.objects.get(name="Low")
    first, second = ScenarioPhase.objects.filter(scenario=scenario, cluster__isnull=True).order_by("year")[:2]
    with pytest.raises(ValidationError):
        save_if_changed(second, {"year": first.year})
