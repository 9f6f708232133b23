"""The options appraisal's inputs (OptionInput and its parts), results (OptionsComparison and its parts) and the
rules they carry: HM Treasury's optimism-bias categories, the delivery models, the default criteria, the risk
bands. Plain frozen dataclasses and constants, no behaviour: options.py re-exports them. Issue 17."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from appraisal.calculations.scenario_types import Assumptions, ScenarioResult

# --- Optimism bias by Green Book category -------------------------------------------------------------------


@dataclass(frozen=True)
class BiasCategory:
    """A kind of project with the optimism bias HM Treasury found in past ones: `upper` where nothing has been
    done to manage the causes of overruns, `lower` the floor however well they are managed (% of the cost)."""

    code: str
    label: str
    upper: Decimal
    lower: Decimal
    applies_to: str  # what the % raises


STANDARD_BUILDINGS = "standard_buildings"
NON_STANDARD_BUILDINGS = "non_standard_buildings"
STANDARD_CIVIL = "standard_civil"
NON_STANDARD_CIVIL = "non_standard_civil"
EQUIPMENT = "equipment"
OUTSOURCING = "outsourcing"

CAPITAL = "capital cost"
OPERATING = "operating cost"

# HM Treasury, Supplementary Green Book Guidance: Optimism Bias (2003), Table 1 "recommended adjustment ranges"
# (capital expenditure; operating expenditure for outsourcing), from Mott MacDonald's Review of Large Public
# Procurement in the UK (2002); the Green Book (2022 edition) still directs appraisers to these values.
BIAS_CATEGORIES: tuple[BiasCategory, ...] = (
    BiasCategory(STANDARD_BUILDINGS, "Standard buildings", Decimal(24), Decimal(2), CAPITAL),
    BiasCategory(NON_STANDARD_BUILDINGS, "Non-standard buildings", Decimal(51), Decimal(4), CAPITAL),
    BiasCategory(STANDARD_CIVIL, "Standard civil engineering", Decimal(44), Decimal(3), CAPITAL),
    BiasCategory(NON_STANDARD_CIVIL, "Non-standard civil engineering", Decimal(66), Decimal(6), CAPITAL),
    BiasCategory(EQUIPMENT, "Equipment and development (ICT)", Decimal(200), Decimal(10), CAPITAL),
    BiasCategory(OUTSOURCING, "Outsourcing", Decimal(41), Decimal(0), OPERATING),
)

BIAS_BY_CODE: Mapping[str, BiasCategory] = {c.code: c for c in BIAS_CATEGORIES}

BIAS_SOURCE = (
    "HM Treasury, Supplementary Green Book Guidance: Optimism Bias (2003), Table 1, upper and lower bounds; "
    "referred to by The Green Book: Central Government Guidance on Appraisal and Evaluation (2022 edition)."
)

BIAS_RULE = (
    "Applied optimism bias = the category's upper bound × (1 − the share of the risk mitigated), never below its "
    "lower bound. A line with no category takes the scenario's single optimism-bias percentage."
)


# --- Delivery models (seed 004's models; seed 001 §2.5's options are scenarios' delivery options) -------------

IN_HOUSE = "in_house"  # business as usual: each council carries on alone
SOVEREIGN = "sovereign"  # one council (the lead authority) delivers for the others
FEDERAL = "federal"  # councils deliver together, governed by a joint committee
COMPANY = "company"  # an arm's-length company the councils own
OUTSOURCED = "outsourced"  # a private-sector provider under contract
MIXED = "mixed"  # a model per cluster: "sovereign where we are strong, federal elsewhere" (seed 004)

DELIVERY_MODELS: tuple[tuple[str, str], ...] = (
    (IN_HOUSE, "In-house (business as usual)"),
    (SOVEREIGN, "Sovereign: a lead authority"),
    (FEDERAL, "Federal: a joint committee"),
    (COMPANY, "Arm's-length company"),
    (OUTSOURCED, "Outsourced to the private sector"),
    (MIXED, "Mixed: a model per cluster"),
)

BUSINESS_AS_USUAL_NAME = "Business as usual"
BUSINESS_AS_USUAL_DESCRIPTION = (
    "Each council carries on as now: no savings from working together, no costs of getting there, and each "
    "council's funding gap left as it is. HM Treasury's Green Book requires it on every short list."
)


# --- Criteria and scores ----------------------------------------------------------------------------------

MIN_SCORE, MAX_SCORE = 0, 5
WEIGHTS_TOTAL = Decimal(100)


@dataclass(frozen=True)
class CriterionInput:
    name: str
    weight: Decimal  # the weights of an appraisal's criteria add up to 100
    financial: bool = False  # scored from the options' NPVs, never typed


# The default criteria of a new appraisal, drawn from the seeds: value for money (every seed), the quality of
# service to the customer "not to be compromised" and independence respected, the right of withdrawal and staff
# consulted (seed 004's protocol), resilience and capacity (seeds 000, 003, 004), deliverability (seed 001 §4.2).
DEFAULT_CRITERIA: tuple[CriterionInput, ...] = (
    CriterionInput("Financial value", Decimal(30), financial=True),
    CriterionInput("Quality of service to customers", Decimal(15)),
    CriterionInput("Resilience and capacity", Decimal(15)),
    CriterionInput("Sovereignty and democratic control", Decimal(10)),
    CriterionInput("Deliverability", Decimal(10)),
    CriterionInput("Impact on staff", Decimal(10)),
    CriterionInput("Ease of withdrawal", Decimal(10)),
)


# --- Risks ------------------------------------------------------------------------------------------------

MIN_RATING_FACTOR, MAX_RATING_FACTOR = 1, 5
GREEN, AMBER, RED = "green", "amber", "red"

# Rating = likelihood × impact (1–25). The products that occur are 1–6, 8–10, 12, 15, 16, 20 and 25; the bands are
# ranges, so every product has one: green up to 6, amber 7 to 12, red 13 and above.
RAG_BANDS: tuple[tuple[int, int, str], ...] = ((1, 6, GREEN), (7, 12, AMBER), (13, 25, RED))

RISK_CATEGORIES: tuple[tuple[str, str], ...] = (
    # Seed 001 §4: the operational and the implementation challenges; the rest as councils' registers name them.
    ("operational", "Operational"),
    ("implementation", "Implementation"),
    ("financial", "Financial"),
    ("governance", "Governance and legal"),
    ("people", "Staff and HR"),
    ("political", "Political"),
    ("other", "Other"),
)


@dataclass(frozen=True)
class RiskInput:
    description: str
    likelihood: int  # 1–5
    impact: int  # 1–5
    category: str = ""
    cost: Decimal | None = None  # £ if it happens
    probability: Decimal | None = None  # % chance it happens (0–100)
    year: int | None = None  # the financial year it would happen in


@dataclass(frozen=True)
class RiskFigures:
    description: str
    category: str
    likelihood: int
    impact: int
    rating: int
    rag: str
    expected_cost: Decimal | None  # probability × cost, to the penny; None: no cost or probability given
    year: int | None
    position: int  # its place in the option's register, for a stable order


# --- Cost lines -------------------------------------------------------------------------------------------

ONE_OFF, RECURRING = "one_off", "recurring"


@dataclass(frozen=True)
class CostLine:
    """An option's cost line as stored: one year's amount, or (recurring) the same amount every year from `year`
    to `last_year` (the period's end when None). `kind` is what it is for (redundancy, contract price…)."""

    kind: str
    year: int
    amount: Decimal  # before optimism bias; below zero for funding
    description: str = ""
    bias_category: str | None = None  # a BIAS_CATEGORIES code; None: the scenario's single optimism bias
    mitigated_pct: Decimal = Decimal(0)  # % of the category's risk of overrun mitigated (0–100)
    recurring: bool = False
    last_year: int | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    funding: bool = False
    council: str | None = None


@dataclass(frozen=True)
class CostLineFigures:
    line: CostLine
    bias: BiasCategory | None
    applied_bias: Decimal  # exact %, the category's or the scenario's
    years: Mapping[int, Decimal]  # year -> amount before bias, within the period
    years_with_bias: Mapping[int, Decimal]  # year -> amount after bias, to the penny (funding is not raised)


# --- An option and the comparison -------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionInput:
    """One option of the short list. `assumptions` is its central case (the scenario machinery's input); for
    business as usual they give only the period, the deficit year and the funding gaps: it has nil savings and
    nil costs whatever they say."""

    name: str
    assumptions: Assumptions
    delivery_model: str = IN_HOUSE
    business_as_usual: bool = False
    cost_lines: Sequence[CostLine] = ()
    savings_adjustment: Decimal | None = None  # % taken off savings (replaces the scenario's bias on savings)
    scores: Mapping[str, int] = field(default_factory=dict)  # criterion name -> 0–5 (not the financial one)
    risks: Sequence[RiskInput] = ()
    preferred: bool = False  # chosen by officers


@dataclass(frozen=True)
class OptionFigures:
    name: str
    delivery_model: str
    business_as_usual: bool
    result: ScenarioResult  # the scenario model's figures with the option's cost lines and savings adjustment
    cost_lines: tuple[CostLineFigures, ...]
    risks: tuple[RiskFigures, ...]  # in the register's order
    expected_costs: tuple[Decimal, ...]  # by year of the period: the risks' expected costs
    discounted_expected_costs: Decimal  # each year's expected cost discounted to the base year, to the penny
    npv: Decimal
    risk_adjusted_npv: Decimal  # npv − discounted_expected_costs, exactly

    @property
    def top_risks(self) -> tuple[RiskFigures, ...]:
        """The three highest-rated risks (ties: the larger expected cost, then the register's order)."""
        key = lambda r: (-r.rating, -(r.expected_cost or 0), r.position)  # noqa: E731
        return tuple(sorted(self.risks, key=key)[:3])


@dataclass(frozen=True)
class RankedOption:
    figures: OptionFigures
    scores: Mapping[str, int]  # every criterion, the financial one worked out
    weighted_score: Decimal  # Σ weight × score / 5, exact (0–100)
    rank: int  # 1 is the best
    preferred: bool
    missing_scores: tuple[str, ...] = ()  # criteria the option has no score for yet (each counted 0)


@dataclass(frozen=True)
class OptionsComparison:
    criteria: tuple[CriterionInput, ...]
    options: tuple[RankedOption, ...]  # in rank order
    preferred: str  # the preferred option's name
    preferred_by_default: bool  # True: no option was chosen, so rank 1 is preferred
    preferred_needs_reason: bool  # True: officers chose an option that does not rank first
