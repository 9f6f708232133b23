"""One scenario edit reads each thing once (issue 22): what it reads, how many queries, and that the figures it
shows are those of the whole read (appraisal_figures with the baselines, appraisal_plan reading for itself)."""

import re

import pytest
from django.urls import reverse

from appraisal.models import AppraisalCouncil, Scenario, ScenarioCluster, ServiceScope
from appraisal.scenarios.selectors import appraisal_plan
from appraisal.summary.selectors import appraisal_figures
from services.models import ServiceCluster

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"
HX = {"HTTP_HX_REQUEST": "true"}
# One cluster's savings point changed through the editor (HTMX: row + panel): the session, the user and their
# roles; the appraisal, the scenario, the membership check and the cluster; the write (lock, setting, range,
# the setting's uniqueness, UPDATE, history row, BEGIN/COMMIT); then the figures, the plan and the assumptions.
EDIT_QUERIES = 29


@pytest.fixture
def officer(signed_in):
    return signed_in("officer")


def low() -> Scenario:
    return Scenario.objects.get(name="Low")


def edit_url(cluster: ServiceCluster) -> str:
    return reverse("scenario_cluster_update", args=[SLUG, low().pk, cluster.pk])


def headline(html: str, element_id: str) -> str:
    return re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, re.S).group(1)


def test_the_figures_without_the_baselines_are_the_figures_with_them(dh_appraisal):
    # A service whose scope in this appraisal is not its own, so the appraisal's scope must be the one used.
    scope = ServiceScope.objects.filter(appraisal=dh_appraisal).select_related("service").first()
    scope.scope = "excluded" if scope.service.scope != "excluded" else "key"
    scope.save()

    whole = appraisal_figures(appraisal=dh_appraisal)
    narrow = appraisal_figures(appraisal=dh_appraisal, with_baselines=False)

    assert whole.baselines and narrow.baselines == []
    # The same lines in the same table order (one service's councils may come in either order from the database).
    assert [(x.cluster, x.service) for x in narrow.data.lines] == [(x.cluster, x.service) for x in whole.data.lines]
    assert sorted(narrow.data.lines, key=repr) == sorted(whole.data.lines, key=repr)
    assert (narrow.data.councils, narrow.data.clusters) == (whole.data.councils, whole.data.clusters)
    assert narrow.summary == whole.summary
    assert any(line.scope == scope.scope for line in narrow.data.lines if line.service == scope.service.name)


def test_the_plan_from_the_figures_is_the_plan_read_on_its_own(dh_appraisal):
    AppraisalCouncil.objects.filter(appraisal=dh_appraisal, council__code="HBC").update(join_year=2013)
    figures = appraisal_figures(appraisal=dh_appraisal)

    assert appraisal_plan(appraisal=dh_appraisal, figures=figures) == appraisal_plan(appraisal=dh_appraisal)
    assert figures.membership == {"HBC": (2013, None)}


def test_one_edit_takes_a_fixed_number_of_queries(officer, django_assert_max_num_queries):
    cluster = ServiceCluster.objects.get(name="Corporate Services")
    data = {"was-included": "1", "was-point": "min", "was-custom_value": "", "included": "1", "point": "max"}
    address = edit_url(cluster)
    officer.post(address, data, **HX)  # the session's first request reads more
    ScenarioCluster.objects.filter(scenario=low(), cluster=cluster).update(point="min")

    with django_assert_max_num_queries(EDIT_QUERIES):
        response = officer.post(address, data, **HX)

    assert response.status_code == 200 and "Corporate Services: maximum." in response.content.decode()
    assert ScenarioCluster.objects.get(scenario=low(), cluster=cluster).point == "max"


def test_the_answer_shows_the_scenario_as_the_write_saved_it(officer):
    scenario = low()
    data = {"was-value": f"{scenario.discount_rate:f}", "value": "5"}
    html = officer.post(reverse("scenario_rate_update", args=[SLUG, scenario.pk, "discount-rate"]), data, **HX)

    assert "discount rate 5%" in html.content.decode()
    assert low().discount_rate == 5
