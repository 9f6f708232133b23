"""The appraisal's change history page: who changed which figure, when, from what to what."""

import html as htmllib
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import update_change_reason

from appraisal.baselines.services import service_scope_set
from appraisal.history import views
from appraisal.history.selectors import appraisal_history
from appraisal.report.services import cabinet_report_update
from appraisal.scenarios.services import scenario_settings_update
from councils.models import Council
from councils.services import council_upsert, funding_deficit_update
from services.models import Service, ServiceCluster
from services.services import baseline_set

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"
HISTORY = reverse("appraisal_history", args=[SLUG])
SAVINGS = reverse("savings_ranges", args=[SLUG])
DEFICITS = reverse("funding_deficits", args=[SLUG])


def history_rows(response) -> list[list[str]]:
    """The history table's body rows, each cell's text as a reader sees it."""
    table = re.search(r'<table[^>]*id="history-table".*?<tbody>(.*?)</tbody>', response.content.decode(), re.S).group(1)
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        rows.append([htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip()) for c in cells])
    return rows


def all_rows(client, **filters) -> list[list[str]]:
    """Every page's rows, following the "Next" links."""
    rows, page = [], 1
    while True:
        response = client.get(HISTORY, {**filters, "page": page})
        rows += history_rows(response)
        if 'rel="next"' not in response.content.decode():
            return rows
        page += 1


def now_text() -> str:
    moment = timezone.localtime()
    return f"{moment.day} {moment:%b %Y}"


def test_a_savings_change_made_through_the_page_is_listed_with_who_when_old_and_new(sign_in):
    client = sign_in("officer", "DBC", username="dbc-officer")
    pk = ServiceCluster.objects.get(name="Strategic Management").pk
    form = {f"min-{pk}": "1,200,000", f"max-{pk}": "1,600,000", f"version-{pk}": "1", f"was-{pk}": "1100000|1600000"}
    client.post(SAVINGS, form)
    rows = history_rows(client.get(HISTORY))
    when, who, what, change = rows[0]
    assert re.fullmatch(rf"{now_text()}, \d\d:\d\d", when)
    assert who == "dbc-officer Source: Savings ranges page"
    assert what == "Savings range · Strategic Management Minimum saving"
    assert change == "£1,100,000 → £1,200,000"


def test_a_deficit_change_and_a_removal_are_listed(sign_in):
    client = sign_in("officer", "DBC", username="dbc-officer")
    dbc = Council.objects.get(code="DBC").pk
    client.post(
        DEFICITS,
        {
            f"amount-{dbc}-2014": "11,400,000", f"version-{dbc}-2014": "1", f"was-{dbc}-2014": "10400000.00",
            f"amount-{dbc}-2012": "", f"version-{dbc}-2012": "1", f"was-{dbc}-2012": "4300000.00",
        },
    )  # fmt: skip
    rows = [row[1:] for row in history_rows(client.get(HISTORY))[:2]]
    by = "dbc-officer Source: Funding deficits page"
    assert [by, "Funding deficit DBC · 2014/15 Deficit", "£10,400,000 → £11,400,000"] in rows
    assert [by, "Funding deficit DBC · 2012/13", "Deleted (was £4,300,000)"] in rows


def test_baseline_and_scope_changes_are_listed_with_the_service_and_year(sign_in, django_user_model, dh_appraisal):
    client = sign_in("member", "HBC")
    officer = django_user_model.objects.create_user("hbc-officer", password="pw", first_name="Sam", last_name="Hill")
    hr = Service.objects.get(cluster__name="Corporate Services", name="HR")
    hbc = Council.objects.get(code="HBC")
    current = hbc.baselines.get(service=hr, year=2011)
    baseline_set(
        council=hbc, service=hr, year=2011, gross_budget=current.gross_budget, net_budget=Decimal("1000"),
        fte=current.fte, third_party_spend=current.third_party_spend, user=officer,
    )  # fmt: skip
    service_scope_set(appraisal=dh_appraisal, service=hr, scope="limited", reason="Kept local", user=officer)
    rows = [row[1:] for row in history_rows(client.get(HISTORY))[:3]]
    scope = ["Sam Hill", "Service scope · Corporate Services · HR Scope", "Key service (in scope) → Limited value"]
    assert scope in rows
    baseline = [r for r in rows if r[1].startswith("Baseline")][0]
    assert baseline[1] == "Baseline HBC · Corporate Services · HR · 2011/12 Net budget"
    assert baseline[2].endswith("→ £1,000") and baseline[0] == "Sam Hill"


