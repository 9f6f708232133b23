"""Reads for an appraisal's change history: who changed which figure, when, from what to what.

Built from django-simple-history's records of the baselines and funding deficits of the appraisal's councils
and of its savings ranges and service scopes. Each kind is fetched in one query (with its users), records
are grouped by row and diffed against the record before in Python, so the page costs a fixed handful of
queries however long the history.
"""

from decimal import Decimal

from django.utils import timezone

from appraisal import formatting as fmt
from appraisal.history.records import SYSTEM, HistoryRow, rows_for
from appraisal.history.scenario_history import Names, scenario_and_report_rows
from appraisal.models import Appraisal, SavingsRange, ServiceScope
from appraisal.summary.selectors import appraisal_councils
from councils import financial_years
from councils.models import FundingDeficit
from services.models import Baseline, Scope, ServiceCluster
from services.selectors import service_list

# The kinds of figure, for the page's filter: (value, label).
KINDS = (
    ("baselines", "Baselines"),
    ("deficits", "Funding deficits"),
    ("ranges", "Savings ranges"),
    ("scope", "Service scope"),
    ("scenarios", "Scenarios"),
    ("report", "Cabinet report"),
)


def _fte(value) -> str:
    return f"{Decimal(value).normalize():,f}"


def _text(value) -> str:
    return value if value else "(none)"


def _scope(value) -> str:
    try:
        return Scope(value).label
    except ValueError:
        return str(value)


# For each kind of row: the fields shown (name, label, how to show a value), in the order shown.
BASELINE_FIELDS = (
    ("net_budget", "Net budget", fmt.money),
    ("gross_budget", "Gross budget", fmt.money),
    ("fte", "FTEs", _fte),
    ("third_party_spend", "Third-party spend", fmt.money),
)


DEFICIT_FIELDS = (("amount", "Deficit", fmt.money),)


RANGE_FIELDS = (("min_saving", "Minimum saving", fmt.money), ("max_saving", "Maximum saving", fmt.money))


SCOPE_FIELDS = (("scope", "Scope", _scope), ("reason", "Reason", _text))


def appraisal_history(
    *, appraisal: Appraisal, limit: int | None = None, offset: int = 0, kinds=None
) -> list[HistoryRow]:
    """Every recorded change to the appraisal's figures, scenarios and report, newest first: one row per changed
    figure. `kinds` (values of KINDS) reads only those kinds; all if None."""
    kinds = {value for value, _ in KINDS} if kinds is None else set(kinds)
    councils = {c.pk: c for c in appraisal_councils(appraisal=appraisal)}
    services = {s.pk: s for s in service_list()}
    clusters = {c.pk: c for c in ServiceCluster.objects.all()}

    def service_name(service_id) -> str:
        s = services.get(service_id)
        return f"{s.cluster.name} · {s.name}" if s else f"service {service_id} (removed)"

    def cluster_name(cluster_id) -> str:
        c = clusters.get(cluster_id)
        return c.name if c else f"cluster {cluster_id} (removed)"

    def code(council_id) -> str:
        return councils[council_id].code

    # Only the services this appraisal covers or has covered: its councils' other services belong to other cases.
    covered = ServiceScope.history.filter(appraisal_id=appraisal.pk).values("service_id")
    rows = []
    if "baselines" in kinds:
        rows += rows_for(
            Baseline.history.filter(council_id__in=councils, service_id__in=covered).select_related("history_user"),
            BASELINE_FIELDS,
            lambda r: f"Baseline {code(r.council_id)} · {service_name(r.service_id)} · {financial_years.label(r.year)}",
            kind="baselines",
            council=lambda r: code(r.council_id),
        )
    if "deficits" in kinds:
        rows += rows_for(
            FundingDeficit.history.filter(council_id__in=councils).select_related("history_user"),
            DEFICIT_FIELDS,
            lambda r: f"Funding deficit {code(r.council_id)} · {financial_years.label(r.year)}",
            kind="deficits",
            council=lambda r: code(r.council_id),
        )
    if "ranges" in kinds:
        rows += rows_for(
            SavingsRange.history.filter(appraisal_id=appraisal.pk).select_related("history_user"),
            RANGE_FIELDS,
            lambda r: f"Savings range · {cluster_name(r.cluster_id)}",
            kind="ranges",
            between=True,
        )
    if "scope" in kinds:
        rows += rows_for(
            ServiceScope.history.filter(appraisal_id=appraisal.pk).select_related("history_user"),
            SCOPE_FIELDS,
            lambda r: f"Service scope · {service_name(r.service_id)}",
            kind="scope",
        )
    names = Names(councils={pk: c.code for pk, c in councils.items()}, clusters=cluster_name)
    rows += scenario_and_report_rows(
        appraisal=appraisal, names=names, scenarios="scenarios" in kinds, report="report" in kinds
    )
    rows.sort(key=lambda row: row.at, reverse=True)  # stable: a record's own figures keep their order
    end = None if limit is None else offset + limit
    return rows[offset:end]


def history_people(rows: list[HistoryRow]) -> list[tuple[str, str]]:
    """(filter value, name) of everyone who made a change in `rows`, by name; "System" last."""
    people = {str(row.user_id): row.who for row in rows if row.user_id is not None}
    listed = sorted(people.items(), key=lambda item: item[1].lower())
    return listed + ([(SYSTEM, "System")] if any(row.user_id is None for row in rows) else [])


def history_filter(rows: list[HistoryRow], *, council="", kind="", person="", since=None, until=None) -> list:
    """The rows of one council, kind of figure, person (a user id or SYSTEM) and UK dates (inclusive); blank: all."""

    def keep(row: HistoryRow) -> bool:
        day = timezone.localtime(row.at).date()
        return (
            (not council or row.council == council)
            and (not kind or row.kind == kind)
            and (not person or (row.user_id is None if person == SYSTEM else str(row.user_id) == person))
            and (since is None or day >= since)
            and (until is None or day <= until)
        )

    return [row for row in rows if keep(row)]
