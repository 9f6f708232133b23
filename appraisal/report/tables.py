"""The report's tables of baselines and scope, built from the appraisal's figures (pure: no ORM, no request).

- Appendix A: each service's net budget by council, grouped by cluster, and each council's totals.
- The two scope tables of seed 001 §2.3: key services by cluster, and the rest, each with its reasons once.

Every net budget by cluster and council comes from the calculation's summary (ClusterSummary.council_net_budgets,
CouncilSummary.net_budget), so the appendix and the savings table cannot disagree; only what the summary does not
hold (each service's row, and the gross budgets, FTEs and third-party spend) is read from the baselines here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from appraisal.calculations.summary_types import EXCLUDED, KEY

ZERO = Decimal(0)


@dataclass(frozen=True)
class ServiceNets:
    """One service's row in Appendix A: its net budget in each council (None where a council has no baseline)."""

    service: str
    scope: str
    nets: tuple[Decimal | None, ...]
    total: Decimal


@dataclass(frozen=True)
class ClusterNets:
    """One cluster's group in Appendix A: its services, and its net budget in each council."""

    name: str  # as the report names it, saying it is out of scope where it is
    out_of_scope: bool
    rows: tuple[ServiceNets, ...]
    nets: tuple[Decimal, ...]
    total: Decimal


@dataclass(frozen=True)
class CouncilTotals:
    """A council's baseline, all services together."""

    name: str
    gross: Decimal
    net: Decimal
    fte: Decimal
    third_party: Decimal


@dataclass(frozen=True)
class BaselineAppendix:
    """Appendix A: net budgets by service (rows) and council (columns), and each council's totals."""

    councils: tuple  # Council objects, in table order
    clusters: tuple[ClusterNets, ...]
    nets: tuple[Decimal, ...]  # each council's total net budget
    total: Decimal
    council_totals: tuple[CouncilTotals, ...]


@dataclass(frozen=True)
class ScopeRow:
    """One cluster's row in a scope table, as seed 001 §2.3 sets it out: its services and, once each, the reasons
    given for them (the approaches to realise value, or the challenge to integrating them)."""

    cluster: str
    services: tuple[str, ...]
    reasons: tuple[str, ...]


def cluster_label(name: str, out_of_scope: bool) -> str:
    """A cluster's name in the report, saying it is out of scope unless its name already does."""
    return name if not out_of_scope or "out of scope" in name.lower() else f"{name} (out of scope)"


def baseline_appendix(figures) -> BaselineAppendix:
    """One row per service with each council's net budget, grouped by cluster: a table that stays a few pages
    long for ten councils (one table per council and measure would be dozens of pages, slow to print and read)."""
    councils = figures.councils
    column = {c.id: i for i, c in enumerate(councils)}
    services: dict[int, tuple[str, str, list]] = {}  # service id -> its name, scope and net budget in each council
    clusters: dict[str, list[int]] = {}  # cluster name -> its services' ids; both in table order
    for row in figures.baselines:
        if row.service_id not in services:
            services[row.service_id] = (row.service, row.scope, [None] * len(councils))
            clusters.setdefault(row.cluster, []).append(row.service_id)
        services[row.service_id][2][column[row.council_id]] = row.net_budget or ZERO
    summary = figures.summary
    by_name = {c.name: c for c in summary.clusters}
    groups = [_cluster_nets(by_name[name], [services[i] for i in ids], councils) for name, ids in clusters.items()]
    nets = tuple(c.net_budget for c in summary.councils)
    return BaselineAppendix(tuple(councils), tuple(groups), nets, summary.totals.net_budget, _council_totals(figures))


def _cluster_nets(cluster, services: list[tuple[str, str, list]], councils) -> ClusterNets:
    rows = tuple(
        ServiceNets(name, scope, tuple(nets), sum((n for n in nets if n is not None), ZERO))
        for name, scope, nets in services
    )
    nets = tuple(cluster.council_net_budgets[c.code] for c in councils)
    label = cluster_label(cluster.name, cluster.out_of_scope)
    return ClusterNets(label, cluster.out_of_scope, rows, nets, cluster.net_budget)


def _council_totals(figures) -> tuple[CouncilTotals, ...]:
    """Each council's gross budget, FTEs and third-party spend summed over its services; its net budget is the
    summary's."""
    sums = {c.id: [ZERO, ZERO, ZERO] for c in figures.councils}  # gross budget, FTEs, third-party spend
    for row in figures.baselines:
        gross_fte_spend = sums[row.council_id]
        gross_fte_spend[0] += row.gross_budget or ZERO
        gross_fte_spend[1] += row.fte or ZERO
        gross_fte_spend[2] += row.third_party_spend or ZERO
    return tuple(
        CouncilTotals(council.name, sums[council.id][0], summary.net_budget, sums[council.id][1], sums[council.id][2])
        for council, summary in zip(figures.councils, figures.summary.councils, strict=True)
    )


def scope_rows(figures) -> tuple[tuple[ScopeRow, ...], tuple[ScopeRow, ...]]:
    """The key services by cluster, and the rest (limited value, excluded, out-of-scope clusters) by cluster:
    the two scope tables of seed 001 §2.3, in the order of the appraisal's clusters and services."""
    key: dict[str, tuple[list, dict]] = {}
    other: dict[str, tuple[list, dict]] = {}
    seen: set[int] = set()
    for row in figures.services:  # every service the appraisal covers, those without a budget too
        if row.service_id in seen:
            continue
        seen.add(row.service_id)
        cluster, name = row.cluster, row.service
        if row.cluster_out_of_scope:
            services, reasons = other.setdefault(cluster_label(cluster, True), ([], {}))
        elif row.scope == KEY:
            services, reasons = key.setdefault(cluster, ([], {}))
        else:
            services, reasons = other.setdefault(cluster, ([], {}))
            if row.scope == EXCLUDED:
                name = f"{name} (excluded)"
        services.append(name)
        reason = (row.scope_reason or "").strip()
        if reason:
            reasons.setdefault(reason, None)  # a dict keeps the reasons once each, in order

    def rows(groups) -> tuple[ScopeRow, ...]:
        return tuple(ScopeRow(cluster, tuple(names), tuple(reasons)) for cluster, (names, reasons) in groups.items())

    return rows(key), rows(other)
