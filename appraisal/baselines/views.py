"""Editing an appraisal's savings ranges and its councils' funding deficits, and reading its change history.

Each editing page is one plain form: every row is checked before anything is saved, then all rows are saved
in one transaction or none is. Each row carries the version it was loaded at (and the values it showed, so
rows the editor left alone are not checked), and a row someone else saved meanwhile is refused with their
values shown. A successful save redirects back to the page (post/redirect/get) with what changed.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from appraisal import formatting as fmt
from appraisal.baselines.services import (
    DeficitEdit,
    EditRefused,
    RangeEdit,
    deficits_of,
    funding_deficits_update,
    row_last_change,
    savings_ranges_of,
    savings_ranges_update,
)
from appraisal.calculations import CalculationError
from appraisal.models import Appraisal
from appraisal.permissions import appraisal_for_user_or_404, can_edit_assumptions, editable_council_ids
from appraisal.summary.selectors import appraisal_councils, appraisal_figures
from appraise.concurrency import WriteConflict, conflicts_refused
from appraise.writes import StaleEdit, changed_by, stale_message
from councils import financial_years
from services.models import ServiceCluster
from services.parsing import parse_money

MONEY_HINT = "Enter an amount in pounds, like 1,250,000"


@dataclass
class Box:
    """One input as the page shows it: what it holds, and the message beside it if what was typed is wrong."""

    name: str
    label: str  # names the input in the error summary and for screen readers
    text: str = ""
    error: str = ""

    @property
    def id(self) -> str:
        return f"id_{self.name}"


def _plain(value: Decimal | None) -> str:
    """£1,250,000 as the input shows it: 1,250,000."""
    return "" if value is None else fmt.money(value).replace("£", "")


def _exact(value: Decimal | None) -> str:
    """A stored figure sent back in a hidden field, exactly."""
    return "" if value is None else f"{value:f}"


def _same(text: str, value: Decimal | None) -> bool:
    """Whether a hidden field still names this stored figure."""
    try:
        return (Decimal(text) if text else None) == value
    except ArithmeticError:
        return False


def _read_money(box: Box, *, what: str) -> Decimal | None:
    """The amount typed in the box (None if blank); on bad input, puts the message beside the box."""
    if not box.text.strip():
        return None
    try:
        amount = parse_money(box.text, blank=None)
    except ValueError as exc:
        box.error = str(exc) if "decimal places" in str(exc) else MONEY_HINT
        return None
    if amount < 0:
        box.error = f"{what} cannot be negative"
        return None
    return amount


def _version(text) -> int:
    """The version a row was loaded at; a form without one counts as having seen no row (0), so it cannot
    overwrite a row unchecked."""
    try:
        return max(int(text), 0)
    except (TypeError, ValueError):
        return 0


def _stale(current, shown: str) -> str:
    return stale_message(*changed_by(row_last_change(current)), shown=shown, removed=current.pk is None)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _changes_message(changes: list[str]) -> str:
    if not changes:
        return "Nothing has changed."
    return "Saved: " + "; ".join(changes) + "."


@dataclass
class RangeRow:
    cluster: ServiceCluster
    figures: object | None  # the calculation's ClusterSummary (None if the figures cannot be worked out)
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


def _range(values: tuple[Decimal, Decimal] | None) -> str:
    return f"{fmt.money(values[0])} – {fmt.money(values[1])}" if values else "no range"


@dataclass
class SavingsPage:
    appraisal: Appraisal
    rows: list[RangeRow]
    editable: bool
    summary: object | None
    summary_error: str = ""
    errors: list[Box] = field(default_factory=list)


def _was(values) -> str:
    return f"{_exact(values[0])}|{_exact(values[1])}" if values else ""


def savings_page(*, appraisal: Appraisal, user) -> SavingsPage:
    """The appraisal's clusters with their figures and savings ranges as stored, editable if the user may."""
    editable = can_edit_assumptions(user, appraisal)
    ranges = savings_ranges_of(appraisal=appraisal)
    summary, summary_error = None, ""
    try:
        summary = appraisal_figures(appraisal=appraisal).summary
    except CalculationError as exc:
        summary_error = str(exc)
    by_name = {c.name: c for c in ServiceCluster.objects.all()}
    if summary is not None:
        listed = [(by_name[c.name], c) for c in summary.clusters]
    else:
        listed = [(c, None) for c in by_name.values()]
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
                min=Box(f"min-{cluster.pk}", f"{cluster.name}: minimum saving", _plain(current and current[0])),
                max=Box(f"max-{cluster.pk}", f"{cluster.name}: maximum saving", _plain(current and current[1])),
                was=_was(current),
                editable=editable and not cluster.out_of_scope,
            )
        )
    return SavingsPage(appraisal, rows, editable, summary, summary_error)


