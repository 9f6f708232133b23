"""The plan a preview shows: each changed cell (old and new) and each new row, by sheet, with the other appraisals
that show the figure too, or the problems that stop the workbook; and the operations apply.py will run (ops.py).

An import removes nothing: a blank cell keeps what is held, and a row left out is left alone."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from appraisal import formatting as fmt
from appraisal.workbook import contract
from appraisal.workbook.plan.ops import Operations
from appraisal.workbook.rows import Problem
from services.models import Scope
from services.services import BaselineFigures

SCOPE_LABELS = dict(Scope.choices)


@dataclass(frozen=True, slots=True)
class Change:
    """One cell's old and new value. show formats them when the preview shows them (most never are). affects: the
    other appraisals that show this figure too (a council's own figure), by title."""

    sheet: str
    row: int | None
    what: str
    column: str
    old_value: object
    new_value: object
    show: Callable | None = None
    affects: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The column in people's words, as the preview shows it: 'Net budget', not net_budget."""
        return contract.column_label(self.sheet, self.column)

    @property
    def old(self) -> str:
        return self.show(self.old_value) if self.show else self.old_value

    @property
    def new(self) -> str:
        return self.show(self.new_value) if self.show else self.new_value


@dataclass(frozen=True, slots=True)
class Addition:
    sheet: str
    row: int | None
    what: str
    values: object  # the details as text, or values for show to write out
    show: Callable | None = None
    affects: tuple[str, ...] = ()  # as Change.affects

    @property
    def details(self) -> str:
        return self.show(self.values) if self.show else self.values


# Who changed a figure, as changed_since.py finds them in its history: the model and the filters that find its rows.
History = tuple[str, tuple[tuple[str, object], ...]]


@dataclass(frozen=True, slots=True)
class Kept:
    """A figure the uploader may change, left as the workbook was downloaded, that a colleague changed since: the
    figure held is kept (planner.py since_download). by: who made the change, filled in by changed_since.py."""

    sheet: str
    whose: str  # the council's name, or "" for the appraisal's own figures: the preview says so once for each
    what: str  # "Darlington Borough Council's HR net budget for 2011/12"
    then: str  # as downloaded, shown
    now: str | None  # as held, shown; None: removed since
    history: History | None = None
    by: str = ""

    @property
    def sentence(self) -> str:
        by = f" (by {self.by})" if self.by else ""
        what = self.what[0].upper() + self.what[1:]  # "The appraisal's title"
        if self.now is None:
            return (
                f"{what} was removed after you downloaded this workbook{by}; your copy's older {self.then} is ignored."
            )
        return (
            f"{what} was changed to {self.now} after you downloaded this workbook{by}; your copy's older "
            f"{self.then} is ignored and the new {'one' if self.sheet == contract.APPRAISAL.name else 'figure'} kept."
        )


@dataclass(frozen=True, slots=True)
class Conflict:
    """A cell the uploader changed in the workbook that a colleague changed too after the download: refused at the
    cell with the three values (planner.py since_download). by: as Kept.by."""

    sheet: str
    row: int | None
    column: str  # the cell's letter
    what: str
    yours: str
    theirs: str | None  # None: removed since
    then: str | None  # None: blank when downloaded
    history: History | None = None
    by: str = ""

    @property
    def problem(self) -> Problem:
        who = self.by or "someone else"
        check = {"": "Check with your colleagues", "you": "Check which is right"}.get(self.by, f"Check with {self.by}")
        then = self.then or "blank"
        if self.theirs is None:
            message = (
                f"{self.what} is {self.yours} here, but {who} removed it from the appraisal after you downloaded this "
                f"workbook (it was {then} then). {check} and type the figure you agree, or put back {then} to leave "
                "it removed."
            )
        else:
            keep = "put back" if self.then is not None else "type"
            message = (
                f"{self.what} is {self.yours} here, but {who} changed it to {self.theirs} in the appraisal after you "
                f"downloaded this workbook (it was {then} then). {check} and type the figure you agree, or {keep} "
                f"{self.theirs} to keep theirs."
            )
        return Problem(self.sheet, self.row, self.column, message)


@dataclass(frozen=True)
class SheetPreview:
    """One sheet's changes as the preview lists them: at most so many of each kind, with how many there are."""

    sheet: str
    changes: list[Change]
    additions: list[Addition]
    counts: tuple[int, int]  # every change and addition of the sheet

    @property
    def more(self) -> tuple[int, int]:
        """How many of each kind are not listed."""
        shown = (len(self.changes), len(self.additions))
        return tuple(count - listed for count, listed in zip(self.counts, shown, strict=True))


@dataclass
class Plan:
    slug: str
    creating: bool
    fingerprint: str
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    additions: list[Addition] = field(default_factory=list)
    ops: Operations = field(default_factory=Operations)
    # Rows the uploader may not change, left as downloaded though the figures held changed since, are ignored
    # (plan/planner.py may_change_row): what the preview says about them, once each. A dict for its order.
    ignored: dict[str, None] = field(default_factory=dict)
    # Figures the uploader may change that a colleague changed after the download: kept as held where the workbook
    # left them as downloaded, refused where it changed them too (planner.py since_download). Each conflict is also
    # in problems, as its problem; changed_since.py names who made each change.
    kept: list[Kept] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def notices(self) -> list[str]:
        """What the preview says about figures changed since the download: the rows ignored, then the figures kept,
        once for each sheet and council."""
        groups: dict[tuple[str, str], list[Kept]] = {}
        for kept in self.kept:
            groups.setdefault((kept.sheet, kept.whose), []).append(kept)
        return [*self.ignored, *(_kept_notice(figures) for figures in groups.values())]

    @property
    def count(self) -> int:
        """How many figures change: each changed cell and each new row counts once."""
        return len(self.changes) + len(self.additions)

    @property
    def affected(self) -> list[str]:
        """The other appraisals whose figures this import changes too, by title."""
        titles = {t for c in self.changes for t in c.affects} | {t for a in self.additions for t in a.affects}
        return sorted(titles)

    @property
    def valid(self) -> bool:
        return not self.problems

    def by_sheet(self, shown: int) -> list[SheetPreview]:
        """The sheets with changes, in the contract's order, listing at most `shown` of each kind."""
        out = []
        for sheet in contract.SHEETS:
            changes = [c for c in self.changes if c.sheet == sheet.name]
            additions = [a for a in self.additions if a.sheet == sheet.name]
            if changes or additions:
                counts = (len(changes), len(additions))
                out.append(SheetPreview(sheet.name, changes[:shown], additions[:shown], counts))
        return out

    def summary(self) -> str:
        if not self.count and (self.ignored or self.kept):  # the notices say whose
            return "Nothing to change: the workbook matches the figures held, but for those changed since its download."
        if not self.count:
            return "Nothing to change: the workbook matches the figures already held."
        parts = [f"{len(self.changes):,} figure{'s' if len(self.changes) != 1 else ''} changed"]
        if self.additions:
            parts.append(f"{len(self.additions):,} row{'s' if len(self.additions) != 1 else ''} added")
        return ", ".join(parts)


KEPT_LISTED = 5  # a notice names this many figures kept, then says how many more


def _kept_notice(figures: list[Kept]) -> str:
    if len(figures) == 1:
        return figures[0].sentence
    listed = [
        f"{k.what}: {k.now if k.now is not None else 'removed'}{f' (by {k.by})' if k.by else ''}, was {k.then}"
        for k in figures[:KEPT_LISTED]
    ]
    more = len(figures) - KEPT_LISTED
    if more > 0:
        listed.append(f"and {more:,} more")
    return (
        f"{len(figures):,} of these figures were changed after you downloaded this workbook; your copy's older figures "
        f"are ignored and the new ones kept: {'; '.join(listed)}."
    )


def money(value: Decimal | None) -> str:
    return "blank" if value is None else fmt.money(value)


def number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def baseline_details(f: BaselineFigures) -> str:
    return (
        f"gross {fmt.money(f.gross_budget)}, net {fmt.money(f.net_budget)}, FTEs {number(f.fte)}, "
        f"third-party {fmt.money(f.third_party_spend)}"
    )


def scope_label(scope: str) -> str:
    return SCOPE_LABELS.get(scope, scope)


def appraisals_named(titles: tuple[str, ...] | list[str]) -> str:
    """'the appraisal 'A'' or 'the appraisals 'A' and 'B'', as a problem or the preview names them."""
    quoted = [f"'{t}'" for t in titles]
    if len(quoted) == 1:
        return f"the appraisal {quoted[0]}"
    return f"the appraisals {', '.join(quoted[:-1])} and {quoted[-1]}"
