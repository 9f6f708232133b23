"""How long the scenario calculation takes for 10 councils x 80 services x 10 years (issue 4: under 20 ms).

Run: .venv/bin/python benchmarks/scenario_model.py
Prints the median and worst of repeated runs, for the summary alone, the model without sensitivity,
and the full model with sensitivity and switching values. Not a timed test: machines vary.
"""

import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from appraisal.calculations import AppraisalInput, BudgetLine, ClusterInput, CouncilInput, summarise  # noqa: E402
from appraisal.calculations import scenario as sc

COUNCILS, CLUSTERS, SERVICES_PER_CLUSTER, YEARS = 10, 8, 10, 10


def appraisal_input(rng: random.Random) -> AppraisalInput:
    """10 councils x 8 clusters x 10 services of random budgets, each cluster with a savings range (the options
    benchmark builds its appraisal with this too)."""
    codes = [f"C{i:02d}" for i in range(COUNCILS)]
    clusters, lines = [], []
    for k in range(CLUSTERS):
        lo = Decimal(rng.randrange(100_000, 2_000_000))
        clusters.append(ClusterInput(f"Cluster {k}", False, lo, lo + Decimal(rng.randrange(0, 1_000_000))))
        for s in range(SERVICES_PER_CLUSTER):
            for code in codes:
                lines.append(BudgetLine(code, f"Cluster {k}", f"Service {k}.{s}", Decimal(rng.randrange(0, 9_000_000))))
    return AppraisalInput(
        councils=[CouncilInput(code, code, Decimal(rng.randrange(1_000_000, 20_000_000))) for code in codes],
        clusters=clusters,
        lines=lines,
    )


def build():
    rng = random.Random(2011)
    data = appraisal_input(rng)
    assumptions = sc.Assumptions(
        first_year=2025,
        years=YEARS,
        phasing=[Decimal(0), Decimal(50)] + [Decimal(100)] * (YEARS - 2),
        points={f"Cluster {k}": sc.SavingsPoint(sc.MID) for k in range(CLUSTERS)},
        costs=[
            sc.CostItem("Redundancy", 2025 + y, Decimal(1_500_000), Decimal(1_000_000), Decimal(2_000_000))
            for y in range(3)
        ],
        savings_basis=sc.SharingBasis(sc.CLUSTER_NET_BUDGET),
        costs_basis=sc.SharingBasis(sc.NET_BUDGET),
        optimism_bias=Decimal(15),
        deficit_year=2027,
    )
    return data, assumptions


def timed(fn, runs=50):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main():
    data, a = build()
    base = summarise(data)
    services = CLUSTERS * SERVICES_PER_CLUSTER
    print(f"{COUNCILS} councils x {services} services x {YEARS} years ({len(data.lines)} budget lines)")
    for label, fn in [
        ("summary (savings table)", lambda: summarise(data)),
        ("scenario model, no sensitivity", lambda: sc.model(base, a, with_sensitivity=False)),
        ("scenario model with sensitivity", lambda: sc.model(base, a)),
        ("summary + full scenario model", lambda: sc.model(summarise(data), a)),
    ]:
        median, worst = timed(fn)
        print(f"  {label:<34} median {median:6.1f} ms   worst {worst:6.1f} ms")


if __name__ == "__main__":
    main()
