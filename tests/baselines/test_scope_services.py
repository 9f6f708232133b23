"""The writes of an appraisal's scope (appraisal/baselines/services.py): one service added or removed, and the bulk
functions a workbook import uses. A service's baselines are never touched: they stay for every appraisal."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from appraisal.baselines.selectors import ScopeChoice, appraisal_services, service_scopes
from appraisal.baselines.services import (
    SERVICE_ALREADY_IN,
    SERVICE_NOT_IN,
    ServiceScopeSet,
    service_scope_add,
    service_scope_remove,
    service_scopes_bulk_apply,
    service_scopes_bulk_remove,
)
from appraisal.models import ServiceScope
from services.models import Baseline, Service
from services.services import service_upsert

pytestmark = pytest.mark.django_db


@pytest.fixture
def payroll(dh_appraisal) -> Service:
    return service_upsert(
        cluster=Service.objects.get(name="HR").cluster,
        name="Payroll bureau",
        position=20,
        scope="limited",
        scope_reason="Traded with schools",
    )


def test_a_service_added_without_a_scope_takes_the_services_own_scope_and_reason(dh_appraisal, payroll):
    added = service_scope_add(appraisal=dh_appraisal, service=payroll)
    assert (added.scope, added.reason) == ("limited", "Traded with schools")
    assert service_scopes(appraisal_id=dh_appraisal.pk)[payroll.pk] == ScopeChoice("limited", "Traded with schools")


def test_a_service_added_with_another_scope_gets_no_reason_unless_given(dh_appraisal, payroll):
    added = service_scope_add(appraisal=dh_appraisal, service=payroll, scope="key")
    assert (added.scope, added.reason) == ("key", "")
    service_scope_remove(appraisal=dh_appraisal, service_id=payroll.pk)
    added = service_scope_add(appraisal=dh_appraisal, service=payroll, scope="key", reason="Shared bureau")
    assert (added.scope, added.reason) == ("key", "Shared bureau")


def test_a_service_cannot_be_added_twice_nor_removed_when_not_in(dh_appraisal, payroll):
    hr = Service.objects.get(name="HR")
    with pytest.raises(ValidationError) as added:
        service_scope_add(appraisal=dh_appraisal, service=hr, scope="excluded")
    assert added.value.message_dict == {"service": [SERVICE_ALREADY_IN]}
    with pytest.raises(ValidationError) as removed:
        service_scope_remove(appraisal=dh_appraisal, service_id=payroll.pk)
    assert removed.value.message_dict == {"service": [SERVICE_NOT_IN]}
    assert ServiceScope.objects.get(appraisal=dh_appraisal, service=hr).scope == "key"


def test_removing_returns_the_scope_it_had_and_keeps_the_baselines(dh_appraisal):
    hr = Service.objects.get(name="HR")
    had = service_scope_remove(appraisal=dh_appraisal, service_id=hr.pk)
    assert had == ScopeChoice("key", "Scale, standardisation and self-service")
    assert hr.pk not in service_scopes(appraisal_id=dh_appraisal.pk)
    assert list(Baseline.objects.filter(service=hr).values_list("net_budget", flat=True).order_by("council__code")) == [
        Decimal("947301.00"),
        Decimal("1112049.00"),
    ]


def test_bulk_apply_adds_services_and_sets_scopes_none_meaning_the_services_own(dh_appraisal, payroll):
    hr = Service.objects.get(name="HR")
    service_scopes_bulk_apply(
        appraisal=dh_appraisal,
        scopes=[ServiceScopeSet(payroll.pk, None), ServiceScopeSet(hr.pk, ScopeChoice("excluded", "Outsourced"))],
    )
    scopes = service_scopes(appraisal_id=dh_appraisal.pk)
    assert scopes[payroll.pk] == ScopeChoice("limited", "Traded with schools")
    assert scopes[hr.pk] == ScopeChoice("excluded", "Outsourced")
    service_scopes_bulk_apply(appraisal=dh_appraisal, scopes=[ServiceScopeSet(hr.pk, None)])
    assert service_scopes(appraisal_id=dh_appraisal.pk)[hr.pk] == ScopeChoice(
        "key", "Scale, standardisation and self-service"
    )


def test_bulk_remove_takes_out_the_services_held_and_passes_over_the_others(dh_appraisal, payroll):
    hr, finance = Service.objects.get(name="HR"), Service.objects.get(name="Finance")
    removed = service_scopes_bulk_remove(appraisal=dh_appraisal, service_ids=[hr.pk, finance.pk, payroll.pk])
    assert removed == 2
    names = [s.service for s in appraisal_services(appraisal_id=dh_appraisal.pk)]
    assert (
        len(names) == 37
        and "HR" not in names
        and "Finance" not in names
        and names[0] == ("Chief Executive and corporate management team")
    )
