"""The options page (issue 17): the short list ranked, business as usual always on it, the do-minimum prompt, the
criteria and their weights, the preferred option, adding and deleting options; members read it only."""

import pytest
from django.urls import reverse

from appraisal.models import Option, Scenario
from appraisal.options import services

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, *args):
    return reverse(name, args=[SLUG, *args])


def page(client):
    r = client.get(url("appraisal_options"))
    assert r.status_code == 200
    return r.content.decode()


def test_an_officer_sees_the_short_list_ranked_with_business_as_usual_and_no_way_to_delete_it(signed_in, dh_appraisal):
    html = page(signed_in("officer"))
    bau = dh_appraisal.options.get(business_as_usual=True)
    assert 'id="options-table"' in html
    assert f'id="ranked-{bau.pk}"' in html
    assert "Business as usual cannot be deleted: the Green Book requires it on every short list." in html
    assert reverse("option_delete", args=[SLUG, bau.pk]) not in html
    assert "Add option" in html and "Save criteria" in html


def test_a_member_sees_the_table_and_no_edit_controls(signed_in, dh_appraisal):
    html = page(signed_in("member"))
    assert 'id="options-table"' in html
    assert "<form" not in html.split('id="options-editor"')[1]
    assert "Add option" not in html and "Delete" not in html


def test_the_subnav_links_the_options_page(signed_in, dh_appraisal):
    html = signed_in("member").get(reverse("appraisal_detail", args=[SLUG])).content.decode()
    assert f'href="{url("appraisal_options")}"' in html


def test_a_short_list_without_a_do_minimum_is_prompted_to_add_one(signed_in, dh_appraisal):
    client = signed_in("officer")
    prompt = "The Green Book asks for a do-minimum option on every short list: add one"
    assert prompt in page(client)
    client.post(url("option_create"), {"name": "Do minimum: shared contracts", "delivery_model": "federal"})
    assert prompt not in page(client)


@pytest.mark.parametrize("htmx", [False, True])
def test_an_added_option_gets_its_central_case_and_appears_ranked(signed_in, dh_appraisal, htmx):
    client = signed_in("officer")
    r = client.post(
        url("option_create"), {"name": "Outsourced", "delivery_model": "outsourced"}, **(HTMX if htmx else {})
    )
    option = Option.objects.get(appraisal=dh_appraisal, name="Outsourced")
    target = reverse("option_detail", args=[SLUG, option.pk])
    if htmx:
        assert r.status_code == 200 and r["HX-Redirect"] == target
    else:
        assert r.status_code == 302 and r.url == target
    central = option.scenarios.get()
    assert central.case == Scenario.Case.CENTRAL and central.optimism_bias == 0
    assert central.cluster_settings.filter(point="mid").exists()
    html = page(client)
    assert f'id="ranked-{option.pk}"' in html
    assert "Outsourced to the private sector" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_an_option_needs_a_name_and_a_sovereign_one_its_lead_authority(signed_in, dh_appraisal, htmx):
    client = signed_in("officer")
    r = client.post(url("option_create"), {"name": "", "delivery_model": "sovereign"}, **(HTMX if htmx else {}))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Enter a name for the option" in html
    assert 'id="error-summary-title"' in html
    r = client.post(url("option_create"), {"name": "Lead", "delivery_model": "sovereign"}, **(HTMX if htmx else {}))
    assert "Name the lead authority that delivers for the others." in r.content.decode()
    assert not Option.objects.filter(name="Lead").exists()


def _criteria_post(appraisal, change=None):
    data = {}
    for c in appraisal.criteria.all():
        weight = change.get(c.name, c.weight) if change else c.weight
        data |= {f"name-{c.pk}": c.name, f"weight-{c.pk}": weight}
        data |= {f"was-name-{c.pk}": c.name, f"was-weight-{c.pk}": c.weight}
    return data


@pytest.mark.parametrize("htmx", [False, True])
def test_weights_not_adding_up_to_100_are_saved_and_the_ranking_says_it_cannot_be_worked_out(
    signed_in, dh_appraisal, htmx
):
    client = signed_in("officer")
    name = dh_appraisal.criteria.exclude(is_financial=True).first().name
    weight = dh_appraisal.criteria.get(name=name).weight
    r = client.post(url("criteria_update"), _criteria_post(dh_appraisal, {name: weight - 5}), **(HTMX if htmx else {}))
    assert dh_appraisal.criteria.get(name=name).weight == weight - 5
    html = r.content.decode() if htmx else page(client)
    assert "The weights add up to 95; they must add up to 100. The ranking cannot be worked out until they do." in html
    assert 'id="ranking-problem"' in html
    assert "Options, not yet ranked" in html  # the money still shown while the ranking waits
    bau = dh_appraisal.options.get(business_as_usual=True)
    assert f'id="ranked-{bau.pk}"' in html
    if htmx:
        assert 'id="options-ranking" aria-labelledby="options-ranking-heading" hx-swap-oob="true"' in html


