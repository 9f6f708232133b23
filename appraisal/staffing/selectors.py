"""Reads of the staffing structures (issue 18): an appraisal's posts, grades and the councils' policies gathered
into the pure calculation's inputs (appraisal/calculations/staffing.py), and each option's figures worked out.

`staffing_inputs` is read once per appraisal (with its plan: appraisal/scenarios/selectors.py appraisal_plan);
`option_staffing` works out one option's structures under one scenario's sharing basis and first year, so that
the scenario editor, the options comparison, the dashboard, the report and the command show the same figure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from appraisal.calculations import options as opt
from appraisal.calculations import scenario as scen
from appraisal.calculations import staffing as staff
from appraisal.models import Appraisal, Grade, PensionStrainFactor, Post, StatutoryRedundancyCap
from councils.models import Council

BASELINE_NAME = "Today's structure"
LEAVING_DESCRIPTION = "Leavers from the new staffing structure"


@dataclass(frozen=True)
class StaffingInputs:
    """Everything the staffing calculation reads for one appraisal, read in a fixed few queries."""

    codes: tuple[str, ...]
    baseline: tuple[staff.PostInput, ...] = ()
    proposed: dict[int, tuple[staff.PostInput, ...]] = field(default_factory=dict)  # option pk -> its posts
    grades: dict[str, staff.GradeProfile] = field(default_factory=dict)
    policies: dict[str, staff.RedundancyPolicy] = field(default_factory=dict)
    caps: tuple[tuple[date, Decimal], ...] = staff.STATUTORY_CAPS
    factors: dict[int, Decimal] = field(default_factory=lambda: dict(staff.STRAIN_FACTORS))
    # Each option's figures already worked out for these inputs (option_staffing): a request asks for the same ones
    # from the scenario's assumptions, its cost lines and the staffing section. Key -> (the summary, the figures).
    worked_out: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def any_posts(self) -> bool:
        return bool(self.baseline or self.proposed)


def post_input(post: Post, on_costs: dict[int, Decimal]) -> staff.PostInput:
    """A stored post as the calculation takes it: its own on-costs or its employing council's."""
    holder = None
    if post.option_id is None and post.holder_age is not None and post.holder_years_service is not None:
        holder = staff.Holder(post.holder_age, post.holder_years_service, post.pension_member)
    return staff.PostInput(
        key=str(post.pk),
        title=post.title,
        council=post.council.code,
        cluster=post.cluster.name,
        grade=post.grade.name,
        fte=post.fte,
        salary=post.salary,
        on_cost_pct=post.on_cost_pct if post.on_cost_pct is not None else on_costs[post.council_id],
        split=post.cost_split,
        shares={code: Decimal(str(pct)) for code, pct in (post.shares or {}).items()},
        continues=str(post.continues_id) if post.continues_id else None,
        holder=holder,
    )


def policy_of(council: Council) -> staff.RedundancyPolicy:
    return staff.RedundancyPolicy(council.redundancy_multiplier, council.redundancy_on_actual_pay)


def post_list(*, appraisal: Appraisal, option_id: int | None = None, every: bool = False) -> list[Post]:
    """The posts of one structure (the baseline where option_id is None), or of every structure (`every`)."""
    posts = Post.objects.filter(appraisal=appraisal).select_related("cluster", "grade", "council", "continues")
    if not every:
        posts = posts.filter(option_id=option_id)
    return list(posts.order_by("position", "pk"))


def grade_list(*, appraisal: Appraisal) -> list[Grade]:
    return list(appraisal.grades.all())


def caps_table() -> tuple[tuple[date, Decimal], ...]:
    """The statutory weekly pay limits held (those the application ships with if the table is emptied)."""
    held = tuple(StatutoryRedundancyCap.objects.values_list("from_date", "weekly_cap"))
    return held or staff.STATUTORY_CAPS


def factors_table() -> dict[int, Decimal]:
    held = dict(PensionStrainFactor.objects.values_list("age", "factor"))
    return held or dict(staff.STRAIN_FACTORS)


def staffing_inputs(*, appraisal: Appraisal, councils: list[Council]) -> StaffingInputs:
    """The appraisal's structures as the calculation's inputs: one query when it has no posts, five when it has."""
    codes = tuple(c.code for c in councils)
    posts = post_list(appraisal=appraisal, every=True)
    if not posts:
        return StaffingInputs(codes)
    on_costs = {c.pk: c.on_cost_pct for c in councils}
    proposed: dict[int, list[staff.PostInput]] = {}
    baseline = []
    for p in posts:
        (baseline if p.option_id is None else proposed.setdefault(p.option_id, [])).append(post_input(p, on_costs))
    grades = {
        g.name: staff.GradeProfile(g.name, g.average_age, g.average_years_service)
        for g in grade_list(appraisal=appraisal)
    }
    return StaffingInputs(
        codes=codes,
        baseline=tuple(baseline),
        proposed={pk: tuple(items) for pk, items in proposed.items()},
        grades=grades,
        policies={c.code: policy_of(c) for c in councils},
        caps=caps_table(),
        factors=factors_table(),
    )


