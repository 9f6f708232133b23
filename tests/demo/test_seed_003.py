"""Issue 19: seed 003's fixture. East Herts and Stevenage share four support services; the strategic business case
costs each £25,000, towards which the £25,000 Improvement East grant is shared; North Herts joins in the third year;
the four non-financial benefits each with its measure, and what has been delivered so far."""

from decimal import Decimal

import pytest

from appraisal.calculations.realisation import AMBER, GREEN, delivery_rag
from appraisal.models import Appraisal, SavingActual
from appraisal.scenarios.selectors import scenario_result, scenarios_shown
from appraisal.summary.selectors import appraisal_figures

pytestmark = pytest.mark.django_db

EHS = "east-herts-stevenage-support-services"
IN_SCOPE = ["Facilities Management", "Human Resources", "ICT", "Strategic Financial Advice"]


@pytest.fixture
def appraisal(demo) -> Appraisal:
    return Appraisal.objects.get(slug=EHS)


@pytest.fixture
def result(appraisal):
    """The scenario the dashboard presents: the first shown to members."""
    scenario = scenarios_shown(appraisal=appraisal)[0]
    return scenario_result(scenario=scenario, figures=appraisal_figures(appraisal=appraisal))


def by_code(result) -> dict:
    return {c.code: c for c in result.councils}


def test_the_four_support_services_are_in_scope_and_the_rest_stays_with_each_council(appraisal):
    services = appraisal_figures(appraisal=appraisal).services
    in_scope = {s.cluster for s in services if s.scope == "key"}
    assert sorted(in_scope, key=IN_SCOPE.index) == IN_SCOPE
    excluded = {s.service: s.reason for s in services if s.scope == "excluded"}
    assert excluded == {
        "Civic and Mayoral support": "Stays with each council: it serves each council's own Members and civic life",
        "Revenues and benefits systems": (
            "Supported within the Revenues and Benefits Service the two councils already manage together"
        ),
        "Section 151 Officer": "Each council keeps its own Section 151 Officer",
        "Front-line services": "Not in this first phase: they may be included where a later opportunity arises",
        "Revenues and Benefits Service": "Already shared: the two councils have integrated its management",
        "Corporate and senior management": "Closer corporate management arrangements are being explored separately",
    }
    summary = appraisal_figures(appraisal=appraisal).summary
    assert [c.name for c in summary.clusters if c.has_range] == IN_SCOPE
    assert (summary.totals.min_saving, summary.totals.max_saving) == (Decimal("750000"), Decimal("1300000"))
    # The excluded elements' budgets are counted in the total but not in the in-scope budget.
    assert (summary.totals.net_budget, summary.totals.in_scope_net_budget) == (Decimal("13830000"), Decimal("12615000"))


def test_each_authority_bears_12500_of_the_business_case_after_the_grant_and_north_herts_none(appraisal, result):
    first = {code: c.years[0] for code, c in by_code(result).items()}
    assert first["EHC"].year == first["STBC"].year == 2011
    assert (first["EHC"].costs, first["STBC"].costs, first["NHDC"].costs) == (Decimal("12500"), 12500, 0)
    assert result.years[0].costs == Decimal("25000")  # £25,000 each, less the £25,000 grant
    lines = {(c.category, c.council.code if c.council else None): c.amount for c in result_costs(appraisal, 2011)}
    assert lines == {("programme", "EHC"): Decimal("25000"), ("programme", "STBC"): 25000, ("grant", None): -25000}


def result_costs(appraisal: Appraisal, year: int):
    return scenarios_shown(appraisal=appraisal)[0].cost_items.filter(year=year).select_related("council")


def test_north_herts_joins_in_the_third_year_and_shares_nothing_before(appraisal, result):
    membership = {m.council.code: (m.join_year, m.leave_year) for m in appraisal.memberships.select_related("council")}
    first_year = result.years[0].year
    assert membership == {"EHC": (None, None), "STBC": (None, None), "NHDC": (first_year + 2, None)}
    nhdc = by_code(result)["NHDC"]
    assert [(y.savings, y.costs) for y in nhdc.years[:2]] == [(0, 0), (0, 0)]
    assert nhdc.years[2].savings == Decimal("232532.37") and nhdc.years[2].costs > Decimal("40000")  # its entry
    for i, year in enumerate(result.years):
        assert sum(c.years[i].savings for c in result.councils) == year.savings
        assert sum(c.years[i].costs for c in result.councils) == year.costs


def test_every_benefit_has_a_measure_an_owner_and_a_target(appraisal):
    benefits = list(appraisal.benefits.select_related("owner_council", "cluster"))
    assert [b.name for b in benefits if b.kind == "non_financial"] == [
        "Increased resilience within the support services",
        "Increased internal customer satisfaction",
        "Future partnership opportunities",
        "Better disaster recovery",
    ]
    assert {b.cluster.name for b in benefits if b.kind == "financial"} == {"ICT", "Human Resources"}
    for b in benefits:
        assert b.measure and b.unit and b.how_measured and b.frequency and b.evidence, b.name
        assert None not in (b.baseline_value, b.baseline_date, b.target_value, b.due_year), b.name
        assert b.owner_council.code in ("EHC", "STBC") and b.owner_role, b.name
    resilience = benefits[0]
    assert (resilience.measure, resilience.unit) == ("Average time to fix an ICT incident", "hours")
    assert [r.value for r in resilience.readings.all()] == [Decimal("9.1"), Decimal("7.6"), Decimal("6.1")]


def test_the_first_year_of_savings_is_recorded_one_council_on_plan_and_one_in_the_amber_band(appraisal, result):
    delivered = {
        code: sum(a.savings for a in SavingActual.objects.filter(appraisal=appraisal, council__code=code, year=2012))
        for code in ("EHC", "STBC")
    }
    assert delivered == {"EHC": Decimal("185000"), "STBC": Decimal("181000")}
    planned = {code: c.years[1].savings for code, c in by_code(result).items()}
    assert planned["EHC"] + planned["STBC"] == Decimal("410000") and planned["NHDC"] == 0
    assert delivery_rag(delivered["EHC"], planned["EHC"]) == GREEN
    assert delivery_rag(delivered["STBC"], planned["STBC"]) == AMBER


def test_the_dashboard_shows_each_authoritys_net_project_cost_after_the_grant(demo, client, django_user_model):
    from django.urls import reverse

    from councils.models import Council
    from councils.services import user_role_set

    user = django_user_model.objects.create_user("ehc-reader", password="pw")
    user_role_set(user=user, role="member", council=Council.objects.get(code="EHC"))
    client.force_login(user)
    html = client.get(reverse("appraisal_detail", args=["east-herts-stevenage-support-services"])).content.decode()
    table = html[html.index('id="council-costs-table"') :]
    table = table[: table.index("</table>")]
    first = table[table.index("<tbody>") :]
    first = first[: first.index("</tr>")]
    # £25,000 each less half the £25,000 Improvement East grant; North Herts, not yet a partner, nothing.
    assert "2011/12" in first
    assert first.count('<td class="num">£12,500</td>') == 2 and '<td class="num">£0</td>' in first
