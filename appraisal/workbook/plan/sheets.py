"""The Services, Baselines and Savings sheets compared with the figures held: their changes and additions, the
operations to apply them, and a problem for each row that cannot be applied. Pure: no queries (the Councils and
Deficits sheets are in councils_sheet.py, the Appraisal sheet in appraisal_sheet.py).

A blank cell keeps what is held, and a row left out is left alone: an import removes nothing.
"""

from decimal import Decimal

from appraisal import formatting as fmt
from appraisal.baselines.selectors import ScopeChoice, scope_for_new
from appraisal.workbook import contract, downloaded
from appraisal.workbook.contract import normalise_name as _n
from appraisal.workbook.plan.ops import (
    BaselinePlanned,
    NewClusterRef,
    NewServiceRef,
    RangePlanned,
    ScopePlanned,
    ServicePlanned,
)
from appraisal.workbook.plan.planner import Planner
from appraisal.workbook.plan.preview import Addition, Change, baseline_details, number, scope_label
from appraisal.workbook.plan.state import ServiceRec
from appraisal.workbook.rows import BaselineRow, ServiceRow
from councils import financial_years
from services.services import BaselineFigures, BaselineUpdate, ClusterCreate

ZERO = Decimal("0.00")


def plan_services(p: Planner) -> None:
    """Every service listed is in the appraisal (issue 15: an appraisal owns its scope), with the scope given."""
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
                p.ops.scopes.append(ScopePlanned(ref, ScopeChoice(r.scope, r.reason or "")))
                what = f"{r.cluster}: {r.service}"
                p.plan.additions.append(Addition(sheet, r.row, what, f"new service, {scope_label(r.scope)}"))
                continue
        if p.service(sheet, r.row, r.cluster, r.service) is not None:
            _plan_scope(p, sheet, r, p.state.services[(ckey, skey)])


def _plan_scope(p: Planner, sheet: str, r: ServiceRow, service: ServiceRec) -> None:
    """A service put in the appraisal, or its scope there changed; a blank reason keeps the reason held."""
    held = p.state.scopes.get(service.id)
    what = f"{service.cluster}: {service.name}"
    if held is None:
        wanted = scope_for_new(service=service, scope=r.scope, reason=r.reason)
        if not p.may_change_assumptions(sheet, r.row, "scope"):
            return
        reason = f" ({wanted.reason})" if wanted.reason else ""
        details = f"put in this appraisal: {scope_label(wanted.scope)}{reason}"
        p.plan.additions.append(Addition(sheet, r.row, what, details))
        p.ops.scopes.append(ScopePlanned(service.id, wanted))
        return
    wanted = ScopeChoice(r.scope, r.reason if r.reason is not None else held.reason)
    if wanted == held or not p.may_change_assumptions(sheet, r.row, "scope"):
        return
    if held.scope != wanted.scope:
        p.plan.changes.append(Change(sheet, r.row, what, "scope", scope_label(held.scope), scope_label(wanted.scope)))
    if held.reason != wanted.reason:
        p.plan.changes.append(Change(sheet, r.row, what, "reason", held.reason or "blank", wanted.reason or "blank"))
    p.ops.scopes.append(ScopePlanned(service.id, wanted))


def plan_baselines(p: Planner) -> None:
    """The bulk of a workbook (20,000 rows in the benchmark): the loop keeps what it uses in locals."""
    sheet = contract.BASELINES.name
    held_all, services = p.state.baselines, p.state.services
    shown_elsewhere = p.state.elsewhere.baselines
    changes, additions = p.plan.changes, p.plan.additions
    creates, updates = p.ops.baseline_creates, p.ops.baseline_updates
    for r in p.parsed.baselines:
        council = p.council(sheet, r.row, "council_code", r.council_code)
        found = services.get((_n(r.cluster), _n(r.service)))
        ref = found.id if found is not None else p.service(sheet, r.row, r.cluster, r.service)
        if council is None or ref is None:
            continue
        held = held_all.get((council.id, ref, r.year)) if found is not None else None
        fte, third_party = r.fte, r.third_party_spend
        if held is None:
            figures = BaselineFigures(
                r.gross_budget, r.net_budget, ZERO if fte is None else fte, ZERO if third_party is None else third_party
            )
        else:  # a blank FTE or third-party spend keeps the figure held
            old = held.figures
            figures = BaselineFigures(
                r.gross_budget,
                r.net_budget,
                old.fte if fte is None else fte,
                old.third_party_spend if third_party is None else third_party,
            )
            if old == figures:
                continue
        affects = shown_elsewhere.get((council.id, ref, r.year), ())
        service_name = found.name if found is not None else r.service
        if not _may_change_baseline(p, r, council, service_name, held, affects):
            continue
        if held is not None and p.parsed.downloaded is not None:
            figures = _kept_since_download(p, r, council, service_name, ref, held)
            if figures is None or figures == held.figures:
                continue
        what = f"{council.code} · {service_name} · {financial_years.label(r.year)}"
        if held is None:
            additions.append(Addition(sheet, r.row, what, figures, baseline_details, affects))
            creates.append(BaselinePlanned(council.id, ref, r.year, figures))
            continue
        for name, old, new in zip(BaselineFigures._fields, held.figures, figures, strict=True):
            if old != new:
                show = number if name == "fte" else fmt.money
                changes.append(Change(sheet, r.row, what, name, old, new, show, affects))
        updates.append(BaselineUpdate(held.pk, council.id, ref, r.year, figures, held.version))


