"""Issue 20, the simulation settings page: officers of a partner council (and programme admins) change how the
"How sure are these figures?" results are worked out, or restore the defaults; members read the settings; anyone
else is told there is no such appraisal."""

import re
from decimal import Decimal as D
from html import unescape

import pytest
from django.urls import reverse

from appraisal.calculations.simulation_types import Uncertainty
from appraisal.models import SimulationSettings
from appraisal.models.simulation import ERR_CORRELATION, ERR_RUNS, ERR_SLIP_SUM
from appraisal.simulation.selectors import uncertainty_of
from appraisal.simulation.services import simulation_settings_set
from appraisal.simulation.settings_views import RESTORED, SAVED
from councils.models import Council
from councils.services import user_role_set
from tests.helpers.html import cells, fragment, text
from tests.simulation.typed import typed_settings

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"
PAGE = reverse("simulation_settings", args=[SLUG])
FORM = typed_settings(
    version="0",
    runs="20,000",
    seed="7",
    shape="triangular",
    correlation="0.8",
    slip_none="50",
    slip_one="30%",
    slip_two="20",
    spread="15",
    gap_share="40",
)


def inputs(response) -> dict[str, str]:
    html = response.content.decode()
    form = fragment(html, "settings-form")
    found = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
    return {name: value for name, value in found.items() if name != "csrfmiddlewaretoken"}


def test_an_officer_sees_every_setting_with_its_default_stated(signed_in):
    response = signed_in("officer").get(PAGE)
    assert response.status_code == 200
    page = text(response)
    assert "How sure are these figures: simulation settings" in page
    assert (
        "Correlation between service clusters 0 means each cluster's saving is drawn independently; 1 means they all "
        "turn out high or low together. Default 0.5." in page
    )
    assert "Between 1,000 and 100,000. Default 10,000." in page
    assert "The three must add up to 100%. Defaults 60%, 30% and 10%." in page
    assert "Default 20%." in page and "Default 25%." in page and "Default 2026." in page and "Default PERT." in page
    assert inputs(response) == {
        "version": "0",
        "runs": "10,000",
        "seed": "2026",
        "correlation": "0.5",
        "slip_none": "60",
        "slip_one": "30",
        "slip_two": "10",
        "spread": "20",
        "gap_share": "25",
    }
    assert "Restore the defaults" in page
    assert 'href="/appraisals/darlington-hartlepool-2011/" id="back-to-summary"' in response.content.decode()
    assert 'aria-current="page">Summary</a>' in response.content.decode()


def test_a_member_reads_the_settings_and_is_given_no_form(signed_in, dh_appraisal):
    simulation_settings_set(appraisal=dh_appraisal, runs=5000, correlation=D("1"))
    response = signed_in("member").get(PAGE)
    assert response.status_code == 200
    assert 'id="settings-form"' not in response.content.decode()
    rows = cells(unescape(response.content.decode()), "settings-summary")
    assert rows[1:] == [
        ["Number of runs", "5,000 (default 10,000)"],
        ["Random seed", "2026 (the default)"],
        ["Shape of each range", "PERT (most runs near the chosen point) (the default)"],
        ["Correlation between service clusters", "1 (default 0.5)"],
        ["Chance of the savings starting late", "60% no delay, 30% one year late, 10% two years late (the default)"],
        ["Range around a single figure", "±20% (the default)"],
        ["Share of each council's funding gap tested", "25% (the default)"],
    ]


def test_a_member_may_not_change_them(signed_in):
    assert signed_in("member").post(PAGE, FORM).status_code == 403
    assert not SimulationSettings.objects.exists()


def test_an_officer_of_another_council_is_told_there_is_no_such_appraisal(client, django_user_model, dh_appraisal):
    user = django_user_model.objects.create_user("outsider", password="pw")
    other = Council.objects.create(code="XBC", name="Elsewhere Borough Council", slug="elsewhere")
    user_role_set(user=user, role="officer", council=other)
    client.force_login(user)
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, FORM).status_code == 404


def test_other_methods_are_refused(signed_in):
    officer = signed_in("officer")
    assert officer.put(PAGE).status_code == 405
    assert officer.delete(PAGE).status_code == 405


def test_saving_redirects_back_with_a_message_and_the_settings_are_used(signed_in, dh_appraisal):
    officer = signed_in("officer")
    response = officer.post(PAGE, FORM)
    assert response.status_code == 302 and response.url == PAGE
    assert uncertainty_of(appraisal=dh_appraisal) == Uncertainty(
        runs=20000,
        seed=7,
        shape="triangular",
        correlation=D("0.8"),
        slippage=(D(50), D(30), D(20)),
        spread=D(15),
        gap_share=D(40),
    )
    page = officer.get(PAGE)
    assert SAVED in text(page)
    assert inputs(page)["runs"] == "20,000" and inputs(page)["version"] == "1"


def test_an_admin_may_change_them(admin_client, dh_appraisal):
    assert admin_client.post(PAGE, FORM).status_code == 302
    assert uncertainty_of(appraisal=dh_appraisal).seed == 7


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("correlation", "1.5", ERR_CORRELATION),
        ("runs", "500", ERR_RUNS),
        ("slip_two", "25", ERR_SLIP_SUM),
        ("runs", "lots", "Enter the number of runs as a whole number, like 10,000"),
    ],
)
def test_a_refused_setting_is_named_at_the_top_and_beside_its_field_and_nothing_is_saved(
    signed_in, dh_appraisal, field, typed, message
):
    response = signed_in("officer").post(PAGE, FORM | {field: typed})
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    summary = fragment(html, "settings-errors")
    assert "There is a problem" in summary and message in summary
    anchor = "settings-slip_none" if message == ERR_SLIP_SUM else f"settings-{field}"
    assert f'href="#{anchor}"' in summary
    assert (
        f'<p class="error-message" id="{anchor}-error"><span class="visually-hidden">Error:</span> {message}</p>'
        in html
    )
    assert inputs(response)[field] == typed  # what was typed is kept to correct
    assert not SimulationSettings.objects.exists()
    assert uncertainty_of(appraisal=dh_appraisal) == Uncertainty()


def test_restoring_the_defaults(signed_in, dh_appraisal):
    officer = signed_in("officer")
    officer.post(PAGE, FORM)
    response = officer.post(PAGE, {"restore": "1", "version": "1"})
    assert response.status_code == 302
    assert uncertainty_of(appraisal=dh_appraisal) == Uncertainty()
    assert RESTORED in text(officer.get(PAGE))


def test_a_colleagues_save_in_between_is_not_overwritten(signed_in, dh_appraisal):
    officer = signed_in("officer")
    simulation_settings_set(appraisal=dh_appraisal, seed=99)  # saved after the form showed the defaults
    response = officer.post(PAGE, FORM)
    assert response.status_code == 200
    assert "Changed by someone else" in text(response) and "while you were editing" in text(response)
    assert uncertainty_of(appraisal=dh_appraisal).seed == 99
    assert inputs(response)["seed"] == "99" and inputs(response)["version"] == "1"


def test_a_save_records_who_made_it_and_from_which_page(signed_in, dh_appraisal):
    signed_in("officer").post(PAGE, FORM)
    record = SimulationSettings.history.get()
    assert record.history_change_reason == "Simulation settings page"
    assert record.history_user.username == "dbc-officer-user"
    assert record.runs == 20000
