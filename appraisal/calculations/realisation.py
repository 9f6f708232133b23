"""Benefits realisation (issue 19): planned savings against those delivered, year by year and in total, and how
far a measure of a non-financial benefit has moved from its baseline towards its target, each given a RAG status
by one stated rule. Pure: plain inputs, Decimal money, exact percentages as Fraction.

Seed 003 measures its non-financial benefits (resilience: time to fix ICT incidents; internal customer
satisfaction against the pre-partnership benchmark; convergence of systems and policies); the LGA found councils
stopped tracking whether shared-service savings were delivered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from appraisal.calculations.scenario_types import partner_in
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


# Plan against actual for an appraisal: the plan by council, cluster and year (approval.plan_read), the actuals
# recorded, and the partners with the years they are partners.


@dataclass(frozen=True)
class Actual:
    council: str  # code
    cluster: str  # name
    year: int
    savings: Decimal
    costs: Decimal
    before_appraisal: bool = False


@dataclass(frozen=True)
class Partner:
    code: str
    name: str
    join_year: int | None = None  # None: from the start
    leave_year: int | None = None  # None: to the end


@dataclass(frozen=True)
class Delivery:
    """Planned savings against those delivered: over the period, and for the years recorded so far."""

    planned: Decimal
    planned_to_date: Decimal
    actual: Decimal
    variance: Decimal  # actual − planned_to_date
    rag: str | None


@dataclass(frozen=True)
class CouncilRealisation:
    code: str
    name: str
    join_year: int | None
    leave_year: int | None
    delivery: Delivery
    years: tuple[RealisationYear, ...]  # only the years it is a partner


@dataclass(frozen=True)
class ClusterRealisation:
    name: str
    delivery: Delivery


@dataclass(frozen=True)
class Realisation:
    scenario: str
    approved: bool
    years: tuple[RealisationYear, ...]
    delivery: Delivery
    councils: tuple[CouncilRealisation, ...]
    clusters: tuple[ClusterRealisation, ...]
    costs_planned: Decimal
    costs_incurred: Decimal
    before_appraisal: Decimal  # savings delivered before the appraisal: shown, never counted against the plan


def _delivery(planned: Mapping[int, Decimal], actual: Mapping[int, Decimal]) -> Delivery:
    total = sum(planned.values(), ZERO)
    to_date = sum((planned.get(year, ZERO) for year in actual), ZERO)
    got = sum(actual.values(), ZERO)
    return Delivery(total, to_date, got, got - to_date, delivery_rag(got, to_date) if actual else None)


def _by_year(rows, key) -> dict[str, dict[int, Decimal]]:
    out: dict[str, dict[int, Decimal]] = {}
    for row in rows:
        by_year = out.setdefault(key(row), {})
        by_year[row.year] = by_year.get(row.year, ZERO) + row.savings
    return out


def realise(
    plan: Mapping[str, Mapping[str, Mapping[int, Decimal]]],
    actuals: Sequence[Actual],
    partners: Sequence[Partner],
    *,
    scenario: str,
    approved: bool,
) -> Realisation:
    """The plan (approval.plan_read: "councils" and "clusters" savings, "costs", by year) against the actuals
    recorded. A year counts as recorded once any council's actual for it is in. Savings marked as delivered before
    the appraisal are totalled apart and never counted against the plan (seed 002: the £100,000 Darlington saved
    while the collaboration was worked up is not part of the saving the appraisal plans)."""
    counted = [a for a in actuals if not a.before_appraisal]
    years_planned: dict[int, Decimal] = {}
    for by_year in plan["councils"].values():
        for year, amount in by_year.items():
            years_planned[year] = years_planned.get(year, ZERO) + amount
    by_council, by_cluster = _by_year(counted, lambda a: a.council), _by_year(counted, lambda a: a.cluster)
    year_actual = _by_year(counted, lambda a: "")[""] if counted else {}
    councils = []
    for p in partners:
        planned = {
            y: v for y, v in plan["councils"].get(p.code, {}).items() if partner_in(p.join_year, p.leave_year, y)
        }
        got = by_council.get(p.code, {})
        years = tuple(plan_against_actual(planned, got))
        councils.append(CouncilRealisation(p.code, p.name, p.join_year, p.leave_year, _delivery(planned, got), years))
    clusters = tuple(
        ClusterRealisation(name, _delivery(planned, by_cluster.get(name, {})))
        for name, planned in plan["clusters"].items()
    )
    return Realisation(
        scenario=scenario,
        approved=approved,
        years=tuple(plan_against_actual(years_planned, year_actual)),
        delivery=_delivery(years_planned, year_actual),
        councils=tuple(councils),
        clusters=clusters,
        costs_planned=sum((v for by_year in plan["costs"].values() for v in by_year.values()), ZERO),
        costs_incurred=sum((a.costs for a in actuals if not a.before_appraisal), ZERO),
        before_appraisal=sum((a.savings for a in actuals if a.before_appraisal), ZERO),
    )


# A benefit's status in the register, the monitoring report and the scripting contract alike.

NOT_MEASURED = "Not yet measured"
NO_BASELINE = "No baseline and target to measure against"
NO_MOVE = "The target is the baseline: nothing to measure"


@dataclass(frozen=True)
class BenefitStatus:
    """rag None where there is nothing to rate yet, with why (`text`)."""

    rag: str | None
    text: str = ""
    progress: Fraction | None = None  # a non-financial measure's % of the way from its baseline to its target
    delivered: Decimal | None = None  # a financial benefit: its cluster's savings delivered to date
    planned: Decimal | None = None  # and planned for the same years


def benefit_status(
    *,
    financial: bool,
    baseline: Decimal | None,
    target: Decimal | None,
    reading: Decimal | None,
    delivery: Delivery | None = None,
) -> BenefitStatus:
    """A financial benefit is rated by its cluster's savings delivered against the plan (`delivery`), so the
    register never disagrees with the realisation figures; any other by how far its latest reading has moved from
    the baseline towards the target."""
    if financial:
        if delivery is None or delivery.rag is None:
            return BenefitStatus(None, NOT_MEASURED)
        return BenefitStatus(delivery.rag, delivered=delivery.actual, planned=delivery.planned_to_date)
    if reading is None:
        return BenefitStatus(None, NOT_MEASURED)
    if baseline is None or target is None:
        return BenefitStatus(None, NO_BASELINE)
    progress = measure_progress(baseline, target, reading)
    if progress is None:
        return BenefitStatus(None, NO_MOVE)
    return BenefitStatus(rag_of(progress), progress=progress)
