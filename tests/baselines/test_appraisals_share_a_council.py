"""Two appraisals that share a council own their scopes (issue 15, defect 1).

Darlington is in the demo (seed 001) and in a Darlington/Stockton support-services appraisal for 2011/12 (the
partnership of seed 000) that covers three Corporate Services services only. The new appraisal's totals are exactly
those services' budgets, whatever else Darlington holds; and creating, editing or deleting anything in it leaves the
demo's `appraise … --format json` byte for byte the same.
"""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from appraisal.models import Appraisal
from appraisal.summary.services import appraisal_upsert
from councils.models import Council
from councils.services import council_upsert
from services.models import Baseline, Service
from services.services import baseline_set
from tests.conftest import DH_SLUG
from tests.helpers.grid import HTMX

pytestmark = pytest.mark.django_db

DS_SLUG = "darlington-stockton-2011"
THREE = ("HR", "Finance", "ICT")
# Stockton's 2011/12 net budgets for them (illustrative).
STOCKTON = {"HR": Decimal(1350000), "Finance": Decimal(1725000), "ICT": Decimal(2480000)}


def appraise(slug: str, *args: str) -> str:
    out = StringIO()
    call_command("appraise", slug, "--format", "json", *args, stdout=out)
    return out.getvalue()


def demo_json() -> tuple[str, str]:
    return appraise(DH_SLUG), appraise(DH_SLUG, "--scenario", "Low")


@pytest.fixture
def stockton(dh_appraisal) -> Council:
    council = council_upsert(code="SBC", name="Stockton-on-Tees Borough Council", council_type="unitary")
    for name, net in STOCKTON.items():
        baseline_set(
            council=council, service=Service.objects.get(name=name), year=2011, gross_budget=net, net_budget=net
        )
    return council


def support_services_create(client, stockton: Council) -> Appraisal:
    """The Darlington/Stockton appraisal, its three services added on its scope page as a programme admin does."""
    appraisal = appraisal_upsert(
        slug=DS_SLUG,
        title="Darlington and Stockton support services",
        base_year=2011,
        deficit_year=2012,
        councils=[Council.objects.get(code="DBC"), stockton],
    )
    add = reverse("appraisal_scope_add", args=[DS_SLUG])
    for name in THREE:
        assert client.post(add, {"service": Service.objects.get(name=name).pk}).status_code == 302
    return appraisal


@pytest.fixture
def support_services(admin_client, stockton) -> Appraisal:
    return support_services_create(admin_client, stockton)


def test_the_new_appraisals_totals_are_exactly_its_three_services_budgets(support_services):
    darlington = {
        name: Baseline.objects.get(council__code="DBC", service__name=name, year=2011).net_budget for name in THREE
    }
    # Darlington's HR £947,301, Finance £1,398,075 and ICT £1,711,549, and Stockton's three.
    assert sum(darlington.values()) == Decimal("4056925")
    expected = sum(darlington.values()) + sum(STOCKTON.values())
    data = appraise(DS_SLUG)
    assert f'"net_budget": "{expected:.2f}"' in data
    totals = json.loads(data)["totals"]
    assert (totals["net_budget"], totals["in_scope_net_budget"]) == (f"{expected:.2f}", f"{expected:.2f}")
    assert Decimal(totals["net_budget"]) == Decimal("9611925")  # not the £72.6m Darlington holds in all


def test_creating_editing_and_deleting_in_the_other_appraisal_leaves_the_demos_figures_byte_for_byte(
    admin_client, stockton
):
    before = demo_json()
    assert '"in_scope_net_budget": "147968591.00"' in before[0]
    # Created, with its three services added on its scope page.
    appraisal = support_services_create(admin_client, stockton)
    assert demo_json() == before
    # Edited: a service's scope on its grid, Stockton's budget in a cell, a savings range, a service added.
    hr, ict = Service.objects.get(name="HR"), Service.objects.get(name="ICT")
    scope_url = reverse("service_scope_update", args=[DS_SLUG])
    assert admin_client.post(scope_url, {"service": hr.pk, "scope": "excluded"}, **HTMX).status_code == 200
    sbc_ict = Baseline.objects.get(council=stockton, service=ict, year=2011)
    cell = {"council": stockton.pk, "service": ict.pk, "year": 2011, "field": "net_budget", "value": "2,600,000"}
    cell |= {"version": sbc_ict.version, "original": sbc_ict.net_budget}
    assert admin_client.post(reverse("baseline_cell", args=[DS_SLUG]), cell, **HTMX).status_code == 200
    corporate = hr.cluster
    savings = {f"min-{corporate.pk}": "300,000", f"max-{corporate.pk}": "600,000", f"version-{corporate.pk}": "0"}
    assert admin_client.post(reverse("savings_ranges", args=[DS_SLUG]), savings).status_code == 302
    legal = Service.objects.get(name="Legal")
    admin_client.post(reverse("appraisal_scope_add", args=[DS_SLUG]), {"service": legal.pk, "scope": "key"})
    assert '"in_scope_net_budget": "8107346.00"' in appraise(
        DS_SLUG
    )  # Finance, ICT and Darlington's Legal; HR excluded
    assert demo_json() == before
    # Deleted: a service taken out, the savings range cleared, then the whole appraisal.
    admin_client.post(reverse("appraisal_scope_remove", args=[DS_SLUG]), {"service": legal.pk})
    savings |= {f"min-{corporate.pk}": "", f"max-{corporate.pk}": "", f"version-{corporate.pk}": "1"}
    savings[f"was-{corporate.pk}"] = "300000.00|600000.00"
    assert admin_client.post(reverse("savings_ranges", args=[DS_SLUG]), savings).status_code == 302
    assert not appraisal.savings_ranges.exists()
    assert demo_json() == before
    delete_url = reverse("admin:appraisal_appraisal_delete", args=[appraisal.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Appraisal.objects.filter(slug=DS_SLUG).exists()
    assert demo_json() == before


def test_a_new_appraisal_covers_no_service_until_one_is_added(admin_client, stockton):
    appraisal_upsert(
        slug=DS_SLUG, title="Darlington and Stockton", base_year=2011, deficit_year=2012, councils=[stockton]
    )
    grid = admin_client.get(reverse("baseline_grid", args=[DS_SLUG])).content.decode()
    assert "This appraisal covers no services yet, so it has no budgets to show." in grid
    scope = admin_client.get(reverse("appraisal_scope", args=[DS_SLUG])).content.decode()
    assert "0 services by cluster" in scope and "This appraisal covers no services yet: add them below." in scope
    assert json.loads(appraise(DS_SLUG))["totals"]["net_budget"] == "0.00"  # Stockton's three budgets left out
