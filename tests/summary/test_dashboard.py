"""The members' dashboard: the chosen scenario's figures, the HTMX fragments, scenarios side by side."""

import pytest
from django.db import models
from django.urls import reverse

from appraisal.models import Scenario, ScenarioPhase
from appraisal.summary.dashboard import council_short_name
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


def test_each_councils_totals_say_they_are_over_the_period_not_a_year(member_client):
    html = member_client.get(URL).content.decode()
    header = cells(html, "council-scenario-table")[0]
    assert header[1:6] == [
        "Share of savings over the period",
        "%",
        "Share of costs over the period",
        "%",
        "Net over the period",
    ]
    assert "What each council puts in and gets out over the period (2012/13 to 2016/17)" in html
    assert "Savings, costs and net are totals over the period (2012/13 to 2016/17), not a year's figures." in html
    # Beside them, the yearly figures say they are a year's.
    assert "and its share of each cluster's saving a year (minimum and maximum)</caption>" in html


def test_the_yearly_profile_and_sensitivity_tables_sit_beside_the_charts(member_client):
    html = member_client.get(URL).content.decode()
    yearly = cells(html, "yearly-table")
    assert yearly[1] == ["2012/13", "£0", "£5,500,000", "-£5,500,000", "-£5,500,000", "1.0000", "-£5,500,000"]
    assert yearly[-1][-1] == "£9,263,010"
    sensitivity = {row[0]: row for row in cells(html, "sensitivity-table")[1:]}
    assert sensitivity["Discount rate"][1:3] == ["1.5%", "5.5%"]
    assert sensitivity["Discount rate"][-1] == "NPV reaches zero if this rate rises by 44.2 percentage points, to 47.7%"
    assert sensitivity["Saving: Corporate Services"][-1] == "NPV does not reach zero across this range"
    assert "none in range" not in html and "+44.2" not in html
    # Each of the four charts is drawn twice: for a desktop or tablet, and for a phone (issue 16).
    assert html.count('<svg role="img"') == 8
    assert html.count('<div class="chart__phone">') == 4
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


def test_scenarios_side_by_side_show_a_councils_place_and_read_out_its_whole_name(member_client):
    # Short enough for two lines beside four scenarios (issue 16); "Borough Council" is for screen readers.
    html = member_client.get(URL).content.decode()
    label = '<th scope="row">Darlington<span class="visually-hidden"> Borough Council</span>: deficit closed</th>'
    assert label in html


@pytest.mark.parametrize(
    "name, parts",
    [
        ("Darlington Borough Council", ("", "Darlington", " Borough Council")),
        ("Durham County Council", ("", "Durham", " County Council")),
        ("Leeds City Council", ("", "Leeds", " City Council")),
        ("Cornwall Council", ("", "Cornwall", " Council")),
        ("Barnsley Metropolitan Borough Council", ("", "Barnsley", " Metropolitan Borough Council")),
        ("London Borough of Camden", ("London Borough of ", "Camden", "")),
        ("Royal Borough of Greenwich", ("Royal Borough of ", "Greenwich", "")),
        ("Council", ("", "Council", "")),
    ],
)
def test_a_councils_short_name_is_its_place_and_nothing_of_the_name_is_lost(name, parts):
    assert council_short_name(name) == parts
    assert "".join(parts) == name


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


# --- The medium-term financial plan (issue 15, defect 3) --------------------------------------------------------


def test_each_year_is_set_against_the_funding_gap_forecast_for_it(member_client):
    # The fixture's plans: DBC £4.3m, £7.6m, £10.4m and HBC £5.1m, £8.9m, £12.1m for 2012/13 to 2014/15, nothing
    # after. Low saves nothing in 2012/13, half its £5,380,000 in 2013/14 and all of it from 2014/15.
    html = member_client.get(URL).content.decode()
    assert cells(html, "mtfp-combined") == [
        ["Year", "Savings", "Funding gap", "Gap closed"],
        ["2012/13", "£0", "£9,400,000", "0.0%"],
        ["2013/14", "£2,690,000", "£16,500,000", "16.3%"],
        ["2014/15", "£5,380,000", "£22,500,000", "23.9%"],
        ["2015/16", "£5,380,000", "no gap forecast", "–"],
        ["2016/17", "£5,380,000", "no gap forecast", "–"],
    ]
    dbc = cells(html, "mtfp-DBC")
    assert dbc[2] == ["2013/14", "£1,254,354", "£7,600,000", "16.5%"]  # £1,254,353.57 of £7,600,000
    assert dbc[3] == ["2014/15", "£2,508,707", "£10,400,000", "24.1%"]
    assert cells(html, "mtfp-HBC")[3] == ["2014/15", "£2,871,293", "£12,100,000", "23.7%"]
    assert '<caption class="table__caption">Darlington Borough Council</caption>' in html


