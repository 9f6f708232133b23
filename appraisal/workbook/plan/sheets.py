"""Each sheet compared with the figures held: its changes, additions and removals, the operations to apply them,
and a problem for each row that cannot be applied. Pure: no queries (the Appraisal sheet is in appraisal_sheet.py)."""

from appraisal import formatting as fmt
from appraisal.baselines.selectors import ScopeChoice, scope_in_appraisal
from appraisal.baselines.services import ServiceScopeSet
from appraisal.workbook import contract
from appraisal.workbook.contract import normalise_name as _n
from appraisal.workbook.plan.ops import BaselinePlanned, NewClusterRef, NewServiceRef, RangePlanned, ServicePlanned
from appraisal.workbook.plan.planner import Planner
from appraisal.workbook.plan.preview import Addition, Change, Removal, baseline_details, money, number, scope_label
from appraisal.workbook.plan.state import ServiceRec
from appraisal.workbook.rows import Problem, ServiceRow
from councils import financial_years
from councils.models import Council
from councils.services import CouncilBudgets, FundingDeficitSet
from services.services import BaselineFigures, BaselineUpdate, ClusterCreate

TYPE_LABELS = dict(Council.CouncilType.choices)


def plan_councils(p: Planner) -> None:
    sheet = contract.COUNCILS.name
    if p.creating:
        p.partners = [p.state.councils[r.code] for r in p.parsed.councils if r.code in p.state.councils]
        if not p.parsed.councils:
            p.plan.problems.append(Problem(sheet, 2, "A", "list at least one partner council"))
    for r in p.parsed.councils:
        council = p.council(sheet, r.row, "code", r.code)
        if council is None:
            continue
        if _n(r.name) != _n(council.name):
            message = (
                f"'{r.name}' is not the name held for {council.code} ({council.name}); "
                "councils are renamed in Administration"
            )
            p.problem(sheet, r.row, "name", message)
        if r.type != council.type:
            message = (
                f"{council.code} is held as {TYPE_LABELS[council.type]}, not {TYPE_LABELS[r.type]}; "
                "council types are changed in Administration"
            )
            p.problem(sheet, r.row, "type", message)
        what = f"{council.name} ({council.code})"
        changes = [
            Change(sheet, r.row, what, name, money(old), money(new))
            for name, old, new in (
                ("net_budget", council.net_budget, r.net_budget),
                ("gross_budget", council.gross_budget, r.gross_budget),
            )
            if old != new
        ]
        if changes and p.may_change(sheet, r.row, "code", council):
            p.plan.changes += changes
            p.ops.councils.append(CouncilBudgets(council.id, r.net_budget, r.gross_budget))


def plan_deficits(p: Planner) -> None:
    sheet = contract.DEFICITS.name
    for r in p.parsed.deficits:
        council = p.council(sheet, r.row, "council_code", r.council_code)
        if council is None:
            continue
        what = f"{council.code} {financial_years.label(r.year)}"
        held = p.state.deficits.get((council.id, r.year))
        if held == r.amount or not p.may_change(sheet, r.row, "council_code", council):
            continue
        if held is None:
            p.plan.additions.append(Addition(sheet, r.row, what, f"deficit {fmt.money(r.amount)}"))
        else:
            p.plan.changes.append(Change(sheet, r.row, what, "amount", fmt.money(held), fmt.money(r.amount)))
        p.ops.deficits.append(FundingDeficitSet(council.id, r.year, r.amount))


def plan_services(p: Planner) -> None:
    sheet = contract.SERVICES.name
    positions: dict[str, int] = {}  # normalised cluster name -> how many new services it has
    for r in p.parsed.services:
        ckey, skey = _n(r.cluster), _n(r.service)
        if p.can_create_catalogue:
            if ckey not in p.state.clusters and ckey not in p.new_clusters:
                p.new_clusters[ckey] = ClusterCreate(r.cluster, r.out_of_scope)
                p.ops.new_clusters.append(p.new_clusters[ckey])
                out = " (out-of-scope expenditure)" if r.out_of_scope else ""
                p.plan.additions.append(Addition(sheet, r.row, r.cluster, f"new service cluster{out}"))
            if (ckey, skey) not in p.state.services:
                positions[ckey] = positions.get(ckey, 0) + 1
                p.new_services[(ckey, skey)] = r.service
                cluster = p.state.clusters[ckey].id if ckey in p.state.clusters else NewClusterRef(ckey)
                ref = NewServiceRef(ckey, skey)
                p.ops.new_services.append(
                    ServicePlanned(ref, cluster, r.service, positions[ckey], r.scope, r.reason or "")
                )
                what = f"{r.cluster}: {r.service}"
                p.plan.additions.append(Addition(sheet, r.row, what, f"new service, {scope_label(r.scope)}"))
                continue
        if p.service(sheet, r.row, r.cluster, r.service) is not None:
            _plan_scope(p, sheet, r, p.state.services[(ckey, skey)])


