from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from appraisal.baselines.services import RangeEdit, savings_range_update, savings_ranges_update
from appraisal.models import SavingsRange
from appraise.writes import EditRefused, StaleEdit
from councils.models import Council, FundingDeficit
from councils.services import DeficitEdit, funding_deficit_update, funding_deficits_update
from services.models import ServiceCluster

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user("dbc-officer", password="pw")


@pytest.fixture
def other(django_user_model):
    return django_user_model.objects.create_user("hbc-officer", password="pw")


def dbc():
    return Council.objects.get(code="DBC")


def cluster(name="Strategic Management"):
    return ServiceCluster.objects.get(name=name)


def deficit(year=2014):
    return FundingDeficit.objects.get(council__code="DBC", year=year)


# --- funding_deficit_update ------------------------------------------------------------------------------


def test_a_deficit_update_saves_the_amount_raises_the_version_and_records_the_user(dh_appraisal, officer):
    change = funding_deficit_update(
        council=dbc(), year=2014, amount=Decimal("11400000"), expected_version=1, user=officer
    )
    assert (change.old, change.new) == (Decimal("10400000"), Decimal("11400000"))
    assert deficit().amount == Decimal("11400000") and deficit().version == 2
    record = FundingDeficit.history.filter(council_id=dbc().pk, year=2014).latest("history_date")
    assert record.history_user == officer and record.history_type == "~"


def test_a_deficit_update_from_a_stale_version_is_refused_and_changes_nothing(dh_appraisal, officer, other):
    funding_deficit_update(council=dbc(), year=2014, amount=Decimal("10500000"), expected_version=1, user=other)
    with pytest.raises(StaleEdit) as refused:
        funding_deficit_update(council=dbc(), year=2014, amount=Decimal("9000000"), expected_version=1, user=officer)
    assert refused.value.current.amount == Decimal("10500000")
    assert deficit().amount == Decimal("10500000") and deficit().version == 2


def test_an_unchanged_deficit_is_not_saved_again(dh_appraisal, officer):
    same = funding_deficit_update(council=dbc(), year=2014, amount=Decimal(10400000), expected_version=1, user=officer)
    assert same is None
    assert deficit().version == 1
    assert FundingDeficit.history.filter(council_id=dbc().pk, year=2014).count() == 1


def test_a_new_year_is_created_from_version_0_and_refused_if_someone_added_it_first(dh_appraisal, officer, other):
    change = funding_deficit_update(
        council=dbc(), year=2015, amount=Decimal("12000000"), expected_version=0, user=other
    )
    assert change.old is None and deficit(2015).amount == Decimal("12000000")
    with pytest.raises(StaleEdit):
        funding_deficit_update(council=dbc(), year=2015, amount=Decimal("1"), expected_version=0, user=officer)


def test_removing_a_deficit_deletes_it_and_the_history_says_who(dh_appraisal, officer):
    change = funding_deficit_update(council=dbc(), year=2012, amount=None, expected_version=1, user=officer)
    assert change.new is None and change.old == Decimal("4300000")
    assert not FundingDeficit.objects.filter(council__code="DBC", year=2012).exists()
    record = FundingDeficit.history.filter(council_id=dbc().pk, year=2012).latest("history_date")
    assert record.history_type == "-" and record.history_user == officer


def test_editing_a_deficit_someone_removed_meanwhile_is_refused(dh_appraisal, officer, other):
    funding_deficit_update(council=dbc(), year=2012, amount=None, expected_version=1, user=other)
    with pytest.raises(StaleEdit) as refused:
        funding_deficit_update(council=dbc(), year=2012, amount=Decimal("5"), expected_version=1, user=officer)
    assert refused.value.current.pk is None
    assert not FundingDeficit.objects.filter(council__code="DBC", year=2012).exists()


def test_a_negative_deficit_is_refused(dh_appraisal, officer):
    with pytest.raises(ValidationError):
        funding_deficit_update(council=dbc(), year=2014, amount=Decimal("-1"), expected_version=1, user=officer)
    assert deficit().amount == Decimal("10400000")


