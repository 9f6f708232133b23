"""An option's page (issue 17): its details, a mixed option's model per cluster, its scores, its cost lines (the
central case's, with their Green Book bias) and its risk register, each saved in place; members read it only."""

from decimal import Decimal

import pytest
from django.urls import reverse

from appraisal.models import CostItem, Option, Risk, Scenario
from appraisal.options import services
from councils.models import Council
from services.models import ServiceCluster

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def option(dh_appraisal):
    return services.option_create(appraisal=dh_appraisal, name="Joint committee", delivery_model="federal", user=None)


def url(name, option, *args):
    return reverse(name, args=[SLUG, option.pk, *args])


def html_of(client, option):
    r = client.get(url("option_detail", option))
    assert r.status_code == 200
    return r.content.decode()


def details(option, **changes):
    return {
        "name": option.name,
        "delivery_model": option.delivery_model,
        "lead_authority": option.lead_authority_id or "",
        "description": option.description,
        "savings_adjustment_pct": "",
        "savings_adjustment_reason": "",
        "version": option.version,
    } | changes


def test_the_page_says_which_figures_are_the_central_case_and_links_the_editor(signed_in, option):
    html = html_of(signed_in("officer"), option)
    central = option.scenarios.get(case="central")
    assert "The figures on this page and in the ranking are the option's central case" in html
    assert f'href="{reverse("scenario_editor", args=[SLUG, central.pk])}" id="edit-figures-link"' in html
    assert "Edit this option's figures" in html
    assert 'id="options-table"' in html


def test_a_member_reads_the_page_without_edit_controls(signed_in, option):
    html = html_of(signed_in("member"), option)
    assert "Joint committee" in html
    assert "<form" not in html.split('id="options-editor"')[1]
    assert "Edit this option's figures" not in html


@pytest.mark.parametrize("htmx", [False, True])
def test_details_are_saved(signed_in, option, htmx):
    client = signed_in("officer")
    dbc = Council.objects.get(code="DBC")
    data = details(option, delivery_model="sovereign", lead_authority=dbc.pk, savings_adjustment_pct="10",
                   savings_adjustment_reason="Fewer posts go than planned")  # fmt: skip
    r = client.post(url("option_details_update", option), data, **(HTMX if htmx else {}))
    assert r.status_code == (200 if htmx else 302)
    option.refresh_from_db()
    assert option.delivery_model == "sovereign" and option.lead_authority == dbc
    assert option.savings_adjustment_pct == Decimal(10)
    html = r.content.decode() if htmx else html_of(client, option)
    assert "Sovereign: a lead authority: Darlington Borough Council" in html
    if htmx:
        assert 'id="section-details"' in html and 'hx-swap-oob="true"' in html


@pytest.mark.parametrize("htmx", [False, True])
def test_a_mistake_is_shown_beside_the_field_and_in_the_summary(signed_in, option, htmx):
    client = signed_in("officer")
    data = details(option, delivery_model="sovereign", savings_adjustment_pct="10")
    r = client.post(url("option_details_update", option), data, **(HTMX if htmx else {}))
    html = r.content.decode()
    assert r.status_code == 200
    assert 'id="id_details-lead_authority-error"' in html
    assert "Name the lead authority that delivers for the others." in html
    assert "Say why the savings are adjusted." in html
    assert 'class="error-summary"' in html
    option.refresh_from_db()
    assert option.delivery_model == "federal"


def test_a_stale_edit_of_the_details_is_refused_with_the_colleagues_name(signed_in, option, django_user_model):
    colleague = django_user_model.objects.create_user("pat-lee", password="pw")
    services.option_update(
        option_id=option.pk, values={"description": "Theirs"}, version=option.version, user=colleague
    )
    r = signed_in("officer").post(url("option_details_update", option), details(option, description="Mine"), **HTMX)
    assert "Changed by pat-lee" in r.content.decode()
    option.refresh_from_db()
    assert option.description == "Theirs"


def test_a_mixed_option_sets_a_model_per_cluster(signed_in, option):
    client = signed_in("officer")
    assert 'id="models-table"' not in html_of(client, option)
    r = client.post(url("option_details_update", option), details(option, delivery_model="mixed"), **HTMX)
    assert 'id="section-models" aria-labelledby="models-heading" hx-swap-oob="true"' in r.content.decode()
    option.refresh_from_db()
    html = html_of(client, option)
    assert 'id="models-table"' in html
    clusters = list(ServiceCluster.objects.filter(out_of_scope=False))
    dbc = Council.objects.get(code="DBC")
    data = {}
    for c in clusters:
        data |= {f"model-{c.pk}": "federal", f"lead-{c.pk}": "", f"was-model-{c.pk}": "", f"was-lead-{c.pk}": ""}
    data |= {f"model-{clusters[0].pk}": "sovereign", f"lead-{clusters[0].pk}": dbc.pk}
    r = client.post(url("option_models_update", option), data, **HTMX)
    assert r.status_code == 200
    first = option.cluster_models.get(cluster=clusters[0])
    assert first.delivery_model == "sovereign" and first.lead_authority == dbc
    assert option.cluster_models.count() == len(clusters)
    assert f"{clusters[0].name}: sovereign: a lead authority (DBC)" in r.content.decode()


