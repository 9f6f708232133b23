"""The Appraisal sheet: the title and years of a new appraisal (from the sheet, or worked out from the other
sheets), or the changes to an existing one's, which only a programme admin may make. Pure: no queries."""

from appraisal.workbook import contract, downloaded
from appraisal.workbook.plan.ops import AppraisalPlanned
from appraisal.workbook.plan.planner import Planner
from appraisal.workbook.plan.preview import Addition, Change
from appraisal.workbook.plan.state import AppraisalRec
from appraisal.workbook.rows import AppraisalRow, Problem
from councils import financial_years

SHEET = contract.APPRAISAL.name
NO_BASE_YEAR = "the base year is unknown: add Baselines rows or an Appraisal sheet with base_year"


def plan_appraisal(p: Planner) -> None:
    if p.creating:
        _new_appraisal(p, p.parsed.appraisal)
    elif p.parsed.appraisal is not None:
        _changed_appraisal(p, p.parsed.appraisal)


def _new_appraisal(p: Planner, row: AppraisalRow | None) -> None:
    number = row.row if row else None
    title = (row.title if row and row.title else "") or p.state.slug.replace("-", " ").capitalize()
    base = row.base_year if row and row.base_year else None
    base = base or max((b.year for b in p.parsed.baselines), default=None)
    if base is None:
        p.plan.problems.append(Problem(SHEET, number, "B" if row else None, NO_BASE_YEAR))
        return
    deficit = row.deficit_year if row and row.deficit_year else None
    deficit = deficit or max((d.year for d in p.parsed.deficits), default=base)
    if deficit < base:
        _years_problem(p, number, base, deficit)
    codes = ", ".join(c.code for c in p.partners)
    details = (
        f"new appraisal '{title}': baseline {financial_years.label(base)}, deficit "
        f"{financial_years.label(deficit)}, councils {codes}"
    )
    p.plan.additions.append(Addition(SHEET, number, p.state.slug, details))
    p.ops.appraisal = AppraisalPlanned(title, base, deficit, tuple(c.id for c in p.partners))


def _changed_appraisal(p: Planner, row: AppraisalRow) -> None:
    held = p.state.appraisal
    wanted = {
        "title": row.title or held.title,
        "base_year": row.base_year or held.base_year,
        "deficit_year": row.deficit_year or held.deficit_year,
    }
    changed = [name for name, value in wanted.items() if value != getattr(held, name)]
    if not changed:
        return
    if not p.actor.is_admin:
        _refused(p, row, held)
        return
    given = {"title": row.title or None, "base_year": row.base_year or None, "deficit_year": row.deficit_year or None}
    as_held = {name: getattr(held, name) for name in given}
    describe = lambda figure: f"the appraisal's {figure}"  # noqa: E731
    key = downloaded.appraisal_key()
    given = p.keep_changes_since_download(SHEET, row.row, "", describe, key, given, as_held, _show)  # no history kept
    if given is None:
        return
    wanted = {name: as_held[name] if value is None else value for name, value in given.items()}
    changed = [name for name, value in wanted.items() if value != getattr(held, name)]
    if not changed:
        return
    if wanted["deficit_year"] < wanted["base_year"]:
        _years_problem(p, row.row, wanted["base_year"], wanted["deficit_year"])
    for name in changed:
        show = financial_years.label if name != "title" else str
        p.plan.changes.append(Change(SHEET, row.row, p.state.slug, name, show(getattr(held, name)), show(wanted[name])))
    p.ops.appraisal = AppraisalPlanned(**wanted, council_ids=p.state.member_ids)


def _refused(p: Planner, row: AppraisalRow, held: AppraisalRec) -> None:
    """An officer's Appraisal row that differs from the appraisal is never applied. Left as downloaded (a programme
    admin changed the appraisal since), it is ignored and the preview says so; otherwise each cell changed is a
    problem with its value here and in Appraise (issue 16 item 6, as Planner.may_change_row for councils' figures)."""
    given = {"title": row.title, "base_year": row.base_year, "deficit_year": row.deficit_year}
    kept = p.parsed.downloaded.get(downloaded.appraisal_key()) if p.parsed.downloaded is not None else None
    as_downloaded = dict(zip(given, kept, strict=True)) if kept is not None else None
    compared = as_downloaded if as_downloaded is not None else {name: getattr(held, name) for name in given}
    changed = [name for name, value in given.items() if value is not None and value != compared[name]]
    if not changed:
        if as_downloaded is not None:
            notice = (
                "The appraisal's title or years changed after you downloaded this workbook; your copy's older ones are "
                "ignored."
            )
            p.plan.ignored.setdefault(notice)
        return
    for name in changed:
        now, then = getattr(held, name), compared[name]
        in_appraisal = f"{_show(name, now)} in Appraise"
        if as_downloaded is not None and then != now:
            in_appraisal += f" ({_show(name, then)} when you downloaded this workbook)"
            advice = f"Put back {_show(name, then)}, as you downloaded it."
        else:
            advice = f"Put back {_show(name, now)}"
            advice += " or leave the row as you downloaded it." if as_downloaded is not None else "."
        what = f"the appraisal's {contract.column_words(SHEET, name)}"
        message = f"{what} is {_show(name, given[name])} here but {in_appraisal}; only a programme admin can change it."
        p.problem(SHEET, row.row, name, f"{message} {advice}")


def _show(name: str, value) -> str:
    if value is None:
        return "blank"
    return f"'{value}'" if name == "title" else financial_years.label(value)


def _years_problem(p: Planner, number: int | None, base: int, deficit: int) -> None:
    letter = p.parsed.letter(SHEET, "deficit_year") if number else None
    message = f"the deficit year {financial_years.label(deficit)} is before the base year {financial_years.label(base)}"
    p.plan.problems.append(Problem(SHEET, number, letter, message))
