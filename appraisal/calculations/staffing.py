"""Staffing structures: what the posts cost each council before and after, what that saves each council, and
what the people who leave cost (statutory redundancy, the council's discretion, pension strain). Issue 18.

Seed 002 compares a baseline senior management structure with a proposed one ("Model 3b": shared Directors,
fewer Assistant Directors) and finds savings of about £1.4M "shared between the 3 authorities"; seeds 000 §12
and 001 §3.3–§4 raise redundancy, pension liabilities, the employing body and consultation.

Pure: plain inputs, `Decimal` money rounded to the penny half-up at each post's figure; councils' shares split
to the penny by largest remainder, so every table adds up.

Conventions:
- A post's yearly cost = FTE × salary × (1 + on-costs %). It falls on the employing council, or is shared on the
  option's sharing basis (the host recharges), or in named shares (a post two councils already share).
- Each council's saving = its share of the baseline structure's cost − its share of the proposed structure's.
- A baseline post is deleted when no post of the proposed structure carries it on; its holder leaves (their own
  age and service where officers name them, else the grade's average). A proposed post that carries on no
  baseline post is created.
- Statutory redundancy: for each complete year of service, at most 20 counting back from leaving, ½ week's pay
  for a year in which the person was under 22, 1 week aged 22–40, 1½ weeks aged 41 or over (the year before
  leaving is the year the person was age − 1, and so on back); nothing under 2 years' service. A week's pay is
  salary × FTE ÷ 52, capped at the statutory limit. The council's redundancy = statutory weeks × (the capped
  week's pay, or the actual week's pay where the council pays on actual pay) × its multiplier.
- Pension strain, for scheme members aged 55 or over: the pension given up (salary × FTE × years ÷ 49) × the
  strain factor for the age at leaving (an estimate to be replaced by the actuary's figures).
- Leaving costs fall on the employing council unless the partners agree to share them (on the costs basis).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from appraisal.calculations.scenario_types import SharingBasis
from appraisal.calculations.staffing_types import (  # noqa: F401  (re-exported: callers read staff.PostInput etc.)
    ACCRUAL_DIVISOR,
    BASIS,
    CAP_RULE,
    CONSULTATION_STEPS,
    COST_SPLITS,
    EMPLOYER,
    MAX_AGE,
    MAX_COUNTED_YEARS,
    MIN_AGE,
    MIN_SERVICE_YEARS,
    OLDER_AGE,
    SHARES,
    STATUTORY_CAPS,
    STRAIN_FACTORS,
    STRAIN_FROM_AGE,
    STRAIN_RULE,
    WEEKS_PER_YEAR,
    WORKING_FROM_AGE,
    YOUNG_AGE,
    GradeProfile,
    Holder,
    LeaverFigures,
    PostFigures,
    PostInput,
    RedundancyPolicy,
    StaffingFigures,
    StructureFigures,
)
from appraisal.calculations.summary import (
    PENNY,
    ZERO,
    AppraisalSummary,
    CalculationError,
    cluster_weights,
    pro_rata_splitter,
    split_pro_rata,
)

Weights = Sequence[tuple[str, Decimal | Fraction]]

# The wording of each rule on a post or its holder (forms, the workbook reader and the tests import these).
NEGATIVE_SALARY = "A salary cannot be negative."
NEGATIVE_FTE = "FTE cannot be negative."
NEGATIVE_ON_COSTS = "On-costs cannot be negative."
AGE_RANGE = f"Give an age from {MIN_AGE} to {MAX_AGE}."
NEGATIVE_SERVICE = "Years of service cannot be negative."


def service_too_long(age: int) -> str:
    return f"Years of service cannot be more than {age - WORKING_FROM_AGE} for someone aged {age} (age − 16)."


def to_penny(amount: Decimal | Fraction) -> Decimal:
    if isinstance(amount, Fraction):
        amount = Decimal(amount.numerator) / Decimal(amount.denominator)
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


# --- People ------------------------------------------------------------------------------------------------


def holder_errors(age: int | None, years_service: int | None) -> dict[str, str]:
    """What is wrong with a postholder's (or a grade's average) age and service, by field; empty when right."""
    errors: dict[str, str] = {}
    if age is not None and not MIN_AGE <= age <= MAX_AGE:
        errors["age"] = AGE_RANGE
    if years_service is not None and years_service < 0:
        errors["years_service"] = NEGATIVE_SERVICE
    elif age is not None and years_service is not None and "age" not in errors:
        if years_service > age - WORKING_FROM_AGE:
            errors["years_service"] = service_too_long(age)
    return errors


def statutory_weeks(age: int, years_service: int) -> Decimal:
    """Weeks' pay under the statutory scheme for someone leaving at `age` with `years_service` complete years."""
    problems = holder_errors(age, years_service)
    if problems:
        raise CalculationError(" ".join(problems.values()))
    if years_service < MIN_SERVICE_YEARS:
        return ZERO
    # The years counted back from leaving were lived at the ages age − counted to age − 1: so many of them at 41 or
    # over (1½ weeks each), so many under 22 (½ week), the rest 22–40 (1 week).
    counted = min(years_service, MAX_COUNTED_YEARS)
    first, last = age - counted, age - 1
    older = max(0, last - max(first, OLDER_AGE) + 1)
    young = max(0, min(last, YOUNG_AGE - 1) - first + 1)
    weeks = ZERO
    if older:
        weeks += Decimal("1.5") * older
    if counted - older - young:
        weeks += Decimal(counted - older - young)
    if young:
        weeks += Decimal("0.5") * young
    return weeks


