"""Issue 19: benefits realisation's changes are on the History page — Cabinet's decision as recorded, the benefits
register, readings of each benefit's measure, savings delivered and costs incurred — with who, old and new, under the
kind filter "Decision, benefits and delivery"."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from appraisal.realisation.services import benefit_reading_set, benefit_save, saving_actual_set
from councils.models import Council
from services.models import ServiceCluster
from tests.history.test_history import HISTORY, SLUG, all_rows

pytestmark = pytest.mark.django_db

KIND = "realisation"


def _benefit(appraisal, officer):
    values = {"name": "Resilience", "kind": "non_financial", "measure": "Time to fix ICT incidents", "unit": "days",
              "baseline_value": Decimal(5), "target_value": Decimal(3), "due_year": 2014}  # fmt: skip
    benefit = benefit_save(appraisal=appraisal, values=values, user=officer)
    benefit_save(appraisal=appraisal, values={"target_value": Decimal("2.5")}, benefit_id=benefit.pk, user=officer)
    return benefit


def _actual(appraisal, officer, savings, version=None):
    return saving_actual_set(
        appraisal=appraisal, council=Council.objects.get(code="DBC"),
        cluster=ServiceCluster.objects.get(name="Strategic Management"), year=2013,
        values={"savings": savings, "costs": Decimal(10000)}, version=version, user=officer,
    )  # fmt: skip


def test_the_decision_benefits_readings_and_actuals_are_listed_with_who_old_and_new(client, officer, dh_appraisal):
    decision = reverse("appraisal_approve", args=[SLUG])
    assert client.post(decision, {"meeting": "Cabinet", "approved_on": "2011-03-14"}).status_code == 302
    benefit = _benefit(dh_appraisal, officer)
    benefit_reading_set(benefit=benefit, taken_on=datetime.date(2013, 6, 30), value=Decimal("4.5"), user=officer)
    _actual(dh_appraisal, officer, Decimal(250000))
    _actual(dh_appraisal, officer, Decimal(300000), version=1)

    rows = [row[1:] for row in all_rows(client, kind=KIND)]

    assert [
        "Di Bell Source: Summary page",
        "Cabinet's decision",
        "Created: Meeting Cabinet; Date of the decision 14 March 2011; Scenario approved Low",
    ] in rows
    assert ["Di Bell", "Benefit Resilience", "Created: Name Resilience; Kind Non-financial"] in rows
    assert ["Di Bell", "Benefit Resilience Target", "3 → 2.5"] in rows
    assert ["Di Bell", "Benefit Resilience · Reading of 30 June 2013", "Created: 4.5"] in rows
    assert [
        "Di Bell",
        "Actual DBC · Strategic Management · 2013/14",
        "Created: Savings delivered £250,000; Costs incurred £10,000",
    ] in rows
    assert ["Di Bell", "Actual DBC · Strategic Management · 2013/14 Savings delivered", "£250,000 → £300,000"] in rows
    assert len(rows) == 6


def test_a_renamed_benefits_earlier_changes_read_with_its_new_name(client, officer, dh_appraisal):
    benefit = _benefit(dh_appraisal, officer)
    benefit_save(appraisal=dh_appraisal, values={"name": "ICT resilience"}, benefit_id=benefit.pk, user=officer)
    rows = [row[1:] for row in all_rows(client, kind=KIND)]
    assert ["Di Bell", "Benefit ICT resilience Name", "Resilience → ICT resilience"] in rows
    assert ["Di Bell", "Benefit ICT resilience Target", "3 → 2.5"] in rows


def test_the_kind_filter_names_them_and_the_council_filter_keeps_only_that_councils_actuals(
    client, officer, dh_appraisal
):
    _benefit(dh_appraisal, officer)
    _actual(dh_appraisal, officer, Decimal(250000))
    page = client.get(HISTORY).content.decode()
    assert '<option value="realisation">Decision, benefits and delivery</option>' in page
    assert [row[2] for row in all_rows(client, kind=KIND, council="DBC")] == [
        "Actual DBC · Strategic Management · 2013/14"
    ]
    assert "No changes match the filters." in client.get(HISTORY, {"kind": KIND, "council": "HBC"}).content.decode()
    assert "No changes match the filters." in client.get(HISTORY, {"kind": "staffing"}).content.decode()
