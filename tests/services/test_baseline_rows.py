"""services.selectors.baseline_rows: the baselines of the councils and services asked for, never a council's others."""

from decimal import Decimal

import pytest

from councils.models import Council
from services.models import Service
from services.selectors import baseline_cells, baseline_rows, baseline_years
from services.services import baseline_set

pytestmark = pytest.mark.django_db


def test_only_the_services_asked_for_are_read(dh_appraisal):
    dbc = Council.objects.get(code="DBC")
    hr, finance = Service.objects.get(name="HR"), Service.objects.get(name="Finance")
    rows = baseline_rows(council_ids=[dbc.pk], year=2011, service_ids=[hr.pk, finance.pk])
    assert [(r.service, r.net_budget) for r in rows] == [("HR", Decimal(947301)), ("Finance", Decimal(1398075))]
    assert baseline_rows(council_ids=[dbc.pk], year=2011, service_ids=[]) == []


def test_the_grids_cells_and_years_are_of_the_services_asked_for(dh_appraisal):
    dbc = Council.objects.get(code="DBC")
    hr, ict = Service.objects.get(name="HR"), Service.objects.get(name="ICT")
    baseline_set(council=dbc, service=ict, year=2013, gross_budget=Decimal(1), net_budget=Decimal(1))
    assert [c.service_id for c in baseline_cells(council_ids=[dbc.pk], year=2011, service_ids=[hr.pk])] == [hr.pk]
    assert baseline_years(council_ids=[dbc.pk], service_ids=[hr.pk]) == [2011]
    assert baseline_years(council_ids=[dbc.pk], service_ids=[hr.pk, ict.pk]) == [2011, 2013]
