"""`manage.py appraise SLUG --benefits [--format json]`: the benefits register and the plan against what was
delivered (issue 19), on seed 001's Darlington & Hartlepool case with a benefit, a reading, Cabinet's decision and
savings delivered in the second year recorded."""

import datetime
import json
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command

from appraisal.models import AppraisalCouncil, Scenario
from appraisal.realisation.services import appraisal_approve, benefit_reading_set, benefit_save, saving_actual_set
from councils.models import Council
from services.models import ServiceCluster

pytestmark = pytest.mark.django_db
SLUG = "darlington-hartlepool-2011"


def appraise(*args) -> str:
    out = StringIO()
    call_command("appraise", SLUG, "--benefits", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def monitored(dh_appraisal):
    dbc, hbc = Council.objects.get(code="DBC"), Council.objects.get(code="HBC")
    cluster = ServiceCluster.objects.get(name="Strategic Management")
    benefit = benefit_save(
        appraisal=dh_appraisal,
        values={
            "name": "Resilience",
            "measure": "Time to fix ICT incidents",
            "unit": "days",
            "baseline_value": D(5),
            "target_value": D(3),
            "due_year": 2014,
            "owner_council": dbc,
            "owner_role": "Head of ICT",
        },
        user=None,
    )
    benefit_reading_set(benefit=benefit, taken_on=datetime.date(2013, 6, 30), value=D("3.4"), user=None)
    low = Scenario.objects.get(appraisal=dh_appraisal, name="Low")
    appraisal_approve(
        appraisal=dh_appraisal, meeting="Cabinet", approved_on=datetime.date(2011, 9, 6), scenario=low, user=None
    )
    for council, amount in ((dbc, D(1000000)), (hbc, D(1200000))):
        saving_actual_set(
            appraisal=dh_appraisal, council=council, cluster=cluster, year=2013, values={"savings": amount}, user=None
        )
    AppraisalCouncil.objects.filter(appraisal=dh_appraisal, council=hbc).update(leave_year=2016)
    return dh_appraisal


def test_the_json_names_the_decision_each_benefit_with_its_reading_and_the_plan_against_delivery(monitored):
    data = json.loads(appraise("--format", "json"))
    assert data["appraisal"] == SLUG
    assert data["approved"] == {"date": "2011-09-06", "meeting": "Cabinet"}
    assert data["benefits"] == [
        {
            "name": "Resilience",
            "kind": "non-financial",
            "measure": "Time to fix ICT incidents",
            "unit": "days",
            "baseline": "5",
            "target": "3",
            "due_year": "2014/15",
            "owner": "Head of ICT, Darlington Borough Council",
            "latest_reading": {"date": "2013-06-30", "value": "3.4"},
            "rag": "amber",  # 80% of the way from 5 days to 3
        }
    ]
    years = data["realisation"]["years"]
    assert years[:3] == [
        {"year": "2012/13", "planned_savings": "0.00", "actual_savings": None, "variance": None},
        # £2,200,000 delivered of £2,690,000 planned: 81.8%, amber
        {"year": "2013/14", "planned_savings": "2690000.00", "actual_savings": "2200000.00", "variance": "-490000.00"},
        {"year": "2014/15", "planned_savings": "5380000.00", "actual_savings": None, "variance": None},
    ]
    councils = {c["code"]: c for c in data["realisation"]["councils"]}
    assert (councils["DBC"]["actual_savings"], councils["HBC"]["actual_savings"]) == ("1000000.00", "1200000.00")
    assert data["partners"] == [
        {"code": "DBC", "join_year": "2012/13", "leave_year": None},
        {"code": "HBC", "join_year": "2012/13", "leave_year": "2016/17"},
    ]


def test_the_table_reads_the_same(monitored):
    text = appraise()
    assert "Approved by Cabinet on 6 September 2011" in text
    assert "Time to fix ICT incidents" in text and "Amber" in text
    assert "2013/14   £2,690,000   £2,200,000   -£490,000" in text
    assert "HBC from 2012/13 to 2016/17" in text
