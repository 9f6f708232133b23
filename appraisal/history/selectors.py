"""Reads for an appraisal's change history: who changed which figure, when, from what to what.

Built from django-simple-history's records of the baselines and funding deficits of the appraisal's councils, of
its savings ranges and service scopes, of its scenarios and cabinet report (scenario_history.py), of its options
appraisal (option_history.py), of its staffing structures (staffing_history.py), of its benefits realisation
(realisation_history.py) and of its simulation settings (simulation_history.py). One change is one history record,
whatever it changed. The filters, the count and the page are SQL: a UNION ALL of every table's matching records (id,
date, user, which table), ordered newest first and sliced by the Paginator; only the page's records are then read,
each with the one before it of the same row to diff against, one query a table. So a page costs the same fixed
handful of queries however long the history.
"""

import datetime
from decimal import Decimal

from django.db.models import IntegerField, OuterRef, Q, Subquery, Value
from django.utils import timezone

from appraisal import formatting as fmt
from appraisal.history import (
    option_history,
    realisation_history,
    scenario_history,
    simulation_history,
    staffing_history,
)
from appraisal.history.names import Names
from appraisal.history.records import SYSTEM, HistoryRow, Table, rows_for
from appraisal.models import Appraisal, SavingsRange, ServiceScope
from councils import financial_years
from councils.models import Council, FundingDeficit
from services.models import Baseline, Scope

