"""The realisation page (issue 19): the plan monitored against the savings delivered, by year, council and cluster,
with the RAG rule stated and each status in words; officers record savings delivered (plain and with HTMX),
members read only, outsiders get 404; bad input is refused beside its field and saves nothing.

The Darlington & Hartlepool case before a decision: the plan is scenario Low, £2,690,000 of savings in 2013/14 and
£18,830,000 over 2012/13 to 2016/17 (Darlington's share £8,780,475, Hartlepool's £10,049,525)."""

import datetime
from decimal import Decimal as D
from html import unescape

import pytest
from django.urls import reverse

from appraisal.calculations import CalculationError
from appraisal.calculations.realisation import RAG_RULE
from appraisal.models import AppraisalCouncil, SavingActual, Scenario
from appraisal.realisation.pages import NO_PLAN
from appraisal.realisation.services import appraisal_approve, saving_actual_set
from appraisal.scenarios.fields import ERR_NEGATIVE, MONEY_HINT
from councils.models import Council
from councils.services import user_role_set
from services.models import ServiceCluster
from tests.helpers.html import cells, fragment

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"
HTMX = {"HTTP_HX_REQUEST": "true"}
PAGE = reverse("appraisal_realisation", args=[SLUG])
RECORD = reverse("realisation_actual_record", args=[SLUG])
CORPORATE = "Corporate Services"


def html_of(response) -> str:
    return unescape(response.content.decode())


def row_of(html: str, table_id: str, first: str) -> list[str]:
    return next(r for r in cells(html, table_id) if r and r[0] == first)


def cluster_pk(name=CORPORATE) -> str:
    return str(ServiceCluster.objects.get(name=name).pk)


def posted(**changes) -> dict:
    data = {"council": "HBC", "cluster": cluster_pk(), "year": "2013", "savings": "1,000,000", "costs": "", "note": ""}
    return data | changes


def record(appraisal, code, year, savings, *, cluster=CORPORATE, **values):
    return saving_actual_set(
        appraisal=appraisal,
        council=Council.objects.get(code=code),
        cluster=ServiceCluster.objects.get(name=cluster),
        year=year,
        values={"savings": D(savings), **values},
        user=None,
    )


@pytest.fixture
def officer(signed_in):
    return signed_in("officer")


@pytest.fixture
def member(signed_in):
    return signed_in("member")


def test_an_officer_sees_the_plan_by_year_with_the_rule_and_the_form(officer):
    html = html_of(officer.get(PAGE))
    assert '<h1 class="heading-xl">Realisation</h1>' in html
    assert 'aria-current="page">Realisation</a>' in html
    assert "Not yet approved: the plan is scenario Low as it stands" in html
    assert RAG_RULE in html
    assert row_of(html, "years-table", "2013/14") == [
        "2013/14", "£2,690,000", "–Not recorded", "–Not recorded", "£2,690,000", "£0", "Not recorded"
    ]  # fmt: skip
    assert row_of(html, "years-table", "Whole period")[:3] == ["Whole period", "£18,830,000", "£0"]
    assert row_of(html, "councils-table", "Darlington Borough Council")[:3] == [
        "Darlington Borough Council", "Partner from the start", "£8,780,475"
    ]  # fmt: skip
    assert row_of(html, "clusters-table", CORPORATE)[:2] == [CORPORATE, "£5,705,000"]
    assert 'id="actual-new-form"' in html and "Record savings" in html
    assert "No savings delivered have been recorded yet." in html


def test_the_plan_approved_by_cabinet_is_named(officer, dh_appraisal):
    high = Scenario.objects.get(appraisal=dh_appraisal, name="High")
    appraisal_approve(
        appraisal=dh_appraisal, meeting="Cabinet", approved_on=datetime.date(2011, 9, 6), scenario=high, user=None
    )
    html = html_of(officer.get(PAGE))
    assert "The plan approved by Cabinet: scenario High" in html
    assert "Recorded as approved by Cabinet on 6 September 2011" in html


