"""The baseline grid as a page: services by cluster down the side, each partner council's figures across.

Each cell is its own small form (appraisal/baselines/views.py), so the grid works without JavaScript; with HTMX a
change saves the one cell and the answer swaps in the cell, its cluster's subtotal, the totals and the appraisal's
headline. This module builds the page model those answers render; it writes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from appraisal import formatting as fmt
from appraisal.baselines.forms import exact, in_box
from appraisal.baselines.selectors import ScopeChoice, service_scopes
from appraisal.calculations import AppraisalSummary
from appraisal.models import Appraisal
from appraisal.outturn.selectors import not_provided_of
from appraisal.permissions import can_edit_assumptions, editable_council_ids
from appraisal.summary.selectors import appraisal_councils, appraisal_summary
from councils.models import Council
from services.models import Baseline, Scope, Service, ServiceCluster
from services.parsing import parse_fte, parse_money
from services.selectors import baseline_cells, baseline_years, service_list


def _fte(value: Decimal) -> str:
    """6.60 -> '6.6'; 1204.50 -> '1,204.5'."""
    return f"{value.normalize():,f}"


@dataclass(frozen=True)
class Measure:
    field: str
    label: str
    noun: str  # in a sentence: "Saved DBC's gross budget"
    parse: Callable[[str], Decimal]
    show: Callable[[Decimal], str]  # for readers: £1,234,567 or 6.6
    plain: Callable[[Decimal], str]  # in the input: 1,234,567 or 6.6


MEASURES = (
    Measure("gross_budget", "Gross budget", "gross budget", parse_money, fmt.money, in_box),
    Measure("net_budget", "Net budget", "net budget", parse_money, fmt.money, in_box),
    Measure("fte", "FTEs", "FTEs", parse_fte, _fte, _fte),
    Measure("third_party_spend", "Third-party spend", "third-party spend", parse_money, fmt.money, in_box),
)


MEASURE_BY_FIELD = {m.field: m for m in MEASURES}


# Short enough for a select in a table cell; the full labels are on the appraisal's summary page.
SCOPE_CHOICES = [(Scope.KEY, "Key service"), (Scope.LIMITED, "Limited value"), (Scope.EXCLUDED, "Excluded")]


@dataclass
class CellState:
    """A cell as the editor left it when their value was not saved: what they typed, and why (`error`), or, when
    nothing needed saving, the figure kept and a note saying so."""

    typed: str
    error: str
    version: int
    original: Decimal | None
    note: str = ""


@dataclass(frozen=True)
class Undo:
    """The last change of a cell, by the user it is shown to, that can be taken back: the figure before it and after
    it, and the baseline's version after it (the undo's optimistic lock)."""

    previous: Decimal
    value: Decimal
    version: int

    # Sent back in hidden fields exactly, never as the locale would print them.
    @property
    def previous_exact(self) -> str:
        return exact(self.previous)

    @property
    def value_exact(self) -> str:
        return exact(self.value)


def cell_undo(*, council_id: int, service_id: int, year: int, field_name: str, version: int, user) -> Undo | None:
    """The undo of a cell just saved, from the baseline's history (one query): the newest record must be this user's
    change of this figure, still the row as it stands (`version`). None otherwise, and for a cell's first figure:
    taking that back would mean removing the baseline, which the grid does not do."""
    if user is None or not user.is_authenticated:
        return None
    records = Baseline.history.filter(council_id=council_id, service_id=service_id, year=year)
    newest = list(records.order_by("-history_date", "-history_id")[:2])
    if len(newest) < 2:
        return None
    last, before = newest
    previous, value = getattr(before, field_name), getattr(last, field_name)
    if last.history_type != "~" or last.history_user_id != user.pk or last.version != version or previous == value:
        return None
    return Undo(previous=previous, value=value, version=last.version)


@dataclass
class Cell:
    council: Council
    service: Service
    measure: Measure
    value: Decimal | None  # None: no baseline for this council, service and year yet
    version: int  # 0 where there is no baseline yet
    editable: bool
    state: CellState | None = None
    saved: bool = False
    undo: Undo | None = None  # the cell just saved: its change, to take back
    undone: bool = False  # the cell just saved was an undo: said so, with no undo of the undo
    not_provided: bool = False  # a service the council's tier does not provide (issue 21): no figure, said so

    @property
    def id(self) -> str:
        return f"cell-{self.council.pk}-{self.service.pk}-{self.measure.field}"

    @property
    def input_id(self) -> str:
        return f"input-{self.council.pk}-{self.service.pk}-{self.measure.field}"

    @property
    def error(self) -> str:
        return self.state.error if self.state else ""

    @property
    def note(self) -> str:
        if self.state:
            return self.state.note
        if self.undo:
            show = self.measure.show
            done = "Put back" if self.undone else "Saved"
            return f"{done} {show(self.undo.value)} (was {show(self.undo.previous)})."
        return ""

    @property
    def text(self) -> str:
        """What the input holds: the editor's own typing after an error, else the stored figure."""
        if self.state is not None:
            return self.state.typed
        return "" if self.value is None else self.measure.plain(self.value)

    @property
    def shown(self) -> str:
        return "–" if self.value is None else self.measure.show(self.value)

    @property
    def form_version(self) -> int:
        return self.state.version if self.state else self.version

    @property
    def original(self) -> str:
        """The figure the editor started from, sent back so a change to another figure of the row is no conflict."""
        value = self.state.original if self.state else self.value
        return "" if value is None else str(value)


