"""Reads of the options appraisal (issue 17): the short list, the criteria, and the comparison worked out by the
pure calculation (appraisal/calculations/options.py) from what is stored."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from appraisal import calculations as calc
from appraisal.calculations import options as opt
from appraisal.calculations import scenario as scen
from appraisal.models import Appraisal, Criterion, Option, OptionScore, Risk, Scenario
from appraisal.scenarios.selectors import (
    AppraisalPlan,
    appraisal_plan,
    cost_line,
    scenario_assumptions,
    scenario_staffing,
    scenarios_prefetch,
)
from appraisal.staffing.selectors import leaving_cost_lines
from appraisal.summary.selectors import AppraisalFigures, appraisal_figures

# Business as usual has no scenario of its own; where no option has one either, its period is this long from the
# year after the baselines (seed 001: baselines 2011/12, five years of figures from 2012/13).
BUSINESS_AS_USUAL_YEARS = 5


def options_list(*, appraisal: Appraisal) -> list[Option]:
    """The short list, business as usual first, with what the comparison reads fetched in a fixed few queries."""
    return list(
        appraisal.options.select_related("lead_authority").prefetch_related(
            Prefetch("scores", queryset=OptionScore.objects.select_related("criterion")),
            Prefetch("risks", queryset=Risk.objects.order_by("position", "pk")),
            Prefetch("scenarios", queryset=Scenario.objects.select_related("appraisal")),
            "cluster_models__cluster",
            "cluster_models__lead_authority",
        )
    )


def criteria_list(*, appraisal: Appraisal) -> list[Criterion]:
    return list(appraisal.criteria.all())


def business_as_usual_get(*, appraisal: Appraisal) -> Option:
    """Raises Option.DoesNotExist only for an appraisal made without options_defaults_create."""
    return appraisal.options.get(business_as_usual=True)


def central_scenario(option: Option) -> Scenario | None:
    """The scenario whose figures are the option's (from the prefetched scenarios of options_list)."""
    return next((s for s in option.scenarios.all() if s.case == Scenario.Case.CENTRAL), None)


def _business_as_usual_period(appraisal: Appraisal, centrals: list[Scenario], plan: AppraisalPlan) -> scen.Assumptions:
    """Business as usual over the period the options cover (the earliest first year to the latest last year, at most
    MAX_YEARS), with the appraisal's deficits and discounting. Its savings and costs are nil whatever this says."""
    if centrals:
        first = min(s.first_year for s in centrals)
        last = max(s.first_year + s.years - 1 for s in centrals)
        years = min(scen.MAX_YEARS, last - first + 1)
        rate = centrals[0].discount_rate
    else:
        first, years, rate = appraisal.base_year + 1, BUSINESS_AS_USUAL_YEARS, scen.GREEN_BOOK_DISCOUNT_RATE
    return scen.Assumptions(
        first_year=first,
        years=years,
        phasing=[Decimal(100)] * years,
        discount_rate=rate,
        deficit_year=appraisal.deficit_year,
        discount_base_year=plan.discount_base_year,
        deficits=plan.deficits,
    )


def option_input(
    *,
    option: Option,
    criteria: list[Criterion],
    assumptions: scen.Assumptions,
    scenario: Scenario | None,
    plan: AppraisalPlan | None = None,
    summary=None,
) -> opt.OptionInput:
    """The option as the calculation takes it. Its scenario's cost lines come as cost lines (their own bias and
    recurrence), not as the scenario's plain costs, with its staffing structures' leaving costs; an adjustment to
    savings of 0 leaves the scenario's bias."""
    money = {c.pk for c in criteria if c.is_financial}
    lines = [cost_line(c) for c in scenario.cost_items.all()] if scenario is not None else []
    if scenario is not None and plan is not None:
        people = scenario_staffing(scenario=scenario, plan=plan, summary=summary, costs_basis=assumptions.costs_basis)
        lines += leaving_cost_lines(people, scenario.first_year)
    return opt.OptionInput(
        name=option.name,
        assumptions=replace(assumptions, costs=()),
        delivery_model=option.delivery_model,
        business_as_usual=option.business_as_usual,
        cost_lines=lines,
        savings_adjustment=option.savings_adjustment_pct or None,
        scores={s.criterion.name: s.score for s in option.scores.all() if s.criterion_id not in money},
        risks=[
            opt.RiskInput(r.description, r.likelihood, r.impact, r.category, r.cost, r.probability, r.year)
            for r in option.risks.all()
        ],
        preferred=option.preferred,
    )


