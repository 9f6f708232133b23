"""Check a workbook (preview) and apply it: all of it in one transaction, or nothing.

Baselines, the bulk of any workbook, are written with django-simple-history's bulk helpers so 20,000 rows
take one INSERT or UPDATE per batch and still leave an audit row each. The few other rows go through the
apps' own write services (validated, saved only if changed, history user recorded).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from appraisal.baselines.services import savings_range_set
from appraisal.models import Appraisal, SavingsRange, ServiceScope
from appraisal.summary.services import appraisal_upsert
from appraisal.workbook import contract
from appraisal.workbook.plan import Actor, Plan, actor_for, council_codes, plan_make, state_load
from appraisal.workbook.reader import ParsedWorkbook, Problem, read_workbook
from appraise.writes import save_if_changed
from councils.models import Council
from councils.services import funding_deficit_set
from services.models import Baseline, Service, ServiceCluster
from services.services import cluster_upsert

STALE_PREVIEW = "The figures changed since your preview; upload again."
BATCH = 1000


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
    return _plan(parsed=_parsed(content, file_name, parsed), slug=slug, user=user, actor=actor)


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
    with transaction.atomic():
        # Serialise imports into one appraisal, so two confirmations cannot interleave.
        existing = Appraisal.objects.select_for_update().filter(slug=slug).first()
        plan = _plan(parsed=parsed, slug=slug, user=user, actor=actor)
        if fingerprint is not None and fingerprint != plan.fingerprint:
            raise StalePreview
        if plan.problems:
            raise WorkbookRejected(plan.problems)
        try:
            appraisal = _execute(plan, existing, user)
        except ValidationError as exc:  # the plan checks everything first; this is the last line of defence
            raise WorkbookRejected([Problem("", None, None, m) for m in exc.messages]) from exc
    return Applied(plan, appraisal)


_UPDATED = ["gross_budget", "net_budget", "fte", "third_party_spend", "version", "updated_at", "updated_by"]


def _update_baselines(rows: list[Baseline]) -> None:
    """UPDATE ... WHERE id = %s for each row, as one executemany.

    Django's bulk_update builds a CASE WHEN per column over the whole batch, which SQLite evaluates row by
    row: about a second per thousand rows here, so 20,000 changed baselines took half a minute. One
    prepared UPDATE by primary key, run for every row, takes a fraction of a second on SQLite and PostgreSQL.
    """
    meta = Baseline._meta
    fields = [meta.get_field(name) for name in _UPDATED]
    qn = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        qn(meta.db_table), ", ".join(f"{qn(f.column)} = %s" for f in fields), qn(meta.pk.column)
    )
    params = [[f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] + [row.pk] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _execute(plan: Plan, appraisal: Appraisal | None, user) -> Appraisal:
    ops = plan.ops
    clusters = {contract.normalise_name(name): pk for pk, name in ServiceCluster.objects.values_list("id", "name")}

    # New clusters and services: only for a programme admin creating an appraisal.
    position = max(ServiceCluster.objects.values_list("position", flat=True), default=0)
    for name, out_of_scope in ops.new_clusters:
        position += 1
        clusters[contract.normalise_name(name)] = cluster_upsert(
            name=name, position=position, out_of_scope=out_of_scope
        ).pk
    new_services = []
    counts: dict[int, int] = {}
    for cluster_key, name, scope, reason in ops.new_services:
        cluster_id = clusters[cluster_key]
        counts[cluster_id] = counts.get(cluster_id, 0) + 1
        service = Service(
            cluster_id=cluster_id, name=name, position=counts[cluster_id], scope=scope, scope_reason=reason
        )
        service.full_clean(validate_unique=False)
        new_services.append(service)
    services = {}
    for service in Service.objects.bulk_create(new_services, batch_size=BATCH):
        cluster_key = next(k for k, v in clusters.items() if v == service.cluster_id)
        services[("new", cluster_key, contract.normalise_name(service.name))] = service.pk

    def cluster_id(ref) -> int:
        return ref if isinstance(ref, int) else clusters[ref[1]]

    def service_id(ref) -> int:
        return ref if isinstance(ref, int) else services[ref]

    if ops.appraisal is not None:
        values = ops.appraisal
        if values["council_ids"] is not None:
            by_id = Council.objects.in_bulk(values["council_ids"])
            councils = [by_id[i] for i in values["council_ids"]]
        else:
            councils = [m.council for m in appraisal.memberships.select_related("council").order_by("position")]
        appraisal = appraisal_upsert(
            slug=plan.slug,
            title=values["title"],
            base_year=values["base_year"],
            deficit_year=values["deficit_year"],
            councils=councils,
            description=appraisal.description if appraisal else "",
            status=appraisal.status if appraisal else Appraisal.Status.DRAFT,
            report_date=appraisal.report_date if appraisal else None,
        )

    council_objects = Council.objects.in_bulk([c for c, _, _ in ops.councils] + [c for c, _, _ in ops.deficits])
    for pk, net, gross in ops.councils:
        # Only the budgets change (the plan refuses another name or type); saved with the user, so the council's
        # history says who changed them (council_upsert records no user).
        save_if_changed(council_objects[pk], {"net_revenue_budget": net, "gross_budget": gross}, user=user)
    for pk, year, amount in ops.deficits:
        funding_deficit_set(council=council_objects[pk], year=year, amount=amount, user=user)

    now = timezone.now()
    created = [
        Baseline(
            council_id=council,
            service_id=service_id(ref),
            year=year,
            gross_budget=gross,
            net_budget=net,
            fte=fte,
            third_party_spend=tps,
            updated_by=user,
        )
        for council, ref, year, gross, net, fte, tps in ops.baseline_creates
    ]
    if created:
        bulk_create_with_history(created, Baseline, batch_size=BATCH, default_user=user)
    updated = [
        Baseline(
            pk=pk,
            council_id=council,
            service_id=service,
            year=year,
            gross_budget=gross,
            net_budget=net,
            fte=fte,
            third_party_spend=tps,
            version=version + 1,
            updated_at=now,
            updated_by=user,
        )
        for pk, council, service, year, gross, net, fte, tps, version in ops.baseline_updates
    ]
    if updated:
        _update_baselines(updated)
        # fields=[]: the rows were updated just above; this writes one history row for each, in bulk.
        bulk_update_with_history(updated, Baseline, fields=[], batch_size=BATCH, default_user=user)

    cluster_objects = ServiceCluster.objects.in_bulk([cluster_id(ref) for ref, _, _ in ops.savings])
    for ref, low, high in ops.savings:
        savings_range_set(
            appraisal=appraisal, cluster=cluster_objects[cluster_id(ref)], min_saving=low, max_saving=high, user=user
        )
    for savings in SavingsRange.objects.filter(pk__in=ops.savings_removes):
        savings._history_user = user
        savings.delete()
    held = {s.service_id: s for s in ServiceScope.objects.filter(appraisal=appraisal)}
    for service, scope, reason in ops.scopes:
        row = held.get(service) or ServiceScope(appraisal=appraisal, service_id=service)
        save_if_changed(row, {"scope": scope, "reason": reason}, user=user)
    for scope in ServiceScope.objects.filter(pk__in=ops.scope_removes):
        scope._history_user = user
        scope.delete()
    return appraisal
