"""The Councils and Deficits sheets: each council's budgets and funding deficits. Pure: no queries.

They are the council's own figures, not one appraisal's: every appraisal the council is in shows them. So a blank cell
keeps what is held (issue 15: blank budget cells of a new appraisal's workbook erased the councils' budgets in the
appraisal beside it), and a change that another appraisal shows is named with it in the preview and needs a programme
admin. A programme admin setting up a new partnership may list councils Appraise does not hold: they are created,
checked as Administration checks a council (councils/services.py council_create_errors).
"""

from appraisal import formatting as fmt
from appraisal.workbook import contract, downloaded
from appraisal.workbook.contract import normalise_name as _n
from appraisal.workbook.plan.ops import DeficitPlanned, NewCouncilRef
from appraisal.workbook.plan.planner import Planner
from appraisal.workbook.plan.preview import Addition, Change, money
from appraisal.workbook.plan.state import CouncilRec
from appraisal.workbook.rows import CouncilRow, Problem
from councils import financial_years
from councils.models import Council
from councils.services import CouncilBudgets, CouncilCreate, council_create_errors

TYPE_LABELS = dict(Council.CouncilType.choices)
SHEET = contract.COUNCILS.name
# The model's fields, as council_create_errors names them, and the Councils sheet's column for each.
_COLUMNS = {
    "code": "code",
    "name": "name",
    "council_type": "type",
    "net_revenue_budget": "net_budget",
    "gross_budget": "gross_budget",
}


def plan_councils(p: Planner) -> None:
    if p.creating:
        p.partners = []  # the rows, in order: each a council held or one this import creates
        if not p.parsed.councils:
            p.plan.problems.append(Problem(SHEET, 2, "A", "list at least one partner council"))
    names = {_n(c.name): c for c in p.state.councils.values()}
    for r in p.parsed.councils:
        if p.creating:
            council = p.state.councils.get(r.code) or _council_new(p, r, names)
            if council is None:
                continue
            p.partners.append(council)
            if isinstance(council.id, NewCouncilRef):
                continue
        else:
            council = p.council(SHEET, r.row, "code", r.code)
            if council is None:
                continue
        _council_held(p, r, council)


def _council_new(p: Planner, r: CouncilRow, names: dict[str, CouncilRec]) -> CouncilRec | None:
    """A council the import creates, or None with a problem at each cell Administration would refuse."""
    create = CouncilCreate(r.code, r.name, r.type, r.net_budget, r.gross_budget)
    errors = council_create_errors(create)
    for field, messages in errors.items():
        for message in messages:
            p.problem(SHEET, r.row, _COLUMNS.get(field, "code"), message)
    held = names.get(_n(r.name))
    if held is not None:
        message = f"{held.name} is held already, with the code {held.code}: use that code, or another name"
        p.problem(SHEET, r.row, "name", message)
    if errors or held is not None:
        p.refused_codes.add(r.code)
        return None
    council = CouncilRec(NewCouncilRef(r.code), r.code, r.name, r.type, r.net_budget, r.gross_budget)
    names[_n(r.name)] = council
    p.new_councils[r.code] = council
    p.ops.new_councils.append(create)
    budgets = [
        f"{label} {fmt.money(value)}"
        for label, value in (("net revenue budget", r.net_budget), ("gross budget", r.gross_budget))
        if value is not None
    ]
    details = ", ".join([f"new council, {TYPE_LABELS[r.type]}", *budgets])
    p.plan.additions.append(Addition(SHEET, r.row, f"{r.name} ({r.code})", details))
    return council


def _council_held(p: Planner, r: CouncilRow, council: CouncilRec) -> None:
    """A council held: its name and type must be those held; its budgets change where a cell is not blank."""
    if _n(r.name) != _n(council.name):
        message = (
            f"'{r.name}' is not the name held for {council.code} ({council.name}); "
            "councils are renamed in Administration"
        )
        p.problem(SHEET, r.row, "name", message)
    if r.type != council.type:
        message = (
            f"{council.code} is held as {TYPE_LABELS[council.type]}, not {TYPE_LABELS[r.type]}; "
            "council types are changed in Administration"
        )
        p.problem(SHEET, r.row, "type", message)
    what = f"{council.name} ({council.code})"
    affects = p.state.elsewhere.councils.get(council.id, ())
    changes = [
        Change(SHEET, r.row, what, column, money(old), money(new), affects=affects)
        for column, old, new in (
            ("net_budget", council.net_budget, r.net_budget),
            ("gross_budget", council.gross_budget, r.gross_budget),
        )
        if new is not None and new != old  # blank: no change
    ]
    if not changes:
        return
    wanted = {"net_budget": r.net_budget, "gross_budget": r.gross_budget}
    held = {"net_budget": council.net_budget, "gross_budget": council.gross_budget}
    key = downloaded.council_key(council.code)
    describe = lambda figure: f"{council.name}'s {figure}"  # noqa: E731
    if not p.may_change_row(SHEET, r.row, council, describe, key, wanted, held, affects):
        return
    history = ("council", (("id", council.id),))
    wanted = p.keep_changes_since_download(SHEET, r.row, council.name, describe, key, wanted, held, history=history)
    if wanted is None:
        return
    changes = [c for c in changes if wanted[c.column] is not None]  # None: a colleague's figure kept
    if not changes:
        return
    p.plan.changes += changes
    net = council.net_budget if wanted["net_budget"] is None else wanted["net_budget"]
    gross = council.gross_budget if wanted["gross_budget"] is None else wanted["gross_budget"]
    p.ops.councils.append(CouncilBudgets(council.id, net, gross))


def plan_deficits(p: Planner) -> None:
    sheet = contract.DEFICITS.name
    for r in p.parsed.deficits:
        council = p.council(sheet, r.row, "council_code", r.council_code)
        if council is None:
            continue
        held = p.state.deficits.get((council.id, r.year))
        if held == r.amount:
            continue
        affects = p.state.elsewhere.councils.get(council.id, ())
        year = financial_years.label(r.year)
        describe = lambda _, name=council.name, year=year: f"{name}'s funding deficit for {year}"  # noqa: E731
        key = downloaded.deficit_key(council.code, r.year)
        figures = None if held is None else {"amount": held}
        if not p.may_change_row(sheet, r.row, council, describe, key, {"amount": r.amount}, figures, affects):
            continue
        history = ("deficit", (("council_id", council.id), ("year", r.year)))
        wanted = p.keep_changes_since_download(
            sheet, r.row, council.name, describe, key, {"amount": r.amount}, figures, history=history
        )
        if wanted is None or wanted["amount"] is None:  # a conflict, or a colleague's figure kept
            continue
        what = f"{council.code} {financial_years.label(r.year)}"
        if held is None:
            p.plan.additions.append(Addition(sheet, r.row, what, f"deficit {fmt.money(r.amount)}", affects=affects))
        else:
            change = Change(sheet, r.row, what, "amount", fmt.money(held), fmt.money(r.amount), affects=affects)
            p.plan.changes.append(change)
        p.ops.deficits.append(DeficitPlanned(council.id, r.year, r.amount))
