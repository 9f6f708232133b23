"""Reads for how sure a scenario's figures are (issue 20): the appraisal's simulation settings, and a scenario
simulated with its switching values in words, for the dashboard, the cabinet report and the command line."""

from __future__ import annotations

from dataclasses import dataclass

from appraisal.calculations import scenario as scen
from appraisal.calculations import switching
from appraisal.calculations.simulation import Simulation, Uncertainty, simulate
from appraisal.models import Appraisal, Scenario, SimulationSettings
from appraisal.scenarios.selectors import AppraisalPlan, appraisal_plan, scenario_assumptions
from appraisal.simulation import wording
from appraisal.summary.selectors import AppraisalFigures


@dataclass(frozen=True)
class Statement:
    text: str


@dataclass(frozen=True)
class SimulationView:
    scenario: Scenario
    simulation: Simulation
    result: scen.ScenarioResult  # the deterministic model, with its sensitivity table
    switching: tuple[Statement, ...]  # the partners together
    council_switching: tuple[tuple[str, tuple[Statement, ...]], ...]  # (council name, its sentences)
    settings_text: tuple[str, ...]


def uncertainty_of(*, appraisal: Appraisal) -> Uncertainty:
    """The appraisal's simulation settings; the defaults where none are saved."""
    stored = SimulationSettings.objects.filter(appraisal=appraisal).first()
    return stored.uncertainty() if stored is not None else Uncertainty()


def simulation_settings_version(*, appraisal: Appraisal) -> int:
    """The version of the appraisal's saved simulation settings, for the settings form to refuse stale edits; 0 where
    none are saved (the form shows the defaults)."""
    return SimulationSettings.objects.filter(appraisal=appraisal).values_list("version", flat=True).first() or 0


def scenario_simulation(
    *,
    scenario: Scenario,
    figures: AppraisalFigures,
    plan: AppraisalPlan | None = None,
    uncertainty: Uncertainty | None = None,
    result: scen.ScenarioResult | None = None,
) -> SimulationView:
    """The scenario simulated on the appraisal's figures. `result`: its deterministic model if already worked out
    with its sensitivity table (the dashboard's chosen scenario); `uncertainty`: the settings, else the appraisal's."""
    plan = plan or appraisal_plan(appraisal=scenario.appraisal, councils=figures.councils)
    a = scenario_assumptions(scenario=scenario, plan=plan, summary=figures.summary)
    if result is None or not result.sensitivity:
        result = scen.model(figures.summary, a)
    u = uncertainty or uncertainty_of(appraisal=scenario.appraisal)
    combined, councils = switching.switches(result)
    return SimulationView(
        scenario=scenario,
        simulation=simulate(figures.summary, a, u, central=result),
        result=result,
        switching=tuple(Statement(t) for t in wording.combined_statements(result, combined)),
        council_switching=tuple(
            (name, tuple(Statement(t) for t in texts)) for name, texts in wording.council_statements(councils)
        ),
        settings_text=wording.settings_text(u),
    )