@dataclass
class Row:
    service: Service
    scope: str
    scope_reason: str
    cells: list[Cell]

    @property
    def scope_label(self) -> str:
        return dict(SCOPE_CHOICES)[self.scope]


@dataclass
class Sum:
    council: Council
    measure: Measure
    value: Decimal

    @property
    def shown(self) -> str:
        return self.measure.show(self.value)


@dataclass
class ClusterBlock:
    cluster: ServiceCluster
    rows: list[Row] = field(default_factory=list)
    subtotals: list[Sum] = field(default_factory=list)


@dataclass
class Grid:
    appraisal: Appraisal
    year: int
    councils: list[Council]
    clusters: list[ClusterBlock]
    totals: list[Sum]
    any_editable: bool
    summary: AppraisalSummary | None  # None: the figures cannot be worked out (summary_error says why)
    summary_error: str
    user: object

    @property
    def service_ids(self) -> list[int]:
        return [row.service.pk for block in self.clusters for row in block.rows]

    @property
    def any_not_provided(self) -> bool:
        return any(cell.not_provided for block in self.clusters for row in block.rows for cell in row.cells)

    # Read only by the parts of the page that show them (the year picker, the scope column): a cell's answer, the
    # most frequent request, does without their queries.
    @cached_property
    def years(self) -> list[int]:
        ids = [c.pk for c in self.councils]
        held = baseline_years(council_ids=ids, service_ids=self.service_ids)
        return sorted(set(held) | {self.appraisal.base_year, self.year})

    @cached_property
    def scope_editable(self) -> bool:
        return can_edit_assumptions(self.user, self.appraisal)

    @property
    def measures(self):
        return MEASURES

    @property
    def scope_choices(self):
        return SCOPE_CHOICES

    @property
    def column_count(self) -> int:
        return 2 + len(self.councils) * len(MEASURES)

    def cell(self, council_id: int, service_id: int, field_name: str) -> Cell:
        for block in self.clusters:
            for row in block.rows:
                if row.service.pk == service_id:
                    return next(c for c in row.cells if c.council.pk == council_id and c.measure.field == field_name)
        raise KeyError((council_id, service_id, field_name))

    def block_of(self, service_id: int) -> ClusterBlock:
        return next(b for b in self.clusters if any(r.service.pk == service_id for r in b.rows))

    def row_of(self, service_id: int) -> Row:
        return next(r for b in self.clusters for r in b.rows if r.service.pk == service_id)