@dataclass(frozen=True)
class OptionsView:
    """The comparison of the options that have figures, the options still without a central scenario, and why the
    comparison could not be made (blank when it was)."""

    options: list[Option]
    criteria: list[Criterion]
    comparison: opt.OptionsComparison | None
    without_figures: list[Option]
    problem: str = ""
    # When the comparison could not be made for its criteria (weights not adding up to 100), each option's own
    # figures where they can be worked out, by name, so the page still shows the money while the ranking waits.
    unranked: dict[str, opt.OptionFigures] = field(default_factory=dict)


def options_comparison(
    *, appraisal: Appraisal, figures: AppraisalFigures | None = None, plan: AppraisalPlan | None = None
) -> OptionsView:
    """Every option with a central scenario (and business as usual) worked out, scored and ranked. `figures` and
    `plan`, where the caller has read them for the same request, are not read again."""
    options = options_list(appraisal=appraisal)
    criteria = criteria_list(appraisal=appraisal)
    centrals = {o.pk: central_scenario(o) for o in options}
    without = [o for o in options if not o.business_as_usual and centrals[o.pk] is None]
    try:
        figures = figures or appraisal_figures(appraisal=appraisal)
        plan = plan or appraisal_plan(appraisal=appraisal, councils=figures.councils)
        scenarios = [s for s in centrals.values() if s is not None]
        scenarios_prefetch(scenarios)
        bau_period = _business_as_usual_period(appraisal, scenarios, plan)
        inputs = []
        for o in options:
            if o in without:
                continue
            s = centrals[o.pk]
            a = bau_period if s is None else scenario_assumptions(scenario=s, plan=plan, summary=figures.summary)
            inputs.append(
                option_input(option=o, criteria=criteria, assumptions=a, scenario=s, plan=plan, summary=figures.summary)
            )
    except calc.CalculationError as exc:
        return OptionsView(options, criteria, None, without, str(exc))
    crits = [opt.CriterionInput(c.name, Decimal(c.weight), c.is_financial) for c in criteria]
    try:
        comparison = opt.compare(figures.summary, inputs, crits)
    except calc.CalculationError as exc:
        return OptionsView(options, criteria, None, without, str(exc), _each_option(figures, inputs))
    return OptionsView(options, criteria, comparison, without)


def _each_option(figures: AppraisalFigures, inputs: list[opt.OptionInput]) -> dict[str, opt.OptionFigures]:
    """Each option's own figures, leaving out any the calculation refuses (the comparison's problem names it)."""
    out = {}
    for i in inputs:
        try:
            out[i.name] = opt.option_figures(figures.summary, i)
        except calc.CalculationError:
            continue
    return out


def option_cases(*, option: Option, figures: AppraisalFigures | None = None) -> dict[str, opt.OptionFigures]:
    """The option's figures in each case it has a scenario for (central, low, high), its own cost lines, savings
    adjustment and risks in each: the central case is the option's figures, the others the range around them.
    Raises CalculationError as the calculation does."""
    figures = figures or appraisal_figures(appraisal=option.appraisal)
    plan = appraisal_plan(appraisal=option.appraisal, councils=figures.councils)
    criteria = criteria_list(appraisal=option.appraisal)
    out = {}
    for s in option.scenarios.select_related("appraisal").order_by("case"):
        a = scenario_assumptions(scenario=s, plan=plan, summary=figures.summary)
        given = option_input(
            option=option, criteria=criteria, assumptions=a, scenario=s, plan=plan, summary=figures.summary
        )
        out[s.case] = opt.option_figures(figures.summary, given)
    return out


def _words(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").split())


def has_do_minimum(options: list[Option]) -> bool:
    """Whether the short list holds a do-minimum option (the Green Book asks for one beside business as usual): an
    option other than business as usual named as one ("Do minimum", "Do-minimum: shared contracts")."""
    return any(not o.business_as_usual and "do minimum" in _words(o.name) for o in options)


def option_get(*, appraisal: Appraisal, option_id: int) -> Option:
    """The appraisal's option (404 for another appraisal's or none)."""
    return get_object_or_404(appraisal.options.select_related("appraisal", "lead_authority"), pk=option_id)
