"""The baseline grid: services by cluster down the side, each partner council's figures across, edited in place.

Each cell is its own small form, so the grid works without JavaScript (Enter submits, the page comes back);
with HTMX a change saves the one cell and the answer swaps in the cell, its cluster's subtotal, the totals
and the appraisal's headline. Errors come back with HTTP 200 so HTMX swaps them in at the cell.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from appraisal import formatting as fmt
from appraisal.baselines.services import service_scope_set
from appraisal.calculations import CalculationError
from appraisal.models import Appraisal, ServiceScope
from appraisal.permissions import (
    appraisal_for_user_or_404,
    can_edit_assumptions,
    can_edit_council_figures,
    editable_council_ids,
)
from appraisal.summary.selectors import appraisal_councils, appraisal_figures
from appraise.concurrency import WriteConflict, conflicts_refused
from appraise.htmx import HtmxHttpRequest
from appraise.writes import StaleEdit, stale_message
from councils import financial_years
from councils.models import Council
from services.models import Baseline, Scope, Service, ServiceCluster
from services.parsing import parse_fte, parse_money
from services.selectors import baseline_cells, baseline_years, service_get, service_list
from services.services import baseline_update


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


def _pounds_plain(value: Decimal) -> str:
    """In an input: 1,234,567 (the column says it is pounds)."""
    return fmt.money(value).replace("£", "")


MEASURES = (
    Measure("gross_budget", "Gross budget", "gross budget", parse_money, fmt.money, _pounds_plain),
    Measure("net_budget", "Net budget", "net budget", parse_money, fmt.money, _pounds_plain),
    Measure("fte", "FTEs", "FTEs", parse_fte, _fte, _fte),
    Measure("third_party_spend", "Third-party spend", "third-party spend", parse_money, fmt.money, _pounds_plain),
)


MEASURE_BY_FIELD = {m.field: m for m in MEASURES}


# Short enough for a select in a table cell; the full labels are on the appraisal's summary page.
SCOPE_CHOICES = [(Scope.KEY, "Key service"), (Scope.LIMITED, "Limited value"), (Scope.EXCLUDED, "Excluded")]


@dataclass
class CellState:
    """A cell as the editor left it when their value was not saved: what they typed, and why."""

    typed: str
    error: str
    version: int
    original: Decimal | None


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
    summary: object | None
    summary_error: str
    user: object

    # Read only by the parts of the page that show them (the year picker, the scope column): a cell's answer, the
    # most frequent request, does without their queries.
    @cached_property
    def years(self) -> list[int]:
        ids = [c.pk for c in self.councils]
        return sorted(set(baseline_years(council_ids=ids)) | {self.appraisal.base_year, self.year})

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
    # Simple column sums of stored figures (a missing baseline counts as 0); the appraisal's own figures
    # (net budget, savings, in-scope budget) come from the calculation module in the headline.
    totals = {(c.pk, m.field): Decimal(0) for c in councils for m in MEASURES}
    for row in rows:
        for cell in row.cells:
            if cell.value is not None:
                totals[(cell.council.pk, cell.measure.field)] += cell.value
    return [Sum(c, m, totals[(c.pk, m.field)]) for c in councils for m in MEASURES]


def grid_build(
    *, appraisal: Appraisal, year: int, user, states: dict | None = None, saved=None, councils: list | None = None
) -> Grid:
    """The grid for one appraisal and year, as this user may see it: a fixed handful of queries (`councils`, the
    appraisal's, if the caller has them already)."""
    states = states or {}
    councils = councils if councils is not None else appraisal_councils(appraisal=appraisal)
    ids = [c.pk for c in councils]
    editable = editable_council_ids(user, appraisal, ids)
    baselines: dict[tuple[int, int], Baseline] = {
        (b.council_id, b.service_id): b for b in baseline_cells(council_ids=ids, year=year)
    }
    scopes = {s.service_id: s for s in ServiceScope.objects.filter(appraisal=appraisal)}
    blocks: dict[int, ClusterBlock] = {}
    for service in service_list():
        block = blocks.setdefault(service.cluster_id, ClusterBlock(cluster=service.cluster))
        own = scopes.get(service.pk)
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
                    )
                )
        block.rows.append(
            Row(
                service=service,
                scope=own.scope if own else service.scope,
                scope_reason=own.reason if own else service.scope_reason,
                cells=cells,
            )
        )
    clusters = list(blocks.values())
    for block in clusters:
        block.subtotals = _sums(councils, block.rows)
    summary, summary_error = None, ""
    try:
        summary = appraisal_figures(appraisal=appraisal).summary
    except CalculationError as exc:
        summary_error = str(exc)
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


def _year_from(value, default: int) -> int:
    try:
        return financial_years.parse(value) if value else default
    except ValueError:
        return default


def _grid_url(appraisal: Appraisal, year: int, anchor: str = "") -> str:
    url = reverse("baseline_grid", args=[appraisal.slug])
    if year != appraisal.base_year:
        url += f"?year={year}"
    return url + (f"#{anchor}" if anchor else "")


def _page(request, grid: Grid, status: int = 200) -> HttpResponse:
    return render(request, "appraisal/baselines/grid.html", {"appraisal": grid.appraisal, "grid": grid}, status=status)


