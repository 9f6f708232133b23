"""How figures are shown: pounds with thousands separators, percentages to one decimal place half-up.

Pure functions shared by templates (via `appraisal.templatetags.figures`), the `appraise` command, the
workbook and the cabinet report, so a figure is written the same way everywhere.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from fractions import Fraction

from appraisal.calculations import AppraisalSummary, DeficitSummary
from councils import financial_years

NOT_APPLICABLE = "n/a"

# quantize() is exact for a Decimal; the context only needs room for the digits of any figure shown.
_EXACT = Context(prec=60, rounding=ROUND_HALF_UP, traps=[InvalidOperation])
_QUANTUM = {places: Decimal(1).scaleb(-places) for places in range(0, 7)}


def round_half_up(value: Fraction | Decimal, places: int = 1) -> Decimal:
    """Round an exact value half-up (away from zero on a tie), as councils' tables do: 2.45 -> 2.5. Zero is
    shown unsigned: -0.4 rounds to 0, not -0."""
    if isinstance(value, Decimal) and value.is_finite():
        rounded = value.quantize(
            _QUANTUM.get(places) or Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_EXACT
        )
    else:
        exact = Fraction(value)
        magnitude = int(abs(exact) * 10**places + Fraction(1, 2))  # int() floors a non-negative value
        rounded = Decimal(f"{-magnitude if exact < 0 else magnitude}E-{places}")  # exact at any size
    return rounded.copy_abs() if rounded.is_zero() else rounded


def pct_number(value: Fraction | Decimal | None) -> str:
    """30.79...% -> '30.8'; None (a percentage of nothing) -> 'n/a'."""
    if value is None:
        return NOT_APPLICABLE
    return f"{round_half_up(value, 1):.1f}"


def pct(value: Fraction | Decimal | None) -> str:
    """30.79...% -> '30.8%'."""
    text = pct_number(value)
    return text if value is None else f"{text}%"


def pounds(value: Decimal | None) -> str:
    """A worked-out figure to the nearest pound, half-up, as council reports give them: £9,263,009.84 ->
    £9,263,010; -£2,000 below zero. The calculation keeps the pence; only the shown figure is rounded, so a total
    can differ by £1 from the sum of its rounded parts."""
    if value is None:
        return ""
    return money(round_half_up(Decimal(value), 0))


def money(value: Decimal | None) -> str:
    """Pounds as entered, with separators: £1,234,567; pence only where there are any (£1,234.50); -£2,000 below
    zero. For what an officer typed (the value in an input box, the audit trail, an import's list of changes);
    worked-out figures are shown with `pounds`."""
    if value is None:
        return ""
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value == value.to_integral_value():
        body = f"{int(value):,}"
    else:
        body = f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"
    return f"{sign}£{body}"


def money_plain(value: Decimal | None) -> str | None:
    """Pounds as a plain string for machines: '5380000.00'."""
    if value is None:
        return None
    return f"{Decimal(value).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"


def millions(value: Decimal) -> str:
    """Short money, the way report prose gives round figures: £1m and over in millions to one place, £22,500,000 ->
    '£22.5m'; under £1m in full to the pound, £50,000 -> '£50,000' (as millions it would read '£0.1m', issue 15).
    -£2.5m below zero."""
    whole = round_half_up(Decimal(value), 0)
    if abs(whole) < 1_000_000:
        return money(whole)
    m = round_half_up(abs(Fraction(Decimal(value))) / 1_000_000, 1)
    return f"{'-' if whole < 0 else ''}£{m:.1f}m"


def _deficit_dict(d: DeficitSummary) -> dict:
    return {
        "amount": money_plain(d.amount),
        "pct_of_net_budget": pct_number(d.pct_of_net_budget),
        "min_closed_pct": pct_number(d.min_closed_pct),
        "max_closed_pct": pct_number(d.max_closed_pct),
        "min_gap": money_plain(d.min_gap),
        "max_gap": money_plain(d.max_gap),
    }


def summary_as_dict(slug: str, summary: AppraisalSummary) -> dict:
    """The summary in the `appraise --format json` contract: money as pound strings, % to one place."""
    t = summary.totals
    return {
        "appraisal": slug,
        "clusters": [
            {
                "name": c.name,
                "net_budget": money_plain(c.net_budget),
                "share_of_net_budget_pct": pct_number(c.share_of_net_budget_pct),
                "min_saving": money_plain(c.min_saving),
                "max_saving": money_plain(c.max_saving),
                "min_saving_pct": pct_number(c.min_saving_pct) if c.has_range else None,
                "max_saving_pct": pct_number(c.max_saving_pct) if c.has_range else None,
            }
            for c in summary.clusters
        ],
        "totals": {
            "net_budget": money_plain(t.net_budget),
            "min_saving": money_plain(t.min_saving),
            "max_saving": money_plain(t.max_saving),
            "min_saving_pct": pct_number(t.min_saving_pct),
            "max_saving_pct": pct_number(t.max_saving_pct),
            "in_scope_net_budget": money_plain(t.in_scope_net_budget),
            "in_scope_min_saving_pct": pct_number(t.in_scope_min_saving_pct),
            "in_scope_max_saving_pct": pct_number(t.in_scope_max_saving_pct),
        },
        "deficit": _deficit_dict(summary.deficit),
        "councils": [
            {
                "code": c.code,
                "name": c.name,
                "net_budget": money_plain(c.net_budget),
                "deficit": money_plain(c.deficit),
                "min_saving": money_plain(c.min_saving),
                "max_saving": money_plain(c.max_saving),
                "min_closed_pct": pct_number(c.against_deficit.min_closed_pct),
                "max_closed_pct": pct_number(c.against_deficit.max_closed_pct),
            }
            for c in summary.councils
        ],
    }


def year_label(year: int) -> str:
    """2011 -> '2011/12'."""
    return financial_years.label(year)


def and_list(names: list[str]) -> str:
    """Names in a sentence: 'A', 'A and B', 'A, B and C' (never 'A and B and C')."""
    if not names:
        return ""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def switching(value, unit: str, base=None) -> str:
    """A switching value in plain words, the one rule for the dashboard, the editor, the report and the command line:
    'NPV reaches zero if this rate rises by 44.2 percentage points, to 47.7%', 'NPV reaches zero if this figure falls
    by 37.5%, to £1,234,567', or 'NPV does not reach zero across this range' (true whether the NPV stays above or
    below zero). With the assumption's base value the sentence ends with the value at which the NPV reaches zero, so
    members need not work it out."""
    if value is None:
        return "NPV does not reach zero across this range"
    number = round_half_up(value, 1)
    way = "rises" if number > 0 else "falls"
    if unit == "% of base value":
        words = f"NPV reaches zero if this figure {way} by {abs(number):.1f}%"
        end = None if base is None else pounds(round_half_up(Fraction(base) * (1 + Fraction(value) / 100), 2))
    else:
        words = f"NPV reaches zero if this rate {way} by {abs(number):.1f} percentage points"
        end = None if base is None else f"{round_half_up(Fraction(base) + Fraction(value), 1):.1f}%"
    return words if end is None else f"{words}, to {end}"


def _gap_dict(y) -> dict:
    """A year's funding gap and the % of it the savings close: both None where no gap is forecast that year."""
    return {
        "deficit": money_plain(y.deficit),
        "deficit_closed_pct": None if y.deficit_closed_pct is None else pct_number(y.deficit_closed_pct),
    }


