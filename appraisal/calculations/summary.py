"""The appraisal's figures, from plain inputs: no ORM, no request, no formatting.

Every surface (web pages, the `appraise` command, Excel, the cabinet report) calls `summarise()`, so
each shows the same figure. Money is `Decimal` in pounds. Percentages are kept exact as `Fraction`
percentages (30.79...% is Fraction(30.79...)); they are rounded half-up to one decimal place only
when shown (see `appraisal.formatting`).

The layout follows the savings table of seed 001 (Deloitte, Darlington & Hartlepool, Aug 2011, §2.4):
per service cluster the combined net budget, its share of the total, a minimum and maximum saving
and those savings as a % of the cluster; then totals, the in-scope budget, and the savings against
the combined funding deficit. Per council, each cluster's saving is split pro rata to the council's
net budget in that cluster, or on the sharing basis of the scenario a report presents (`savings_basis`), so that
a report gives each council the share its scenario gives it.

A deficit as a % of net budget is of the council's whole net revenue budget where it is held (and, combined, of
the partners' budgets together when every partner's is held); else of the budgets of the services in this
appraisal, and `DeficitSummary.pct_basis` says which (issue 15).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from appraisal.calculations.scenario_types import CLUSTER_NET_BUDGET, CUSTOM, EQUAL, NET_BUDGET, SharingBasis
from appraisal.calculations.summary_types import (  # noqa: F401  (re-exported: callers read calc.AppraisalInput etc.)
    EXCLUDED,
    KEY,
    LIMITED,
    OF_APPRAISAL_BUDGETS,
    OF_REVENUE_BUDGET,
    SCOPES,
    AppraisalInput,
    AppraisalSummary,
    BudgetLine,
    ClusterInput,
    ClusterSummary,
    CouncilInput,
    CouncilSummary,
    DeficitSummary,
    Totals,
)

PENNY = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Fraction(100)


class CalculationError(ValueError):
    """Inputs the calculation cannot work with; the message says what to fix."""


# --- Helpers --------------------------------------------------------------------------------------


def pct(part: Decimal | Fraction, whole: Decimal | Fraction) -> Fraction | None:
    """part as an exact percentage of whole; None where whole is zero (a percentage of nothing)."""
    whole = Fraction(whole)
    if whole == 0:
        return None
    return Fraction(part) * HUNDRED / whole


def split_pro_rata(
    total: Decimal, weights: Sequence[tuple[str, Decimal | Fraction]], quantum: Decimal = PENNY
) -> dict[str, Decimal]:
    """Split `total` between keys in proportion to their weights, so the parts sum exactly to `total`.

    Largest-remainder rounding to `quantum` (the penny by default): each part is first rounded down,
    then the units left over go one each to the largest remainders, earliest key first on a tie.
    Negative weights count as zero (a service that makes a surplus takes no share of a saving);
    if no weight is above zero the total is split equally.
    """
    return pro_rata_splitter(weights, quantum)(total)


def whole_weights(weights: Sequence[Decimal | Fraction | int]) -> list[int]:
    """The weights of a pro-rata split as whole numbers in the same proportion: negative weights count as zero, and
    if none is above zero every key weighs the same. Exact arithmetic in whole numbers (Decimal, Fraction and int all
    give their exact integer ratio): the scenario editor splits every cluster's saving in every year on each edit,
    and Fraction is slow."""
    ratios = [w.as_integer_ratio() for w in weights]
    ratios = [(n, d) if n > 0 else (0, 1) for n, d in ratios]
    denominator = math.lcm(*(d for _, d in ratios)) if ratios else 1
    ints = [n * (denominator // d) for n, d in ratios]
    return ints if sum(ints) else [1] * len(ints)


def pro_rata_shares(weights: Sequence[Decimal | Fraction | int]) -> list[Fraction]:
    """Each key's exact share of a split_pro_rata split (before the pennies are rounded): the shares sum to 1."""
    ints = whole_weights(weights)
    return [Fraction(n, sum(ints)) for n in ints]


def signed_shares(weights: Sequence[Decimal | Fraction]) -> list[Fraction]:
    """Each key's exact share of a split_signed split (before the pennies are rounded)."""
    if all(w >= 0 for w in weights) or all(w <= 0 for w in weights):
        return pro_rata_shares([abs(w) for w in weights])
    whole = sum((Fraction(w) for w in weights), Fraction(0))
    if whole == 0:
        return pro_rata_shares([1] * len(weights))
    return [Fraction(w) / whole for w in weights]


