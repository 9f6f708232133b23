"""Every fragment a feature answers HTMX with (its views.FRAGMENTS) renders on its own from what its page knows.

The context is the one the full page was rendered with (the demo, seen by a programme admin), plus the one row or
cell a fragment is about, as the view that answers with it passes them; each fragment must give the element HTMX
swaps in, with its id.
"""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from appraisal.baselines import views as baselines
from appraisal.history import views as history
from appraisal.models import Scenario
from appraisal.report import views as report
from appraisal.scenarios import views as scenarios
from appraisal.summary import views as summary
from appraisal.workbook import views as workbook
from tests.conftest import DH_SLUG

pytestmark = pytest.mark.django_db


def page_context(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return response.context[0].flatten()  # the context the view rendered the page with


def grid_context(ctx: dict) -> dict:
    grid = ctx["grid"]
    row = grid.clusters[0].rows[0]
    cell = grid.cell(grid.councils[0].id, row.service.pk, "net_budget")
    return ctx | {"cell": cell, "group": grid.block_of(row.service.pk), "row": row, "status": "Saved."}


def editor_context(ctx: dict) -> dict:
    return ctx | {"fragment": scenarios.SECTION_DETAILS, "also": (), "status": "Saved."}


def rows_of(ctx: dict, name: str) -> dict:
    editor = ctx["editor"]
    return ctx | {"row": editor.clusters[0] if name == scenarios.CLUSTER_ROW else editor.costs[0]}


def scenario_url() -> str:
    low = Scenario.objects.get(appraisal__slug=DH_SLUG, name="Low")
    return reverse("scenario_editor", args=[DH_SLUG, low.pk])


CASES = [
    (summary.FRAGMENTS, lambda: reverse("appraisal_detail", args=[DH_SLUG]), lambda ctx, name: ctx),
    (baselines.FRAGMENTS, lambda: reverse("baseline_grid", args=[DH_SLUG]), lambda ctx, name: grid_context(ctx)),
    (
        scenarios.FRAGMENTS,
        scenario_url,
        lambda ctx, name: rows_of(ctx, name) if name.endswith("-row") else editor_context(ctx),
    ),
    (workbook.FRAGMENTS, lambda: reverse("workbook_upload", args=[DH_SLUG]), lambda ctx, name: ctx),
    (report.FRAGMENTS, lambda: reverse("cabinet_report", args=[DH_SLUG]), lambda ctx, name: ctx),
    (history.FRAGMENTS, lambda: reverse("appraisal_history", args=[DH_SLUG]), lambda ctx, name: ctx),
]
FRAGMENTS = [(name, url, extra) for names, url, extra in CASES for name in names]
# The id of the element each fragment starts with: a partial's own name, unless it is one row or a response.
FIRST_ID = {
    baselines.GRID_CELL: "cell-",
    baselines.GRID_SCOPE: "scope-",
    scenarios.CLUSTER_ROW: "cluster-",
    scenarios.COST_ROW: "cost-",
    scenarios.EDIT_RESPONSE: "section-details",  # the section edited, then the parts it also changes
    scenarios.EXTRAS_RESPONSE: "scenario-sensitivity",
    report.REPORT_STATUS: "cabinet-report-",
}


@pytest.mark.parametrize(("name", "url", "extra"), FRAGMENTS, ids=[name for name, _, _ in FRAGMENTS])
def test_each_fragment_renders_alone_with_the_element_htmx_swaps(name, url, extra, admin_client, dh_appraisal):
    context = extra(page_context(admin_client, url()), name)

    html = render_to_string(name, context)

    first_id = re.search(r'id="([^"]+)"', html).group(1)
    assert first_id.startswith(FIRST_ID.get(name, name.partition("#")[2]))
    assert "<html" not in html and "<h1" not in html.replace('<h1 class="heading-xl" id="scenario-title"', "")


def test_every_feature_names_its_fragments_once():
    names = [name for name, _, _ in FRAGMENTS]
    assert len(names) == len(set(names)) >= 15
