"""`manage.py appraise SLUG --staffing [--option NAME] [--format json]`: the staffing structures (issue 18) for
scripting and reading, from the one staffing_overview the pages and the report read.

The JSON contract: {"appraisal", "structures": [{"name", "option" (null for today's structure), "fte", "cost",
"posts": [{"title", "council", "fte", "salary", "on_cost_pct", "cost"}]}], "savings_by_council": {"CODE": "…"},
"leavers": [{"title", "council", "age", "years_service", "weekly_pay", "weekly_pay_cap", "statutory_weeks",
"statutory_redundancy", "multiplier", "redundancy", "pension_strain"}]}. Money is a string of pounds to the penny
("1234.50"), FTE, on-costs and multipliers strings to two places ("0.50"), statutory weeks to one ("22.0").
"structures" is today's then each option's proposed one; savings and leavers are the presented option's.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.core.management.base import CommandError

from appraisal import formatting as fmt
from appraisal.calculations import CalculationError
from appraisal.calculations import staffing as staff
from appraisal.options.selectors import options_comparison
from appraisal.report.staffing import StaffingSection, fte_text, presented_staffing, ranked_names, staffing_section
from appraisal.staffing.selectors import BASELINE_NAME, OptionStaffing, StaffingOverview, staffing_overview
from appraisal.summary.selectors import appraisal_figures

TWO_PLACES = Decimal("0.01")
NO_POSTS = "has no staffing structure yet: add today's posts on its staffing page (or in the workbook's Posts sheet)."


def _two(value: Decimal) -> str:
    return f"{Decimal(value).quantize(TWO_PLACES):f}"


def _post_dict(p: staff.PostFigures) -> dict:
    return {
        "title": p.post.title,
        "council": p.post.council,
        "fte": _two(p.post.fte),
        "salary": fmt.money_plain(p.post.salary),
        "on_cost_pct": _two(p.post.on_cost_pct),
        "cost": fmt.money_plain(p.cost),
    }


def _structure_dict(s: staff.StructureFigures) -> dict:
    return {
        "name": s.name,
        "option": s.option,
        "fte": _two(s.fte),
        "cost": fmt.money_plain(s.cost),
        "posts": [_post_dict(p) for p in s.posts],
    }


def _leaver_dict(p: staff.LeaverFigures) -> dict:
    return {
        "title": p.title,
        "council": p.council,
        "age": p.age,
        "years_service": p.years_service,
        "weekly_pay": fmt.money_plain(p.weekly_pay),
        "weekly_pay_cap": fmt.money_plain(p.weekly_pay_cap),
        "statutory_weeks": f"{p.statutory_weeks.quantize(Decimal('0.1')):f}",
        "statutory_redundancy": fmt.money_plain(p.statutory_redundancy),
        "multiplier": _two(p.multiplier),
        "redundancy": fmt.money_plain(p.redundancy),
        "pension_strain": fmt.money_plain(p.pension_strain),
    }


def baseline_of(overview: StaffingOverview, codes) -> staff.StructureFigures:
    """Today's structure; an empty one where the appraisal has no posts."""
    return overview.baseline or staff.structure(BASELINE_NAME, None, (), codes)


def staffing_as_dict(slug: str, overview: StaffingOverview, presented: OptionStaffing | None, codes) -> dict:
    figures = presented.figures if presented else None
    return {
        "appraisal": slug,
        "structures": [_structure_dict(s) for s in [baseline_of(overview, codes), *_proposed(overview)]],
        "savings_by_council": {c: fmt.money_plain(v) for c, v in figures.savings_by_council.items()} if figures else {},
        "leavers": [_leaver_dict(p) for p in figures.leavers] if figures else [],
    }


def _proposed(overview: StaffingOverview) -> list[staff.StructureFigures]:
    return [row.figures.proposed for row in overview.options]


# --- The readable text ---------------------------------------------------------------------------------------


def _structure_lines(s: staff.StructureFigures, table) -> list[str]:
    count = f"{len(s.posts)} post{'' if len(s.posts) == 1 else 's'}"
    head = f"{s.name}: {count}, {fte_text(s.fte)} FTE, {fmt.pounds(s.cost)} a year"
    if not s.posts:
        return [head]
    headers = ["Post", "Council", "Grade", "FTE", "Salary", "On-costs", "Cost a year"]
    rows = [
        [
            p.post.title,
            p.post.council,
            p.post.grade,
            fte_text(p.post.fte),
            fmt.money(p.post.salary),
            fmt.pct(p.post.on_cost_pct),
            fmt.pounds(p.cost),
        ]
        for p in s.posts
    ]
    return [head, *table(headers, rows)]


