"""Check a workbook (preview) and apply it: all of it in one transaction, or nothing.

apply.py only orchestrates: each model is written by the bulk service of the app that owns it (clusters, services
and baselines by services/services.py, councils, their budgets and deficits by councils/services.py, savings ranges
and the services in the appraisal's scope by appraisal/baselines/services.py, the appraisal by
appraisal/summary/services.py, posts one by one by appraisal/staffing/services.py), in the order below, so a new
council exists before the appraisal it joins and its deficits, a new cluster before its services and a new service
before its baselines.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from appraisal.baselines.services import (
    SavingsRangeSet,
    ServiceScopeSet,
    savings_ranges_bulk_apply,
    service_scopes_bulk_apply,
)
from appraisal.models import Appraisal, Grade, Post
from appraisal.staffing.services import post_create, post_update
from appraisal.summary.services import appraisal_upsert
from appraisal.workbook.changed_since import plan_named
from appraisal.workbook.contract import normalise_name
from appraisal.workbook.plan import Actor, Plan, actor_for, council_codes, plan_make, state_load
from appraisal.workbook.plan.ops import (
    AppraisalPlanned,
    ClusterRef,
    CouncilRef,
    NewClusterRef,
    NewCouncilRef,
    NewServiceRef,
    Operations,
    PostPlanned,
    ServiceRef,
)
from appraisal.workbook.reader import read_workbook
from appraisal.workbook.rows import ParsedWorkbook, Problem
from appraise.collector import collector_paused
from appraise.writes import StaleEdit
from councils.models import Council
from councils.services import FundingDeficitSet, councils_bulk_create, councils_bulk_update, funding_deficits_bulk_apply
from services.models import ServiceCluster
from services.services import (
    BaselineCreate,
    ServiceCreate,
    baseline_bulk_apply,
    cluster_bulk_create,
    service_bulk_create,
)

STALE_PREVIEW = "The figures changed since your preview; upload again."


class WorkbookRejected(Exception):
    """The workbook has problems; nothing was changed."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the workbook")


class StalePreview(Exception):
    def __init__(self):
        super().__init__(STALE_PREVIEW)


@dataclass(frozen=True)
class Applied:
    plan: Plan
    appraisal: Appraisal


def _plan(*, parsed: ParsedWorkbook, slug: str, user=None, actor: Actor | None = None) -> Plan:
    state = state_load(slug=slug, council_codes=council_codes(parsed))
    if actor is None:
        actor = actor_for(user, Appraisal.objects.filter(slug=slug).first())
    return plan_make(parsed, state, actor)


def _parsed(content: bytes | None, file_name: str, parsed: ParsedWorkbook | None) -> ParsedWorkbook:
    if parsed is None:
        if content is None:
            raise TypeError("give the workbook's content or what was read from it (parsed)")
        parsed = read_workbook(content, file_name=file_name)
    return parsed


def workbook_preview(
    *,
    content: bytes | None = None,
    file_name: str = "",
    parsed: ParsedWorkbook | None = None,
    slug: str,
    user=None,
    actor: Actor | None = None,
) -> Plan:
    """What the workbook would change, or its problems; changes nothing. user None: the command line (admin).

    Give the file's content, or `parsed`, what read_workbook made of it (an upload keeps that, see uploads.py).
    """
    plan = _plan(parsed=_parsed(content, file_name, parsed), slug=slug, user=user, actor=actor)
    return plan_named(plan, user=user)  # who changed the figures kept since the download, as the preview names them


def workbook_apply(
    *,
    content: bytes | None = None,
    file_name: str = "",
    parsed: ParsedWorkbook | None = None,
    slug: str,
    user=None,
    actor: Actor | None = None,
    fingerprint: str | None = None,
) -> Applied:
    """Apply the workbook (its content, or `parsed`) in one transaction. Raises WorkbookRejected (with every
    problem) or StalePreview (the figures changed since the preview with that fingerprint); either way nothing is
    changed."""
    parsed = _parsed(content, file_name, parsed)
    # The collector paused for the whole import, as for the plan (appraise/collector.py): the rows written are tuples
    # and records with no cycles, and each collection would walk the workbook and the plan again (issue 22: a
    # fifth of a 20,000-row import's writing went on it).
    with transaction.atomic(), collector_paused():
        # Serialise imports into one appraisal, so two confirmations cannot interleave.
        existing = Appraisal.objects.select_for_update().filter(slug=slug).first()
        plan = _plan(parsed=parsed, slug=slug, user=user, actor=actor)
        if fingerprint is not None and fingerprint != plan.fingerprint:
            raise StalePreview
        if plan.problems:
            raise WorkbookRejected(plan.problems)
        try:
            appraisal = _execute(plan, existing, user)
        except StaleEdit as exc:  # a post changed since the preview: its fingerprint has already said so
            raise StalePreview from exc
        except ValidationError as exc:  # the plan checks everything first; this is the last line of defence
            raise WorkbookRejected([Problem("", None, None, m) for m in exc.messages]) from exc
    return Applied(plan, appraisal)


