"""How long the simulation of a scenario takes (issue 20: 10,000 runs of 10 councils x 80 services x 10 years in at
most 300 ms), beside its floor measured in the same run: one deterministic run of the scenario model.

Run: .venv/bin/python benchmarks/simulation.py
Two shapes of the same 800 services: the scenario model benchmark's 8 clusters of 10 services, and the worst case of
80 clusters (each service its own savings range, so 80 correlated draws a run). Prints the median and worst of
repeated runs and the ratio to the deterministic model; on a shared machine the ratio is the honest number.
"""

import random
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from appraisal.calculations import AppraisalInput, ClusterInput, summarise  # noqa: E402
from appraisal.calculations import scenario as sc  # noqa: E402
from appraisal.calculations import simulation as sim  # noqa: E402
from benchmarks.scenario_model import CLUSTERS, COUNCILS, SERVICES_PER_CLUSTER, YEARS, build, timed  # noqa: E402

RUNS = 10_000
LIMIT_MS = 300
UNCERTAINTY = sim.Uncertainty(runs=RUNS)  # the defaults: PERT, correlation 0.5, slippage 60/30/10


def one_cluster_a_service(data: AppraisalInput, a: sc.Assumptions, rng: random.Random):
    """The same budgets with every service its own cluster and savings range."""
    services = sorted({line.service for line in data.lines})
    clusters = []
    for name in services:
        lo = Decimal(rng.randrange(10_000, 200_000))
        clusters.append(ClusterInput(name, False, lo, lo + Decimal(rng.randrange(0, 100_000))))
    lines = [replace(line, cluster=line.service) for line in data.lines]
    points = {name: sc.SavingsPoint(sc.MID) for name in services}
    return replace(data, clusters=clusters, lines=lines), replace(a, points=points)


def main():
    data, a = build()
    services = CLUSTERS * SERVICES_PER_CLUSTER
    print(f"{RUNS:,} runs of {COUNCILS} councils x {services} services x {YEARS} years (limit {LIMIT_MS} ms)")
    cases = [("8 clusters", data, a), ("80 clusters", *one_cluster_a_service(data, a, random.Random(7)))]
    for label, d, assumptions in cases:
        base = summarise(d)
        central = sc.model(base, assumptions, with_sensitivity=False)
        floor, _ = timed(lambda b=base, x=assumptions: sc.model(b, x, with_sensitivity=False), 20)
        median, worst = timed(lambda b=base, x=assumptions, c=central: sim.simulate(b, x, UNCERTAINTY, central=c), 10)
        verdict = "within" if median <= LIMIT_MS else "OVER"
        print(
            f"  {label:<12} simulation median {median:6.1f} ms, worst {worst:6.1f} ms ({verdict} the limit); "
            f"one deterministic run {floor:5.1f} ms; ratio {median / floor:5.1f}x"
        )


if __name__ == "__main__":
    main()
