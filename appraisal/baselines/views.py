"""The baselines feature's views: the baseline grid (a page, one cell's save, one service's scope), the savings
ranges and the funding deficits.

The grid answers a cell's save with HTTP 200 even when the value was not saved, so that HTMX swaps the message in
at the cell; without JavaScript the whole page comes back with it. The savings and deficits pages are plain forms
that redirect back to themselves (post/redirect/get) with what changed.
"""

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from appraisal.baselines.deficits import DeficitsPage, deficit_change_text, deficits_page
from appraisal.baselines.forms import BaselineCellForm, CellEdit, ServiceScopeForm, cell_key, posted_deficit_years
from appraisal.baselines.grid import MEASURE_BY_FIELD, Cell, CellState, Grid, Measure, grid_build
from appraisal.baselines.savings import SavingsPage, range_change_text, savings_page
from appraisal.baselines.selectors import service_scopes
from appraisal.baselines.services import savings_ranges_update, service_scope_set
from appraisal.models import Appraisal
from appraisal.outturn.peers import appraisal_peers
from appraisal.permissions import appraisal_for_user_or_404, can_edit_assumptions, can_edit_council_figures
from appraisal.summary.selectors import appraisal_councils
from appraise.concurrency import WriteConflict, conflicts_refused
from appraise.htmx import HtmxHttpRequest
from appraise.writes import EditRefused, StaleEdit, stale_message
from councils import financial_years
from councils.services import funding_deficits_update
from services.models import Scope
from services.services import baseline_update

GRID_PAGE = "appraisal/baselines/grid.html"
# HTMX answers: the cell (or scope cell) swapped in place, the rows and figures it changes out of band.
GRID_CELL = "appraisal/baselines/_grid_cell_response.html"
GRID_SCOPE = "appraisal/baselines/_grid_scope_response.html"
SAVINGS_PAGE = "appraisal/baselines/savings_ranges.html"
DEFICITS_PAGE = "appraisal/baselines/funding_deficits.html"
FRAGMENTS = (GRID_CELL, GRID_SCOPE)

NOT_A_CELL = "That is not a cell of this appraisal's baseline grid."
NOTHING_SAVED = "Nothing saved: the cell has no figure and was left empty."


def _year_from(value, default: int) -> int:
    try:
        return financial_years.parse(value) if value else default
    except ValueError:
        return default


def _grid_url(appraisal: Appraisal, year: int, anchor: str, **query) -> str:
    """The grid of a year at an element; `query` adds to the address (the cell just saved, for its undo)."""
    params = ({"year": year} if year != appraisal.base_year else {}) | {k: v for k, v in query.items() if v}
    url = reverse("baseline_grid", args=[appraisal.slug])
    return f"{url}?{urlencode(params)}#{anchor}" if params else f"{url}#{anchor}"


def _grid_page(request: HttpRequest, grid: Grid) -> HttpResponse:
    peers = appraisal_peers(appraisal=grid.appraisal)  # None unless its baselines came from the published figures
    return render(request, GRID_PAGE, {"appraisal": grid.appraisal, "grid": grid, "peers": peers})


