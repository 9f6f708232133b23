"""Compare a parsed workbook with the figures held: what would change (old -> new), what is new, what goes.

state.py reads the figures held in a fixed handful of queries (never one per row) and takes a fingerprint of them;
plan_make (make.py) is pure: it resolves names, suggesting the closest (planner.py), applies the role rules given as
an Actor (actor.py), compares each sheet (councils_sheet.py, sheets.py, appraisal_sheet.py) and lists the changes the
preview shows (preview.py) and the operations apply.py will run (ops.py); both with the garbage collector paused
(collector.py). The preview shows the plan; confirming applies it only if the fingerprint is still the same.

Nothing is removed and a blank cell changes nothing; a council's own figure that other appraisals show too (its
budgets, deficits, baselines) is named with them in the preview, and only a programme admin may change it.
"""

from appraisal.workbook.plan.actor import ADMIN, Actor, actor_for
from appraisal.workbook.plan.make import RESERVED_SLUGS, plan_make
from appraisal.workbook.plan.preview import Plan
from appraisal.workbook.plan.state import council_codes, state_load

__all__ = ["ADMIN", "RESERVED_SLUGS", "Actor", "Plan", "actor_for", "council_codes", "plan_make", "state_load"]
