"""The change history's rows, from django-simple-history's records: each record diffed against the one before it
of the same row, in Python. Shared by the figures' history (selectors.py) and the scenarios' and report's
(scenario_history.py)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

CREATED, CHANGED, DELETED = "+", "~", "-"


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    who: str
    what: str
    field: str  # "Net budget"; "" for a row created or deleted
    old: str  # "£1,000"; "" where there was nothing before
    new: str  # "£1,200"; "" where the row was deleted
    action: str  # "created", "changed" or "deleted"
    kind: str = ""  # one of KINDS: which kind of figure, for the page's filter
    council: str = ""  # the council's code where the figure is one council's; "" for the appraisal's own
    user_id: int | None = None  # who, for the page's filter; None for "System"
    source: str = ""  # where the change came from, where the write recorded it (history_change_reason)
    ref: int = field(default=0, compare=False, repr=False)  # the history record's id in its table

    @property
    def when(self) -> str:
        """23 Nov 2026, 14:02 (UK time)."""
        moment = timezone.localtime(self.at)
        return f"{moment.day} {moment:%b %Y, %H:%M}"

    @property
    def change(self) -> str:
        if self.action == "created":
            return f"Created: {self.new}" if self.new else "Created"
        if self.action == "deleted":
            return f"Deleted (was {self.old})" if self.old else "Deleted"
        if self.action == "saved":
            return "Saved, with no change to what is shown here"
        return f"{self.old} → {self.new}"


@dataclass(frozen=True)
class Table:
    """One audited model in an appraisal's history: which kind of figure it holds, which of its records are the
    appraisal's (`where(appraisal)`, a Q), how a page of them reads (`rows(records, names, only)`), and whether each
    row is one council's (its council_id, for the council filter)."""

    kind: str
    model: type
    where: Callable
    rows: Callable
    by_council: bool = False


SYSTEM = "system"  # the person filter's value for changes made by no one signed in


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "System"  # a fixture load or command run outside a web request
    return user.get_full_name() or user.get_username()


def _summary(record, fields, *, between: bool = False) -> str:
    """A created or deleted row in one line: '£1,100,000 – £1,600,000', or 'Net budget £1,000; …'."""
    if not fields:
        return ""
    values = [(label, show(getattr(record, name))) for name, label, show in fields]
    if between:
        return f"{values[0][1]} – {values[1][1]}"
    if len(values) == 1:
        return values[0][1]
    return "; ".join(f"{label} {value}" for label, value in values)


def rows_for(
    records, fields, what, *, kind: str, council=None, brief=None, between=False, only=None
) -> list[HistoryRow]:
    """Diff each row's records in order (oldest first); `what(record)` names the row, `council(record)` gives
    its council's code (if any) and `brief` the fields summing up a created or deleted row (all if None);
    `between` shows a created or deleted row of two figures as a range ("£1,100,000 – £1,600,000").

    `only`: the history ids to show (all if None); `records` then holds each of them and the record before it of
    the same row, if any, to diff against."""
    brief = fields if brief is None else brief
    by_row: dict[int, list] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        by_row.setdefault(record.id, []).append(record)
    names = [name for name, _, _ in fields]
    shown = {name: (label, show) for name, label, show in fields}
    out = []
    for chain in by_row.values():
        previous = None
        for record in chain:
            if only is not None and record.history_id not in only:
                previous = record
                continue
            base = {
                "at": record.history_date,
                "who": _who(record),
                "what": what(record),
                "kind": kind,
                "council": council(record) if council else "",
                "user_id": record.history_user_id,
                "source": record.history_change_reason or "",
                "ref": record.history_id,
            }
            if record.history_type == CREATED or previous is None:
                out.append(
                    HistoryRow(**base, field="", old="", new=_summary(record, brief, between=between), action="created")
                )
            elif record.history_type == DELETED:
                out.append(
                    HistoryRow(
                        **base, field="", old=_summary(previous, brief, between=between), new="", action="deleted"
                    )
                )
            else:
                delta = record.diff_against(previous, included_fields=names)
                for change in sorted(delta.changes, key=lambda c: names.index(c.field)):
                    label, show = shown[change.field]
                    out.append(
                        HistoryRow(**base, field=label, old=show(change.old), new=show(change.new), action="changed")
                    )
                if not delta.changes:  # a save that changed only what the page does not show: still a change
                    out.append(HistoryRow(**base, field="", old="", new="", action="saved"))
            previous = record
    return out
