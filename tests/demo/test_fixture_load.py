import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from appraisal.demo.services import FixtureError, fixture_load
from appraisal.models import Appraisal, SavingsRange
from councils.models import Council, FundingDeficit
from services.models import Baseline, Service
from tests.conftest import DH_FIXTURE

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
    assert "Illustrative, not from the report" in appraisal.description
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
