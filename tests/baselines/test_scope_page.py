"""The scope page: the services an appraisal covers, by cluster; one added (scope and reason default to the service's
own), one removed (its baselines stay stored but leave the figures). Admins and partner officers edit, members read."""

from decimal import Decimal

import pytest
from django.urls import reverse

from appraisal.models import ServiceScope
from appraisal.summary.selectors import appraisal_figures
from councils.models import Council
from services.models import Baseline, Service
from services.services import baseline_set, service_upsert
from tests.conftest import DH_SLUG
from tests.helpers.html import fragment
from tests.helpers.users import sign_in

pytestmark = pytest.mark.django_db

PAGE = reverse("appraisal_scope", args=[DH_SLUG])
ADD = reverse("appraisal_scope_add", args=[DH_SLUG])
REMOVE = reverse("appraisal_scope_remove", args=[DH_SLUG])


@pytest.fixture
def officer(client, django_user_model, dh_appraisal):
    return sign_in(client, django_user_model, "dana", "officer", "DBC")


@pytest.fixture
def member(client, django_user_model, dh_appraisal):
    return sign_in(client, django_user_model, "cllr", "member", "HBC")


@pytest.fixture
def payroll(dh_appraisal):
    """A Corporate Services service the demo does not cover, with Darlington's £250,000 net budget for it."""
    service = service_upsert(
        cluster=Service.objects.get(name="HR").cluster,
        name="Payroll bureau",
        position=20,
        scope="key",
        scope_reason="Traded with schools across the Tees Valley",
    )
    dbc = Council.objects.get(code="DBC")
    baseline_set(council=dbc, service=service, year=2011, gross_budget=Decimal(400000), net_budget=Decimal(250000))
    return service


def totals(appraisal):
    return appraisal_figures(appraisal=appraisal).summary.totals


def test_an_officer_sees_the_services_by_cluster_with_their_budgets_and_the_add_form(client, officer):
    html = client.get(PAGE).content.decode()
    assert "39 services by cluster" in html
    hr = Service.objects.get(name="HR")
    row = fragment(html, f"service-{hr.pk}")
    assert "Key service (in scope)" in row and "Scale, standardisation and self-service" in row
    assert "£2,059,350" in row  # Darlington's £947,301 and Hartlepool's £1,112,049
    housing = fragment(html, f"service-{Service.objects.get(name='Social housing management and delivery').pk}")
    assert "Excluded" in housing and "Only Darlington has kept its council housing" in housing
    assert "no budget held" in housing
    assert 'action="/appraisals/darlington-hartlepool-2011/scope/remove/"' in row
    assert "Every service held is in this appraisal" in html  # the demo covers its whole catalogue


def test_the_add_form_lists_only_the_services_the_appraisal_does_not_cover_by_cluster(client, officer, payroll):
    form = fragment(client.get(PAGE).content.decode(), "add-service")
    assert '<optgroup label="Corporate Services">' in form
    assert f'<option value="{payroll.pk}">Payroll bureau</option>' in form
    assert ">HR</option>" not in form


def test_a_member_reads_the_services_without_forms_and_cannot_post(client, member, payroll):
    html = client.get(PAGE).content.decode()
    assert "39 services by cluster" in html
    assert "<form" not in fragment(html, "services") and 'id="add-service"' not in html
    assert "Only a programme admin or an officer of a partner council can change" in html
    hr = Service.objects.get(name="HR")
    assert client.post(ADD, {"service": payroll.pk}).status_code == 403
    assert client.post(REMOVE, {"service": hr.pk}).status_code == 403
    assert ServiceScope.objects.filter(appraisal__slug=DH_SLUG).count() == 39


def test_others_get_404_anonymous_visitors_sign_in_and_wrong_methods_405(client, django_user_model, dh_appraisal):
    for response in (client.get(PAGE), client.post(ADD, {}), client.post(REMOVE, {})):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    Council.objects.create(code="SBC", name="Stockton-on-Tees Borough Council", slug="stockton", council_type="unitary")
    sign_in(client, django_user_model, "sam", "officer", "SBC")
    assert client.get(PAGE).status_code == 404
    assert client.post(REMOVE, {"service": Service.objects.get(name="HR").pk}).status_code == 404
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "pw"))
    assert client.post(PAGE).status_code == 405
    assert client.get(ADD).status_code == 405 and client.get(REMOVE).status_code == 405


