"""Bad posts, grades and staffing settings are refused with a message beside the field, by the models' own checks,
by the database's check constraints, and by the write services, which then save nothing (issue 18)."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from appraisal.calculations import staffing as staff
from appraisal.calculations.options_types import FEDERAL
from appraisal.models import Grade, Post
from appraisal.options.services import option_create
from appraisal.staffing import services
from appraisal.summary.services import appraisal_upsert
from appraise.writes import StaleEdit
from councils.models import Council
from councils.services import council_upsert
from services.models import ServiceCluster

pytestmark = pytest.mark.django_db


@pytest.fixture
def appraisal(dh_appraisal):
    return dh_appraisal


@pytest.fixture
def grade(appraisal):
    return services.grade_save(
        appraisal=appraisal, values={"name": "Director", "average_age": 52, "average_years_service": 20}, user=None
    )


@pytest.fixture
def option(appraisal):
    return option_create(appraisal=appraisal, name="Shared directors", delivery_model=FEDERAL, user=None)


def values(appraisal, grade, **changes):
    cluster = ServiceCluster.objects.order_by("position").first()
    return {
        "title": "Director of Children's Services",
        "cluster": cluster,
        "grade": grade,
        "council": Council.objects.get(code="DBC"),
        "fte": D(1),
        "salary": D(100000),
        "cost_split": staff.EMPLOYER,
        "shares": {},
    } | changes


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as exc:
        call()
    return exc.value.message_dict


# --- The models' own checks (full_clean) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"salary": D(-1)}, "salary", staff.NEGATIVE_SALARY),
        ({"fte": D("-0.5")}, "fte", staff.NEGATIVE_FTE),
        ({"on_cost_pct": D(-1)}, "on_cost_pct", staff.NEGATIVE_ON_COSTS),
        ({"holder_age": 15}, "holder_age", staff.AGE_RANGE),
        ({"holder_age": 76}, "holder_age", staff.AGE_RANGE),
        ({"holder_age": 30, "holder_years_service": 15}, "holder_years_service", staff.service_too_long(30)),
        ({"cost_split": staff.SHARES, "shares": {"DBC": "60", "HBC": "50"}}, "shares", "add up to 110%"),
        ({"cost_split": staff.SHARES, "shares": {"DBC": "50", "XYZ": "50"}}, "shares", "XYZ is not one of"),
        ({"shares": {"DBC": "100"}}, "shares", "Only a post shared in named shares gives shares."),
        ({"cost_split": staff.BASIS}, "cost_split", "Today's posts have no option's sharing basis"),
    ],
)
def test_a_bad_post_gets_a_message_beside_the_field(appraisal, grade, changes, field, message):
    post = Post(appraisal=appraisal, **values(appraisal, grade, **changes))
    problems = errors_of(post.full_clean)
    assert len(problems[field]) == 1 and message in problems[field][0], problems


def test_a_council_outside_the_appraisal_is_refused_beside_the_council(appraisal, grade):
    stranger = council_upsert(code="SBC", name="Stockton-on-Tees Borough Council", council_type="unitary")
    post = Post(appraisal=appraisal, **values(appraisal, grade, council=stranger))
    assert errors_of(post.full_clean)["council"] == ["SBC is not one of the appraisal's councils (DBC, HBC)."]


def test_a_grade_with_an_impossible_average_is_refused(appraisal):
    grade = Grade(appraisal=appraisal, name="Chief", average_age=30, average_years_service=20)
    assert errors_of(grade.full_clean) == {"average_years_service": [staff.service_too_long(30)]}
    grade = Grade(appraisal=appraisal, name="Chief", average_age=80, average_years_service=20)
    assert staff.AGE_RANGE in errors_of(grade.full_clean)["average_age"]


# --- The database's check constraints (a write that skips the models' checks) ------------------------------------


@pytest.mark.parametrize(
    "changes",
    [{"salary": D(-1)}, {"fte": D(-1)}, {"holder_age": 80}, {"holder_age": 30, "holder_years_service": 20}],
)
def test_the_database_refuses_an_impossible_post(appraisal, grade, changes):
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.create(appraisal=appraisal, **values(appraisal, grade, **changes))
    assert not Post.objects.exists()


def test_the_database_refuses_an_impossible_grade(appraisal):
    with pytest.raises(IntegrityError), transaction.atomic():
        Grade.objects.create(appraisal=appraisal, name="Chief", average_age=30, average_years_service=20)


# --- The write services: refused, nothing saved -------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"salary": D(-1)}, "salary", staff.NEGATIVE_SALARY),
        ({"fte": D(-1)}, "fte", staff.NEGATIVE_FTE),
        ({"holder_age": 15}, "holder_age", staff.AGE_RANGE),
        ({"holder_age": 40, "holder_years_service": 30}, "holder_years_service", staff.service_too_long(40)),
    ],
)
def test_post_create_refuses_bad_input_and_saves_nothing(appraisal, grade, changes, field, message):
    problems = errors_of(
        lambda: services.post_create(
            appraisal=appraisal, option_id=None, values=values(appraisal, grade, **changes), user=None
        )
    )
    assert problems[field] == [message]
    assert not Post.objects.exists()


def test_a_grade_of_another_appraisal_is_refused(appraisal, grade, option):
    other = services.grade_save(
        appraisal=_other_appraisal(),
        values={"name": "Chief", "average_age": 50, "average_years_service": 10},
        user=None,
    )
    problems = errors_of(
        lambda: services.post_create(appraisal=appraisal, option_id=None, values=values(appraisal, other), user=None)
    )
    assert problems["grade"] == ["That grade belongs to another appraisal."]
    assert not Post.objects.exists()


def _other_appraisal():
    return appraisal_upsert(slug="other", title="Other", base_year=2012, deficit_year=2014, councils=[])


def test_post_update_refuses_bad_input_and_keeps_the_post(appraisal, grade):
    post = services.post_create(appraisal=appraisal, option_id=None, values=values(appraisal, grade), user=None)
    problems = errors_of(
        lambda: services.post_update(
            appraisal=appraisal, post_id=post.pk, values={"salary": D(-5), "fte": D(2)}, version=post.version, user=None
        )
    )
    assert problems == {"salary": [staff.NEGATIVE_SALARY]}
    post.refresh_from_db()
    assert (post.salary, post.fte, post.version) == (D(100000), D(1), 1)


def test_a_stale_post_update_is_refused(appraisal, grade):
    post = services.post_create(appraisal=appraisal, option_id=None, values=values(appraisal, grade), user=None)
    services.post_update(appraisal=appraisal, post_id=post.pk, values={"fte": D("0.5")}, version=1, user=None)
    with pytest.raises(StaleEdit):
        services.post_update(appraisal=appraisal, post_id=post.pk, values={"fte": D(2)}, version=1, user=None)
    post.refresh_from_db()
    assert post.fte == D("0.5")


def test_a_proposed_post_carries_on_only_a_baseline_post(appraisal, grade, option):
    today = services.post_create(appraisal=appraisal, option_id=None, values=values(appraisal, grade), user=None)
    made = services.post_create(
        appraisal=appraisal, option_id=option.pk, values=values(appraisal, grade, continues=today), user=None
    )
    problems = errors_of(
        lambda: services.post_create(
            appraisal=appraisal, option_id=option.pk, values=values(appraisal, grade, continues=made), user=None
        )
    )
    assert problems["continues"] == ["A proposed post carries on a post of this appraisal's baseline structure."]
    problems = errors_of(
        lambda: services.post_create(
            appraisal=appraisal, option_id=None, values=values(appraisal, grade, continues=today), user=None
        )
    )
    assert problems["continues"] == ["Only a proposed post carries on a baseline post."]
    assert Post.objects.count() == 2


def test_business_as_usual_has_no_proposed_structure(appraisal, grade):
    bau = appraisal.options.get(business_as_usual=True)
    problems = errors_of(
        lambda: services.post_create(appraisal=appraisal, option_id=bau.pk, values=values(appraisal, grade), user=None)
    )
    assert problems == {"option": [services.ERR_BAU_STRUCTURE]}
    assert not Post.objects.exists()


def test_structure_from_baseline_copies_todays_posts_once(appraisal, grade, option):
    today = services.post_create(
        appraisal=appraisal,
        option_id=None,
        values=values(appraisal, grade, holder_age=58, holder_years_service=30),
        user=None,
    )
    (copy,) = services.structure_from_baseline(appraisal=appraisal, option_id=option.pk, user=None)
    assert (copy.continues, copy.salary, copy.holder_age) == (today, D(100000), None)
    with pytest.raises(ValidationError, match=services.ERR_STRUCTURE_NOT_EMPTY):
        services.structure_from_baseline(appraisal=appraisal, option_id=option.pk, user=None)
    assert Post.objects.count() == 2


def test_grade_save_refuses_a_bad_average_and_a_name_taken(appraisal, grade):
    problems = errors_of(
        lambda: services.grade_save(
            appraisal=appraisal, values={"name": "Head", "average_age": 76, "average_years_service": 5}, user=None
        )
    )
    assert problems["average_age"] == [staff.AGE_RANGE]
    problems = errors_of(
        lambda: services.grade_save(
            appraisal=appraisal, values={"name": " Director ", "average_age": 50, "average_years_service": 5}, user=None
        )
    )
    assert "This appraisal already has a grade with that name." in problems["__all__"]
    assert list(appraisal.grades.values_list("name", flat=True)) == ["Director"]


def test_a_grade_in_use_cannot_be_deleted(appraisal, grade):
    services.post_create(appraisal=appraisal, option_id=None, values=values(appraisal, grade), user=None)
    with pytest.raises(ValidationError, match=services.ERR_GRADE_IN_USE):
        services.grade_delete(appraisal=appraisal, grade_id=grade.pk, user=None)
    assert Grade.objects.filter(pk=grade.pk).exists()


def test_the_host_employer_must_be_a_partner(option):
    stranger = council_upsert(code="SBC", name="Stockton-on-Tees Borough Council", council_type="unitary")
    problems = errors_of(
        lambda: services.option_staffing_update(option_id=option.pk, values={"host_employer": stranger}, user=None)
    )
    assert problems == {"host_employer": [services.ERR_HOST_NOT_PARTNER]}
    option.refresh_from_db()
    assert option.host_employer is None


def test_a_councils_negative_on_costs_or_multiplier_are_refused_and_nothing_changes(appraisal):
    council = Council.objects.get(code="DBC")
    problems = errors_of(
        lambda: services.council_staffing_update(
            council_id=council.pk,
            values={"employer_ni_pct": D(-1), "redundancy_multiplier": D("-0.5"), "redundancy_on_actual_pay": True},
            user=None,
        )
    )
    assert problems == {
        "employer_ni_pct": ["A percentage cannot be negative."],
        "redundancy_multiplier": ["A multiplier cannot be negative."],
    }
    council.refresh_from_db()
    assert (council.employer_ni_pct, council.redundancy_multiplier, council.redundancy_on_actual_pay) == (
        D("13.8"),
        D(1),
        False,
    )


def test_a_stale_delete_is_refused_and_the_post_stays(appraisal, grade):
    post = services.post_create(appraisal=appraisal, option_id=None, values=values(appraisal, grade), user=None)
    services.post_update(appraisal=appraisal, post_id=post.pk, values={"salary": D(90000)}, version=1, user=None)
    with pytest.raises(StaleEdit):
        services.post_delete(appraisal=appraisal, post_id=post.pk, version=1, user=None)
    assert Post.objects.filter(pk=post.pk).exists()
    assert services.post_delete(appraisal=appraisal, post_id=post.pk, version=2, user=None) is not None
    assert services.post_delete(appraisal=appraisal, post_id=post.pk, version=2, user=None) is None