def test_figures_loaded_from_the_fixture_are_listed_as_created_by_the_system_from_the_demo_data(sign_in):
    client = sign_in("member", "DBC")
    rows = [r[1:] for r in all_rows(client)]
    by = "System Source: Demo data"
    assert [by, "Savings range · Strategic Management", "Created: £1,100,000 – £1,600,000"] in rows
    assert [by, "Funding deficit HBC · 2014/15", "Created: £12,100,000"] in rows


def test_the_history_is_paged(sign_in, monkeypatch):
    monkeypatch.setattr(views, "HISTORY_PAGE_SIZE", 10)
    client = sign_in("member", "DBC")
    first = client.get(HISTORY)
    assert len(history_rows(first)) == 10 and "Older changes" in first.content.decode()
    second = client.get(HISTORY, {"page": 2})
    assert history_rows(second) != history_rows(first) and "Page 2 of" in second.content.decode()


def test_the_history_costs_a_fixed_handful_of_queries(sign_in, django_assert_max_num_queries):
    client = sign_in("officer", "DBC")
    dbc = Council.objects.get(code="DBC")
    for n in range(5):
        amount = Decimal(10400000 + n + 1)
        funding_deficit_update(council=dbc, year=2014, amount=amount, expected_version=n + 1, user=None)
    with django_assert_max_num_queries(20):  # the figures' kinds, the scenarios' five and the report's
        client.get(HISTORY)


def test_the_selector_returns_newest_first_with_limit_and_offset(dh_appraisal):
    dbc = Council.objects.get(code="DBC")
    funding_deficit_update(council=dbc, year=2014, amount=Decimal("1"), expected_version=1, user=None)
    everything = appraisal_history(appraisal=dh_appraisal)
    assert everything[0].what == "Funding deficit DBC · 2014/15" and everything[0].change == "£10,400,000 → £1"
    assert [r.at for r in everything] == sorted((r.at for r in everything), reverse=True)
    assert appraisal_history(appraisal=dh_appraisal, limit=5, offset=3) == everything[3:8]


def test_members_read_the_history_but_outsiders_get_404(sign_in, client, django_user_model):
    assert sign_in("member", "HBC").get(HISTORY).status_code == 200
    council_upsert(code="SBC", name="Stockton-on-Tees Borough Council", council_type="unitary")
    assert sign_in("member", "SBC").get(HISTORY).status_code == 404


def test_anonymous_users_are_sent_to_sign_in_from_the_history(client, dh_appraisal):
    r = client.get(HISTORY)
    assert r.status_code == 302 and r.url.startswith(reverse("login"))


def test_the_history_only_answers_get(admin_client, dh_appraisal):
    assert admin_client.post(HISTORY).status_code == 405


def test_a_councils_service_outside_the_appraisal_is_not_in_its_history(sign_in, django_user_model, dh_appraisal):
    """Issue 15: the history is the appraisal's own; Darlington's other services belong to other appraisals."""
    client = sign_in("member", "HBC")
    waste = ServiceCluster.objects.create(name="Waste partnership services", position=99)
    depot = Service.objects.create(cluster=waste, name="Shared depot", position=1)
    dbc = Council.objects.get(code="DBC")
    figures = {"gross_budget": Decimal(900000), "net_budget": Decimal(750000), "fte": Decimal(12)}
    baseline_set(council=dbc, service=depot, year=2011, third_party_spend=Decimal(0), **figures)

    text = " ".join(" ".join(row) for row in all_rows(client))

    assert "Shared depot" not in text
    assert "Corporate Services · HR" in text  # the appraisal's own services are still listed