def test_an_officer_adds_a_service_with_its_own_scope_and_its_budget_enters_the_figures(
    client, officer, payroll, dh_appraisal
):
    appraisal = dh_appraisal
    before = totals(appraisal)
    response = client.post(ADD, {"service": payroll.pk, "scope": "", "reason": ""})
    assert response.status_code == 302 and response["Location"] == f"{PAGE}#service-{payroll.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Added Payroll bureau (Corporate Services) to this appraisal: Key service (in scope)." in page
    added = ServiceScope.objects.get(appraisal=appraisal, service=payroll)
    assert (added.scope, added.reason) == ("key", "Traded with schools across the Tees Valley")
    assert added.history.first().history_user == officer
    after = totals(appraisal)
    assert after.net_budget == before.net_budget + 250000
    assert after.in_scope_net_budget == Decimal("147968591") + 250000


def test_a_scope_other_than_the_services_own_drops_its_reason_unless_one_is_given(client, officer, payroll):
    client.post(ADD, {"service": payroll.pk, "scope": "excluded", "reason": ""})
    added = ServiceScope.objects.get(appraisal__slug=DH_SLUG, service=payroll)
    assert (added.scope, added.reason) == ("excluded", "")
    assert totals(added.appraisal).in_scope_net_budget == Decimal("147968591")  # in the net budget, not in scope
    client.post(REMOVE, {"service": payroll.pk})
    client.post(ADD, {"service": payroll.pk, "scope": "limited", "reason": "Contract with schools ends in 2013"})
    added = ServiceScope.objects.get(appraisal__slug=DH_SLUG, service=payroll)
    assert (added.scope, added.reason) == ("limited", "Contract with schools ends in 2013")


def test_adding_without_a_service_shows_the_error_at_the_field_and_in_the_summary(client, officer, payroll):
    response = client.post(ADD, {"service": "", "scope": "key", "reason": "Because"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Services in this appraisal" in html
    assert '<a href="#id_service">Choose a service to add</a>' in html
    assert 'id="id_service-error"' in html and 'aria-invalid="true"' in html
    assert 'value="Because"' in html  # what was typed is kept
    assert not ServiceScope.objects.filter(service=payroll).exists()


def test_a_service_already_in_the_appraisal_cannot_be_added_again(client, officer):
    hr = Service.objects.get(name="HR")
    html = client.post(ADD, {"service": hr.pk, "scope": "excluded"}).content.decode()
    assert "That service cannot be added: it is not in the list" in html
    assert ServiceScope.objects.get(appraisal__slug=DH_SLUG, service=hr).scope == "key"


def test_removing_a_service_takes_its_budgets_out_of_the_figures_and_keeps_them_stored(client, officer, dh_appraisal):
    hr = Service.objects.get(name="HR")
    response = client.post(REMOVE, {"service": hr.pk})
    assert response.status_code == 302 and response["Location"] == f"{PAGE}#cluster-{hr.cluster_id}"
    page = client.get(response["Location"]).content.decode()
    assert "Removed HR (Corporate Services) from this appraisal. Its budgets stay stored" in page
    assert "38 services by cluster" in page
    assert f'<option value="{hr.pk}">HR</option>' in fragment(page, "add-service")
    appraisal = dh_appraisal
    # Darlington's £947,301 and Hartlepool's £1,112,049 leave the net and the in-scope budget.
    assert totals(appraisal).net_budget == Decimal("156498046") - Decimal("2059350")
    assert totals(appraisal).in_scope_net_budget == Decimal("147968591") - Decimal("2059350")
    assert Baseline.objects.filter(service=hr, year=2011).count() == 2
    grid = client.get(reverse("baseline_grid", args=[DH_SLUG])).content.decode()
    assert f'id="row-{hr.pk}"' not in grid
    removal = ServiceScope.history.filter(service_id=hr.pk).first()
    assert (removal.history_type, removal.history_user) == ("-", officer)


def test_removing_a_service_someone_removed_meanwhile_says_so(client, officer):
    hr = Service.objects.get(name="HR")
    client.post(REMOVE, {"service": hr.pk})
    response = client.post(REMOVE, {"service": hr.pk}, follow=True)
    assert "That service is no longer in this appraisal." in response.content.decode()
    assert client.post(REMOVE, {"service": "HR"}).status_code == 400