def _read_range_row(row: RangeRow, post) -> RangeEdit | None:
    """Take the row's typed values from the form; the edit to save, or None if the row is unchanged or wrong."""
    row.min.text, row.max.text = post.get(row.min.name, ""), post.get(row.max.name, "")
    row.was = post.get(f"was-{row.cluster.pk}", "")
    row.version = _version(post.get(f"version-{row.cluster.pk}"))
    low = _read_money(row.min, what="A saving")
    high = _read_money(row.max, what="A saving")
    if row.min.error or row.max.error:
        return None
    if (low is None) != (high is None):
        empty = row.min if low is None else row.max
        empty.error = "Enter both a minimum and a maximum saving, or clear both for no range"
        return None
    if low is not None and low > high:
        row.min.error = "The minimum saving cannot be more than the maximum saving"
        return None
    shown = row.was.split("|") if row.was else ["", ""]
    if len(shown) == 2 and _same(shown[0], low) and _same(shown[1], high):
        return None  # left as the editor found it: nothing to save, and nothing to check
    return RangeEdit(row.cluster, low, high, row.version)


def _savings_refused(page: SavingsPage, exc: EditRefused) -> None:
    for row in page.rows:
        problem = exc.errors.get(row.cluster.pk)
        if isinstance(problem, StaleEdit):
            current = problem.current
            values = (current.min_saving, current.max_saving) if current.pk else None
            row.error = _stale(current, _range(values))
            row.typed = f"{row.min.text or '(blank)'} – {row.max.text or '(blank)'}"
            # Show the range as it now is, at its new version: saving again is a deliberate choice.
            row.current, row.version, row.was = values, current.version, _was(values)
            row.min.text, row.max.text = _plain(values and values[0]), _plain(values and values[1])
        elif problem is not None:
            row.min.error = _error_text(problem)


def _savings_conflict(page: SavingsPage, edits: list[RangeEdit], exc: WriteConflict) -> None:
    """Nothing was saved: each changed row says so and keeps what was typed and the version it was loaded at,
    so saving again either goes through or is refused as a stale edit naming the colleague."""
    changed = {edit.cluster.pk for edit in edits}
    for row in page.rows:
        if row.cluster.pk in changed:
            row.error = str(exc)
            row.typed = f"{row.min.text or '(blank)'} – {row.max.text or '(blank)'}"


def _range_change(change) -> str:
    if change.new is None:
        return f"{change.cluster.name} range removed (was {_range(change.old)})"
    if change.old is None:
        return f"{change.cluster.name} {_range(change.new)}"
    return f"{change.cluster.name} {_range(change.old)} → {_range(change.new)}"


