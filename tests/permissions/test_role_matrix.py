"""Every view, each role: who sees the appraisal, who may change what (issue 3).

Roles: anonymous; programme admin; officer of Darlington (a partner); officer of Hartlepool (the other
partner, for Darlington's figures); member (councillor) of Darlington; an officer of a council that is
not in the appraisal; a signed-in user with no role. Nobody outside the appraisal learns it exists (404).
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from councils.models import Council
from councils.services import council_upsert, user_role_set
from services.models import Baseline, Service

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"
ROLES = ["anonymous", "admin", "dbc_officer", "hbc_officer", "dbc_member", "outsider", "no_role"]

READ_VIEWS = ["appraisal_detail", "baseline_grid", "savings_ranges", "funding_deficits", "appraisal_history",
              "workbook_export", "cabinet_report", "cabinet_report_pdf", "appraisal_scenarios",
              "appraisal_options"]  # fmt: skip
OFFICER_VIEWS = ["workbook_template", "workbook_upload", "cabinet_report_edit"]


@pytest.fixture
def login(client, django_user_model, dh_appraisal):
    stockton = council_upsert(code="SBC", name="Stockton-on-Tees Borough Council", council_type="unitary")

    def as_role(role):
        if role == "anonymous":
            return client
        user = django_user_model.objects.create_user(role, password="pw", is_superuser=role == "admin")
        council = {"dbc_officer": "DBC", "hbc_officer": "HBC", "dbc_member": "DBC"}.get(role)
        if role in ("dbc_officer", "hbc_officer"):
            user_role_set(user=user, role="officer", council=Council.objects.get(code=council))
        elif role == "dbc_member":
            user_role_set(user=user, role="member", council=Council.objects.get(code=council))
        elif role == "outsider":
            user_role_set(user=user, role="officer", council=stockton)
        client.force_login(user)
        return client

    return as_role


def expected_read(role, view):
    if role == "anonymous":
        return 302
    if role in ("outsider", "no_role"):
        return 404
    if view in OFFICER_VIEWS and role == "dbc_member":
        return 403
    return 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", READ_VIEWS + OFFICER_VIEWS)
def test_reading_each_page(login, role, view):
    r = login(role).get(reverse(view, args=[SLUG]))
    assert r.status_code == expected_read(role, view)
    if r.status_code == 302:
        assert r.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_only_programme_admins_start_a_new_appraisal_from_a_workbook(login, role):
    r = login(role).get(reverse("workbook_import_new"))
    assert r.status_code == {"anonymous": 302, "admin": 200}.get(role, 403)


@pytest.mark.parametrize("role", ROLES)
def test_the_home_page_lists_only_appraisals_the_user_may_see(login, role):
    r = login(role).get(reverse("home"))
    if role == "anonymous":
        assert r.status_code == 302
        return
    sees = "Strategic collaboration between Darlington" in r.content.decode()
    assert sees == (role not in ("outsider", "no_role"))


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 204), ("admin", 200), ("dbc_officer", 200), ("hbc_officer", 403), ("dbc_member", 403),
     ("outsider", 404), ("no_role", 404)],
)  # fmt: skip
def test_editing_a_darlington_baseline_cell(login, role, expected):
    service = Service.objects.get(name="HR")
    baseline = Baseline.objects.get(council__code="DBC", service=service, year=2011)
    data = {
        "council": baseline.council_id,
        "service": service.pk,
        "year": 2011,
        "field": "net_budget",
        "version": baseline.version,
        "original": str(baseline.net_budget),
        "value": "999,999",
    }
    r = login(role).post(reverse("baseline_cell", args=[SLUG]), data, HTTP_HX_REQUEST="true")
    assert r.status_code == expected
    baseline.refresh_from_db()
    assert (baseline.net_budget == Decimal("999999")) == (expected == 200)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("anonymous", False), ("admin", True), ("dbc_officer", True), ("hbc_officer", True), ("dbc_member", False),
     ("outsider", False), ("no_role", False)],
)  # fmt: skip
def test_changing_a_services_scope_is_a_savings_assumption_for_any_partner_officer(login, role, allowed):
    service = Service.objects.get(name="Legal")
    r = login(role).post(
        reverse("service_scope_update", args=[SLUG]),
        {"service": service.pk, "scope": "key", "year": 2011},
        HTTP_HX_REQUEST="true",
    )
    if allowed:
        assert r.status_code == 200
    else:
        assert r.status_code in (204, 403, 404)
        # 204: an HTMX request with no session sends the window to sign in (appraise/errors.HtmxSignInMiddleware).
        assert r.status_code == {"anonymous": 204, "dbc_member": 403}.get(role, 404)


@pytest.mark.parametrize("role", ["dbc_member", "outsider", "no_role", "anonymous"])
@pytest.mark.parametrize("view", ["savings_ranges", "funding_deficits", "workbook_upload", "cabinet_report_edit"])
def test_people_who_may_not_edit_cannot_post_to_the_forms(login, role, view):
    r = login(role).post(reverse(view, args=[SLUG]), {})
    assert r.status_code == {"anonymous": 302, "dbc_member": 403}.get(role, 404)


@pytest.mark.parametrize("view", READ_VIEWS)
def test_read_pages_refuse_other_methods(login, view):
    assert login("admin").delete(reverse(view, args=[SLUG])).status_code == 405


# --- The scenario editor (issue 5): any partner's officer and programme admins edit; members are refused ---

SCENARIO_EDITING = {"anonymous": 302, "admin": 200, "dbc_officer": 200, "hbc_officer": 200, "dbc_member": 403}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", ["scenario_editor", "scenario_delete"])
def test_opening_the_scenario_editor_and_its_delete_confirmation(login, role, view):
    from appraisal.models import Scenario

    r = login(role).get(reverse(view, args=[SLUG, Scenario.objects.get(name="Low").pk]))
    assert r.status_code == SCENARIO_EDITING.get(role, 404)


@pytest.mark.parametrize("role", ROLES)
def test_setting_a_clusters_savings_point_in_a_scenario(login, role):
    from appraisal.models import Scenario, ScenarioCluster
    from services.models import ServiceCluster

    scenario, cluster = Scenario.objects.get(name="Low"), ServiceCluster.objects.get(name="Corporate Services")
    data = {"was-included": "1", "was-point": "min", "was-custom_value": "", "included": "1", "point": "max"}
    url = reverse("scenario_cluster_update", args=[SLUG, scenario.pk, cluster.pk])
    r = login(role).post(url, data, HTTP_HX_REQUEST="true")
    assert r.status_code == {**SCENARIO_EDITING, "anonymous": 204}.get(role, 404)
    saved = ScenarioCluster.objects.get(scenario=scenario, cluster=cluster).point == "max"
    assert saved == (r.status_code == 200)


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_scenario(login, role):
    from appraisal.models import Scenario

    data = {"name": "Midpoint", "first_year": "2012/13", "years": "5", "delivery_option": "2"}
    r = login(role).post(reverse("scenario_create", args=[SLUG]), data)
    # Allowed: redirected to the new scenario's editor; anonymous: to sign in.
    assert r.status_code == {"dbc_member": 403, "outsider": 404, "no_role": 404}.get(role, 302)
    added = Scenario.objects.filter(name="Midpoint").first()
    assert (added is not None) == (role in ("admin", "dbc_officer", "hbc_officer"))
    if role == "anonymous":
        assert r.url.startswith(reverse("login"))
    elif added:
        assert r.url == reverse("scenario_editor", args=[SLUG, added.pk])


def test_adding_a_scenario_refuses_get(login):
    assert login("admin").get(reverse("scenario_create", args=[SLUG])).status_code == 405


# --- The options pages (issue 17): everyone who sees the appraisal reads them; partner officers and admins edit ---


def _an_option():
    from appraisal.models import Appraisal
    from appraisal.options.services import option_create

    return option_create(appraisal=Appraisal.objects.get(slug=SLUG), name="Matrix", delivery_model="federal", user=None)


@pytest.mark.parametrize("role", ROLES)
def test_reading_an_options_page(login, role):
    option = _an_option()
    r = login(role).get(reverse("option_detail", args=[SLUG, option.pk]))
    assert r.status_code == {"anonymous": 302, "outsider": 404, "no_role": 404}.get(role, 200)


@pytest.mark.parametrize("role", ROLES)
def test_opening_an_options_delete_confirmation(login, role):
    option = _an_option()
    r = login(role).get(reverse("option_delete", args=[SLUG, option.pk]))
    assert r.status_code == SCENARIO_EDITING.get(role, 404)


@pytest.mark.parametrize("role", ROLES)
def test_adding_an_option(login, role):
    from appraisal.models import Option

    r = login(role).post(reverse("option_create", args=[SLUG]), {"name": "Added", "delivery_model": "company"})
    assert r.status_code == {"dbc_member": 403, "outsider": 404, "no_role": 404}.get(role, 302)
    assert Option.objects.filter(name="Added").exists() == (role in ("admin", "dbc_officer", "hbc_officer"))


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_risk_to_an_option(login, role):
    from appraisal.models import Risk

    option = _an_option()
    data = {"description": "A risk", "likelihood": "2", "impact": "3"}
    r = login(role).post(reverse("option_risk_add", args=[SLUG, option.pk]), data, HTTP_HX_REQUEST="true")
    assert r.status_code == {**SCENARIO_EDITING, "anonymous": 204}.get(role, 404)
    assert Risk.objects.filter(option=option).exists() == (r.status_code == 200)
