"""Issue 20: changes to an appraisal's simulation settings are on the History page like its other audited changes —
each setting changed in words, old and new, who and from which page — under the kind filter "Simulation settings".
The first save reads as a change from the defaults the appraisal used until then."""

from decimal import Decimal

import pytest
from django.urls import reverse

from appraisal.history.selectors import KINDS
from appraisal.simulation.services import DEFAULTS, simulation_settings_set
from tests.history.test_history import HISTORY, SLUG, all_rows, now_text
from tests.simulation.typed import typed_settings

pytestmark = pytest.mark.django_db

KIND = "simulation"
SETTINGS = reverse("simulation_settings", args=[SLUG])
FORM = typed_settings(correlation="0.8", slip_none="70", slip_one="20")  # three changed from the defaults


def test_the_kind_filter_offers_simulation_settings(client, officer):
    assert (KIND, "Simulation settings") in KINDS
    assert f'<option value="{KIND}">Simulation settings</option>' in client.get(HISTORY).content.decode()


def test_a_first_save_on_the_page_lists_each_setting_changed_from_its_default(client, officer):
    assert client.post(SETTINGS, {**FORM, "version": "0"}).status_code == 302

    rows = all_rows(client, kind=KIND)

    assert [row[1:] for row in rows] == [
        [
            "Di Bell Source: Simulation settings page",
            "Simulation settings Correlation between service clusters",
            "0.50 → 0.80",
        ],
        ["Di Bell Source: Simulation settings page", "Simulation settings Chance of no delay", "60% → 70%"],
        ["Di Bell Source: Simulation settings page", "Simulation settings Chance of a one-year delay", "30% → 20%"],
    ]
    assert all(row[0].startswith(now_text()) for row in rows)


def test_a_later_save_lists_old_and_new_of_each_setting_it_changed(client, officer):
    client.post(SETTINGS, {**FORM, "version": "0"})
    later = {**FORM, "version": "1", "shape": "triangular", "runs": "20000", "spread": "15", "gap_share": "40"}
    assert client.post(SETTINGS, later).status_code == 302

    rows = [row[1:] for row in all_rows(client, kind=KIND)]

    who = "Di Bell Source: Simulation settings page"
    assert rows[:4] == [
        [who, "Simulation settings Number of runs", "10,000 → 20,000"],
        [who, "Simulation settings Distribution shape", "PERT → Triangular"],
        [who, "Simulation settings Range around a single figure", "±20% → ±15%"],
        [who, "Simulation settings Share of each council's funding gap tested", "25% → 40%"],
    ]
    assert len(rows) == 7  # and the first save's three


def test_restoring_the_defaults_is_listed_as_a_change_back(client, officer):
    client.post(SETTINGS, {**FORM, "version": "0"})
    assert client.post(SETTINGS, {"restore": "1", "version": "1"}).status_code == 302

    rows = [row[1:] for row in all_rows(client, kind=KIND)]

    assert rows[:3] == [
        [
            "Di Bell Source: Simulation settings page",
            "Simulation settings Correlation between service clusters",
            "0.80 → 0.50",
        ],
        ["Di Bell Source: Simulation settings page", "Simulation settings Chance of no delay", "70% → 60%"],
        ["Di Bell Source: Simulation settings page", "Simulation settings Chance of a one-year delay", "20% → 30%"],
    ]


def test_a_save_through_the_service_is_listed_by_the_person_with_no_page(client, officer, dh_appraisal):
    simulation_settings_set(
        appraisal=dh_appraisal, user=officer, version=0, seed=7, slip_two=Decimal(0), slip_none=Decimal(70)
    )

    rows = [row[1:] for row in all_rows(client, kind=KIND)]

    assert rows == [
        ["Di Bell", "Simulation settings Random seed", "2026 → 7"],
        ["Di Bell", "Simulation settings Chance of no delay", "60% → 70%"],
        ["Di Bell", "Simulation settings Chance of a two-year delay", "10% → 0%"],
    ]


def test_the_settings_changes_are_among_all_kinds_and_not_under_another(client, officer, dh_appraisal):
    simulation_settings_set(appraisal=dh_appraisal, user=officer, version=0, runs=50_000)
    changed = ["Di Bell", "Simulation settings Number of runs", "10,000 → 50,000"]
    assert changed in [row[1:] for row in all_rows(client)]
    assert changed not in [row[1:] for row in all_rows(client, kind="scenarios")]


def test_a_save_of_only_the_defaults_lists_nothing(client, officer, dh_appraisal):
    simulation_settings_set(appraisal=dh_appraisal, user=officer, version=0, **DEFAULTS)
    assert "No changes match the filters." in client.get(HISTORY, {"kind": KIND}).content.decode()
