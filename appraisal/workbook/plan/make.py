"""plan_make: every sheet compared in turn, or the problems that stop the workbook. Pure: no queries."""

import re

from appraisal.workbook import contract
from appraisal.workbook.plan.actor import Actor
from appraisal.workbook.plan.appraisal_sheet import plan_appraisal
from appraisal.workbook.plan.councils_sheet import plan_councils, plan_deficits
from appraisal.workbook.plan.ops import Operations
from appraisal.workbook.plan.planner import Planner
from appraisal.workbook.plan.posts_sheet import plan_posts
from appraisal.workbook.plan.preview import Plan
from appraisal.workbook.plan.sheets import plan_baselines, plan_savings, plan_services
from appraisal.workbook.plan.state import State
from appraisal.workbook.rows import ParsedWorkbook, Problem
from appraise.collector import collector_paused

RESERVED_SLUGS = {"import"}  # the address of the page that imports a new appraisal
_SLUG = re.compile(r"^[-a-z0-9_]{1,200}$")
_SHEET_ORDER = {s.name: i for i, s in enumerate(contract.SHEETS)}


@collector_paused()
def plan_make(parsed: ParsedWorkbook, state: State, actor: Actor) -> Plan:
    """Everything the workbook would change, or every problem that stops it."""
    plan = Plan(slug=state.slug, creating=state.appraisal is None, fingerprint=state.fingerprint)
    plan.problems = list(parsed.problems)
    if parsed.complete:
        _plan_sheets(parsed, state, actor, plan)
    if plan.problems:
        # A workbook that cannot be applied has no changes to show: only its problems.
        plan.changes, plan.additions, plan.ops = [], [], Operations()
    plan.problems.sort(key=lambda p: (_SHEET_ORDER.get(p.sheet, -1), p.row or 0, len(p.column or ""), p.column or ""))
    return plan


def _plan_sheets(parsed: ParsedWorkbook, state: State, actor: Actor, plan: Plan) -> None:
    if plan.creating and not actor.is_admin:
        message = f"There is no appraisal '{state.slug}'; only a programme admin can create one."
        plan.problems.append(Problem("", None, None, message))
        return
    if plan.creating and (state.slug in RESERVED_SLUGS or not _SLUG.match(state.slug)):
        message = f"'{state.slug}' cannot be an appraisal's address: use lower-case letters, numbers and hyphens"
        plan.problems.append(Problem("", None, None, message))
        return
    planner = Planner(parsed, state, actor, plan)
    plan_councils(planner)
    plan_services(planner)
    plan_deficits(planner)
    plan_baselines(planner)
    plan_savings(planner)
    plan_posts(planner)
    plan_appraisal(planner)
