"""The Three Borough People Services demo: Model 3b's staffing structures save between £1.35m and £1.45m a year
(the business case's "in the order of £1.4M, shared between the 3 authorities"), the councils' shares add up to it
to the penny, its central scenario takes the People clusters' savings from the structures, and loading the fixture
again changes nothing."""

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from appraisal.demo.services import fixture_load
from appraisal.models import Appraisal, Post, ScenarioCluster
from appraisal.options.selectors import central_scenario
from appraisal.scenarios.selectors import scenario_result
from appraisal.staffing.selectors import staffing_overview
from appraisal.summary.selectors import appraisal_figures
from tests.demo.test_no_internal_notes import internal_notes

SLUG = "three-borough-people-services"
FIXTURE = Path(settings.FIXTURES_DIR) / f"{SLUG}.json"
MODEL_3B = "Model 3b: shared directors"
PEOPLE = ("Children's services", "Adults' services")

pytestmark = pytest.mark.django_db


@pytest.fixture
def appraisal(demo) -> Appraisal:
    return Appraisal.objects.get(slug=SLUG)


@pytest.fixture
def model_3b(appraisal):
    overview = staffing_overview(appraisal=appraisal, figures=appraisal_figures(appraisal=appraisal))
    assert overview.problem == ""
    (row,) = overview.options
    assert row.option.name == MODEL_3B
    return row


def test_model_3b_saves_about_1_4_million_a_year_shared_between_the_three_councils(model_3b):
    figures = model_3b.figures
    assert D(1350000) <= figures.saving <= D(1450000)
    assert figures.saving == D("1403484.00")
    assert set(figures.savings_by_council) == {"DBC", "HBC", "RCBC"}
    assert sum(figures.savings_by_council.values()) == figures.saving
    assert all(saving > 0 for saving in figures.savings_by_council.values())
    assert figures.baseline.cost - figures.proposed.cost == figures.saving
    by_cluster = figures.savings_by_cluster
    assert sum(sum(c.values()) for c in by_cluster.values()) == figures.saving


def test_model_3b_has_two_shared_directors_and_leavers_with_redundancy_and_pension_strain(model_3b):
    figures = model_3b.figures
    directors = [f.post.title for f in figures.proposed.posts if f.post.grade == "Director"]
    assert directors == ["Director of Children's Services", "Director of Adult Social Services"]
    assert model_3b.first_year == 2013
    assert {p.weekly_pay_cap for p in figures.leavers} == {D(450)}  # the limit for 2013/14
    assert all(p.redundancy > 0 for p in figures.leavers)
    assert sum((p.pension_strain for p in figures.leavers), D(0)) > 0
    assert figures.shared_leaving_costs
    one_off = sum((p.redundancy + p.pension_strain for p in figures.leavers), D(0))
    assert sum(figures.one_off_by_council.values()) == one_off


def test_the_shared_assistant_director_for_education_is_in_todays_structure(model_3b):
    (shared,) = [
        f
        for f in model_3b.figures.baseline.posts
        if f.post.title == "Assistant Director, Education" and f.post.council == "HBC"
    ]
    assert shared.post.shares == {"DBC": D(50), "HBC": D(50)}
    assert shared.by_council["DBC"] == shared.by_council["HBC"] == shared.cost / 2


def test_the_central_scenario_takes_the_people_clusters_savings_from_the_structures(appraisal, model_3b):
    scenario = central_scenario(appraisal.options.get(name=MODEL_3B))
    points = {s.cluster.name: s.point for s in scenario.cluster_settings.select_related("cluster")}
    assert points == dict.fromkeys(PEOPLE, ScenarioCluster.Point.STRUCTURE)
    result = scenario_result(scenario=scenario, figures=appraisal_figures(appraisal=appraisal))
    assert sum(c.full_year_saving for c in result.clusters) == model_3b.figures.saving
    # A quarter in 2013/14, three quarters in 2014/15, all of it from 2015/16 (no optimism bias on savings).
    full = model_3b.figures.saving
    assert [y.savings for y in result.years] == [full / 4, full * 3 / 4, full, full, full]
    for i, year in enumerate(result.years):
        assert sum(c.years[i].savings for c in result.councils) == year.savings
    # Each council's full-year saving is its share of the structures' saving.
    last = {c.code: c.years[-1].savings for c in result.councils}
    assert last == dict(model_3b.figures.savings_by_council)


def every_row() -> dict[str, list]:
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in apps.get_models() if m._meta.managed}


def test_loading_the_fixture_again_changes_nothing(appraisal):
    before = every_row()
    fixture_load(path=FIXTURE)
    assert every_row() == before
    assert Post.objects.filter(appraisal=appraisal).count() > 50


def test_the_posts_users_read_carry_no_internal_note():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    (entry,) = data["appraisals"]
    posts = entry["staffing"]["posts"] + [p for o in entry["options"] for p in o.get("staffing", {}).get("posts", [])]
    texts = [p["title"] for p in posts] + [g["name"] for g in entry["staffing"]["grades"]]
    assert [note for text in texts for note in internal_notes(text)] == []
