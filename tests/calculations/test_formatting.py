"""How money is shown: worked-out figures to the nearest pound (half-up), what an officer typed as typed."""

from decimal import Decimal

import pytest

from appraisal import formatting as fmt


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("9263009.84", "£9,263,010"),  # the Darlington & Hartlepool Low scenario's NPV
        ("2508707.13", "£2,508,707"),  # Darlington's share of the minimum saving
        ("1234.50", "£1,235"),  # a tie goes up...
        ("-1234.50", "-£1,235"),  # ...and away from zero below it
        ("-5500000", "-£5,500,000"),
        ("0.49", "£0"),
        ("0", "£0"),
        ("123456789012.50", "£123,456,789,013"),
    ],
)
def test_a_worked_out_figure_is_shown_to_the_nearest_pound(value, shown):
    assert fmt.pounds(Decimal(value)) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [("1234.50", "£1,234.50"), ("72604370", "£72,604,370"), ("-0.05", "-£0.05")],
)
def test_a_typed_amount_is_shown_as_typed(value, shown):
    assert fmt.money(Decimal(value)) == shown


def test_nothing_shows_as_blank():
    assert fmt.pounds(None) == "" and fmt.money(None) == ""