def test_recording_an_actual_redirects_back_and_shows_the_year_red_then_green(officer):
    r = officer.post(RECORD, posted(note="Shared management team"))
    assert r.status_code == 302 and r.url == PAGE + "#section-record"
    row = SavingActual.objects.get()
    assert (row.council.code, row.year, row.savings, row.costs, row.note) == (
        "HBC", 2013, D(1000000), D(0), "Shared management team"
    )  # fmt: skip
    html = html_of(officer.get(PAGE))
    assert "Recorded £1,000,000 delivered by Hartlepool Borough Council in Corporate Services, 2013/14." in html
    # £1,000,000 of £2,690,000: 37.2%, red.
    assert row_of(html, "years-table", "2013/14") == [
        "2013/14", "£2,690,000", "£1,000,000", "-£1,690,000", "£2,690,000", "£1,000,000", "Red37.2% of the plan"
    ]  # fmt: skip
    assert fragment(html, "year-2013-status") == '<strong class="tag tag--rag-red" id="year-2013-status">Red</strong>'

    officer.post(RECORD, posted(council="DBC", savings="1,690,000"))
    html = html_of(officer.get(PAGE))
    assert fragment(html, "year-2013-status").endswith(">Green</strong>")
    assert row_of(html, "years-table", "The years recorded")[1:4] == ["£2,690,000", "£2,690,000", "£0"]


def test_with_htmx_recording_answers_the_form_and_swaps_the_figures_out_of_band(officer):
    r = officer.post(RECORD, posted(), **HTMX)
    assert r.status_code == 200
    html = html_of(r)
    assert "<html" not in html
    assert html.lstrip().startswith('<section class="realisation-section realisation-record" id="section-record"')
    assert '<div id="section-figures" class="realisation-figures" hx-swap-oob="true">' in html
    assert (
        '<section class="realisation-section" id="section-actuals" aria-labelledby="actuals-heading" hx-swap-oob'
        in html
    )
    assert fragment(html, "year-2013-status").endswith(">Red</strong>")
    assert "Recorded £1,000,000 delivered by Hartlepool Borough Council" in fragment(html, "page-status")
    assert SavingActual.objects.count() == 1


