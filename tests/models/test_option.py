"""The options appraisal's models (issue 17): business as usual exactly once and never deleted, and the rules the
database itself keeps."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from appraisal.calculations import options as opt
from appraisal.models import Appraisal, CostItem, Criterion, Option, OptionClusterModel, OptionScore, Risk, Scenario
from appraisal.models import option as option_model
from appraisal.options.services import options_defaults_create
from appraisal.summary.services import appraisal_upsert
from councils.services import council_upsert
from services.services import cluster_upsert

pytestmark = pytest.mark.django_db


@pytest.fixture
def councils():
    return [
        council_upsert(code="DBC", name="Darlington Borough Council", council_type="unitary"),
        council_upsert(code="SBC", name="Stockton-on-Tees Borough Council", council_type="unitary"),
    ]


@pytest.fixture
def appraisal(councils):
    appraisal = appraisal_upsert(
        slug="support-services", title="Support services", base_year=2005, deficit_year=2007, councils=councils
    )
    options_defaults_create(appraisal=appraisal)
    return appraisal


@pytest.fixture
def bau(appraisal):
    return appraisal.options.get(business_as_usual=True)


def option(appraisal, **values):
    return Option.objects.create(**({"appraisal": appraisal, "name": "Partnership"} | values))


def test_business_as_usual_cannot_be_deleted(bau):
    with pytest.raises(ValidationError, match="Business as usual cannot be deleted"):
        bau.delete()
    assert Option.objects.filter(pk=bau.pk).exists()


def test_business_as_usual_cannot_be_deleted_in_bulk_either(appraisal, bau):
    option(appraisal)
    with pytest.raises(ValidationError, match="Business as usual cannot be deleted"):
        appraisal.options.all().delete()
    assert appraisal.options.count() == 2


def test_other_options_can_be_deleted_one_by_one_or_in_bulk(appraisal, bau):
    option(appraisal).delete()
    option(appraisal, name="Outsourcing")
    appraisal.options.filter(business_as_usual=False).delete()
    assert list(appraisal.options.all()) == [bau]


def test_deleting_the_appraisal_takes_its_business_as_usual_with_it(appraisal):
    appraisal.delete()
    assert not Option.objects.exists() and not Criterion.objects.exists()


def test_a_second_business_as_usual_is_refused_by_clean_and_by_the_database(appraisal, bau):
    second = Option(appraisal=appraisal, name="Do nothing", delivery_model=opt.IN_HOUSE, business_as_usual=True)
    with pytest.raises(ValidationError) as exc:
        second.full_clean()
    assert exc.value.message_dict["business_as_usual"] == [option_model.BUSINESS_AS_USUAL_ONCE]
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_business_as_usual_stays_business_as_usual(bau):
    bau.business_as_usual = False
    with pytest.raises(ValidationError) as exc:
        bau.full_clean()
    assert exc.value.message_dict["business_as_usual"] == [option_model.BUSINESS_AS_USUAL_STAYS]


def test_business_as_usual_is_in_house_with_no_adjustment_to_savings(bau):
    bau.delivery_model = opt.OUTSOURCED
    bau.savings_adjustment_pct = Decimal(10)
    bau.savings_adjustment_reason = "Optimism"
    with pytest.raises(ValidationError) as exc:
        bau.full_clean()
    assert exc.value.message_dict["delivery_model"] == [option_model.BUSINESS_AS_USUAL_IN_HOUSE]
    assert exc.value.message_dict["savings_adjustment_pct"] == [option_model.BUSINESS_AS_USUAL_NIL]
    with pytest.raises(IntegrityError), transaction.atomic():
        Option.objects.filter(pk=bau.pk).update(delivery_model=opt.OUTSOURCED)


def test_option_names_are_unique_in_an_appraisal(appraisal):
    option(appraisal)
    with pytest.raises(ValidationError, match="already has an option with that name"):
        Option(appraisal=appraisal, name="Partnership").full_clean()


def test_a_sovereign_option_names_a_partner_as_lead_authority(appraisal, councils):
    sovereign = Option(appraisal=appraisal, name="Lead authority", delivery_model=opt.SOVEREIGN)
    with pytest.raises(ValidationError) as exc:
        sovereign.full_clean()
    assert exc.value.message_dict["lead_authority"] == [option_model.LEAD_AUTHORITY_NEEDED]
    sovereign.lead_authority = council_upsert(code="HBC", name="Hartlepool Borough Council", council_type="unitary")
    with pytest.raises(ValidationError) as exc:
        sovereign.full_clean()
    assert exc.value.message_dict["lead_authority"] == [option_model.LEAD_AUTHORITY_NOT_PARTNER]
    sovereign.lead_authority = councils[0]
    sovereign.full_clean()


def test_only_a_sovereign_option_has_a_lead_authority(appraisal, councils):
    with pytest.raises(IntegrityError), transaction.atomic():
        option(appraisal, delivery_model=opt.FEDERAL, lead_authority=councils[0])


def test_an_adjustment_to_savings_needs_a_reason(appraisal):
    adjusted = Option(appraisal=appraisal, name="Partnership", savings_adjustment_pct=Decimal(15))
    with pytest.raises(ValidationError) as exc:
        adjusted.full_clean()
    assert exc.value.message_dict["savings_adjustment_reason"] == [option_model.REASON_NEEDED]


def test_one_preferred_option_per_appraisal(appraisal):
    option(appraisal, preferred=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        option(appraisal, name="Outsourcing", preferred=True)


def test_an_option_has_one_central_low_and_high_scenario(appraisal):
    partnership = option(appraisal)
    central = Scenario.objects.create(appraisal=appraisal, name="Partnership", first_year=2006, option=partnership)
    Scenario.objects.create(
        appraisal=appraisal, name="Partnership low", first_year=2006, option=partnership, case="low"
    )
    assert partnership.central_scenario == central
    with pytest.raises(IntegrityError), transaction.atomic():
        Scenario.objects.create(appraisal=appraisal, name="Partnership 2", first_year=2006, option=partnership)


def test_business_as_usual_has_no_scenario(appraisal, bau):
    scenario = Scenario(appraisal=appraisal, name="BAU", first_year=2006, option=bau)
    with pytest.raises(ValidationError, match="no scenario"):
        scenario.full_clean()


def test_scenarios_made_before_options_are_central_and_belong_to_no_option(appraisal):
    scenario = Scenario.objects.create(appraisal=appraisal, name="Central", first_year=2006)
    assert (scenario.option, scenario.case) == (None, Scenario.Case.CENTRAL)


def test_a_cost_line_takes_a_bias_category_and_a_recurring_last_year(appraisal):
    scenario = Scenario.objects.create(appraisal=appraisal, name="Outsourcing", first_year=2006)
    line = CostItem(scenario=scenario, category="contract", year=2006, amount=Decimal(1000), recurring=False)
    line.last_year = 2008
    with pytest.raises(ValidationError, match="Only a recurring cost has a last year"):
        line.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        line.save()
    line.recurring, line.bias_category, line.mitigated_pct = True, opt.OUTSOURCING, Decimal(50)
    line.full_clean()
    line.save()
    untouched = CostItem.objects.create(scenario=scenario, category="redundancy", year=2006, amount=Decimal(1))
    assert (untouched.bias_category, untouched.mitigated_pct, untouched.recurring) == ("", 0, False)


def test_mitigation_needs_a_category(appraisal):
    scenario = Scenario.objects.create(appraisal=appraisal, name="Outsourcing", first_year=2006)
    line = CostItem(scenario=scenario, category="ict", year=2006, amount=Decimal(1000), mitigated_pct=Decimal(50))
    with pytest.raises(ValidationError, match="Choose the optimism bias category"):
        line.full_clean()


def test_scores_are_0_to_5_once_per_criterion_and_never_on_the_financial_criterion(appraisal):
    partnership = option(appraisal)
    quality = appraisal.criteria.get(name="Quality of service to customers")
    with pytest.raises(IntegrityError), transaction.atomic():
        OptionScore.objects.create(option=partnership, criterion=quality, score=6)
    OptionScore.objects.create(option=partnership, criterion=quality, score=4, reason="One team, same standards")
    with pytest.raises(IntegrityError), transaction.atomic():
        OptionScore.objects.create(option=partnership, criterion=quality, score=3)
    money = appraisal.criteria.get(is_financial=True)
    with pytest.raises(ValidationError, match="scored from the figures"):
        OptionScore(option=partnership, criterion=money, score=3).full_clean()


def test_one_financial_criterion_per_appraisal(appraisal):
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(appraisal=appraisal, name="Cost", weight=0, is_financial=True)


def test_a_risk_is_rated_likelihood_times_impact_with_its_band(appraisal):
    risk = Risk.objects.create(option=option(appraisal), description="Savings not delivered", likelihood=3, impact=4)
    assert (risk.rating, risk.rag) == (12, "amber")
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.create(option=risk.option, description="Off the scale", likelihood=6, impact=1)


def test_a_costed_risk_gives_cost_probability_and_year_together(appraisal):
    risk = Risk(option=option(appraisal), description="Contract", likelihood=2, impact=5, cost=Decimal(100000))
    with pytest.raises(ValidationError) as exc:
        risk.full_clean()
    assert set(exc.value.message_dict) == {"probability", "year"}
    with pytest.raises(IntegrityError), transaction.atomic():
        risk.save()


def test_a_clusters_own_model_belongs_to_a_mixed_option(appraisal, councils):
    cluster = cluster_upsert(name="Corporate Services", position=1)
    federal = option(appraisal)
    setting = OptionClusterModel(option=federal, cluster=cluster, delivery_model=opt.SOVEREIGN)
    with pytest.raises(ValidationError) as exc:
        setting.full_clean()
    assert set(exc.value.message_dict) == {"delivery_model", "lead_authority"}
    federal.delivery_model = opt.MIXED
    federal.save()
    setting.lead_authority = councils[0]
    setting.full_clean()
    setting.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        OptionClusterModel.objects.create(option=federal, cluster=cluster, delivery_model=opt.FEDERAL)


def test_changes_are_in_the_history(appraisal, bau):
    bau.description = "As now."
    bau.save()
    assert bau.history.count() == 2
    assert appraisal.criteria.first().history.count() == 1


def test_the_migration_gives_an_appraisal_made_before_business_as_usual_and_the_default_criteria(councils):
    # The data migration's function, run on today's models: what it makes is what the service makes.
    migration = importlib.import_module("appraisal.migrations.0009_options_defaults")
    before = Appraisal.objects.create(slug="before", title="Before", base_year=2011, deficit_year=2014)
    migration.create_defaults(apps, None)
    migration.create_defaults(apps, None)  # and again: nothing more
    made = Appraisal.objects.create(slug="made", title="Made", base_year=2011, deficit_year=2014)
    options_defaults_create(appraisal=made)

    def defaults(appraisal):
        options = [(o.name, o.delivery_model, o.business_as_usual, o.description) for o in appraisal.options.all()]
        criteria = [(c.name, c.weight, c.is_financial, c.position) for c in appraisal.criteria.all()]
        return options, criteria

    assert defaults(before) == defaults(made)
    assert len(defaults(before)[0]) == 1 and sum(w for _, w, _, _ in defaults(before)[1]) == 100
