"""The report's sentences that say what a figure is: how savings are shared, the optimism bias applied (or not),
the ranges the sensitivity analysis tests, and the prices and year an NPV is stated at (issue 15: a report that
tells one story). Each is written from the values themselves, so the words cannot claim what the figures do not do.

Pure: plain values in, plain text out (names escaped for Markdown by the caller where the text is Markdown).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from appraisal import formatting as fmt
from appraisal.calculations import options as opt
from appraisal.calculations.scenario_types import (
    BIAS_SWING,
    COSTS_ROW,
    CUSTOM,
    EQUAL,
    MONEY_SWING,
    NET_BUDGET,
    RATE_SWING,
    ScenarioResult,
    SharingBasis,
)


@dataclass(frozen=True)
class Wording:
    """The sentences the report's tables and generated text share."""

    sharing: str  # "Savings are shared between the councils in equal shares, as the Low scenario shares them."
    optimism: str  # what optimism bias is applied, and what that means
    npv_basis: str = ""  # "at 2012/13 prices, discounted to 2012/13 at 3.5%"; "" without a scenario
    sensitivity: str = ""  # the ranges the sensitivity analysis tests; "" without a scenario


def rate(value: Decimal) -> str:
    """A rate as entered: 3.50 -> '3.5%'."""
    return f"{Decimal(value).normalize():f}%"


def sharing_words(basis: SharingBasis | None, councils: Sequence[tuple[str, str]]) -> str:
    """How savings are shared, after "shared between the councils": `councils` are (code, name) in table order."""
    kind = basis.kind if basis else None
    if kind == EQUAL:
        return "in equal shares"
    if kind == NET_BUDGET:
        return "pro rata to each council's net budget in this appraisal"
    if kind == CUSTOM:
        custom = basis.custom or {}
        shares = ", ".join(f"{name} {rate(custom.get(code, Decimal(0)))}" for code, name in councils)
        return f"in the agreed shares ({shares})"
    return "pro rata to each council's net budget in each cluster"


def sharing_sentence(words: str, scenario_name: str | None) -> str:
    as_scenario = f", as the {scenario_name} scenario shares them" if scenario_name else ""
    return f"Each cluster's saving is shared between the councils {words}{as_scenario}."


def optimism_sentence(bias: Decimal | None) -> str:
    """Optimism bias as the scenario applies it: the Green Book's uplift only when there is one."""
    if bias is None:
        return "No scenario is presented, so no optimism bias is applied to the savings range."
    if bias > 0:
        return (
            f"An optimism bias of {rate(bias)} is applied, as the Green Book recommends: savings are lowered and "
            f"implementation costs raised by {rate(bias)} (grants and contributions are not raised)."
        )
    return (
        "No optimism bias is applied (0%): the savings and implementation costs are the estimates as they stand, "
        "with no allowance for the Green Book's warning that appraisals tend to overstate benefits and understate "
        f"costs. The sensitivity analysis shows the net present value with an optimism bias of up to "
        f"{rate(BIAS_SWING)}."
    )


def npv_basis(*, result: ScenarioResult, discount_rate: Decimal) -> str:
    """'at 2012/13 prices, discounted to 2012/13 at 3.5%': every scenario of the appraisal is discounted to the same
    year (the appraisal's discount base year), in constant prices of that year (no inflation is added)."""
    return year_npv_basis(result.discount_base_year, discount_rate)


def year_npv_basis(base_year: int, discount_rate: Decimal | None) -> str:
    """'at 2012/13 prices, discounted to 2012/13 at 3.5%' (without the rate where none is known)."""
    year = fmt.year_label(base_year)
    at = f" at {rate(discount_rate)}" if discount_rate is not None else ""
    return f"at {year} prices, discounted to {year}{at}"


def costs_range(result: ScenarioResult, *, stated: bool) -> str:
    """'costs from £6.4m to £9.6m: the planned £8.0m less and more 20%, optimism bias included', or the estimates'
    own lows and highs; the costs as the headline counts them (sensitivity.py)."""
    row = next((s for s in result.sensitivity if s.assumption == COSTS_ROW), None)
    if row is None:
        return ""
    span = f"implementation costs from {fmt.millions(row.low_value)} to {fmt.millions(row.high_value)}"
    if stated:
        return (
            f"{span}: the low to the high estimate of each cost (its planned amount where none is given), "
            "optimism bias included"
        )
    return (
        f"{span}: the planned {fmt.millions(row.base_value)} less and more {rate(MONEY_SWING * 100)}, "
        "optimism bias included"
    )


def sensitivity_sentence(result: ScenarioResult, *, costs_stated: bool, discount_rate: Decimal) -> str:
    """The ranges each assumption is moved over, as sensitivity.py moves them."""
    parts = [
        "each cluster's saving from the minimum to the maximum of its range "
        f"({rate(MONEY_SWING * 100)} less and more where it has no range)"
    ]
    costs = costs_range(result, stated=costs_stated)
    if costs:
        parts.append(costs)
    parts.append(f"the discount rate {rate(RATE_SWING).rstrip('%')} points either side of {rate(discount_rate)}")
    parts.append(f"optimism bias {rate(BIAS_SWING).rstrip('%')} points either side (never below 0%)")
    return "The assumptions are tested over these ranges: " + "; ".join(parts) + "."


def wording_of(
    *,
    scenario_name: str | None,
    result: ScenarioResult | None,
    basis: SharingBasis | None,
    councils: Sequence[tuple[str, str]],
    optimism_bias: Decimal | None,
    discount_rate: Decimal | None,
    costs_stated: bool,
) -> Wording:
    """The report's sentences for the scenario it presents (scenario_name and result None: none is presented)."""
    sharing = sharing_sentence(sharing_words(basis if result else None, councils), scenario_name if result else None)
    if result is None or discount_rate is None:
        return Wording(sharing, optimism_sentence(None))
    return Wording(
        sharing=sharing,
        optimism=optimism_sentence(optimism_bias),
        npv_basis=npv_basis(result=result, discount_rate=discount_rate),
        sensitivity=sensitivity_sentence(result, costs_stated=costs_stated, discount_rate=discount_rate),
    )


# --- The options appraisal (issue 17) ------------------------------------------------------------------------

_MODEL_LABELS = dict(opt.DELIVERY_MODELS)
# Each delivery model in a sentence: "agrees X, {words}, as the preferred option".
_MODEL_WORDS = {
    opt.IN_HOUSE: "each council carrying on in-house as now",
    opt.SOVEREIGN: "one council delivering the services for the partners",
    opt.FEDERAL: "the councils delivering the services together under a joint committee",
    opt.COMPANY: "the services delivered by an arm's-length company the councils own",
    opt.OUTSOURCED: "the services outsourced to a private-sector provider",
    opt.MIXED: "a delivery model chosen for each service cluster",
}


def delivery_label(model: str, lead_authority: str | None = None) -> str:
    """The model as the options table names it, with the lead authority of a sovereign model."""
    if model == opt.SOVEREIGN and lead_authority:
        return f"Sovereign: {lead_authority} as lead authority"
    return _MODEL_LABELS.get(model, model)


def delivery_words(model: str, lead_authority: str | None = None) -> str:
    """The model in a sentence: 'the councils delivering the services together under a joint committee'."""
    if model == opt.SOVEREIGN and lead_authority:
        return f"{lead_authority} delivering the services for the partners as lead authority"
    return _MODEL_WORDS.get(model, _MODEL_LABELS.get(model, model).lower())