def _sums(councils, rows: list[Row]) -> list[Sum]:
    # Column sums of the figures shown, for whichever year the grid shows and all four measures (a missing
    # baseline counts as 0). The appraisal's own figures (net budget by cluster and council, savings, in-scope
    # budget) are the calculation's, for the base year: they are in the headline, from appraisal_summary().
    totals = {(c.pk, m.field): Decimal(0) for c in councils for m in MEASURES}
    for row in rows:
        for cell in row.cells:
            if cell.value is not None:
                totals[(cell.council.pk, cell.measure.field)] += cell.value
    return [Sum(c, m, totals[(c.pk, m.field)]) for c in councils for m in MEASURES]


def _row(
    service: Service, scope: ScopeChoice, *, councils, baselines: dict, editable: set[int], states, saved, absent=()
) -> Row:
    """One service's row: its scope in the appraisal, then each council's four figures. `absent`: (council id,
    service id) of the services a council's tier does not provide."""
    cells = []
    for council in councils:
        baseline = baselines.get((council.pk, service.pk))
        for measure in MEASURES:
            key = (council.pk, service.pk, measure.field)
            cells.append(
                Cell(
                    council=council,
                    service=service,
                    measure=measure,
                    value=getattr(baseline, measure.field) if baseline else None,
                    version=baseline.version if baseline else 0,
                    editable=council.pk in editable,
                    state=states.get(key),
                    saved=key == saved,
                    not_provided=baseline is None and (council.pk, service.pk) in absent,
                )
            )
    return Row(service=service, scope=scope.scope, scope_reason=scope.reason, cells=cells)


def _offer_undo(clusters: list[ClusterBlock], key, *, year: int, user, undone: bool) -> None:
    """Give the cell just saved (if it is in the grid and editable) the undo of its change."""
    council_id, service_id, field_name = key
    for cell in (c for b in clusters for r in b.rows if r.service.pk == service_id for c in r.cells):
        if cell.council.pk == council_id and cell.measure.field == field_name and cell.editable:
            cell.undo = cell_undo(
                council_id=council_id, service_id=service_id, year=year, field_name=field_name,
                version=cell.version, user=user,
            )  # fmt: skip
            cell.undone = undone


def grid_build(
    *,
    appraisal: Appraisal,
    year: int,
    user,
    states: dict | None = None,
    saved=None,
    undone: bool = False,
    councils: list | None = None,
) -> Grid:
    """The grid of the services the appraisal covers, for one year, as this user may see it: a fixed handful of
    queries (`councils`, the appraisal's, if the caller has them already). `states`: the cells whose typing was not
    saved, by (council id, service id, field); `saved`: the key of the cell just saved (with its undo, if it has
    one; `undone`: that save was an undo)."""
    councils = councils if councils is not None else appraisal_councils(appraisal=appraisal)
    states = states or {}
    ids = [c.pk for c in councils]
    editable = editable_council_ids(user, appraisal, ids)
    scopes = service_scopes(appraisal_id=appraisal.pk)
    baselines: dict[tuple[int, int], Baseline] = {
        (b.council_id, b.service_id): b for b in baseline_cells(council_ids=ids, year=year, service_ids=list(scopes))
    }
    absent = not_provided_of(appraisal=appraisal)
    blocks: dict[int, ClusterBlock] = {}
    for service in service_list(ids=list(scopes)):
        block = blocks.setdefault(service.cluster_id, ClusterBlock(cluster=service.cluster))
        row = _row(
            service,
            scopes[service.pk],
            councils=councils,
            baselines=baselines,
            editable=editable,
            states=states,
            saved=saved,
            absent=absent,
        )
        block.rows.append(row)
    clusters = list(blocks.values())
    if saved is not None:
        _offer_undo(clusters, saved, year=year, user=user, undone=undone)
    for block in clusters:
        block.subtotals = _sums(councils, block.rows)
    summary, summary_error = appraisal_summary(appraisal=appraisal)
    return Grid(
        appraisal=appraisal,
        year=year,
        councils=councils,
        clusters=clusters,
        totals=_sums(councils, [row for block in clusters for row in block.rows]),
        any_editable=bool(editable),
        summary=summary,
        summary_error=summary_error,
        user=user,
    )
