"""Issue 19: an officer sets when a partner joins or leaves on the scenarios page; every scenario re-bases from
those years, and each scenario without the joining council's entry contribution (or the leaving council's exit
cost) is named."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from appraisal.models import AppraisalCouncil, CostItem, Scenario
from councils.models import Council

pytestmark = pytest.mark.django_db
SLUG = "darlington-hartlepool-2011"


def url(code="HBC"):
    return reverse("partner_years_update", args=[SLUG, Council.objects.get(code=code).pk])


def hbc():
    return AppraisalCouncil.objects.get(appraisal__slug=SLUG, council__code="HBC")


def test_an_officer_sets_a_partners_years_and_the_page_names_the_scenarios_without_its_entry_contribution(signed_in):
    client = signed_in("officer")
    response = client.post(url(), {"join_year": "2014/15", "leave_year": "", "was": ":"})
    assert response.status_code == 302 and response.url.endswith("#partners")
    assert (hbc().join_year, hbc().leave_year) == (2014, None)

    page = client.get(reverse("appraisal_scenarios", args=[SLUG])).content.decode()
    assert "Hartlepool Borough Council joins in 2014/15" in page
    names = ", ".join(Scenario.objects.filter(appraisal__slug=SLUG).values_list("name", flat=True))
    assert f"add it as a cost line charged to it (Entry contribution) in: {names}." in page

    low = Scenario.objects.get(appraisal__slug=SLUG, name="Low")
    CostItem.objects.create(
        scenario=low, category=CostItem.Category.ENTRY, year=2014, amount=D(50000), council=hbc().council
    )
    page = client.get(reverse("appraisal_scenarios", args=[SLUG])).content.decode()
    assert f"(Entry contribution) in: {names.replace('Low, ', '')}." in page


def test_a_partner_cannot_leave_before_it_joins_and_nothing_is_saved(signed_in):
    client = signed_in("officer")
    response = client.post(url(), {"join_year": "2015/16", "leave_year": "2013/14", "was": ":"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Hartlepool Borough Council: A council cannot leave before it joins" in page
    assert (hbc().join_year, hbc().leave_year) == (None, None)


def test_a_colleagues_change_is_not_overwritten(signed_in):
    client = signed_in("officer")
    AppraisalCouncil.objects.filter(pk=hbc().pk).update(join_year=2013)
    response = client.post(url(), {"join_year": "2014/15", "leave_year": "", "was": ":"})
    assert "they now show from 2013/14 to the end" in response.content.decode()
    assert hbc().join_year == 2013


def test_a_member_reads_the_years_and_cannot_change_them(signed_in):
    client = signed_in("member")
    page = client.get(reverse("appraisal_scenarios", args=[SLUG])).content.decode()
    assert "Partners and their years" in page and "Save Hartlepool" not in page
    assert client.post(url(), {"join_year": "2014/15", "was": ":"}).status_code == 403
    assert client.get(url()).status_code == 405
