"""The decision as a baseline (issue 19): the figures Cabinet approved, as a flat record of named figures that
later edits cannot change, and what has changed since, figure by figure. Pure: the summary and the scenarios'
results in, plain strings out (money in pounds to the penny), so a stored record compares exactly with a new one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from appraisal.calculations.scenario_types import ScenarioResult
from appraisal.calculations.summary import AppraisalSummary

MONEY, YEAR = "money", "year"


def _money(value) -> str:
    return f"{value:.2f}"


def snapshot(summary: AppraisalSummary, scenarios: Mapping[str, ScenarioResult]) -> dict[str, list[str]]:
    """Each figure a member reads, by name: [kind, value]. Kind "money" is pounds to the penny; "year" a year or ""."""
    out: dict[str, list[str]] = {}
    for c in summary.clusters:
        out[f"{c.name}: net budget"] = [MONEY, _money(c.net_budget)]
        if c.has_range:
            out[f"{c.name}: minimum saving"] = [MONEY, _money(c.min_saving)]
            out[f"{c.name}: maximum saving"] = [MONEY, _money(c.max_saving)]
    out["Total net budget"] = [MONEY, _money(summary.totals.net_budget)]
    out["Combined funding deficit"] = [MONEY, _money(summary.deficit.amount)]
    for council in summary.councils:
        out[f"{council.name}: funding deficit"] = [MONEY, _money(council.deficit)]
        out[f"{council.name}: net budget"] = [MONEY, _money(council.net_budget)]
    for name, result in scenarios.items():
        out[f"Scenario {name}: savings over the period"] = [MONEY, _money(result.total_savings)]
        out[f"Scenario {name}: costs over the period"] = [MONEY, _money(result.total_costs)]
        out[f"Scenario {name}: net present value"] = [MONEY, _money(result.npv)]
        out[f"Scenario {name}: payback year"] = [YEAR, str(result.payback_year or "")]
        for council in result.councils:
            out[f"Scenario {name}: {council.name}'s savings"] = [MONEY, _money(council.savings)]
    return out


def plan_of(result: ScenarioResult) -> dict[str, dict[str, dict[str, str]]]:
    """The plan the approved scenario sets, kept with the approved figures so that later edits do not move it: each
    council's savings and costs and each cluster's savings, by year (keys are years as text, as JSON keeps them)."""
    years = [str(y.year) for y in result.years]
    return {
        "councils": {c.code: {str(y.year): _money(y.savings) for y in c.years} for c in result.councils},
        "costs": {c.code: {str(y.year): _money(y.costs) for y in c.years} for c in result.councils},
        "clusters": {c.name: dict(zip(years, map(_money, c.savings_by_year), strict=True)) for c in result.clusters},
    }


def plan_read(record: Mapping[str, Mapping[str, Mapping[str, str]]]) -> dict[str, dict[str, dict[int, Decimal]]]:
    """plan_of's record back as Decimal pounds by integer year."""
    return {
        part: {name: {int(year): Decimal(value) for year, value in by_year.items()} for name, by_year in rows.items()}
        for part, rows in record.items()
    }


@dataclass(frozen=True)
class Change:
    figure: str
    kind: str
    old: str | None  # None: not in the approved figures
    new: str | None  # None: no longer worked out


def changes_since(approved: Mapping[str, list[str]], now: Mapping[str, list[str]]) -> list[Change]:
    """Each figure that differs from what was approved, in the approved record's order, then any new figures."""
    out = []
    for figure, (kind, value) in approved.items():
        current = now.get(figure)
        if current is None:
            out.append(Change(figure, kind, value, None))
        elif current[1] != value:
            out.append(Change(figure, kind, value, current[1]))
    out += [Change(figure, kind, None, value) for figure, (kind, value) in now.items() if figure not in approved]
    return out