def _section_lines(section: StaffingSection, table) -> list[str]:
    headers = ["Council", "Posts before", "Posts after", "FTE before", "FTE after", "Deleted", "Created",
               "Saving a year", "Redundancy", "Pension strain", "One-off cost", "Payback"]  # fmt: skip

    def cells(r):
        return [
            r.name if not r.code else f"{r.name} ({r.code})",
            str(r.posts_before),
            str(r.posts_after),
            r.fte_before_text,
            r.fte_after_text,
            str(r.deleted),
            str(r.created),
            fmt.pounds(r.saving),
            fmt.pounds(r.redundancy),
            fmt.pounds(r.strain),
            fmt.pounds(r.one_off),
            r.payback,
        ]

    host = (
        f"Host employer: {section.host} (staff of the other councils transfer to it under TUPE)"
        if section.host
        else "Host employer: not yet agreed (set it on the appraisal's staffing page)"
    )
    costs = "shared by the partners on the costs basis" if section.shared_leaving_costs else "the employing council's"
    done = [f"  {'[x]' if s.done_on else '[ ]'} {s.label}" + (f" ({s.done_on:%d/%m/%Y})" if s.done_on else "")
            for s in section.steps]  # fmt: skip
    return [
        f"Option presented: {section.option} (leavers leave in {fmt.year_label(section.first_year)})",
        "",
        *table(headers, [cells(r) for r in section.rows], cells(section.total)),
        "",
        host,
        f"Leaving costs: {costs}",
        f"Staff consultation: {section.steps_done} of {len(section.steps)} steps done",
        *done,
    ]


def _leaver_lines(presented: OptionStaffing, table) -> list[str]:
    leavers = presented.figures.leavers
    if not leavers:
        return ["Leavers: none (no post of today's structure is deleted)."]
    headers = ["Leaver (post)", "Council", "Age", "Years", "Week's pay", "Cap", "Weeks", "Statutory", "Multiplier",
               "Redundancy", "Pension strain"]  # fmt: skip
    rows = [
        [
            p.title + ("" if p.named else " (grade average)"),
            p.council,
            str(p.age),
            str(p.years_service),
            fmt.money(p.weekly_pay),
            fmt.money(p.weekly_pay_cap),
            f"{p.statutory_weeks.quantize(Decimal('0.1')):f}",
            fmt.money(p.statutory_redundancy),
            f"{p.multiplier.normalize():f}",
            fmt.money(p.redundancy),
            fmt.money(p.pension_strain),
        ]
        for p in leavers
    ]
    return ["Leavers:", *table(headers, rows), "", staff.CAP_RULE, staff.STRAIN_RULE]


def render_staffing(
    appraisal, overview: StaffingOverview, presented: OptionStaffing | None, section, codes, table
) -> str:
    """The structures, then the presented option's savings and leaving costs by council and its leavers. `table`:
    the command's own text-table maker, so every mode lines its columns up alike."""
    lines = [f"{appraisal.title}: staffing structures", ""]
    if overview.baseline is None:
        return "\n".join([*lines, f"{appraisal.title} {NO_POSTS}"])
    for s in [overview.baseline, *_proposed(overview)]:
        lines += [*_structure_lines(s, table), ""]
    if presented is None or section is None:
        return "\n".join([*lines, "No option has a proposed structure yet."])
    lines += [*_section_lines(section, table), "", *_leaver_lines(presented, table)]
    return "\n".join(lines)


def _presented(appraisal, figures, overview: StaffingOverview, option_name: str | None):
    """(the option presented, the names in the order it was looked for): the one named, else the preferred option."""
    if option_name is None:
        ranked = ranked_names(options_comparison(appraisal=appraisal, figures=figures).comparison)
        return presented_staffing(overview, ranked), ranked
    wanted = option_name.strip().casefold()
    presented = next((r for r in overview.options if r.option.name.casefold() == wanted), None)
    if presented is None:
        known = ", ".join(r.option.name for r in overview.options) or "none yet"
        raise CommandError(f"No option '{option_name}' with a proposed structure in {appraisal.slug}. Those with one: "
                           f"{known}.")  # fmt: skip
    return presented, [presented.option.name]


def staffing_output(appraisal, *, as_json: bool, option_name: str | None, table) -> str:
    """What `appraise SLUG --staffing` prints. Raises CommandError where the structures cannot be worked out."""
    try:
        figures = appraisal_figures(appraisal=appraisal)
        overview = staffing_overview(appraisal=appraisal, figures=figures)
    except CalculationError as exc:
        raise CommandError(f"{appraisal.title}: {exc}") from exc
    if overview.problem:
        raise CommandError(f"{appraisal.title}: {overview.problem}")
    presented, ranked = _presented(appraisal, figures, overview, option_name)
    codes = [c.code for c in figures.councils]
    if as_json:
        return json.dumps(staffing_as_dict(appraisal.slug, overview, presented, codes), indent=2)
    section = staffing_section(overview=overview, slug=appraisal.slug, councils=figures.councils, ranked=ranked)
    return render_staffing(appraisal, overview, presented, section, codes, table)
