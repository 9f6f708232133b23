"""Issue 19: the plan monitored is the scenario Cabinet approved, as approved; savings delivered are set against it
by year, council and cluster; a saving delivered before the appraisal is shown and not counted again."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from appraisal.baselines.services import savings_range_set
from appraisal.models import Scenario
from appraisal.realisation.selectors import realisation_overview, results_shown
from appraisal.realisation.services import ERR_NOT_SHOWN, appraisal_approve, saving_actual_set
from councils.models import Council
from services.models import ServiceCluster

pytestmark = pytest.mark.django_db


def approve(appraisal, name):
    scenario = Scenario.objects.get(appraisal=appraisal, name=name)
    appraisal_approve(
        appraisal=appraisal, meeting="Cabinet", approved_on=datetime.date(2011, 9, 6), scenario=scenario, user=None
    )


def test_before_a_decision_the_plan_is_the_first_scenario_shown(dh_appraisal):
    _, results = results_shown(appraisal=dh_appraisal)
    first = next(iter(results))
    overview = realisation_overview(appraisal=dh_appraisal)
    assert (overview.scenario, overview.approved) == (first, False)
    assert overview.delivery.planned == results[first].total_savings
    assert overview.delivery.rag is None


def test_the_approved_plan_stays_as_approved_when_a_saving_is_edited(dh_appraisal):
    _, results = results_shown(appraisal=dh_appraisal)
    approve(dh_appraisal, "High")
    planned = realisation_overview(appraisal=dh_appraisal).delivery.planned
    assert planned == results["High"].total_savings

    cluster = ServiceCluster.objects.get(name="Strategic Management")
    savings_range_set(appraisal=dh_appraisal, cluster=cluster, min_saving=D(1100000), max_saving=D(1700000))

    assert results_shown(appraisal=dh_appraisal)[1]["High"].total_savings != planned
    overview = realisation_overview(appraisal=dh_appraisal)
    assert (overview.scenario, overview.approved, overview.delivery.planned) == ("High", True, planned)


def test_an_actual_is_set_against_its_councils_plan_and_an_earlier_saving_is_not_counted(dh_appraisal):
    approve(dh_appraisal, "High")
    dbc = Council.objects.get(code="DBC")
    cluster = ServiceCluster.objects.get(name="Strategic Management")
    plan_dbc = realisation_overview(appraisal=dh_appraisal).councils[0]
    assert plan_dbc.code == "DBC"
    first = next(y for y in plan_dbc.years if y.planned > 0)  # the first year with a saving planned
    planned = first.planned
    saving_actual_set(
        appraisal=dh_appraisal, council=dbc, cluster=cluster, year=first.year, values={"savings": planned}, user=None
    )
    saving_actual_set(
        appraisal=dh_appraisal,
        council=dbc,
        cluster=cluster,
        year=first.year - 1,
        values={"savings": D(100000), "before_appraisal": True},
        user=None,
    )
    overview = realisation_overview(appraisal=dh_appraisal)
    dbc_row = overview.councils[0]
    assert (dbc_row.delivery.actual, dbc_row.delivery.variance, dbc_row.delivery.rag) == (planned, D(0), "green")
    assert overview.before_appraisal == D(100000)
    assert overview.delivery.actual == planned  # the £100,000 is not counted again
    assert next(y for y in overview.years if y.year == first.year).actual == planned


def test_only_a_scenario_shown_to_members_can_be_approved(dh_appraisal):
    draft = Scenario.objects.filter(appraisal=dh_appraisal).first()
    draft.status = Scenario.Status.DRAFT
    draft.save()
    with pytest.raises(ValidationError, match=ERR_NOT_SHOWN):
        appraisal_approve(
            appraisal=dh_appraisal, meeting="Cabinet", approved_on=datetime.date(2011, 9, 6), scenario=draft, user=None
        )
