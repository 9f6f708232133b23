"""The monitoring report for scrutiny (issue 19): a PDF of two to four pages, and the HTML it is made from with the
plan against the savings delivered, a benefit's measure and reading, the risks, and a figure changed since Cabinet
approved the appraisal.

The Darlington & Hartlepool appraisal is approved (High scenario), Darlington records savings for 2013/14, a
benefit is measured, and a savings range is edited after the decision; the report is made once for the module."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from pypdf import PdfReader

from appraisal.baselines.services import savings_range_set
from appraisal.calculations import options as opt
from appraisal.models import Option, Risk, Scenario
from appraisal.realisation.services import appraisal_approve, benefit_reading_set, benefit_save, saving_actual_set
from appraisal.report.monitoring import monitoring_data, monitoring_html, monitoring_pdf
from councils.models import Council
from services.models import ServiceCluster
from tests.conftest import dh_load
from tests.report.conftest import SLUG, pdf_text

PRODUCED = datetime.date(2013, 5, 20)
DELIVERED = D("1000000")  # Darlington's Strategic Management savings in 2013/14


def monitored(appraisal):
    """Approved on the High scenario (an option's central case, with its risks), a year's savings recorded, a
    benefit measured, a savings range edited since."""
    merger = Option.objects.create(appraisal=appraisal, name="Operational merger", delivery_model=opt.COMPANY)
    Scenario.objects.filter(appraisal=appraisal, name="High").update(option=merger, case="central")
    Risk.objects.create(option=merger, description="Priorities of the partners diverge", likelihood=2, impact=3,
                        owner="Chief executives", mitigation="Partnership agreement")  # fmt: skip
    Risk.objects.create(option=merger, description="Staff leave during the change", likelihood=4, impact=4,
                        owner="Heads of HR", mitigation="Early consultation with staff and unions")  # fmt: skip
    appraisal_approve(
        appraisal=appraisal,
        meeting="Cabinet",
        approved_on=datetime.date(2011, 9, 6),
        scenario=Scenario.objects.get(appraisal=appraisal, name="High"),
        user=None,
    )
    dbc = Council.objects.get(code="DBC")
    management = ServiceCluster.objects.get(name="Strategic Management")
    saving_actual_set(appraisal=appraisal, council=dbc, cluster=management, year=2013,
                      values={"savings": DELIVERED, "costs": D("250000")}, user=None)  # fmt: skip
    saving_actual_set(appraisal=appraisal, council=dbc, cluster=management, year=2012,
                      values={"savings": D("100000"), "before_appraisal": True}, user=None)  # fmt: skip
    benefit = benefit_save(
        appraisal=appraisal,
        values={
            "name": "Faster decisions",
            "kind": "non_financial",
            "measure": "Days to agree a joint policy",
            "unit": "days",
            "baseline_value": D("60"),
            "target_value": D("30"),
            "due_year": 2014,
            "owner_council": dbc,
            "owner_role": "Chief Executive",
        },  # fmt: skip
        user=None,
    )
    benefit_reading_set(benefit=benefit, taken_on=datetime.date(2013, 3, 31), value=D("36"), user=None)
    savings_range_set(appraisal=appraisal, cluster=management, min_saving=D(1100000), max_saving=D(1700000))


def row_of(html: str, header: str) -> str:
    """The HTML of the table row headed `header`, after its header cell."""
    return html.split(f'<th scope="row">{header}</th>')[1].split("</tr>")[0]


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker, dh_snapshot):
    """The report's data, HTML and PDF, made once; the database is left as it was."""
    with django_db_blocker.unblock(), transaction.atomic():
        appraisal = dh_load(dh_snapshot)
        monitored(appraisal)
        data = monitoring_data(appraisal=appraisal, produced_on=PRODUCED)
        html = monitoring_html(data)
        pdf = monitoring_pdf(data)
        transaction.set_rollback(True)
    return data, html, pdf


def test_the_pdf_has_two_to_four_pages(made):
    _, _, pdf = made
    assert 2 <= len(PdfReader(io.BytesIO(pdf)).pages) <= 4


def test_the_cover_names_the_report_the_decision_and_the_date(made):
    _, html, _ = made
    assert "Monitoring report" in html and "Produced 20 May 2013" in html
    assert "Approved by Cabinet on 6 September 2011: the High scenario" in html


def test_the_summary_sets_the_savings_delivered_against_the_plan_to_date(made):
    data, html, _ = made
    d = data.realisation.delivery
    # High plans savings from 2013/14; Darlington's £1,000,000 is the only year recorded, for both councils.
    assert (data.realisation.scenario, data.recorded_to, d.actual) == ("High", 2013, DELIVERED)
    planned = next(y.planned for y in data.realisation.years if y.year == 2013)
    assert d.planned_to_date == planned
    assert f"£1,000,000 of savings have been delivered against £{planned:,.0f} planned" in html
    assert f'{(planned - DELIVERED):,.0f} below it. The status is <span class="status">Red</span>' in html
    assert "Green: at least 95% of the plan delivered" in html  # the rule, stated
    assert "£250,000" in html  # costs incurred


def test_a_saving_delivered_before_the_appraisal_is_shown_apart_and_not_counted(made):
    data, html, _ = made
    assert data.realisation.before_appraisal == D("100000") and data.realisation.delivery.actual == DELIVERED
    assert "Savings of £100,000 delivered before the appraisal are recorded apart" in html


def test_each_council_and_cluster_has_its_row_with_a_status_in_words(made):
    data, html, _ = made
    dbc = next(c for c in data.realisation.councils if c.code == "DBC")
    row = row_of(html, "Darlington Borough Council")
    assert f"£{dbc.delivery.planned:,.0f}" in row and "£1,000,000" in row and ">Red<" in row
    assert "2013/14 to" in row or "2012/13 to" in row
    cluster_row = row_of(html, "Strategic Management")
    assert "£1,000,000" in cluster_row and 'class="rag rag--' in cluster_row


def test_a_benefit_is_shown_with_its_measure_reading_and_status(made):
    _, html, _ = made
    assert "Days to agree a joint policy" in html
    assert "60 days" in html and "30 days by 2014/15" in html and "36 days on 31 March 2013" in html
    # 60 -> 36 of the way to 30: 80% of the way, amber.
    assert "<strong>Amber</strong>: 80.0% of the way to the target" in html


def test_the_approved_options_risks_are_listed_highest_first_with_their_mitigation(made):
    data, html, _ = made
    assert (data.risks.option, data.risks.why) == ("Operational merger", "the option whose scenario is monitored")
    assert [(r.description, r.rating, r.rag) for r in data.risks.rows] == [
        ("Staff leave during the change", 16, "Red"), ("Priorities of the partners diverge", 6, "Green")]  # fmt: skip
    row = row_of(html, "Staff leave during the change")
    assert "16 Red" in row and "Heads of HR" in row and "Early consultation with staff and unions" in row


def test_a_figure_edited_since_approval_is_named_with_its_old_and_new_values(made):
    _, html, _ = made
    row = row_of(html, "Strategic Management: maximum saving")
    assert "£1,600,000" in row and "£1,700,000" in row and "+£100,000" in row


@pytest.mark.django_db
def test_the_route_gives_the_pdf_to_a_member_and_404_to_an_outsider(user_with):
    member, _ = user_with("member")
    url = reverse("monitoring_report", args=[SLUG])
    r = member.get(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].endswith('-darlington-hartlepool-monitoring-report.pdf"')
    text = pdf_text(r.content)
    assert "Not yet approved" in text and "The appraisal is not yet approved" in text
    assert member.post(url).status_code == 405
    outsider, _ = user_with("outsider", "someone-else")
    assert outsider.get(url).status_code == 404


@pytest.mark.django_db
def test_the_dashboard_offers_the_download(user_with):
    member, _ = user_with("member")
    page = member.get(reverse("appraisal_detail", args=[SLUG])).content.decode()
    assert f'href="{reverse("monitoring_report", args=[SLUG])}"' in page


@pytest.mark.django_db
def test_the_command_writes_the_monitoring_report(dh_appraisal, tmp_path):
    path = tmp_path / "monitoring.pdf"
    call_command("cabinet_report", SLUG, str(path), "--monitoring", stdout=io.StringIO())
    text = pdf_text(path.read_bytes())
    assert "Monitoring report" in text and "What has changed since approval" in text


@pytest.mark.django_db
def test_without_a_scenario_shown_to_members_there_is_no_plan_and_the_sections_run_on(dh_appraisal):
    Scenario.objects.filter(appraisal=dh_appraisal).update(status=Scenario.Status.DRAFT)
    html = monitoring_html(monitoring_data(appraisal=dh_appraisal, produced_on=PRODUCED))
    assert "No scenario is shown to members yet, so there is no plan to monitor against." in html
    assert "Plan against actual by year" not in html
    assert "<h2>2. Benefits and their measures</h2>" in html and "<h2>4. What has changed since approval</h2>" in html
    assert "No benefits are recorded in the register yet." in html
