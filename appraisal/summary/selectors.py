"""Reads for the appraisal list and an appraisal's figures: the ORM gathered into the calculation's plain inputs."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, QuerySet

from appraisal import calculations as calc
from appraisal.baselines.selectors import ScopedService, appraisal_services, savings_range_list
from appraisal.models import Appraisal, AppraisalCouncil
from appraisal.permissions import appraisals_visible_to
from councils.models import Council
from councils.selectors import deficits_by_council
from services.selectors import BaselineRow, baseline_rows


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
    baselines: list[BaselineRow]  # the base-year baselines of the services it covers, each with its scope in it
    services: tuple[ScopedService, ...] = ()  # every service it covers, those without a budget too, in table order
    # Read with the councils, so that a scenario's plan (scenarios/selectors.py appraisal_plan) need not read them
    # again: council id -> year -> forecast funding gap, and council code -> (first year, last year) for the
    # partners joining or leaving.
    deficits: Mapping[int, Mapping[int, Decimal]] = field(default_factory=dict)
    membership: Mapping[str, tuple[int | None, int | None]] = field(default_factory=dict)


def appraisal_figures(*, appraisal: Appraisal) -> AppraisalFigures:
    """Gather the appraisal's baselines, savings ranges and deficits (a fixed handful of queries) and calculate.

    Only the services the appraisal covers (appraisal/baselines/selectors.py appraisal_services) enter its figures:
    its councils' budgets for other services, which other appraisals may cover, are left out."""
    memberships = appraisal_memberships(appraisal=appraisal)
    councils = [m.council for m in memberships]
    ids = [c.id for c in councils]
    codes = {c.id: c.code for c in councils}
    by_year = {cid: {d.year: d.amount for d in rows} for cid, rows in deficits_by_council(council_ids=ids).items()}
    services = appraisal_services(appraisal_id=appraisal.pk)
    scopes = {s.service_id: s for s in services}
    rows = [
        replace(row, scope=scopes[row.service_id].scope, scope_reason=scopes[row.service_id].reason)
        for row in baseline_rows(council_ids=ids, year=appraisal.base_year, service_ids=list(scopes))
    ]
    ranges = savings_range_list(appraisal=appraisal)

    # The appraisal's clusters: those its councils have budgets in, and those it has a savings range for.
    clusters: dict[int, tuple] = {}
    for row in rows:
        clusters[row.cluster_id] = (row.cluster_position, row.cluster, row.cluster_out_of_scope)
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
        lines=[
            calc.BudgetLine(
                council=codes[row.council_id],
                cluster=row.cluster,
                service=row.service,
                net_budget=row.net_budget,
                scope=row.scope,
            )
            for row in rows
        ],
    )
    return AppraisalFigures(
        appraisal=appraisal,
        councils=councils,
        data=data,
        summary=calc.summarise(data),
        baselines=rows,
        services=tuple(services),
        deficits=by_year,
        membership={
            m.council.code: (m.join_year, m.leave_year)
            for m in memberships
            if m.join_year is not None or m.leave_year is not None
        },
    )


def appraisal_summary(*, appraisal: Appraisal) -> tuple[calc.AppraisalSummary | None, str]:
    """The appraisal's calculated figures for a page that edits their inputs: (summary, "") or, when the inputs
    cannot be worked out, (None, why), so that the page still opens to put them right."""
    try:
        return appraisal_figures(appraisal=appraisal).summary, ""
    except calc.CalculationError as exc:
        return None, str(exc)
