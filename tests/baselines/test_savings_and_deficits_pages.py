"""The savings-ranges and funding-deficits pages: who may read and change them, and what a save does."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from appraisal.baselines.services import savings_range_update
from appraisal.models import Appraisal, SavingsRange
from councils.models import Council, FundingDeficit
from councils.services import council_upsert, funding_deficit_update, user_role_set
from services.models import ServiceCluster
from services.services import cluster_upsert, service_upsert
from tests.helpers.html import hidden_fields, text
from tests.helpers.savings import SAVINGS, saved_range, savings_form

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"
DEFICITS = reverse("funding_deficits", args=[SLUG])
DETAIL = reverse("appraisal_detail", args=[SLUG])


@pytest.fixture
def sign_in(client, django_user_model, dh_appraisal):
    """sign_in("officer", "DBC") -> a client signed in as a new user with that role."""

    def _sign_in(role, code=None, username=None):
        username = username or f"{(code or 'x').lower()}-{role}"
        user = django_user_model.objects.create_user(username, password="pw")
        council = Council.objects.get(code=code) if code else None
        user_role_set(user=user, role=role, council=council)
        client.force_login(user)
        return client

    return _sign_in


@pytest.fixture
def outsider(sign_in):
    council_upsert(code="SBC", name="Stockton-on-Tees Borough Council", council_type="unitary")
    return sign_in("officer", "SBC")


def cluster_pk(name="Strategic Management") -> int:
    return ServiceCluster.objects.get(name=name).pk


def council_pk(code) -> int:
    return Council.objects.get(code=code).pk


# --- Savings ranges: who may see and change them -------------------------------------------------------


def test_an_officer_of_a_partner_council_gets_the_savings_ranges_as_a_form(sign_in):
    r = sign_in("officer", "DBC").get(SAVINGS)
    assert r.status_code == 200
    fields = hidden_fields(r)
    pk = cluster_pk()
    assert fields[f"min-{pk}"] == "1,100,000" and fields[f"max-{pk}"] == "1,600,000"
    assert fields[f"version-{pk}"] == "1"
    assert "Save savings ranges" in text(r)
    assert f"min-{cluster_pk('Out of scope expenditure')}" not in fields
    assert "No savings range: out of scope" in text(r)


def test_the_savings_page_shows_each_clusters_figures_from_the_calculation(sign_in):
    page = text(sign_in("member", "DBC").get(SAVINGS))
    assert "Strategic Management £3,572,448 £1,100,000 £1,600,000 30.8% 44.8%" in page
    assert "£5,380,000 £8,360,000" in page


def test_the_savings_page_lists_only_the_appraisals_clusters_when_its_figures_cannot_be_worked_out(sign_in):
    client = sign_in("officer", "DBC")
    service_upsert(cluster=cluster_upsert(name="Trading company", position=50), name="Lettings")
    # A range the form never allows (on out-of-scope expenditure), stored by hand: the calculation refuses it.
    out = ServiceCluster.objects.get(name="Out of scope expenditure")
    SavingsRange.objects.create(appraisal=Appraisal.objects.get(slug=SLUG), cluster=out, min_saving=1, max_saving=2)
    page = text(client.get(SAVINGS))
    assert "The appraisal's figures cannot be worked out" in page
    assert "Strategic Management" in page and "Housing" in page  # Housing: a service, no budget
    assert "Trading company" not in page


def test_a_programme_admin_gets_the_form(admin_client, dh_appraisal):
    r = admin_client.get(SAVINGS)
    assert f"min-{cluster_pk()}" in hidden_fields(r)


def test_a_member_reads_the_savings_ranges_without_a_form(sign_in):
    r = sign_in("member", "DBC").get(SAVINGS)
    assert r.status_code == 200
    assert f"min-{cluster_pk()}" not in hidden_fields(r)
    assert "Save savings ranges" not in text(r)
    assert "Only an officer of a partner council can change them" in text(r)


def test_a_member_cannot_post_savings_ranges(sign_in):
    r = sign_in("member", "DBC").post(SAVINGS, {f"min-{cluster_pk()}": "1", f"max-{cluster_pk()}": "2"})
    assert r.status_code == 403
    assert saved_range() == (Decimal("1100000"), Decimal("1600000"))


def test_a_user_of_a_council_not_in_the_appraisal_gets_404_for_the_savings_page(outsider):
    assert outsider.get(SAVINGS).status_code == 404
    assert outsider.post(SAVINGS, {f"min-{cluster_pk()}": "1", f"max-{cluster_pk()}": "2"}).status_code == 404
    assert saved_range() == (Decimal("1100000"), Decimal("1600000"))


def test_anonymous_users_are_sent_to_sign_in_from_the_editing_pages(client, dh_appraisal):
    for url in (SAVINGS, DEFICITS):
        r = client.get(url)
        assert r.status_code == 302 and r.url.startswith(reverse("login"))


def test_the_editing_pages_refuse_other_methods(admin_client, dh_appraisal):
    for url in (SAVINGS, DEFICITS):
        assert admin_client.put(url).status_code == 405
        assert admin_client.delete(url).status_code == 405


# --- Savings ranges: saving ---------------------------------------------------------------------------


def test_saving_a_range_changes_it_and_the_appraisal_page_shows_the_new_totals(sign_in):
    client = sign_in("officer", "DBC")
    pk = cluster_pk()
    r = client.post(SAVINGS, savings_form(client.get(SAVINGS), **{f"min-{pk}": "£1,200,000"}))
    assert r.status_code == 302 and r.url == SAVINGS
    assert saved_range() == (Decimal("1200000"), Decimal("1600000"))
    page = text(client.get(SAVINGS))
    assert "Saved: Strategic Management £1,100,000 – £1,600,000 → £1,200,000 – £1,600,000." in page
    assert "£5,480,000 £8,360,000" in page
    assert "£5,480,000 to £8,360,000" in text(client.get(DETAIL))


def test_saving_the_form_unchanged_saves_nothing(sign_in):
    client = sign_in("officer", "HBC")
    client.post(SAVINGS, savings_form(client.get(SAVINGS)))
    assert "Nothing has changed." in text(client.get(SAVINGS))
    assert SavingsRange.objects.filter(version__gt=1).count() == 0


def test_clearing_both_amounts_removes_the_range(sign_in):
    client = sign_in("officer", "DBC")
    pk = cluster_pk("Culture & Leisure")
    client.post(SAVINGS, savings_form(client.get(SAVINGS), **{f"min-{pk}": "", f"max-{pk}": " "}))
    assert not SavingsRange.objects.filter(cluster__name="Culture & Leisure").exists()
    r = client.get(SAVINGS)
    assert "Culture & Leisure range removed (was £200,000 – £250,000)" in text(r)
    # Left blank again, the cluster simply has no range.
    client.post(SAVINGS, savings_form(r))
    assert not SavingsRange.objects.filter(cluster__name="Culture & Leisure").exists()
    assert "£5,180,000 £8,110,000" in text(client.get(SAVINGS))


def test_a_minimum_above_the_maximum_is_shown_beside_it_and_nothing_is_saved(sign_in):
    client = sign_in("officer", "DBC")
    sm, env = cluster_pk(), cluster_pk("Environment")
    typed = {f"min-{sm}": "2,000,000", f"min-{env}": "800,000"}
    r = client.post(SAVINGS, savings_form(client.get(SAVINGS), **typed))
    assert r.status_code == 200
    page = text(r)
    assert "There is a problem" in page
    assert "Strategic Management: minimum saving: The minimum saving cannot be more than the maximum saving" in page
    html = r.content.decode()
    assert f'href="#id_min-{sm}"' in html
    assert re.search(rf'id="id_min-{sm}" name="min-{sm}"[^>]*value="2,000,000"', html)
    assert re.search(rf'name="min-{env}"[^>]*value="800,000"', html)
    assert saved_range() == (Decimal("1100000"), Decimal("1600000"))
    assert saved_range("Environment") == (Decimal("780000"), Decimal("1560000"))


def test_words_for_an_amount_get_a_plain_message_and_nothing_is_saved(sign_in):
    client = sign_in("officer", "DBC")
    pk = cluster_pk()
    r = client.post(SAVINGS, savings_form(client.get(SAVINGS), **{f"max-{pk}": "about two million"}))
    page = text(r)
    assert "Strategic Management: maximum saving: Enter an amount in pounds, like 1,250,000" in page
    assert 'value="about two million"' in r.content.decode()
    assert saved_range() == (Decimal("1100000"), Decimal("1600000"))


def test_a_range_with_only_one_amount_is_refused(sign_in):
    client = sign_in("officer", "DBC")
    pk = cluster_pk()
    r = client.post(SAVINGS, savings_form(client.get(SAVINGS), **{f"max-{pk}": ""}))
    assert "Enter both a minimum and a maximum saving, or clear both for no range" in text(r)
    assert saved_range() == (Decimal("1100000"), Decimal("1600000"))


def test_a_negative_saving_is_refused(sign_in):
    client = sign_in("officer", "DBC")
    pk = cluster_pk()
    r = client.post(SAVINGS, savings_form(client.get(SAVINGS), **{f"min-{pk}": "-5"}))
    assert "A saving cannot be negative" in text(r)


def test_out_of_scope_expenditure_cannot_be_given_a_range_through_the_form(sign_in):
    client = sign_in("officer", "DBC")
    pk = cluster_pk("Out of scope expenditure")
    r = client.post(SAVINGS, {f"min-{pk}": "1", f"max-{pk}": "2", f"version-{pk}": "0", f"was-{pk}": ""})
    assert r.status_code == 400
    assert not SavingsRange.objects.filter(cluster_id=pk).exists()


def test_a_save_from_a_stale_form_is_refused_with_the_other_officers_values(sign_in, django_user_model):
    client = sign_in("officer", "DBC")
    form = client.get(SAVINGS)
    other = django_user_model.objects.create_user("hbc-officer", password="pw")
    cluster = ServiceCluster.objects.get(name="Strategic Management")
    savings_range_update(
        appraisal=cluster.savings_ranges.first().appraisal,
        cluster=cluster,
        min_saving=Decimal("1150000"),
        max_saving=Decimal("1600000"),
        expected_version=1,
        user=other,
    )
    pk = cluster.pk
    r = client.post(SAVINGS, savings_form(form, **{f"min-{pk}": "1,250,000"}))
    assert r.status_code == 200
    page = text(r)
    assert re.search(
        r"Changed by hbc-officer at \d\d:\d\d to £1,150,000 – £1,600,000 while you were editing; check and save again",
        page,
    )
    assert "You had typed 1,250,000 – 1,600,000." in page
    fields = hidden_fields(r)
    assert fields[f"min-{pk}"] == "1,150,000" and fields[f"version-{pk}"] == "2"
    assert saved_range() == (Decimal("1150000"), Decimal("1600000"))
    # Saving again from the refreshed form is a deliberate choice, and goes through.
    client.post(SAVINGS, savings_form(r, **{f"min-{pk}": "1,250,000"}))
    assert saved_range() == (Decimal("1250000"), Decimal("1600000"))


def test_a_row_changed_by_someone_else_but_left_alone_here_is_kept(sign_in, django_user_model):
    client = sign_in("officer", "DBC")
    form = client.get(SAVINGS)
    other = django_user_model.objects.create_user("hbc-officer", password="pw")
    culture = ServiceCluster.objects.get(name="Culture & Leisure")
    savings_range_update(
        appraisal=culture.savings_ranges.first().appraisal,
        cluster=culture,
        min_saving=Decimal("210000"),
        max_saving=Decimal("250000"),
        expected_version=1,
        user=other,
    )
    client.post(SAVINGS, savings_form(form, **{f"min-{cluster_pk()}": "1,200,000"}))
    assert saved_range() == (Decimal("1200000"), Decimal("1600000"))
    assert saved_range("Culture & Leisure") == (Decimal("210000"), Decimal("250000"))


# --- Funding deficits -----------------------------------------------------------------------------------


def deficit(code="DBC", year=2014) -> Decimal:
    return FundingDeficit.objects.get(council__code=code, year=year).amount


def deficits_form(response, **typed) -> dict[str, str]:
    pattern = r"^((amount|version|was)-\d+-\d+|new-(year|amount)-\d+)$"
    data = {k: v for k, v in hidden_fields(response).items() if re.match(pattern, k)}
    for name in re.findall(r'<input[^>]*name="(new-(?:year|amount)-\d+)"', response.content.decode()):
        data.setdefault(name, "")
    data.update(typed)
    return data


def test_an_officer_edits_their_own_councils_deficits_and_reads_the_partners(sign_in):
    r = sign_in("officer", "DBC").get(DEFICITS)
    fields = hidden_fields(r)
    dbc, hbc = council_pk("DBC"), council_pk("HBC")
    assert fields[f"amount-{dbc}-2014"] == "10,400,000" and fields[f"version-{dbc}-2014"] == "1"
    assert not any(name.endswith(f"-{hbc}-2014") or name.endswith(f"-{hbc}") for name in fields)
    page = text(r)
    assert "2014/15 Used in this appraisal £12,100,000" in page
    assert "Only an officer of Hartlepool Borough Council can change these forecasts." in page


def test_a_programme_admin_edits_every_councils_deficits(admin_client, dh_appraisal):
    fields = hidden_fields(admin_client.get(DEFICITS))
    assert f"amount-{council_pk('DBC')}-2014" in fields and f"amount-{council_pk('HBC')}-2014" in fields


def test_a_member_reads_the_deficits_and_cannot_post_them(sign_in):
    client = sign_in("member", "HBC")
    r = client.get(DEFICITS)
    assert r.status_code == 200
    assert "£10,400,000" in text(r) and "Save funding deficits" not in text(r)
    assert not any(name.startswith("amount-") for name in hidden_fields(r))
    dbc = council_pk("DBC")
    r = client.post(DEFICITS, {f"amount-{dbc}-2014": "1", f"version-{dbc}-2014": "1", f"was-{dbc}-2014": ""})
    assert r.status_code == 403
    assert deficit() == Decimal("10400000")


def test_an_officer_of_another_council_cannot_change_a_partners_deficit(sign_in):
    client = sign_in("officer", "HBC")
    dbc = council_pk("DBC")
    data = {f"amount-{dbc}-2014": "1", f"version-{dbc}-2014": "1", f"was-{dbc}-2014": "10400000.00"}
    assert client.post(DEFICITS, data).status_code == 403
    assert deficit() == Decimal("10400000")


def test_a_user_of_a_council_not_in_the_appraisal_gets_404_for_the_deficits(outsider):
    assert outsider.get(DEFICITS).status_code == 404
    dbc = council_pk("DBC")
    assert outsider.post(DEFICITS, {f"amount-{dbc}-2014": "1"}).status_code == 404
    assert deficit() == Decimal("10400000")


def test_saving_a_deficit_changes_it_and_the_appraisal_page_shows_the_new_total(sign_in):
    client = sign_in("officer", "DBC")
    dbc = council_pk("DBC")
    r = client.post(DEFICITS, deficits_form(client.get(DEFICITS), **{f"amount-{dbc}-2014": "£11,400,000"}))
    assert r.status_code == 302 and r.url == DEFICITS
    assert deficit() == Decimal("11400000")
    assert "Saved: DBC 2014/15 £10,400,000 → £11,400,000." in text(client.get(DEFICITS))
    assert "Combined funding deficit 2014/15 £23,500,000" in text(client.get(DETAIL))


def test_an_officer_adds_a_year_typed_the_way_councils_write_it(sign_in):
    client = sign_in("officer", "DBC")
    dbc = council_pk("DBC")
    typed = {f"new-year-{dbc}": "2015/16", f"new-amount-{dbc}": "12,000,000"}
    client.post(DEFICITS, deficits_form(client.get(DEFICITS), **typed))
    assert deficit("DBC", 2015) == Decimal("12000000")
    assert "Saved: DBC 2015/16 £12,000,000." in text(client.get(DEFICITS))


def test_bad_deficit_input_keeps_what_was_typed_and_saves_nothing(sign_in):
    client = sign_in("officer", "DBC")
    dbc = council_pk("DBC")
    typed = {
        f"amount-{dbc}-2014": "lots",
        f"amount-{dbc}-2013": "8,000,000",
        f"new-year-{dbc}": "2015/17",
        f"new-amount-{dbc}": "1,000",
    }
    r = client.post(DEFICITS, deficits_form(client.get(DEFICITS), **typed))
    assert r.status_code == 200
    page = text(r)
    assert "There is a problem" in page
    assert "Darlington Borough Council: deficit 2014/15: Enter an amount in pounds, like 1,250,000" in page
    assert "'2015/17' is not a financial year: 2015/16 ends in 2016" in page
    fields = hidden_fields(r)
    assert fields[f"amount-{dbc}-2014"] == "lots" and fields[f"amount-{dbc}-2013"] == "8,000,000"
    assert fields[f"new-year-{dbc}"] == "2015/17"
    assert deficit("DBC", 2013) == Decimal("7600000")
    assert not FundingDeficit.objects.filter(year=2015).exists()


def test_a_new_year_that_already_has_a_forecast_is_refused(sign_in):
    client = sign_in("officer", "DBC")
    dbc = council_pk("DBC")
    typed = {f"new-year-{dbc}": "2014/15", f"new-amount-{dbc}": "1"}
    r = client.post(DEFICITS, deficits_form(client.get(DEFICITS), **typed))
    assert "Darlington Borough Council already has a forecast for 2014/15: change it above" in text(r)
    assert deficit() == Decimal("10400000")


def test_a_new_year_without_an_amount_asks_for_one(sign_in):
    client = sign_in("officer", "DBC")
    dbc = council_pk("DBC")
    r = client.post(DEFICITS, deficits_form(client.get(DEFICITS), **{f"new-year-{dbc}": "2015"}))
    assert "Enter the deficit for 2015/16 in pounds, like 1,250,000" in text(r)


def test_a_stale_deficit_save_is_refused_with_the_other_value(sign_in, django_user_model):
    client = sign_in("officer", "DBC")
    form = client.get(DEFICITS)
    admin = django_user_model.objects.create_user("programme-lead", password="pw", first_name="Pat", last_name="Lee")
    funding_deficit_update(
        council=Council.objects.get(code="DBC"), year=2014, amount=Decimal("10500000"), expected_version=1, user=admin
    )
    dbc = council_pk("DBC")
    r = client.post(DEFICITS, deficits_form(form, **{f"amount-{dbc}-2014": "9,000,000"}))
    assert r.status_code == 200
    assert re.search(r"Changed by Pat Lee at \d\d:\d\d to £10,500,000 while you were editing", text(r))
    assert hidden_fields(r)[f"amount-{dbc}-2014"] == "10,500,000"
    assert deficit() == Decimal("10500000")


def test_clearing_a_deficit_removes_that_years_forecast(sign_in):
    client = sign_in("officer", "DBC")
    dbc = council_pk("DBC")
    client.post(DEFICITS, deficits_form(client.get(DEFICITS), **{f"amount-{dbc}-2012": ""}))
    assert not FundingDeficit.objects.filter(council__code="DBC", year=2012).exists()
    assert "DBC 2012/13 forecast removed (was £4,300,000)" in text(client.get(DEFICITS))
