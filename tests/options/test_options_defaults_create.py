"""options_defaults_create: business as usual and the default criteria for an appraisal, safe to repeat."""

import pytest

from appraisal.calculations import options as opt
from appraisal.models import Appraisal, Criterion, Option
from appraisal.options.services import options_defaults_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def appraisal():
    return Appraisal.objects.create(slug="support", title="Support services", base_year=2005, deficit_year=2007)


def test_it_makes_business_as_usual_and_the_default_criteria(appraisal):
    bau, criteria = options_defaults_create(appraisal=appraisal)
    assert (bau.name, bau.delivery_model, bau.business_as_usual) == ("Business as usual", opt.IN_HOUSE, True)
    assert [(c.name, c.weight, c.is_financial) for c in appraisal.criteria.all()] == [
        ("Financial value", 30, True),
        ("Quality of service to customers", 15, False),
        ("Resilience and capacity", 15, False),
        ("Sovereignty and democratic control", 10, False),
        ("Deliverability", 10, False),
        ("Impact on staff", 10, False),
        ("Ease of withdrawal", 10, False),
    ]
    assert criteria == list(appraisal.criteria.all())


def test_it_is_safe_to_repeat(appraisal):
    first = options_defaults_create(appraisal=appraisal)
    assert options_defaults_create(appraisal=appraisal) == first
    assert (Option.objects.count(), Criterion.objects.count()) == (1, 7)


def test_an_officers_own_criteria_are_left_as_they_are(appraisal):
    Criterion.objects.create(appraisal=appraisal, name="Value for money", weight=100, is_financial=True)
    options_defaults_create(appraisal=appraisal)
    assert list(appraisal.criteria.values_list("name", flat=True)) == ["Value for money"]


def test_an_option_already_called_business_as_usual_keeps_its_name(appraisal):
    Option.objects.create(appraisal=appraisal, name="Business as usual", delivery_model=opt.FEDERAL)
    bau, _ = options_defaults_create(appraisal=appraisal)
    assert bau.name == "Business as usual (2)"