def _plan_scope(p: Planner, sheet: str, r: ServiceRow, service: ServiceRec) -> None:
    own = p.state.scopes.get(service.id)
    current = scope_in_appraisal(default=service.default_scope, own=own)
    wanted = ScopeChoice(r.scope, r.reason if r.reason is not None else current.reason)
    if wanted == current or not p.may_change_assumptions(sheet, r.row, "scope"):
        return
    what = f"{service.cluster}: {service.name}"
    if current.scope != wanted.scope:
        old, new = scope_label(current.scope), scope_label(wanted.scope)
        p.plan.changes.append(Change(sheet, r.row, what, "scope", old, new))
    if current.reason != wanted.reason:
        old, new = current.reason or "blank", wanted.reason or "blank"
        p.plan.changes.append(Change(sheet, r.row, what, "reason", old, new))
    # Back to the service's own default: the appraisal needs no scope of its own.
    back_to_default = own is not None and wanted == service.default_scope
    p.ops.scopes.append(ServiceScopeSet(service.id, None if back_to_default else wanted))


def plan_baselines(p: Planner) -> None:
    """The bulk of a workbook (20,000 rows in the benchmark): the loop keeps what it uses in locals."""
    sheet = contract.BASELINES.name
    held_all, services = p.state.baselines, p.state.services
    changes, additions = p.plan.changes, p.plan.additions
    creates, updates = p.ops.baseline_creates, p.ops.baseline_updates
    for r in p.parsed.baselines:
        council = p.council(sheet, r.row, "council_code", r.council_code)
        found = services.get((_n(r.cluster), _n(r.service)))
        ref = found.id if found is not None else p.service(sheet, r.row, r.cluster, r.service)
        if council is None or ref is None:
            continue
        figures = BaselineFigures(r.gross_budget, r.net_budget, r.fte, r.third_party_spend)
        held = held_all.get((council.id, ref, r.year)) if found is not None else None
        if held is not None and held.figures == figures:
            continue
        if not p.may_change(sheet, r.row, "council_code", council):
            continue
        service_name = found.name if found is not None else r.service
        what = f"{council.code} · {service_name} · {financial_years.label(r.year)}"
        if held is None:
            additions.append(Addition(sheet, r.row, what, figures, baseline_details))
            creates.append(BaselinePlanned(council.id, ref, r.year, figures))
            continue
        for name, old, new in zip(BaselineFigures._fields, held.figures, figures, strict=True):
            if old != new:
                changes.append(Change(sheet, r.row, what, name, old, new, number if name == "fte" else fmt.money))
        updates.append(BaselineUpdate(held.pk, council.id, ref, r.year, figures, held.version))


def plan_savings(p: Planner) -> None:
    sheet = contract.SAVINGS.name
    for r in p.parsed.savings:
        ref = p.cluster(sheet, r.row, "cluster", r.cluster)
        if ref is None:
            continue
        cluster = p.clusters_by_id[ref] if isinstance(ref, int) else p.new_clusters[ref.key]
        held = p.state.savings.get(ref) if isinstance(ref, int) else None
        if r.min_saving is not None and cluster.out_of_scope:
            message = f"{cluster.name} is out-of-scope expenditure: it cannot have a savings range"
            p.problem(sheet, r.row, "cluster", message)
            continue
        if r.min_saving is None:
            if held is not None and p.may_change_assumptions(sheet, r.row, "min_saving"):
                shown = f"savings range {fmt.money(held.min_saving)} to {fmt.money(held.max_saving)}"
                p.plan.removals.append(Removal(sheet, r.row, cluster.name, shown))
                p.ops.savings.append(RangePlanned(ref, None, None))
            continue
        if held is not None and (held.min_saving, held.max_saving) == (r.min_saving, r.max_saving):
            continue
        if not p.may_change_assumptions(sheet, r.row, "min_saving"):
            continue
        if held is None:
            shown = f"savings range {fmt.money(r.min_saving)} to {fmt.money(r.max_saving)}"
            p.plan.additions.append(Addition(sheet, r.row, cluster.name, shown))
        else:
            for column, old, new in (
                ("min_saving", held.min_saving, r.min_saving),
                ("max_saving", held.max_saving, r.max_saving),
            ):
                if old != new:
                    p.plan.changes.append(Change(sheet, r.row, cluster.name, column, fmt.money(old), fmt.money(new)))
        p.ops.savings.append(RangePlanned(ref, r.min_saving, r.max_saving))