def test_the_headline_share_of_the_deficit_closed_names_its_year(member_client):
    html = member_client.get(URL).content.decode()
    assert '<h3 class="card__title">Combined deficit closed in 2014/15</h3>' in html
    assert '<p class="card__figure" id="headline-deficit-closed">23.9%</p>' in html


def test_a_scenario_after_the_deficit_year_is_not_measured_against_that_years_deficits(member_client, dh_appraisal):
    # Defect 3: a scenario running 2015/16 to 2019/20 in an appraisal whose deficit year is 2014/15 was labelled
    # "Deficit closed 2019/20" while measured against 2014/15's £22.5m. No council forecasts a gap for those years.
    from appraisal.scenarios.services import scenario_create, scenario_status_update

    later = scenario_create(appraisal=dh_appraisal, name="Later", first_year=2015, years=5, user=None)
    scenario_status_update(scenario_id=later.pk, status=Scenario.Status.SHOWN, was=None, user=None)
    html = member_client.get(URL, {"scenario": later.pk}).content.decode()
    assert '<h3 class="card__title">Combined deficit closed in 2019/20</h3>' in html
    assert '<p class="card__figure" id="headline-deficit-closed">No gap forecast</p>' in html
    assert "no funding gap is forecast for 2019/20" in html
    # £6,870,000 a year (every cluster at its midpoint) against 2014/15's £22,500,000 would read 30.5%.
    assert "30.5%" not in html and "£22,500,000 in 2019/20" not in html
    rows = cells(html, "council-scenario-table")
    assert rows[0][7] == "Deficit 2019/20"
    assert rows[1][7:9] == ["no gap forecast", "–"] and rows[2][7:9] == ["no gap forecast", "–"]
    assert {row[2] for row in cells(html, "mtfp-combined")[1:]} == {"no gap forecast"}
    compared = cells(
        member_client.get(URL, {"compare": [later.pk, scenario("Low").pk]}).content.decode(), "comparison-table"
    )
    compared = {row[0]: row[1:] for row in compared[1:]}
    assert compared["Deficit measured in"] == ["2019/20", "2014/15 (differs)"]
    assert compared["Combined deficit closed"] == ["no gap forecast", "23.9% (differs)"]


# --- One discount base year (issue 15, defect 4) ----------------------------------------------------------------


def test_the_dashboard_states_the_year_and_rate_the_npv_is_discounted_at(member_client):
    html = member_client.get(URL).content.decode()
    assert '<p class="body" id="npv-basis">NPV at 2012/13 prices, discounted to 2012/13 at 3.5%.</p>' in html
    assert "Every net present value at 2012/13 prices, discounted to 2012/13, so that they compare." in html


def test_a_deferred_scenarios_npv_is_discounted_to_the_same_year_as_an_immediate_ones(member_client, dh_appraisal):
    from appraisal.scenarios.services import scenario_clone, scenario_settings_update, scenario_status_update

    deferred = scenario_clone(scenario=scenario("Low"), name="Low, two years later")
    scenario_status_update(scenario_id=deferred.pk, status=Scenario.Status.SHOWN, was=None, user=None)
    # The same costs, phasing and savings two years later: 2014/15 to 2018/19.
    Scenario.objects.get(pk=deferred.pk).cost_items.update(year=models.F("year") + 2)
    for phase in ScenarioPhase.objects.filter(scenario=deferred).order_by("-year"):
        phase.year += 2
        phase.save()
    scenario_settings_update(scenario_id=deferred.pk, values={"first_year": 2014}, was=None, user=None)
    html = member_client.get(URL, {"scenario": deferred.pk}).content.decode()
    assert '<p class="body" id="npv-basis">NPV at 2012/13 prices, discounted to 2012/13 at 3.5%.</p>' in html
    yearly = cells(html, "yearly-table")
    # -£5,500,000 / 1.035² in 2014/15, two years after 2012/13, where Low's is not discounted at all.
    assert yearly[1] == ["2014/15", "£0", "£5,500,000", "-£5,500,000", "-£5,500,000", "0.9335", "-£5,134,309"]
    # Every year two years further off: -5,134,308.85 + 622,340.47 + 4,252,638.07 + 4,529,815.64 + 4,376,633.47,
    # Low's £9,263,009.84 / 1.035² to the penny.
    assert yearly[-1][-1] == "£8,647,119"
    rows = {row[0]: row[1:] for row in cells(html, "comparison-table")[1:]}
    assert rows["Net present value"] == ["£9,263,010", "£21,728,821 (differs)", "£8,647,119 (differs)"]
