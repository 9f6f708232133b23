"""Property-based tests of the appraisal's arithmetic: `summarise`, `split_pro_rata` and `round_half_up`.

The golden test checks one real appraisal cell by cell; these check the rules that must hold for *any*
appraisal, on inputs Hypothesis generates: totals are the sum of their rows, shares of the budget add up to
exactly 100%, a minimum never overtakes its maximum, the per-council split adds back exactly to the combined
figures to the penny, nil deficits and nil budgets give a clear answer rather than a crash, percentages round
half-up within half a place, and bad inputs are refused with a `CalculationError` (never another exception),
so every surface that calls `summarise()` can show the user what to fix.

Money is built from whole pounds or whole pennies (`Decimal(n).scaleb(-2)`), never floats, and compared
exactly; percentages are compared as exact `Fraction`s before any rounding.
"""

from __future__ import annotations

import string
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from appraisal.calculations import (
    EXCLUDED,
    OF_APPRAISAL_BUDGETS,
    OF_REVENUE_BUDGET,
    PENNY,
    SCOPES,
    ZERO,
    AppraisalInput,
    BudgetLine,
    CalculationError,
    ClusterInput,
    CouncilInput,
    split_pro_rata,
    summarise,
)
from appraisal.calculations.scenario_types import CLUSTER_NET_BUDGET, CUSTOM, EQUAL, SharingBasis
from appraisal.calculations.scenario_types import NET_BUDGET as NET_BUDGET_BASIS
from appraisal.formatting import round_half_up

# How many examples comes from the profile (tests/conftest.py); the cheap arithmetic gets twice as many.
PROPERTY = settings(deadline=None)  # summarise(): each example builds a whole appraisal
ARITHMETIC = settings(max_examples=2 * settings.default.max_examples, deadline=None)  # split_pro_rata, round_half_up

MAX_POUNDS = 10**9


# --- Strategies -----------------------------------------------------------------------------------


def pennies(lo: int, hi: int) -> st.SearchStrategy[Decimal]:
    """Money in whole pennies between lo and hi pennies."""
    return st.integers(lo, hi).map(lambda n: Decimal(n).scaleb(-2))


def pounds(lo: int, hi: int) -> st.SearchStrategy[Decimal]:
    """Money in whole pounds between lo and hi pounds."""
    return st.integers(lo, hi).map(Decimal)


MONEY = st.one_of(pounds(0, MAX_POUNDS), pennies(0, MAX_POUNDS * 100))
NET_BUDGET = pennies(-MAX_POUNDS * 100, MAX_POUNDS * 100)  # a service can run at a surplus
POSITIVE_NET_BUDGET = pennies(1, MAX_POUNDS * 100)
DEFICIT = st.none() | MONEY
CODES = st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=4)
NAMES = st.text(alphabet=string.ascii_letters + " &,", min_size=1, max_size=16)


@st.composite
def savings_ranges(draw) -> tuple[Decimal, Decimal]:
    lo, hi = sorted([draw(MONEY), draw(MONEY)])
    return lo, hi


@st.composite
def clusters(draw, name: str) -> ClusterInput:
    if draw(st.booleans()) and draw(st.booleans()):  # about a quarter are out-of-scope expenditure
        return ClusterInput(name=name, out_of_scope=True)
    if draw(st.booleans()):
        lo, hi = draw(savings_ranges())
        return ClusterInput(name=name, min_saving=lo, max_saving=hi)
    return ClusterInput(name=name)


