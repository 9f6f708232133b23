"""Bad input to the models is refused with a message a finance officer understands, and nothing is half-written."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from appraisal.baselines.services import savings_range_set
from appraisal.models import AppraisalCouncil, SavingsRange
from appraisal.summary.services import appraisal_upsert
from councils.models import Council, FundingDeficit
from councils.services import council_upsert, funding_deficit_set
from services.models import Baseline, ServiceCluster
from services.services import baseline_set, cluster_upsert, service_upsert

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return council_upsert(code="dbc", name="Darlington Borough Council", council_type="unitary")


@pytest.fixture
def other_council():
    return council_upsert(code="HBC", name="Hartlepool Borough Council", council_type="unitary")


@pytest.fixture
def service():
    cluster = cluster_upsert(name="Corporate Services", position=1)
    return service_upsert(cluster=cluster, name="HR")


def test_council_codes_are_kept_in_capitals(council):
    assert council.code == "DBC"
    assert council.slug == "darlington-borough-council"


def test_a_negative_council_gross_budget_is_refused(council):
    council.gross_budget = Decimal("-1")
    with pytest.raises(ValidationError, match="A gross budget cannot be negative"):
        council.full_clean()


def test_a_negative_baseline_gross_budget_is_refused_and_nothing_is_saved(council, service):
    with pytest.raises(ValidationError) as exc:
        baseline_set(council=council, service=service, year=2011, gross_budget=Decimal("-5"), net_budget=Decimal(0))
    assert exc.value.message_dict["gross_budget"] == ["A gross budget cannot be negative."]
    assert not Baseline.objects.exists()


def test_negative_ftes_are_refused(council, service):
    with pytest.raises(ValidationError) as exc:
        baseline_set(
            council=council, service=service, year=2011, gross_budget=Decimal(1), net_budget=Decimal(1), fte=Decimal(-1)
        )
    assert exc.value.message_dict["fte"] == ["FTEs cannot be negative."]


def test_a_negative_net_budget_is_allowed_for_income_generating_services(council, service):
    baseline = baseline_set(
        council=council, service=service, year=2011, gross_budget=Decimal(900), net_budget=Decimal(-250)
    )
    assert baseline.net_budget == Decimal(-250)


def test_a_second_baseline_for_the_same_council_service_and_year_is_refused(council, service):
    baseline_set(council=council, service=service, year=2011, gross_budget=Decimal(10), net_budget=Decimal(5))
    duplicate = Baseline(council=council, service=service, year=2011, gross_budget=Decimal(1), net_budget=Decimal(1))
    with pytest.raises(ValidationError, match="already has a baseline for that service and year"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert Baseline.objects.get().gross_budget == Decimal(10)


def test_setting_a_baseline_again_updates_the_one_row(council, service):
    baseline_set(council=council, service=service, year=2011, gross_budget=Decimal(10), net_budget=Decimal(5))
    baseline_set(council=council, service=service, year=2011, gross_budget=Decimal(12), net_budget=Decimal(6))
    assert Baseline.objects.count() == 1
    assert Baseline.objects.get().net_budget == Decimal(6)


def test_a_financial_year_outside_the_range_is_refused(council, service):
    with pytest.raises(ValidationError, match="2014 means 2014/15"):
        funding_deficit_set(council=council, year=1900, amount=Decimal(1))
    assert not FundingDeficit.objects.exists()


def test_a_negative_deficit_is_refused(council):
    with pytest.raises(ValidationError, match="positive amount"):
        funding_deficit_set(council=council, year=2014, amount=Decimal(-1))


def test_a_minimum_saving_above_the_maximum_is_refused(council, other_council, service):
    appraisal = appraisal_upsert(
        slug="x", title="X", base_year=2011, deficit_year=2014, councils=[council, other_council]
    )
    with pytest.raises(ValidationError, match="minimum saving cannot be more than the maximum"):
        savings_range_set(
            appraisal=appraisal, cluster=service.cluster, min_saving=Decimal(200), max_saving=Decimal(100)
        )
    assert not SavingsRange.objects.exists()


def test_the_database_itself_refuses_min_above_max(council, service):
    appraisal = appraisal_upsert(slug="x", title="X", base_year=2011, deficit_year=2014, councils=[council])
    with pytest.raises(IntegrityError), transaction.atomic():
        SavingsRange.objects.create(
            appraisal=appraisal, cluster=service.cluster, min_saving=Decimal(2), max_saving=Decimal(1)
        )


def test_out_of_scope_expenditure_cannot_have_a_savings_range(council):
    appraisal = appraisal_upsert(slug="x", title="X", base_year=2011, deficit_year=2014, councils=[council])
    levies = cluster_upsert(name="Out of scope expenditure", out_of_scope=True)
    with pytest.raises(ValidationError, match="Out-of-scope expenditure cannot have a savings range"):
        savings_range_set(appraisal=appraisal, cluster=levies, min_saving=Decimal(1), max_saving=Decimal(2))


def test_a_council_appears_once_per_appraisal(council):
    with pytest.raises(ValidationError, match="only once"):
        appraisal_upsert(slug="x", title="X", base_year=2011, deficit_year=2014, councils=[council, council])
    appraisal = appraisal_upsert(slug="y", title="Y", base_year=2011, deficit_year=2014, councils=[council])
    with pytest.raises(ValidationError, match="already a partner"):
        AppraisalCouncil(appraisal=appraisal, council=council).validate_constraints()


def test_a_deficit_year_before_the_base_year_is_refused(council):
    with pytest.raises(ValidationError, match="cannot be before the base year"):
        appraisal_upsert(slug="x", title="X", base_year=2014, deficit_year=2011, councils=[council])


def test_cluster_names_are_unique():
    cluster_upsert(name="Environment")
    with pytest.raises(ValidationError):
        ServiceCluster(name="Environment", slug="environment-2").full_clean()


def test_a_council_with_a_duplicate_code_is_refused(council):
    with pytest.raises(ValidationError, match="code"):
        Council(name="Another", code="DBC", slug="another", council_type="unitary").full_clean()