def pro_rata_splitter(
    weights: Sequence[tuple[str, Decimal | Fraction]], quantum: Decimal = PENNY
) -> Callable[[Decimal], dict[str, Decimal]]:
    """split_pro_rata on these weights, made whole numbers once: the function returned splits any total on them
    (the staffing structures split thousands of posts' costs on a few sets of weights)."""
    keys = [key for key, _ in weights]
    if not keys:

        def split_between_none(total: Decimal) -> dict[str, Decimal]:
            if total != 0:
                raise CalculationError("There is no council to share the amount between.")
            return {}

        return split_between_none
    ints = whole_weights([w for _, w in weights])
    weight_total = sum(ints)
    quantum_n, quantum_d = quantum.as_integer_ratio()
    # Only keys of a weight above zero take a part: a remainder is below one unit, so the units left over after
    # rounding down are fewer than the keys with a remainder, and all go to them.
    taking = [i for i, w in enumerate(ints) if w or len(set(keys)) < len(keys)]  # a key given twice: its last part
    taking_weights = [ints[i] for i in taking]

    def split(total: Decimal) -> dict[str, Decimal]:
        total_n, total_d = total.as_integer_ratio()
        units_n, units_d = total_n * quantum_d, total_d * quantum_n
        if units_n % units_d:
            raise CalculationError(f"{total} is not a whole number of {quantum} units.")
        units_int = units_n // units_d
        step = -quantum if units_int < 0 else quantum
        units_int = abs(units_int)
        # Each exact share is units * w / total = floor + remainder / total.
        floors, remainders = [], []
        for w in taking_weights:
            floor, remainder = divmod(units_int * w, weight_total)
            floors.append(floor)
            remainders.append(remainder)
        left = units_int - sum(floors)
        if left:
            # Largest remainder first, the earliest key on a tie (the sort is stable, reversed too).
            for i in sorted(range(len(floors)), key=remainders.__getitem__, reverse=True)[:left]:
                floors[i] += 1
        parts = dict.fromkeys(keys, step * 0)
        for i, n in zip(taking, floors, strict=True):
            parts[keys[i]] = step * n
        return parts

    return split


