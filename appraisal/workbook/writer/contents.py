"""What the template and the export hold: the contract's sheets as rows of plain values, read in a fixed handful of
queries.

An appraisal owns its scope: the Services and Baselines sheets hold the services it covers and no other, whatever
else its councils hold for other appraisals, so an export uploaded again puts in the same services and no more."""

from appraisal.baselines.selectors import ScopedService, appraisal_services
from appraisal.calculations import staffing
from appraisal.models import Appraisal, SavingsRange
from appraisal.staffing.selectors import post_list
from appraisal.summary.selectors import appraisal_councils
from appraisal.workbook import contract
from councils.financial_years import label
from councils.models import Council
from councils.selectors import deficits_by_council
from services.models import Baseline, ServiceCluster


def workbook_contents(*, appraisal: Appraisal, blank_rows: bool = False) -> dict[str, list[list]]:
    """The contract's sheets as rows of plain values (header row first). blank_rows: add an empty base-year
    Baselines row for each council and service that has none, for officers to fill in."""
    councils = appraisal_councils(appraisal=appraisal)
    services = appraisal_services(appraisal_id=appraisal.id)  # in table order
    rows: dict[str, list[list]] = {sheet.name: [sheet.headers] for sheet in contract.SHEETS}
    rows["Appraisal"].append([appraisal.title, label(appraisal.base_year), label(appraisal.deficit_year)])
    rows["Councils"] += [[c.code, c.name, c.council_type, c.net_revenue_budget, c.gross_budget] for c in councils]
    deficits = deficits_by_council(council_ids=[c.id for c in councils])
    rows["Deficits"] += [[c.code, label(d.year), d.amount] for c in councils for d in deficits[c.id]]
    rows["Services"] += [
        [s.cluster, s.service, s.scope, s.reason, "yes" if s.cluster_out_of_scope else "no"] for s in services
    ]
    rows["Baselines"] += _baseline_rows(appraisal, councils, services, blank_rows)
    rows["Savings"] += _savings_rows(appraisal, services)
    rows["Posts"] += post_rows(appraisal)
    return rows


SPLIT_WORDS = dict(staffing.COST_SPLITS)


def post_rows(appraisal: Appraisal) -> list[list]:
    """Every post: today's structure first, then each option's proposed one in the short list's order, each in the
    structure's order (two queries)."""
    options = {pk: (i, name) for i, (pk, name) in enumerate(appraisal.options.values_list("pk", "name"), start=1)}
    posts = sorted(
        post_list(appraisal=appraisal, every=True),
        key=lambda p: (options[p.option_id][0] if p.option_id else 0, p.position, p.pk),
    )
    return [
        [
            p.pk,
            options[p.option_id][1] if p.option_id else contract.TODAY,
            p.title,
            p.cluster.name,
            p.grade.name,
            p.council.code,
            p.fte,
            p.salary,
            p.on_cost_pct,
            SPLIT_WORDS[p.cost_split],
            staffing.shares_text(p.shares) if p.shares else None,
            p.continues_id,
            p.holder_age,
            p.holder_years_service,
            "Yes" if p.pension_member else "No",
        ]
        for p in posts
    ]


def _baseline_rows(appraisal: Appraisal, councils: list[Council], services: list[ScopedService], blank_rows: bool):
    """Every baseline of the partners for the appraisal's services, any year, by council, service (in table order)
    and year."""
    held = Baseline.objects.filter(
        council_id__in=[c.id for c in councils], service_id__in=[s.service_id for s in services]
    )
    baselines = list(
        held.values_list("council_id", "service_id", "year", "gross_budget", "net_budget", "fte", "third_party_spend")
    )
    if blank_rows:
        have = {(b[0], b[1]) for b in baselines if b[2] == appraisal.base_year}
        baselines += [
            (c.id, s.service_id, appraisal.base_year, None, None, None, None)
            for c in councils
            for s in services
            if (c.id, s.service_id) not in have
        ]
    order = {c.id: i for i, c in enumerate(councils)}
    rank = {s.service_id: i for i, s in enumerate(services)}
    baselines.sort(key=lambda b: (order[b[0]], rank[b[1]], b[2]))
    codes = {c.id: c.code for c in councils}
    by_id = {s.service_id: s for s in services}
    return [
        [codes[b[0]], by_id[b[1]].cluster, by_id[b[1]].service, label(b[2]), *b[3:]]
        for b in baselines  # council, service, year, then the four figures
    ]


def _savings_rows(appraisal: Appraisal, services: list[ScopedService]) -> list[list]:
    """Each cluster of the services, and any other with a savings range here, in table order; blank for no range."""
    ranges = {r.cluster_id: r for r in SavingsRange.objects.filter(appraisal=appraisal)}
    clusters = {s.cluster_id: (s.cluster_position, s.cluster) for s in services}
    others = ServiceCluster.objects.in_bulk([cid for cid in ranges if cid not in clusters])
    clusters |= {cid: (c.position, c.name) for cid, c in others.items()}
    rows = []
    for cid, (_, name) in sorted(clusters.items(), key=lambda item: item[1]):
        r = ranges.get(cid)
        rows.append([name, r.min_saving if r else None, r.max_saving if r else None])
    return rows