@st.composite
def appraisals(
    draw,
    *,
    net_budgets: st.SearchStrategy[Decimal] = NET_BUDGET,
    deficits: st.SearchStrategy[Decimal | None] = DEFICIT,
    min_services: int = 0,
    max_services: int = 3,
) -> AppraisalInput:
    """1-5 councils with unique codes, 1-8 clusters with unique names, a few services per council per cluster."""
    codes = draw(st.lists(CODES, min_size=1, max_size=5, unique=True))
    councils = [CouncilInput(code=code, name=f"Council {code}", deficit=draw(deficits)) for code in codes]
    names = draw(st.lists(NAMES, min_size=1, max_size=8, unique=True))
    cluster_inputs = [draw(clusters(name)) for name in names]
    lines = [
        BudgetLine(
            council=code,
            cluster=name,
            service=f"{name} service {i}",
            net_budget=draw(net_budgets),
            scope=draw(st.sampled_from(SCOPES)),
        )
        for code in codes
        for name in names
        for i in range(draw(st.integers(min_services, max_services)))
    ]
    return AppraisalInput(councils=councils, clusters=cluster_inputs, lines=draw(st.permutations(lines)))


@st.composite
def appraisals_with_a_range(draw, **kwargs) -> AppraisalInput:
    """An appraisal where at least one cluster has a savings range (so there is something to corrupt)."""
    data = draw(appraisals(**kwargs))
    if not any(c.min_saving is not None for c in data.clusters):
        lo, hi = draw(savings_ranges())
        first = data.clusters[0]
        data = AppraisalInput(
            councils=data.councils,
            clusters=[ClusterInput(name=first.name, min_saving=lo, max_saving=hi), *data.clusters[1:]],
            lines=data.lines,
        )
    return data


def replace_cluster(data: AppraisalInput, index: int, cluster: ClusterInput) -> AppraisalInput:
    new_clusters = list(data.clusters)
    new_clusters[index] = cluster
    return AppraisalInput(councils=data.councils, clusters=new_clusters, lines=data.lines)


def index_of_a_range(data: AppraisalInput) -> int:
    return next(i for i, c in enumerate(data.clusters) if c.min_saving is not None)


# The smallest case of the Alabama paradox in largest-remainder rounding: councils with budgets of
# £1, £3 and £3 in one cluster whose saving is £0.03 to £0.04. Split alone, £0.03 gives A 1p and £0.04
# gives A 0p, so splitting the minimum and the maximum separately puts A's minimum above its maximum.
ALABAMA = AppraisalInput(
    councils=[CouncilInput(code, f"Council {code}", deficit=Decimal("1.00")) for code in "ABC"],
    clusters=[ClusterInput("Corporate Services", min_saving=Decimal("0.03"), max_saving=Decimal("0.04"))],
    lines=[
        BudgetLine("A", "Corporate Services", "Finance", Decimal("1")),
        BudgetLine("B", "Corporate Services", "Finance", Decimal("3")),
        BudgetLine("C", "Corporate Services", "Finance", Decimal("3")),
    ],
)


# --- 1. Totals ------------------------------------------------------------------------------------


@PROPERTY
@given(appraisals())
def test_totals_equal_the_sum_of_the_clusters(data):
    summary = summarise(data)
    ranged = [c for c in summary.clusters if c.has_range]
    assert summary.totals.net_budget == sum((c.net_budget for c in summary.clusters), ZERO)
    assert summary.totals.in_scope_net_budget == sum((c.in_scope_net_budget for c in summary.clusters), ZERO)
    assert summary.totals.min_saving == sum((c.min_saving for c in ranged), ZERO)
    assert summary.totals.max_saving == sum((c.max_saving for c in ranged), ZERO)
    for c in summary.clusters:
        if not c.has_range:
            assert (c.min_saving, c.max_saving, c.min_saving_pct, c.max_saving_pct) == (None, None, None, None)


@PROPERTY
@given(appraisals())
def test_each_cluster_budget_is_the_sum_of_its_lines(data):
    summary = summarise(data)
    for c in summary.clusters:
        lines = [line for line in data.lines if line.cluster == c.name]
        assert c.net_budget == sum((line.net_budget for line in lines), ZERO)
        assert c.in_scope_net_budget == (
            ZERO if c.out_of_scope else sum((line.net_budget for line in lines if line.scope != EXCLUDED), ZERO)
        )


