"""Switching values for members (issue 20): how far the savings or the costs can move, for the partners together and
for each council, before the NPV falls to zero or the payback year slips. HM Treasury's Green Book: "the switching
value is the value an uncertain variable would have to reach for the NPV to become zero"; seed 001's members asked
when each council's costs would be repaid, so a council's payback year is tested too.

The model is linear in a uniform change to the savings or the costs (pennies aside): NPV = PV(savings) − PV(costs),
and a year's cumulative net = cumulative savings − cumulative costs. So each switching value is exact:
- savings to NPV zero: a change of −NPV / PV(savings);
- costs to NPV zero: a change of +NPV / PV(costs) (costs net of funding, after optimism bias);
- savings to payback passing year P: the payback rule (cumulative savings above zero and cumulative net at or above
  zero) still holds in some year up to P while the savings are at least min over those years of cumulative costs /
  cumulative savings of the central case.
Pure: the deterministic result's yearly rows in, exact Fractions (a % of the central figure) out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from appraisal.calculations.scenario_types import CouncilFigures, ScenarioResult, YearFigures
from appraisal.calculations.years import to_penny

NPV_ZERO, PAYBACK = "npv", "payback"
SAVINGS, COSTS = "savings", "costs"


@dataclass(frozen=True)
class Switch:
    """How far `what` (the savings or the costs, each as a whole) can change before `outcome`.

    change_pct: the change as a % of the central figure, below zero for a fall; None where no change reaches it (the
    payback holds however far the savings fall, or there is nothing to change). to_value: the central total (over the
    period) moved by that change, for the costs."""

    what: str
    outcome: str
    change_pct: Fraction | None
    central: Decimal
    to_value: Decimal | None = None
    year: int | None = None  # the payback year that holds up to this change
    npv: Decimal | None = None  # the central NPV (its sign says whether the change is a margin or a shortfall)


def _present(rows: Sequence[YearFigures], field: str) -> Fraction:
    return sum((Fraction(getattr(r, field)) * r.discount_factor for r in rows), Fraction(0))


def savings_to_npv_zero(rows: Sequence[YearFigures], npv: Decimal) -> Switch:
    pv = _present(rows, "savings")
    total = sum((r.savings for r in rows), Decimal(0))
    change = None if pv <= 0 else -Fraction(npv) / pv * 100
    return Switch(SAVINGS, NPV_ZERO, change, total, npv=npv)


def costs_to_npv_zero(rows: Sequence[YearFigures], npv: Decimal) -> Switch:
    pv = _present(rows, "costs")
    total = sum((r.costs for r in rows), Decimal(0))
    if pv <= 0:
        return Switch(COSTS, NPV_ZERO, None, total, npv=npv)
    change = Fraction(npv) / pv * 100
    return Switch(COSTS, NPV_ZERO, change, total, to_value=to_penny(Fraction(total) * (1 + change / 100)), npv=npv)


def savings_to_payback(rows: Sequence[YearFigures], payback_year: int | None) -> Switch | None:
    """How far the savings can fall with the payback year still at or before its central year; None without one."""
    if payback_year is None:
        return None
    needed, saved, spent = None, Fraction(0), Fraction(0)
    for row in rows:
        saved += Fraction(row.savings)
        spent += Fraction(row.costs)
        if saved > 0:
            scale = spent / saved
            needed = scale if needed is None else min(needed, scale)
        if row.year == payback_year:
            break
    total = sum((r.savings for r in rows), Decimal(0))
    change = None if needed is None or needed <= 0 else (needed - 1) * 100
    return Switch(SAVINGS, PAYBACK, change, total, year=payback_year)


@dataclass(frozen=True)
class CouncilSwitches:
    code: str
    name: str
    switches: tuple[Switch, ...]


def council_switches(c: CouncilFigures) -> CouncilSwitches:
    payback = savings_to_payback(c.years, c.payback_year)
    found = (
        *([payback] if payback else []),
        savings_to_npv_zero(c.years, c.npv),
        costs_to_npv_zero(c.years, c.npv),
    )
    return CouncilSwitches(c.code, c.name, found)


def switches(r: ScenarioResult) -> tuple[tuple[Switch, ...], tuple[CouncilSwitches, ...]]:
    """The partners' together (the savings to NPV zero and to the payback year slipping; the rest of the combined
    switching values are the sensitivity table's rows) and each council's."""
    payback = savings_to_payback(r.years, r.payback_year)
    combined = (savings_to_npv_zero(r.years, r.npv), *([payback] if payback else []))
    return combined, tuple(council_switches(c) for c in r.councils)
