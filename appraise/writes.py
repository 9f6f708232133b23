"""One rule for every write service: validate, and save only if something changed.

Saving an unchanged row would add an audit entry and raise its version for nothing, so loading the
same fixture or importing an unchanged workbook twice must leave the database exactly as it was.
"""

import contextlib
import contextvars

from django.core.exceptions import ValidationError
from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from simple_history.signals import pre_create_historical_record


def save_if_changed(obj: models.Model, values: dict, *, user=None) -> bool:
    """Set `values` on `obj`, validate, and save if it is new or any value differs. Returns True if saved.

    A new row is validated whole; a stored one in what `values` sets, with its own rules (clean()) and every
    uniqueness rule. Models with a `version` field get it raised on every save of an existing row (optimistic
    locking).
    """
    adding = obj._state.adding
    changed = adding or any(getattr(obj, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean(exclude=None if adding else _settled(obj, values))
    if not changed:
        return False
    if not obj._state.adding and hasattr(obj, "version"):
        obj.version += 1
    if user is not None and hasattr(obj, "updated_by"):
        obj.updated_by = user
    if user is not None:
        obj._history_user = user
    obj.save()
    return True


def _settled(obj: models.Model, values: dict) -> list[str]:
    """The fields of a stored row a write leaves alone and no uniqueness rule takes in. They were validated when
    they were saved, and the database holds them to their constraints; checking them again costs a query each (a
    foreign key's row, a check constraint) on every one-figure edit, most of the writes under load
    (benchmarks/load_test.py)."""
    meta = obj._meta
    kept = {field.name for field in meta.concrete_fields if field.unique}
    kept |= {name for names in meta.unique_together for name in names}
    for constraint in meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            if constraint.expressions:
                return []  # a rule on expressions: which fields it reads is not said, so check every one
            kept |= set(constraint.fields)
            if constraint.condition is not None:
                kept |= constraint.condition.referenced_base_fields
    return [f.name for f in meta.concrete_fields if not {f.name, f.attname} & (set(values) | kept)]


class StaleEdit(Exception):
    """Someone saved this row after the editor loaded it; `current` is the row as it is now."""

    def __init__(self, current: models.Model):
        self.current = current
        super().__init__(f"{current} was changed by someone else since you opened it.")


def check_version(obj: models.Model, expected_version: int | None) -> None:
    """Refuse an edit made from an older version of the row (no lost updates).

    Call inside the write's transaction after re-reading the row with select_for_update().
    """
    if expected_version is not None and obj.version != int(expected_version):
        raise StaleEdit(obj)


def editor_name(user, *, unknown: str = "someone else") -> str:
    """Who made a change, as a stale-edit message names them: their full name, else their user name."""
    if user is None:
        return unknown
    return user.get_full_name() or user.get_username()


def edited_at(moment) -> str:
    """When, as a stale-edit message gives it: 'at 14:02' today, 'at 14:02 on 3 March 2026' before."""
    moment = timezone.localtime(moment)
    if moment.date() == timezone.localdate():
        return f"at {moment:%H:%M}"
    return f"at {moment:%H:%M} on {moment.day} {moment:%B %Y}"


def last_change(obj: models.Model, **filters):
    """The newest history record of a row (current or removed), with its user; filters find a removed row's."""
    records = type(obj).history.filter(**(filters or {"id": obj.pk}))
    return records.select_related("history_user").order_by("-history_date", "-history_id").first()


def changed_by(record) -> tuple:
    """Who made a history record and when, as stale_message takes them: (None, None) when there is none."""
    return (record.history_user, record.history_date) if record else (None, None)


def stale_message(by, at, *, shown: str | None = None, removed: bool = False, cell: bool = False) -> str:
    """The one wording of "a colleague saved first": by (a user or None) changed the row at (a time or None).

    A form row or setting: 'Changed by hbc-officer at 14:02 to £1,100,000 while you were editing; check and save
    again' (or 'Removed by …'); with shown=None, a text whose typing is kept below the message; cell=True, a grid
    cell's own short line, the value typed still in its box: 'Pat Lee changed this to £812,000 at 14:02 — …'.
    """
    when = f" {edited_at(at)}" if at else ""
    if cell:
        who = editor_name(by, unknown="Someone else")
        return f"{who} changed this to {shown}{when} — your value was not saved. Check and save again."
    if removed:
        return f"Removed by {editor_name(by)}{when} while you were editing; check and save again"
    if shown is None:
        return (
            f"Changed by {editor_name(by)}{when} while you were editing. Your changes are not saved and are kept "
            "below: check them against the report and save again."
        )
    return f"Changed by {editor_name(by)}{when} to {shown} while you were editing; check and save again"


# --- A form of many rows: every row saved, or none ------------------------------------------------------------


class EditRefused(Exception):
    """Some rows of a form could not be saved, so none was. `errors` maps each row's key to a StaleEdit or
    ValidationError: (council id, year) for deficits, the cluster id for savings ranges."""

    def __init__(self, errors: dict):
        self.errors = errors
        super().__init__(f"{len(errors)} row(s) could not be saved")


def check_row_version(row: models.Model | None, expected_version: int | None, *, gone: models.Model) -> None:
    """Refuse a stale edit of a row that may not exist. A row that was there when the editor loaded it (version > 0)
    but has since been removed is stale too; `gone` stands for it, with version 0 and no values."""
    if expected_version is None:
        return
    if row is None:
        if int(expected_version) > 0:
            raise StaleEdit(gone)
        return
    check_version(row, expected_version)


def delete_as(row: models.Model, user) -> None:
    """Remove a row, its removal recorded in its history against `user`."""
    if user is not None:
        row._history_user = user
    row.delete()


def all_or_none(edits, *, update, key) -> list:
    """Run `update` on each edit (each its own savepoint), collecting the rows that refuse; raise EditRefused if any,
    so the caller's transaction rolls back every row. Returns the changes `update` made (None: nothing changed)."""
    changes, errors = [], {}
    for edit in edits:
        try:
            change = update(edit)
        except (StaleEdit, ValidationError) as exc:
            errors[key(edit)] = exc
            continue
        if change is not None:
            changes.append(change)
    if errors:
        raise EditRefused(errors)
    return changes


# --- Where a change came from, in the users' words (the History page's "Source") --------------------------------

GRID = "Baselines grid"
WORKBOOK = "Workbook upload"
SCENARIO_EDITOR = "Scenario editor"
REPORT_EDITOR = "Cabinet report editor"
DEFICITS_PAGE = "Funding deficits page"
SAVINGS_PAGE = "Savings ranges page"
SCOPE_PAGE = "Scope page"
ADMINISTRATION = "Administration"
DEMO_DATA = "Demo data"
COMMAND_LINE = "Command line"

_source: contextvars.ContextVar[str] = contextvars.ContextVar("change_source", default="")


@contextlib.contextmanager
def change_source(label: str):
    """Every audited change made inside the block records `label` as where it came from (innermost wins): set once
    a request by appraise.change_sources.ChangeSourceMiddleware, and by the commands and the demo's loader."""
    token = _source.set(label)
    try:
        yield label
    finally:
        _source.reset(token)


def current_change_source() -> str:
    """Where the change being made comes from ("Baselines grid"), or "" outside any source."""
    return _source.get()


@receiver(pre_create_historical_record, dispatch_uid="appraise.writes.record_change_source")
def _record_change_source(sender, history_instance, **kwargs) -> None:
    """The one place a saved or deleted row's history record is given its source, whichever service or admin page
    saved it. Connected when this module is imported, which anything that sets a source has done. Bulk writes make
    no such signal: they pass default_change_reason=current_change_source() to simple-history themselves."""
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = current_change_source() or None
