"""The text generated from the figures (appraisal/report/defaults.py): pure, and in the seeds' words."""

from decimal import Decimal

import pytest

from appraisal.calculations import AppraisalInput, BudgetLine, ClusterInput, CouncilInput, summarise
from appraisal.report.defaults import ReportFacts, default_sections, headline_sentence
from appraisal.scenarios.selectors import scenario_result
from appraisal.summary.selectors import appraisal_figures


def _facts(summary, **more) -> ReportFacts:
    return ReportFacts(title="Sharing services", councils=[c.name for c in summary.councils],
                       presenting_council=summary.councils[0].name, meeting="Cabinet", base_year="2011/12",
                       deficit_year="2014/15", summary=summary, **more)  # fmt: skip


def test_it_needs_no_database_only_the_calculations_results():
    summary = summarise(
        AppraisalInput(
            councils=[CouncilInput("A", "Ayton Council", Decimal(1_000_000)), CouncilInput("B", "Beeby Council", None)],
            clusters=[ClusterInput("HR", False, Decimal(100_000), Decimal(250_000))],
            lines=[BudgetLine("A", "HR", "Payroll", Decimal(2_000_000)), BudgetLine("B", "HR", "Payroll", Decimal(0))],
        )
    )
    assert headline_sentence(_facts(summary)) == (
        "Integrating services would save between £100,000 and £250,000 a year, closing 10.0% to 25.0% of the "
        "combined £1.0m funding deficit forecast for 2014/15."
    )


@pytest.mark.django_db
def test_the_darlington_and_hartlepool_summary_reads_as_seed_001_does(dh_appraisal):
    figures = appraisal_figures(appraisal=dh_appraisal)
    low = dh_appraisal.scenarios.get(name="Low")
    result = scenario_result(scenario=low, figures=figures, with_sensitivity=False)
    sections = default_sections(
        _facts(figures.summary, scenario_name="Low", scenario_period=low.period_label, result=result)
    )
    assert sections["summary"].startswith(
        "Integrating services would save between £5.4m and £8.4m a year, closing 23.9% to 37.2% of the combined "
        "£22.5m funding deficit forecast for 2014/15. The combined deficit is 14.4% of net revenue budget. Each "
        "cluster's saving is shared between the councils pro rata to each council's net budget in each cluster. "
        "Darlington Borough Council's share would be £2,508,707 to £3,900,360 a year, 24.1% to 37.5% of its own "
        "funding deficit of £10,400,000."
    )
    assert "net present value of £9,263,010" in sections["summary"]
    assert (
        "    2. approves the Low scenario as the basis for the detailed business case;" in sections["recommendations"]
    )
    assert "could save £5.4m to £8.4m a year" in sections["recommendations"]
    assert "Section 17 of the Crime and Disorder Act 1998" in sections["crime_disorder"]
    assert set(sections) == {"purpose", "summary", "recommendations", "reasons", "financial", "legal",
                             "consultation", "risk", "equality", "crime_disorder"}  # fmt: skip
