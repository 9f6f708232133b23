"""Reads for the appraisal list and an appraisal's figures: the ORM gathered into the calculation's plain inputs."""

from dataclasses import dataclass, replace

from django.db.models import Count, QuerySet

from appraisal import calculations as calc
from appraisal.baselines.selectors import ScopedService, appraisal_services, savings_range_list
from appraisal.models import Appraisal
from appraisal.permissions import appraisals_visible_to
from councils.models import Council
from councils.selectors import deficits_for_year
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


def appraisal_councils(*, appraisal: Appraisal) -> list[Council]:
    return [m.council for m in appraisal.memberships.select_related("council").order_by("position", "council__name")]


@dataclass(frozen=True)
class AppraisalFigures:
    """What an appraisal page, command or report needs: its councils, inputs, and the calculated summary."""

    appraisal: Appraisal
    councils: list[Council]
    data: calc.AppraisalInput
    summary: calc.AppraisalSummary
    baselines: list[BaselineRow]  # the base-year baselines of the services it covers, each with its scope in it
    services: tuple[ScopedService, ...] = ()  # every service it covers, those without a budget too, in table order


def appraisal_figures(*, appraisal: Appraisal) -> AppraisalFigures:
    """Gather the appraisal's baselines, savings ranges and deficits (a fixed handful of queries) and calculate.

    Only the services the appraisal covers (appraisal/baselines/selectors.py appraisal_services) enter its figures:
    its councils' budgets for other services, which other appraisals may cover, are left out."""
    councils = appraisal_councils(appraisal=appraisal)
    ids = [c.id for c in councils]
    codes = {c.id: c.code for c in councils}
    deficits = deficits_for_year(council_ids=ids, year=appraisal.deficit_year)
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
            calc.CouncilInput(c.code, c.name, deficits.get(c.id), net_revenue_budget=c.net_revenue_budget)
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
    )


def appraisal_summary(*, appraisal: Appraisal) -> tuple[calc.AppraisalSummary | None, str]:
    """The appraisal's calculated figures for a page that edits their inputs: (summary, "") or, when the inputs
    cannot be worked out, (None, why), so that the page still opens to put them right."""
    try:
        return appraisal_figures(appraisal=appraisal).summary, ""
    except calc.CalculationError as exc:
        return None, str(exc)
