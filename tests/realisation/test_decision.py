"""Issue 19, Cabinet's decision on the dashboard: officers record it (meeting, date, scenario) from the Decision
section, members read "Not yet approved"; once recorded everyone reads when and by whom, and what has changed since,
figure by figure."""

import datetime
from decimal import Decimal as D
from html import unescape

import pytest
from django.urls import reverse

from appraisal.baselines.services import savings_range_set
from appraisal.models import Appraisal, ApprovedFigures, Scenario
from appraisal.realisation.decision_forms import ERR_DATE, ERR_FUTURE, ERR_MEETING, ERR_SCENARIO
from appraisal.realisation.services import ERR_ALREADY_APPROVED, appraisal_approve
from councils.models import Council
from councils.services import user_role_set
from services.models import ServiceCluster
from tests.helpers.html import cells, fragment

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"
DASHBOARD = reverse("appraisal_detail", args=[SLUG])
DECISION = reverse("appraisal_approve", args=[SLUG])
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "decision"}
FORM = {"meeting": "Cabinet", "approved_on": "2011-03-14"}


def section(response) -> str:
    return unescape(fragment(response.content.decode(), "decision"))


def approve(appraisal, meeting="Cabinet", day=datetime.date(2011, 3, 14)):
    return appraisal_approve(appraisal=appraisal, meeting=meeting, approved_on=day, user=None)


def test_a_member_reads_not_yet_approved_and_no_form(signed_in):
    html = section(signed_in("member").get(DASHBOARD))
    assert "Not yet approved." in html
    assert "<form" not in html and "Record Cabinet's decision" not in html


def test_an_officer_sees_the_form_with_the_scenarios_shown_to_members_the_first_chosen(signed_in):
    html = section(signed_in("officer").get(DASHBOARD))
    assert "Not yet approved." in html
    assert '<h3 class="heading-m" id="decision-form-heading">Record Cabinet\'s decision</h3>' in html
    assert 'name="meeting" id="decision-meeting" value="Cabinet"' in html
    assert f'action="{DECISION}"' in html and f'hx-post="{DECISION}"' in html
    assert 'type="date"' in html and 'name="meeting"' in html
    low, high = (f"{name}</option>" for name in ("Low", "High"))
    assert html.index(low) < html.index(high)
    assert "selected>Low</option>" in html and "selected>High</option>" not in html


def test_recording_the_decision_without_javascript_redirects_to_the_dashboard_with_a_message(signed_in):
    client = signed_in("officer")
    high = Scenario.objects.get(name="High")
    response = client.post(DECISION, {**FORM, "scenario": high.pk})
    assert response.status_code == 302 and response.url == f"{DASHBOARD}#decision"
    page = client.get(DASHBOARD)
    assert "Recorded: approved by Cabinet on 14 March 2011 (scenario: High)." in page.content.decode()
    html = section(page)
    assert "Approved by Cabinet on 14 March 2011 (scenario: High)." in html
    assert "Nothing has changed since Cabinet approved these figures." in html
    assert "<form" not in html
    record = ApprovedFigures.objects.get(appraisal__slug=SLUG)
    assert (record.meeting, record.approved_on, record.scenario) == ("Cabinet", datetime.date(2011, 3, 14), "High")
    assert Appraisal.objects.get(slug=SLUG).status == Appraisal.Status.APPROVED


def test_recording_the_decision_with_htmx_answers_the_section_approved(signed_in):
    response = signed_in("officer").post(DECISION, FORM, **HTMX)
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="panel decision" id="decision"')
    assert "Approved by Cabinet on 14 March 2011 (scenario: Low)." in html  # the first shown, unless another is chosen
    assert '<p class="visually-hidden" id="decision-status" role="status">Recorded: approved by Cabinet' in html
    assert "<html" not in html