def cap_for_year(caps: Iterable[tuple[date, Decimal]], year: int) -> Decimal:
    """The statutory weekly pay limit for leavers in financial year `year` (CAP_RULE)."""
    in_force = date(year, 4, 30)
    dated = sorted((d, amount) for d, amount in caps if d <= in_force)
    if not dated:
        raise CalculationError(f"No statutory weekly pay limit is held for {year}/{str(year + 1)[-2:]} or before.")
    return dated[-1][1]


def strain_factor(factors: Mapping[int, Decimal], age: int) -> Decimal:
    """The strain factor for an age (the nearest age below it in the table; nil under 55 or past the table)."""
    if age < STRAIN_FROM_AGE:
        return ZERO
    held = [a for a in factors if a <= age]
    return factors[max(held)] if held else ZERO


def leaver(
    post: PostInput,
    grades: Mapping[str, GradeProfile],
    policy: RedundancyPolicy,
    cap: Decimal,
    factors: Mapping[int, Decimal],
) -> LeaverFigures:
    """What the holder of a deleted post costs to let go."""
    if post.holder is not None:
        age, years, member, named = post.holder.age, post.holder.years_service, post.holder.pension_member, True
    else:
        grade = grades.get(post.grade)
        if grade is None:
            raise CalculationError(f"{post.title}: the grade {post.grade!r} is not one of the appraisal's grades.")
        age, years, member, named = grade.age, grade.years_service, True, False
    people = post.fte if post.fte > 1 else Decimal(1)
    pay_fte = min(post.fte, Decimal(1))
    weekly = to_penny(post.salary * pay_fte / WEEKS_PER_YEAR)
    weeks = statutory_weeks(age, years)
    statutory = to_penny(weeks * min(weekly, cap))
    paid_on = weekly if policy.actual_pay else min(weekly, cap)
    redundancy = to_penny(weeks * paid_on * policy.multiplier * people)
    strain = ZERO
    if member and age >= STRAIN_FROM_AGE:
        pension = post.salary * pay_fte * years / ACCRUAL_DIVISOR
        strain = to_penny(pension * strain_factor(factors, age) * people)
    return LeaverFigures(
        key=post.key,
        title=post.title,
        council=post.council,
        grade=post.grade,
        named=named,
        people=people,
        age=age,
        years_service=years,
        weekly_pay=weekly,
        weekly_pay_cap=cap,
        statutory_weeks=weeks,
        statutory_redundancy=statutory,
        multiplier=policy.multiplier,
        redundancy=redundancy,
        pension_strain=strain,
    )


# --- Posts and structures ----------------------------------------------------------------------------------


def shares_error(shares: Mapping[str, Decimal], codes: Sequence[str]) -> str:
    """What is wrong with a post's named shares (council code -> %), or ""."""
    unknown = [code for code in shares if code not in codes]
    if unknown:
        return f"{', '.join(unknown)} is not one of the appraisal's councils ({', '.join(codes)})."
    if not shares:
        return "Name the councils that share the post and each one's %."
    try:
        values = [Decimal(str(v)) for v in shares.values()]
    except ArithmeticError:
        return "Each share is a percentage, such as 50."
    if any(v < 0 for v in values):
        return "A share cannot be negative."
    if sum(values, ZERO) != 100:
        return f"Named shares add up to 100% (these add up to {sum(values, ZERO).normalize():f}%)."
    return ""


