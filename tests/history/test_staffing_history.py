"""Issue 18: the staffing structures' changes are on the History page — grades, posts of today's structure and of
each option's, consultation steps — with who, old and new, under the kind filter "Staffing"."""

import datetime
from decimal import Decimal

import pytest

from appraisal.options.services import option_create
from appraisal.staffing.services import consultation_step_set, grade_save, post_create, post_delete, post_update
from councils.models import Council
from services.models import ServiceCluster
from tests.history.test_history import all_rows

pytestmark = pytest.mark.django_db


def test_posts_grades_and_consultation_are_listed_with_who_old_and_new(sign_in, officer, dh_appraisal):
    grade = grade_save(
        appraisal=dh_appraisal,
        values={"name": "Director", "average_age": 52, "average_years_service": 20},
        user=officer,
    )
    cluster = ServiceCluster.objects.get(name="Strategic Management")
    dbc = Council.objects.get(code="DBC")
    values = {"title": "Director of Resources", "cluster": cluster, "grade": grade, "council": dbc,
              "fte": Decimal(1), "salary": Decimal(98000)}  # fmt: skip
    post = post_create(appraisal=dh_appraisal, option_id=None, values=values, user=officer)
    post_update(appraisal=dh_appraisal, post_id=post.pk, values={"salary": Decimal(101500)}, version=1, user=officer)
    option = option_create(appraisal=dh_appraisal, name="Shared directors", delivery_model="federal", user=officer)
    proposed = post_create(appraisal=dh_appraisal, option_id=option.pk, values=values, user=officer)
    post_delete(appraisal=dh_appraisal, post_id=proposed.pk, version=1, user=officer)
    consultation_step_set(
        option_id=option.pk, step="unions_consulted", done_on=datetime.date(2012, 11, 5), user=officer
    )

    rows = [row[1:] for row in all_rows(sign_in("member", "HBC"), kind="staffing")]

    assert ["Di Bell", "Staffing · Grade Director", "Created: Director"] in rows
    assert ["Di Bell", "Staffing · Today's structure · Post Director of Resources Salary", "£98,000 → £101,500"] in rows
    assert [
        "Di Bell",
        "Staffing · Option Shared directors · Post Director of Resources",
        "Deleted (was Director of Resources)",
    ] in rows
    assert [
        "Di Bell",
        "Option Shared directors · Consultation: Trade unions consulted",
        "Created: 5 November 2012",
    ] in rows