# --- 2. Shares of the net budget ------------------------------------------------------------------


@PROPERTY
@given(appraisals(net_budgets=POSITIVE_NET_BUDGET, min_services=1))
def test_shares_of_net_budget_sum_to_exactly_100_when_every_cluster_budget_is_positive(data):
    summary = summarise(data)
    shares = [c.share_of_net_budget_pct for c in summary.clusters]
    assert all(isinstance(share, Fraction) for share in shares)
    assert sum(shares, Fraction(0)) == 100


@PROPERTY
@given(appraisals())
def test_shares_are_none_only_when_the_total_budget_is_not_positive_and_otherwise_sum_to_100(data):
    # The share is a % of the *total*: None when the total is nil or in surplus. A cluster in surplus
    # (net below zero) while the total is positive has a negative share, so the shares still sum to 100.
    summary = summarise(data)
    total = summary.totals.net_budget
    for c in summary.clusters:
        if total <= 0:
            assert c.share_of_net_budget_pct is None
        else:
            assert c.share_of_net_budget_pct == Fraction(c.net_budget) * 100 / Fraction(total)
    if total > 0:
        assert sum((c.share_of_net_budget_pct for c in summary.clusters), Fraction(0)) == 100


# --- 3. Minimum never above maximum ---------------------------------------------------------------


@PROPERTY
@given(appraisals())
def test_min_never_exceeds_max_for_clusters_totals_and_the_combined_deficit(data):
    summary = summarise(data)
    for c in summary.clusters:
        if c.has_range:
            assert c.min_saving <= c.max_saving
            if c.min_saving_pct is not None:
                assert c.min_saving_pct <= c.max_saving_pct
    totals = summary.totals
    assert totals.min_saving <= totals.max_saving
    if totals.min_saving_pct is not None:
        assert totals.min_saving_pct <= totals.max_saving_pct
    if totals.in_scope_min_saving_pct is not None:
        assert totals.in_scope_min_saving_pct <= totals.in_scope_max_saving_pct
    deficit = summary.deficit
    if deficit.amount > 0:
        assert deficit.min_closed_pct <= deficit.max_closed_pct
    assert deficit.min_gap >= deficit.max_gap


# Regression: summarise() once split each cluster's min and max between councils independently; largest
# remainder is not monotonic (the Alabama paradox), so ALABAMA gave council A 1p of the minimum and 0p of
# the maximum. Random search rarely finds such a case, hence the explicit example.
@PROPERTY
@given(appraisals())
@example(ALABAMA)
def test_min_never_exceeds_max_for_each_council(data):
    summary = summarise(data)
    for council in summary.councils:
        for lo, hi in council.cluster_savings.values():
            assert lo <= hi
        assert council.min_saving <= council.max_saving
        if council.deficit > 0:
            assert council.against_deficit.min_closed_pct <= council.against_deficit.max_closed_pct
        assert council.against_deficit.min_gap >= council.against_deficit.max_gap


# --- 4. The per-council split ---------------------------------------------------------------------


@PROPERTY
@given(appraisals())
def test_the_per_council_split_sums_exactly_to_the_combined_figures(data):
    summary = summarise(data)
    councils = summary.councils
    for c in summary.clusters:
        if c.has_range:
            assert all(c.name in council.cluster_savings for council in councils)
            assert sum((council.cluster_savings[c.name][0] for council in councils), ZERO) == c.min_saving
            assert sum((council.cluster_savings[c.name][1] for council in councils), ZERO) == c.max_saving
        else:
            assert all(c.name not in council.cluster_savings for council in councils)
        assert sum(c.council_net_budgets.values(), ZERO) == c.net_budget
    assert sum((council.min_saving for council in councils), ZERO) == summary.totals.min_saving
    assert sum((council.max_saving for council in councils), ZERO) == summary.totals.max_saving
    assert sum((council.deficit for council in councils), ZERO) == summary.deficit.amount
    assert sum((council.net_budget for council in councils), ZERO) == summary.totals.net_budget


