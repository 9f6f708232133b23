"""The Posts sheet: every post of today's structure and of each option's proposed one (issue 18). Pure: no queries.

A row with an ID changes that post, one without adds a post; a post left out of the sheet is kept (posts are deleted
on the Staffing page), as every sheet leaves alone a row left out. Unlike the budgets' sheets, a blank optional cell
here means none (the council's on-costs, no postholder named): the sheet shows the whole post. The rules a post keeps
are the staffing calculation's (appraisal/calculations/staffing.py: its messages, its shares); reader.py has checked
each row's own figures (negative salary or FTE, the postholder's age and service), this checks the names against
the appraisal. A post a colleague changed after the download keeps their figures where the workbook left them as
downloaded, and a cell changed on both sides is refused (planner.py since_download).
"""

import dataclasses
from decimal import Decimal

from appraisal import formatting as fmt
from appraisal.calculations import staffing
from appraisal.workbook import contract, downloaded
from appraisal.workbook.contract import normalise_name as _n
from appraisal.workbook.plan.ops import PostPlanned
from appraisal.workbook.plan.planner import Planner
from appraisal.workbook.plan.preview import Addition, Change, number
from appraisal.workbook.plan.state import NamedRec, PostHeld
from appraisal.workbook.rows import PostRow

SHEET = contract.POSTS.name
NEW_APPRAISAL = (
    "The Posts sheet is not read when a new appraisal is imported: add its grades on its Staffing page, then upload "
    "its posts."
)
CANNOT_EDIT = "you cannot change this appraisal's staffing structures"
NOT_SHARED_IN_SHARES = "Only a post shared in named shares gives shares."  # as the Post model says it
BASELINE_BASIS = "Today's posts have no option's sharing basis: name the shares instead."  # as the Post model says it
SPLIT_WORDS = dict(staffing.COST_SPLITS)
# Each column of the sheet and the PostRow (and PostHeld) attribute that holds it.
_ATTRS = {
    "structure": "structure",
    "post_title": "title",
    "cluster": "cluster",
    "grade": "grade",
    "employing_council": "council_code",
    "fte": "fte",
    "salary": "salary",
    "on_costs": "on_cost_pct",
    "cost_shared": "cost_split",
    "named_shares": "shares",
    "carries_on": "continues",
    "postholders_age": "holder_age",
    "years_of_service": "holder_years_service",
    "in_pension_scheme": "pension_member",
}


def plan_posts(p: Planner) -> None:
    if not p.parsed.posts:
        return
    if p.creating:
        p.plan.ignored.setdefault(NEW_APPRAISAL)
        return
    for r in p.parsed.posts:
        _plan_post(p, r)


def structure_name(option: NamedRec | None) -> str:
    return option.name if option is not None else contract.TODAY


def _texts(post: PostRow | PostHeld) -> dict[str, str]:
    """A post as compared with the download and with the post held (downloaded.post_texts)."""
    return downloaded.post_texts({column: getattr(post, attr) for column, attr in _ATTRS.items()})


def _plan_post(p: Planner, r: PostRow) -> None:
    found = _structure(p, r)
    if found is None:
        return
    option, held = found
    what = f"{r.title} ({r.council_code}, {structure_name(option)})"
    if held is not None:
        what = f"post {held.id}: {r.title} ({r.council_code}, {structure_name(option)})"
        r = _since_download(p, r, held, structure_name(option))
        if r is None:
            return
    values = _values(p, r, option)
    if values is None:
        return
    if held is not None and _texts(r) == _texts(held):
        return  # as held: nothing to change
    if not p.actor.can_edit_assumptions:
        p.problem(SHEET, r.row, "post_title", CANNOT_EDIT)
        return
    option_id = option.id if option is not None else None
    if held is None:
        p.plan.additions.append(Addition(SHEET, r.row, what, _details(r, option)))
        p.ops.posts.append(PostPlanned(None, option_id, values))
        return
    before, after = _texts(held), _texts(r)
    for column, attr in _ATTRS.items():
        if before[column] != after[column]:
            old, new = _show(column, getattr(held, attr)), _show(column, getattr(r, attr))
            p.plan.changes.append(Change(SHEET, r.row, what, column, old, new))
    p.ops.posts.append(PostPlanned(held.id, option_id, values, held.version))


def _structure(p: Planner, r: PostRow) -> tuple[NamedRec | None, PostHeld | None] | None:
    """The structure the row is in (None: today's) and the post held it changes (None: a new post), or None with a
    problem: an unknown option, or an ID that names no post of that structure."""
    option = None
    if r.structure is not None:
        option = p.state.options.get(_n(r.structure))
        if option is None:
            names = {key: o.name for key, o in p.state.options.items() if not o.business_as_usual}
            guess = p.closest("option", r.structure, names)
            hint = f"; did you mean '{guess}'?" if guess else f" (write {contract.TODAY} for today's structure)"
            p.problem(
                SHEET, r.row, "structure", f"no option on this appraisal's short list is called '{r.structure}'{hint}"
            )
            return None
        if option.business_as_usual:
            p.problem(SHEET, r.row, "structure", "Business as usual keeps today's structure: it has no proposed one.")
            return None
    if r.id is None:
        return option, None
    held = p.state.posts.get(r.id)
    if held is None:
        _removed(p, r)
        return None
    if held.option_id != (option.id if option else None):
        where = held.structure or contract.TODAY
        message = (
            f"post {r.id} is in {where}, not {structure_name(option)}: a post cannot move between structures. Clear "
            "the ID to add it as a new post"
        )
        p.problem(SHEET, r.row, "structure", message)
        return None
    return option, held