def test_a_scenario_rate_change_is_listed_with_who_old_and_new(sign_in, django_user_model, dh_appraisal):
    client = sign_in("member", "HBC")
    officer = django_user_model.objects.create_user("dbc-officer", password="pw", first_name="Di", last_name="Bell")
    scenario = dh_appraisal.scenarios.order_by("position").first()
    was = scenario.discount_rate
    scenario_settings_update(scenario_id=scenario.pk, values={"discount_rate": Decimal("4.5")}, was=None, user=officer)
    rows = [row[1:] for row in history_rows(client.get(HISTORY))]
    assert rows[0] == ["Di Bell", f"Scenario {scenario.name} Discount rate", f"{was.normalize():f}% → 4.5%"]


def test_a_report_section_change_is_listed_with_who_old_and_new(sign_in, django_user_model, dh_appraisal):
    client = sign_in("member", "HBC")
    officer = django_user_model.objects.create_user("dbc-officer", password="pw", first_name="Di", last_name="Bell")
    for version, text in enumerate(["The first purpose.", "The second purpose."]):
        cabinet_report_update(
            appraisal=dh_appraisal, values={"purpose": text}, compared_ids=[], generated={},
            expected_version=version, user=officer,
        )  # fmt: skip
    rows = [row[1:] for row in history_rows(client.get(HISTORY))]
    assert rows[0] == ["Di Bell", "Cabinet report Purpose of Report", "The first purpose. → The second purpose."]
    assert ["Di Bell", "Cabinet report", "Created"] in rows


def test_only_the_appraisals_own_scenarios_are_in_the_history(sign_in, dh_appraisal):
    client = sign_in("member", "HBC")
    names = set(dh_appraisal.scenarios.values_list("name", flat=True))
    whats = [r[2] for r in history_rows(client.get(HISTORY)) if r[2].startswith("Scenario ")]
    listed = {what.split(" · ")[0].split(" ")[1] for what in whats}
    assert listed and listed <= names


def test_the_source_of_a_change_is_shown_only_where_the_write_recorded_it(sign_in, dh_appraisal):
    client = sign_in("officer", "DBC", username="dbc-officer")
    dbc = Council.objects.get(code="DBC")
    funding_deficit_update(council=dbc, year=2014, amount=Decimal("11400000"), expected_version=1, user=None)
    funding_deficit_update(council=dbc, year=2013, amount=Decimal("9000000"), expected_version=1, user=None)
    update_change_reason(dbc.deficits.get(year=2014), "workbook upload")
    rows = {row[2]: row[1] for row in history_rows(client.get(HISTORY))[:2]}
    assert rows["Funding deficit DBC · 2014/15 Deficit"] == "System Source: workbook upload"
    assert rows["Funding deficit DBC · 2013/14 Deficit"] == "System"


def test_the_council_filter_keeps_that_councils_figures_only(sign_in):
    client = sign_in("member", "HBC")
    rows = all_rows(client, council="DBC")
    assert rows and all(" DBC " in f" {row[2]} " for row in rows)
    assert not [row for row in rows if "HBC" in row[2]]
    assert '<option value="DBC" selected>' in client.get(HISTORY, {"council": "DBC"}).content.decode()


def test_the_kind_filter_keeps_that_kind_only(sign_in):
    client = sign_in("member", "HBC")
    deficits = all_rows(client, kind="deficits")
    assert deficits and all(row[2].startswith("Funding deficit ") for row in deficits)
    everything = all_rows(client)
    assert len(deficits) == len([row for row in everything if row[2].startswith("Funding deficit ")])


