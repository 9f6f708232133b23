"""Many rows written as plain tuples, with the history rows simple-history's bulk writes would make (issue 22).

Through the ORM (bulk_create_with_history) each row and each of its history rows is a model object whose fields
Django prepares one by one: 88% of a 20,000-row workbook import went on it. Here a service gives each row's values
as a tuple, and each table gets one INSERT or UPDATE run for every row (executemany), on SQLite and PostgreSQL.

A history row holds what simple-history's bulk_history_create holds: every tracked field of the row as written,
'+' (created) or '~' (changed), the moment, the user (the one given, else the request's, as simple-history finds
it) and where the change came from (appraise.writes.current_change_source), "" outside any source.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection, models
from django.utils import timezone

from appraise.writes import current_change_source

CREATED, CHANGED = "+", "~"
_HISTORY_OWN = ("history_date", "history_change_reason", "history_type", "history_user_id")


@dataclass(frozen=True, slots=True)
class Stamp:
    """When, by whom and from where a bulk write is made: one moment for every row it writes."""

    moment: datetime
    at: object  # the moment as the database takes it (SQLite: a string)
    user_id: int | None
    history_user_id: int | None
    reason: str

    @classmethod
    def taken(cls, model: type[models.Model], user) -> "Stamp":
        history_user = user or model.history.model.get_default_history_user(model())
        moment = timezone.now()
        return cls(
            moment=moment,
            at=connection.ops.adapt_datetimefield_value(moment),
            user_id=user.pk if user is not None else None,
            history_user_id=history_user.pk if history_user is not None else None,
            reason=current_change_source(),
        )


def rows_insert(model: type[models.Model], fields: tuple[str, ...], rows: list[tuple]) -> None:
    """INSERT each row: its values in the order of `fields` (attnames: "council_id"), ready for the database."""
    _executemany(_insert_sql(model, fields), rows)


def rows_update(model: type[models.Model], fields: tuple[str, ...], where: tuple[str, ...], rows: list[tuple]) -> int:
    """UPDATE ... SET fields WHERE each of `where` equals: each row gives the values of fields, then of where.
    Returns how many rows were changed (a row whose `where` no longer matches is not)."""
    meta, qn = model._meta, connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {}".format(
        qn(meta.db_table),
        ", ".join(f"{qn(meta.get_field(name).column)} = %s" for name in fields),
        " AND ".join(f"{qn(meta.get_field(name).column)} = %s" for name in where),
    )
    return _executemany(sql, rows)


def history_create(
    model: type[models.Model], fields: tuple[str, ...], rows: list[tuple], history_type: str, stamp: Stamp
) -> None:
    """One history row for each row written: `rows` give every tracked field of the row, in the order of `fields`."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = model.history.model
    tracked = {field.attname for field in history.tracked_fields}
    if set(fields) != tracked:
        raise ValueError(f"{model.__name__}'s history tracks {sorted(tracked)}, not {sorted(fields)}")
    own = (stamp.at, stamp.reason, history_type, stamp.history_user_id)
    _executemany(_insert_sql(history, (*fields, *_HISTORY_OWN)), [row + own for row in rows])


def _insert_sql(model: type[models.Model], fields: tuple[str, ...]) -> str:
    meta, qn = model._meta, connection.ops.quote_name
    columns = ", ".join(qn(meta.get_field(name).column) for name in fields)
    return f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"


def _executemany(sql: str, rows: list[tuple]) -> int:
    if not rows:
        return 0
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
        return cursor.rowcount