def scenario_as_dict(name: str, r) -> dict:
    """A scenario's result in the `appraise --scenario` JSON contract: each year with the partners' combined funding
    gap, each council with its own year by year (a cost line charged to one council is in its costs alone)."""
    return {
        "name": name,
        "years": [
            {
                "year": year_label(y.year),
                "savings": money_plain(y.savings),
                "costs": money_plain(y.costs),
                "net": money_plain(y.net),
                "cumulative_net": money_plain(y.cumulative_net),
                "present_value": money_plain(y.present_value),
                **_gap_dict(y),
            }
            for y in r.years
        ],
        "total_savings": money_plain(r.total_savings),
        "total_costs": money_plain(r.total_costs),
        "npv": money_plain(r.npv),
        "payback_year": year_label(r.payback_year) if r.payback_year else "not within the period",
        "councils": [
            {
                "code": c.code,
                "savings": money_plain(c.savings),
                "costs": money_plain(c.costs),
                "net": money_plain(c.net),
                "deficit_closed_pct": pct_number(c.deficit_closed_pct),
                "by_year": [
                    {
                        "year": year_label(y.year),
                        "savings": money_plain(y.savings),
                        "costs": money_plain(y.costs),
                        **_gap_dict(y),
                    }
                    for y in c.years
                ],
            }
            for c in r.councils
        ],
        "sensitivity": [
            {
                "assumption": s.assumption,
                "npv_low": money_plain(s.npv_low),
                "npv_high": money_plain(s.npv_high),
                "switching_value_pct": None if s.switching_value is None else pct_number(s.switching_value),
                "switching_value_unit": s.switching_unit,
            }
            for s in r.sensitivity
        ],
    }