def _render_savings(request, page: SavingsPage) -> HttpResponse:
    page.errors = [box for row in page.rows for box in row.boxes if box.error]
    stale = [Box(row.min.name, row.cluster.name, error=row.error) for row in page.rows if row.error]
    page.errors += stale
    context = {"appraisal": page.appraisal, "page": page, "s": page.summary}
    return render(request, "appraisal/baselines/savings_ranges.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def savings_ranges(request: HttpRequest, slug: str) -> HttpResponse:
    appraisal = appraisal_for_user_or_404(request.user, slug)
    page = savings_page(appraisal=appraisal, user=request.user)
    if request.method == "GET":
        return _render_savings(request, page)
    if not page.editable:
        raise PermissionDenied("Only an officer of a partner council can change the savings ranges.")
    by_id = {row.cluster.pk: row for row in page.rows}
    posted = {int(m.group(1)) for m in map(re.compile(r"^(?:min|max)-(\d+)$").match, request.POST) if m}
    if any(pk not in by_id or not by_id[pk].editable for pk in posted):
        return HttpResponseBadRequest("That is not a cluster whose savings range can be set in this appraisal.")
    edits = [edit for pk in sorted(posted) if (edit := _read_range_row(by_id[pk], request.POST))]
    if any(box.error for row in page.rows for box in row.boxes):
        return _render_savings(request, page)
    try:
        with conflicts_refused():
            changes = savings_ranges_update(appraisal=appraisal, edits=edits, user=request.user)
    except EditRefused as exc:
        _savings_refused(page, exc)
        return _render_savings(request, page)
    except WriteConflict as exc:
        _savings_conflict(page, edits, exc)
        return _render_savings(request, page)
    messages.success(request, _changes_message([_range_change(c) for c in changes]))
    return redirect("savings_ranges", slug=appraisal.slug)


@dataclass
class DeficitRow:
    year: int
    current: Decimal | None
    version: int
    amount: Box
    was: str
    error: str = ""
    typed: str = ""
    in_use: bool = False  # the appraisal's deficit year


@dataclass
class CouncilDeficits:
    council: object
    editable: bool
    rows: list[DeficitRow]
    new_year: Box
    new_amount: Box

    @property
    def boxes(self) -> list[Box]:
        return [r.amount for r in self.rows] + [self.new_year, self.new_amount]


@dataclass
class DeficitsPage:
    appraisal: Appraisal
    councils: list[CouncilDeficits]
    editable: bool
    errors: list[Box] = field(default_factory=list)


def _deficit_row(appraisal, council, year, deficit) -> DeficitRow:
    amount = deficit.amount if deficit else None
    return DeficitRow(
        year=year,
        current=amount,
        version=deficit.version if deficit else 0,
        amount=Box(
            f"amount-{council.pk}-{year}", f"{council.name}: deficit {financial_years.label(year)}", _plain(amount)
        ),
        was=_exact(amount),
        in_use=year == appraisal.deficit_year,
    )


def deficits_page(*, appraisal: Appraisal, user, extra_years: dict | None = None) -> DeficitsPage:
    """Each partner council's deficit forecasts by year; `extra_years` adds rows a form names that are gone."""
    councils = appraisal_councils(appraisal=appraisal)
    editable = editable_council_ids(user, appraisal, [c.pk for c in councils])
    stored = deficits_of(council_ids=[c.pk for c in councils])
    tables = []
    for council in councils:
        by_year = {d.year: d for d in stored[council.pk]}
        years = sorted(set(by_year) | set((extra_years or {}).get(council.pk, ())))
        tables.append(
            CouncilDeficits(
                council=council,
                editable=council.pk in editable,
                rows=[_deficit_row(appraisal, council, y, by_year.get(y)) for y in years],
                new_year=Box(f"new-year-{council.pk}", f"{council.name}: year of a new forecast"),
                new_amount=Box(f"new-amount-{council.pk}", f"{council.name}: deficit for the new year"),
            )
        )
    return DeficitsPage(appraisal, tables, bool(editable))


_DEFICIT_FIELD = re.compile(r"^(amount|version|was)-(\d+)-(\d+)$|^new-(?:year|amount)-(\d+)$")


def _read_deficits(table: CouncilDeficits, post) -> list[DeficitEdit]:
    edits = []
    for row in table.rows:
        if row.amount.name not in post:
            continue  # a year added by someone else since the form was loaded: leave it be
        row.amount.text = post[row.amount.name]
        row.was = post.get(f"was-{table.council.pk}-{row.year}", "")
        row.version = _version(post.get(f"version-{table.council.pk}-{row.year}"))
        amount = _read_money(row.amount, what="A deficit")
        if row.amount.error or _same(row.was, amount):
            continue
        edits.append(DeficitEdit(table.council, row.year, amount, row.version))

    table.new_year.text = post.get(table.new_year.name, "")
    table.new_amount.text = post.get(table.new_amount.name, "")
    year = None
    if table.new_year.text.strip():
        try:
            year = financial_years.parse(table.new_year.text)
        except ValueError as exc:
            table.new_year.error = f"{exc}"
        else:
            if any(r.year == year for r in table.rows):
                table.new_year.error = (
                    f"{table.council.name} already has a forecast for {financial_years.label(year)}: change it above"
                )
    amount = _read_money(table.new_amount, what="A deficit")
    if table.new_amount.text.strip() and not table.new_year.text.strip():
        table.new_year.error = "Enter the financial year of the forecast, like 2015/16"
    elif year is not None and amount is None and not table.new_amount.error:
        table.new_amount.error = f"Enter the deficit for {financial_years.label(year)} in pounds, like 1,250,000"
    elif year is not None and amount is not None and not table.new_year.error:
        edits.append(DeficitEdit(table.council, year, amount, 0))
    return edits


def _deficits_refused(page: DeficitsPage, exc: EditRefused) -> None:
    for table in page.councils:
        for row in table.rows:
            problem = exc.errors.get((table.council.pk, row.year))
            if isinstance(problem, StaleEdit):
                current = problem.current
                value = current.amount if current.pk else None
                row.error = _stale(current, fmt.money(value))
                row.typed = row.amount.text or "(blank)"
                row.current, row.version, row.was = value, current.version, _exact(value)
                row.amount.text = _plain(value)
            elif problem is not None:
                row.amount.error = _error_text(problem)
        for key, problem in exc.errors.items():
            # A new year someone else added meanwhile (or that the model refuses): the message goes by the year.
            if key[0] == table.council.pk and not any(r.year == key[1] for r in table.rows):
                if isinstance(problem, StaleEdit):
                    current = problem.current
                    table.new_year.error = _stale(current, f"{fmt.money(current.amount)} for that year")
                else:
                    table.new_year.error = _error_text(problem)


def _deficits_conflict(page: DeficitsPage, edits: list[DeficitEdit], exc: WriteConflict) -> None:
    """Nothing was saved: as _savings_conflict, for each changed forecast (a new year's beside the year box)."""
    changed = {(edit.council.pk, edit.year) for edit in edits}
    for table in page.councils:
        for row in table.rows:
            if (table.council.pk, row.year) in changed:
                row.error, row.typed = str(exc), row.amount.text or "(blank)"
        if any(key[0] == table.council.pk and not any(r.year == key[1] for r in table.rows) for key in changed):
            table.new_year.error = str(exc)


def _deficit_change(change) -> str:
    what = f"{change.council.code} {financial_years.label(change.year)}"
    if change.new is None:
        return f"{what} forecast removed (was {fmt.money(change.old)})"
    if change.old is None:
        return f"{what} {fmt.money(change.new)}"
    return f"{what} {fmt.money(change.old)} → {fmt.money(change.new)}"


def _render_deficits(request, page: DeficitsPage) -> HttpResponse:
    page.errors = [box for table in page.councils for box in table.boxes if box.error]
    page.errors += [
        Box(row.amount.name, row.amount.label, error=row.error)
        for table in page.councils
        for row in table.rows
        if row.error
    ]
    return render(request, "appraisal/baselines/funding_deficits.html", {"appraisal": page.appraisal, "page": page})


@require_http_methods(["GET", "POST"])
@login_required
def funding_deficits(request: HttpRequest, slug: str) -> HttpResponse:
    appraisal = appraisal_for_user_or_404(request.user, slug)
    if request.method == "GET":
        return _render_deficits(request, deficits_page(appraisal=appraisal, user=request.user))
    named: dict[int, set[int]] = {}
    for m in filter(None, map(_DEFICIT_FIELD.match, request.POST)):
        council_id = int(m.group(2) or m.group(4))
        years = named.setdefault(council_id, set())
        if m.group(3) and financial_years.EARLIEST <= int(m.group(3)) <= financial_years.LATEST:
            years.add(int(m.group(3)))
    page = deficits_page(appraisal=appraisal, user=request.user, extra_years=named)
    tables = {t.council.pk: t for t in page.councils}
    if not page.editable:
        raise PermissionDenied("Only an officer of a council can change its funding deficits.")
    if any(cid not in tables for cid in named):
        return HttpResponseBadRequest("That is not a council in this appraisal.")
    if any(not tables[cid].editable for cid in named):
        raise PermissionDenied("Only an officer of a council can change its funding deficits.")
    edits = [edit for cid in named for edit in _read_deficits(tables[cid], request.POST)]
    if any(box.error for table in page.councils for box in table.boxes):
        return _render_deficits(request, page)
    try:
        with conflicts_refused():
            changes = funding_deficits_update(edits=edits, user=request.user)
    except EditRefused as exc:
        _deficits_refused(page, exc)
        return _render_deficits(request, page)
    except WriteConflict as exc:
        _deficits_conflict(page, edits, exc)
        return _render_deficits(request, page)
    messages.success(request, _changes_message([_deficit_change(c) for c in changes]))
    return redirect("funding_deficits", slug=appraisal.slug)
