"""The options appraisal (issue 17): delivery models compared on money, weighted criteria and risk, with business
as usual always on the short list.

Seed 000 weighs a Darlington/Stockton partnership against outsourcing (market testing up to £1M, 2–3 years); seed
001 §2.5 sets out options 1–4; seed 002 picks Model 3b among operating models; seed 004 names the delivery models
and a protocol whose points are criteria. HM Treasury's Green Book: the short list holds business as usual;
optimism bias by project category, reduced as the causes of overruns are managed; risks costed as expected values.

Pure, like scenario.py, on which it is built: an option's figures are the scenario model's (savings point per
cluster, phasing, costs, sharing basis, discounting, payback, each council's share and gap closed) with the
option's own cost lines and savings adjustment. Nothing here discounts or finds a payback year of its own.

Conventions:
- Applied optimism bias = the category's upper bound × (1 − mitigated % / 100), never below its lower bound; kept
  exact (Decimal), shown to one decimal place half-up (the Green Book's worked example, non-standard buildings
  with 92% mitigated: 51% × 0.08 = 4.08%, which it quotes as 4%). A line with no category takes the scenario's
  single optimism-bias % (scenarios made before issue 17 keep their figures).
- A recurring line costs its amount every year from its year to its last year (the period's end when none).
- Business as usual: nil savings and nil costs (every cluster left out, no cost lines), so NPV 0 and each
  council's gap left as it is. Its risks, if any, still give it a risk-adjusted NPV.
- A risk's expected cost = probability % × its cost, to the penny, in its year. Risk-adjusted NPV = NPV − the
  expected costs discounted to the base year (each year's to the penny): exactly that difference. Optimism bias
  is not added to expected costs (the costed risks are what the bias stands in for until they are costed).
- Risk rating = likelihood × impact; RAG by range: 1–6 green, 7–12 amber, 13–25 red.
- Financial criterion: scored from the options' NPVs, best 5, worst 0, linear between, rounded half-up to a whole
  score so the matrix adds up as read; when every NPV is the same, every option scores 5 (none is worse).
- Weighted score = Σ weight × score / 5 (0–100), exact; a criterion an option has no score for counts 0 and is
  listed in `missing_scores`. Rank: the higher weighted score first; ties, the higher NPV, then the name (A–Z).
- Preferred option: the one officers chose, else rank 1 ("by default"); a choice other than rank 1 needs a
  reason (`preferred_needs_reason`), which the report prints.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from appraisal.calculations import scenario as scen
from appraisal.calculations.options_types import (  # noqa: F401  (re-exported: callers read opt.CostLine etc.)
    AMBER,
    BIAS_BY_CODE,
    BIAS_CATEGORIES,
    BIAS_RULE,
    BIAS_SOURCE,
    BUSINESS_AS_USUAL_DESCRIPTION,
    BUSINESS_AS_USUAL_NAME,
    COMPANY,
    DEFAULT_CRITERIA,
    DELIVERY_MODELS,
    EQUIPMENT,
    FEDERAL,
    GREEN,
    IN_HOUSE,
    MAX_RATING_FACTOR,
    MAX_SCORE,
    MIN_RATING_FACTOR,
    MIN_SCORE,
    MIXED,
    NON_STANDARD_BUILDINGS,
    NON_STANDARD_CIVIL,
    ONE_OFF,
    OUTSOURCED,
    OUTSOURCING,
    RAG_BANDS,
    RECURRING,
    RED,
    RISK_CATEGORIES,
    SOVEREIGN,
    STANDARD_BUILDINGS,
    STANDARD_CIVIL,
    WEIGHTS_TOTAL,
    BiasCategory,
    CostLine,
    CostLineFigures,
    CriterionInput,
    OptionFigures,
    OptionInput,
    OptionsComparison,
    RankedOption,
    RiskFigures,
    RiskInput,
)
from appraisal.calculations.summary import ZERO, AppraisalSummary, CalculationError

HUNDRED = Decimal(100)

# --- Optimism bias ----------------------------------------------------------------------------------------


def bias_category(code: str) -> BiasCategory:
    try:
        return BIAS_BY_CODE[code]
    except KeyError:
        raise CalculationError(f"'{code}' is not one of the Green Book's optimism-bias categories.") from None


def applied_bias(category: BiasCategory | str, mitigated_pct: Decimal) -> Decimal:
    """The optimism bias % to add to a cost: the upper bound less the mitigated share, never below the lower."""
    if isinstance(category, str):
        category = bias_category(category)
    if mitigated_pct is None or not 0 <= mitigated_pct <= HUNDRED:
        raise CalculationError("The share of the risk mitigated must be between 0% and 100%.")
    return max(category.lower, category.upper * (1 - mitigated_pct / HUNDRED))


def line_years(line: CostLine, period: Sequence[int]) -> dict[int, Decimal]:
    """The line's amount in each year it falls in, before optimism bias."""
    if line.year not in period:
        raise CalculationError(
            f"'{line.description or line.kind}' starts in {line.year}, outside the period {period[0]} to {period[-1]}."
        )
    if not line.recurring:
        return {line.year: line.amount}
    last = period[-1] if line.last_year is None else line.last_year
    if last < line.year:
        raise CalculationError(f"'{line.description or line.kind}' ends before it starts.")
    return {year: line.amount for year in period if line.year <= year <= last}


