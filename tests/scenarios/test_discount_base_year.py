"""One discount base year for the appraisal (issue 15, defect 4): every scenario's NPV is discounted to it, so a
deferred scenario compares with an immediate one. Officers set it on the scenarios page; blank, it is the first
year of the earliest scenario shown to members."""

import html as htmllib
import re

import pytest
from django.urls import reverse

from appraisal.models import Appraisal
from appraisal.scenarios.selectors import discount_base_year_of
from appraisal.scenarios.services import scenario_create
from appraisal.summary.services import appraisal_discount_base_year_set
from tests.helpers.html import cells

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"
LIST = reverse("appraisal_scenarios", args=[SLUG])
SET = reverse("discount_base_year_update", args=[SLUG])


def stored() -> int | None:
    return Appraisal.objects.get(slug=SLUG).discount_base_year


def npvs(html: str) -> dict[str, str]:
    rows = cells(html, "scenario-list")
    column = rows[0].index("Net present value")
    return {row[0]: row[column] for row in rows[1:]}


def page_text(html: str) -> str:
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_blank_it_is_the_first_year_of_the_earliest_scenario_shown_to_members(dh_appraisal):
    assert discount_base_year_of(appraisal=dh_appraisal) == 2012  # Low and High start in 2012/13
    # An officer's draft starting earlier does not move what members see.
    scenario_create(appraisal=dh_appraisal, name="Earlier", first_year=2011, years=5, user=None)
    assert discount_base_year_of(appraisal=dh_appraisal) == 2012


def test_with_no_scenario_shown_yet_it_is_the_first_year_of_the_earliest_draft(dh_appraisal):
    dh_appraisal.scenarios.all().delete()
    assert discount_base_year_of(appraisal=dh_appraisal) is None
    scenario_create(appraisal=dh_appraisal, name="First try", first_year=2013, years=5, user=None)
    assert discount_base_year_of(appraisal=dh_appraisal) == 2013


def test_an_officer_sets_it_on_the_scenarios_page_and_every_npv_follows(signed_in):
    officer = signed_in("officer")
    page = officer.get(LIST).content.decode()
    assert "leave it blank for the first year of the earliest scenario shown to members (now 2012/13)" in page_text(
        page
    )
    assert npvs(page)["Low"] == "£9,263,010"
    r = officer.post(SET, {"year": "2013/14", "was-year": ""})
    assert r.status_code == 302 and r["Location"] == LIST + "#discount-base-year"
    assert stored() == 2013
    page = officer.get(r["Location"]).content.decode()
    assert "Every scenario&#x27;s NPV is now discounted to 2013/14." in page
    assert "Net present values at 2013/14 prices: every scenario is discounted to 2013/14" in page_text(page)
    # Low's years a year nearer: -5,692,500.00 + 690,000.00 + 4,714,975.85 + 5,022,287.57 + 4,852,451.76.
    assert npvs(page)["Low"] == "£9,587,215"
    assert 'name="year" id="id_discount-year" value="2013/14"' in page


def test_clearing_it_returns_to_the_earliest_scenarios_first_year(signed_in, dh_appraisal):
    appraisal_discount_base_year_set(appraisal_id=dh_appraisal.pk, year=2014, was="", user=None)
    r = signed_in("officer").post(SET, {"year": "", "was-year": "2014"})
    assert r.status_code == 302 and stored() is None


def test_a_year_that_is_not_one_is_refused_beside_the_field_and_in_the_summary(signed_in):
    html = htmllib.unescape(signed_in("officer").post(SET, {"year": "next year", "was-year": ""}).content.decode())
    message = "'next year' is not a financial year such as 2014/15"
    assert (
        f'<p class="error-message" id="id_discount-year-error"><span class="visually-hidden">Error:</span> {message}'
        in html
    )
    assert f'<a href="#id_discount-year">Discount base year: {message}</a>' in html
    assert "<title>Error: Scenarios" in html
    assert stored() is None


def test_a_year_a_colleague_set_meanwhile_is_not_overwritten(signed_in, dh_appraisal):
    appraisal_discount_base_year_set(appraisal_id=dh_appraisal.pk, year=2014, was="", user=None)
    html = signed_in("officer").post(SET, {"year": "2013/14", "was-year": ""}).content.decode()
    assert "Changed by someone else to 2014/15 while you were editing; check and save again" in html
    assert stored() == 2014
    assert 'name="was-year" value="2014"' in html  # saving again now goes through


def test_members_see_the_year_but_cannot_set_it(signed_in):
    member = signed_in("member")
    page = member.get(LIST).content.decode()
    assert "Net present values at 2012/13 prices" in page_text(page)
    assert 'id="discount-base-year"' not in page
    assert member.post(SET, {"year": "2013/14", "was-year": ""}).status_code == 403
    assert stored() is None


def test_the_form_answers_only_posts(signed_in):
    assert signed_in("officer").get(SET).status_code == 405