@require_GET
@login_required
def baseline_grid(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    appraisal = appraisal_for_user_or_404(request.user, slug)
    year = _year_from(request.GET.get("year"), appraisal.base_year)
    return _page(request, grid_build(appraisal=appraisal, year=year, user=request.user))


class BaselineCellForm(forms.Form):
    """Which cell (checked against the appraisal) and what was typed in it (read by the measure's parser)."""

    council = forms.IntegerField()
    service = forms.IntegerField()
    year = forms.IntegerField(validators=[financial_years.validate_year])
    field = forms.ChoiceField(choices=[(m.field, m.label) for m in MEASURES])
    version = forms.IntegerField(min_value=0)
    original = forms.DecimalField(required=False)
    value = forms.CharField(required=False, strip=False, max_length=100)


def _messages_of(exc: ValidationError, field_name: str) -> str:
    if hasattr(exc, "error_dict"):
        found = exc.message_dict.get(field_name) or [m for ms in exc.message_dict.values() for m in ms]
        return " ".join(found)
    return " ".join(exc.messages)


@require_POST
@login_required
def baseline_cell(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Save one figure. HTMX gets the cell back with its subtotal, the totals and the headline out of band."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    form = BaselineCellForm(request.POST)
    councils = {c.pk: c for c in appraisal_councils(appraisal=appraisal)}
    if not form.is_valid() or form.cleaned_data["council"] not in councils:
        return HttpResponseBadRequest("That is not a cell of this appraisal's baseline grid.")
    data = form.cleaned_data
    service = service_get(pk=data["service"])
    if service is None:
        return HttpResponseBadRequest("That is not a cell of this appraisal's baseline grid.")
    council, measure, typed = councils[data["council"]], MEASURE_BY_FIELD[data["field"]], data["value"]
    if not can_edit_council_figures(request.user, council, appraisal):
        raise PermissionDenied("Only an officer of this council can change its baselines.")

    key = (council.pk, service.pk, measure.field)
    state = None
    try:
        value = measure.parse(typed)
        with conflicts_refused():
            baseline_update(
                council=council,
                service=service,
                year=data["year"],
                field=measure.field,
                value=value,
                expected_version=data["version"],
                # A cell with no baseline yet started from 0.
                expected_value=data["original"] if data["original"] is not None or data["version"] else Decimal(0),
                user=request.user,
            )
    except ValueError as exc:
        state = CellState(typed, str(exc), data["version"], data["original"])
    except ValidationError as exc:
        state = CellState(typed, _messages_of(exc, measure.field), data["version"], data["original"])
    except StaleEdit as exc:
        current = exc.current
        state = CellState(
            typed,
            stale_message(
                current.updated_by, current.updated_at, shown=measure.show(getattr(current, measure.field)), cell=True
            ),
            current.version,
            getattr(current, measure.field),
        )
    except WriteConflict as exc:
        # Nothing was saved. The form keeps the version it had: saving again either goes through or, if the
        # colleague's save changed this figure, is refused as a stale edit naming them.
        state = CellState(typed, str(exc), data["version"], data["original"])

    grid = grid_build(
        appraisal=appraisal,
        year=data["year"],
        user=request.user,
        states={key: state} if state else {},
        saved=None if state else key,
        councils=list(councils.values()),
    )
    cell = grid.cell(*key)
    if request.htmx:
        context = {
            "appraisal": appraisal,
            "grid": grid,
            "cell": cell,
            "group": grid.block_of(service.pk),
            "status": "" if state else f"Saved {council.code} {measure.noun} for {service.name}: {cell.shown}.",
        }
        return render(request, "appraisal/baselines/_grid_cell_response.html", context)
    if state:
        return _page(request, grid)
    messages.success(request, f"Saved {council.name}'s {measure.noun} for {service.name}: {cell.shown}.")
    return redirect(_grid_url(appraisal, data["year"], cell.id))


class ServiceScopeForm(forms.Form):
    service = forms.IntegerField()
    scope = forms.ChoiceField(choices=Scope.choices)
    year = forms.IntegerField(required=False, validators=[financial_years.validate_year])
    reason = forms.CharField(required=False, max_length=300)


@require_POST
@login_required
def service_scope_update(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Set the appraisal's scope for one service; HTMX gets the scope cell back and the headline out of band."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    form = ServiceScopeForm(request.POST)
    service = service_get(pk=form.cleaned_data["service"]) if form.is_valid() else None
    if service is None:
        return HttpResponseBadRequest("That is not a service scope of this appraisal.")
    if not can_edit_assumptions(request.user, appraisal):
        raise PermissionDenied("Only an officer of a partner council can change the scope of a service.")
    data = form.cleaned_data
    current = ServiceScope.objects.filter(appraisal=appraisal, service=service).first()
    current_scope = current.scope if current else service.scope
    current_reason = current.reason if current else service.scope_reason
    # The grid sends no reason: keep the reason while the scope stays, drop it when the scope changes
    # (the old reason explained the old scope; the history keeps it).
    if "reason" in request.POST:
        reason = data["reason"]
    else:
        reason = current_reason if data["scope"] == current_scope else ""
    service_scope_set(appraisal=appraisal, service=service, scope=data["scope"], reason=reason, user=request.user)

    year = data["year"] or appraisal.base_year
    if request.htmx:
        grid = grid_build(appraisal=appraisal, year=year, user=request.user)
        context = {
            "appraisal": appraisal,
            "grid": grid,
            "row": grid.row_of(service.pk),
            "status": f"{service.name} is now: {Scope(data['scope']).label}.",
        }
        return render(request, "appraisal/baselines/_grid_scope_response.html", context)
    messages.success(request, f"{service.name} is now: {Scope(data['scope']).label}.")
    return redirect(_grid_url(appraisal, year, f"scope-{service.pk}"))
