"""How sure are these figures? in the cabinet report (issue 20): the presented scenario's simulation, as the
dashboard's section shows it (appraisal/simulation/views.py), from the same selector and the same fan chart: the
runs and seed stated, the fan chart with its table, the payback years' chances, each council's net present value and
its chances against its funding gap, and the switching values in plain English."""

from __future__ import annotations

from dataclasses import dataclass

from appraisal.calculations import CalculationError
from appraisal.models import Appraisal
from appraisal.simulation.charts import fan_chart
from appraisal.simulation.selectors import SimulationView, scenario_simulation, uncertainty_of
from appraisal.summary.dashboard import Dashboard


@dataclass(frozen=True)
class ReportSimulation:
    view: SimulationView
    chart: str  # the fan chart's SVG, drawn at the report's width (the report shows it as an image)

    @property
    def simulation(self):
        return self.view.simulation


def report_simulation(*, appraisal: Appraisal, dashboard: Dashboard) -> tuple[ReportSimulation | None, str]:
    """The presented scenario's simulation, on the dashboard's own figures and plan (its deterministic result reused);
    None where no scenario is presented, or with the reason it cannot be worked out."""
    if dashboard.scenario is None or dashboard.result is None:
        return None, ""
    try:
        view = scenario_simulation(
            scenario=dashboard.scenario,
            figures=dashboard.figures,
            plan=dashboard.plan,
            uncertainty=uncertainty_of(appraisal=appraisal),
            result=dashboard.result,
        )
    except CalculationError as exc:
        return None, str(exc)
    return ReportSimulation(view, fan_chart(tuple(view.simulation.cumulative))), ""
