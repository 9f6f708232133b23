"""The cabinet report's "How sure are these figures?" (issue 20): the presented scenario's simulation as the
dashboard's section gives it (the runs and seed stated, the fan chart and its table, each council's chances, the
switching values in plain English), in the preview and in the PDF."""

import pytest

from appraisal import formatting as fmt
from appraisal.report.render import html_to_pdf, report_html
from appraisal.report.selectors import cabinet_report_data
from councils import financial_years
from tests.helpers.html import cells
from tests.report.conftest import pdf_text

pytestmark = pytest.mark.django_db


def test_the_report_simulates_the_scenario_it_presents_as_the_dashboard_does(dh_appraisal):
    data = cabinet_report_data(appraisal=dh_appraisal, scenario_name="High")
    assert data.simulation.view.scenario == data.dashboard.scenario
    html = report_html(data, for_pdf=True)
    sim = data.simulation.simulation
    assert '<h3 id="simulation">How sure are these figures?</h3>' in html
    assert cells(html, "simulation-headlines")[1:] == [
        ["Net present value", *map(fmt.pounds, (sim.npv.p10, sim.npv.p50, sim.npv.p90, sim.central_npv))],
        [
            "Savings a year at full effect",
            *map(fmt.pounds, (sim.savings_full_effect.p10, sim.savings_full_effect.p50, sim.savings_full_effect.p90)),
            fmt.pounds(sim.central_savings_full_effect),
        ],
    ]
    assert cells(html, "simulation-fan-table")[1:] == [
        [financial_years.label(y.year), *(fmt.pounds(v) for v in (y.p10, y.p50, y.p90, y.central))]
        for y in sim.cumulative
    ]
    assert 'src="data:image/svg+xml;base64,' in html and "Fan chart: cumulative net savings by year" in html
    councils = cells(html, "simulation-councils-table")[1:]
    assert [row[-1] for row in councils] == [fmt.pct(c.npv_positive_pct) for c in sim.councils]


def test_the_pdf_states_the_runs_and_seed_and_gives_the_figures(dh_appraisal):
    data = cabinet_report_data(appraisal=dh_appraisal)
    text = pdf_text(html_to_pdf(report_html(data, for_pdf=True)))
    flat = " ".join(text.split())
    sim = data.simulation.simulation
    assert "How sure are these figures?" in flat
    assert f"In {fmt.pct(sim.npv_positive_pct)} of the runs the net present value is above zero." in flat
    for figure in (sim.npv.p10, sim.npv.p50, sim.npv.p90, sim.savings_full_effect.p50, sim.cumulative[-1].p90):
        assert fmt.pounds(figure) in flat, figure
    assert f"{sim.uncertainty.runs:,}" in flat and str(sim.uncertainty.seed) in flat
    for council in sim.councils:
        assert fmt.pounds(council.npv.p50) in flat, council.name
    for statement in data.simulation.view.switching:
        assert " ".join(statement.text.split()) in flat
