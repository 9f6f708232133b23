"""How sure are these figures? (issue 20): the simulation's page and the dashboard's section (its HTMX fragment),
with the very figures the selector works out, for the scenarios a user may see."""

import html as htmllib
import re

import pytest
from django.urls import reverse

from appraisal import formatting as fmt
from appraisal.models import Scenario
from appraisal.scenarios.selectors import appraisal_plan
from appraisal.scenarios.services import scenario_create
from appraisal.simulation.selectors import scenario_simulation, uncertainty_of
from appraisal.summary.selectors import appraisal_figures
from councils import financial_years
from tests.conftest import DH_SLUG
from tests.helpers.html import cells, fragment, text

pytestmark = pytest.mark.django_db

URL = reverse("appraisal_simulation", args=[DH_SLUG])
DASHBOARD = reverse("appraisal_detail", args=[DH_SLUG])
HX = {"HTTP_HX_REQUEST": "true"}


def simulated(appraisal, name: str):
    """The selector's answer for the named scenario, as the page should show it."""
    figures = appraisal_figures(appraisal=appraisal)
    return scenario_simulation(
        scenario=Scenario.objects.get(appraisal=appraisal, name=name),
        figures=figures,
        plan=appraisal_plan(appraisal=appraisal, councils=figures.councils),
        uncertainty=uncertainty_of(appraisal=appraisal),
    )