@pytest.mark.parametrize("htmx", [False, True])
def test_scores_are_saved_and_the_financial_criterion_is_worked_out(signed_in, option, htmx):
    client = signed_in("officer")
    criteria = list(option.appraisal.criteria.all())
    data = {}
    for c in criteria:
        if not c.is_financial:
            data |= {f"score-{c.pk}": "4", f"reason-{c.pk}": f"Good on {c.name}", f"was-score-{c.pk}": "",
                     f"was-reason-{c.pk}": ""}  # fmt: skip
    r = client.post(url("option_scores_update", option), data, **(HTMX if htmx else {}))
    assert r.status_code == (200 if htmx else 302)
    assert option.scores.count() == len(criteria) - 1
    assert {s.score for s in option.scores.all()} == {4}
    html = html_of(client, option)
    assert "Worked out from NPV (best NPV 5, worst 0, linear), not typed." in html
    assert 'name="score-' in html and f'name="score-{criteria[0].pk}"' not in html  # the financial one has no input


def cost_line(option, **changes):
    central = option.scenarios.get(case="central")
    return {
        "category": "contract",
        "council": "",
        "description": "Contract price",
        "year": central.first_year,
        "amount": "250,000",
        "recurring": "1",
        "last_year": "",
        "bias_category": "outsourcing",
        "mitigated_pct": "50",
    } | changes


@pytest.mark.parametrize("htmx", [False, True])
def test_a_recurring_cost_line_with_its_bias_is_added_and_the_ranking_updated(signed_in, option, htmx):
    client = signed_in("officer")
    r = client.post(url("option_cost_add", option), cost_line(option), **(HTMX if htmx else {}))
    assert r.status_code == (200 if htmx else 302)
    item = CostItem.objects.get(scenario__option=option)
    assert item.recurring and item.last_year is None
    assert item.bias_category == "outsourcing" and item.mitigated_pct == Decimal(50)
    html = r.content.decode() if htmx else html_of(client, option)
    assert "20.5%" in html  # 41% × (1 − 50%)
    assert "HM Treasury, Supplementary Green Book Guidance: Optimism Bias (2003)" in html
    if htmx:
        assert 'id="options-ranking" aria-labelledby="options-ranking-heading" hx-swap-oob="true"' in html


def test_a_cost_line_is_changed_and_removed(signed_in, option):
    client = signed_in("officer")
    client.post(url("option_cost_add", option), cost_line(option))
    item = CostItem.objects.get(scenario__option=option)
    was = {"was-category": "contract", "was-description": "Contract price", "was-year": str(item.year),
           "was-amount": f"{item.amount:f}", "was-council_id": "", "was-bias_category": "outsourcing",
           "was-mitigated_pct": f"{item.mitigated_pct:f}", "was-recurring": "True", "was-last_year": ""}  # fmt: skip
    data = cost_line(option, amount="300,000", last_year=item.year + 2) | was
    r = client.post(url("option_cost_update", option, item.pk), data, **HTMX)
    assert r.status_code == 200
    item.refresh_from_db()
    assert item.amount == Decimal(300000) and item.last_year == item.year + 2
    stale = client.post(url("option_cost_update", option, item.pk), data, **HTMX)
    assert "while you were editing" in stale.content.decode()
    was["was-amount"], was["was-last_year"] = f"{item.amount:f}", str(item.last_year)
    client.post(url("option_cost_remove", option, item.pk), was, **HTMX)
    assert not CostItem.objects.filter(pk=item.pk).exists()


def test_a_last_year_on_a_one_off_line_is_refused(signed_in, option):
    central = option.scenarios.get(case="central")
    data = cost_line(option, recurring="", last_year=central.first_year + 1)
    r = signed_in("officer").post(url("option_cost_add", option), data, **HTMX)
    assert "Only a recurring cost has a last year" in r.content.decode()
    assert not CostItem.objects.filter(scenario__option=option).exists()


def risk(option, **changes):
    return {
        "description": "The market offers no bidder",
        "category": "financial",
        "likelihood": "4",
        "impact": "4",
        "owner": "Director of Resources",
        "mitigation": "Soft market testing first",
        "cost": "",
        "probability": "",
        "year": "",
    } | changes


@pytest.mark.parametrize("htmx", [False, True])
def test_a_risk_is_added_with_its_rating_and_rag(signed_in, option, htmx):
    client = signed_in("officer")
    r = client.post(url("option_risk_add", option), risk(option), **(HTMX if htmx else {}))
    assert r.status_code == (200 if htmx else 302)
    saved = Risk.objects.get(option=option)
    assert saved.rating == 16 and saved.rag == "red"
    html = r.content.decode() if htmx else html_of(client, option)
    assert "Red 16" in html


def test_a_costed_risk_needs_its_cost_probability_and_year_together(signed_in, option):
    r = signed_in("officer").post(url("option_risk_add", option), risk(option, cost="100,000"), **HTMX)
    assert "Give a costed risk&#x27;s cost, probability and year together" in r.content.decode()
    assert not Risk.objects.filter(option=option).exists()


