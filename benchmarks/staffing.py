"""How long the staffing structures take to recalculate after one edit: 2,000 posts x 10 councils (issue 18: at most
50 ms).

Run: .venv/bin/python benchmarks/staffing.py
Today's structure has 2,000 posts across 10 councils and 8 clusters; the proposed structure carries on 1,700 of them
(some at a new salary) and adds 100, so 300 holders leave. Posts are employed by one council, shared on the option's
basis or in named shares, a third of each; half the holders are named, the rest take their grade's average. The edit
changes one proposed post's salary (alternating, so every run really recalculates), then works out both structures
and compares them, as the staffing page does after an edit. Prints the median and worst of repeated runs for:
- the floor, measured in the same run: a bare loop summing 2,000 posts' Decimal costs, the least any recalculation
  of 2,000 posts does, so the figures can be read against this machine's speed;
- after one edit, the structures worked out and compared: the figure the target is for.
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

from appraisal.calculations import scenario as sc  # noqa: E402
from appraisal.calculations import staffing as staff  # noqa: E402
from appraisal.calculations import summarise  # noqa: E402
from benchmarks.scenario_model import CLUSTERS, COUNCILS, appraisal_input  # noqa: E402

POSTS, KEPT, NEW = 2000, 1700, 100
TARGET_MS = 50
GRADES = [staff.GradeProfile(f"Grade {g}", 35 + 4 * g, 5 + 3 * g) for g in range(6)]
SPLITS = [staff.EMPLOYER, staff.BASIS, staff.SHARES]


def _post(rng: random.Random, key: str, codes: list[str], split: str, holder: bool) -> staff.PostInput:
    council = rng.choice(codes)
    shares = {}
    if split == staff.SHARES:
        other = rng.choice([c for c in codes if c != council])
        shares = {council: Decimal(60), other: Decimal(40)}
    age = rng.randrange(22, 65)
    return staff.PostInput(
        key=key,
        title=f"Post {key}",
        council=council,
        cluster=f"Cluster {rng.randrange(CLUSTERS)}",
        grade=rng.choice(GRADES).name,
        fte=rng.choice([Decimal(1), Decimal(1), Decimal("0.5"), Decimal("0.8")]),
        salary=Decimal(rng.randrange(20_000, 120_000)),
        on_cost_pct=Decimal("30.8"),
        split=split,
        shares=shares,
        holder=staff.Holder(age, rng.randrange(0, age - 16 + 1), rng.random() < 0.8) if holder else None,
    )


def build():
    """Today's 2,000 posts and the proposed structure, deterministically."""
    rng = random.Random(2012)
    codes = [f"C{i:02d}" for i in range(COUNCILS)]
    baseline = [_post(rng, f"b{n}", codes, SPLITS[n % 3], n % 2 == 0) for n in range(POSTS)]
    kept = rng.sample(baseline, KEPT)
    proposed = [
        replace(
            p,
            key=f"p{n}",
            split=staff.BASIS if p.split == staff.EMPLOYER and n % 4 == 0 else p.split,
            salary=p.salary + Decimal(1_000) * (n % 3),
            continues=p.key,
            holder=None,
        )  # fmt: skip
        for n, p in enumerate(kept)
    ]
    proposed += [replace(_post(rng, f"n{n}", codes, staff.BASIS, False), key=f"n{n}") for n in range(NEW)]
    return appraisal_input(random.Random(2011)), codes, baseline, proposed


def timed(fn, runs=30):
    """Median and worst wall-clock ms, and the median CPU ms of this process (the same on a machine busy with
    other work, where the wall clock also counts the time spent waiting for a processor)."""
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(times), max(times), statistics.median(cpu)


def main():
    data, codes, baseline, proposed = build()
    summary = summarise(data)
    basis = sc.SharingBasis(sc.NET_BUDGET)
    grades = {g.name: g for g in GRADES}
    policies = {code: staff.RedundancyPolicy() for code in codes}
    factors = dict(staff.STRAIN_FACTORS)
    cap = staff.cap_for_year(staff.STATUTORY_CAPS, 2025)
    costs_weights = sc.sharing_weights(summary, basis, [c.name for c in summary.clusters])
    state = {"posts": list(proposed)}

    def edit():
        """One officer's change: the first proposed post's salary up £500 and back."""
        posts = state["posts"]
        first = posts[0]
        bump = Decimal(500) if first.salary == proposed[0].salary else Decimal(0)
        posts[0] = replace(first, salary=proposed[0].salary + bump)
        weights = staff.basis_weights(summary, basis)
        today = staff.structure("Today's structure", None, baseline, codes, weights)
        after = staff.structure("Option", "Option", posts, codes, weights)
        return staff.compare_structures(
            today,
            after,
            codes,
            grades=grades,
            policies=policies,
            cap=cap,
            factors=factors,
            share_leaving_costs=True,
            costs_weights=costs_weights,
        )

    def floor():
        total = Decimal(0)
        for p in baseline:
            total += p.fte * p.salary * (1 + p.on_cost_pct / 100)

    figures = edit()
    print(
        f"{POSTS:,} posts today, {len(proposed):,} proposed x {COUNCILS} councils x {CLUSTERS} clusters: "
        f"{len(figures.deleted)} leavers, saving £{figures.saving:,.2f} a year"
    )
    results = {}
    for label, fn in [
        ("floor: a loop summing 2,000 costs", floor),
        ("after one edit, structures + compare", edit),
    ]:
        results[label] = timed(fn)
        median, worst, cpu = results[label]
        print(f"  {label:<38} median {median:6.1f} ms   worst {worst:6.1f} ms   CPU median {cpu:6.1f} ms")
    median = results["after one edit, structures + compare"][0]
    verdict = "MET" if median <= TARGET_MS else "NOT MET"
    print(f"Target: after one edit in at most {TARGET_MS} ms: {verdict} (median {median:.1f} ms)")


if __name__ == "__main__":
    main()
