"""The staffing page's tests: the small case of tests/staffing/case.py (two councils, two grades, four posts of
today's structure, one option), built through the write services."""

import pytest

from appraisal.staffing import services
from tests.staffing.case import staffing_case_build


@pytest.fixture
def case(dh_appraisal):
    return staffing_case_build(dh_appraisal)


@pytest.fixture
def councils(case):
    return case.councils


@pytest.fixture
def grades(case):
    return {"G8": case.grades["Grade 8"], "G12": case.grades["Grade 12"]}


@pytest.fixture
def baseline(case):
    """Today's four posts: £78,000 + £36,400 (Darlington, on-costs 30%) and £72,500 + £37,500 (Hartlepool, 25%),
    £224,400 in all."""
    return case.baseline


@pytest.fixture
def option(case):
    return case.option


@pytest.fixture
def proposed(dh_appraisal, baseline, option):
    """The option's structure started from today's: the same four posts, each carrying on its own."""
    return services.structure_from_baseline(appraisal=dh_appraisal, option_id=option.pk, user=None)