def test_it_shows_a_member_the_page_with_the_selectors_figures(signed_in, dh_appraisal):
    member = signed_in("member")
    low = Scenario.objects.get(name="Low")
    response = member.get(URL, {"scenario": low.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and 'aria-current="page">How sure are these figures?' in html
    sim = simulated(dh_appraisal, "Low").simulation
    assert fragment(html, "simulation-npv-positive") == (
        f'<p class="card__figure" id="simulation-npv-positive">{fmt.pct(sim.npv_positive_pct)}</p>'
    )
    npv = text_of(fragment(html, "simulation-npv"))
    assert npv == f"{fmt.pounds(sim.npv.p10)} to {fmt.pounds(sim.npv.p90)}"
    assert f"middle {fmt.pounds(sim.npv.p50)}, central case {fmt.pounds(sim.central_npv)}" in text(response)
    savings = sim.savings_full_effect
    assert text_of(fragment(html, "simulation-savings")) == f"{fmt.pounds(savings.p10)} to {fmt.pounds(savings.p90)}"


def text_of(html: str) -> str:
    """An element's text as a reader sees it."""
    return htmllib.unescape(re.sub(r"<[^>]+>", "", html)).strip()


def test_the_fan_charts_table_gives_each_years_spread_and_the_central_case(signed_in, dh_appraisal):
    low = Scenario.objects.get(name="Low")
    html = signed_in("member").get(URL, {"scenario": low.pk}).content.decode()
    sim = simulated(dh_appraisal, "Low").simulation
    rows = cells(html, "simulation-fan-table")
    assert rows[0] == ["Year", "Low (P10)", "Middle (P50)", "High (P90)", "Central case"]
    assert rows[1:] == [
        [financial_years.label(y.year), *(fmt.pounds(v) for v in (y.p10, y.p50, y.p90, y.central))]
        for y in sim.cumulative
    ]
    assert '<svg role="img" aria-label="Cumulative net savings by year' in html
    payback = cells(html, "simulation-payback-table")[1:]
    assert [row[1] for row in payback] == [fmt.pct(p.chance_pct) for p in sim.payback]
    assert payback[-1][0] == "Not within the period" if sim.payback[-1].year is None else True


def test_each_council_has_its_npv_spread_and_its_chances_against_its_gap(signed_in, dh_appraisal):
    low = Scenario.objects.get(name="Low")
    response = signed_in("member").get(URL, {"scenario": low.pk})
    html = response.content.decode()
    view = simulated(dh_appraisal, "Low")
    rows = cells(html, "simulation-councils-table")[1:]
    assert rows == [
        [c.name, *(fmt.pounds(v) for v in (c.npv.p10, c.npv.p50, c.npv.p90)), fmt.pct(c.npv_positive_pct)]
        for c in view.simulation.councils
    ]
    for council in view.simulation.councils:
        gap_rows = cells(html, f"simulation-gap-{council.code}")[1:]
        assert [row[0] for row in gap_rows] == [financial_years.label(g.year) for g in council.gap_chances]
        for row, g in zip(gap_rows, council.gap_chances, strict=True):
            if g.gap:
                assert row[1:] == [fmt.pounds(g.gap), fmt.pounds(g.target), fmt.pct(g.chance_pct)]
            else:
                assert row[1:] == ["No gap forecast"]
    page = text(response)
    for statement in view.switching:
        assert statement.text in page
    for _name, statements in view.council_switching:
        for statement in statements:
            assert statement.text in page


def test_it_states_the_runs_the_seed_and_the_settings(signed_in, dh_appraisal):
    low = Scenario.objects.get(name="Low")
    html = signed_in("member").get(URL, {"scenario": low.pk}).content.decode()
    view = simulated(dh_appraisal, "Low")
    settings = text_of(fragment(html, "simulation-settings"))
    items = [text_of(li) for li in re.findall(r"<li>.*?</li>", fragment(html, "simulation-settings"), re.S)]
    assert items == list(view.settings_text)
    u = view.simulation.uncertainty
    assert f"{u.runs:,}" in settings and str(u.seed) in settings


def test_with_htmx_it_answers_with_the_section_body_only(signed_in, dh_appraisal):
    high = Scenario.objects.get(name="High")
    response = signed_in("member").get(URL, {"scenario": high.pk}, **HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<h1" not in html and 'class="subnav"' not in html
    sim = simulated(dh_appraisal, "High").simulation
    assert fmt.pounds(sim.npv.p50) in html and 'id="simulation-fan-table"' in html


def test_without_a_scenario_it_shows_the_first_the_user_may_see(signed_in, dh_appraisal):
    html = signed_in("member").get(URL, **HX).content.decode()
    assert fmt.pounds(simulated(dh_appraisal, "Low").simulation.npv.p50) in html


def test_the_settings_link_is_an_officers(signed_in, dh_appraisal):
    low = Scenario.objects.get(name="Low")
    member = signed_in("member", "HBC")
    assert "Change the simulation settings" not in member.get(URL, {"scenario": low.pk}).content.decode()


def test_a_member_asking_for_a_drafts_simulation_is_refused_and_an_officer_sees_it(signed_in, dh_appraisal):
    draft = scenario_create(appraisal=dh_appraisal, name="Test only", first_year=2012, years=5, user=None)
    assert signed_in("member").get(URL, {"scenario": draft.pk}).status_code == 404
    assert signed_in("member", "HBC").get(URL, {"scenario": draft.pk}, **HX).status_code == 404
    officer = signed_in("officer")
    response = officer.get(URL, {"scenario": draft.pk})
    assert response.status_code == 200 and "Draft" in text(response)


def test_someone_of_another_council_and_a_visitor_see_nothing(client, signed_in, dh_appraisal):
    assert client.get(URL).status_code == 302  # to sign in
    from councils.models import Council

    Council.objects.create(code="XYZ", name="Elsewhere Council")
    assert signed_in("member", "XYZ").get(URL).status_code == 404


def test_it_refuses_a_post(signed_in):
    assert signed_in("officer").post(URL).status_code == 405


def test_the_dashboard_asks_for_the_chosen_scenarios_simulation_after_it_loads(signed_in, dh_appraisal):
    high = Scenario.objects.get(name="High")
    html = signed_in("member").get(DASHBOARD, {"scenario": high.pk}).content.decode()
    section = fragment(html, "simulation")
    assert 'aria-labelledby="simulation-heading"' in section and "How sure are these figures?" in section
    assert f'hx-get="{URL}"' in section and 'hx-trigger="load, change from:#id_scenario"' in section
    assert 'hx-include="#id_scenario"' in section  # the scenario chosen above, also after HTMX swaps the panel
    assert '<p class="body" role="status" id="simulation-loading">The chances take a moment to work out.</p>' in section
    assert f'href="{URL}?scenario={high.pk}"' in section  # without JavaScript, the page of the chosen scenario
    # The headline figures come with the page, not after the runs.
    assert fmt.pounds(simulated(dh_appraisal, "High").simulation.npv.p50) not in html
    assert 'id="headline-npv"' in html
