"""The savings ranges page: each cluster's figures and its savings range as one plain form.

Every row is checked before anything is saved, then all rows are saved in one transaction or none is. Each row
carries the version it was loaded at and the range it showed, so rows the editor left alone are not checked, and
a row someone else saved meanwhile is refused with their values shown.
"""

from dataclasses import dataclass
from decimal import Decimal

from appraisal import formatting as fmt
from appraisal.baselines.forms import (
    Box,
    error_text,
    exact,
    in_box,
    posted_clusters,
    posted_version,
    read_money,
    same,
)
from appraisal.baselines.selectors import appraisal_services, savings_range_last_change, savings_range_list
from appraisal.baselines.services import RangeChange, RangeEdit
from appraisal.calculations import AppraisalSummary, ClusterSummary
from appraisal.models import Appraisal
from appraisal.permissions import can_edit_assumptions
from appraisal.summary.selectors import appraisal_summary
from appraise.concurrency import WriteConflict
from appraise.writes import EditRefused, StaleEdit, changed_by, stale_message
from services.models import ServiceCluster
from services.selectors import cluster_list


def _range(values: tuple[Decimal, Decimal] | None) -> str:
    return f"{fmt.money(values[0])} – {fmt.money(values[1])}" if values else "no range"


def _was(values: tuple[Decimal, Decimal] | None) -> str:
    return f"{exact(values[0])}|{exact(values[1])}" if values else ""


@dataclass
class RangeRow:
    cluster: ServiceCluster
    figures: ClusterSummary | None  # None if the figures cannot be worked out
    current: tuple[Decimal, Decimal] | None
    version: int
    min: Box
    max: Box
    was: str  # the range the editor's form showed, "min|max" or ""
    editable: bool
    error: str = ""  # the whole row: someone else saved it while the editor was editing
    typed: str = ""  # what the editor had typed in a row refused as stale

    @property
    def boxes(self) -> list[Box]:
        return [self.min, self.max]

    def read(self, post) -> RangeEdit | None:
        """Take the row's typed values from the form; the edit to save, or None if the row is unchanged or wrong."""
        self.min.text, self.max.text = post.get(self.min.name, ""), post.get(self.max.name, "")
        self.was = post.get(f"was-{self.cluster.pk}", "")
        self.version = posted_version(post.get(f"version-{self.cluster.pk}"))
        low = read_money(self.min, what="A saving")
        high = read_money(self.max, what="A saving")
        if self.min.error or self.max.error:
            return None
        if (low is None) != (high is None):
            empty = self.min if low is None else self.max
            empty.error = "Enter both a minimum and a maximum saving, or clear both for no range"
            return None
        if low is not None and low > high:
            self.min.error = "The minimum saving cannot be more than the maximum saving"
            return None
        shown = self.was.split("|") if self.was else ["", ""]
        if len(shown) == 2 and same(shown[0], low) and same(shown[1], high):
            return None  # left as the editor found it: nothing to save, and nothing to check
        return RangeEdit(self.cluster, low, high, self.version)

    def show_stale(self, current) -> None:
        """Someone else saved the row: show the range as it now is, at its new version, with what was typed
        beside it (saving again is a deliberate choice)."""
        values = (current.min_saving, current.max_saving) if current.pk else None
        by, at = changed_by(savings_range_last_change(current))
        self.error = stale_message(by, at, shown=_range(values), removed=current.pk is None)
        self.typed = self.typed_text()
        self.current, self.version, self.was = values, current.version, _was(values)
        self.min.text, self.max.text = in_box(values and values[0]), in_box(values and values[1])

    def typed_text(self) -> str:
        return f"{self.min.text or '(blank)'} – {self.max.text or '(blank)'}"


@dataclass
class SavingsPage:
    appraisal: Appraisal
    rows: list[RangeRow]
    editable: bool
    summary: AppraisalSummary | None
    summary_error: str = ""

    @property
    def errors(self) -> list[Box]:
        """What the error summary lists: each wrong box, then each row someone else saved meanwhile."""
        wrong = [box for row in self.rows for box in row.boxes if box.error]
        return wrong + [Box(row.min.name, row.cluster.name, error=row.error) for row in self.rows if row.error]

    @property
    def has_wrong_boxes(self) -> bool:
        return any(box.error for row in self.rows for box in row.boxes)

    def read(self, post) -> list[RangeEdit] | None:
        """The edits the form asks for (the rows with an error say so); None if it names a cluster whose range
        this page cannot set."""
        by_id = {row.cluster.pk: row for row in self.rows}
        posted = posted_clusters(post)
        if any(pk not in by_id or not by_id[pk].editable for pk in posted):
            return None
        return [edit for pk in sorted(posted) if (edit := by_id[pk].read(post))]

    def show_refused(self, exc: EditRefused) -> None:
        for row in self.rows:
            problem = exc.errors.get(row.cluster.pk)
            if isinstance(problem, StaleEdit):
                row.show_stale(problem.current)
            elif problem is not None:
                row.min.error = error_text(problem)

    def show_conflict(self, edits: list[RangeEdit], exc: WriteConflict) -> None:
        """Nothing was saved: each changed row says so and keeps what was typed and the version it was loaded at,
        so saving again either goes through or is refused as a stale edit naming the colleague."""
        changed = {edit.cluster.pk for edit in edits}
        for row in self.rows:
            if row.cluster.pk in changed:
                row.error, row.typed = str(exc), row.typed_text()


def savings_page(*, appraisal: Appraisal, user) -> SavingsPage:
    """The appraisal's clusters with their figures and savings ranges as stored, editable if the user may."""
    editable = can_edit_assumptions(user, appraisal)
    ranges = {r.cluster_id: r for r in savings_range_list(appraisal=appraisal)}
    summary, summary_error = appraisal_summary(appraisal=appraisal)
    by_name = {c.name: c for c in cluster_list()}
    if summary is not None:
        listed = [(by_name[c.name], c) for c in summary.clusters]
    else:  # the figures cannot be worked out: the clusters of the appraisal's services and of its ranges
        own = {s.cluster_id for s in appraisal_services(appraisal_id=appraisal.pk)} | set(ranges)
        listed = [(c, None) for c in by_name.values() if c.pk in own]
    rows = []
    for cluster, figures in listed:
        stored = ranges.get(cluster.pk)
        current = (stored.min_saving, stored.max_saving) if stored else None
        rows.append(
            RangeRow(
                cluster=cluster,
                figures=figures,
                current=current,
                version=stored.version if stored else 0,
                min=Box(f"min-{cluster.pk}", f"{cluster.name}: minimum saving", in_box(current and current[0])),
                max=Box(f"max-{cluster.pk}", f"{cluster.name}: maximum saving", in_box(current and current[1])),
                was=_was(current),
                editable=editable and not cluster.out_of_scope,
            )
        )
    return SavingsPage(appraisal, rows, editable, summary, summary_error)


def range_change_text(change: RangeChange) -> str:
    """One change as the saved message lists it: 'Strategic Management £1,200,000 – £1,600,000 → …'."""
    if change.new is None:
        return f"{change.cluster.name} range removed (was {_range(change.old)})"
    if change.old is None:
        return f"{change.cluster.name} {_range(change.new)}"
    return f"{change.cluster.name} {_range(change.old)} → {_range(change.new)}"
