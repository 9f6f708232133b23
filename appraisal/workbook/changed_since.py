"""Who changed the figures a preview keeps or refuses because a colleague changed them after the workbook was
downloaded (plan/planner.py since_download), from each row's history (appraise/writes.py last_change): the plan is
pure, so its Kept and Conflict records say where to look, and this names the person. A few queries, one for each
figure kept or refused; the appraisal's own title and years keep no history, so those name nobody."""

import dataclasses

from appraisal.models import Post, SavingsRange
from appraisal.workbook.plan import Plan
from appraise.writes import changed_by, editor_name, last_change
from councils.models import Council, FundingDeficit
from services.models import Baseline

_MODELS = {"baseline": Baseline, "deficit": FundingDeficit, "council": Council, "savings": SavingsRange, "post": Post}


def plan_named(plan: Plan, *, user=None) -> Plan:
    """The plan with each figure kept or refused naming who changed it ("you" for the uploader), where its history
    says; the conflicts' problems say so too."""
    if not plan.kept and not plan.conflicts:
        return plan
    names: dict = {}

    def who(history) -> str:
        if history is None or any(not isinstance(v, int) for _, v in history[1]):
            return ""
        if history not in names:
            model = _MODELS[history[0]]
            by, _ = changed_by(last_change(model(), **dict(history[1])))
            names[history] = "" if by is None else "you" if user is not None and by.pk == user.pk else editor_name(by)
        return names[history]

    plan.kept = [dataclasses.replace(k, by=who(k.history)) for k in plan.kept]
    named = [dataclasses.replace(c, by=who(c.history)) for c in plan.conflicts]
    renamed = {old.problem: new.problem for old, new in zip(plan.conflicts, named, strict=True)}
    plan.problems = [renamed.get(p, p) for p in plan.problems]
    plan.conflicts = named
    return plan
