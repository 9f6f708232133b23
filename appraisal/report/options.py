"""The cabinet report's "Options considered, including doing nothing" (issue 17): the ranked options table, the
criteria matrix, each option's risk register, the optimism-bias table where cost lines are categorised, and the
preferred option, built from the comparison options_comparison worked out once for the report.

The figures are the calculation's (appraisal/calculations/options.py); the stored options give only what it does
not hold (a risk's owner and mitigation, a lead authority's name, the reason a preferred option is preferred), from
the rows options_comparison already fetched: nothing here queries the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from appraisal import formatting as fmt
from appraisal.calculations import options as opt
from appraisal.report.wording import delivery_label, year_npv_basis

RAG_WORDS = {opt.GREEN: "Green", opt.AMBER: "Amber", opt.RED: "Red"}
RISK_CATEGORY_LABELS = dict(opt.RISK_CATEGORIES)


@dataclass(frozen=True)
class GapClosed:
    council: str
    code: str
    pct: Fraction | None  # of its funding deficit in the deficit year; None: no gap forecast that year


@dataclass(frozen=True)
class OptionRow:
    """One option in the ranked table."""

    rank: int
    name: str
    model: str  # "Sovereign: Darlington Borough Council as lead authority"
    model_code: str
    lead_authority: str | None
    business_as_usual: bool
    preferred: bool
    npv: Decimal
    risk_adjusted_npv: Decimal
    payback_year: int | None
    savings: Decimal  # a year at full effect
    full_effect_year: int
    deficit_year: int
    deficit_closed_pct: Fraction | None  # of the combined deficit; None: no gap forecast
    closed: tuple[GapClosed, ...]  # each council's
    weighted_score: Decimal
    top_risks: tuple[str, ...]  # "Savings later than planned (12, amber)"

    @property
    def score_text(self) -> str:
        """The weighted score to one decimal place, half-up: '74.0'."""
        return fmt.pct_number(self.weighted_score)


@dataclass(frozen=True)
class MatrixRow:
    criterion: str
    weight: Decimal
    financial: bool  # scored from NPV, not typed
    scores: tuple[int | None, ...]  # each option's, in rank order; None: not scored yet (counts 0)


@dataclass(frozen=True)
class RiskRow:
    description: str
    category: str
    likelihood: int
    impact: int
    rating: int
    rag: str  # "Green", "Amber", "Red": in words, never colour alone
    rag_code: str  # green, amber, red: the cell's tint, beside the word
    owner: str
    mitigation: str
    expected_cost: Decimal | None
    year: int | None


@dataclass(frozen=True)
class OptionRisks:
    name: str
    rows: tuple[RiskRow, ...]


@dataclass(frozen=True)
class BiasLine:
    """A cost line with a Green Book category: its bounds, the risk mitigated, the bias applied, and its total."""

    option: str
    description: str
    category: str
    upper: Decimal
    lower: Decimal
    mitigated: Decimal
    applied: Decimal
    total: Decimal  # before bias, over the period
    total_with_bias: Decimal


@dataclass(frozen=True)
class ReportOptions:
    rows: tuple[OptionRow, ...]  # in rank order
    councils: tuple[str, ...]  # the columns of each council's % of gap closed
    matrix: tuple[MatrixRow, ...]
    risks: tuple[OptionRisks, ...]  # every option's register, in rank order
    bias_lines: tuple[BiasLine, ...]
    bias_categories: tuple[opt.BiasCategory, ...]
    preferred: OptionRow
    preferred_by_default: bool
    preferred_needs_reason: bool
    preferred_reason: str  # the officers' reason where the preferred option does not rank first
    discount_rate: Decimal | None  # the preferred option's (None: business as usual, discounted as the others)
    preferred_scenario: str | None  # the name of the preferred option's central case (None: business as usual)
    discount_base_year: int
    without_figures: tuple[str, ...]  # options on the short list with no central case yet
    chart: str  # SVG

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def npv_basis(self) -> str:
        """'at 2012/13 prices, discounted to 2012/13 at 3.5%': the preferred option's rate."""
        return year_npv_basis(self.discount_base_year, self.discount_rate)

    @property
    def bias_source(self) -> str:
        return opt.BIAS_SOURCE

    @property
    def business_as_usual(self) -> OptionRow:
        return next(r for r in self.rows if r.business_as_usual)


