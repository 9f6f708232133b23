"""Benefits realisation (issue 19): planned savings against those delivered, year by year and in total, and how
far a measure of a non-financial benefit has moved from its baseline towards its target, each given a RAG status
by one stated rule. Pure: plain inputs, Decimal money, exact percentages as Fraction.

Seed 003 measures its non-financial benefits (resilience: time to fix ICT incidents; internal customer
satisfaction against the pre-partnership benchmark; convergence of systems and policies); the LGA found councils
stopped tracking whether shared-service savings were delivered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from appraisal.calculations.summary import ZERO, CalculationError, pct

GREEN, AMBER, RED = "green", "amber", "red"
GREEN_FROM, AMBER_FROM = Fraction(95), Fraction(75)  # % of plan (or of the way to the target) achieved

RAG_RULE = (
    "Green: at least 95% of the plan delivered (or of the way from the baseline to the target); amber: 75% to "
    "95%; red: below 75%."
)


def rag_of(achieved_pct: Fraction | None) -> str | None:
    """The RAG status of a % of plan achieved (None: nothing to measure against)."""
    if achieved_pct is None:
        return None
    if achieved_pct >= GREEN_FROM:
        return GREEN
    if achieved_pct >= AMBER_FROM:
        return AMBER
    return RED


def delivery_rag(actual: Decimal, planned: Decimal) -> str | None:
    """A saving delivered against its plan; None where nothing was planned."""
    if planned <= 0:
        return None
    return rag_of(pct(actual, planned))


@dataclass(frozen=True)
class RealisationYear:
    year: int
    planned: Decimal
    actual: Decimal | None  # None: not yet recorded
    variance: Decimal | None  # actual − planned
    cumulative_planned: Decimal
    cumulative_actual: Decimal  # of the years recorded
    rag: str | None


def plan_against_actual(planned: Mapping[int, Decimal], actual: Mapping[int, Decimal]) -> list[RealisationYear]:
    """Each planned year with what was delivered (where recorded), the variance and the running totals. The
    cumulative RAG compares the years recorded so far with the plan for those same years."""
    unknown = sorted(set(actual) - set(planned))
    if unknown:
        raise CalculationError(f"A saving is recorded for {unknown[0]}, a year the plan does not cover.")
    rows, plan_so_far, actual_so_far, plan_recorded = [], ZERO, ZERO, ZERO
    for year in sorted(planned):
        plan = planned[year]
        plan_so_far += plan
        got = actual.get(year)
        if got is not None:
            actual_so_far += got
            plan_recorded += plan
        rows.append(
            RealisationYear(
                year=year,
                planned=plan,
                actual=got,
                variance=None if got is None else got - plan,
                cumulative_planned=plan_so_far,
                cumulative_actual=actual_so_far,
                rag=None if got is None else delivery_rag(actual_so_far, plan_recorded),
            )
        )
    return rows


def measure_progress(baseline: Decimal, target: Decimal, reading: Decimal) -> Fraction | None:
    """How far a reading has moved from the baseline towards the target, as an exact % (100: the target met; above
    100: beyond it). A measure where lower is better (days to fix an incident) has its target below its baseline.
    None where the target is the baseline (nothing to move)."""
    if target == baseline:
        return None
    return pct(reading - baseline, target - baseline)


def measure_rag(baseline: Decimal, target: Decimal, reading: Decimal | None) -> str | None:
    if reading is None:
        return None
    return rag_of(measure_progress(baseline, target, reading))