def test_a_costed_risk_lowers_the_risk_adjusted_npv(signed_in, option):
    client = signed_in("officer")
    year = option.scenarios.get(case="central").first_year
    client.post(url("option_risk_add", option), risk(option, cost="100,000", probability="50", year=year))
    from appraisal.options.selectors import options_comparison

    ranked = {o.figures.name: o.figures for o in options_comparison(appraisal=option.appraisal).comparison.options}
    f = ranked[option.name]
    assert f.npv - f.risk_adjusted_npv > 0


def test_a_risk_is_changed_and_removed(signed_in, option):
    client = signed_in("officer")
    client.post(url("option_risk_add", option), risk(option))
    saved = Risk.objects.get(option=option)
    was = {f"was-{k}": v for k, v in risk(option).items()}
    r = client.post(url("option_risk_update", option, saved.pk), risk(option, likelihood="1") | was, **HTMX)
    assert "Green 4" in r.content.decode()
    saved.refresh_from_db()
    assert saved.likelihood == 1
    was["was-likelihood"] = "1"
    client.post(url("option_risk_remove", option, saved.pk), was)
    assert not Risk.objects.filter(pk=saved.pk).exists()


def test_a_low_case_is_a_copy_of_the_central_case(signed_in, option):
    client = signed_in("officer")
    client.post(url("option_cost_add", option), cost_line(option))
    r = client.post(url("option_case_add", option), {"case": "low"})
    low = option.scenarios.get(case=Scenario.Case.LOW)
    assert r.url == reverse("scenario_editor", args=[SLUG, low.pk])
    assert low.cost_items.get().bias_category == "outsourcing"
    assert "Low case" in html_of(client, option)


@pytest.mark.parametrize(
    "name",
    ["option_details_update", "option_models_update", "option_scores_update", "option_cost_add", "option_risk_add",
     "option_case_add"],
)  # fmt: skip
def test_edits_refuse_get_and_members(signed_in, option, name):
    assert signed_in("officer").get(url(name, option)).status_code == 405
    assert signed_in("member", code="HBC").post(url(name, option), {}).status_code == 403


def test_an_option_of_another_appraisal_is_not_found(signed_in, option):
    r = signed_in("officer").get(reverse("option_detail", args=[SLUG, 999999]))
    assert r.status_code == 404


def test_business_as_usual_has_no_cost_lines_and_says_it_cannot_be_deleted(signed_in, dh_appraisal):
    bau = Option.objects.get(appraisal=dh_appraisal, business_as_usual=True)
    html = html_of(signed_in("officer"), bau)
    assert "Business as usual cannot be deleted: the Green Book requires it on every short list." in html
    assert 'id="section-costs"' not in html
    assert "Delete this option" not in html


def test_a_sovereign_cluster_without_its_lead_authority_is_refused_at_its_row(signed_in, option):
    client = signed_in("officer")
    client.post(url("option_details_update", option), details(option, delivery_model="mixed"))
    option.refresh_from_db()
    cluster = ServiceCluster.objects.filter(out_of_scope=False).first()
    data = {f"model-{cluster.pk}": "sovereign", f"lead-{cluster.pk}": ""}
    r = client.post(url("option_models_update", option), data, **HTMX)
    html = r.content.decode()
    assert f'id="id_models-lead-{cluster.pk}-error"' in html
    assert "Name the lead authority that delivers for the others." in html
    assert f'href="#id_models-lead-{cluster.pk}"' in html  # the error summary leads to it
    assert not option.cluster_models.exists()


def test_saving_the_models_leaves_the_details_form_current(signed_in, option):
    client = signed_in("officer")
    client.post(url("option_details_update", option), details(option, delivery_model="mixed"))
    option.refresh_from_db()
    cluster = ServiceCluster.objects.filter(out_of_scope=False).first()
    data = {f"model-{cluster.pk}": "federal", f"lead-{cluster.pk}": ""}
    client.post(url("option_models_update", option), data, **HTMX)
    r = client.post(url("option_details_update", option), details(option, description="Still current"), **HTMX)
    assert "while you were editing" not in r.content.decode()
    option.refresh_from_db()
    assert option.description == "Still current"


def test_a_colleagues_model_for_a_cluster_is_not_overwritten(signed_in, option):
    client = signed_in("officer")
    client.post(url("option_details_update", option), details(option, delivery_model="mixed"))
    cluster = ServiceCluster.objects.filter(out_of_scope=False).first()
    services.option_cluster_models_set(option_id=option.pk, models_by_cluster={cluster: ("company", None)}, was={},
                                       user=None)  # fmt: skip
    data = {f"model-{cluster.pk}": "federal", f"lead-{cluster.pk}": "", f"was-model-{cluster.pk}": "",
            f"was-lead-{cluster.pk}": ""}  # fmt: skip
    r = client.post(url("option_models_update", option), data, **HTMX)
    assert f"{cluster.name}: Arm&#x27;s-length company" in r.content.decode()
    assert option.cluster_models.get().delivery_model == "company"