@dataclass(frozen=True)
class _Created:
    """The ids of the councils, clusters and services this import created, for the operations that name them."""

    councils: dict[NewCouncilRef, int]
    clusters: dict[NewClusterRef, int]
    services: dict[NewServiceRef, int]

    def council_id(self, ref: CouncilRef) -> int:
        return self.councils[ref] if isinstance(ref, NewCouncilRef) else ref

    def cluster_id(self, ref: ClusterRef) -> int:
        return self.clusters[ref] if isinstance(ref, NewClusterRef) else ref

    def service_id(self, ref: ServiceRef) -> int:
        return self.services[ref] if isinstance(ref, NewServiceRef) else ref


def _catalogue_create(ops: Operations, user) -> _Created:
    """New councils, clusters, then services: only for a programme admin creating an appraisal."""
    councils = {NewCouncilRef(c.code): c.pk for c in councils_bulk_create(councils=ops.new_councils, user=user)}
    made = cluster_bulk_create(clusters=ops.new_clusters)
    clusters = {NewClusterRef(normalise_name(c.name)): c.pk for c in made}
    created = _Created(councils, clusters, {})
    new = [
        ServiceCreate(created.cluster_id(s.cluster), s.name, s.position, s.scope, s.scope_reason)
        for s in ops.new_services
    ]
    services = service_bulk_create(services=new)
    return _Created(councils, clusters, {s.ref: row.pk for s, row in zip(ops.new_services, services, strict=True)})


def _appraisal_save(slug: str, values: AppraisalPlanned, appraisal: Appraisal | None, created: _Created) -> Appraisal:
    ids = [created.council_id(ref) for ref in values.council_ids]
    by_id = Council.objects.in_bulk(ids)
    return appraisal_upsert(
        slug=slug,
        title=values.title,
        base_year=values.base_year,
        deficit_year=values.deficit_year,
        councils=[by_id[i] for i in ids],
        description=appraisal.description if appraisal else "",
        status=appraisal.status if appraisal else Appraisal.Status.DRAFT,
        report_date=appraisal.report_date if appraisal else None,
    )


def _execute(plan: Plan, appraisal: Appraisal | None, user) -> Appraisal:
    ops = plan.ops
    created = _catalogue_create(ops, user)
    if ops.appraisal is not None:
        appraisal = _appraisal_save(plan.slug, ops.appraisal, appraisal, created)
    councils_bulk_update(budgets=ops.councils, user=user)
    deficits = [FundingDeficitSet(created.council_id(d.council), d.year, d.amount) for d in ops.deficits]
    funding_deficits_bulk_apply(deficits=deficits, user=user)
    creates = [
        BaselineCreate(created.council_id(b.council), created.service_id(b.service), b.year, b.figures)
        for b in ops.baseline_creates
    ]
    baseline_bulk_apply(creates=creates, updates=ops.baseline_updates, user=user)
    ranges = [SavingsRangeSet(created.cluster_id(r.cluster), r.min_saving, r.max_saving) for r in ops.savings]
    savings_ranges_bulk_apply(appraisal=appraisal, ranges=ranges, user=user)
    scopes = [ServiceScopeSet(created.service_id(s.service), s.choice) for s in ops.scopes]
    service_scopes_bulk_apply(appraisal=appraisal, scopes=scopes, user=user)
    _posts_save(appraisal, ops.posts, user)
    return appraisal


def _posts_save(appraisal: Appraisal, posts: list[PostPlanned], user) -> None:
    """Posts added and changed one by one through the staffing services (a few dozen a structure), each with the
    models it names fetched first in four queries."""
    if not posts:
        return
    models = {
        "cluster": ServiceCluster.objects.in_bulk({p.values["cluster"] for p in posts}),
        "grade": Grade.objects.in_bulk({p.values["grade"] for p in posts}),
        "council": Council.objects.in_bulk({p.values["council"] for p in posts}),
        "continues": Post.objects.in_bulk({p.values["continues"] for p in posts} - {None}),
    }
    for planned in posts:
        values = {**planned.values, **{k: found.get(planned.values[k]) for k, found in models.items()}}
        if planned.post_id is None:
            post_create(appraisal=appraisal, option_id=planned.option_id, values=values, user=user)
        else:
            post_update(appraisal=appraisal, post_id=planned.post_id, values=values, version=planned.version, user=user)
