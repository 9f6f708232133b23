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


def test_an_exit_cost_is_charged_to_the_council_leaving_alone(dh_appraisal):
    from decimal import Decimal as D

    from django.core.exceptions import ValidationError

    from appraisal.models import CostItem
    from councils.models import Council

    low = Scenario.objects.get(appraisal=dh_appraisal, name="Low")
    line = CostItem(scenario=low, category=CostItem.Category.EXIT, year=low.first_year + 1, amount=D(8000))
    with pytest.raises(ValidationError, match="Choose the council joining or leaving"):
        line.full_clean()
    figures = appraisal_figures(appraisal=dh_appraisal)
    before = scenario_result(scenario=low, figures=figures)
    line.council = Council.objects.get(code="HBC")
    line.full_clean()
    line.save()

    low = Scenario.objects.get(pk=low.pk)
    dbc, hbc = scenario_result(scenario=low, figures=figures).councils
    assert hbc.costs - before.councils[1].costs == D(8000)
    assert dbc.costs == before.councils[0].costs
