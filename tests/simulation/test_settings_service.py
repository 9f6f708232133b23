"""Issue 20: one service writes an appraisal's simulation settings, refusing what the simulation cannot take with
the reason; the selector reads them, or the defaults where none are saved."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from appraisal.calculations.simulation_types import DEFAULT_SLIPPAGE, Uncertainty
from appraisal.models import SimulationSettings
from appraisal.models.simulation import ERR_CORRELATION, ERR_GAP_SHARE, ERR_RUNS, ERR_SLIP_SUM
from appraisal.simulation.selectors import simulation_settings_version, uncertainty_of
from appraisal.simulation.services import DEFAULTS, simulation_settings_set
from appraise.writes import StaleEdit

pytestmark = pytest.mark.django_db


def test_with_nothing_saved_the_defaults_are_used(dh_appraisal):
    assert uncertainty_of(appraisal=dh_appraisal) == Uncertainty()
    assert Uncertainty().slippage == DEFAULT_SLIPPAGE


def test_the_settings_saved_are_read_back(dh_appraisal):
    simulation_settings_set(appraisal=dh_appraisal, runs=2000, seed=11, shape="triangular", correlation=D("0.25"))
    simulation_settings_set(appraisal=dh_appraisal, slip_none=D(100), slip_one=D(0), slip_two=D(0), gap_share=D(50))
    assert uncertainty_of(appraisal=dh_appraisal) == Uncertainty(
        runs=2000,
        seed=11,
        shape="triangular",
        correlation=D("0.25"),
        slippage=(D(100), D(0), D(0)),
        gap_share=D(50),
    )
    assert SimulationSettings.objects.get().version == 2


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"runs": 999}, "runs", ERR_RUNS),
        ({"runs": 100_001}, "runs", ERR_RUNS),
        ({"correlation": D("1.01")}, "correlation", ERR_CORRELATION),
        ({"correlation": D("-0.1")}, "correlation", ERR_CORRELATION),
        ({"slip_none": D(50)}, "slip_none", ERR_SLIP_SUM),
        ({"gap_share": D(0)}, "gap_share", ERR_GAP_SHARE),
    ],
)
def test_what_the_simulation_cannot_take_is_refused_with_the_reason(dh_appraisal, values, field, message):
    with pytest.raises(ValidationError) as refused:
        simulation_settings_set(appraisal=dh_appraisal, **values)
    assert refused.value.message_dict[field] == [message]
    assert not SimulationSettings.objects.exists()


def test_slippage_chances_adding_up_to_100_are_accepted(dh_appraisal):
    simulation_settings_set(appraisal=dh_appraisal, slip_none=D("33.34"), slip_one=D("33.33"), slip_two=D("33.33"))
    assert uncertainty_of(appraisal=dh_appraisal).slippage == (D("33.34"), D("33.33"), D("33.33"))


def test_an_edit_made_over_an_older_version_is_refused(dh_appraisal):
    simulation_settings_set(appraisal=dh_appraisal, seed=1, version=0)
    with pytest.raises(StaleEdit):
        simulation_settings_set(appraisal=dh_appraisal, seed=2, version=0)
    simulation_settings_set(appraisal=dh_appraisal, seed=3, version=1)
    assert uncertainty_of(appraisal=dh_appraisal).seed == 3


def test_restoring_the_defaults_with_nothing_saved_saves_nothing(dh_appraisal):
    simulation_settings_set(appraisal=dh_appraisal, **DEFAULTS)
    assert not SimulationSettings.objects.exists()
    assert not SimulationSettings.history.exists()


def test_an_unknown_setting_is_a_mistake_in_the_caller():
    with pytest.raises(TypeError):
        simulation_settings_set(appraisal=None, colour="blue")


def test_the_version_is_0_with_nothing_saved_and_rises_with_each_save(dh_appraisal):
    assert simulation_settings_version(appraisal=dh_appraisal) == 0
    simulation_settings_set(appraisal=dh_appraisal, version=0, seed=7)
    assert simulation_settings_version(appraisal=dh_appraisal) == 1
    simulation_settings_set(appraisal=dh_appraisal, version=1, seed=8)
    assert simulation_settings_version(appraisal=dh_appraisal) == 2
