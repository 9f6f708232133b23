import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal.baselines.services import service_scope_set
from appraisal.models import ServiceScope
from councils.models import Council
from services.models import Service
from services.services import baseline_set, baseline_update, cluster_upsert, service_upsert
from tests.conftest import DH_SLUG
from tests.helpers.grid import CELL, HTMX, cell_data, cell_id, hr, input_id
from tests.helpers.html import fragment
from tests.helpers.users import sign_in

GRID = reverse("baseline_grid", args=[DH_SLUG])
SCOPE = reverse("service_scope_update", args=[DH_SLUG])


@pytest.fixture
def officer(client, django_user_model, dh_appraisal):
    return sign_in(client, django_user_model, "dana", "officer", "DBC")


@pytest.fixture
def member(client, django_user_model, dh_appraisal):
    return sign_in(client, django_user_model, "cllr", "member", "DBC")


# --- Reading the grid -----------------------------------------------------------------------------


def test_an_officer_edits_their_own_councils_cells_and_reads_the_partners(client, officer):
    dbc, hbc = hr("DBC"), hr("HBC")
    html = client.get(GRID).content.decode()
    assert "Baseline budgets 2011/12" in html
    own = fragment(html, cell_id(dbc, "gross_budget"))
    assert f'id="{input_id(dbc, "gross_budget")}"' in own
    assert 'value="1,231,491"' in own
    partner = fragment(html, cell_id(hbc, "gross_budget"))
    assert "<input" not in partner
    assert "£1,445,664" in partner
    assert 'name="scope"' in html  # an officer of a partner council sets services' scope


def test_the_grid_groups_services_by_cluster_with_subtotals_totals_and_the_headline(client, officer):
    html = client.get(GRID).content.decode()
    corporate = Service.objects.get(name="HR").cluster
    subtotal = fragment(html, f"subtotal-{corporate.pk}")
    assert "£27,594,983" in subtotal  # Darlington's gross budget for Corporate Services
    assert "£32,698,285" in subtotal  # Hartlepool's
    totals = fragment(html, "grid-totals")
    assert "£72,604,370" in totals and "£83,893,676" in totals  # each council's net budget: 156,498,046 together
    assert "827.6" in totals  # Darlington's FTEs
    headline = fragment(html, "headline-net-budget")
    assert "£156,498,046" in headline
    assert "£5,380,000 to £8,360,000" in html
    assert "Out of scope expenditure" in html and "bgrid__cluster--out" in html


def test_a_member_sees_figures_but_no_inputs(client, member):
    html = client.get(GRID).content.decode()
    assert "£1,231,491" in html
    assert "bgrid__input" not in html
    assert 'name="scope"' not in html
    assert "Only an officer of a council can change its figures" in html


def test_another_year_shows_empty_cells_ready_to_fill_and_the_year_picker(client, officer):
    html = client.get(GRID, {"year": "2012/13"}).content.decode()
    assert "Baseline budgets 2012/13" in html
    cell = fragment(html, cell_id(hr("DBC"), "gross_budget"))
    assert 'value=""' in cell and 'name="version" value="0"' in cell
    assert '<option value="2011">2011/12 (base year)</option>' in html
    assert '<option value="2012" selected>2012/13</option>' in html


def test_the_grid_page_fetches_all_baselines_at_once(client, officer, dh_appraisal):
    with CaptureQueriesContext(connection) as before:
        client.get(GRID)
    cluster = cluster_upsert(name="Extra services", position=99)
    for n in range(6):
        service = service_upsert(cluster=cluster, name=f"Extra {n}", position=n)
        service_scope_set(appraisal=dh_appraisal, service=service, scope="key")
        for council in Council.objects.all():
            baseline_set(council=council, service=service, year=2011, gross_budget=Decimal(n), net_budget=Decimal(n))
    with CaptureQueriesContext(connection) as after:
        html = client.get(GRID).content.decode()
    assert "Extra 5" in html
    assert len(after) == len(before)


def test_the_grid_shows_only_the_services_the_appraisal_covers(client, officer, dh_appraisal):
    other = service_upsert(cluster=Service.objects.get(name="HR").cluster, name="Payroll bureau", position=99)
    baseline_set(council=Council.objects.get(code="DBC"), service=other, year=2011, gross_budget=1, net_budget=1)
    html = client.get(GRID).content.decode()
    assert "Payroll bureau" not in html
    assert f"row-{other.pk}" not in html
    assert "£72,604,370" in fragment(html, "grid-totals")  # Darlington's net budget, without the other service's £1
    assert 'href="/appraisals/darlington-hartlepool-2011/scope/">Add or remove services</a>' in html


def test_a_cell_or_scope_of_a_service_outside_the_appraisal_is_a_bad_request(client, officer):
    other = service_upsert(cluster=Service.objects.get(name="HR").cluster, name="Payroll bureau", position=99)
    response = client.post(CELL, cell_data(hr("DBC"), "gross_budget", "1", service=other.pk, version=0, original=""))
    assert response.status_code == 400
    assert client.post(SCOPE, {"service": other.pk, "scope": "key"}).status_code == 400
    assert not ServiceScope.objects.filter(service=other).exists()
    assert not other.baselines.exists()