@PROPERTY
@given(appraisals())
def test_each_council_budget_is_the_sum_of_its_lines(data):
    summary = summarise(data)
    for council in summary.councils:
        own = [line.net_budget for line in data.lines if line.council == council.code]
        assert council.net_budget == sum(own, ZERO)


# --- 5. A zero deficit ----------------------------------------------------------------------------


@PROPERTY
@given(appraisals(deficits=st.sampled_from([None, ZERO, Decimal("0.00")])))
def test_a_zero_deficit_gives_no_closed_percentage_and_a_gap_of_minus_the_savings(data):
    summary = summarise(data)
    for d in [summary.deficit, *(council.against_deficit for council in summary.councils)]:
        assert d.amount == 0
        assert d.min_closed_pct is None
        assert d.max_closed_pct is None
        assert d.min_gap == -d.min_saving
        assert d.max_gap == -d.max_saving
    for council, given_council in zip(summary.councils, data.councils, strict=True):
        assert council.deficit_known == (given_council.deficit is not None)
        if given_council.deficit is None:
            assert any(w.startswith(f"{given_council.name} has no funding deficit") for w in summary.warnings)


# --- 6. A zero budget -----------------------------------------------------------------------------


@PROPERTY
@given(appraisals(net_budgets=st.sampled_from([ZERO, Decimal("0.00")])) | appraisals(max_services=0))
def test_a_zero_budget_gives_no_shares_or_percentages_and_warns_of_each_range(data):
    summary = summarise(data)
    assert summary.totals.net_budget == 0
    for c in summary.clusters:
        assert c.net_budget == 0
        assert c.share_of_net_budget_pct is None
        assert c.min_saving_pct is None
        assert c.max_saving_pct is None
        if c.has_range:
            assert any(w.startswith(f"{c.name} has a savings range but no net budget") for w in summary.warnings)
    totals = summary.totals
    pcts = (totals.min_saving_pct, totals.max_saving_pct, totals.in_scope_min_saving_pct)
    assert pcts == (None, None, None)
    assert totals.in_scope_max_saving_pct is None
    assert summary.deficit.pct_of_net_budget is None
    assert all(council.against_deficit.pct_of_net_budget is None for council in summary.councils)


# --- 7. split_pro_rata ----------------------------------------------------------------------------

TOTALS = pennies(-MAX_POUNDS * 100, MAX_POUNDS * 100)
ANY_WEIGHT = st.one_of(
    pennies(-MAX_POUNDS * 100, MAX_POUNDS * 100),
    st.fractions(min_value=-1000, max_value=1000, max_denominator=1000),
    st.just(ZERO),
)
NON_NEGATIVE_WEIGHT = st.one_of(
    pennies(0, MAX_POUNDS * 100),
    st.fractions(min_value=0, max_value=1000, max_denominator=1000),
)


def keyed(weights: list) -> list[tuple[str, Decimal | Fraction]]:
    return [(f"council-{i}", w) for i, w in enumerate(weights)]


@ARITHMETIC
@given(TOTALS, st.lists(ANY_WEIGHT, min_size=1, max_size=10))
def test_split_parts_sum_exactly_to_the_total_and_are_whole_pennies(total, weights):
    parts = split_pro_rata(total, keyed(weights))
    assert list(parts) == [key for key, _ in keyed(weights)]
    assert sum(parts.values(), ZERO) == total
    for part in parts.values():
        assert (Fraction(part) / Fraction(PENNY)).denominator == 1


@ARITHMETIC
@given(TOTALS, pennies(1, MAX_POUNDS * 100), st.integers(1, 10))
def test_split_between_equal_weights_gives_parts_at_most_a_penny_apart(total, weight, count):
    parts = split_pro_rata(total, keyed([weight] * count))
    assert max(parts.values()) - min(parts.values()) <= PENNY


