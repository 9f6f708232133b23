"""How sure are these figures, in plain English (issue 20): the switching values as sentences members can read, and
the simulation's settings stated. The one home of these sentences: the dashboard, the cabinet report and the command
line all read them here.

"Savings would have to fall 38.0% below the central case before Hartlepool's payback passes 2016/17";
"Implementation costs could rise 38.0%, to £11.2m, before the NPV falls to zero". The combined sentences come from
the sensitivity table's rows (which stays as it is), plus the savings as a whole; each council's from its own share.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from appraisal import formatting as fmt
from appraisal.calculations.scenario_types import BIAS_ROW, COSTS_ROW, RATE_ROW, SAVING_ROW, ScenarioResult
from appraisal.calculations.simulation_types import PERT, Uncertainty
from appraisal.calculations.switching import NPV_ZERO, CouncilSwitches, Switch
from appraisal.calculations.years import to_penny


def _moved(base: Decimal, change: Fraction) -> str:
    return fmt.millions(to_penny(Fraction(base) * (1 + change / 100)))


def _savings(s: Switch, whose: str) -> str | None:
    """The savings as a whole against the NPV or the payback year; `whose`: "" for the partners, else a council's
    possessive ("Hartlepool's ")."""
    if s.outcome == NPV_ZERO:
        outcome = f"{whose}NPV falls to zero" if whose else "the NPV falls to zero"
        if s.change_pct is None:
            return None
        if s.npv > 0:
            return f"Savings would have to fall {fmt.pct(-s.change_pct)} below the central case before {outcome}."
        if s.npv < 0:
            reach = f"{whose}NPV to reach zero" if whose else "the NPV to reach zero"
            return f"Savings would have to rise {fmt.pct(s.change_pct)} above the central case for {reach}."
        return f"{whose or 'The '}NPV is nil at the central case: any fall in savings takes it below zero."
    year = fmt.year_label(s.year)
    payback = f"{whose}payback" if whose else "payback"
    if s.change_pct is None:
        return f"The costs are met by {year} whatever the savings, so {payback} in {year} does not depend on them."
    if s.change_pct == 0:
        return f"Any fall in savings takes {payback} beyond {year}."
    return f"Savings would have to fall {fmt.pct(-s.change_pct)} below the central case before {payback} passes {year}."


def _costs(s: Switch, name: str) -> str | None:
    if s.change_pct is None:
        return None
    share = f"{name}'s share of the costs"
    if s.change_pct >= 0:
        return (
            f"{share} could rise {fmt.pct(s.change_pct)}, to {fmt.millions(s.to_value)}, before its NPV falls to zero."
        )
    fall = f"would have to fall {fmt.pct(-s.change_pct)}, to {fmt.millions(s.to_value)}"
    return f"{share} {fall}, for its NPV to reach zero."


def _row(row, npv: Decimal) -> str | None:
    """A sensitivity table row as a sentence; None where it says nothing a member needs."""
    sv = row.switching_value
    cluster = row.assumption.removeprefix(SAVING_ROW.format(""))
    if row.assumption == COSTS_ROW:
        if sv is None:
            return None
        if sv >= 0:
            return (
                f"Implementation costs could rise {fmt.pct(sv)}, to {_moved(row.base_value, sv)}, "
                "before the NPV falls to zero."
            )
        fall = f"would have to fall {fmt.pct(-sv)}, to {_moved(row.base_value, sv)}"
        return f"Implementation costs {fall}, for the NPV to reach zero."
    if row.assumption in (RATE_ROW, BIAS_ROW):
        what = "The discount rate" if row.assumption == RATE_ROW else "Optimism bias"
        if sv is None:
            level = "discount rate" if row.assumption == RATE_ROW else "level of optimism bias"
            return f"The NPV stays above zero at any {level} up to 100%." if npv > 0 else None
        at = fmt.pct(Fraction(row.base_value) + sv)
        if sv >= 0:
            return f"{what} could rise to {at} before the NPV falls to zero."
        return f"{what} would have to fall to {at} for the NPV to reach zero."
    if sv is None:
        return None  # said once for all such clusters (_not_needed)
    if sv <= 0:
        return (
            f"The saving from {cluster} could fall {fmt.pct(-sv)} below the central case, to "
            f"{_moved(row.base_value, sv)} a year, before the NPV falls to zero."
        )
    return (
        f"The saving from {cluster} would have to rise {fmt.pct(sv)}, to {_moved(row.base_value, sv)} a year, "
        "for the NPV to reach zero."
    )


def _not_needed(result: ScenarioResult) -> str | None:
    """The clusters the NPV stays above zero without, one at a time, in one sentence."""
    names = [
        row.assumption.removeprefix(SAVING_ROW.format(""))
        for row in result.sensitivity
        if row.assumption.startswith(SAVING_ROW.format("")) and row.switching_value is None
    ]
    if result.npv <= 0 or not names:
        return None
    if len(names) == 1:
        return f"Even with no saving from {names[0]}, the NPV stays above zero."
    listed = ", ".join(names[:-1]) + f" or {names[-1]}"
    which = "either" if len(names) == 2 else "any one of"
    return f"The NPV stays above zero even with no saving at all from {which} {listed}."


def combined_statements(result: ScenarioResult, combined: tuple[Switch, ...]) -> tuple[str, ...]:
    """The partners' switching values: the savings as a whole (NPV, payback), then the sensitivity table's rows."""
    rows = [_row(row, result.npv) for row in result.sensitivity]
    found = [*(_savings(s, "") for s in combined), _not_needed(result), *rows]
    return tuple(text for text in found if text)


def council_statements(councils: tuple[CouncilSwitches, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each council's switching values: its savings against its payback year and its NPV, and its share of the
    costs against its NPV."""
    out = []
    for c in councils:
        found = [_costs(s, c.name) if s.what == "costs" else _savings(s, f"{c.name}'s ") for s in c.switches]
        out.append((c.name, tuple(text for text in found if text)))
    return tuple(out)


def settings_text(u: Uncertainty) -> tuple[str, ...]:
    """The simulation's settings, stated for members beside its results."""
    shape = (
        "a PERT distribution (most runs near the chosen figure)"
        if u.shape == PERT
        else "a triangular distribution (more runs towards the ends of the range)"
    )
    none, one, two = u.slippage
    delay = (
        "The savings are never delayed."
        if none == 100
        else f"The savings come a year late in {fmt.pct(one)} of runs and two years late in {fmt.pct(two)}; "
        "costs stay in their years."
    )
    return (
        f"{u.runs:,} runs with seed {u.seed}: the same seed gives the same figures.",
        f"Each cluster's saving and each cost line is drawn from {shape} between its low and high estimate; "
        f"a figure given without a range varies by up to {fmt.pct(u.spread)} either way.",
        f"The clusters' savings move together with a correlation of {u.correlation:.2f} "
        "(0: each on its own; 1: all high or all low together).",
        delay,
        f"Each council's savings are tested against {fmt.pct(u.gap_share)} of its funding gap in each year.",
    )
