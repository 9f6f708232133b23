"""Issue 20: an appraisal's simulation settings in Administration, with their history; a save there raises the
version (so an edit left open on the settings page is refused) and is listed on the History page as from
Administration."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from appraisal.models import SimulationSettings
from appraisal.simulation.selectors import simulation_settings_version, uncertainty_of
from appraisal.simulation.services import simulation_settings_set
from tests.history.test_history import all_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(dh_appraisal) -> SimulationSettings:
    return simulation_settings_set(appraisal=dh_appraisal, version=0, seed=7)


def _form(row: SimulationSettings, **changes) -> dict:
    values = {
        "appraisal": row.appraisal_id,
        "runs": row.runs,
        "seed": row.seed,
        "shape": row.shape,
        "correlation": row.correlation,
        "slip_none": row.slip_none,
        "slip_one": row.slip_one,
        "slip_two": row.slip_two,
        "spread": row.spread,
        "gap_share": row.gap_share,
    }
    return {**values, **changes}


def test_the_settings_are_listed_with_their_history(admin_client, stored):
    listing = admin_client.get(reverse("admin:appraisal_simulationsettings_changelist"))
    assert listing.status_code == 200
    assert "Simulation settings: " in listing.content.decode()
    history = admin_client.get(reverse("admin:appraisal_simulationsettings_history", args=[stored.pk]))
    assert history.status_code == 200


def test_a_save_in_administration_raises_the_version_and_is_on_the_history_page(admin_client, stored):
    url = reverse("admin:appraisal_simulationsettings_change", args=[stored.pk])
    assert admin_client.post(url, _form(stored, correlation="0.9")).status_code == 302
    assert uncertainty_of(appraisal=stored.appraisal).correlation == D("0.9")
    assert simulation_settings_version(appraisal=stored.appraisal) == 2
    rows = [row[1:] for row in all_rows(admin_client, kind="simulation")]
    assert rows[0] == [
        "programme-admin Source: Administration",
        "Simulation settings Correlation between service clusters",
        "0.50 → 0.90",
    ]


def test_administration_refuses_slippage_not_adding_up_to_100(admin_client, stored):
    url = reverse("admin:appraisal_simulationsettings_change", args=[stored.pk])
    response = admin_client.post(url, _form(stored, slip_two="25"))
    assert response.status_code == 200
    assert "must add up to 100%" in response.content.decode()
    assert simulation_settings_version(appraisal=stored.appraisal) == 1