def _top_risks(figures) -> tuple[str, ...]:
    return tuple(f"{r.description} ({r.rating}, {RAG_WORDS[r.rag].lower()})" for r in figures.top_risks)


def _row(ranked, stored) -> OptionRow:
    f, r = ranked.figures, ranked.figures.result
    lead = stored.lead_authority.name if stored is not None and stored.lead_authority_id else None
    return OptionRow(
        rank=ranked.rank,
        name=f.name,
        model=delivery_label(f.delivery_model, lead),
        model_code=f.delivery_model,
        lead_authority=lead,
        business_as_usual=f.business_as_usual,
        preferred=ranked.preferred,
        npv=f.npv,
        risk_adjusted_npv=f.risk_adjusted_npv,
        payback_year=r.payback_year,
        savings=r.full_year_savings,
        full_effect_year=r.full_effect_year,
        deficit_year=r.deficit_year,
        deficit_closed_pct=r.deficit_closed_pct if r.deficit_forecast else None,
        closed=tuple(GapClosed(c.name, c.code, c.deficit_closed_pct if c.deficit else None) for c in r.councils),
        weighted_score=ranked.weighted_score,
        top_risks=_top_risks(f),
    )


def _risks(ranked, stored) -> OptionRisks:
    # The calculation's risks are the stored register in its order (options_list fetches it by position).
    kept = list(stored.risks.all()) if stored is not None else []
    rows = []
    for risk in ranked.figures.risks:
        row = kept[risk.position] if risk.position < len(kept) else None
        rows.append(
            RiskRow(
                description=risk.description,
                category=RISK_CATEGORY_LABELS.get(risk.category, ""),
                likelihood=risk.likelihood,
                impact=risk.impact,
                rating=risk.rating,
                rag=RAG_WORDS[risk.rag],
                rag_code=risk.rag,
                owner=row.owner if row is not None else "",
                mitigation=row.mitigation if row is not None else "",
                expected_cost=risk.expected_cost,
                year=risk.year,
            )
        )
    return OptionRisks(ranked.figures.name, tuple(rows))


def _bias_lines(comparison) -> tuple[BiasLine, ...]:
    return tuple(
        BiasLine(
            option=o.figures.name,
            description=line.line.description or line.line.kind,
            category=line.bias.label,
            upper=line.bias.upper,
            lower=line.bias.lower,
            mitigated=line.line.mitigated_pct,
            applied=line.applied_bias,
            total=sum(line.years.values(), Decimal(0)),
            total_with_bias=sum(line.years_with_bias.values(), Decimal(0)),
        )
        for o in comparison.options
        for line in o.figures.cost_lines
        if line.bias is not None
    )


def report_options(view, chart: str) -> ReportOptions | None:
    """The section's tables from an OptionsView; None (the section left out) where there is nothing to compare
    business as usual with, or the comparison could not be made."""
    comparison = view.comparison
    if comparison is None or len(comparison.options) < 2:
        return None
    stored = {o.name: o for o in view.options}
    rows = tuple(_row(o, stored.get(o.figures.name)) for o in comparison.options)
    preferred = next(r for r in rows if r.preferred)
    chosen = stored.get(preferred.name)
    central = next((s for s in chosen.scenarios.all() if s.case == "central"), None) if chosen else None
    return ReportOptions(
        rows=rows,
        councils=tuple(c.name for c in comparison.options[0].figures.result.councils),
        matrix=tuple(
            MatrixRow(c.name, c.weight, c.financial, tuple(o.scores.get(c.name) for o in comparison.options))
            for c in comparison.criteria
        ),
        risks=tuple(_risks(o, stored.get(o.figures.name)) for o in comparison.options),
        bias_lines=_bias_lines(comparison),
        bias_categories=opt.BIAS_CATEGORIES,
        preferred=preferred,
        preferred_by_default=comparison.preferred_by_default,
        preferred_needs_reason=comparison.preferred_needs_reason,
        preferred_reason=(chosen.preferred_reason.strip() if chosen and comparison.preferred_needs_reason else ""),
        discount_rate=central.discount_rate if central is not None else None,
        preferred_scenario=central.name if central is not None else None,
        discount_base_year=comparison.options[0].figures.result.discount_base_year,
        without_figures=tuple(o.name for o in view.without_figures),
        chart=chart,
    )
