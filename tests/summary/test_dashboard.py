"""The members' dashboard: the chosen scenario's figures, the HTMX fragments, scenarios side by side."""

import pytest
from django.urls import reverse

from appraisal.models import Scenario
from councils.models import Council
from councils.services import user_role_set
from tests.helpers.html import cells

pytestmark = pytest.mark.django_db

URL = reverse("appraisal_detail", args=["darlington-hartlepool-2011"])


@pytest.fixture
def member_client(client, django_user_model, dh_appraisal):
    user = django_user_model.objects.create_user("member", password="pw")
    user_role_set(user=user, role="member", council=Council.objects.get(code="DBC"))
    client.force_login(user)
    return client


def scenario(name):
    return Scenario.objects.get(name=name)


def test_the_dashboard_shows_the_first_scenarios_headlines(member_client):
    html = member_client.get(URL).content.decode()
    assert '<p class="card__figure" id="headline-full-year">£5,380,000</p>' in html
    assert '<p class="card__figure" id="headline-npv">£9,263,010</p>' in html
    assert '<p class="card__figure" id="headline-payback">2014/15</p>' in html
    assert '<p class="card__figure" id="headline-costs">£8,000,000</p>' in html
    assert '<p class="card__figure" id="headline-deficit-closed">23.9%</p>' in html
    assert "from 2014/15" in html


def test_each_council_sees_what_it_puts_in_and_gets_out(member_client):
    rows = cells(member_client.get(URL).content.decode(), "council-scenario-table")
    assert rows[1][:5] == ["Darlington Borough Council", "£8,780,475", "46.6%", "£3,711,452", "46.4%"]
    assert rows[1][8] == "24.1%"
    assert rows[2][0] == "Hartlepool Borough Council" and rows[2][8] == "23.7%"


def test_the_yearly_profile_and_sensitivity_tables_sit_beside_the_charts(member_client):
    html = member_client.get(URL).content.decode()
    yearly = cells(html, "yearly-table")
    assert yearly[1] == ["2012/13", "£0", "£5,500,000", "-£5,500,000", "-£5,500,000", "1.0000", "-£5,500,000"]
    assert yearly[-1][-1] == "£9,263,010"
    sensitivity = {row[0]: row for row in cells(html, "sensitivity-table")[1:]}
    assert sensitivity["Discount rate"][1:3] == ["1.5%", "5.5%"]
    assert sensitivity["Discount rate"][-1] == "+44.2 percentage points"
    assert sensitivity["Saving: Corporate Services"][-1] == "none in range"
    assert html.count('<svg role="img"') == 4
    assert 'aria-label="Sensitivity of the net present value to each assumption"' in html


def test_choosing_a_scenario_by_query_shows_its_figures(member_client):
    html = member_client.get(URL, {"scenario": scenario("High").pk}).content.decode()
    assert '<p class="card__figure" id="headline-npv">£21,728,821</p>' in html
    assert '<option value="{}" selected>High</option>'.format(scenario("High").pk) in html


def test_htmx_asks_for_the_scenario_panel_alone(member_client):
    r = member_client.get(
        URL, {"scenario": scenario("High").pk}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="scenario-panel"
    )
    html = r.content.decode()
    assert html.lstrip().startswith('<div id="scenario-panel"')
    assert "£21,728,821" in html and "37.5%" in html
    assert "<html" not in html and "Potential savings by service cluster" not in html


def test_scenarios_side_by_side_highlight_what_differs(member_client):
    html = member_client.get(URL).content.decode()
    rows = {row[0]: row[1:] for row in cells(html, "comparison-table")[1:]}
    assert rows["Net present value"] == ["£9,263,010", "£21,728,821 (differs)"]
    assert rows["Payback year"] == ["2014/15", "2014/15"]
    assert rows["Combined deficit closed"] == ["23.9%", "37.2% (differs)"]
    assert rows["Darlington Borough Council: deficit closed"] == ["24.1%", "37.5% (differs)"]


def test_htmx_asks_for_the_comparison_alone(member_client):
    low = scenario("Low")
    r = member_client.get(URL, {"compare": [low.pk]}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="comparison")
    html = r.content.decode()
    assert html.lstrip().startswith('<section id="comparison"')
    assert "Choose at least two scenarios to compare." in html


def test_at_most_four_scenarios_are_compared(member_client):
    from appraisal.scenarios.services import scenario_clone, scenario_status_update

    for n in range(4):
        copy = scenario_clone(scenario=scenario("Low"), name=f"Copy {n}")
        scenario_status_update(scenario_id=copy.pk, status=Scenario.Status.SHOWN, was=None, user=None)
    ids = list(Scenario.objects.values_list("pk", flat=True))
    html = member_client.get(URL, {"compare": ids}).content.decode()
    header = cells(html, "comparison-table")[0]
    assert header[1:] == ["Low", "High", "Copy 0", "Copy 1"]


def test_the_dashboards_queries_do_not_grow_with_the_number_of_services(member_client, django_assert_max_num_queries):
    from services.models import Baseline, Service

    member_client.get(URL)  # warm the chart cache so both runs do the same work
    with django_assert_max_num_queries(40) as before:
        member_client.get(URL)
    cluster = Service.objects.first().cluster
    for n in range(60):
        service = Service.objects.create(cluster=cluster, name=f"Extra service {n}")
        for council in Council.objects.all():
            Baseline.objects.create(council=council, service=service, year=2011, gross_budget=1, net_budget=1)
    with django_assert_max_num_queries(len(before.captured_queries)):
        member_client.get(URL)


def test_members_see_no_edit_controls_on_the_dashboard(member_client):
    html = member_client.get(URL).content.decode()
    assert "Upload workbook" not in html
    import re

    inputs = re.findall(r"<input[^>]*>", html)
    editable = [i for i in inputs if 'type="hidden"' not in i and 'type="checkbox"' not in i]
    assert editable == []  # only the scenario choice and comparison checkboxes, which change nothing