def test_a_saving_delivered_before_the_appraisal_is_shown_apart_and_not_counted(officer):
    r = officer.post(RECORD, posted(year="2009", savings="100,000", before_appraisal="1"))
    assert r.status_code == 302
    html = html_of(officer.get(PAGE))
    assert fragment(html, "before-appraisal").startswith(
        '<dd id="before-appraisal">£100,000 <span class="hint">not counted'
    )
    assert row_of(html, "years-table", "Whole period")[2] == "£0"
    assert "Before the appraisal: not counted" in fragment(html, "actuals-table")


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"savings": "-5,000"}, "savings", ERR_NEGATIVE),
        ({"savings": "lots"}, "savings", MONEY_HINT),
        ({"savings": ""}, "savings", "Enter the savings delivered in pounds"),
        ({"costs": "-1"}, "costs", ERR_NEGATIVE),
        ({"year": "2009"}, "year", "Choose one of the plan's years, 2012/13 to 2016/17, or tick"),
        ({"year": "2030"}, "year", "Choose a year from the list"),
        ({"council": "XBC"}, "council", "Choose one of the partner councils"),
        ({"cluster": "999999"}, "cluster", "Choose one of the plan's clusters"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_saves_nothing(officer, changes, field, message):
    for extra in ({}, HTMX):
        html = html_of(officer.post(RECORD, posted(**changes), **extra))
        assert message in fragment(html, f"id_actual-new-{field}-error")
        assert message in fragment(html, "page-errors")
    assert SavingActual.objects.count() == 0


def test_a_year_a_council_is_not_a_partner_in_is_refused(officer, dh_appraisal):
    AppraisalCouncil.objects.filter(appraisal=dh_appraisal, council__code="HBC").update(join_year=2014)
    html = html_of(officer.get(PAGE))
    assert row_of(html, "councils-table", "Hartlepool Borough Council")[1] == "Partner from 2014/15"
    html = html_of(officer.post(RECORD, posted()))
    assert "Hartlepool Borough Council is a partner from 2014/15: choose a year it is a partner" in html
    assert SavingActual.objects.count() == 0


def test_a_year_after_a_council_left_is_refused(officer, dh_appraisal):
    AppraisalCouncil.objects.filter(appraisal=dh_appraisal, council__code="DBC").update(leave_year=2014)
    html = html_of(officer.get(PAGE))
    assert row_of(html, "councils-table", "Darlington Borough Council")[1] == "Left after 2014/15"
    assert "council-DBC-2015" not in html  # its own years stop when it leaves
    html = html_of(officer.post(RECORD, posted(council="DBC", year="2015")))
    assert "Darlington Borough Council left the partnership after 2014/15: choose a year it is a partner" in html
    assert SavingActual.objects.count() == 0


def test_figures_that_cannot_be_worked_out_are_explained_and_the_savings_recorded_listed(
    officer, monkeypatch, dh_appraisal
):
    record(dh_appraisal, "HBC", 2013, 500000)

    def refuse(**kwargs):
        raise CalculationError("Scenario Low has no years.")

    monkeypatch.setattr("appraisal.realisation.pages.realisation_overview", refuse)
    html = html_of(officer.get(PAGE))
    assert (
        fragment(html, "realisation-problem")
        == '<p class="body" id="realisation-problem">Scenario Low has no years.</p>'
    )
    assert 'id="actual-new-form"' not in html
    assert row_of(html, "actuals-table", "2013/14") == [
        "2013/14",
        "Hartlepool Borough Council",
        CORPORATE,
        "£500,000",
        "£0",
        "",
    ]
    assert ">Change<" not in html


def test_a_second_record_of_the_same_year_points_to_the_recorded_one(officer, dh_appraisal):
    record(dh_appraisal, "HBC", 2013, 500000)
    html = html_of(officer.post(RECORD, posted()))
    assert "£500,000 is already recorded for Hartlepool Borough Council in Corporate Services, 2013/14" in html
    assert SavingActual.objects.get().savings == D(500000)


def test_a_recorded_actual_opens_in_place_and_is_changed(officer, dh_appraisal):
    row = record(dh_appraisal, "HBC", 2013, 500000)
    r = officer.get(f"{PAGE}?edit={row.pk}&section=actuals", **HTMX)
    html = html_of(r)
    assert html.lstrip().startswith('<section class="realisation-section" id="section-actuals"')
    assert 'value="£500,000"' in html and f'name="version" value="{row.version}"' in html

    url = reverse("realisation_actual_update", args=[SLUG, row.pk])
    r = officer.post(url, {"savings": "2,690,000", "costs": "10,000", "version": row.version}, **HTMX)
    html = html_of(r)
    assert fragment(html, "year-2013-status").endswith(">Green</strong>")
    row.refresh_from_db()
    assert (row.savings, row.costs, row.version) == (D(2690000), D(10000), 2)


def test_a_change_made_from_an_old_version_is_refused(officer, dh_appraisal):
    row = record(dh_appraisal, "HBC", 2013, 500000)
    record(dh_appraisal, "HBC", 2013, 600000)  # a colleague's change: version 2
    url = reverse("realisation_actual_update", args=[SLUG, row.pk])
    html = html_of(officer.post(url, {"savings": "700,000", "version": "1"}))
    assert "to £600,000 delivered while you were editing; check and save again" in fragment(html, f"actual-{row.pk}")
    assert SavingActual.objects.get().savings == D(600000)


def test_a_member_reads_the_figures_without_any_form_and_may_not_record(member, dh_appraisal):
    record(dh_appraisal, "HBC", 2013, 1000000)
    html = html_of(member.get(PAGE))
    assert fragment(html, "year-2013-status").endswith(">Red</strong>")
    assert "<form" not in html.split('id="realisation-editor"')[1]
    assert "Record savings" not in html and ">Change<" not in html
    assert member.post(RECORD, posted()).status_code == 403
    assert SavingActual.objects.count() == 1


def test_an_outsider_gets_not_found(client, django_user_model, dh_appraisal):
    user = django_user_model.objects.create_user("outsider", password="pw")
    user_role_set(user=user, role="officer", council=Council.objects.create(code="XBC", name="Elsewhere", slug="x"))
    client.force_login(user)
    assert client.get(PAGE).status_code == 404
    assert client.post(RECORD, posted()).status_code == 404


def test_wrong_methods_are_refused(officer):
    assert officer.post(PAGE).status_code == 405
    assert officer.get(RECORD).status_code == 405


def test_without_a_scenario_shown_to_members_the_page_says_so(officer, dh_appraisal):
    Scenario.objects.filter(appraisal=dh_appraisal).update(status=Scenario.Status.DRAFT)
    html = html_of(officer.get(PAGE))
    assert NO_PLAN in html
    assert "<form" not in html.split("realisation-problem")[1].split("</main>")[0]
