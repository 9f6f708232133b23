"""What the staffing page shows: the grades, today's structure, the chosen option's proposed structure, what it
saves and costs, its staff arrangements and the councils' on-costs and redundancy policy. As the options pages'
pages.py: forms as stored, or as posted (`bound`) with their errors, and the stale-edit messages (`stale`) beside
the row they refused; the error summary gathers both. The figures are staffing_overview's, read once a request."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django import forms

from appraisal.calculations import CalculationError
from appraisal.calculations import staffing as staff
from appraisal.models import Appraisal, Option, Post, ScenarioCluster
from appraisal.options.selectors import central_scenario, options_list
from appraisal.permissions import can_edit_council_figures
from appraisal.scenarios.rows import shown_percent
from appraisal.scenarios.selectors import clusters_by_name
from appraisal.staffing import selectors
from appraisal.staffing.forms import (
    LABELS,
    ConsultationForm,
    CouncilStaffingForm,
    GradeForm,
    OptionStaffingForm,
    PostForm,
    post_initial,
)
from appraisal.summary.selectors import appraisal_councils, appraisal_figures

WHERE = {
    "grade": "Grade",
    "grade-new": "New grade",
    "post": "Post",
    "post-new": "New post in today's structure",
    "proposed-new": "New proposed post",
    "arrangements": "Staff arrangements",
    "consultation": "Staff consultation",
    "council": "On-costs and redundancy policy",
    "structure": "Proposed structure",
}


def errors_of(key: str, form: forms.Form | None, where: str) -> list[tuple[str, str]]:
    """(input id, message) for each error of a posted form, as the error summary names it."""
    if form is None or not form.is_bound or form.is_valid():
        return []
    out = []
    for name, errors in form.errors.items():
        anchor = f"id_{key}-{name}" if name in form.fields else key
        label = LABELS.get(name.split("-")[0], "") if name in form.fields else ""
        if name.startswith(("done-", "note-")):
            label = form.fields[name].label or "Note"
        prefix = ": ".join(p for p in (where, label) if p)
        out += [(anchor, f"{prefix}: {e}") for e in errors]
    return out


@dataclass(frozen=True)
class PostRow:
    post: Post
    cost: Decimal | None  # a year, with on-costs (None: the figures could not be worked out)
    form: PostForm | None  # the row's form while it is edited
    stale: str

    @property
    def key(self) -> str:
        return f"post-{self.post.pk}"

    @property
    def shares_text(self) -> str:
        return staff.shares_text(self.post.shares or {})


@dataclass(frozen=True)
class GradeRow:
    grade: object
    form: GradeForm
    stale: str

    @property
    def key(self) -> str:
        return f"grade-{self.grade.pk}"


@dataclass(frozen=True)
class CouncilRow:
    council: object
    form: CouncilStaffingForm | None  # None: this user may not change this council's policy
    stale: str = ""

    @property
    def key(self) -> str:
        return f"council-{self.council.pk}"


class StaffingPage:
    def __init__(
        self, *, appraisal: Appraisal, user, editable: bool, option_id=None, edit=None, bound=None, stale=None
    ):
        self.appraisal = appraisal
        self.user = user
        self.editable = editable
        self.bound = bound or {}
        self.stale = stale or {}
        self.edit = edit  # the post whose row is open for editing
        self.options = [o for o in options_list(appraisal=appraisal) if not o.business_as_usual]
        self.option: Option | None = next((o for o in self.options if o.pk == option_id), None) or (
            self.options[0] if self.options else None
        )

    @property
    def query(self) -> str:
        """The chosen option in a link's query string, ready for more: "option=3&" (or "")."""
        return f"option={self.option.pk}&" if self.option else ""

    # --- What is read -------------------------------------------------------------------------------------

    @cached_property
    def councils(self):
        return appraisal_councils(appraisal=self.appraisal)

    @cached_property
    def figures(self):
        try:
            return appraisal_figures(appraisal=self.appraisal)
        except CalculationError:
            return None

    @cached_property
    def overview(self) -> selectors.StaffingOverview:
        if self.figures is None:
            return selectors.StaffingOverview(None, [], "The appraisal's figures cannot be worked out yet.")
        try:
            return selectors.staffing_overview(appraisal=self.appraisal, figures=self.figures)
        except CalculationError as exc:
            return selectors.StaffingOverview(None, [], str(exc))

    @cached_property
    def chosen(self) -> selectors.OptionStaffing | None:
        if self.option is None:
            return None
        return next((o for o in self.overview.options if o.option.pk == self.option.pk), None)

    @cached_property
    def grades(self):
        return selectors.grade_list(appraisal=self.appraisal)

    @cached_property
    def baseline_posts(self) -> list[Post]:
        return selectors.post_list(appraisal=self.appraisal)

    @cached_property
    def proposed_posts(self) -> list[Post]:
        return selectors.post_list(appraisal=self.appraisal, option_id=self.option.pk) if self.option else []

    @cached_property
    def clusters(self):
        in_scope = [c.name for c in self.figures.summary.clusters if not c.out_of_scope] if self.figures else []
        by_name = clusters_by_name(names=in_scope)
        chosen = [by_name[n] for n in in_scope if n in by_name]
        used = {p.cluster for p in [*self.baseline_posts, *self.proposed_posts]} - set(chosen)
        return chosen + sorted(used, key=lambda c: c.name)

    # --- Grades and posts ---------------------------------------------------------------------------------

    def _form(self, cls, key: str, initial: dict, **kwargs):
        if key in self.bound:
            return self.bound[key]
        return cls(initial=initial, auto_id=f"id_{key}-%s", **kwargs)

    @cached_property
    def grade_rows(self) -> list[GradeRow]:
        rows = []
        for g in self.grades:
            key = f"grade-{g.pk}"
            form = self._form(GradeForm, key, {f: getattr(g, f) for f in ("name", *_AVERAGES)})
            rows.append(GradeRow(g, form, self.stale.get(key, "")))
        return rows

    @cached_property
    def grade_new(self) -> GradeForm:
        return self._form(GradeForm, "grade-new", {})

    def post_form(self, key: str, post: Post | None, *, baseline: bool) -> PostForm:
        initial = post_initial(post) if post else {"fte": "1", "cost_split": staff.EMPLOYER, "pension_member": True}
        today = [] if baseline else self.baseline_posts
        return self._form(
            PostForm,
            key,
            initial,
            baseline=baseline,
            clusters=self.clusters,
            grades=self.grades,
            councils=self.councils,
            today=today,
        )

    def _rows(self, posts: list[Post], structure: staff.StructureFigures | None, baseline: bool) -> list[PostRow]:
        costs = {p.post.key: p.cost for p in structure.posts} if structure else {}
        rows = []
        for post in posts:
            key = f"post-{post.pk}"
            open_ = key in self.bound or post.pk == self.edit
            form = self.post_form(key, post, baseline=baseline) if self.editable and open_ else None
            rows.append(PostRow(post, costs.get(str(post.pk)), form, self.stale.get(key, "")))
        return rows

    @cached_property
    def baseline_rows(self) -> list[PostRow]:
        return self._rows(self.baseline_posts, self.overview.baseline, True)

    @cached_property
    def proposed_rows(self) -> list[PostRow]:
        return self._rows(self.proposed_posts, self.chosen.figures.proposed if self.chosen else None, False)

    @cached_property
    def baseline_new(self) -> PostForm:
        return self.post_form("post-new", None, baseline=True)

    @cached_property
    def proposed_new(self) -> PostForm:
        return self.post_form("proposed-new", None, baseline=False)

    @property
    def on_costs_hint(self) -> str:
        each = ", ".join(f"{c.code} {shown_percent(c.on_cost_pct)}%" for c in self.councils)
        return f"Blank: the council's ({each})"

    # --- The option's figures and arrangements ------------------------------------------------------------

    @cached_property
    def council_figures(self) -> list[dict]:
        if self.chosen is None:
            return []
        f = self.chosen.figures
        return [
            {
                "council": c,
                "posts_before": f.baseline.posts_by_council.get(c.code, 0),
                "posts_after": f.proposed.posts_by_council.get(c.code, 0),
                "fte_before": f.baseline.fte_by_council.get(c.code, Decimal(0)),
                "fte_after": f.proposed.fte_by_council.get(c.code, Decimal(0)),
                "saving": f.savings_by_council.get(c.code, Decimal(0)),
                "redundancy": f.redundancy_by_council.get(c.code, Decimal(0)),
                "strain": f.strain_by_council.get(c.code, Decimal(0)),
                "one_off": f.one_off_by_council.get(c.code, Decimal(0)),
                "payback": f.payback_years_by_council.get(c.code),
            }
            for c in self.councils
        ]

    @cached_property
    def totals(self) -> dict:
        f = self.chosen.figures
        return {
            "posts_before": len(f.baseline.posts),
            "posts_after": len(f.proposed.posts),
            "fte_before": f.baseline.fte,
            "fte_after": f.proposed.fte,
            "redundancy": sum(f.redundancy_by_council.values(), Decimal(0)),
            "strain": sum(f.strain_by_council.values(), Decimal(0)),
            "one_off": sum(f.one_off_by_council.values(), Decimal(0)),
        }

    @cached_property
    def central(self):
        return central_scenario(self.option) if self.option else None

    @cached_property
    def cluster_sources(self) -> list[tuple[str, str]]:
        """Where each cluster's saving in the option's central case comes from: the structures or the range."""
        if self.central is None:
            return []
        points = {
            s.cluster.name: s for s in ScenarioCluster.objects.filter(scenario=self.central).select_related("cluster")
        }
        out = []
        for cluster in self.clusters:
            setting = points.get(cluster.name)
            if setting is not None and not setting.included:
                out.append((cluster.name, "Left out of the central case"))
            elif setting is not None and setting.point == ScenarioCluster.Point.STRUCTURE:
                out.append((cluster.name, "From the staffing structures"))
            else:
                point = setting.get_point_display().lower() if setting else "midpoint"
                out.append((cluster.name, f"From the scenario's savings range ({point})"))
        return out

    @cached_property
    def arrangements_form(self) -> OptionStaffingForm:
        o = self.option
        initial = {"host_employer": o.host_employer_id or "", "share_leaving_costs": o.share_leaving_costs}
        return self._form(OptionStaffingForm, "arrangements", initial, councils=self.councils)

    @cached_property
    def consultation_form(self) -> ConsultationForm:
        initial = {}
        for step in self.option.consultation_steps.all():
            initial[f"done-{step.step}"] = step.done_on
            initial[f"note-{step.step}"] = step.note
        return self._form(ConsultationForm, "consultation", initial)

    @cached_property
    def council_rows(self) -> list[CouncilRow]:
        rows = []
        for c in self.councils:
            key = f"council-{c.pk}"
            form = None
            if self.editable and can_edit_council_figures(self.user, c, self.appraisal):
                initial = {
                    "employer_ni_pct": shown_percent(c.employer_ni_pct),
                    "pension_contribution_pct": shown_percent(c.pension_contribution_pct),
                    "redundancy_multiplier": shown_percent(c.redundancy_multiplier),
                    "redundancy_on_actual_pay": c.redundancy_on_actual_pay,
                }
                form = self._form(CouncilStaffingForm, key, initial)
            rows.append(CouncilRow(c, form, self.stale.get(key, "")))
        return rows

    cap_rule = staff.CAP_RULE
    strain_rule = staff.STRAIN_RULE

    @cached_property
    def errors(self) -> list[tuple[str, str]]:
        out = []
        for key, form in self.bound.items():
            out += errors_of(key, form, _where(key))
        for key, message in self.stale.items():
            where = _where(key)
            out.append((key, f"{where}: {message}" if where else message))
        return out


_AVERAGES = ("average_age", "average_years_service")


def _where(key: str) -> str:
    return WHERE.get(key, WHERE.get(key.split("-")[0], ""))


def staffing_page_build(
    *, appraisal: Appraisal, user, editable: bool, option_id=None, edit=None, bound=None, stale=None
):
    return StaffingPage(
        appraisal=appraisal, user=user, editable=editable, option_id=option_id, edit=edit, bound=bound, stale=stale
    )