def _may_change_baseline(p: Planner, r: BaselineRow, council, service_name: str, held, affects) -> bool:
    """The role rules for a changed baseline row (Planner.may_change_row): a partner's row left as downloaded is
    ignored, a changed one refused at each changed cell."""
    if p.actor.is_admin:
        return True
    year = financial_years.label(r.year)
    return p.may_change_row(
        contract.BASELINES.name,
        r.row,
        council,
        lambda figure: f"{council.name}'s {service_name} {figure} for {year}",
        downloaded.baseline_key(council.code, r.cluster, r.service, r.year),
        dict(zip(BaselineFigures._fields, (r.gross_budget, r.net_budget, r.fte, r.third_party_spend), strict=True)),
        held.figures._asdict() if held is not None else None,
        affects,
        _show_baseline,
    )


def _kept_since_download(p: Planner, r: BaselineRow, council, service_name: str, ref, held) -> BaselineFigures | None:
    """A baseline row the uploader may change, its figures a colleague changed since the download kept as held
    (Planner.keep_changes_since_download); None if a cell conflicts."""
    year = financial_years.label(r.year)
    given = (r.gross_budget, r.net_budget, r.fte, r.third_party_spend)
    history = ("baseline", (("council_id", council.id), ("service_id", ref), ("year", r.year)))
    wanted = p.keep_changes_since_download(
        contract.BASELINES.name,
        r.row,
        council.name,
        lambda figure: f"{council.name}'s {service_name} {figure} for {year}",
        downloaded.baseline_key(council.code, r.cluster, r.service, r.year),
        dict(zip(BaselineFigures._fields, given, strict=True)),
        held.figures._asdict(),
        _show_baseline,
        history,
    )
    if wanted is None:
        return None
    return BaselineFigures(*(held.figures[i] if v is None else v for i, v in enumerate(wanted.values())))


def _show_baseline(column: str, value: Decimal) -> str:
    return number(value) if column == "fte" else fmt.money(value)


def plan_savings(p: Planner) -> None:
    sheet = contract.SAVINGS.name
    for r in p.parsed.savings:
        ref = p.cluster(sheet, r.row, "cluster", r.cluster)
        if ref is None or r.min_saving is None:  # both blank: the range held (or none) is kept
            continue
        cluster = p.clusters_by_id[ref] if isinstance(ref, int) else p.new_clusters[ref.key]
        if cluster.out_of_scope:
            message = f"{cluster.name} is out-of-scope expenditure: it cannot have a savings range"
            p.problem(sheet, r.row, "cluster", message)
            continue
        held = p.state.savings.get(ref) if isinstance(ref, int) else None
        if held is not None and (held.min_saving, held.max_saving) == (r.min_saving, r.max_saving):
            continue
        if not p.may_change_assumptions(sheet, r.row, "min_saving"):
            continue
        low, high = r.min_saving, r.max_saving
        if held is not None and p.parsed.downloaded is not None:
            kept = _range_since_download(p, r.row, cluster, held, low, high)
            if kept is None or kept == (held.min_saving, held.max_saving):
                continue
            low, high = kept
        if held is None:
            shown = f"savings range {fmt.money(low)} to {fmt.money(high)}"
            p.plan.additions.append(Addition(sheet, r.row, cluster.name, shown))
        else:
            for column, old, new in (("min_saving", held.min_saving, low), ("max_saving", held.max_saving, high)):
                if old != new:
                    p.plan.changes.append(Change(sheet, r.row, cluster.name, column, fmt.money(old), fmt.money(new)))
        p.ops.savings.append(RangePlanned(ref, low, high))


def _range_since_download(p: Planner, row: int, cluster, held, low, high) -> tuple[Decimal, Decimal] | None:
    """A savings range, its figures a colleague changed since the download kept as held
    (Planner.keep_changes_since_download); None if a cell conflicts, or if the range kept half the colleague's would
    have its minimum above its maximum (a problem at the maximum)."""
    sheet = contract.SAVINGS.name
    wanted = p.keep_changes_since_download(
        sheet,
        row,
        "",
        lambda figure: f"{cluster.name}'s {figure}",
        downloaded.savings_key(cluster.name),
        {"min_saving": low, "max_saving": high},
        {"min_saving": held.min_saving, "max_saving": held.max_saving},
        history=("savings", (("appraisal_id", p.state.appraisal.id), ("cluster_id", cluster.id))),
    )
    if wanted is None:
        return None
    low = held.min_saving if wanted["min_saving"] is None else wanted["min_saving"]
    high = held.max_saving if wanted["max_saving"] is None else wanted["max_saving"]
    if high < low:
        message = (
            f"the maximum saving {fmt.money(high)} is below the minimum {fmt.money(low)}, which was changed after you "
            "downloaded this workbook; type both"
        )
        p.problem(sheet, row, "max_saving", message)
        return None
    return low, high