@ARITHMETIC
@given(TOTALS, st.lists(NON_NEGATIVE_WEIGHT, min_size=1, max_size=10).filter(lambda ws: any(w > 0 for w in ws)))
def test_split_parts_are_within_a_penny_of_the_exact_proportional_share(total, weights):
    parts = split_pro_rata(total, keyed(weights))
    weight_total = sum((Fraction(w) for w in weights), Fraction(0))
    for (key, weight), part in zip(keyed(weights), parts.values(), strict=True):
        exact = Fraction(total) * Fraction(weight) / weight_total
        assert abs(Fraction(part) - exact) < Fraction(PENNY), key


@ARITHMETIC
@given(TOTALS, st.lists(st.one_of(st.just(ZERO), pennies(-MAX_POUNDS * 100, -1)), min_size=1, max_size=10))
def test_split_with_no_positive_weight_shares_the_total_equally(total, weights):
    parts = split_pro_rata(total, keyed(weights))
    assert sum(parts.values(), ZERO) == total
    assert max(parts.values()) - min(parts.values()) <= PENNY


# --- 8. round_half_up -----------------------------------------------------------------------------


@ARITHMETIC
@given(st.integers(0, 10**12), st.sampled_from([1, -1]))
@example(24, 1)  # 2.45 -> 2.5
@example(24, -1)  # -2.45 -> -2.5
@example(0, -1)  # -0.05 -> -0.1
def test_round_half_up_rounds_a_tie_away_from_zero(k, sign):
    value = Fraction(sign * (k * 10 + 5), 100)
    assert round_half_up(value) == Decimal(sign * (k + 1)).scaleb(-1)


# Up to 10**24: far beyond any percentage or sum of money; the next test takes any size at all.
@ARITHMETIC
@given(st.fractions(min_value=-(10**24), max_value=10**24))
@example(Fraction(-1, 20))
@example(Fraction(1, 20) - Fraction(1, 10**30))
def test_round_half_up_is_within_half_a_place_of_the_exact_value(value):
    rounded = round_half_up(value)
    assert abs(Fraction(rounded) - value) <= Fraction(1, 20)
    assert (Fraction(rounded) * 10).denominator == 1


# Regression: round_half_up once built its result with Decimal.scaleb(), which rounds to the decimal context's
# 28 significant digits, so 10**28 + 1 came back as 10**28.
@ARITHMETIC
@given(st.fractions())
@example(Fraction(10**28 + 1))
def test_round_half_up_is_within_half_a_place_of_any_exact_value_however_large(value):
    assert abs(Fraction(round_half_up(value)) - value) <= Fraction(1, 20)


# --- 9. Invalid inputs ----------------------------------------------------------------------------


@ARITHMETIC
@given(appraisals_with_a_range(), pennies(1, MAX_POUNDS * 100))
def test_a_minimum_above_the_maximum_is_a_calculation_error(data, excess):
    i = index_of_a_range(data)
    cluster = data.clusters[i]
    bad = ClusterInput(name=cluster.name, min_saving=cluster.max_saving + excess, max_saving=cluster.max_saving)
    with pytest.raises(CalculationError, match="minimum saving"):
        summarise(replace_cluster(data, i, bad))


@ARITHMETIC
@given(appraisals_with_a_range(), pennies(-MAX_POUNDS * 100, -1), st.booleans())
def test_a_negative_saving_is_a_calculation_error(data, negative, both):
    i = index_of_a_range(data)
    cluster = data.clusters[i]
    bad = ClusterInput(name=cluster.name, min_saving=negative, max_saving=negative if both else cluster.max_saving)
    with pytest.raises(CalculationError, match="cannot be negative"):
        summarise(replace_cluster(data, i, bad))


