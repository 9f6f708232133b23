"""Issue 17: the demo holds three appraisals (seeds 000, 001 and 004), each with business as usual and the options
its report weighs, worked out without a problem; the seed-001 figures stay exactly as they were."""

import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from appraisal.calculations import options as opt
from appraisal.demo.services import demo_fixture_paths
from appraisal.models import Appraisal
from appraisal.options.selectors import options_comparison
from appraisal.scenarios.selectors import scenario_get, scenario_result
from appraisal.summary.selectors import appraisal_figures
from councils.models import Council
from councils.services import user_role_set
from tests.demo.test_no_internal_notes import internal_notes

DH = "darlington-hartlepool-2011"
DS = "darlington-stockton-support-services"
CAE = "carlisle-allerdale-eden-shared-services"
TB = "three-borough-people-services"
EHS = "east-herts-stevenage-support-services"


def short_list(slug: str) -> list[tuple[str, str]]:
    return [(o.name, o.delivery_model) for o in Appraisal.objects.get(slug=slug).options.all()]


def test_load_demo_loads_the_seed_001_options_after_the_appraisal_they_belong_to():
    names = [p.name for p in demo_fixture_paths(settings.FIXTURES_DIR)]
    assert names.index(f"{DH}.json") < names.index(f"{DH}.options.json")
    assert set(names) == {f"{DH}.json", f"{DH}.options.json", f"{DS}.json", f"{CAE}.json", f"{TB}.json", f"{EHS}.json"}


@pytest.mark.django_db
def test_all_three_appraisals_load_with_their_councils(demo):
    councils = {a.slug: [c.code for c in a.councils.order_by("memberships__position")] for a in Appraisal.objects.all()}
    assert councils == {
        DH: ["DBC", "HBC"],
        DS: ["DBC", "SBC"],
        CAE: ["CCC", "ABC", "EDC"],
        TB: ["DBC", "HBC", "RCBC"],
        EHS: ["EHC", "STBC", "NHDC"],
    }


@pytest.mark.django_db
def test_seed_001_has_business_as_usual_and_options_1_to_4(demo):
    assert short_list(DH) == [
        ("Business as usual", opt.IN_HOUSE),
        ("Option 1: Sharing approaches and contracts", opt.FEDERAL),
        ("Option 2: Integration of key services", opt.MIXED),
        ("Option 3: Operational merger", opt.FEDERAL),
        ("Option 4: Political merger", opt.FEDERAL),
    ]


@pytest.mark.django_db
def test_seed_000_weighs_the_partnership_against_outsourcing(demo):
    assert short_list(DS) == [
        ("Business as usual", opt.IN_HOUSE),
        ("Partnership with Stockton", opt.FEDERAL),
        ("Outsourcing to the private sector", opt.OUTSOURCED),
    ]
    appraisal = Appraisal.objects.get(slug=DS)
    summary = appraisal_figures(appraisal=appraisal).summary
    # "efficiencies in the region of £0.9M up to £1.5M per annum shared between the two Authorities"
    assert (summary.totals.min_saving, summary.totals.max_saving) == (Decimal("900000"), Decimal("1500000"))
    outsourcing = appraisal.options.get(name="Outsourcing to the private sector").central_scenario
    market = outsourcing.cost_items.filter(category="market_testing")
    assert sum(c.amount for c in market) == Decimal("1000000")  # "costs of going to market … of up to £1M"
    (price,) = outsourcing.cost_items.filter(category="contract")
    assert (price.recurring, price.bias_category) == (True, opt.OUTSOURCING)
    # No savings for the two to three years it takes to reach a contract.
    result = scenario_result(scenario=outsourcing, figures=appraisal_figures(appraisal=appraisal))
    assert [y.savings for y in result.years[:3]] == [0, 0, 0] and result.years[3].savings > 0