# The kinds of figure, for the page's filter: (value, label).
KINDS = (
    ("baselines", "Baselines"),
    ("deficits", "Funding deficits"),
    ("ranges", "Savings ranges"),
    ("scope", "Service scope"),
    ("scenarios", "Scenarios"),
    ("options", "Options"),
    ("staffing", "Staffing"),
    ("realisation", "Decision, benefits and delivery"),
    ("report", "Cabinet report"),
    ("simulation", "Simulation settings"),
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


def _partners(appraisal: Appraisal) -> Q:
    return Q(council_id__in=appraisal.memberships.values("council_id"))


def _covered(appraisal: Appraisal) -> Q:
    """A baseline of a partner's service this appraisal covers or has covered: its councils' other services belong
    to other cases."""
    return _partners(appraisal) & Q(
        service_id__in=ServiceScope.history.filter(appraisal_id=appraisal.pk).values("service_id")
    )


def _own(appraisal: Appraisal) -> Q:
    return Q(appraisal_id=appraisal.pk)


def _baselines(records, names: Names, only) -> list[HistoryRow]:
    def what(r) -> str:
        return (
            f"Baseline {names.council(r.council_id)} · {names.service(r.service_id)} · {financial_years.label(r.year)}"
        )

    council = lambda r: names.council(r.council_id)  # noqa: E731
    return rows_for(records, BASELINE_FIELDS, what, kind="baselines", council=council, only=only)


def _deficits(records, names: Names, only) -> list[HistoryRow]:
    return rows_for(
        records, DEFICIT_FIELDS,
        lambda r: f"Funding deficit {names.council(r.council_id)} · {financial_years.label(r.year)}",
        kind="deficits", council=lambda r: names.council(r.council_id), only=only,
    )  # fmt: skip


def _ranges(records, names: Names, only) -> list[HistoryRow]:
    return rows_for(
        records, RANGE_FIELDS, lambda r: f"Savings range · {names.cluster(r.cluster_id)}",
        kind="ranges", between=True, only=only,
    )  # fmt: skip


def _scopes(records, names: Names, only) -> list[HistoryRow]:
    what = lambda r: f"Service scope · {names.service(r.service_id)}"  # noqa: E731
    return rows_for(records, SCOPE_FIELDS, what, kind="scope", only=only)


# Every audited table an appraisal's history reads; its place here is the "table" column of history_entries.
TABLES: tuple[Table, ...] = (
    Table("baselines", Baseline, _covered, _baselines, by_council=True),
    Table("deficits", FundingDeficit, _partners, _deficits, by_council=True),
    Table("ranges", SavingsRange, _own, _ranges),
    Table("scope", ServiceScope, _own, _scopes),
    *scenario_history.TABLES,
    *option_history.TABLES,
    *staffing_history.TABLES,
    *realisation_history.TABLES,
    *simulation_history.TABLES,
)

ENTRY = ("history_id", "history_date", "history_user_id", "table")  # the columns of history_entries


def _day_start(day: datetime.date) -> datetime.datetime:
    """The first moment of a UK day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _matching(appraisal: Appraisal, *, council="", kind="", person="", since=None, until=None, kinds=None) -> list:
    """Each table's records of the appraisal that pass the filters, as (table's place, queryset); tables the
    filters rule out are left out."""
    out = []
    for place, table in enumerate(TABLES):
        if (kind and table.kind != kind) or (kinds is not None and table.kind not in kinds):
            continue
        if council and not table.by_council:
            continue  # the appraisal's own figures are no one council's
        records = table.model.history.filter(table.where(appraisal)).order_by()  # ordered once, as a whole
        if council:
            records = records.filter(council_id__in=Council.objects.filter(code=council).values("pk"))
        if person:
            records = (
                records.filter(history_user__isnull=True)
                if person == SYSTEM
                else records.filter(history_user_id=person)
            )
        if since is not None:
            records = records.filter(history_date__gte=_day_start(since))
        if until is not None:
            records = records.filter(history_date__lt=_day_start(until + datetime.timedelta(days=1)))
        out.append((place, records))
    return out


def history_entries(*, appraisal: Appraisal, kinds=None, **filters):
    """Every recorded change to the appraisal's figures, scenarios and report that passes the filters (council code,
    kind, person: a user id or SYSTEM, since and until: UK dates, inclusive), newest first, as a queryset of
    (history id, date, user id, table's place in TABLES) a Paginator counts and slices in SQL. `kinds` (values of
    KINDS) reads only those kinds."""
    matching = _matching(appraisal, kinds=kinds, **filters) or [(0, Baseline.history.none())]
    parts = [
        records.annotate(table=Value(place, output_field=IntegerField())).values_list(*ENTRY)
        for place, records in matching
    ]
    entries = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return entries.order_by("-history_date", "-table", "-history_id")


def history_rows(*, appraisal: Appraisal, entries) -> list[HistoryRow]:
    """The rows of these entries (a page of history_entries), in their order: one query a table they come from, each
    record read with the one before it of the same row, plus the names the rows need."""
    entries = list(entries)
    place = {(table, history_id): i for i, (history_id, _, _, table) in enumerate(entries)}
    names = Names(appraisal)
    rows = []
    for table in sorted({table for _, _, _, table in entries}):
        ids = {history_id for history_id, _, _, t in entries if t == table}
        spec = TABLES[table]
        shown = spec.rows(_with_previous(spec.model, ids), names, ids)
        rows += [(place[(table, row.ref)], i, row) for i, row in enumerate(shown)]
    return [row for *_, row in sorted(rows, key=lambda r: r[:2])]


def _with_previous(model, ids: set[int]) -> list:
    """The history records `ids` of a model and, for each, the record before it of the same row (if any): one
    query."""
    records = model.history.model.objects
    before = (
        records.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    previous = records.filter(history_id__in=ids).annotate(before=Subquery(before)).values("before")
    return list(records.filter(Q(history_id__in=ids) | Q(history_id__in=previous)).select_related("history_user"))


def appraisal_history(*, appraisal: Appraisal, limit: int | None = None, offset: int = 0, kinds=None) -> list:
    """Every recorded change (one row per changed figure), newest first; `limit` and `offset` count changes (history
    records), as the page does."""
    entries = history_entries(appraisal=appraisal, kinds=kinds)
    end = None if limit is None else offset + limit
    return history_rows(appraisal=appraisal, entries=entries[offset:end])


def history_people(*, appraisal: Appraisal) -> list[tuple[str, str]]:
    """(filter value, name) of everyone who made a change in the appraisal's history, by name; "System" last. One
    query: the distinct authors of every table's records."""
    columns = ("history_user_id", "history_user__username", "history_user__first_name", "history_user__last_name")
    parts = [records.values_list(*columns).distinct() for _, records in _matching(appraisal)]
    authors = set(parts[0].union(*parts[1:]))
    people = {str(pk): f"{first} {last}".strip() or username for pk, username, first, last in authors if pk is not None}
    listed = sorted(people.items(), key=lambda item: item[1].lower())
    return listed + ([(SYSTEM, "System")] if any(pk is None for pk, *_ in authors) else [])
