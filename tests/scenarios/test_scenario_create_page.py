"""Adding a scenario from scratch on the scenarios page: a plain form, post/redirect/get to the editor."""

import html as htmllib
import re

import pytest
from django.urls import reverse

from appraisal.models import Scenario, ScenarioCluster, ScenarioPhase
from appraisal.scenarios import services as edits
from councils.models import Council
from councils.services import council_upsert, user_role_set
from tests.helpers.html import cells

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"
LIST = reverse("appraisal_scenarios", args=[SLUG])
ADD = reverse("scenario_create", args=[SLUG])
VALID = {"name": "Midpoint", "description": "", "first_year": "2012/13", "years": "5", "delivery_option": "2"}


@pytest.fixture
def sign_in(client, django_user_model, dh_appraisal):
    def _sign_in(role, code="DBC"):
        user = django_user_model.objects.create_user(f"{code.lower()}-{role}", password="pw")
        council = (
            Council.objects.get(code=code)
            if code != "SBC"
            else council_upsert(code="SBC", name="Stockton-on-Tees Borough Council", council_type="unitary")
        )
        user_role_set(user=user, role=role, council=council)
        client.force_login(user)
        return client

    return _sign_in


@pytest.fixture
def officer(sign_in):
    return sign_in("officer")


def text(page: str) -> str:
    """The page's text as a user reads it, tags removed and spaces collapsed."""
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def error_beside(page: str, field: str) -> str:
    found = re.search(rf'<p class="error-message" id="id_add-{field}-error">(.*?)</p>', page, re.S)
    return text(found.group(1)).replace("Error:", "").strip() if found else ""


def error_summary(page: str) -> list[tuple[str, str]]:
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    if not summary:
        return []
    return [(a, text(m).strip()) for a, m in re.findall(r'<a href="#([^"]+)">(.*?)</a>', summary.group(0), re.S)]


def counts():
    return Scenario.objects.count(), ScenarioCluster.objects.count(), ScenarioPhase.objects.count()


# --- The form on the scenarios page ---------------------------------------------------------------------


def test_an_officer_sees_the_form_with_the_year_after_the_base_year_and_five_years(officer):
    page = officer.get(LIST).content.decode()
    assert "Add a scenario" in page
    assert re.search(r'name="first_year" id="id_add-first_year" value="2012/13"', page)
    assert re.search(r'<option value="5" selected>5 years</option>', page)
    # The delivery option is optional: a new scenario is none of Darlington & Hartlepool's four unless chosen.
    assert re.search(r'<option value="" selected>Not one of these</option>', page)
    assert '<option value="2">2 – Integration of key services</option>' in page
    assert f'action="{ADD}"' in page and "hx-post" not in page  # a plain form: works without JavaScript


def test_a_member_sees_the_scenarios_but_no_form(sign_in):
    page = sign_in("member").get(LIST).content.decode()
    assert "Low" in page and "Add a scenario" not in page and ADD not in page


# --- Adding ----------------------------------------------------------------------------------------------


def test_an_officer_adds_a_scenario_and_lands_in_its_editor(officer):
    r = officer.post(ADD, {**VALID, "description": "Every cluster at its midpoint", "delivery_option": "3"})
    scenario = Scenario.objects.get(name="Midpoint")
    assert r.status_code == 302 and r.url == reverse("scenario_editor", args=[SLUG, scenario.pk])
    page = officer.get(r.url).content.decode()
    assert "Scenario: Midpoint" in text(page)
    assert "Added the scenario “Midpoint”: set its assumptions below." in text(page)
    # Seed 001: the midpoint of £5,380,000 and £8,360,000 a year, in full from the first year.
    assert re.search(r'id="headline-full-year">£6,870,000<', page)
    assert "2012/13 to 2016/17" in text(page)
    assert [row[:2] for row in cells(page, "yearly-table")[1:6]] == [
        [f"{y}/{(y + 1) % 100:02d}", "£6,870,000"] for y in range(2012, 2017)
    ]
    assert scenario.description == "Every cluster at its midpoint"
    assert scenario.get_delivery_option_display() == "3 – Operational merger"


