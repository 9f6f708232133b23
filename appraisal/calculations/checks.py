"""A scenario's assumptions checked before the model runs: each refusal names the first thing wrong, in words an
officer can act on (the editor shows it where the value was typed). Pure, like the rest of the package."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from appraisal.calculations.scenario_types import (
    AMOUNT,
    BASES,
    CUSTOM,
    HUNDRED,
    MAX_YEARS,
    PERCENT,
    POINTS,
    STRUCTURE,
    Assumptions,
    CostItem,
)
from appraisal.calculations.summary import (
    ZERO,
    AppraisalSummary,
    CalculationError,
)
from appraisal.calculations.years import is_partner, years_of


def _check_pct(value, what: str, *, upper: Decimal | None = HUNDRED) -> None:
    if value is None:
        raise CalculationError(f"{what}: enter a percentage.")
    if value < 0:
        raise CalculationError(f"{what} cannot be negative.")
    if upper is not None and value > upper:
        raise CalculationError(f"{what} cannot be more than {upper}%.")


def validate(base: AppraisalSummary, a: Assumptions) -> None:
    """Raise CalculationError naming the first thing wrong with the scenario."""
    _check_period(a)
    codes = [c.code for c in base.councils]
    if not codes:
        raise CalculationError("The appraisal has no councils to share savings and costs between.")
    _check_clusters(base, a)
    period = set(years_of(a))
    for item in a.costs:
        if item.year not in period:
            raise CalculationError(
                f"A {item.category} cost is in {item.year}, outside the period {a.first_year} to {max(period)}."
            )
        _check_cost(item, codes)
    _check_pct(a.discount_rate, "The discount rate")
    _check_pct(a.optimism_bias, "Optimism bias")
    if a.savings_adjustment is not None:
        _check_pct(a.savings_adjustment, "The adjustment to savings")
    for label, basis in (("savings", a.savings_basis), ("costs", a.costs_basis)):
        _check_basis(label, basis, codes)
    _check_membership(a, codes)


def _check_membership(a: Assumptions, codes) -> None:
    """Partners joining or leaving: known councils, a leave year not before the join year, a partner every year."""
    for code, (first, last) in a.membership.items():
        if code not in codes:
            raise CalculationError(f"'{code}' joins or leaves, but is not one of the appraisal's councils.")
        if first is not None and last is not None and last < first:
            raise CalculationError(f"{code} leaves before it joins.")
    for year in years_of(a):
        if not any(is_partner(a, code, year) for code in codes):
            raise CalculationError(f"No council is a partner in {year}: every year needs at least one.")


def _check_period(a: Assumptions) -> None:
    if a.years is None or a.years < 1:
        raise CalculationError("The appraisal period is empty: give it at least one year.")
    if a.years > MAX_YEARS:
        raise CalculationError(f"The appraisal period can be at most {MAX_YEARS} years.")
    if a.first_year is None or a.first_year < 1990:
        raise CalculationError("Give the first financial year of the period, e.g. 2012 for 2012/13.")
    if a.discount_base_year is not None and a.discount_base_year < 1990:
        raise CalculationError("Give the year to discount to, e.g. 2012 for 2012/13.")


def _check_phasing(a: Assumptions, values, where: str) -> None:
    if len(values) != a.years:
        raise CalculationError(f"{where}: give a % for each of the {a.years} years of the period.")
    for year, value in zip(years_of(a), values, strict=True):
        _check_pct(value, f"{where}, year {year}: phasing")


def _check_clusters(base: AppraisalSummary, a: Assumptions) -> None:
    """Phasing, clusters left out and savings points name clusters of the appraisal and hold sensible values."""
    names = {c.name for c in base.clusters}
    _check_phasing(a, a.phasing, "Phasing")
    for name, values in a.cluster_phasing.items():
        if name not in names:
            raise CalculationError(f"Phasing is given for '{name}', which is not a cluster of the appraisal.")
        _check_phasing(a, values, f"Phasing for {name}")
    for name in a.clusters_out:
        if name not in names:
            raise CalculationError(f"'{name}' is not a cluster of the appraisal.")
    by_name = {c.name: c for c in base.clusters}
    for name, point in a.points.items():
        if name not in names:
            raise CalculationError(f"A savings point is given for '{name}', which is not a cluster of the appraisal.")
        if point.kind not in POINTS:
            raise CalculationError(
                f"{name}: the savings point must be min, max, mid, an amount, a % or the staffing structures."
            )
        if point.kind in (AMOUNT, PERCENT):
            if point.value is None or point.value < 0:
                raise CalculationError(f"{name}: give a custom saving of zero or more.")
            if point.kind == PERCENT:
                _check_pct(point.value, f"{name}: custom saving")
        elif point.kind == STRUCTURE:
            continue
        elif not by_name[name].has_range:
            raise CalculationError(f"{name} has no savings range, so its saving cannot be the {point.kind}.")


def _check_basis(label: str, basis, codes: Sequence[str]) -> None:
    if basis.kind not in BASES:
        raise CalculationError(f"Unknown sharing basis for {label}: '{basis.kind}'.")
    if basis.kind != CUSTOM:
        return
    shares = basis.custom or {}
    unknown = sorted(set(shares) - set(codes))
    if unknown:
        raise CalculationError(f"Custom {label} shares name {unknown[0]}, which is not a partner council.")
    missing = [c for c in codes if c not in shares]
    if missing:
        raise CalculationError(f"Custom {label} shares: give a % for {', '.join(missing)}.")
    if any(v < 0 for v in shares.values()):
        raise CalculationError(f"Custom {label} shares cannot be negative.")
    total = sum(shares.values(), ZERO)
    if total != HUNDRED:
        raise CalculationError(f"Custom {label} shares add up to {total.normalize():f}%; they must add up to 100%.")


def _check_cost(item: CostItem, codes: Sequence[str]) -> None:
    if item.funding:
        if item.amount > 0 or (item.high is not None and item.high > 0):
            raise CalculationError(f"{item.category} is funding: it reduces costs, so enter it below zero.")
    elif item.amount < 0:
        raise CalculationError(f"A {item.category} cost cannot be negative: enter grants and contributions as funding.")
    if item.low is not None and item.low > item.amount or item.high is not None and item.high < item.amount:
        raise CalculationError(f"A {item.category} cost's low and high must be either side of its amount.")
    if not item.funding and item.low is not None and item.low < 0:
        raise CalculationError(f"A {item.category} cost's low value cannot be negative.")
    if item.bias is not None and item.bias < 0:
        raise CalculationError(f"A {item.category} cost's optimism bias cannot be negative.")
    if item.council is not None and item.council not in codes:
        raise CalculationError(f"A {item.category} cost is charged to {item.council}, which is not a partner council.")
