"""A small staffing case on the Darlington & Hartlepool appraisal, built through the write services: two grades,
four posts in today's structure, one option beyond business as usual, and the councils' on-costs set to round
figures (Darlington 10% + 20% = 30%, Hartlepool 10% + 15% = 25%) so that every cost can be worked by hand."""

from decimal import Decimal as D

import pytest

from appraisal.options import services as option_services
from appraisal.staffing import services
from councils.models import Council
from councils.services import user_role_set
from services.models import ServiceCluster


@pytest.fixture
def councils(dh_appraisal):
    dbc, hbc = Council.objects.get(code="DBC"), Council.objects.get(code="HBC")
    for council, pension in ((dbc, D(20)), (hbc, D(15))):
        services.council_staffing_update(
            council_id=council.pk,
            values={"employer_ni_pct": D(10), "pension_contribution_pct": pension, "redundancy_multiplier": D(1)},
            user=None,
        )
    dbc.refresh_from_db()
    hbc.refresh_from_db()
    return {"DBC": dbc, "HBC": hbc}


@pytest.fixture
def cluster(dh_appraisal):
    return ServiceCluster.objects.get(name="Corporate Services")


@pytest.fixture
def grades(dh_appraisal):
    return {
        "G8": services.grade_save(
            appraisal=dh_appraisal,
            values={"name": "Grade 8", "average_age": 40, "average_years_service": 10},
            user=None,
        ),
        "G12": services.grade_save(
            appraisal=dh_appraisal,
            values={"name": "Grade 12", "average_age": 50, "average_years_service": 20},
            user=None,
        ),
    }


def post_values(councils, cluster, grades, title, code, grade, salary, age=None, years=None, **more):
    return {
        "title": title,
        "cluster": cluster,
        "grade": grades[grade],
        "council": councils[code],
        "fte": D(1),
        "salary": D(salary),
        "on_cost_pct": None,
        "cost_split": "employer",
        "shares": {},
        "holder_age": age,
        "holder_years_service": years,
        "pension_member": True,
    } | more


@pytest.fixture
def baseline(dh_appraisal, councils, cluster, grades):
    """Today's four posts: £78,000 + £36,400 (Darlington, on-costs 30%) and £72,500 + £37,500 (Hartlepool, 25%),
    £224,400 in all."""
    rows = [
        ("Head of HR (Darlington)", "DBC", "G12", 60000, 58, 25),
        ("Payroll officer", "DBC", "G8", 28000, None, None),
        ("Head of HR (Hartlepool)", "HBC", "G12", 58000, 45, 20),
        ("HR officer", "HBC", "G8", 30000, 30, 8),
    ]
    return {
        title: services.post_create(
            appraisal=dh_appraisal,
            option_id=None,
            values=post_values(councils, cluster, grades, title, code, grade, salary, age, years),
            user=None,
        )
        for title, code, grade, salary, age, years in rows
    }


@pytest.fixture
def option(dh_appraisal):
    return option_services.option_create(
        appraisal=dh_appraisal, name="Joint HR service", delivery_model="federal", user=None
    )


@pytest.fixture
def proposed(dh_appraisal, baseline, option):
    """The option's structure started from today's: the same four posts, each carrying on its own."""
    return services.structure_from_baseline(appraisal=dh_appraisal, option_id=option.pk, user=None)


@pytest.fixture
def signed_in(client, django_user_model, dh_appraisal):
    """A function that signs the test client in with a role at a council of the Darlington & Hartlepool case."""

    def _sign_in(role, code="DBC"):
        user = django_user_model.objects.create_user(f"{code.lower()}-{role}-user", password="pw")
        user_role_set(user=user, role=role, council=Council.objects.get(code=code))
        client.force_login(user)
        return client

    return _sign_in
