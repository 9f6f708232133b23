from decimal import Decimal

import pytest

from services.parsing import parse_fte, parse_money, parse_number


@pytest.mark.parametrize(
    ("typed", "pounds"),
    [
        ("1234", "1234"),
        ("£1,234", "1234"),
        ("1,234.50", "1234.50"),
        ("  £ 1 234 567  ", "1234567"),
        ("\u00a01\u00a0234\u00a0", "1234"),  # Excel groups thousands with non-breaking spaces
        ("-250", "-250"),
        ("−250", "-250"),  # the minus sign, as pasted from a report
        ("(250)", "-250"),
        ("(£1,250.75)", "-1250.75"),
        ("£-250", "-250"),
        ("-£250", "-250"),
        (".5", "0.5"),
        ("0", "0"),
        ("-0", "0"),
    ],
)
def test_it_reads_amounts_as_people_type_them(typed, pounds):
    assert parse_money(typed) == Decimal(pounds)


def test_blank_counts_as_nothing_unless_refused():
    assert parse_money("") == Decimal(0)
    assert parse_money("   ") == Decimal(0)
    assert parse_money(None) == Decimal(0)
    with pytest.raises(ValueError, match="Enter a number"):
        parse_money("  ", blank=None)


@pytest.mark.parametrize(
    "typed", ["12,3OO", "abc", "1.2.3", "12,34", "1,2345", "£", "--5", "(250", "250)", "1e5", "££5", "12."]
)
def test_it_refuses_what_is_not_a_number_and_says_what_was_typed(typed):
    with pytest.raises(ValueError) as excinfo:
        parse_money(typed)
    assert str(excinfo.value) == f"'{typed.strip()}' is not a number"


def test_it_refuses_fractions_of_a_penny():
    with pytest.raises(ValueError, match=r"'1,234.567' has too many decimal places: use at most 2 decimal places"):
        parse_money("1,234.567")


def test_trailing_zeros_do_not_count_as_places():
    assert parse_money("12.500") == Decimal("12.5")


def test_fte_takes_up_to_two_places_and_no_pound_sign():
    assert parse_fte("6.25") == Decimal("6.25")
    assert parse_fte("1,204.5") == Decimal("1204.5")
    with pytest.raises(ValueError, match="too many decimal places"):
        parse_fte("6.125")
    with pytest.raises(ValueError, match="is not a number"):
        parse_fte("£6")


def test_numbers_read_from_a_spreadsheet_pass_through():
    assert parse_money(1234) == Decimal(1234)
    assert parse_money(1234.5) == Decimal("1234.5")
    assert parse_money(Decimal("-99.99")) == Decimal("-99.99")
    with pytest.raises(ValueError, match="too many decimal places"):
        parse_money(0.125)
    with pytest.raises(ValueError, match="is not a number"):
        parse_money(float("nan"))
    with pytest.raises(ValueError, match="is not a number"):
        parse_money(True)


def test_places_can_be_chosen():
    assert parse_number("3.1416", places=4) == Decimal("3.1416")
    with pytest.raises(ValueError, match="use at most 1 decimal place$"):
        parse_number("3.14", places=1)