def line_bias(line: CostLine, scenario_bias: Decimal) -> tuple[BiasCategory | None, Decimal, Decimal | None]:
    """The line's category, the bias applied to it, and the bias it carries into the scenario model (None: the
    scenario's own, so an uncategorised line moves with the scenario's optimism bias in the sensitivity)."""
    if line.bias_category is None:
        return None, scenario_bias, None
    category = bias_category(line.bias_category)
    bias = applied_bias(category, line.mitigated_pct)
    return category, bias, bias


def cost_items(line: CostLine, period: Sequence[int]) -> tuple[scen.CostItem, ...]:
    """The line as the scenario model takes it: one CostItem a year, carrying its category's bias. A one-off line
    with no category is exactly the CostItem scenarios have always had."""
    _, _, bias = line_bias(line, ZERO)
    return tuple(
        scen.CostItem(
            line.kind,
            year,
            amount,
            line.low if not line.recurring else None,
            line.high if not line.recurring else None,
            line.description,
            line.funding,
            line.council,
            bias,
        )
        for year, amount in line_years(line, period).items()
    )


def cost_line_figures(line: CostLine, a: scen.Assumptions) -> CostLineFigures:
    category, bias, _ = line_bias(line, a.optimism_bias)
    amounts = line_years(line, scen.years_of(a))
    uplift = 1 + bias / HUNDRED
    biased = {year: scen.to_penny(amount * uplift) if amount > 0 else amount for year, amount in amounts.items()}
    return CostLineFigures(line, category, bias, amounts, biased)


# --- Risks ------------------------------------------------------------------------------------------------


def rag(rating: int) -> str:
    for low, high, band in RAG_BANDS:
        if low <= rating <= high:
            return band
    raise CalculationError(f"A risk rating is 1 to 25, not {rating}.")


def _check_factor(value, what: str, description: str) -> None:
    if not isinstance(value, int) or not MIN_RATING_FACTOR <= value <= MAX_RATING_FACTOR:
        raise CalculationError(f"'{description}': {what} is scored {MIN_RATING_FACTOR} to {MAX_RATING_FACTOR}.")


def expected_cost(risk: RiskInput) -> Decimal | None:
    """Probability × cost, to the penny; None when either is not given."""
    if risk.cost is None or risk.probability is None:
        return None
    if risk.cost < 0:
        raise CalculationError(f"'{risk.description}': the cost if it happens cannot be negative.")
    if not 0 <= risk.probability <= HUNDRED:
        raise CalculationError(f"'{risk.description}': the probability must be between 0% and 100%.")
    return scen.to_penny(risk.cost * risk.probability / HUNDRED)


def risk_figures(risk: RiskInput, position: int = 0) -> RiskFigures:
    _check_factor(risk.likelihood, "likelihood", risk.description)
    _check_factor(risk.impact, "impact", risk.description)
    rating = risk.likelihood * risk.impact
    return RiskFigures(
        risk.description,
        risk.category,
        risk.likelihood,
        risk.impact,
        rating,
        rag(rating),
        expected_cost(risk),
        risk.year,
        position,
    )


