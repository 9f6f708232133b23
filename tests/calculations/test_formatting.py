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


def test_a_scenario_year_with_no_funding_gap_forecast_has_null_gap_and_share_closed():
    from fractions import Fraction
    from types import SimpleNamespace as Row

    def year(y, savings, costs, deficit, closed):
        money = {"net": savings - costs, "cumulative_net": Decimal(0), "present_value": Decimal(0)}
        return Row(year=y, savings=savings, costs=costs, deficit=deficit, deficit_closed_pct=closed, **money)

    years = (
        year(2014, Decimal("5380000"), Decimal("500000"), Decimal("22500000"), Fraction(5380000 * 100, 22500000)),
        year(2015, Decimal("5380000"), Decimal("0"), None, None),
    )
    council = Row(
        code="DBC", savings=Decimal(1), costs=Decimal(0), net=Decimal(1), deficit_closed_pct=None, years=years
    )
    result = Row(
        years=years, councils=(council,), sensitivity=(), total_savings=0, total_costs=0, npv=0, payback_year=None
    )
    data = fmt.scenario_as_dict("Low", result)
    assert [(y["deficit"], y["deficit_closed_pct"]) for y in data["years"]] == [("22500000.00", "23.9"), (None, None)]
    assert data["councils"][0]["by_year"] == [
        {"year": "2014/15", "savings": "5380000.00", "costs": "500000.00", "deficit": "22500000.00",
         "deficit_closed_pct": "23.9"},
        {"year": "2015/16", "savings": "5380000.00", "costs": "0.00", "deficit": None, "deficit_closed_pct": None},
    ]  # fmt: skip