def test_a_deficits_form_with_one_stale_row_saves_no_row(dh_appraisal, officer, other):
    funding_deficit_update(council=dbc(), year=2013, amount=Decimal("7700000"), expected_version=1, user=other)
    edits = [
        DeficitEdit(dbc(), 2014, Decimal("11000000"), 1),
        DeficitEdit(dbc(), 2013, Decimal("8000000"), 1),  # stale: the other officer saved version 2
    ]
    with pytest.raises(EditRefused) as refused:
        funding_deficits_update(edits=edits, user=officer)
    assert list(refused.value.errors) == [(dbc().pk, 2013)]
    assert deficit(2014).amount == Decimal("10400000")
    assert deficit(2013).amount == Decimal("7700000")


# --- savings_range_update --------------------------------------------------------------------------------


def saved_range(name="Strategic Management") -> SavingsRange:
    return SavingsRange.objects.get(cluster__name=name)


def test_a_savings_range_update_saves_both_amounts_and_the_user(dh_appraisal, officer):
    change = savings_range_update(
        appraisal=dh_appraisal,
        cluster=cluster(),
        min_saving=Decimal("1200000"),
        max_saving=Decimal("1700000"),
        expected_version=1,
        user=officer,
    )
    assert change.old == (Decimal("1100000"), Decimal("1600000"))
    assert change.new == (Decimal("1200000"), Decimal("1700000"))
    r = saved_range()
    assert (r.min_saving, r.max_saving, r.version) == (Decimal("1200000"), Decimal("1700000"), 2)
    assert r.history.latest("history_date").history_user == officer


def test_a_savings_range_update_from_a_stale_version_is_refused(dh_appraisal, officer, other):
    args = {"appraisal": dh_appraisal, "cluster": cluster(), "expected_version": 1}
    savings_range_update(**args, min_saving=Decimal("1150000"), max_saving=Decimal("1600000"), user=other)
    with pytest.raises(StaleEdit) as refused:
        savings_range_update(**args, min_saving=Decimal("1"), max_saving=Decimal("2"), user=officer)
    assert refused.value.current.min_saving == Decimal("1150000")
    assert saved_range().min_saving == Decimal("1150000")


def test_a_minimum_above_the_maximum_is_refused(dh_appraisal, officer):
    with pytest.raises(ValidationError) as refused:
        savings_range_update(
            appraisal=dh_appraisal,
            cluster=cluster(),
            min_saving=Decimal("2000000"),
            max_saving=Decimal("1000000"),
            expected_version=1,
            user=officer,
        )
    assert "The minimum saving cannot be more than the maximum saving." in refused.value.messages
    assert saved_range().min_saving == Decimal("1100000")


def test_out_of_scope_expenditure_cannot_have_a_savings_range(dh_appraisal, officer):
    with pytest.raises(ValidationError) as refused:
        savings_range_update(
            appraisal=dh_appraisal,
            cluster=cluster("Out of scope expenditure"),
            min_saving=Decimal("1"),
            max_saving=Decimal("2"),
            expected_version=0,
            user=officer,
        )
    assert "Out-of-scope expenditure cannot have a savings range." in refused.value.messages
    assert not SavingsRange.objects.filter(cluster__out_of_scope=True).exists()


def test_removing_a_savings_range_deletes_it_with_the_user_in_the_history(dh_appraisal, officer):
    change = savings_range_update(
        appraisal=dh_appraisal, cluster=cluster(), min_saving=None, max_saving=None, expected_version=1, user=officer
    )
    assert change.new is None
    assert not SavingsRange.objects.filter(cluster__name="Strategic Management").exists()
    record = SavingsRange.history.filter(cluster_id=cluster().pk).latest("history_date")
    assert record.history_type == "-" and record.history_user == officer


def test_a_range_needs_both_amounts_or_neither(dh_appraisal, officer):
    with pytest.raises(ValidationError):
        savings_range_update(
            appraisal=dh_appraisal,
            cluster=cluster(),
            min_saving=Decimal("1"),
            max_saving=None,
            expected_version=1,
            user=officer,
        )


def test_a_savings_form_is_saved_whole_or_not_at_all(dh_appraisal, officer):
    edits = [
        RangeEdit(cluster("Strategic Management"), Decimal("1200000"), Decimal("1600000"), 1),
        RangeEdit(cluster("Out of scope expenditure"), Decimal("1"), Decimal("2"), 0),
    ]
    with pytest.raises(EditRefused) as refused:
        savings_ranges_update(appraisal=dh_appraisal, edits=edits, user=officer)
    assert list(refused.value.errors) == [cluster("Out of scope expenditure").pk]
    assert saved_range().min_saving == Decimal("1100000") and saved_range().version == 1