def split_signed(total: Decimal, weights: Sequence[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Split `total` in proportion to weights that may be below zero (a council whose share of a new structure
    costs more than its share of the old one), to the penny, the parts summing exactly to `total`. Where the weights
    are all of one sign it is split_pro_rata; else each part is rounded half-up and the pennies left over go to the
    largest weight. Weights summing to nothing split the total equally."""
    if all(w >= 0 for _, w in weights) or all(w <= 0 for _, w in weights):
        return split_pro_rata(total, [(k, abs(w)) for k, w in weights])
    if sum((w for _, w in weights), ZERO) == 0:
        return split_pro_rata(total, [(k, Decimal(1)) for k, _ in weights])
    shares = signed_shares([w for _, w in weights])
    parts = {
        k: (total * share.numerator / share.denominator).quantize(PENNY, rounding=ROUND_HALF_UP)
        for (k, _), share in zip(weights, shares, strict=True)
    }
    largest = max(weights, key=lambda kw: abs(kw[1]))[0]
    parts[largest] += total - sum(parts.values(), ZERO)
    return parts


def against_deficit(
    net_budget: Decimal,
    deficit: Decimal,
    min_saving: Decimal,
    max_saving: Decimal,
    revenue_budget: Decimal | None = None,
) -> DeficitSummary:
    """Savings against a deficit; the deficit as a % of `revenue_budget` (the whole net revenue budget) where it is
    held, else of `net_budget` (the budgets in the appraisal)."""
    whole = revenue_budget if revenue_budget is not None else net_budget
    return DeficitSummary(
        amount=deficit,
        net_budget=net_budget,
        pct_of_net_budget=pct(deficit, whole) if whole > 0 else None,
        pct_budget=whole,
        pct_basis=OF_REVENUE_BUDGET if revenue_budget is not None else OF_APPRAISAL_BUDGETS,
        min_saving=min_saving,
        max_saving=max_saving,
        min_closed_pct=pct(min_saving, deficit),
        max_closed_pct=pct(max_saving, deficit),
        min_gap=deficit - min_saving,
        max_gap=deficit - max_saving,
    )


def _positive_pct(part: Decimal, whole: Decimal) -> Fraction | None:
    # A saving as a % of a budget means nothing when the budget is nil or in surplus.
    return pct(part, whole) if whole > 0 else None


# --- Validation -----------------------------------------------------------------------------------


def validate(data: AppraisalInput) -> None:
    """Raise CalculationError naming the first thing wrong with the inputs."""
    codes = [c.code for c in data.councils]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise CalculationError(f"Council {duplicates[0]} appears more than once in the appraisal.")
    names = [c.name for c in data.clusters]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise CalculationError(f"Cluster '{duplicates[0]}' appears more than once.")
    for cluster in data.clusters:
        if (cluster.min_saving is None) != (cluster.max_saving is None):
            raise CalculationError(f"{cluster.name}: give both a minimum and a maximum saving, or neither.")
        if cluster.min_saving is None:
            continue
        if cluster.out_of_scope:
            raise CalculationError(f"{cluster.name} is out-of-scope expenditure and cannot have a savings range.")
        if cluster.min_saving < 0 or cluster.max_saving < 0:
            raise CalculationError(f"{cluster.name}: a saving cannot be negative.")
        if cluster.min_saving > cluster.max_saving:
            raise CalculationError(
                f"{cluster.name}: the minimum saving ({cluster.min_saving}) is more than "
                f"the maximum ({cluster.max_saving})."
            )
    for council in data.councils:
        if council.deficit is not None and council.deficit < 0:
            raise CalculationError(f"{council.code}: a funding deficit cannot be negative.")
    known_clusters, known_councils = set(names), set(codes)
    for line in data.lines:
        if line.cluster not in known_clusters:
            raise CalculationError(
                f"Service '{line.service}' is in cluster '{line.cluster}', which is not in the appraisal."
            )
        if line.council not in known_councils:
            raise CalculationError(f"Budget for '{line.service}' belongs to council {line.council}, not a partner.")
        if line.scope not in SCOPES:
            raise CalculationError(f"Service '{line.service}' has scope '{line.scope}'; use key, limited or excluded.")


# --- The summary ----------------------------------------------------------------------------------


def _clusters(data: AppraisalInput) -> list[ClusterSummary]:
    """Each cluster's combined and in-scope net budget, with its councils' net budgets (the one place they are
    summed by cluster: scenarios share savings and costs on them, the report's appendix shows them)."""
    codes = [c.code for c in data.councils]
    net: dict[str, dict[str, Decimal]] = {c.name: dict.fromkeys(codes, ZERO) for c in data.clusters}
    in_scope: dict[str, Decimal] = {c.name: ZERO for c in data.clusters}
    out_of_scope = {c.name for c in data.clusters if c.out_of_scope}
    for line in data.lines:
        net[line.cluster][line.council] += line.net_budget
        if line.cluster not in out_of_scope and line.scope != EXCLUDED:
            in_scope[line.cluster] += line.net_budget
    total_net = sum((sum(by_council.values(), ZERO) for by_council in net.values()), ZERO)
    clusters = []
    for c in data.clusters:
        cluster_net = sum(net[c.name].values(), ZERO)
        clusters.append(
            ClusterSummary(
                name=c.name,
                out_of_scope=c.out_of_scope,
                net_budget=cluster_net,
                in_scope_net_budget=in_scope[c.name],
                share_of_net_budget_pct=_positive_pct(cluster_net, total_net),
                min_saving=c.min_saving,
                max_saving=c.max_saving,
                min_saving_pct=_positive_pct(c.min_saving, cluster_net) if c.min_saving is not None else None,
                max_saving_pct=_positive_pct(c.max_saving, cluster_net) if c.max_saving is not None else None,
                council_net_budgets=dict(net[c.name]),
            )
        )
    return clusters


def _totals(clusters: Sequence[ClusterSummary]) -> Totals:
    total_net = sum((c.net_budget for c in clusters), ZERO)
    total_in_scope = sum((c.in_scope_net_budget for c in clusters), ZERO)
    total_min = sum((c.min_saving for c in clusters if c.has_range), ZERO)
    total_max = sum((c.max_saving for c in clusters if c.has_range), ZERO)
    return Totals(
        net_budget=total_net,
        min_saving=total_min,
        max_saving=total_max,
        min_saving_pct=_positive_pct(total_min, total_net),
        max_saving_pct=_positive_pct(total_max, total_net),
        in_scope_net_budget=total_in_scope,
        in_scope_min_saving_pct=_positive_pct(total_min, total_in_scope),
        in_scope_max_saving_pct=_positive_pct(total_max, total_in_scope),
    )


def _warnings(data: AppraisalInput, clusters: Sequence[ClusterSummary]) -> list[str]:
    warnings = []
    for council in data.councils:
        if council.deficit is None:
            warnings.append(f"{council.name} has no funding deficit forecast for the deficit year; it counts as nil.")
    for c in clusters:
        if c.has_range and c.net_budget <= 0:
            warnings.append(f"{c.name} has a savings range but no net budget, so its saving is not shown as a %.")
    return warnings


def cluster_weights(
    basis: SharingBasis, codes: Sequence[str], cluster: ClusterSummary, council_nets: dict[str, Decimal]
) -> list[tuple[str, Decimal | Fraction]]:
    """What each council's share of a cluster's saving is in proportion to, on the sharing basis (as the scenario
    model shares savings: scenario.py)."""
    if basis.kind == EQUAL:
        return [(code, Fraction(1)) for code in codes]
    if basis.kind == CUSTOM:
        custom = basis.custom or {}
        return [(code, Fraction(custom.get(code, ZERO))) for code in codes]
    if basis.kind == NET_BUDGET:
        return [(code, council_nets[code]) for code in codes]
    return [(code, cluster.council_net_budgets[code]) for code in codes]


def _councils(data: AppraisalInput, clusters: Sequence[ClusterSummary], basis: SharingBasis) -> list[CouncilSummary]:
    """Each cluster's saving shared between the councils on the basis (pro rata to each council's net budget in that
    cluster unless a scenario says otherwise)."""
    codes = [c.code for c in data.councils]
    council_nets = {code: sum((c.council_net_budgets[code] for c in clusters), ZERO) for code in codes}
    shares: dict[str, dict[str, tuple[Decimal, Decimal]]] = {code: {} for code in codes}
    for c in clusters:
        if not c.has_range:
            continue
        weights = cluster_weights(basis, codes, c, council_nets)
        mins = split_pro_rata(c.min_saving, weights)
        # The max is the min plus the split of the difference: splitting min and max separately could give a
        # council a penny more of the minimum than of the maximum (largest remainder is not monotonic).
        extra = split_pro_rata(c.max_saving - c.min_saving, weights)
        for code in codes:
            shares[code][c.name] = (mins[code], mins[code] + extra[code])
    councils = []
    for council in data.councils:
        council_min = sum((lo for lo, _ in shares[council.code].values()), ZERO)
        council_max = sum((hi for _, hi in shares[council.code].values()), ZERO)
        deficit = council.deficit or ZERO
        councils.append(
            CouncilSummary(
                code=council.code,
                name=council.name,
                deficit_known=council.deficit is not None,
                against_deficit=against_deficit(
                    council_nets[council.code], deficit, council_min, council_max, council.net_revenue_budget
                ),
                cluster_savings=shares[council.code],
            )
        )
    return councils


def _combined_revenue_budget(data: AppraisalInput) -> Decimal | None:
    """The partners' whole net revenue budgets together, if every partner's is held."""
    budgets = [c.net_revenue_budget for c in data.councils]
    if not budgets or any(b is None for b in budgets):
        return None
    return sum(budgets, ZERO)


def summarise(data: AppraisalInput, *, savings_basis: SharingBasis | None = None) -> AppraisalSummary:
    """The savings table, the in-scope budget and the savings against each deficit; each council's share of the
    savings on `savings_basis` (a scenario's), by default pro rata to its net budget in each cluster."""
    validate(data)
    clusters = _clusters(data)
    totals = _totals(clusters)
    combined_deficit = sum((c.deficit or ZERO for c in data.councils), ZERO)
    return AppraisalSummary(
        clusters=tuple(clusters),
        totals=totals,
        deficit=against_deficit(
            totals.net_budget, combined_deficit, totals.min_saving, totals.max_saving, _combined_revenue_budget(data)
        ),
        councils=tuple(_councils(data, clusters, savings_basis or SharingBasis(CLUSTER_NET_BUDGET))),
        warnings=tuple(_warnings(data, clusters)),
    )