@pytest.mark.django_db
def test_seed_004_has_the_seven_candidate_services_the_four_models_and_the_protocol_as_criteria(demo):
    appraisal = Appraisal.objects.get(slug=CAE)
    services = {s.service for s in appraisal_figures(appraisal=appraisal).services}
    assert services == {
        "Licensing", "Building control", "E-recruitment", "Procurement", "Property", "Payroll", "Legal",
    }  # fmt: skip
    models = [model for _, model in short_list(CAE)]
    assert {opt.SOVEREIGN, opt.FEDERAL, opt.COMPANY, opt.OUTSOURCED} <= set(models)
    assert appraisal.options.get(delivery_model=opt.SOVEREIGN).lead_authority.code == "CCC"
    mixed = appraisal.options.get(delivery_model=opt.MIXED)
    assert sorted({m.delivery_model for m in mixed.cluster_models.all()}) == [opt.FEDERAL, opt.SOVEREIGN]
    criteria = list(appraisal.criteria.all())
    assert sum(c.weight for c in criteria) == 100
    assert [c.name for c in criteria if c.is_financial] == ["Financial value"]
    assert {c.name for c in criteria} >= {
        "Quality of service to the customer not compromised",
        "Independence and statutory obligations respected",
        "Costs, risks and benefits shared on an agreed basis",
        "Clear arrangements for management and scrutiny",
        "Right of withdrawal",
        "Employees consulted and involved",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("slug", [DH, DS, CAE])
def test_every_option_is_worked_out_scored_on_every_criterion_and_has_a_risk_register(demo, slug):
    appraisal = Appraisal.objects.get(slug=slug)
    view = options_comparison(appraisal=appraisal)
    assert view.problem == "" and view.without_figures == []
    ranked = view.comparison.options
    assert len(ranked) == appraisal.options.count()
    assert [r.missing_scores for r in ranked] == [()] * len(ranked)
    assert all(r.figures.risks for r in ranked)
    assert all(s.reason for o in appraisal.options.all() for s in o.scores.all())
    (bau,) = [r for r in ranked if r.figures.business_as_usual]
    assert bau.figures.npv == 0
    assert all(r.figures.npv > 0 for r in ranked if not r.figures.business_as_usual)
    assert not view.comparison.preferred_needs_reason


@pytest.mark.django_db
def test_seed_001_figures_are_as_they_were_with_the_options_loaded(demo):
    appraisal = Appraisal.objects.get(slug=DH)
    figures = appraisal_figures(appraisal=appraisal)
    assert figures.summary.totals.in_scope_net_budget == Decimal("147968591")
    npvs = [
        scenario_result(scenario=scenario_get(appraisal=appraisal, name=name), figures=figures).npv
        for name in ("Low", "High")
    ]
    assert npvs == [Decimal("9263009.84"), Decimal("21728821.33")]  # tests/scenarios/test_scenario_load.py
    # The options' scenarios are their central cases, drafts beside the two scenarios shown to members.
    shown = appraisal.scenarios.filter(status="shown")
    assert [s.name for s in shown] == ["Low", "High"] and all(s.option is None for s in shown)
    merger = appraisal.options.get(name="Option 3: Operational merger").central_scenario
    assert scenario_result(scenario=merger, figures=figures).full_year_savings == Decimal("6870000")  # midpoints


def every_row() -> dict[str, list]:
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in apps.get_models() if m._meta.managed}


@pytest.mark.django_db
def test_load_demo_a_second_time_changes_nothing(capsys):
    call_command("load_demo")
    before = every_row()
    call_command("load_demo")
    after = every_row()
    assert {k for k in before if before[k] != after[k]} <= {"Session"}
    out = capsys.readouterr().out
    for title in ("Darlington and Stockton partnership for support services",
                  "Shared services: Carlisle with Allerdale and Eden"):  # fmt: skip
        assert f"Loaded {title}" in out
    for user in ("sbc-officer", "ccc-member"):
        assert user in out


def fixture(name: str) -> dict:
    return json.loads((settings.FIXTURES_DIR / name).read_text(encoding="utf-8"))


def test_a_council_in_two_fixtures_is_the_same_council_in_both():
    # Loading one file after the other must not change a council the other wrote (Darlington is in seeds 000 and 001).
    seen: dict[str, dict] = {}
    for path in demo_fixture_paths(settings.FIXTURES_DIR):
        for council in fixture(path.name).get("councils", []):
            described = {k: v for k, v in council.items() if k != "deficits"}
            assert seen.setdefault(council["code"], described) == described, path.name


def test_no_cluster_is_in_two_fixtures():
    # Clusters and services are shared by every appraisal: two files giving the same cluster would move each other's.
    owner: dict[str, str] = {}
    for path in demo_fixture_paths(settings.FIXTURES_DIR):
        for cluster in fixture(path.name).get("clusters", []):
            assert owner.setdefault(cluster["name"], path.name) == path.name, cluster["name"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "code"),
    [(DS, "SBC"), (DS, "DBC"), (CAE, "CCC"), (CAE, "EDC"), (DH, "HBC"), (TB, "RCBC"), (EHS, "STBC"), (EHS, "NHDC")],
)  # fmt: skip
def test_a_member_of_each_partner_reads_the_appraisal_and_its_options(client, django_user_model, demo, slug, code):
    member = django_user_model.objects.create_user("cllr", password="pw")
    user_role_set(user=member, role="member", council=Council.objects.get(code=code))
    client.force_login(member)
    appraisal = Appraisal.objects.get(slug=slug)
    pages = [reverse(name, args=[slug]) for name in ("appraisal_detail", "appraisal_options", "cabinet_report")]
    pages += [reverse("option_detail", args=[slug, o.pk]) for o in appraisal.options.all()]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert internal_notes(response.content.decode()) == [], url
    assert escape(appraisal.title) in client.get(reverse("home")).content.decode()
