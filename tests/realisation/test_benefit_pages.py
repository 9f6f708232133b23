"""The benefits page (issue 19): the register with each benefit's measure, baseline, target, owner, latest reading
and RAG status (the rule stated on the page); officers add and change benefits and record readings, answered with
a redirect or, with HTMX, the benefit's row in place; members read only, outsiders get 404."""

import datetime
from decimal import Decimal as D
from html import unescape

import pytest
from django.urls import reverse

from appraisal.calculations import realisation
from appraisal.models import Benefit, BenefitReading
from appraisal.realisation.benefit_forms import ERR_VALUE
from appraisal.realisation.services import benefit_reading_set, benefit_save, saving_actual_set
from councils.models import Council
from councils.services import user_role_set
from services.models import ServiceCluster

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"
HTMX = {"HTTP_HX_REQUEST": "true"}
RESILIENCE = {
    "name": "Increased resilience",
    "kind": "non_financial",
    "measure": "Time to fix ICT incidents",
    "unit": "days",
    "baseline_value": D(5),
    "baseline_date": datetime.date(2011, 1, 31),
    "target_value": D(3),
    "due_year": 2013,
    "owner_role": "Head of ICT",
    "how_measured": "Service desk records",
    "frequency": "quarterly",
    "evidence": "Monthly service desk report",
}
NEW = {
    "name": "Internal customer satisfaction",
    "kind": "non_financial",
    "measure": "Satisfied with support services",
    "unit": "%",
    "baseline_value": "72",
    "baseline_date": "31/03/2011",
    "target_value": "85",
    "due_year": "2013/14",
    "owner_role": "Director of Resources",
    "how_measured": "Quarterly customer satisfaction survey",
    "frequency": "quarterly",
    "evidence": "",
}


def url(name="appraisal_benefits", *args):
    return reverse(name, args=[SLUG, *args])


