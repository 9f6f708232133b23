"""Load a fixture once per test process and put the same rows back in each test that needs them.

`fixture_load` validates and audits every object it writes (about 900 queries, 0.3 to 1 s a call), which is
right for an officer's import and far too slow to repeat before hundreds of tests. So the rows it writes are
read back once per process (pytest-xdist worker) inside a transaction that is then rolled back, and each test
that asks for the demo has them inserted again with one `bulk_create` per table: the same rows, primary keys,
versions and history records that the real load writes, in a few milliseconds.

When a test has written to one of those tables before asking for the demo (so the saved rows could clash with
its own), the real `fixture_load` runs instead: a snapshot is only ever a faster way to the same state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction


class _Rollback(Exception):
    """Raised to leave the capture's transaction without committing it."""


@dataclass(frozen=True)
class TableRows:
    model: type[models.Model]
    rows: tuple[dict, ...]


@dataclass(frozen=True)
class Snapshot:
    tables: tuple[TableRows, ...]

    def restore(self) -> None:
        """Insert the saved rows into empty tables (within one transaction, so foreign keys are checked at the end)."""
        with transaction.atomic():
            for table in self.tables:
                table.model._base_manager.bulk_create(table.model(**row) for row in table.rows)
            with connection.cursor() as cursor:
                # PostgreSQL's sequences do not move when a row is given its key; SQLite's do (nothing to run).
                for sql in connection.ops.sequence_reset_sql(no_style(), [t.model for t in self.tables]):
                    cursor.execute(sql)

    def tables_are_empty(self) -> bool:
        return not any(t.model._base_manager.exists() for t in self.tables)


def _all_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]


def _rows(model: type[models.Model]) -> dict:
    fields = [f.attname for f in model._meta.concrete_fields]
    return {row[model._meta.pk.attname]: row for row in model._base_manager.order_by("pk").values(*fields)}


def snapshot_capture(load: Callable[[], object]) -> Snapshot:
    """Run `load` in a transaction that is rolled back, and keep every row it added."""
    tables = []
    try:
        with transaction.atomic():
            before = {model: _rows(model) for model in _all_models()}
            load()
            for model, old in before.items():
                new = _rows(model)
                changed = [pk for pk, row in old.items() if new.get(pk) != row]
                if changed:
                    raise RuntimeError(f"{model.__name__} rows {changed[:5]} were changed, not added, by {load}")
                added = tuple(row for pk, row in new.items() if pk not in old)
                if added:
                    tables.append(TableRows(model=model, rows=added))
            raise _Rollback
    except _Rollback:
        pass
    return Snapshot(tables=tuple(tables))


def snapshot_load(snapshot: Snapshot, load: Callable[[], object]) -> None:
    """The state `load` leaves: from the snapshot when its tables are empty, otherwise by running `load` itself."""
    if snapshot.tables_are_empty():
        snapshot.restore()
    else:
        load()