def expected_costs_by_year(risks: Iterable[RiskFigures], period: Sequence[int]) -> list[Decimal]:
    out = dict.fromkeys(period, ZERO)
    for r in risks:
        if r.expected_cost is None:
            continue
        if r.year is None:
            raise CalculationError(f"'{r.description}': give the year the cost would fall in.")
        if r.year not in out:
            raise CalculationError(
                f"'{r.description}' would cost in {r.year}, outside the period {period[0]} to {period[-1]}."
            )
        out[r.year] += r.expected_cost
    return list(out.values())


def discounted(amounts: Sequence[Decimal], a: scen.Assumptions) -> Decimal:
    """Amounts by year of the period discounted to the base year, each year's to the penny (the model's rule)."""
    base_year = scen.discount_base_of(a)
    return sum(
        (
            scen.to_penny(Fraction(amount) * scen.discount_factor(a.discount_rate, year - base_year))
            for year, amount in zip(scen.years_of(a), amounts, strict=True)
        ),
        ZERO,
    )


# --- An option's figures ----------------------------------------------------------------------------------


def business_as_usual_assumptions(base: AppraisalSummary, a: scen.Assumptions) -> scen.Assumptions:
    """Business as usual on the same period, deficits and discounting: every cluster out, no costs."""
    return replace(
        a,
        clusters_out=frozenset(c.name for c in base.clusters),
        points={},
        cluster_phasing={},
        costs=(),
        savings_adjustment=None,
    )


def option_assumptions(base: AppraisalSummary, option: OptionInput) -> scen.Assumptions:
    """The scenario model's input for the option: its central case with its cost lines and savings adjustment."""
    if option.business_as_usual:
        if option.cost_lines:
            raise CalculationError("Business as usual has no costs: it is what happens without any change.")
        return business_as_usual_assumptions(base, option.assumptions)
    a = option.assumptions
    period = scen.years_of(a)
    lines = tuple(item for line in option.cost_lines for item in cost_items(line, period))
    adjustment = a.savings_adjustment if option.savings_adjustment is None else option.savings_adjustment
    return replace(a, costs=(*a.costs, *lines), savings_adjustment=adjustment)


def option_figures(base: AppraisalSummary, option: OptionInput, *, with_sensitivity: bool = False) -> OptionFigures:
    """The option's figures: the scenario model's, its cost lines with their bias, its risks, risk-adjusted NPV."""
    a = option_assumptions(base, option)
    result = scen.model(base, a, with_sensitivity=with_sensitivity)
    period = scen.years_of(a)
    risks = tuple(risk_figures(r, i) for i, r in enumerate(option.risks))
    expected = expected_costs_by_year(risks, period)
    pv_expected = discounted(expected, a)
    return OptionFigures(
        name=option.name,
        delivery_model=option.delivery_model,
        business_as_usual=option.business_as_usual,
        result=result,
        cost_lines=tuple(cost_line_figures(line, option.assumptions) for line in option.cost_lines),
        risks=risks,
        expected_costs=tuple(expected),
        discounted_expected_costs=pv_expected,
        npv=result.npv,
        risk_adjusted_npv=result.npv - pv_expected,
    )


# --- Criteria, scores, ranks ------------------------------------------------------------------------------


def validate_criteria(criteria: Sequence[CriterionInput]) -> None:
    """Raise CalculationError naming the first thing wrong: weights of 0 or more adding up to exactly 100, each
    name once, at most one financial criterion."""
    seen: set[str] = set()
    for c in criteria:
        key = c.name.strip().casefold()
        if not key:
            raise CalculationError("Give every criterion a name.")
        if key in seen:
            raise CalculationError(f"'{c.name}' is a criterion twice.")
        seen.add(key)
        if c.weight is None or c.weight < 0:
            raise CalculationError(f"'{c.name}': a weight cannot be negative.")
    if sum(1 for c in criteria if c.financial) > 1:
        raise CalculationError("Only one criterion can be scored from the figures.")
    total = sum((Decimal(c.weight) for c in criteria), ZERO)
    if total != WEIGHTS_TOTAL:
        raise CalculationError(f"The criteria's weights add up to {total.normalize():f}; they must add up to 100.")