def html_of(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def resilience(dh_appraisal):
    dbc = Council.objects.get(code="DBC")
    benefit = benefit_save(appraisal=dh_appraisal, values={**RESILIENCE, "owner_council": dbc}, user=None)
    benefit_reading_set(benefit=benefit, taken_on=datetime.date(2012, 6, 30), value=D("3.4"), note="Q1", user=None)
    return benefit


@pytest.fixture
def ict_savings(dh_appraisal):
    cluster = ServiceCluster.objects.get(name="Strategic Management")
    values = {"name": "Savings in management", "kind": "financial", "cluster": cluster, "measure": "Savings a year"}
    return benefit_save(appraisal=dh_appraisal, values=values | {"unit": "£", "target_value": D(250000)}, user=None)


@pytest.mark.parametrize("extra", [{}, HTMX])
def test_an_officer_reads_each_benefit_with_its_measure_reading_and_status(signed_in, resilience, extra):
    html = html_of(signed_in("officer").get(url(), **extra))
    assert '<h1 class="heading-xl">Benefits</h1>' in html
    assert 'aria-current="page">Benefits</a>' in html
    assert realisation.RAG_RULE in html
    row = html.split(f'id="benefit-{resilience.pk}"')[1].split("</tbody>")[0]
    for text in ("Increased resilience", "Non-financial", "Time to fix ICT incidents", "5 days", "at 31 Jan 2011"):
        assert text in row
    for text in ("3 days", "by 2013/14", "Head of ICT", "Darlington", "Service desk records", "Quarterly"):
        assert text in row
    assert "Evidence:</span> Monthly service desk report" in row
    # 5 days down to 3.4 of the way to 3: (5 − 3.4) / (5 − 3) = 80%, amber (75% to 95%)
    assert "3.4 days" in row and "on 30 Jun 2012" in row
    assert '<strong class="tag tag--rag-amber">Amber</strong>' in row
    assert "80.0% of the way to the target" in row
    assert f'id="reading-{resilience.pk}-form"' in row and 'id="benefit-new-form"' in html


def test_a_financial_benefit_shows_pounds_and_waits_for_savings_delivered(signed_in, ict_savings):
    html = html_of(signed_in("officer").get(url()))
    row = html.split(f'id="benefit-{ict_savings.pk}"')[1].split("</tbody>")[0]
    assert "Financial: Strategic Management savings" in row
    assert "£250,000" in row
    assert "Not yet measured" in row


def test_a_financial_benefit_is_rated_by_its_clusters_savings_delivered_against_the_plan(signed_in, ict_savings):
    # The plan is the Low scenario's (the first shown): Strategic Management saves £550,000 in 2013/14, its first
    # half-phased year; £300,000 + £230,000 delivered is 96.4% of it, green.
    cluster = ict_savings.cluster
    for code, amount in (("DBC", 300000), ("HBC", 230000)):
        council = Council.objects.get(code=code)
        values = {"savings": D(amount)}
        saving_actual_set(
            appraisal=ict_savings.appraisal, council=council, cluster=cluster, year=2013, values=values, user=None
        )
    row = html_of(signed_in("member").get(url() + f"?row={ict_savings.pk}", **HTMX))
    assert '<strong class="tag tag--rag-green">Green</strong>' in row
    assert "£530,000 delivered of £550,000 planned to date" in row


def test_htmx_asks_for_one_benefits_row_or_its_form(signed_in, resilience):
    client = signed_in("officer")
    row = html_of(client.get(url() + f"?row={resilience.pk}", **HTMX))
    assert row.strip().startswith(f'<tbody id="benefit-{resilience.pk}"')
    assert "<h1" not in row and "3.4 days" in row
    form = html_of(client.get(url() + f"?edit={resilience.pk}", **HTMX))
    assert "Change “Increased resilience”" in form
    assert 'value="Time to fix ICT incidents"' in form and 'value="2013/14"' in form and 'value="31/01/2011"' in form


def test_an_officer_adds_a_benefit_without_javascript(signed_in, dh_appraisal):
    r = signed_in("officer").post(url("benefit_create"), NEW, follow=True)
    assert r.redirect_chain[0][0] == url() + "#register"
    html = html_of(r)
    assert "Added the benefit “Internal customer satisfaction”." in html
    assert "72%" in html and "85%" in html and "by 2013/14" in html
    benefit = Benefit.objects.get(appraisal=dh_appraisal)
    assert (benefit.baseline_value, benefit.due_year, benefit.baseline_date) == (
        D(72),
        2013,
        datetime.date(2011, 3, 31),
    )
    assert benefit.history.first().history_change_reason == "Benefits page"


def test_an_officer_adds_a_benefit_with_htmx_and_gets_the_register(signed_in, dh_appraisal):
    r = signed_in("officer").post(url("benefit_create"), NEW, **HTMX)
    html = html_of(r)
    assert html.strip().startswith('<section class="benefits-section" id="register"')
    assert "Internal customer satisfaction" in html and "Not yet measured" in html
    assert 'id="page-status" role="status" hx-swap-oob="true">Added the benefit' in html


@pytest.mark.parametrize("extra", [{}, HTMX])
def test_a_reading_updates_the_latest_reading_and_the_status_in_place(signed_in, resilience, extra):
    reading = {"taken_on": "30/09/2012", "value": "3", "note": "Q2"}
    r = signed_in("officer").post(url("benefit_reading_record", resilience.pk), reading, follow=not extra, **extra)
    html = html_of(r)
    row = html.split(f'id="benefit-{resilience.pk}"')[1].split("</tbody>")[0]
    assert "3 days" in row and "on 30 Sep 2012" in row and "Q2" in row
    assert '<strong class="tag tag--rag-green">Green</strong>' in row and "100.0% of the way" in row
    assert "Recorded 3 days for “Increased resilience” on 30 September 2012." in html
    if extra:
        assert "<h1" not in html and 'hx-swap-oob="true"' in html
    assert resilience.readings.count() == 2


def test_an_officer_changes_a_benefit(signed_in, resilience):
    client = signed_in("officer")
    form = html_of(client.get(url() + f"?edit={resilience.pk}"))
    seen = form.split('name="seen" value="')[1].split('"')[0]
    values = {**NEW, "name": "Increased resilience", "measure": "Time to fix ICT incidents", "seen": seen}
    r = client.post(url("benefit_update", resilience.pk), values | {"unit": "days", "target_value": "2"}, **HTMX)
    row = html_of(r)
    assert row.strip().startswith(f'<tbody id="benefit-{resilience.pk}"')
    assert "2 days" in row and "Saved the benefit “Increased resilience”." in row
    resilience.refresh_from_db()
    assert resilience.target_value == D(2)


def test_a_change_overtaken_by_a_colleagues_is_refused_naming_them(signed_in, resilience, django_user_model):
    client = signed_in("officer")
    form = html_of(client.get(url() + f"?edit={resilience.pk}"))
    seen = form.split('name="seen" value="')[1].split('"')[0]
    colleague = django_user_model.objects.create_user("hbc-colleague", password="pw")
    benefit_save(
        appraisal=resilience.appraisal, values={"owner_role": "ICT manager"}, benefit_id=resilience.pk, user=colleague
    )
    values = {**NEW, "name": "Increased resilience", "measure": "Time to fix ICT incidents", "seen": seen}
    html = html_of(client.post(url("benefit_update", resilience.pk), values))
    assert "Changed by hbc-colleague" in html and "while you were editing; check and save again" in html
    resilience.refresh_from_db()
    assert (resilience.owner_role, resilience.unit) == ("ICT manager", "days")


@pytest.mark.parametrize("extra", [{}, HTMX])
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"measure": ""}, "measure", "Say how the benefit is measured."),
        ({"kind": "financial"}, "cluster", "A financial benefit is a cluster's savings: choose the cluster."),
        ({"baseline_value": "about 70"}, "baseline_value", ERR_VALUE),
        ({"baseline_date": "March 2011"}, "baseline_date", "Enter a date, like 31/01/2011"),
    ],
)
def test_a_bad_benefit_is_refused_beside_its_field_and_nothing_is_saved(
    signed_in, dh_appraisal, extra, changes, field, message
):
    html = html_of(signed_in("officer").post(url("benefit_create"), NEW | changes, **extra))
    assert f'id="id_benefit-new-{field}-error"><span class="visually-hidden">Error:</span> {message}</p>' in html
    assert f'<a href="#id_benefit-new-{field}">New benefit: ' in html  # the error summary
    assert 'value="Internal customer satisfaction"' in html  # what was typed is kept
    assert not Benefit.objects.exists()