def _cost_line_dict(line) -> dict:
    """An option's cost line in the `appraise --options` JSON contract: its Green Book category and bounds (None
    where it has none and takes the scenario's single optimism bias), the share of the risk mitigated, the bias
    applied, and its amount in each year after that bias (funding lines are never raised)."""
    bias = line.bias
    return {
        "description": line.line.description or line.line.kind,
        "category": bias.code if bias else None,
        "ob_upper_pct": pct_number(bias.upper) if bias else None,
        "ob_lower_pct": pct_number(bias.lower) if bias else None,
        "mitigated_pct": pct_number(line.line.mitigated_pct),
        "ob_applied_pct": pct_number(line.applied_bias),
        "years": {year_label(year): money_plain(amount) for year, amount in line.years_with_bias.items()},
    }


def options_as_dict(slug: str, comparison) -> dict:
    """The options appraisal (an OptionsComparison) in the `appraise --options --format json` contract: the criteria,
    then every option in rank order. Money as pound strings to the penny, the weighted score to one place; a
    criterion an option has not been scored on yet is null (it counts 0 in its weighted score)."""
    first = comparison.options[0].figures.result
    return {
        "appraisal": slug,
        "discount_base_year": year_label(first.discount_base_year),
        "criteria": [{"name": c.name, "weight": int(c.weight)} for c in comparison.criteria],
        "options": [
            {
                "name": o.figures.name,
                "delivery_model": o.figures.delivery_model,
                "business_as_usual": o.figures.business_as_usual,
                "preferred": o.preferred,
                "npv": money_plain(o.figures.npv),
                "risk_adjusted_npv": money_plain(o.figures.risk_adjusted_npv),
                "payback_year": year_label(o.figures.result.payback_year) if o.figures.result.payback_year else None,
                "savings_full_effect": money_plain(o.figures.result.full_year_savings),
                "weighted_score": pct_number(o.weighted_score),
                "rank": o.rank,
                "scores": {c.name: o.scores.get(c.name) for c in comparison.criteria},
                "cost_lines": [_cost_line_dict(line) for line in o.figures.cost_lines],
                "risks": [
                    {
                        "description": r.description,
                        "likelihood": r.likelihood,
                        "impact": r.impact,
                        "rating": r.rating,
                        "expected_cost": money_plain(r.expected_cost),
                    }
                    for r in o.figures.risks
                ],
            }
            for o in comparison.options
        ],
    }


def partner_years(join_year: int | None, leave_year: int | None) -> str:
    """A partner's years in words (issue 19): "a partner from 2014/15", "a partner to 2016/17", "" throughout."""
    if join_year and leave_year:
        return f"a partner from {year_label(join_year)} to {year_label(leave_year)}"
    if join_year:
        return f"a partner from {year_label(join_year)}"
    if leave_year:
        return f"a partner to {year_label(leave_year)}"
    return ""


def measured(value: Decimal | None, unit: str) -> str:
    """A measure's value with its unit, as the register shows it: £250,000, 85%, 3.5 days."""
    if value is None:
        return ""
    unit = unit.strip()
    if unit == "£":
        return money(value)
    text = f"{value.normalize():,f}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}" if unit else text
