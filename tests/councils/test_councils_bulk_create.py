"""councils_bulk_create and council_create_errors: new councils from a workbook, checked as Administration checks
one (the model's full_clean), each saved with its history."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from councils.models import Council
from councils.services import CouncilCreate, council_create_errors, councils_bulk_create

pytestmark = pytest.mark.django_db


def test_new_councils_are_saved_in_order_with_an_address_from_their_name(django_user_model):
    admin = django_user_model.objects.create_user("admin", password="pw")
    Council.objects.create(code="SX", name="Stockton", slug="stockton-on-tees-borough-council", council_type="unitary")
    made = councils_bulk_create(
        councils=[
            CouncilCreate("sbc", "Stockton-on-Tees Borough Council", "unitary", Decimal("150000000"), None),
            CouncilCreate("RCBC", "Redcar and Cleveland Borough Council", "unitary", None, Decimal("0")),
        ],
        user=admin,
    )
    assert [(c.code, c.slug) for c in made] == [
        ("SBC", "stockton-on-tees-borough-council-sbc"),  # the address from its name was taken
        ("RCBC", "redcar-and-cleveland-borough-council"),
    ]
    assert Council.objects.get(code="SBC").net_revenue_budget == Decimal("150000000.00")
    assert [c.history.get().history_user for c in made] == [admin, admin]


def test_a_council_administration_would_refuse_is_not_saved():
    with pytest.raises(ValidationError, match="A gross budget cannot be negative."):
        councils_bulk_create(councils=[CouncilCreate("SBC", "Stockton", "unitary", None, Decimal("-1"))])
    assert not Council.objects.exists()


def test_the_checks_without_the_database_name_each_field():
    errors = council_create_errors(CouncilCreate("TOOLONGCODE1", "x" * 201, "parish", None, Decimal("-1")))
    assert sorted(errors) == ["code", "council_type", "gross_budget", "name"]
    assert errors["council_type"] == ["Value 'parish' is not a valid choice."]
    assert council_create_errors(CouncilCreate("SBC", "Stockton-on-Tees Borough Council", "unitary", None, None)) == {}
