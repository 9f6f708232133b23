"""appraisal_from_outturn: an appraisal started from MHCLG's published outturn holds each council's figures to the
pound, marks what a tier does not provide, and refuses what it cannot do in plain words with nothing created."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from appraisal.models import Appraisal, AppraisalCouncil, BaselineSource, NotProvided, ServiceScope
from appraisal.outturn import data
from appraisal.outturn.selectors import baseline_source_of, not_provided_of
from appraisal.outturn.services import (
    ERR_SLUG_USED,
    ERR_TOO_FEW,
    appraisal_from_outturn,
    council_code,
    council_name,
    default_title,
)
from councils.models import Council
from councils.services import council_upsert
from services.models import Baseline, Service, ServiceCluster
from tests.outturn.published import published

pytestmark = pytest.mark.django_db

DARLINGTON, HARTLEPOOL = "E06000005", "E06000001"
HUNTINGDONSHIRE, CAMBRIDGESHIRE = "E07000011", "E10000003"  # a Shire District and its Shire County
SLOUGH = "E06000039"  # did not submit its 2024/25 return


def counts() -> dict[str, int]:
    models = (Appraisal, AppraisalCouncil, Council, ServiceCluster, Service, Baseline, ServiceScope, NotProvided)
    return {m.__name__: m.objects.count() for m in models} | {"sources": BaselineSource.objects.count()}


def refused(**kwargs) -> list[str]:
    before = counts()
    with pytest.raises(ValidationError) as exc:
        appraisal_from_outturn(**kwargs)
    assert counts() == before
    return exc.value.messages


def test_the_baselines_are_the_published_rows_to_the_pound_and_the_budgets_the_totals():
    appraisal = appraisal_from_outturn(ons_codes=[DARLINGTON, HARTLEPOOL], year=2024, slug="dh-2024")
    assert appraisal.title == "Shared services: Darlington and Hartlepool"
    assert (appraisal.base_year, appraisal.deficit_year, appraisal.status) == (2024, 2025, "draft")
    for code in (DARLINGTON, HARTLEPOOL):
        rows = published(code, "2024/25")
        council = Council.objects.get(ons_code=code)
        assert council.net_revenue_budget == Decimal(rows.pop(data.TOTAL))
        held = {
            b.service.name: b for b in Baseline.objects.filter(council=council, year=2024).select_related("service")
        }
        # Every published row, and nil for Other Services where a council reported nothing there (Hartlepool).
        assert {area: int(b.net_budget) for area, b in held.items()} == {"Other Services": 0} | rows
        assert all(b.gross_budget == max(b.net_budget, 0) and b.fte == 0 for b in held.values())
    darlington = Council.objects.get(ons_code=DARLINGTON)
    assert (darlington.name, darlington.code, darlington.council_type) == ("Darlington Council", "DARL", "unitary")
    assert darlington.net_revenue_budget == Decimal(211739000)
    assert Baseline.objects.get(council=darlington, service__name="Other Services").net_budget == Decimal(-1109000)
    assert Baseline.objects.get(council=darlington, service__name="Other Services").gross_budget == 0
    assert [c.ons_code for c in appraisal.councils.order_by("memberships__position")] == [DARLINGTON, HARTLEPOOL]


def test_the_services_are_grouped_in_the_clusters_and_the_source_is_recorded():
    appraisal = appraisal_from_outturn(ons_codes=[DARLINGTON, HARTLEPOOL], year=2024, slug="dh-2024")
    scoped = {(s.service.cluster.name, s.service.name) for s in appraisal.service_scopes.select_related("service")}
    assert ("Corporate", "Central Services") in scoped
    assert ("People", "Adult Social Care") in scoped
    assert ("Place", "Highways & Transport") in scoped
    assert not any(cluster == "Emergency services" for cluster, _ in scoped)  # no unitary runs police or fire here
    source = baseline_source_of(appraisal=appraisal)
    assert (source.dataset, source.publisher, source.year, source.licence, source.url) == (
        data.DATASET,
        data.PUBLISHER,
        2024,
        data.OGL,
        data.URL,
    )
    assert "Gross budgets, FTEs and third-party spend are not in the published figures" in appraisal.description


def test_a_district_and_its_county_each_mark_the_areas_their_tier_does_not_provide():
    appraisal = appraisal_from_outturn(ons_codes=[HUNTINGDONSHIRE, CAMBRIDGESHIRE], year=2024, slug="hc-2024")
    district = Council.objects.get(ons_code=HUNTINGDONSHIRE)
    county = Council.objects.get(ons_code=CAMBRIDGESHIRE)
    assert (district.council_type, county.council_type) == ("district", "county")
    assert county.name == "Cambridgeshire County Council"
    marked = {(c, s) for c, s in not_provided_of(appraisal=appraisal)}
    education = Service.objects.get(name="Education")
    housing = Service.objects.get(name="Housing Services")
    assert (district.pk, education.pk) in marked
    assert not Baseline.objects.filter(council=district, service=education).exists()
    assert (
        Baseline.objects.get(council=county, service=education).net_budget
        == published(CAMBRIDGESHIRE, "2024/25")["Education"]
    )
    assert Baseline.objects.get(council=district, service=housing).net_budget == Decimal(4205000)
    people = {"Adult Social Care", "Children's Social Care", "Education", "Public Health"}
    assert marked == {(district.pk, s.pk) for s in Service.objects.filter(name__in=people)}  # the county's services
    scoped = set(appraisal.service_scopes.values_list("service__name", flat=True))
    assert "Fire & Rescue" not in scoped  # neither tier provides it (Cambridgeshire's fire authority is its own)
    assert "Other Services" in scoped  # MHCLG's residual line, open to any tier
    for council_id, service_id in marked:  # never both a baseline and "not provided"
        assert not Baseline.objects.filter(council_id=council_id, service_id=service_id, year=2024).exists()


def test_a_council_held_with_the_ons_code_is_used_as_it_is():
    held = council_upsert(code="DBC", name="Darlington Borough Council", council_type="unitary")
    held.ons_code = DARLINGTON
    held.save()
    appraisal = appraisal_from_outturn(ons_codes=[DARLINGTON, HARTLEPOOL], year=2024, slug="dh-2024")
    assert Council.objects.filter(ons_code=DARLINGTON).count() == 1
    assert held in appraisal.councils.all()
    held.refresh_from_db()
    assert (held.name, held.code, held.net_revenue_budget) == ("Darlington Borough Council", "DBC", None)
    assert Baseline.objects.filter(council=held, year=2024).count() == len(published(DARLINGTON, "2024/25")) - 1


def test_a_baseline_a_council_holds_already_is_kept():
    first = appraisal_from_outturn(ons_codes=[DARLINGTON, HARTLEPOOL], year=2024, slug="dh-2024")
    darlington = first.councils.get(ons_code=DARLINGTON)
    Baseline.objects.filter(council=darlington, service__name="Education").update(net_budget=1, gross_budget=5)
    appraisal_from_outturn(ons_codes=[DARLINGTON, "E06000004"], year=2024, slug="ds-2024")
    assert Baseline.objects.get(council=darlington, service__name="Education", year=2024).gross_budget == 5
    assert Council.objects.filter(ons_code=DARLINGTON).count() == 1


def test_a_council_that_did_not_submit_is_refused_by_name_and_year_and_nothing_is_created():
    messages = refused(ons_codes=[DARLINGTON, SLOUGH], year=2024, slug="ds-2024")
    assert messages == ["Slough UA did not submit its return for 2024/25."]


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        ([DARLINGTON], ERR_TOO_FEW),
        ([DARLINGTON, " "], ERR_TOO_FEW),
        ([DARLINGTON, "E99999999"], "No English authority has the ONS code 'E99999999' in the published figures."),
        ([DARLINGTON, DARLINGTON, HARTLEPOOL], "Darlington is chosen more than once: choose each council once."),
    ],
)
def test_too_few_an_unknown_code_or_the_same_council_twice_is_refused(codes, message):
    assert message in refused(ons_codes=codes, year=2024, slug="new")


def test_a_year_not_in_the_figures_is_refused_once():
    messages = refused(ons_codes=[DARLINGTON, HARTLEPOOL], year=2019, slug="new")
    assert messages == ["The published figures cover 2022/23, 2023/24, 2024/25, not 2019/20."]


def test_a_slug_in_use_is_refused_with_the_appraisal_that_holds_it():
    appraisal_from_outturn(ons_codes=[DARLINGTON, HARTLEPOOL], year=2024, slug="dh-2024", title="Darlington pair")
    messages = refused(ons_codes=[DARLINGTON, "E06000004"], year=2024, slug="dh-2024")
    assert messages == [ERR_SLUG_USED.format(title="Darlington pair", slug="dh-2024")]
    assert "An appraisal called 'Darlington pair' already uses the address 'dh-2024'" in messages[0]


def test_every_problem_is_said_at_once():
    messages = refused(ons_codes=[SLOUGH], year=2024, slug="not a slug")
    assert ERR_TOO_FEW in messages
    assert "Slough UA did not submit its return for 2024/25." in messages
    assert any("address can hold only" in m for m in messages)


def test_names_codes_and_titles_read_as_officers_write_them():
    assert council_name(data.authority("E08000001")) == "Bolton Council"
    assert council_name(data.authority("E10000012")) == "Essex County Council"
    assert council_name(data.authority("E09000001")) == "City of London"
    taken = {"DARL"}
    assert council_code("Darlington", taken) == "DARLI"
    assert council_code("Redcar & Cleveland", taken) == "RC"
    assert council_code("Stockton-on-Tees", taken) == "ST"
    assert council_code("Stockton-on-Tees", taken) == "STE"
    assert default_title(["A", "B", "C"]) == "Shared services: A, B and C"
