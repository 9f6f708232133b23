"""Reads for the appraisal list and an appraisal's figures: the ORM gathered into the calculation's plain inputs."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Count, QuerySet

from appraisal import calculations as calc
from appraisal.baselines.selectors import ScopedService, appraisal_services, savings_range_list
from appraisal.models import Appraisal, AppraisalCouncil
from appraisal.permissions import appraisals_visible_to
from councils.models import Council
from councils.selectors import deficits_by_council
from services.selectors import BaselineRow, baseline_rows, net_budgets


def appraisal_list(*, visible_to) -> QuerySet[Appraisal]:
    """The appraisals this user may see, each with its councils and their count."""
    visible = appraisals_visible_to(visible_to).values("pk")
    return (
        Appraisal.objects.filter(pk__in=visible)
        .annotate(council_count=Count("memberships"))
        .prefetch_related("councils")
    )


def appraisal_get(*, slug: str) -> Appraisal:
    """The appraisal with that slug; raises Appraisal.DoesNotExist."""
    return Appraisal.objects.get(slug=slug)


def appraisal_memberships(*, appraisal: Appraisal) -> list[AppraisalCouncil]:
    """The appraisal's partners in table order, each with its council and the years it joins or leaves."""
    return list(appraisal.memberships.select_related("council").order_by("position", "council__name"))


def appraisal_councils(*, appraisal: Appraisal) -> list[Council]:
    return [m.council for m in appraisal_memberships(appraisal=appraisal)]


@dataclass(frozen=True)
class AppraisalFigures:
    """What an appraisal page, command or report needs: its councils, inputs, and the calculated summary."""

    appraisal: Appraisal
    councils: list[Council]
    data: calc.AppraisalInput
    summary: calc.AppraisalSummary
    # The base-year baselines of the services it covers, each with its scope in it; empty when read with
    # with_baselines=False (a page that shows the figures but not the baselines).
    baselines: list[BaselineRow]
    # Read with the councils, so that a scenario's plan (scenarios/selectors.py appraisal_plan) need not read them
    # again: council id -> year -> forecast funding gap (deficits_by_year), and council code -> (first year, last
    # year) of the partners joining or leaving (partner_years).
    deficits: Mapping[int, Mapping[int, Decimal]]
    membership: Mapping[str, tuple[int | None, int | None]]
    services: tuple[ScopedService, ...] = ()  # every service it covers, those without a budget too, in table order


def deficits_by_year(*, council_ids) -> dict[int, dict[int, Decimal]]:
    """council id -> year -> its forecast funding gap (one query); every council listed, one without any forecast
    with none."""
    return {cid: {d.year: d.amount for d in rows} for cid, rows in deficits_by_council(council_ids=council_ids).items()}


def partner_years(memberships: list[AppraisalCouncil]) -> dict[str, tuple[int | None, int | None]]:
    """council code -> (first year, last year) of the partners that join or leave during the appraisal."""
    return {
        m.council.code: (m.join_year, m.leave_year)
        for m in memberships
        if m.join_year is not None or m.leave_year is not None
    }


def appraisal_figures(*, appraisal: Appraisal, with_baselines: bool = True) -> AppraisalFigures:
    """Gather the appraisal's baselines, savings ranges and deficits (a fixed handful of queries) and calculate.

    Only the services the appraisal covers (appraisal/baselines/selectors.py appraisal_services) enter its figures:
    its councils' budgets for other services, which other appraisals may cover, are left out. `with_baselines=False`:
    for a page that shows the figures but not the baselines (the scenario editor), only their net budgets are read
    (`baselines` is then empty): the figures are the same."""
    memberships = appraisal_memberships(appraisal=appraisal)
    councils = [m.council for m in memberships]
    by_year = deficits_by_year(council_ids=[c.id for c in councils])
    services = appraisal_services(appraisal_id=appraisal.pk)
    lines, clusters, rows = _budget_lines(appraisal, councils, services, with_baselines=with_baselines)
    ranges = savings_range_list(appraisal=appraisal)

    # The appraisal's clusters: those its councils have budgets in, and those it has a savings range for.
    for r in ranges:
        clusters[r.cluster_id] = (r.cluster.position, r.cluster.name, r.cluster.out_of_scope)
    by_cluster = {r.cluster_id: r for r in ranges}
    cluster_inputs = [
        calc.ClusterInput(
            name=name,
            out_of_scope=out,
            min_saving=by_cluster[cid].min_saving if cid in by_cluster else None,
            max_saving=by_cluster[cid].max_saving if cid in by_cluster else None,
        )
        for cid, (_, name, out) in sorted(clusters.items(), key=lambda item: (item[1][0], item[1][1]))
    ]
    data = calc.AppraisalInput(
        councils=[
            calc.CouncilInput(
                c.code, c.name, by_year[c.id].get(appraisal.deficit_year), net_revenue_budget=c.net_revenue_budget
            )
            for c in councils
        ],
        clusters=cluster_inputs,
        lines=lines,
    )
    return AppraisalFigures(
        appraisal=appraisal,
        councils=councils,
        data=data,
        summary=calc.summarise(data),
        baselines=rows,
        services=tuple(services),
        deficits=by_year,
        membership=partner_years(memberships),
    )


def _budget_lines(
    appraisal: Appraisal, councils: list[Council], services: list[ScopedService], *, with_baselines: bool
) -> tuple[list[calc.BudgetLine], dict[int, tuple], list[BaselineRow]]:
    """The base year's budget lines of the services the appraisal covers, in table order; the clusters they are in
    (id -> position, name, out of scope); and the baselines they come from (none unless `with_baselines`)."""
    codes = {c.id: c.code for c in councils}
    scopes = {s.service_id: s for s in services}
    read = {"council_ids": list(codes), "year": appraisal.base_year, "service_ids": list(scopes)}
    if with_baselines:
        rows = [_scoped(row, scopes[row.service_id]) for row in baseline_rows(**read)]
        nets = [(r.council_id, r.service_id, r.net_budget) for r in rows]
    else:
        # The net budgets alone, put in table order: `services` is in it already, and the councils are.
        order = {s.service_id: i for i, s in enumerate(services)}
        place = {cid: i for i, cid in enumerate(codes)}
        rows, nets = [], sorted(net_budgets(**read), key=lambda b: (order[b[1]], place[b[0]]))
    lines, clusters = [], {}
    for council_id, service_id, net in nets:
        s = scopes[service_id]
        lines.append(
            calc.BudgetLine(
                council=codes[council_id], cluster=s.cluster, service=s.service, net_budget=net, scope=s.scope
            )
        )
        clusters[s.cluster_id] = (s.cluster_position, s.cluster, s.cluster_out_of_scope)
    return lines, clusters, rows


def _scoped(row: BaselineRow, service: ScopedService) -> BaselineRow:
    """The baseline with the appraisal's scope for its service. Most appraisals keep each service's own scope and
    reason, so the row is kept as it is then (copying a dataclass costs ~10 us: 8 ms an edit at 800 services)."""
    if row.scope == service.scope and row.scope_reason == service.reason:
        return row
    return replace(row, scope=service.scope, scope_reason=service.reason)


def appraisal_summary(*, appraisal: Appraisal) -> tuple[calc.AppraisalSummary | None, str]:
    """The appraisal's calculated figures for a page that edits their inputs: (summary, "") or, when the inputs
    cannot be worked out, (None, why), so that the page still opens to put them right."""
    try:
        return appraisal_figures(appraisal=appraisal).summary, ""
    except calc.CalculationError as exc:
        return None, str(exc)