@pytest.mark.parametrize("hx", [False, True])
@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"meeting": "  "}, "meeting", ERR_MEETING),
        ({"approved_on": "2011-02-31"}, "approved_on", ERR_DATE),
        ({"approved_on": "2999-01-01"}, "approved_on", ERR_FUTURE),
        ({"scenario": "999999"}, "scenario", ERR_SCENARIO),
    ],
)
def test_a_refused_decision_says_why_at_the_top_and_beside_the_field_and_saves_nothing(
    signed_in, hx, typed, field, message
):
    response = signed_in("officer").post(DECISION, {**FORM, **typed}, **(HTMX if hx else {}))
    assert response.status_code == 200
    html = section(response)
    summary = fragment(html, "decision-errors-title")
    assert "There is a problem" in summary
    assert f'<li><a href="#decision-{field}">{message}</a></li>' in html
    beside = f'<p class="error-message" id="decision-{field}-error"><span class="visually-hidden">Error:</span> '
    assert f"{beside}{message}</p>" in html
    assert 'aria-invalid="true"' in html
    assert not ApprovedFigures.objects.exists()
    assert ("<title>Error: Cabinet's decision" in response.content.decode()) is not hx


def test_a_decision_already_recorded_is_refused_in_the_error_summary(signed_in, dh_appraisal):
    client = signed_in("officer")
    client.get(DASHBOARD)  # the form is shown; a colleague then records the decision
    approve(dh_appraisal, meeting="Executive", day=datetime.date(2011, 3, 1))
    html = section(client.post(DECISION, FORM, **HTMX))
    assert ERR_ALREADY_APPROVED in html
    assert "Approved by Executive on 1 March 2011" in html
    assert ApprovedFigures.objects.get().meeting == "Executive"


def test_a_member_may_not_record_the_decision(signed_in):
    assert signed_in("member").post(DECISION, FORM).status_code == 403
    assert not ApprovedFigures.objects.exists()


def test_an_outsider_gets_not_found(client, django_user_model, dh_appraisal):
    user = django_user_model.objects.create_user("outsider", password="pw")
    other = Council.objects.create(code="XBC", name="Elsewhere Borough Council", slug="elsewhere")
    user_role_set(user=user, role="officer", council=other)
    client.force_login(user)
    assert client.post(DECISION, FORM).status_code == 404
    assert client.get(DECISION).status_code == 404


def test_other_methods_are_refused(signed_in):
    assert signed_in("officer").put(DECISION).status_code == 405


@pytest.mark.parametrize("hx", [False, True])
def test_a_saving_changed_after_the_decision_is_listed_with_its_approved_and_current_values(
    signed_in, dh_appraisal, hx
):
    approve(dh_appraisal)
    cluster = ServiceCluster.objects.get(name="Strategic Management")
    savings_range_set(appraisal=dh_appraisal, cluster=cluster, min_saving=D(1100000), max_saving=D(1700000))
    client = signed_in("member")
    if hx:  # the decision's own page, which answers HTMX with the section alone
        response = client.get(DECISION, **HTMX)
        assert response.content.decode().lstrip().startswith('<section class="panel decision" id="decision"')
    else:
        response = client.get(DASHBOARD)
    html = section(response)
    assert "Approved by Cabinet on 14 March 2011" in html
    assert "What has changed since Cabinet approved it" in html
    rows = cells(html, "changes-table")
    assert rows[0] == ["Figure", "Approved", "Now", "Change"]
    assert ["Strategic Management: maximum saving", "£1,600,000", "£1,700,000", "+£100,000"] in rows
    assert not [row for row in rows if row[0] == "Strategic Management: minimum saving"]


def test_the_dashboards_htmx_fragments_leave_the_decision_out(signed_in, dh_appraisal):
    approve(dh_appraisal)
    response = signed_in("member").get(DASHBOARD, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="scenario-panel")
    assert response.status_code == 200
    assert 'id="decision"' not in response.content.decode()


def test_after_the_decision_the_dashboard_reads_the_baselines_once(signed_in, dh_appraisal):
    # The changes since approval are worked out from the figures, plan and results the page has already.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    approve(dh_appraisal)
    client = signed_in("member")
    client.get(DASHBOARD)  # the session's first request reads more
    with CaptureQueriesContext(connection) as captured:
        html = section(client.get(DASHBOARD))
    assert "Approved by Cabinet on 14 March 2011" in html
    assert "Nothing has changed since Cabinet approved these figures." in html
    baselines = [q["sql"] for q in captured.captured_queries if 'FROM "services_baseline"' in q["sql"]]
    assert len(baselines) == 1
