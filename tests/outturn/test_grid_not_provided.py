"""The baselines grid of an appraisal started from the published figures says which services a council's tier does
not provide (issue 21), rather than showing an empty box or £0."""

import re

import pytest

from appraisal.outturn.services import appraisal_from_outturn
from councils.models import Council
from services.models import Service

pytestmark = pytest.mark.django_db

HUNTINGDONSHIRE, CAMBRIDGESHIRE = "E07000011", "E10000003"  # a Shire District and its Shire County


def cell(html: str, council: Council, service: Service, field: str) -> str:
    match = re.search(rf'<td id="cell-{council.pk}-{service.pk}-{field}"[^>]*>(.*?)</td>', html, re.S)
    assert match, f"no cell for {council.code} {service.name} {field}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_a_districts_county_services_read_not_provided_and_the_countys_own_figures_stand(admin_client):
    appraisal = appraisal_from_outturn(ons_codes=[HUNTINGDONSHIRE, CAMBRIDGESHIRE], year=2024, slug="hunts-cambs")
    html = admin_client.get(f"/appraisals/{appraisal.slug}/baselines/").content.decode()
    district, county = Council.objects.get(ons_code=HUNTINGDONSHIRE), Council.objects.get(ons_code=CAMBRIDGESHIRE)
    education, housing = Service.objects.get(name="Education"), Service.objects.get(name="Housing Services")
    for field in ("gross_budget", "net_budget", "fte", "third_party_spend"):
        assert cell(html, district, education, field) == "Not provided by this council's tier"
    assert 'name="value" value="4,205,000"' in html  # the district's housing, an input the admin may change
    assert "Not provided" not in cell(html, county, education, "net_budget")
    assert "Not provided" not in cell(html, district, housing, "net_budget")
    assert "“Not provided” marks a service a council's tier of local government does not provide" in html


def test_a_grid_with_every_service_provided_says_nothing_of_tiers(admin_client, dh_appraisal):
    html = admin_client.get(f"/appraisals/{dh_appraisal.slug}/baselines/").content.decode()
    assert "Not provided" not in html