# --- Who may see and change it --------------------------------------------------------------------


def test_someone_whose_council_is_not_a_partner_gets_404(client, django_user_model, dh_appraisal):
    Council.objects.create(code="SBC", name="Stockton", slug="stockton", council_type="unitary")
    sign_in(client, django_user_model, "stockton", "officer", "SBC")
    assert client.get(GRID).status_code == 404
    assert client.post(CELL, cell_data(hr("DBC"), "gross_budget", "1")).status_code == 404
    assert client.post(SCOPE, {"service": hr("DBC").service_id, "scope": "excluded"}).status_code == 404


def test_someone_with_no_role_gets_404(client, django_user_model, dh_appraisal):
    sign_in(client, django_user_model, "nobody")
    assert client.get(GRID).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, dh_appraisal):
    for response in (client.get(GRID), client.post(CELL, {}), client.post(SCOPE, {})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_wrong_methods_get_405(client, officer):
    assert client.post(GRID).status_code == 405
    assert client.get(CELL).status_code == 405
    assert client.get(SCOPE).status_code == 405


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_an_officer_cannot_save_a_partners_cell(client, officer, headers):
    hbc = hr("HBC")
    response = client.post(CELL, cell_data(hbc, "gross_budget", "1"), **headers)
    assert response.status_code == 403
    assert hr("HBC").gross_budget == Decimal("1445664.00")


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_member_cannot_save_anything(client, member, headers):
    assert client.post(CELL, cell_data(hr("DBC"), "gross_budget", "1"), **headers).status_code == 403
    assert client.post(SCOPE, {"service": hr("DBC").service_id, "scope": "excluded"}, **headers).status_code == 403
    assert hr("DBC").gross_budget == Decimal("1231491.00")
    hr_scope = ServiceScope.objects.get(appraisal__slug=DH_SLUG, service__name="HR")
    assert (hr_scope.scope, hr_scope.reason) == ("key", "Scale, standardisation and self-service")


def test_a_programme_admin_can_save_any_councils_cell(admin_client, dh_appraisal):
    response = admin_client.post(CELL, cell_data(hr("HBC"), "fte", "40"), **HTMX)
    assert response.status_code == 200
    assert hr("HBC").fte == Decimal("40.00")


def test_a_cell_that_is_not_in_the_appraisal_is_a_bad_request(client, officer):
    assert client.post(CELL, cell_data(hr("DBC"), "version", "1")).status_code == 400
    assert client.post(CELL, cell_data(hr("DBC"), "gross_budget", "1", service=999999)).status_code == 400
    assert client.post(CELL, cell_data(hr("DBC"), "gross_budget", "1", council=999999)).status_code == 400


# --- Saving a cell --------------------------------------------------------------------------------


def test_a_valid_edit_returns_the_cell_subtotal_totals_and_headline(client, officer):
    dbc = hr("DBC")
    response = client.post(CELL, cell_data(dbc, "gross_budget", "£1,300,000"), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<td id="{cell_id(dbc, "gross_budget")}"')
    assert 'value="1,300,000"' in fragment(html, cell_id(dbc, "gross_budget"))
    assert 'name="version" value="2"' in html
    corporate = dbc.service.cluster
    subtotal = fragment(html, f"subtotal-{corporate.pk}")
    assert 'hx-swap-oob="true"' in subtotal
    assert "£27,663,492" in subtotal  # 27,594,983 + 68,509
    assert "£133,362,486" in fragment(html, "grid-totals")
    assert 'id="grid-headline"' in html
    assert "Saved DBC gross budget for HR: £1,300,000." in html
    saved = hr("DBC")
    assert (saved.gross_budget, saved.version, saved.updated_by) == (Decimal("1300000.00"), 2, officer)
    assert saved.history.first().history_user == officer


def test_a_net_budget_change_updates_the_headline_from_the_calculations(client, officer):
    response = client.post(CELL, cell_data(hr("DBC"), "net_budget", "1,047,301"), **HTMX)
    assert "£156,598,046" in fragment(response.content.decode(), "headline-net-budget")  # 156,498,046 + 100,000


def test_without_javascript_a_valid_edit_goes_back_to_the_grid_with_a_message(client, officer):
    dbc = hr("DBC")
    response = client.post(CELL, cell_data(dbc, "fte", "25.5"))
    assert response.status_code == 302
    # The address names the cell saved, so the page offers its undo.
    assert response["Location"] == f"{GRID}?saved={dbc.council_id}-{dbc.service_id}-fte#{cell_id(dbc, 'fte')}"
    page = client.get(response["Location"]).content.decode()
    assert "Saved Darlington Borough Council&#x27;s FTEs for HR: 25.5." in page
    assert 'value="25.5"' in fragment(page, cell_id(dbc, "fte"))


def test_an_edit_in_another_year_creates_the_baseline_and_stays_on_that_year(client, officer):
    dbc = hr("DBC")
    data = cell_data(dbc, "net_budget", "-250", year=2012, version=0, original="")
    response = client.post(CELL, data)
    saved = f"{dbc.council_id}-{dbc.service_id}-net_budget"
    assert response["Location"] == f"{GRID}?year=2012&saved={saved}#{cell_id(dbc, 'net_budget')}"
    created = hr("DBC", year=2012)
    assert (created.net_budget, created.gross_budget, created.version) == (Decimal("-250.00"), 0, 1)


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_an_invalid_value_shows_its_error_at_the_cell_keeps_the_typing_and_saves_nothing(client, officer, headers):
    dbc = hr("DBC")
    response = client.post(CELL, cell_data(dbc, "gross_budget", "12,3OO"), **headers)
    assert response.status_code == 200
    cell = fragment(response.content.decode(), cell_id(dbc, "gross_budget"))
    assert "&#x27;12,3OO&#x27; is not a number" in cell
    assert 'value="12,3OO"' in cell
    assert 'aria-invalid="true"' in cell and f'aria-describedby="{cell_id(dbc, "gross_budget")}-error"' in cell
    assert 'role="alert"' in cell
    after = hr("DBC")
    assert (after.gross_budget, after.version) == (Decimal("1231491.00"), 1)


def test_a_value_the_model_refuses_shows_the_models_message(client, officer):
    dbc = hr("DBC")
    response = client.post(CELL, cell_data(dbc, "third_party_spend", "(500)"), **HTMX)
    assert "Third-party spend cannot be negative." in fragment(
        response.content.decode(), cell_id(dbc, "third_party_spend")
    )
    assert hr("DBC").third_party_spend == Decimal("147779.00")


def test_too_many_decimal_places_are_refused(client, officer):
    response = client.post(CELL, cell_data(hr("DBC"), "fte", "22.755"), **HTMX)
    assert "too many decimal places" in response.content.decode()
    assert hr("DBC").fte == Decimal("22.70")


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_stale_edit_is_refused_with_the_other_officers_value(client, officer, django_user_model, headers):
    loaded = hr("DBC")
    other = django_user_model.objects.create_user("hbc", first_name="Hartlepool", last_name="officer")
    baseline_update(
        council=loaded.council,
        service=loaded.service,
        year=2011,
        field="gross_budget",
        value=Decimal("812000"),
        expected_version=loaded.version,
        user=other,
    )
    response = client.post(CELL, cell_data(loaded, "gross_budget", "900,000"), **headers)
    assert response.status_code == 200
    cell = fragment(response.content.decode(), cell_id(loaded, "gross_budget"))
    assert re.search(r"Hartlepool officer changed this to £812,000 at \d\d:\d\d — your value was not saved", cell)
    assert 'value="900,000"' in cell  # what they typed is kept
    assert 'name="version" value="2"' in cell  # so a deliberate re-save works
    assert hr("DBC").gross_budget == Decimal("812000.00")

    again = client.post(CELL, cell_data(loaded, "gross_budget", "900,000", version=2, original="812000.00"), **headers)
    assert again.status_code in (200, 302)
    assert hr("DBC").gross_budget == Decimal("900000.00")


def test_a_cell_saved_after_a_change_to_another_figure_of_its_row_is_no_conflict(client, officer):
    loaded = hr("DBC")
    client.post(CELL, cell_data(loaded, "fte", "30"), **HTMX)
    response = client.post(CELL, cell_data(loaded, "net_budget", "950,000"), **HTMX)  # still version 1 in the page
    assert "not saved" not in response.content.decode()
    after = hr("DBC")
    assert (after.fte, after.net_budget, after.version) == (Decimal("30.00"), Decimal("950000.00"), 3)


# --- A service's scope ----------------------------------------------------------------------------


def test_an_officer_changes_a_services_scope_and_sees_the_headline_change(client, officer):
    service = Service.objects.get(name="HR")
    response = client.post(SCOPE, {"service": service.pk, "scope": "excluded", "year": 2011}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    scope_cell = fragment(html, f"scope-{service.pk}")
    assert '<option value="excluded" selected>Excluded</option>' in scope_cell
    in_scope = 147_968_591 - hr("DBC").net_budget - hr("HBC").net_budget
    assert f"£{in_scope:,.0f} in scope" in html
    scope = ServiceScope.objects.get(appraisal__slug=DH_SLUG, service=service)
    assert (scope.scope, scope.reason) == ("excluded", "")  # the old reason explained the old scope
    assert scope.history.first().history_user == officer


def test_without_javascript_a_scope_change_goes_back_to_the_grid(client, officer):
    service = Service.objects.get(name="Planning")
    response = client.post(SCOPE, {"service": service.pk, "scope": "key", "reason": "Shared planning policy team"})
    assert response.status_code == 302
    assert response["Location"] == f"{GRID}#scope-{service.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Planning is now: Key service (in scope)." in page
    assert "Shared planning policy team" in fragment(page, f"reason-{service.pk}")


def test_keeping_the_scope_keeps_its_reason(client, officer):
    service = Service.objects.get(name="Planning")
    client.post(SCOPE, {"service": service.pk, "scope": "limited"})
    assert ServiceScope.objects.get(service=service).reason == "Aligned to localities"