def post_errors(post: PostInput, codes: Sequence[str], grades: Iterable[str]) -> dict[str, str]:
    """What is wrong with a post, by field; empty when it can be worked out."""
    errors: dict[str, str] = {}
    if post.salary < 0:
        errors["salary"] = NEGATIVE_SALARY
    if post.fte < 0:
        errors["fte"] = NEGATIVE_FTE
    if post.on_cost_pct < 0:
        errors["on_cost_pct"] = NEGATIVE_ON_COSTS
    if post.council not in codes:
        errors["council"] = f"{post.council!r} is not one of the appraisal's councils ({', '.join(codes)})."
    if post.grade not in set(grades):
        errors["grade"] = f"{post.grade!r} is not one of the appraisal's grades."
    if post.split == SHARES and shares_error(post.shares, codes):
        errors["shares"] = shares_error(post.shares, codes)
    if post.holder is not None:
        errors |= {f"holder_{k}": v for k, v in holder_errors(post.holder.age, post.holder.years_service).items()}
    return errors


def post_cost(post: PostInput) -> Decimal:
    return (post.fte * post.salary * (1 + post.on_cost_pct / 100)).quantize(PENNY, rounding=ROUND_HALF_UP)


def basis_weights(base: AppraisalSummary, basis: SharingBasis) -> dict[str, Weights]:
    """Each cluster's weights on a sharing basis: the rule the summary and the scenario model share savings by."""
    codes = [c.code for c in base.councils]
    in_scope = [c for c in base.clusters if not c.out_of_scope]
    council_nets = {code: sum((c.council_net_budgets[code] for c in in_scope), ZERO) for code in codes}
    return {c.name: cluster_weights(basis, codes, c, council_nets) for c in base.clusters}


class _Split:
    """split_pro_rata on one set of weights, remembering each cost it has split: after an edit the staffing page
    works out thousands of unchanged posts again (benchmarks/staffing.py). A copy of the parts is returned."""

    LIMIT = 50_000  # costs remembered per set of weights; forgotten all at once past it

    def __init__(self, weights: tuple):
        self.split = pro_rata_splitter(weights)
        self.known: dict[Decimal, dict[str, Decimal]] = {}

    def __call__(self, cost: Decimal) -> dict[str, Decimal]:
        parts = self.known.get(cost)  # a post's cost is always in pence, so equal costs split alike
        if parts is None:
            if len(self.known) >= self.LIMIT:
                self.known.clear()
            parts = self.known[cost] = self.split(cost)
        return dict(parts)


@functools.lru_cache(maxsize=256)
def _split_on(weights: tuple) -> _Split:
    return _Split(weights)


class _Splitters:
    """How each post's cost is split between the councils: on the option's basis for its cluster, or in named
    shares. A structure of thousands of posts shares a few sets of weights, each made whole numbers once."""

    def __init__(self, codes: Sequence[str], weights: Mapping[str, Weights]):
        self.codes, self.weights = codes, weights
        self.made: dict = {}

    def shares_of(self, post: PostInput, cost: Decimal) -> dict[str, Decimal]:
        if post.split == SHARES:
            key = (SHARES, *post.shares.items())
            split = self.made.get(key)
            if split is None:
                shares = tuple((code, Decimal(post.shares.get(code, ZERO))) for code in self.codes)
                split = self.made[key] = _split_on(shares)
            return split(cost)
        if post.split == BASIS:
            split = self.made.get(post.cluster)
            if split is None:
                cluster_weights = self.weights.get(post.cluster)
                if cluster_weights is None:
                    raise CalculationError(f"{post.title}: {post.cluster} has no sharing basis in this option.")
                split = self.made[post.cluster] = _split_on(tuple(cluster_weights))
            return split(cost)
        return {post.council: cost}  # EMPLOYER


def structure(
    name: str,
    option: str | None,
    posts: Sequence[PostInput],
    codes: Sequence[str],
    weights: Mapping[str, Weights] | None = None,
) -> StructureFigures:
    """A structure's cost, FTE and posts, in total and by council."""
    shares_of = _Splitters(codes, weights or {}).shares_of
    by_cluster: dict[str, dict[str, Decimal]] = {}
    posts_by = dict.fromkeys(codes, 0)
    fte_by = dict.fromkeys(codes, ZERO)
    figures = []
    for post in posts:
        cost = post_cost(post)
        shares = {post.council: cost} if post.split == EMPLOYER else shares_of(post, cost)
        cluster = by_cluster.get(post.cluster)
        if cluster is None:
            cluster = by_cluster[post.cluster] = dict.fromkeys(codes, ZERO)
        for code, part in shares.items():
            cluster[code] += part
        posts_by[post.council] += 1
        fte_by[post.council] += post.fte
        figures.append(PostFigures(post, cost, shares))
    # Each council's share is the sum of its shares in each cluster: exact, as every part is a whole number of pence.
    by_council = {code: sum((c[code] for c in by_cluster.values()), ZERO) for code in codes}
    return StructureFigures(
        name=name,
        option=option,
        posts=tuple(figures),
        fte=sum(fte_by.values(), ZERO),
        cost=sum(by_council.values(), ZERO),
        by_council=by_council,
        by_cluster=by_cluster,
        posts_by_council=posts_by,
        fte_by_council=fte_by,
    )