def test_a_criterion_is_added_and_removed_but_not_the_financial_one(signed_in, dh_appraisal):
    client = signed_in("officer")
    client.post(url("criterion_add"), {"name": "Customer access", "weight": "0"})
    added = dh_appraisal.criteria.get(name="Customer access")
    assert "Customer access" in page(client)
    client.post(url("criterion_remove", added.pk), **HTMX)
    assert not dh_appraisal.criteria.filter(name="Customer access").exists()
    financial = dh_appraisal.criteria.get(is_financial=True)
    r = client.post(url("criterion_remove", financial.pk), **HTMX)
    assert services.ERR_FINANCIAL_STAYS in r.content.decode()
    assert dh_appraisal.criteria.filter(is_financial=True).exists()


def test_a_colleagues_change_to_the_weights_is_not_overwritten(signed_in, dh_appraisal):
    client = signed_in("officer")
    data = _criteria_post(dh_appraisal)
    c = dh_appraisal.criteria.exclude(is_financial=True).first()
    services.criteria_update(
        appraisal=dh_appraisal, values={c.pk: (c.name, c.weight + 1)}, was={}, user=None
    )  # a colleague
    data[f"weight-{c.pk}"] = c.weight - 1
    r = client.post(url("criteria_update"), data, **HTMX)
    assert "while you were editing" in r.content.decode()
    assert dh_appraisal.criteria.get(pk=c.pk).weight == c.weight + 1


def _ranked(appraisal):
    from appraisal.options.selectors import options_comparison

    return options_comparison(appraisal=appraisal).comparison


@pytest.mark.parametrize("htmx", [False, True])
def test_a_preferred_option_that_does_not_rank_first_needs_a_reason(signed_in, dh_appraisal, htmx):
    client = signed_in("officer")
    best = services.option_create(appraisal=dh_appraisal, name="Best", delivery_model="federal", user=None)
    scores = {c: (5, "Strong") for c in dh_appraisal.criteria.filter(is_financial=False)}
    services.option_scores_set(option_id=best.pk, scores=scores, was={}, user=None)
    services.option_create(appraisal=dh_appraisal, name="Unscored", delivery_model="company", user=None)
    ranked = _ranked(dh_appraisal)
    assert ranked.options[0].figures.name == "Best"
    last = Option.objects.get(appraisal=dh_appraisal, name=ranked.options[-1].figures.name)
    was = Option.objects.filter(appraisal=dh_appraisal, preferred=True).values_list("pk", flat=True).first() or ""
    data = {"option": last.pk, "reason": "", "was-option": was}
    r = client.post(url("preferred_update"), data, **(HTMX if htmx else {}))
    assert r.status_code == 200
    assert "Say why this option is preferred: it does not rank first" in r.content.decode()
    assert not Option.objects.get(pk=last.pk).preferred
    r = client.post(url("preferred_update"), data | {"reason": "Members asked for it"}, **(HTMX if htmx else {}))
    assert r.status_code == (200 if htmx else 302)
    chosen = Option.objects.get(pk=last.pk)
    assert chosen.preferred and chosen.preferred_reason == "Members asked for it"
    assert "Why: Members asked for it" in page(client)


def test_the_option_ranked_first_is_preferred_by_default_without_a_reason(signed_in, dh_appraisal):
    client = signed_in("officer")
    was = Option.objects.filter(appraisal=dh_appraisal, preferred=True).values_list("pk", flat=True).first() or ""
    r = client.post(url("preferred_update"), {"option": "", "reason": "", "was-option": was})
    assert r.status_code == 302
    assert not Option.objects.filter(appraisal=dh_appraisal, preferred=True).exists()
    first = _ranked(dh_appraisal).options[0].figures.name
    assert f"Preferred option: <strong>{first}</strong> (ranked first" in page(client)


def test_business_as_usual_cannot_be_deleted_through_the_pages(signed_in, dh_appraisal):
    client = signed_in("officer")
    bau = dh_appraisal.options.get(business_as_usual=True)
    r = client.get(url("option_delete", bau.pk))
    assert "Business as usual cannot be deleted" in r.content.decode()
    assert "Delete option</button>" not in r.content.decode()
    r = client.post(url("option_delete", bau.pk), follow=True)
    assert Option.objects.filter(pk=bau.pk).exists()
    assert "Business as usual cannot be deleted" in r.content.decode()


def test_an_option_is_deleted_after_a_confirmation_page(signed_in, dh_appraisal):
    client = signed_in("officer")
    client.post(url("option_create"), {"name": "Company", "delivery_model": "company"})
    option = Option.objects.get(appraisal=dh_appraisal, name="Company")
    r = client.get(url("option_delete", option.pk))
    assert "Delete the option “Company”?" in r.content.decode()
    r = client.post(url("option_delete", option.pk))
    assert r.status_code == 302
    assert not Option.objects.filter(pk=option.pk).exists()
    assert not Scenario.objects.filter(option_id=option.pk).exists()


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("post", "appraisal_options"),
        ("get", "option_create"),
        ("get", "criteria_update"),
        ("get", "criterion_add"),
        ("get", "preferred_update"),
    ],
)
def test_wrong_methods_are_refused(signed_in, dh_appraisal, method, name):
    r = getattr(signed_in("officer"), method)(url(name))
    assert r.status_code == 405


@pytest.mark.parametrize("name", ["option_create", "criteria_update", "criterion_add", "preferred_update"])
def test_a_member_cannot_change_the_options(signed_in, dh_appraisal, name):
    r = signed_in("member").post(url(name), {"name": "X", "delivery_model": "federal"})
    assert r.status_code == 403
    assert not Option.objects.filter(name="X").exists()