@ARITHMETIC
@given(appraisals(), NAMES, NET_BUDGET)
def test_a_line_in_a_cluster_not_in_the_appraisal_is_a_calculation_error(data, stray_cluster, net):
    if stray_cluster in {c.name for c in data.clusters}:
        stray_cluster += " (not in the appraisal)"
    stray = BudgetLine(council=data.councils[0].code, cluster=stray_cluster, service="Stray", net_budget=net)
    bad = AppraisalInput(councils=data.councils, clusters=data.clusters, lines=[*data.lines, stray])
    with pytest.raises(CalculationError, match="not in the appraisal"):
        summarise(bad)


@ARITHMETIC
@given(appraisals(), st.data())
def test_a_duplicate_council_code_is_a_calculation_error(data, draw):
    twin = draw.draw(st.sampled_from(list(data.councils)))
    councils = [*data.councils, CouncilInput(code=twin.code, name=f"{twin.name} again", deficit=twin.deficit)]
    bad = AppraisalInput(councils=draw.draw(st.permutations(councils)), clusters=data.clusters, lines=data.lines)
    with pytest.raises(CalculationError, match="more than once"):
        summarise(bad)


# --- 9. Sharing on a scenario's basis, and the deficit against the whole budgets (issue 15) --------------


@st.composite
def savings_bases(draw, codes: list[str]) -> SharingBasis:
    """A scenario's basis for sharing savings: custom percentages (whole, adding up to 100) for every council."""
    kind = draw(st.sampled_from([EQUAL, NET_BUDGET_BASIS, CLUSTER_NET_BUDGET, CUSTOM]))
    if kind != CUSTOM:
        return SharingBasis(kind)
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=len(codes) - 1, max_size=len(codes) - 1)))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    return SharingBasis(CUSTOM, {code: Decimal(p) for code, p in zip(codes, parts, strict=True)})


@PROPERTY
@given(appraisals(), st.data())
@example(ALABAMA, None)
def test_on_any_savings_basis_the_councils_shares_sum_exactly_and_keep_min_below_max(data, draw):
    basis = draw.draw(savings_bases([c.code for c in data.councils])) if draw else SharingBasis(EQUAL)
    summary = summarise(data, savings_basis=basis)
    plain = summarise(data)
    assert (summary.clusters, summary.totals, summary.deficit) == (plain.clusters, plain.totals, plain.deficit)
    for c in summary.clusters:
        if c.has_range:
            assert sum((council.cluster_savings[c.name][0] for council in summary.councils), ZERO) == c.min_saving
            assert sum((council.cluster_savings[c.name][1] for council in summary.councils), ZERO) == c.max_saving
    for council in summary.councils:
        assert council.min_saving <= council.max_saving
        assert council.net_budget == next(p.net_budget for p in plain.councils if p.code == council.code)


REVENUE_BUDGET = st.none() | pennies(1, MAX_POUNDS * 100)


@PROPERTY
@given(appraisals(), st.data())
def test_a_deficit_is_a_percentage_of_the_whole_revenue_budget_where_held(data, draw):
    budgets = [draw.draw(REVENUE_BUDGET) for _ in data.councils]
    councils = [replace(c, net_revenue_budget=b) for c, b in zip(data.councils, budgets, strict=True)]
    summary = summarise(AppraisalInput(councils=councils, clusters=data.clusters, lines=data.lines))
    for council, budget in zip(summary.councils, budgets, strict=True):
        d = council.against_deficit
        whole = budget if budget is not None else council.net_budget
        assert (d.pct_budget, d.pct_basis) == (whole, OF_REVENUE_BUDGET if budget else OF_APPRAISAL_BUDGETS)
        assert d.pct_of_net_budget == (Fraction(d.amount) * 100 / Fraction(whole) if whole > 0 else None)
    every = all(b is not None for b in budgets)
    combined = summary.deficit
    assert combined.pct_basis == (OF_REVENUE_BUDGET if every else OF_APPRAISAL_BUDGETS)
    assert combined.pct_budget == (sum(budgets, ZERO) if every else summary.totals.net_budget)
    assert combined.net_budget == summary.totals.net_budget  # the appraisal's own budgets stay as they are
