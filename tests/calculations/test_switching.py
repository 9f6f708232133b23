"""Switching values per council and combined (issue 20): each, applied to the model, takes the NPV to zero or the
payback year to its edge; and the sentences members read."""

from dataclasses import replace
from decimal import Decimal as D
from fractions import Fraction

from appraisal.calculations import scenario as sc
from appraisal.calculations import switching as sw
from appraisal.simulation import wording
from tests.calculations.conftest import assumptions, base


def scaled_savings(a, change: Fraction):
    """The same scenario with every saving moved by `change` % (no optimism bias, so the adjustment is the change)."""
    return replace(a, optimism_bias=D(0), savings_adjustment=D(-change.numerator) / D(change.denominator))


def scaled_costs(a, change: Fraction):
    factor = 1 + change / 100
    items = [replace(i, amount=sc.to_penny(i.amount * factor.numerator / factor.denominator)) for i in a.costs]
    return replace(a, costs=items)


def test_savings_moved_by_the_switching_value_take_the_npv_to_zero_within_pennies():
    a = assumptions()
    r = sc.model(base(), a)
    s = sw.savings_to_npv_zero(r.years, r.npv)
    # NPV £108,316.76 of savings worth £167,978.60 today (£35,000 + £70,000 / 1.035 + £70,000 / 1.035²).
    assert round(s.change_pct, 1) == Fraction(-645, 10)
    assert abs(sc.model(base(), scaled_savings(a, s.change_pct), with_sensitivity=False).npv) <= D("0.05")


def test_costs_moved_by_the_switching_value_take_the_npv_to_zero_and_name_the_costs_then():
    a = assumptions()
    r = sc.model(base(), a)
    s = sw.costs_to_npv_zero(r.years, r.npv)
    assert s.central == D(60000)
    assert s.to_value == sc.to_penny(Fraction(60000) * (1 + s.change_pct / 100))
    assert abs(sc.model(base(), scaled_costs(a, s.change_pct), with_sensitivity=False).npv) <= D("0.05")


def test_the_payback_year_holds_up_to_the_switching_value_and_slips_just_beyond_it():
    a = assumptions(costs=[sc.CostItem("Redundancy", 2020, D(60000)), sc.CostItem("ICT", 2021, D(20000))])
    r = sc.model(base(), a)
    s = sw.savings_to_payback(r.years, r.payback_year)
    assert (r.payback_year, s.year) == (2021, 2021)
    # Cumulative savings to 2021 £105,000 against £80,000 of costs: savings may fall 23.8% (to 80/105).
    assert s.change_pct == (Fraction(80000, 105000) - 1) * 100
    within = sc.model(base(), scaled_savings(a, s.change_pct + Fraction(1, 10)), with_sensitivity=False)
    beyond = sc.model(base(), scaled_savings(a, s.change_pct - Fraction(1, 10)), with_sensitivity=False)
    assert (within.payback_year, beyond.payback_year) == (2021, 2022)


def test_each_council_has_its_own_payback_npv_and_costs_switching_values():
    r = sc.model(base(), assumptions())
    found = sw.council_switches(r.councils[0])
    assert [(s.what, s.outcome) for s in found.switches] == [
        ("savings", "payback"),
        ("savings", "npv"),
        ("costs", "npv"),
    ]
    npv_switch = found.switches[1]
    assert (
        npv_switch.change_pct
        == -Fraction(r.councils[0].npv)
        / sum((Fraction(y.savings) * y.discount_factor for y in r.councils[0].years), Fraction(0))
        * 100
    )


def test_no_payback_within_the_period_gives_no_payback_switching_value():
    r = sc.model(base(), assumptions(costs=[sc.CostItem("Redundancy", 2020, D(900000))]))
    assert r.payback_year is None
    assert sw.savings_to_payback(r.years, r.payback_year) is None


def test_the_sentences_members_read():
    r = sc.model(base(), assumptions())
    combined, councils = sw.switches(r)
    texts = wording.combined_statements(r, combined)
    assert texts[0] == "Savings would have to fall 64.5% below the central case before the NPV falls to zero."
    # Paid back in 2021: £105,000 saved to then against £60,000 spent, so savings may fall by 3/7.
    assert texts[1] == "Savings would have to fall 42.9% below the central case before payback passes 2021/22."
    # £108,316.76 against costs worth £59,661.84 today (£50,000 + £10,000 / 1.035): 181.6% more, £168,931 in all.
    assert "Implementation costs could rise 181.6%, to £168,931, before the NPV falls to zero." in texts
    by_council = dict(wording.council_statements(councils))
    assert by_council["Council A"][-1].startswith("Council A's share of the costs could rise ")


def test_a_scenario_below_zero_says_how_far_savings_would_have_to_rise():
    r = sc.model(base(), assumptions(costs=[sc.CostItem("Redundancy", 2020, D(900000))]))
    combined, _ = sw.switches(r)
    text = wording.combined_statements(r, combined)[0]
    assert text.startswith("Savings would have to rise ") and text.endswith("for the NPV to reach zero.")