def _half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def financial_scores(npvs: Sequence[Decimal]) -> list[int]:
    """Each NPV scored 0–5: the best 5, the worst 0, linear between, to the nearest whole score (half up); every
    option 5 when all NPVs are the same."""
    if not npvs:
        return []
    best, worst = max(npvs), min(npvs)
    if best == worst:
        return [MAX_SCORE] * len(npvs)
    span = Fraction(best - worst)
    return [_half_up(MAX_SCORE * Fraction(npv - worst) / span) for npv in npvs]


def weighted_score(criteria: Sequence[CriterionInput], scores: Mapping[str, int]) -> Decimal:
    """Σ weight × score / 5, from 0 to 100 with weights adding up to 100; a missing score counts 0."""
    return sum((Decimal(c.weight) * scores.get(c.name, 0) for c in criteria), ZERO) / MAX_SCORE


def _checked_scores(option: OptionInput, criteria: Sequence[CriterionInput]) -> dict[str, int]:
    by_name = {c.name: c for c in criteria}
    for name, score in option.scores.items():
        if name not in by_name:
            raise CalculationError(f"{option.name} is scored on '{name}', which is not one of the criteria.")
        if by_name[name].financial:
            raise CalculationError(f"{option.name}: '{name}' is worked out from the figures, not scored by hand.")
        if not isinstance(score, int) or not MIN_SCORE <= score <= MAX_SCORE:
            raise CalculationError(f"{option.name}: the score for '{name}' must be a whole number from 0 to 5.")
    return dict(option.scores)


def _named_figures(base: AppraisalSummary, option: OptionInput) -> OptionFigures:
    try:
        return option_figures(base, option)
    except CalculationError as exc:
        raise CalculationError(f"{option.name}: {exc}") from exc


@dataclass(frozen=True)
class _Scored:
    option: OptionInput
    figures: OptionFigures
    scores: dict[str, int]
    weighted: Decimal


def _validate_options(options: Sequence[OptionInput]) -> None:
    names = [o.name.strip().casefold() for o in options]
    if len(set(names)) != len(names):
        raise CalculationError("Two options have the same name.")
    if sum(1 for o in options if o.business_as_usual) != 1:
        raise CalculationError("The short list must hold business as usual, once.")
    if sum(1 for o in options if o.preferred) > 1:
        raise CalculationError("Only one option can be preferred.")


def compare(
    base: AppraisalSummary,
    options: Sequence[OptionInput],
    criteria: Sequence[CriterionInput],
    *,
    figures: Mapping[str, OptionFigures] | None = None,
) -> OptionsComparison:
    """Every option's figures, scores, weighted score and rank, and the preferred option.

    `figures`: options' figures already worked out, by name (an editor that changed one option passes the others'
    so only that one is recalculated); any option missing from it is worked out here."""
    validate_criteria(criteria)
    _validate_options(options)
    figures = figures or {}
    worked = [figures.get(o.name) or _named_figures(base, o) for o in options]
    financial = financial_scores([f.npv for f in worked])
    money = next((c for c in criteria if c.financial), None)
    scored = []
    for option, f, money_score in zip(options, worked, financial, strict=True):
        scores = _checked_scores(option, criteria)
        if money is not None:
            scores[money.name] = money_score
        scored.append(_Scored(option, f, scores, weighted_score(criteria, scores)))
    scored.sort(key=lambda s: (-s.weighted, -s.figures.npv, s.option.name.casefold(), s.option.name))
    chosen = next((s.option.name for s in scored if s.option.preferred), None)
    preferred = chosen or scored[0].option.name
    ranked = tuple(
        RankedOption(
            figures=s.figures,
            scores={c.name: s.scores[c.name] for c in criteria if c.name in s.scores},
            weighted_score=s.weighted,
            rank=i,
            preferred=s.option.name == preferred,
            missing_scores=tuple(c.name for c in criteria if c.name not in s.scores),
        )
        for i, s in enumerate(scored, start=1)
    )
    return OptionsComparison(
        criteria=tuple(criteria),
        options=ranked,
        preferred=preferred,
        preferred_by_default=chosen is None,
        preferred_needs_reason=chosen is not None and chosen != scored[0].option.name,
    )