def test_the_new_scenario_is_listed_with_its_period(officer):
    officer.post(ADD, {**VALID, "first_year": "2013/14", "years": "7"})
    rows = cells(officer.get(LIST).content.decode(), "scenario-list")
    assert ["Midpoint", "Draft", "2 – Integration of key services", "2013/14 to 2019/20"] == rows[-1][:4]


# --- Mistakes: the page again, a summary at the top, the message beside the field, nothing saved ---------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", edits.ERR_NAME_MISSING),
        ({"name": "low"}, "name", edits.ERR_NAME_TAKEN),
        ({"first_year": "2012/14"}, "first_year", "'2012/14' is not a financial year: 2012/13 ends in 2013"),
        ({"first_year": "next year"}, "first_year", "'next year' is not a financial year such as 2014/15"),
        ({"first_year": ""}, "first_year", "Enter the first year, like 2012/13"),
        ({"years": "12"}, "years", edits.ERR_TOO_FEW_YEARS),
        ({"years": "2"}, "years", edits.ERR_TOO_FEW_YEARS),
    ],
)
def test_a_mistake_shows_the_page_again_with_the_message_and_saves_nothing(officer, changes, field, message):
    before = counts()
    r = officer.post(ADD, {**VALID, **changes})
    assert r.status_code == 200
    page = r.content.decode()
    assert "<title>Error: Scenarios" in page
    assert error_summary(page) == [(f"id_add-{field}", message)]
    assert error_beside(page, field) == message
    assert counts() == before


def test_what_the_officer_typed_is_kept_after_a_mistake(officer):
    page = officer.post(ADD, {**VALID, "name": "High", "description": "Faster", "years": "8"}).content.decode()
    assert 'name="name" id="id_add-name" value="High"' in page
    assert ">Faster</textarea>" in page
    assert '<option value="8" selected>8 years</option>' in page


# --- Who may add ------------------------------------------------------------------------------------------


def test_a_member_is_refused(sign_in):
    before = counts()
    assert sign_in("member").post(ADD, VALID).status_code == 403
    assert counts() == before


def test_an_officer_of_a_council_outside_the_appraisal_finds_nothing(sign_in):
    assert sign_in("officer", code="SBC").post(ADD, VALID).status_code == 404
    assert not Scenario.objects.filter(name="Midpoint").exists()


def test_the_hartlepool_officer_may_add_too(sign_in):
    assert sign_in("officer", code="HBC").post(ADD, VALID).status_code == 302
    assert Scenario.objects.get(name="Midpoint").history.first().history_user.username == "hbc-officer"


def test_it_rejects_get(officer):
    assert officer.get(ADD).status_code == 405


# --- An appraisal with no scenarios ----------------------------------------------------------------------


def test_with_no_scenarios_the_officer_is_shown_the_way_to_add_one(officer):
    Scenario.objects.all().delete()
    dashboard = officer.get(reverse("appraisal_detail", args=[SLUG])).content.decode()
    assert "This appraisal has no scenarios yet. Add a scenario" in text(dashboard)
    assert f'href="{LIST}#add-scenario"' in dashboard
    assert "This appraisal has no scenarios yet. Add the first one below." in text(officer.get(LIST).content.decode())


def test_with_no_scenarios_a_member_sees_nothing_new_on_the_summary(sign_in):
    Scenario.objects.all().delete()
    client = sign_in("member")
    assert "no scenarios yet" not in client.get(reverse("appraisal_detail", args=[SLUG])).content.decode()
    listing = text(client.get(LIST).content.decode())
    assert "This appraisal has no scenarios yet." in listing and "Add the first one" not in listing


def test_a_taken_name_and_a_bad_year_are_reported_together(officer):
    page = officer.post(ADD, {**VALID, "name": "High", "first_year": "2012/14"}).content.decode()
    assert error_summary(page) == [
        ("id_add-name", edits.ERR_NAME_TAKEN),
        ("id_add-first_year", "'2012/14' is not a financial year: 2012/13 ends in 2013"),
    ]