@require_GET
@login_required
def baseline_grid(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The grid of a year; after a save without JavaScript, ?saved= names the cell saved, which offers its undo."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    year = _year_from(request.GET.get("year"), appraisal.base_year)
    saved, undone = cell_key(request.GET.get("saved", "")), bool(request.GET.get("undone"))
    grid = grid_build(appraisal=appraisal, year=year, user=request.user, saved=saved, undone=undone)
    return _grid_page(request, grid)


def _messages_of(exc: ValidationError, field_name: str) -> str:
    if hasattr(exc, "error_dict"):
        found = exc.message_dict.get(field_name) or [m for ms in exc.message_dict.values() for m in ms]
        return " ".join(found)
    return " ".join(exc.messages)


def _refusal(exc: ValueError, measure: Measure, original: Decimal | None) -> str:
    """Why the typing was refused, how to fix it (letters for digits) and the figure that stays."""
    parts = [str(exc).rstrip(".") + "."]
    if hint := getattr(exc, "hint", ""):
        parts.append(f"{hint}.")
    if original is not None:
        parts.append(f"The figure stays {measure.show(original)}.")
    return " ".join(parts)


def _cell_save(edit: CellEdit, user) -> CellState | None:
    """Save one figure; None if it was saved, else the cell as the editor left it and why it was not saved."""
    measure = MEASURE_BY_FIELD[edit.field]
    if not edit.typed.strip() and edit.original is not None:
        # An emptied box changes nothing: a slip of the delete key must not save 0 over a figure.
        kept = measure.show(edit.original)
        note = f"Left as {kept}: type 0 to set it to zero."
        return CellState(measure.plain(edit.original), "", edit.version, edit.original, note=note)
    if not edit.typed.strip():
        # A cell with no figure yet left empty: nothing to save, and no baseline of zeros made for it.
        return CellState("", "", edit.version, None)
    try:
        value = measure.parse(edit.typed)
        with conflicts_refused():
            baseline_update(
                council=edit.council,
                service=edit.service,
                year=edit.year,
                field=edit.field,
                value=value,
                expected_version=edit.version,
                # A cell with no baseline yet started from 0.
                expected_value=edit.original if edit.original is not None or edit.version else Decimal(0),
                user=user,
            )
    except ValueError as exc:
        return CellState(edit.typed, _refusal(exc, measure, edit.original), edit.version, edit.original)
    except ValidationError as exc:
        return CellState(edit.typed, _messages_of(exc, edit.field), edit.version, edit.original)
    except StaleEdit as exc:
        current = exc.current
        now = getattr(current, edit.field)
        message = stale_message(current.updated_by, current.updated_at, shown=measure.show(now), cell=True)
        # An undo refused keeps the colleague's figure in the box: the figure it would have put back was not typed.
        return CellState(measure.plain(now) if edit.undo else edit.typed, message, current.version, now)
    except WriteConflict as exc:
        # Nothing was saved. The form keeps the version it had: saving again either goes through or, if the
        # colleague's save changed this figure, is refused as a stale edit naming them.
        return CellState(edit.typed, str(exc), edit.version, edit.original)
    return None


@require_POST
@login_required
def baseline_cell(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Save one figure. HTMX gets the cell back with its subtotal, the totals and the headline out of band."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    councils = appraisal_councils(appraisal=appraisal)
    form = BaselineCellForm(request.POST, councils=councils, service_ids=service_scopes(appraisal_id=appraisal.pk))
    if not form.is_valid():
        return HttpResponseBadRequest(NOT_A_CELL)
    edit = form.edit()
    if not can_edit_council_figures(request.user, edit.council, appraisal):
        raise PermissionDenied("Only an officer of this council can change its baselines.")
    state = _cell_save(edit, request.user)
    states, saved = ({edit.key: state}, None) if state else ({}, edit.key)
    grid = grid_build(
        appraisal=appraisal, year=edit.year, user=request.user, states=states, saved=saved, undone=edit.undo,
        councils=councils,
    )  # fmt: skip
    cell = grid.cell(*edit.key)
    if request.htmx:
        status = (state.note or NOTHING_SAVED) if state else _saved_text(cell, edit.council.code)
        context = {"appraisal": appraisal, "grid": grid, "cell": cell, "group": grid.block_of(edit.service.pk)}
        return render(request, GRID_CELL, context | {"status": status})
    if state:
        return _grid_page(request, grid)
    messages.success(request, _saved_text(cell, f"{edit.council.name}'s"))
    key = f"{edit.council.pk}-{edit.service.pk}-{edit.field}"
    return redirect(_grid_url(appraisal, edit.year, cell.id, saved=key, undone="1" if edit.undo else ""))


def _saved_text(cell: Cell, council: str) -> str:
    """'Saved DBC gross budget for HR: £1,300,000. It was £1,231,491.' ('Put back …' for an undo)."""
    done = "Put back" if cell.undone else "Saved"
    text = f"{done} {council} {cell.measure.noun} for {cell.service.name}: {cell.shown}."
    return f"{text} It was {cell.measure.show(cell.undo.previous)}." if cell.undo else text


@require_POST
@login_required
def service_scope_update(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Set the appraisal's scope for one service; HTMX gets the scope cell back and the headline out of band."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    form = ServiceScopeForm(request.POST, covered=service_scopes(appraisal_id=appraisal.pk))
    if not form.is_valid():
        return HttpResponseBadRequest("That is not a service scope of this appraisal.")
    if not can_edit_assumptions(request.user, appraisal):
        raise PermissionDenied("Only an officer of a partner council can change the scope of a service.")
    service, scope = form.cleaned_data["service"], form.cleaned_data["scope"]
    reason = form.reason_for(form.current())
    service_scope_set(appraisal=appraisal, service=service, scope=scope, reason=reason, user=request.user)
    year = form.cleaned_data["year"] or appraisal.base_year
    status = f"{service.name} is now: {Scope(scope).label}."
    if request.htmx:
        grid = grid_build(appraisal=appraisal, year=year, user=request.user)
        context = {"appraisal": appraisal, "grid": grid, "row": grid.row_of(service.pk), "status": status}
        return render(request, GRID_SCOPE, context)
    messages.success(request, status)
    return redirect(_grid_url(appraisal, year, f"scope-{service.pk}"))


def _changes_message(changes: list[str]) -> str:
    if not changes:
        return "Nothing has changed."
    return "Saved: " + "; ".join(changes) + "."


def _savings(request: HttpRequest, page: SavingsPage) -> HttpResponse:
    return render(request, SAVINGS_PAGE, {"appraisal": page.appraisal, "page": page})


@require_http_methods(["GET", "POST"])
@login_required
def savings_ranges(request: HttpRequest, slug: str) -> HttpResponse:
    appraisal = appraisal_for_user_or_404(request.user, slug)
    page = savings_page(appraisal=appraisal, user=request.user)
    if request.method == "GET":
        return _savings(request, page)
    if not page.editable:
        raise PermissionDenied("Only an officer of a partner council can change the savings ranges.")
    edits = page.read(request.POST)
    if edits is None:
        return HttpResponseBadRequest("That is not a cluster whose savings range can be set in this appraisal.")
    if page.has_wrong_boxes:
        return _savings(request, page)
    try:
        with conflicts_refused():
            changes = savings_ranges_update(appraisal=appraisal, edits=edits, user=request.user)
    except EditRefused as exc:
        page.show_refused(exc)
    except WriteConflict as exc:
        page.show_conflict(edits, exc)
    else:
        messages.success(request, _changes_message([range_change_text(c) for c in changes]))
        return redirect("savings_ranges", slug=appraisal.slug)
    return _savings(request, page)


def _deficits(request: HttpRequest, page: DeficitsPage) -> HttpResponse:
    return render(request, DEFICITS_PAGE, {"appraisal": page.appraisal, "page": page})


@require_http_methods(["GET", "POST"])
@login_required
def funding_deficits(request: HttpRequest, slug: str) -> HttpResponse:
    appraisal = appraisal_for_user_or_404(request.user, slug)
    if request.method == "GET":
        return _deficits(request, deficits_page(appraisal=appraisal, user=request.user))
    named = posted_deficit_years(request.POST)
    page = deficits_page(appraisal=appraisal, user=request.user, extra_years=named)
    tables = {t.council.pk: t for t in page.councils}
    if not page.editable:
        raise PermissionDenied("Only an officer of a council can change its funding deficits.")
    if any(cid not in tables for cid in named):
        return HttpResponseBadRequest("That is not a council in this appraisal.")
    if any(not tables[cid].editable for cid in named):
        raise PermissionDenied("Only an officer of a council can change its funding deficits.")
    edits = [edit for cid in named for edit in tables[cid].read(request.POST)]
    if page.has_wrong_boxes:
        return _deficits(request, page)
    try:
        with conflicts_refused():
            changes = funding_deficits_update(edits=edits, user=request.user)
    except EditRefused as exc:
        page.show_refused(exc)
    except WriteConflict as exc:
        page.show_conflict(edits, exc)
    else:
        messages.success(request, _changes_message([deficit_change_text(c) for c in changes]))
        return redirect("funding_deficits", slug=appraisal.slug)
    return _deficits(request, page)
