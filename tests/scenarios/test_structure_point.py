"""A cluster of an option's scenario taking its saving "From the staffing structures" (issue 18): offered only for an
option's scenario, the cluster's full-year saving from the structures shown beside it, the figures following when the
point changes, and the point named so wherever points are described. The case is worked by hand in
tests/helpers/staffing_case.py: Recruitment and payroll saves £47,500 a year from the preferred option's structures."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from appraisal import formatting as fmt
from appraisal.models import Option, Scenario, ScenarioCluster
from appraisal.report.render import report_html
from appraisal.report.selectors import cabinet_report_data
from appraisal.scenarios.forms import ERR_STRUCTURE_NOT_OPTION
from appraisal.scenarios.selectors import scenario_result
from appraisal.scenarios.services import scenario_create
from appraisal.summary.selectors import appraisal_figures
from councils.models import Council
from councils.services import user_role_set
from tests.demo.conftest import demo, demo_snapshot  # noqa: F401 (fixtures: every fixture load_demo loads)
from tests.helpers.html import fragment
from tests.helpers.staffing_case import CARLISLE, PREFERRED, staffing_case

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
STRUCTURE_OPTION = '<option value="structure"'


@pytest.fixture
def officer(demo, client, django_user_model):  # noqa: F811
    staffing_case()
    user = django_user_model.objects.create_user("ccc-officer-user", password="pw")
    user_role_set(user=user, role="officer", council=Council.objects.get(code="CCC"))
    client.force_login(user)
    return client


def central() -> Scenario:
    return Option.objects.get(appraisal__slug=CARLISLE, name=PREFERRED).scenarios.get(case=Scenario.Case.CENTRAL)


def payroll_cluster():
    return central().appraisal.savings_ranges.get(cluster__name="Recruitment and payroll").cluster


def editor_url(scenario) -> str:
    return reverse("scenario_editor", args=[CARLISLE, scenario.pk])


def cluster_url(scenario, cluster) -> str:
    return reverse("scenario_cluster_update", args=[CARLISLE, scenario.pk, cluster.pk])


def cluster_post(setting: ScenarioCluster | None, point: str) -> dict:
    was = setting.point if setting else "mid"
    return {"was-included": "1", "was-point": was, "was-custom_value": "", "included": "1", "point": point,
            "custom_value": ""}  # fmt: skip


def text_of(html: str, element_id: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment(html, element_id))).strip()


def test_an_options_scenario_offers_the_structures_and_shows_each_clusters_saving_from_them(officer):
    scenario, cluster = central(), payroll_cluster()
    html = officer.get(editor_url(scenario)).content.decode()
    assert f"{STRUCTURE_OPTION}>From the staffing structures</option>" in html
    assert text_of(html, f"cluster-{cluster.pk}-structure") == "from the staffing structures £47,500 a year"
    assert "for this option's scenario, from the staffing structures" in html


def test_a_scenario_of_its_own_does_not_offer_the_structures(officer):
    own = scenario_create(appraisal=central().appraisal, name="Own", first_year=2007, years=5, user=None)
    html = officer.get(editor_url(own)).content.decode()
    assert STRUCTURE_OPTION not in html
    assert "from the staffing structures" not in html


@pytest.mark.parametrize("hx", [True, False])
def test_a_scenario_of_its_own_taking_the_structures_is_refused_beside_the_field(officer, hx):
    own = scenario_create(appraisal=central().appraisal, name="Own", first_year=2007, years=5, user=None)
    cluster = payroll_cluster()
    r = officer.post(cluster_url(own, cluster), cluster_post(None, "structure"), **(HX if hx else {}))
    html = unescape(r.content.decode())
    assert r.status_code == 200
    assert ERR_STRUCTURE_NOT_OPTION in html
    assert f'id="id_cluster-{cluster.pk}-point-error"' in html
    assert not ScenarioCluster.objects.filter(scenario=own, cluster=cluster, point="structure").exists()


def test_choosing_the_structures_takes_the_clusters_saving_from_them_and_the_figures_follow(officer):
    scenario, cluster = central(), payroll_cluster()
    setting = ScenarioCluster.objects.filter(scenario=scenario, cluster=cluster).first()
    r = officer.post(cluster_url(scenario, cluster), cluster_post(setting, "structure"), **HX)
    html = r.content.decode()
    assert r.status_code == 200
    assert '<option value="structure" selected>From the staffing structures</option>' in html
    assert "Recruitment and payroll: from the staffing structures." in html
    assert ScenarioCluster.objects.get(scenario=scenario, cluster=cluster).point == "structure"
    # The cluster now saves what the structures save, and the panel's figures are the model's with that point.
    want = scenario_result(scenario=central(), figures=appraisal_figures(appraisal=scenario.appraisal))
    plan = next(c for c in want.clusters if c.name == cluster.name)
    assert plan.full_year_saving == Decimal(47500)
    row = re.search(rf'<tr id="cluster-{cluster.pk}".*?</tr>', html, re.S).group(0)
    assert re.search(r'class="num cluster-saving">£47,500<', row)
    assert text_of(html, "headline-full-year") == fmt.pounds(want.full_year_savings)
    assert text_of(html, "headline-npv") == fmt.pounds(want.npv)


def test_the_report_names_the_point_in_its_assumptions(officer):
    scenario, cluster = central(), payroll_cluster()
    setting = ScenarioCluster.objects.filter(scenario=scenario, cluster=cluster).first()
    officer.post(cluster_url(scenario, cluster), cluster_post(setting, "structure"), **HX)
    data = cabinet_report_data(appraisal=scenario.appraisal, scenario_name=PREFERRED)
    phasing = fragment(report_html(data), "phasing-table")
    assert (
        '<th scope="row">Recruitment and payroll</th><td>From the staffing structures</td><td class="num">£47,500'
        in (phasing)
    )