def _savings_by_cluster(baseline: StructureFigures, proposed: StructureFigures, codes) -> dict:
    clusters = list(dict.fromkeys([*baseline.by_cluster, *proposed.by_cluster]))
    empty = dict.fromkeys(codes, ZERO)
    return {
        cluster: {
            code: baseline.by_cluster.get(cluster, empty)[code] - proposed.by_cluster.get(cluster, empty)[code]
            for code in codes
        }
        for cluster in clusters
    }


def payback_years(one_off: Decimal, saving: Decimal) -> Decimal | None:
    if one_off <= 0:
        return ZERO
    if saving <= 0:
        return None
    return (one_off / saving).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def compare_structures(
    baseline: StructureFigures,
    proposed: StructureFigures,
    codes: Sequence[str],
    *,
    grades: Mapping[str, GradeProfile],
    policies: Mapping[str, RedundancyPolicy],
    cap: Decimal,
    factors: Mapping[int, Decimal],
    share_leaving_costs: bool = False,
    costs_weights: Weights | None = None,
) -> StaffingFigures:
    """The saving each council makes, the posts deleted and created, and what the leavers cost each council."""
    carried = {f.post.continues for f in proposed.posts if f.post.continues}
    deleted = tuple(f.post for f in baseline.posts if f.post.key not in carried)
    baseline_keys = {f.post.key for f in baseline.posts}
    created = tuple(f.post for f in proposed.posts if f.post.continues not in baseline_keys)
    leavers = tuple(
        leaver(post, grades, policies.get(post.council, RedundancyPolicy()), cap, factors) for post in deleted
    )
    redundancy = dict.fromkeys(codes, ZERO)
    strain = dict.fromkeys(codes, ZERO)
    for person in leavers:
        redundancy[person.council] += person.redundancy
        strain[person.council] += person.pension_strain
    if share_leaving_costs:
        weights = costs_weights or [(code, Fraction(1)) for code in codes]
        redundancy = split_pro_rata(sum(redundancy.values(), ZERO), weights)
        strain = split_pro_rata(sum(strain.values(), ZERO), weights)
    savings = {code: baseline.by_council[code] - proposed.by_council[code] for code in codes}
    one_off = {code: redundancy[code] + strain[code] for code in codes}
    return StaffingFigures(
        baseline=baseline,
        proposed=proposed,
        savings_by_council=savings,
        savings_by_cluster=_savings_by_cluster(baseline, proposed, codes),
        saving=sum(savings.values(), ZERO),
        deleted=deleted,
        created=created,
        leavers=leavers,
        redundancy_by_council=redundancy,
        strain_by_council=strain,
        shared_leaving_costs=share_leaving_costs,
        one_off_by_council=one_off,
        payback_years_by_council={code: payback_years(one_off[code], savings[code]) for code in codes},
    )


# --- Named shares as officers type them ("DBC 50, HBC 50") ----------------------------------------------------

SHARES_HINT = "Each council's code and %, such as DBC 50, HBC 50."


def parse_shares(text: str) -> dict[str, Decimal]:
    """Named shares typed as "DBC 50, HBC 50" (or "DBC 50%; HBC 50%"): council code -> %. Raises ValueError with
    a message for the person typing."""
    shares: dict[str, Decimal] = {}
    for part in text.replace(";", ",").split(","):
        words = part.replace("%", " ").replace("=", " ").replace(":", " ").split()
        if not words:
            continue
        if len(words) != 2:
            raise ValueError(f"'{part.strip()}' is not a council and a %. {SHARES_HINT}")
        code = words[0].upper()
        try:
            value = Decimal(words[1])
        except ArithmeticError:
            raise ValueError(f"'{words[1]}' is not a percentage. {SHARES_HINT}") from None
        if not value.is_finite():
            raise ValueError(f"'{words[1]}' is not a percentage. {SHARES_HINT}")
        if code in shares:
            raise ValueError(f"{code} is named twice.")
        shares[code] = value
    return shares


def shares_text(shares: Mapping[str, Decimal | str]) -> str:
    """Named shares as officers type them: "DBC 50, HBC 50"."""
    return ", ".join(f"{code} {Decimal(str(value)).normalize():f}" for code, value in shares.items())
