"""What the template and the export hold: the contract's sheets as rows of plain values, read in a fixed handful of
queries."""

from appraisal.baselines.selectors import ScopeChoice, scope_in_appraisal, service_scopes
from appraisal.models import Appraisal, SavingsRange
from appraisal.summary.selectors import appraisal_councils
from appraisal.workbook import contract
from councils.financial_years import label
from councils.models import Council
from councils.selectors import deficits_by_council
from services.models import Baseline, Service, ServiceCluster


def workbook_contents(*, appraisal: Appraisal, blank_rows: bool = False) -> dict[str, list[list]]:
    """The contract's sheets as rows of plain values (header row first). blank_rows: add an empty base-year
    Baselines row for each council and service that has none, for officers to fill in."""
    councils = appraisal_councils(appraisal=appraisal)
    services = _appraisal_services(appraisal, [c.id for c in councils])
    rows: dict[str, list[list]] = {sheet.name: [sheet.column_names] for sheet in contract.SHEETS}
    rows["Appraisal"].append([appraisal.title, label(appraisal.base_year), label(appraisal.deficit_year)])
    rows["Councils"] += [[c.code, c.name, c.council_type, c.net_revenue_budget, c.gross_budget] for c in councils]
    deficits = deficits_by_council(council_ids=[c.id for c in councils])
    rows["Deficits"] += [[c.code, label(d.year), d.amount] for c in councils for d in deficits[c.id]]
    rows["Services"] += _service_rows(appraisal, services)
    rows["Baselines"] += _baseline_rows(appraisal, councils, services, blank_rows)
    rows["Savings"] += _savings_rows(appraisal, services)
    return rows


def _appraisal_services(appraisal: Appraisal, council_ids: list[int]) -> list[Service]:
    """The services of the clusters this appraisal uses (all services if it uses none yet), in table order."""
    used = set(Baseline.objects.filter(council_id__in=council_ids).values_list("service__cluster_id", flat=True))
    used |= set(SavingsRange.objects.filter(appraisal=appraisal).values_list("cluster_id", flat=True))
    services = Service.objects.select_related("cluster").order_by(
        "cluster__position", "cluster__name", "position", "name"
    )
    return list(services.filter(cluster_id__in=used) if used else services)


def _service_rows(appraisal: Appraisal, services: list[Service]) -> list[list]:
    """Each service with its scope in this appraisal (the one rule of appraisal/baselines/selectors.py)."""
    own = service_scopes(appraisal_id=appraisal.id)
    rows = []
    for s in services:
        scope = scope_in_appraisal(default=ScopeChoice(s.scope, s.scope_reason), own=own.get(s.id))
        rows.append([s.cluster.name, s.name, scope.scope, scope.reason, "yes" if s.cluster.out_of_scope else "no"])
    return rows


def _baseline_rows(appraisal: Appraisal, councils: list[Council], services: list[Service], blank_rows: bool):
    """Every baseline of the partners, any year, by council, service (in table order) and year."""
    baselines = list(
        Baseline.objects.filter(council_id__in=[c.id for c in councils]).values_list(
            "council_id", "service_id", "year", "gross_budget", "net_budget", "fte", "third_party_spend"
        )
    )
    if blank_rows:
        have = {(b[0], b[1]) for b in baselines if b[2] == appraisal.base_year}
        baselines += [
            (c.id, s.id, appraisal.base_year, None, None, None, None)
            for c in councils
            for s in services
            if (c.id, s.id) not in have
        ]
    order = {c.id: i for i, c in enumerate(councils)}
    rank = {s.id: i for i, s in enumerate(services)}
    baselines.sort(key=lambda b: (order[b[0]], rank.get(b[1], len(rank)), b[2]))
    codes = {c.id: c.code for c in councils}
    by_id = {s.id: s for s in services}
    by_id |= Service.objects.select_related("cluster").in_bulk({b[1] for b in baselines if b[1] not in by_id})
    return [
        [codes[b[0]], by_id[b[1]].cluster.name, by_id[b[1]].name, label(b[2]), *b[3:]]
        for b in baselines  # council, service, year, then the four figures
    ]


def _savings_rows(appraisal: Appraisal, services: list[Service]) -> list[list]:
    """Each cluster of the services, and any other with a savings range here, in table order; blank for no range."""
    ranges = {r.cluster_id: r for r in SavingsRange.objects.filter(appraisal=appraisal)}
    clusters = {s.cluster_id: s.cluster for s in services}
    clusters |= ServiceCluster.objects.in_bulk([cid for cid in ranges if cid not in clusters])
    rows = []
    for cluster in sorted(clusters.values(), key=lambda c: (c.position, c.name)):
        r = ranges.get(cluster.id)
        rows.append([cluster.name, r.min_saving if r else None, r.max_saving if r else None])
    return rows
