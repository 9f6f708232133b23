"""`manage.py appraise SLUG --scenario NAME --simulate RUNS [--seed SEED] [--format json]`: how sure a scenario's
figures are (issue 20), from the same simulation as the dashboard's "How sure are these figures?" section, with the
appraisal's own settings except the number of runs (RUNS) and, if given, the seed.

The JSON contract, under "simulation": {"runs", "seed", "savings_full_effect": {"p10", "p50", "p90", "mean"},
"npv": {"p10", "p50", "p90", "mean"}, "p_npv_positive", "payback_years": {"2014/15": "12.5%", …, "not within the
period": "…%"}, "councils": [{"code", "npv": {"p10", "p50", "p90"}, "p_close_share_of_gap": {"share": "25",
"by_year": {"2014/15": "…%" or null where no gap is forecast}}}]}. Money is a string of pounds to the penny; a
chance is a string with one decimal place and a % sign; "share" is the share of the gap tested, a plain number.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.core.management.base import CommandError

from appraisal import formatting as fmt
from appraisal.calculations import simulation_types as st
from appraisal.simulation.selectors import scenario_simulation, uncertainty_of

NO_PAYBACK = "not within the period"
ERR_WITHOUT_SCENARIO = (
    "--simulate goes with --scenario: it simulates one scenario's ranges, e.g. --scenario Low --simulate 10000."
)
ERR_SEED_ALONE = "--seed goes with --simulate: it sets where the simulation's random draws start."


def _plain(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def simulation_view(*, appraisal, scenario, figures, result, runs: int | None, seed: int | None):
    """The scenario simulated with the appraisal's settings, `runs` times from `seed` (None: the stored seed); None
    where no simulation was asked for. Refuses a simulation without a scenario, or runs outside the limits."""
    if runs is None:
        if seed is not None:
            raise CommandError(ERR_SEED_ALONE)
        return None
    if scenario is None:
        raise CommandError(ERR_WITHOUT_SCENARIO)
    if not st.MIN_RUNS <= runs <= st.MAX_RUNS:
        raise CommandError(f"--simulate takes between {st.MIN_RUNS:,} and {st.MAX_RUNS:,} runs, not {runs:,}.")
    if seed is not None and seed < 0:
        raise CommandError("--seed takes a whole number of 0 or more.")
    stored = uncertainty_of(appraisal=appraisal)
    chosen = dataclasses.replace(stored, runs=runs, seed=stored.seed if seed is None else seed)
    return scenario_simulation(scenario=scenario, figures=figures, uncertainty=chosen, result=result)


def _spread(s: st.Spread, *, mean: bool = True) -> dict:
    out = {"p10": fmt.money_plain(s.p10), "p50": fmt.money_plain(s.p50), "p90": fmt.money_plain(s.p90)}
    return out | ({"mean": fmt.money_plain(s.mean)} if mean else {})


def _year(year: int | None) -> str:
    return NO_PAYBACK if year is None else fmt.year_label(year)


def simulation_as_dict(s: st.Simulation) -> dict:
    """A Simulation in the contract above."""
    u = s.uncertainty
    return {
        "runs": u.runs,
        "seed": u.seed,
        "savings_full_effect": _spread(s.savings_full_effect),
        "npv": _spread(s.npv),
        "p_npv_positive": fmt.pct(s.npv_positive_pct),
        "payback_years": {_year(p.year): fmt.pct(p.chance_pct) for p in s.payback},
        "councils": [
            {
                "code": c.code,
                "npv": _spread(c.npv, mean=False),
                "p_close_share_of_gap": {
                    "share": _plain(u.gap_share),
                    "by_year": {
                        fmt.year_label(g.year): None if g.chance_pct is None else fmt.pct(g.chance_pct)
                        for g in c.gap_chances
                    },
                },
            }
            for c in s.councils
        ],
    }


def simulation_lines(view, table) -> list[str]:
    """The simulation as readable text: the settings, the spreads, the payback years, each council's chances and
    the switching values in words. `table` lays out a text table (the command's own)."""
    s, u = view.simulation, view.simulation.uncertainty
    spreads = [
        [what, *(fmt.pounds(v) for v in (x.p10, x.p50, x.p90, x.mean)), fmt.pounds(central)]
        for what, x, central in [
            ("Savings at full effect", s.savings_full_effect, s.central_savings_full_effect),
            ("NPV", s.npv, s.central_npv),
        ]
    ]
    lines = [f"How sure are these figures: {view.scenario.name}, {u.runs:,} runs, seed {u.seed}", ""]
    lines += [*view.settings_text, ""]
    lines += table(["Figure", "P10", "P50", "P90", "Mean", "Central case"], spreads)
    lines += ["", f"Chance the NPV is above zero: {fmt.pct(s.npv_positive_pct)}", ""]
    lines += table(["Payback year", "Chance"], [[_year(p.year), fmt.pct(p.chance_pct)] for p in s.payback])
    councils = [
        [
            f"{c.name} ({c.code})",
            *(fmt.pounds(v) for v in (c.npv.p10, c.npv.p50, c.npv.p90)),
            fmt.pct(c.npv_positive_pct),
        ]
        for c in s.councils
    ]
    lines += ["", *table(["Council", "NPV P10", "NPV P50", "NPV P90", "NPV above zero"], councils)]
    gaps = [[c.code, fmt.year_label(g.year), *_gap_cells(g)] for c in s.councils for g in c.gap_chances]
    headers = [f"Closing {_plain(u.gap_share)}% of the gap", "Year", "Funding gap", "Savings needed", "Chance"]
    lines += ["", *table(headers, gaps)]
    lines += ["", "Switching values:", *(f"  - {statement.text}" for statement in view.switching)]
    for name, statements in view.council_switching:
        lines += [f"  {name}:", *(f"    - {statement.text}" for statement in statements)]
    return lines


def _gap_cells(g: st.GapChance) -> list[str]:
    if g.chance_pct is None:
        return ["no gap forecast", "", ""]
    return [fmt.pounds(g.gap), fmt.pounds(g.target), fmt.pct(g.chance_pct)]
