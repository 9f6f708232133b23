"""Reads for the appraisal list and an appraisal's figures: the ORM gathered into the calculation's plain inputs."""

from dataclasses import dataclass, replace

from django.db.models import Count, QuerySet

from appraisal import calculations as calc
from appraisal.baselines.selectors import ScopeChoice, savings_range_list, scope_in_appraisal, service_scopes
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
    baselines: list[BaselineRow]  # with each service's scope in this appraisal


def appraisal_figures(*, appraisal: Appraisal) -> AppraisalFigures:
    """Gather the appraisal's baselines, savings ranges and deficits (a fixed handful of queries) and calculate."""
    councils = appraisal_councils(appraisal=appraisal)
    ids = [c.id for c in councils]
    codes = {c.id: c.code for c in councils}
    deficits = deficits_for_year(council_ids=ids, year=appraisal.deficit_year)
    scopes = service_scopes(appraisal_id=appraisal.pk)
    rows = [
        replace(row, scope=chosen.scope, scope_reason=chosen.reason)
        for row in baseline_rows(council_ids=ids, year=appraisal.base_year)
        for chosen in [
            scope_in_appraisal(default=ScopeChoice(row.scope, row.scope_reason), own=scopes.get(row.service_id))
        ]
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
        councils=[calc.CouncilInput(code=c.code, name=c.name, deficit=deficits.get(c.id)) for c in councils],
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
        appraisal=appraisal, councils=councils, data=data, summary=calc.summarise(data), baselines=rows
    )


def appraisal_summary(*, appraisal: Appraisal) -> tuple[calc.AppraisalSummary | None, str]:
    """The appraisal's calculated figures for a page that edits their inputs: (summary, "") or, when the inputs
    cannot be worked out, (None, why), so that the page still opens to put them right."""
    try:
        return appraisal_figures(appraisal=appraisal).summary, ""
    except calc.CalculationError as exc:
        return None, str(exc)
