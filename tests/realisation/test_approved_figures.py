"""Issue 19, the decision as a baseline: the figures Cabinet approved stay as they were when savings are edited
afterwards, and "changed since approval" names each changed figure with its approved and current values."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from appraisal.baselines.services import savings_range_set
from appraisal.models import Appraisal, ApprovedFigures
from appraisal.realisation.selectors import changes_since_approval
from appraisal.realisation.services import ERR_ALREADY_APPROVED, appraisal_approve
from services.models import ServiceCluster

pytestmark = pytest.mark.django_db


def test_the_approved_figures_do_not_move_when_a_saving_is_edited_and_the_change_is_named(dh_appraisal):
    assert changes_since_approval(appraisal=dh_appraisal) is None
    appraisal_approve(appraisal=dh_appraisal, meeting="Cabinet", approved_on=datetime.date(2011, 9, 6), user=None)
    approved = dict(ApprovedFigures.objects.get(appraisal=dh_appraisal).figures)
    assert approved["Strategic Management: maximum saving"] == ["money", "1600000.00"]
    assert Appraisal.objects.get(pk=dh_appraisal.pk).status == Appraisal.Status.APPROVED
    assert changes_since_approval(appraisal=dh_appraisal) == []

    cluster = ServiceCluster.objects.get(name="Strategic Management")
    savings_range_set(appraisal=dh_appraisal, cluster=cluster, min_saving=D(1100000), max_saving=D(1700000))

    assert ApprovedFigures.objects.get(appraisal=dh_appraisal).figures == approved
    changes = {c.figure: (c.old, c.new) for c in changes_since_approval(appraisal=dh_appraisal)}
    assert changes["Strategic Management: maximum saving"] == ("1600000.00", "1700000.00")
    assert "Strategic Management: net budget" not in changes
    assert "Scenario High: net present value" in changes  # High takes the maximum saving: its figures move


def test_a_decision_is_recorded_once(dh_appraisal):
    appraisal_approve(appraisal=dh_appraisal, meeting="Cabinet", approved_on=datetime.date(2011, 9, 6), user=None)
    with pytest.raises(ValidationError, match=ERR_ALREADY_APPROVED):
        appraisal_approve(appraisal=dh_appraisal, meeting="Council", approved_on=datetime.date(2011, 10, 6), user=None)


def test_the_approved_figures_do_not_move_when_a_baseline_or_a_scenario_is_edited(dh_appraisal):
    from appraisal.models import Scenario
    from appraisal.scenarios.parts import cost_item_add
    from councils.models import Council
    from services.models import Baseline
    from services.services import baseline_update

    appraisal_approve(appraisal=dh_appraisal, meeting="Cabinet", approved_on=datetime.date(2011, 9, 6), user=None)
    approved = dict(ApprovedFigures.objects.get(appraisal=dh_appraisal).figures)
    dbc = Council.objects.get(code="DBC")
    row = Baseline.objects.filter(council=dbc, year=dh_appraisal.base_year).select_related("service").first()
    baseline_update(
        council=dbc,
        service=row.service,
        year=row.year,
        field="net_budget",
        value=row.net_budget + D(100000),
        expected_version=row.version,
    )
    low = Scenario.objects.get(appraisal=dh_appraisal, name="Low")
    cost_item_add(scenario_id=low.pk, values={"category": "ict", "year": low.first_year, "amount": D(50000)}, user=None)

    assert ApprovedFigures.objects.get(appraisal=dh_appraisal).figures == approved
    changes = {c.figure: (c.old, c.new) for c in changes_since_approval(appraisal=dh_appraisal)}
    old_total = approved["Total net budget"][1]
    assert changes["Total net budget"] == (old_total, f"{D(old_total) + D(100000):.2f}")
    old_costs = approved["Scenario Low: costs over the period"][1]
    assert changes["Scenario Low: costs over the period"][0] == old_costs
    assert D(changes["Scenario Low: costs over the period"][1]) > D(old_costs)