def test_the_person_filter_keeps_that_persons_changes_only(sign_in, django_user_model):
    client = sign_in("officer", "DBC", username="dbc-officer")
    officer = django_user_model.objects.get(username="dbc-officer")
    dbc = Council.objects.get(code="DBC")
    funding_deficit_update(council=dbc, year=2014, amount=Decimal("11400000"), expected_version=1, user=officer)
    mine = all_rows(client, person=officer.pk)
    assert [row[1:] for row in mine] == [
        ["dbc-officer", "Funding deficit DBC · 2014/15 Deficit", "£10,400,000 → £11,400,000"]
    ]
    system = all_rows(client, person="system")
    assert system and {row[1] for row in system} == {"System Source: Demo data"}


def test_the_date_filter_keeps_changes_made_between_the_dates(sign_in):
    client = sign_in("officer", "DBC", username="dbc-officer")
    dbc = Council.objects.get(code="DBC")
    funding_deficit_update(council=dbc, year=2014, amount=Decimal("11400000"), expected_version=1, user=None)
    record, created = dbc.deficits.get(year=2014).history.all()[:2]  # newest first
    for moved, days in ((record, 30), (created, 60)):  # the change a month ago, the figure two
        moved.history_date = timezone.now() - timezone.timedelta(days=days)
        moved.save()
    day = timezone.localtime(record.history_date).date().isoformat()
    rows = all_rows(client, since=day, until=day)
    assert [row[2:] for row in rows] == [["Funding deficit DBC · 2014/15 Deficit", "£10,400,000 → £11,400,000"]]
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    assert "No changes match the filters." in client.get(HISTORY, {"since": tomorrow}).content.decode()


def test_dates_the_wrong_way_round_are_refused_at_the_field_and_in_the_summary(sign_in):
    client = sign_in("member", "HBC")
    page = client.get(HISTORY, {"since": "2026-11-30", "until": "2026-11-01"}).content.decode()
    assert 'class="error-summary"' in page
    assert '<a href="#id_until">To: The end date must be the same as or after the start date.</a>' in page
    assert 'id="id_until-error"' in page and 'aria-describedby="id_until-error"' in page
    assert history_rows(client.get(HISTORY, {"since": "2026-11-30", "until": "2026-11-01"}))  # unfiltered


def test_pages_hold_fifty_changes_and_keep_the_filters(sign_in):
    client = sign_in("member", "HBC")
    first = client.get(HISTORY)
    text = first.content.decode()
    assert len(history_rows(first)) == 50 and "Next: Older changes" in text
    total = len(all_rows(client))
    assert f"Showing 1 to 50 of {total} changes." in text
    second = client.get(HISTORY, {"page": 2})
    assert "Page 2 of" in second.content.decode() and "Previous: Newer changes" in second.content.decode()
    assert history_rows(second) != history_rows(first)
    baselines = client.get(HISTORY, {"kind": "baselines"}).content.decode()
    assert 'href="?kind=baselines&amp;page=2"' in baselines


def test_a_filtered_page_costs_the_same_handful_of_queries(sign_in, django_assert_max_num_queries):
    client = sign_in("member", "HBC")
    with django_assert_max_num_queries(20):
        client.get(HISTORY, {"council": "DBC", "kind": "baselines", "page": 2})


def test_a_scenario_and_its_clusters_are_listed_as_created_in_brief(sign_in, dh_appraisal):
    client = sign_in("member", "HBC")
    rows = [row[1:] for row in all_rows(client, kind="scenarios")]
    by = "System Source: Demo data"
    assert [by, "Scenario High", "Created: Name High; Status Shown to members"] in rows
    assert [by, "Scenario High · Strategic Management", "Created: Maximum"] in rows
    assert [by, "Scenario High · Phasing · All clusters · 2015/16", "Created: 100%"] in rows
