import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from appraisal.baselines.services import service_scope_set
from appraisal.demo.services import FixtureError, fixture_load
from appraisal.models import Appraisal, SavingsRange, ServiceScope
from appraisal.summary.selectors import appraisal_figures
from councils.models import Council, FundingDeficit
from services.models import Baseline, Service, ServiceCluster
from services.services import baseline_set, service_upsert
from tests.conftest import DH_FIXTURE, DH_SLUG

pytestmark = pytest.mark.django_db


def counts():
    return (
        Council.objects.count(),
        FundingDeficit.objects.count(),
        Service.objects.count(),
        Baseline.objects.count(),
        Appraisal.objects.count(),
        SavingsRange.objects.count(),
    )


def test_the_darlington_hartlepool_fixture_loads_two_councils_and_their_baselines():
    fixture_load(path=DH_FIXTURE)
    assert list(Council.objects.values_list("code", flat=True)) == ["DBC", "HBC"]
    assert Baseline.objects.filter(year=2011).count() == 76
    assert FundingDeficit.objects.get(council__code="DBC", year=2014).amount == Decimal("10400000")
    appraisal = Appraisal.objects.get(slug="darlington-hartlepool-2011")
    assert appraisal.description.startswith("Darlington and Hartlepool Borough Councils face a combined funding gap")
    assert appraisal.savings_ranges.count() == 6


def test_loading_twice_changes_nothing():
    fixture_load(path=DH_FIXTURE)
    before = counts()
    snapshot = list(Baseline.objects.order_by("id").values())
    fixture_load(path=DH_FIXTURE)
    assert counts() == before
    assert list(Baseline.objects.order_by("id").values()) == snapshot


def test_load_demo_is_idempotent_and_prints_the_demo_users(capsys):
    call_command("load_demo")
    before = counts()
    call_command("load_demo")
    assert counts() == before
    out = capsys.readouterr().out
    assert "Loaded Strategic collaboration between Darlington & Hartlepool" in out
    assert "admin" in out and "appraise-admin" in out


def test_a_fixture_with_a_bad_row_changes_nothing(tmp_path):
    data = json.loads(DH_FIXTURE.read_text())
    data["baselines"]["rows"][-1][3] = "-100"  # a negative gross budget in the last row
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(Exception, match="gross budget cannot be negative"):
        fixture_load(path=bad)
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_a_file_that_is_not_a_fixture_is_refused(tmp_path):
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}')
    with pytest.raises(FixtureError, match="not an Appraise fixture"):
        fixture_load(path=other)


def fixture_services(data: dict) -> list[tuple[str, str]]:
    return [(c["name"], s["name"]) for c in data["clusters"] for s in c["services"]]


def covered(slug: str = DH_SLUG) -> list[tuple[str, str, str, str]]:
    rows = ServiceScope.objects.filter(appraisal__slug=slug).order_by("service__cluster__position", "service__position")
    return [(r.service.cluster.name, r.service.name, r.scope, r.reason) for r in rows]


def test_the_demo_covers_exactly_the_services_of_its_fixture_each_with_its_scope():
    fixture_load(path=DH_FIXTURE)
    data = json.loads(DH_FIXTURE.read_text())
    assert [(c, s) for c, s, _, _ in covered()] == fixture_services(data)
    assert len(covered()) == 39
    assert ("Corporate Services", "Legal", "limited", "Small function supporting each council's democratic core") in (
        covered()
    )


def test_housing_is_its_own_cluster_excluded_from_scope_and_the_in_scope_budget_is_the_seeds():
    fixture_load(path=DH_FIXTURE)
    housing = ServiceCluster.objects.get(name="Housing")
    assert [(s.name, s.scope, s.scope_reason) for s in housing.services.all()] == [
        ("Social housing management and delivery", "excluded", "Only Darlington has kept its council housing")
    ]
    assert not Baseline.objects.filter(service__cluster=housing).exists()  # no general-fund budget in 2011/12
    totals = appraisal_figures(appraisal=Appraisal.objects.get(slug=DH_SLUG)).summary.totals
    # Seed 001 §2.4: £156,498,046 less £8,529,455 of out-of-scope expenditure.
    assert totals.net_budget == Decimal("156498046")
    assert totals.in_scope_net_budget == Decimal("147968591")


def test_loading_again_takes_out_a_service_the_fixture_no_longer_gives_the_demo_and_keeps_its_budget():
    fixture_load(path=DH_FIXTURE)
    appraisal = Appraisal.objects.get(slug=DH_SLUG)
    regeneration = ServiceCluster.objects.get(name="Regeneration, Regulatory, Planning & Infrastructure")
    # As an earlier fixture had it: housing management inside Regeneration, with Darlington's £412,300.
    old = service_upsert(cluster=regeneration, name="Social housing management (general fund)", scope="excluded")
    dbc = Council.objects.get(code="DBC")
    baseline_set(council=dbc, service=old, year=2011, gross_budget=Decimal(659680), net_budget=Decimal(412300))
    service_scope_set(appraisal=appraisal, service=old, scope="excluded")
    assert appraisal_figures(appraisal=appraisal).summary.totals.net_budget == Decimal("156910346")
    fixture_load(path=DH_FIXTURE)
    assert not ServiceScope.objects.filter(appraisal=appraisal, service=old).exists()
    assert Baseline.objects.get(service=old).net_budget == Decimal("412300")  # stored, out of the figures
    totals = appraisal_figures(appraisal=appraisal).summary.totals
    assert (totals.net_budget, totals.in_scope_net_budget) == (Decimal("156498046"), Decimal("147968591"))


def test_an_appraisal_entry_may_list_its_own_services_and_scopes(tmp_path):
    data = json.loads(DH_FIXTURE.read_text())
    data["appraisals"][0]["services"] = [
        {"cluster": "Corporate Services", "service": "HR"},
        {"cluster": "Corporate Services", "service": "Finance", "scope": "limited", "reason": "Kept local for now"},
    ]
    data["appraisals"][0]["savings_ranges"] = [{"cluster": "Corporate Services", "min_saving": "1", "max_saving": "2"}]
    data["appraisals"][0]["scenarios"] = []
    path = tmp_path / "two-services.json"
    path.write_text(json.dumps(data))
    fixture_load(path=path)
    assert covered() == [
        ("Corporate Services", "HR", "key", "Scale, standardisation and self-service"),
        ("Corporate Services", "Finance", "limited", "Kept local for now"),
    ]
    totals = appraisal_figures(appraisal=Appraisal.objects.get(slug=DH_SLUG)).summary.totals
    # Darlington's and Hartlepool's HR and Finance: 947,301 + 1,112,049 + 1,398,075 + 1,576,552.
    assert totals.net_budget == Decimal("5033977")


def test_a_service_the_file_and_the_database_do_not_hold_is_refused(tmp_path):
    data = json.loads(DH_FIXTURE.read_text())
    data["appraisals"][0]["services"] = [{"cluster": "Corporate Services", "service": "Astrology"}]
    path = tmp_path / "unknown.json"
    path.write_text(json.dumps(data))
    with pytest.raises(FixtureError, match="no service 'Astrology' in cluster 'Corporate Services'"):
        fixture_load(path=path)
    assert counts() == (0, 0, 0, 0, 0, 0)