def option_staffing(
    inputs: StaffingInputs,
    *,
    option_id: int,
    option_name: str,
    summary,
    costs_basis: scen.SharingBasis,
    first_year: int,
    share_leaving_costs: bool,
) -> staff.StaffingFigures | None:
    """The option's structures against today's, under its scenario's costs basis, its leavers leaving in its first
    year; None where the option has no proposed structure."""
    posts = inputs.proposed.get(option_id)
    if posts is None:
        return None
    custom = tuple(sorted((costs_basis.custom or {}).items()))
    key = (option_id, option_name, costs_basis.kind, custom, first_year, share_leaving_costs)
    known = inputs.worked_out.get(key)
    if known is not None and known[0] is summary:
        return known[1]
    figures = _option_staffing(inputs, posts, option_name, summary, costs_basis, first_year, share_leaving_costs)
    inputs.worked_out[key] = (summary, figures)
    return figures


def _option_staffing(inputs, posts, option_name, summary, costs_basis, first_year, share_leaving_costs):
    weights = staff.basis_weights(summary, costs_basis)
    baseline = staff.structure(BASELINE_NAME, None, inputs.baseline, inputs.codes, weights)
    proposed = staff.structure(option_name, option_name, posts, inputs.codes, weights)
    in_plan = [c.name for c in summary.clusters if not c.out_of_scope]
    costs_weights = scen.sharing_weights(summary, costs_basis, in_plan)
    return staff.compare_structures(
        baseline,
        proposed,
        inputs.codes,
        grades=inputs.grades,
        policies=inputs.policies,
        cap=staff.cap_for_year(inputs.caps, first_year),
        factors=inputs.factors,
        share_leaving_costs=share_leaving_costs,
        costs_weights=costs_weights,
    )


def leaving_cost_lines(figures: staff.StaffingFigures | None, first_year: int) -> list[opt.CostLine]:
    """The option's one-off costs of its leavers, in its first year: each employing council's redundancy and
    pension strain, or, where the partners share them, one line of each shared on the costs basis."""
    if figures is None:
        return []
    kinds = (("Redundancy", figures.redundancy_by_council), ("Pension strain", figures.strain_by_council))
    lines = []
    for kind, by_council in kinds:
        if figures.shared_leaving_costs:
            total = sum(by_council.values(), Decimal(0))
            if total:
                lines.append(opt.CostLine(kind, first_year, total, LEAVING_DESCRIPTION))
            continue
        for code, amount in by_council.items():
            if amount:
                lines.append(opt.CostLine(kind, first_year, amount, LEAVING_DESCRIPTION, council=code))
    return lines


@dataclass(frozen=True)
class OptionStaffing:
    """An option's proposed structure against today's, worked out under its central case (or, before it has one,
    the default costs basis with leavers leaving the year after the baselines)."""

    option: object  # appraisal.models.Option
    first_year: int
    figures: staff.StaffingFigures


@dataclass(frozen=True)
class StaffingOverview:
    baseline: staff.StructureFigures | None  # None: the appraisal has no posts
    options: list[OptionStaffing]
    problem: str = ""  # why the figures could not be worked out


def staffing_overview(*, appraisal: Appraisal, figures, plan=None) -> StaffingOverview:
    """Today's structure and every option's proposed one with their savings and leaving costs, for the staffing
    page, the dashboard, the report and the command (one reading of the structures for all of them)."""
    from appraisal.calculations import CalculationError
    from appraisal.options.selectors import central_scenario, options_list
    from appraisal.scenarios.selectors import appraisal_plan, scenario_assumptions, scenarios_prefetch

    plan = plan or appraisal_plan(appraisal=appraisal, councils=figures.councils)
    inputs = plan.staffing
    if inputs is None or not inputs.any_posts:
        return StaffingOverview(None, [])
    weights = staff.basis_weights(figures.summary, scen.SharingBasis())
    baseline = staff.structure(BASELINE_NAME, None, inputs.baseline, inputs.codes, weights)
    rows = []
    try:
        options = [o for o in options_list(appraisal=appraisal) if o.pk in inputs.proposed]
        centrals = {o.pk: central_scenario(o) for o in options}
        scenarios_prefetch([s for s in centrals.values() if s is not None])
        for option in options:
            scenario = centrals[option.pk]
            if scenario is not None:
                basis = scenario_assumptions(scenario=scenario, plan=plan, summary=figures.summary).costs_basis
                first_year = scenario.first_year
            else:
                basis, first_year = scen.SharingBasis(), appraisal.base_year + 1
            result = option_staffing(
                inputs,
                option_id=option.pk,
                option_name=option.name,
                summary=figures.summary,
                costs_basis=basis,
                first_year=first_year,
                share_leaving_costs=option.share_leaving_costs,
            )
            rows.append(OptionStaffing(option, first_year, result))
    except CalculationError as exc:
        return StaffingOverview(baseline, rows, str(exc))
    return StaffingOverview(baseline, rows)
