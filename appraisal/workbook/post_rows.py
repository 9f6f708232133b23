"""A row of the Posts sheet read into a PostRow (issue 18), with the rules a post keeps on its own figures, in the
staffing calculation's words (appraisal/calculations/staffing.py): FTE, salary and on-costs not below zero, the
postholder's age from 16 to 75 and service no longer than the age less 16. Names (structure, cluster, grade, council,
the post carried on) are checked against the appraisal later, by plan/posts_sheet.py. Pure: no ORM."""

from decimal import Decimal

from appraisal.calculations import staffing
from appraisal.workbook import contract
from appraisal.workbook.row_checks import required
from appraisal.workbook.rows import ParsedWorkbook, PostRow, Problem

_POST_REQUIRED = ("post_title", "cluster", "grade", "employing_council", "fte", "salary")
# The largest the database holds (Post.fte: 7 digits, on_cost_pct: 5, both to two places).
_LARGEST = {"fte": Decimal("99999.99"), "on_costs": Decimal("999.99")}
_TODAY = {contract.normalise_name(w) for w in (contract.TODAY, "today's structure", "baseline")}


def post_row(parsed: ParsedWorkbook, sheet: contract.Sheet, number: int, r: dict) -> PostRow | None:
    """The row as a PostRow, or None with a problem at each cell that breaks a rule."""
    if not required(parsed, sheet, number, r, _POST_REQUIRED):
        return None
    problems = {}
    for name, value, message in (
        ("fte", r["fte"], staffing.NEGATIVE_FTE),
        ("salary", r["salary"], staffing.NEGATIVE_SALARY),
        ("on_costs", r["on_costs"], staffing.NEGATIVE_ON_COSTS),
    ):
        if value is not None and value < 0:
            problems[name] = message
        elif value is not None and name in _LARGEST and value > _LARGEST[name]:
            problems[name] = f"{value} is more than Appraise holds (at most {_LARGEST[name]})"
    holder = staffing.holder_errors(r["postholders_age"], r["years_of_service"])
    problems |= {{"age": "postholders_age", "years_service": "years_of_service"}[k]: v for k, v in holder.items()}
    for name, message in problems.items():
        parsed.problems.append(Problem(sheet.name, number, parsed.letter(sheet.name, name), message))
    if problems:
        return None
    structure = r["structure"]
    if structure is not None and contract.normalise_name(structure) in _TODAY:
        structure = None
    return PostRow(
        number,
        r["id"],
        structure,
        r["post_title"],
        r["cluster"],
        r["grade"],
        r["employing_council"],
        r["fte"],
        r["salary"],
        r["on_costs"],
        r["cost_shared"] or staffing.EMPLOYER,
        r["named_shares"] or None,
        r["carries_on"],
        r["postholders_age"],
        r["years_of_service"],
        True if r["in_pension_scheme"] is None else r["in_pension_scheme"],
    )
