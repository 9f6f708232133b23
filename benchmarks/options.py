"""How long the options appraisal takes to recalculate after one edit: 10 options x 10 councils x 80 services x 10
years (issue 17: at most 100 ms).

Run: .venv/bin/python benchmarks/options.py
The edit changes one option's savings point (alternating minimum and maximum, so every run really recalculates).
Prints the median and worst of repeated runs for:
- the floor, measured in the same run: the summary and one scenario model without sensitivity, the least any
  recalculation does, so the figures can be read against this machine's speed;
- the whole comparison worked out again after the edit (summary, all ten options' figures, scores and ranks):
  the figure the target is for;
- only the edited option worked out again, the other nine options' figures reused (compare(figures=...)).
Pure calculation, no database: a page adds its queries and rendering. Not a timed test: machines vary.
"""

import random
import statistics
import sys
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from appraisal.calculations import options as opt  # noqa: E402
from appraisal.calculations import scenario as sc  # noqa: E402
from appraisal.calculations import summarise  # noqa: E402
from benchmarks.scenario_model import CLUSTERS, COUNCILS, SERVICES_PER_CLUSTER, YEARS, appraisal_input  # noqa: E402

OPTIONS = 10  # councils, clusters, services and years as the scenario model's benchmark: 10, 8, 10, 10
TARGET_MS = 100
MODELS = [opt.SOVEREIGN, opt.FEDERAL, opt.COMPANY, opt.OUTSOURCED, opt.MIXED]


def build():
    rng = random.Random(2011)
    data = appraisal_input(rng)
    criteria = opt.DEFAULT_CRITERIA
    options = [opt.OptionInput(opt.BUSINESS_AS_USUAL_NAME, _assumptions(rng, []), business_as_usual=True)]
    for n in range(1, OPTIONS):
        options.append(
            opt.OptionInput(
                name=f"Option {n}",
                assumptions=_assumptions(rng, [f"Cluster {k}" for k in range(CLUSTERS)]),
                delivery_model=MODELS[n % len(MODELS)],
                cost_lines=_cost_lines(rng),
                savings_adjustment=Decimal(rng.randrange(0, 20)),
                scores={c.name: rng.randrange(0, 6) for c in criteria if not c.financial},
                risks=[_risk(rng, i) for i in range(5)],
            )
        )
    return data, options, criteria


def _assumptions(rng, names):
    points = {name: sc.SavingsPoint(rng.choice([sc.MIN, sc.MID, sc.MAX])) for name in names}
    return sc.Assumptions(
        first_year=2025,
        years=YEARS,
        phasing=[Decimal(0), Decimal(50)] + [Decimal(100)] * (YEARS - 2),
        points=points,
        costs=[sc.CostItem("Redundancy", 2025 + y, Decimal(1_500_000)) for y in range(3)],
        savings_basis=sc.SharingBasis(sc.CLUSTER_NET_BUDGET),
        costs_basis=sc.SharingBasis(sc.NET_BUDGET),
        deficit_year=2027,
    )


def _cost_lines(rng):
    return [
        opt.CostLine("ICT", 2025, Decimal(rng.randrange(100_000, 2_000_000)), bias_category=opt.EQUIPMENT,
                     mitigated_pct=Decimal(rng.randrange(0, 101))),
        opt.CostLine("Market testing", 2025, Decimal(rng.randrange(0, 1_000_000))),
        opt.CostLine("Running cost", 2026, Decimal(rng.randrange(50_000, 500_000)), bias_category=opt.OUTSOURCING,
                     mitigated_pct=Decimal(50), recurring=True),
    ]  # fmt: skip


def _risk(rng, i):
    return opt.RiskInput(
        f"Risk {i}", rng.randrange(1, 6), rng.randrange(1, 6), cost=Decimal(rng.randrange(0, 2_000_000)),
        probability=Decimal(rng.randrange(0, 101)), year=2025 + rng.randrange(YEARS),
    )  # fmt: skip


def timed(fn, runs=30):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main():
    data, options, criteria = build()
    base = summarise(data)
    edited = options[1]
    flip = {sc.MIN: sc.MAX}
    state = {"option": edited}

    def edit():
        """One officer's change: the first cluster of option 1 from its minimum to its maximum and back."""
        a = state["option"].assumptions
        point = a.points["Cluster 0"].kind
        points = dict(a.points) | {"Cluster 0": sc.SavingsPoint(flip.get(point, sc.MIN))}
        state["option"] = replace(state["option"], assumptions=replace(a, points=points))
        return [state["option"], *options[2:]]

    def floor():
        sc.model(summarise(data), edited.assumptions, with_sensitivity=False)

    def whole():
        opt.compare(summarise(data), [options[0], *edit()], criteria)

    known = {o.figures.name: o.figures for o in opt.compare(base, options, criteria).options}

    def one():
        changed = edit()
        others = {name: f for name, f in known.items() if name != changed[0].name}
        opt.compare(base, [options[0], *changed], criteria, figures=others)

    services = CLUSTERS * SERVICES_PER_CLUSTER
    size = f"{OPTIONS} options x {COUNCILS} councils x {services} services x {YEARS} years"
    print(f"{size} ({len(data.lines)} budget lines)")
    results = {}
    for label, fn in [
        ("floor: summary + one scenario model", floor),
        ("after one edit, everything again", whole),
        ("after one edit, that option again", one),
    ]:
        results[label] = timed(fn)
        median, worst = results[label]
        print(f"  {label:<38} median {median:6.1f} ms   worst {worst:6.1f} ms")
    median = results["after one edit, everything again"][0]
    verdict = "MET" if median <= TARGET_MS else "NOT MET"
    print(f"Target: everything again in at most {TARGET_MS} ms: {verdict} (median {median:.1f} ms)")


if __name__ == "__main__":
    main()
