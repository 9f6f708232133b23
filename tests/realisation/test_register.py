"""Issue 19: the benefits register (every benefit has a measure; a financial one is a cluster's savings), readings
of its measure, and savings delivered recorded by council, cluster and year, refused when stale."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from appraisal.calculations import realisation
from appraisal.models import Benefit, SavingActual
from appraisal.realisation.services import benefit_reading_set, benefit_save, saving_actual_set
from appraise.writes import StaleEdit
from councils.models import Council
from services.models import ServiceCluster

pytestmark = pytest.mark.django_db

RESILIENCE = {
    "name": "Resilience",
    "kind": "non_financial",
    "measure": "Time to fix ICT incidents",
    "unit": "days",
    "baseline_value": D(5),
    "baseline_date": datetime.date(2011, 1, 31),
    "target_value": D(3),
    "due_year": 2012,
    "owner_role": "Head of ICT",
    "how_measured": "Service desk records",
    "frequency": "quarterly",
}


def test_a_benefit_with_its_measure_and_readings_is_rated_towards_its_target(dh_appraisal):
    benefit = benefit_save(appraisal=dh_appraisal, values=RESILIENCE, user=None)
    benefit_reading_set(benefit=benefit, taken_on=datetime.date(2011, 6, 30), value=D("3.4"), user=None)
    latest = benefit.readings.last()
    assert realisation.measure_rag(benefit.baseline_value, benefit.target_value, latest.value) == "amber"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"measure": "  "}, "measure", "Say how the benefit is measured."),
        ({"kind": "financial"}, "cluster", "A financial benefit is a cluster's savings: choose the cluster."),
    ],
)
def test_a_benefit_without_a_measure_or_a_financial_one_without_its_cluster_is_refused(
    dh_appraisal, changes, field, message
):
    with pytest.raises(ValidationError) as refused:
        benefit_save(appraisal=dh_appraisal, values={**RESILIENCE, **changes}, user=None)
    assert refused.value.message_dict[field] == [message]
    assert not Benefit.objects.exists()


def test_savings_delivered_are_recorded_once_per_council_cluster_and_year_and_stale_edits_refused(dh_appraisal):
    dbc = Council.objects.get(code="DBC")
    cluster = ServiceCluster.objects.get(name="Strategic Management")
    where = {"appraisal": dh_appraisal, "council": dbc, "cluster": cluster, "year": 2013}
    row = saving_actual_set(**where, values={"savings": D(250000)}, user=None)
    saving_actual_set(**where, values={"savings": D(260000)}, version=row.version, user=None)
    with pytest.raises(StaleEdit):
        saving_actual_set(**where, values={"savings": D(1)}, version=1, user=None)
    assert SavingActual.objects.get().savings == D(260000)


def test_only_a_partner_records_actuals(dh_appraisal):
    outsider = Council.objects.create(
        name="Stockton-on-Tees Borough Council", code="SBC", slug="stockton", council_type="unitary"
    )
    cluster = ServiceCluster.objects.get(name="Strategic Management")
    with pytest.raises(ValidationError, match="not a partner"):
        saving_actual_set(
            appraisal=dh_appraisal, council=outsider, cluster=cluster, year=2013, values={"savings": D(1)}, user=None
        )
