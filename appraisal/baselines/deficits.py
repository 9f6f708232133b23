"""The funding deficits page: each partner council's deficit forecasts by year, and a new year's, as one form.

As the savings ranges page (appraisal/baselines/savings.py): every row is checked before anything is saved, then
all are saved in one transaction or none is, and a forecast someone else saved meanwhile is refused with their
figure shown.
"""

from dataclasses import dataclass
from decimal import Decimal

from appraisal import formatting as fmt
from appraisal.baselines.forms import Box, error_text, exact, in_box, posted_version, read_money, same
from appraisal.models import Appraisal
from appraisal.permissions import editable_council_ids
from appraisal.summary.selectors import appraisal_councils
from appraise.concurrency import WriteConflict
from appraise.writes import EditRefused, StaleEdit, changed_by, stale_message
from councils import financial_years
from councils.models import Council, FundingDeficit
from councils.selectors import deficits_by_council, funding_deficit_last_change
from councils.services import DeficitChange, DeficitEdit


def _stale(current: FundingDeficit, shown: str) -> str:
    by, at = changed_by(funding_deficit_last_change(current))
    return stale_message(by, at, shown=shown, removed=current.pk is None)


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

    def read(self, council: Council, post) -> DeficitEdit | None:
        """The row's edit, or None if the form left it alone (or it is wrong, with the message beside it)."""
        if self.amount.name not in post:
            return None  # a year added by someone else since the form was loaded: leave it be
        self.amount.text = post[self.amount.name]
        self.was = post.get(f"was-{council.pk}-{self.year}", "")
        self.version = posted_version(post.get(f"version-{council.pk}-{self.year}"))
        amount = read_money(self.amount, what="A deficit")
        if self.amount.error or same(self.was, amount):
            return None
        return DeficitEdit(council, self.year, amount, self.version)

    def show_stale(self, current: FundingDeficit) -> None:
        """Someone else saved the forecast: show it as it now is, at its new version, with what was typed beside."""
        value = current.amount if current.pk else None
        self.error = _stale(current, fmt.money(value))
        self.typed = self.amount.text or "(blank)"
        self.current, self.version, self.was = value, current.version, exact(value)
        self.amount.text = in_box(value)


@dataclass
class CouncilDeficits:
    council: Council
    editable: bool
    rows: list[DeficitRow]
    new_year: Box
    new_amount: Box

    @property
    def boxes(self) -> list[Box]:
        return [r.amount for r in self.rows] + [self.new_year, self.new_amount]

    def read(self, post) -> list[DeficitEdit]:
        """The council's edits: each changed forecast, and a new year's if one is given."""
        edits = [edit for row in self.rows if (edit := row.read(self.council, post))]
        new = self._read_new_year(post)
        return edits + [new] if new else edits

    def _read_new_year(self, post) -> DeficitEdit | None:
        self.new_year.text = post.get(self.new_year.name, "")
        self.new_amount.text = post.get(self.new_amount.name, "")
        year = None
        if self.new_year.text.strip():
            try:
                year = financial_years.parse(self.new_year.text)
            except ValueError as exc:
                self.new_year.error = f"{exc}"
            else:
                if self._has(year):
                    self.new_year.error = (
                        f"{self.council.name} already has a forecast for {financial_years.label(year)}: change it above"
                    )
        amount = read_money(self.new_amount, what="A deficit")
        if self.new_amount.text.strip() and not self.new_year.text.strip():
            self.new_year.error = "Enter the financial year of the forecast, like 2015/16"
        elif year is not None and amount is None and not self.new_amount.error:
            self.new_amount.error = f"Enter the deficit for {financial_years.label(year)} in pounds, like 1,250,000"
        elif year is not None and amount is not None and not self.new_year.error:
            return DeficitEdit(self.council, year, amount, 0)
        return None

    def _has(self, year: int) -> bool:
        return any(r.year == year for r in self.rows)

    def show_refused(self, errors: dict) -> None:
        for row in self.rows:
            problem = errors.get((self.council.pk, row.year))
            if isinstance(problem, StaleEdit):
                row.show_stale(problem.current)
            elif problem is not None:
                row.amount.error = error_text(problem)
        for (council_id, year), problem in errors.items():
            # A new year someone else added meanwhile (or that the model refuses): the message goes by the year.
            if council_id == self.council.pk and not self._has(year):
                if isinstance(problem, StaleEdit):
                    self.new_year.error = _stale(problem.current, f"{fmt.money(problem.current.amount)} for that year")
                else:
                    self.new_year.error = error_text(problem)

    def show_conflict(self, changed: set[tuple[int, int]], message: str) -> None:
        for row in self.rows:
            if (self.council.pk, row.year) in changed:
                row.error, row.typed = message, row.amount.text or "(blank)"
        if any(council_id == self.council.pk and not self._has(year) for council_id, year in changed):
            self.new_year.error = message


@dataclass
class DeficitsPage:
    appraisal: Appraisal
    councils: list[CouncilDeficits]
    editable: bool

    @property
    def errors(self) -> list[Box]:
        """What the error summary lists: each wrong box, then each forecast someone else saved meanwhile."""
        wrong = [box for table in self.councils for box in table.boxes if box.error]
        stale = [
            Box(row.amount.name, row.amount.label, error=row.error)
            for table in self.councils
            for row in table.rows
            if row.error
        ]
        return wrong + stale

    @property
    def has_wrong_boxes(self) -> bool:
        return any(box.error for table in self.councils for box in table.boxes)

    def show_refused(self, exc: EditRefused) -> None:
        for table in self.councils:
            table.show_refused(exc.errors)

    def show_conflict(self, edits: list[DeficitEdit], exc: WriteConflict) -> None:
        """Nothing was saved: as SavingsPage.show_conflict, for each changed forecast (a new year's beside the
        year box)."""
        changed = {(edit.council.pk, edit.year) for edit in edits}
        for table in self.councils:
            table.show_conflict(changed, str(exc))


def _deficit_row(appraisal: Appraisal, council: Council, year: int, deficit: FundingDeficit | None) -> DeficitRow:
    amount = deficit.amount if deficit else None
    return DeficitRow(
        year=year,
        current=amount,
        version=deficit.version if deficit else 0,
        amount=Box(
            f"amount-{council.pk}-{year}", f"{council.name}: deficit {financial_years.label(year)}", in_box(amount)
        ),
        was=exact(amount),
        in_use=year == appraisal.deficit_year,
    )


def deficits_page(*, appraisal: Appraisal, user, extra_years: dict | None = None) -> DeficitsPage:
    """Each partner council's deficit forecasts by year; `extra_years` adds rows a form names that are gone."""
    councils = appraisal_councils(appraisal=appraisal)
    editable = editable_council_ids(user, appraisal, [c.pk for c in councils])
    stored = deficits_by_council(council_ids=[c.pk for c in councils])
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


def deficit_change_text(change: DeficitChange) -> str:
    """One change as the saved message lists it: 'DBC 2014/15 £10,400,000 → £11,000,000'."""
    what = f"{change.council.code} {financial_years.label(change.year)}"
    if change.new is None:
        return f"{what} forecast removed (was {fmt.money(change.old)})"
    if change.old is None:
        return f"{what} {fmt.money(change.new)}"
    return f"{what} {fmt.money(change.old)} → {fmt.money(change.new)}"