def test_a_second_benefit_of_the_same_name_is_refused_beside_the_name(signed_in, resilience):
    html = html_of(signed_in("officer").post(url("benefit_create"), NEW | {"name": "Increased resilience"}))
    assert (
        'id="id_benefit-new-name-error"><span class="visually-hidden">Error:</span> This appraisal already has' in html
    )
    assert Benefit.objects.count() == 1


@pytest.mark.parametrize("extra", [{}, HTMX])
def test_a_reading_that_is_not_a_number_is_refused_and_nothing_saved(signed_in, resilience, extra):
    bad = {"taken_on": "30/09/2012", "value": "three", "note": ""}
    html = html_of(signed_in("officer").post(url("benefit_reading_record", resilience.pk), bad, **extra))
    assert (
        f'id="id_reading-{resilience.pk}-value-error"><span class="visually-hidden">Error:</span> {ERR_VALUE}' in html
    )
    assert "There is a problem" in html
    assert BenefitReading.objects.count() == 1


def test_a_member_reads_the_register_without_any_form_and_may_not_post(signed_in, resilience):
    client = signed_in("member")
    html = html_of(client.get(url()))
    assert "Increased resilience" in html and "Amber" in html and "Officers of the partner councils keep" in html
    assert "<form" not in html.split('id="benefits-editor"')[1]
    assert client.post(url("benefit_create"), NEW).status_code == 403
    assert client.post(url("benefit_update", resilience.pk), NEW).status_code == 403
    reading = {"taken_on": "30/09/2012", "value": "3"}
    assert client.post(url("benefit_reading_record", resilience.pk), reading).status_code == 403
    assert Benefit.objects.count() == 1 and BenefitReading.objects.count() == 1


def test_an_outsider_gets_not_found(client, django_user_model, resilience):
    user = django_user_model.objects.create_user("outsider", password="pw")
    other = Council.objects.create(code="XBC", name="Elsewhere Borough Council", slug="elsewhere")
    user_role_set(user=user, role="officer", council=other)
    client.force_login(user)
    assert client.get(url()).status_code == 404
    assert client.post(url("benefit_create"), NEW).status_code == 404
    assert client.post(url("benefit_reading_record", resilience.pk), {}).status_code == 404


def test_each_route_refuses_the_wrong_method(signed_in, resilience):
    client = signed_in("officer")
    assert client.post(url()).status_code == 405
    assert client.get(url("benefit_create")).status_code == 405
    assert client.get(url("benefit_update", resilience.pk)).status_code == 405
    assert client.get(url("benefit_reading_record", resilience.pk)).status_code == 405


@pytest.mark.parametrize("extra", [{}, HTMX])
def test_a_change_to_a_benefit_removed_meanwhile_is_refused_and_answers_with_the_register(signed_in, resilience, extra):
    pk = resilience.pk
    resilience.delete()
    r = signed_in("officer").post(url("benefit_update", pk), NEW | {"seen": "1"}, **extra)
    html = html_of(r)
    assert "Removed by someone else" in html and "while you were editing; check and save again" in html
    if extra:
        assert r["HX-Retarget"] == "#register"
        assert html.strip().startswith('<section class="benefits-section" id="register"')
    assert not Benefit.objects.exists()