def _removed(p: Planner, r: PostRow) -> None:
    """A row whose post is not held: removed by a colleague since the download (left as downloaded, the row is
    ignored; changed, it is refused), or an ID this appraisal never had."""
    kept = p.parsed.downloaded.get(downloaded.post_key(r.id)) if p.parsed.downloaded is not None else None
    if kept is None:
        p.problem(SHEET, r.row, "id", f"no post of this appraisal has the ID {r.id}: clear the ID to add a new post")
        return
    if tuple(_texts(r).values()) == kept:
        notice = (
            f"Post {r.id} ({r.title}, {r.council_code}) was removed after you downloaded this workbook; your copy's "
            "row for it is ignored."
        )
        p.plan.ignored.setdefault(notice)
        return
    message = (
        f"post {r.id} ({r.title}) was removed from the appraisal after you downloaded this workbook, and this row "
        "changes it: clear the ID to add it again as a new post, or remove the row"
    )
    p.problem(SHEET, r.row, "id", message)


def _since_download(p: Planner, r: PostRow, held: PostHeld, structure: str) -> PostRow | None:
    """The row with each cell a colleague changed since the download, and the workbook left as downloaded, put back
    to the post held (theirs is kept); None if a cell was changed on both sides (a problem at the cell)."""
    wanted = p.keep_changes_since_download(
        SHEET,
        r.row,
        structure,
        lambda figure: f"the {figure} of post {held.id} ({held.title}, {held.council_code})",
        downloaded.post_key(held.id),
        _texts(r),
        _texts(held),
        _show_text,
        ("post", (("id", held.id),)),
    )
    if wanted is None:
        return None
    kept = {_ATTRS[column]: getattr(held, _ATTRS[column]) for column, text in wanted.items() if text is None}
    if "shares" in kept:
        kept["shares"] = kept["shares"] or None
    return dataclasses.replace(r, **kept)


def _values(p: Planner, r: PostRow, option: NamedRec | None) -> dict | None:
    """The post's values as appraisal/staffing/services.py takes them (ids for its models), or None with a problem
    at each cell the appraisal refuses."""
    before = len(p.plan.problems)
    cluster = p.cluster(SHEET, r.row, "cluster", r.cluster)
    grade = p.state.grades.get(_n(r.grade))
    if grade is None:
        guess = p.closest("grade", r.grade, {key: g.name for key, g in p.state.grades.items()})
        hint = f" (did you mean '{guess}'?)" if guess else ""
        message = f"'{r.grade}' is not one of the appraisal's grades{hint}: add it on the Staffing page first"
        p.problem(SHEET, r.row, "grade", message)
    council = p.council(SHEET, r.row, "employing_council", r.council_code)
    shares = _shares(p, r, option)
    continues = _continues(p, r, option)
    if len(p.plan.problems) > before:
        return None
    return {
        "title": r.title,
        "cluster": cluster,
        "grade": grade.id,
        "council": council.id,
        "fte": r.fte,
        "salary": r.salary,
        "on_cost_pct": r.on_cost_pct,
        "cost_split": r.cost_split,
        "shares": shares,
        "continues": continues,
        "holder_age": r.holder_age,
        "holder_years_service": r.holder_years_service,
        "pension_member": r.pension_member,
    }


def _shares(p: Planner, r: PostRow, option: NamedRec | None) -> dict[str, Decimal]:
    if r.cost_split == staffing.BASIS and option is None:
        p.problem(SHEET, r.row, "cost_shared", BASELINE_BASIS)
    if r.cost_split != staffing.SHARES:
        if r.shares:
            p.problem(SHEET, r.row, "named_shares", NOT_SHARED_IN_SHARES)
        return {}
    shares = staffing.parse_shares(r.shares or "")  # reader.py has read them as shares already
    problem = staffing.shares_error(shares, [c.code for c in p.partners])
    if problem:
        p.problem(SHEET, r.row, "named_shares", problem)
    return shares


def _continues(p: Planner, r: PostRow, option: NamedRec | None) -> int | None:
    if r.continues is None:
        return None
    if option is None:
        p.problem(SHEET, r.row, "carries_on", "Only a proposed post carries on a post of today's structure.")
        return None
    held = p.state.posts.get(r.continues)
    if held is None or held.option_id is not None:
        message = f"no post of today's structure has the ID {r.continues}: give the ID of the post this one carries on"
        p.problem(SHEET, r.row, "carries_on", message)
        return None
    return held.id


def _show(column: str, value) -> str:
    if value is None or value == "":
        return "blank" if column != "on_costs" else "the council's"
    if column == "salary":
        return fmt.money(value)
    if column in ("fte", "on_costs"):
        return number(value) + ("%" if column == "on_costs" else "")
    if column == "cost_shared":
        return SPLIT_WORDS.get(value, value)
    if column == "in_pension_scheme":
        return "Yes" if value else "No"
    if column == "structure":
        return value or contract.TODAY
    return str(value)


def _show_text(column: str, text: str) -> str:
    """A cell as since_download compares it (downloaded.post_text), as the preview says it: £97,000, 0.8, 'AD'."""
    if column in ("salary", "fte", "on_costs") and text:
        return _show(column, Decimal(text))
    if column in ("cost_shared", "in_pension_scheme") and text:
        return _show(column, text if column == "cost_shared" else text == "yes")
    return f"'{text}'" if text else _show(column, None)


def _details(r: PostRow, option: NamedRec | None) -> str:
    on_costs = f"on-costs {_show('on_costs', r.on_cost_pct)}"
    parts = [f"new post in {structure_name(option)}", r.grade, f"{number(r.fte)} FTE", fmt.money(r.salary), on_costs]
    if r.cost_split != staffing.EMPLOYER:
        parts.append(r.shares or SPLIT_WORDS[r.cost_split])
    if r.continues is not None:
        parts.append(f"carries on post {r.continues}")
    return ", ".join(parts)
