"""Issue 19: a partner's join and leave years, stored with the appraisal's councils, re-base every scenario's shares
from those years (the calculation is worked by hand in tests/calculations/test_scenario_partners_joining.py)."""

import pytest

from appraisal.models import AppraisalCouncil, Scenario
from appraisal.scenarios.selectors import scenario_result
from appraisal.summary.selectors import appraisal_figures

pytestmark = pytest.mark.django_db


def test_a_partner_joining_later_has_no_share_before_its_first_year_and_the_shares_still_add_up(dh_appraisal):
    low = Scenario.objects.get(appraisal=dh_appraisal, name="Low")
    figures = appraisal_figures(appraisal=dh_appraisal)
    before = scenario_result(scenario=low, figures=figures)
    joins = low.first_year + 2
    AppraisalCouncil.objects.filter(appraisal=dh_appraisal, council__code="HBC").update(join_year=joins)

    after = scenario_result(scenario=low, figures=figures)

    dbc, hbc = after.councils
    for i, year in enumerate(after.years):
        assert dbc.years[i].savings + hbc.years[i].savings == year.savings == before.years[i].savings
        assert dbc.years[i].costs + hbc.years[i].costs == year.costs == before.years[i].costs
        if year.year < joins:
            assert (hbc.years[i].savings, hbc.years[i].costs) == (0, 0)
            assert (dbc.years[i].savings, dbc.years[i].costs) == (year.savings, year.costs)
        else:
            assert hbc.years[i].savings == before.councils[1].years[i].savings
    assert after.npv == before.npv
