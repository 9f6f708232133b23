"""Issue 16 ("every audited change: figures, scenarios, options, report sections"): the options appraisal's changes
are on the History page — options, their model per cluster, criteria, scores and risks — with who, old and new, and
the kind filter "Options" lists them alone."""

import pytest

from appraisal.models import Criterion, Option, OptionScore, Risk
from appraisal.options.selectors import business_as_usual_get
from tests.history.test_history import HISTORY, all_rows, history_rows

pytestmark = pytest.mark.django_db


def _as(user, obj, **values):
    """Save as `user` would through a service: simple-history records who from `_history_user`."""
    for name, value in values.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()
    return obj


def test_an_options_changes_are_listed_with_who_old_and_new(sign_in, officer, dh_appraisal):
    option = _as(officer, Option(appraisal=dh_appraisal, name="Shared HR", delivery_model="federal", position=5))
    _as(officer, option, name="Shared HR and payroll", delivery_model="company")
    client = sign_in("member", "HBC")

    rows = [row[1:] for row in all_rows(client, kind="options")]

    named = "Option Shared HR and payroll"
    assert ["Di Bell", f"{named} Name", "Shared HR → Shared HR and payroll"] in rows
    model = next(row for row in rows if row[1] == f"{named} Delivery model")
    assert model[2].startswith("Federal: a joint committee → ")
    assert ["Di Bell", named, "Created: Name Shared HR; Delivery model Federal: a joint committee"] in rows


def test_scores_risks_and_criteria_are_listed_under_their_option(sign_in, officer, dh_appraisal):
    option = _as(officer, Option(appraisal=dh_appraisal, name="Partnership", delivery_model="federal", position=5))
    quality = Criterion.objects.filter(appraisal=dh_appraisal, is_financial=False).order_by("position").first()
    score = _as(officer, OptionScore(option=option, criterion=quality, score=2, reason="Untested"))
    _as(officer, score, score=4)
    risk = _as(officer, Risk(option=option, description="Staff leave before the merger", likelihood=3, impact=4))
    _as(officer, risk, likelihood=4)
    was = quality.weight
    _as(officer, quality, weight=was + 5)
    client = sign_in("member", "HBC")

    rows = [row[1:] for row in history_rows(client.get(HISTORY, {"kind": "options"}))]

    assert ["Di Bell", f"Option Partnership · Score for {quality.name} Score", "2 → 4"] in rows
    assert ["Di Bell", "Option Partnership · Risk Likelihood", "3 → 4"] in rows
    assert ["Di Bell", "Option Partnership · Risk", "Created: Staff leave before the merger"] in rows
    assert ["Di Bell", f"Criterion {quality.name} Weight", f"{was} → {was + 5}"] in rows
    assert all(row[1].startswith(("Option ", "Criterion ")) for row in rows)


def test_business_as_usual_and_the_default_criteria_are_in_the_history(sign_in, dh_appraisal):
    client = sign_in("member", "HBC")

    rows = [row[1:] for row in all_rows(client, kind="options")]

    bau = business_as_usual_get(appraisal=dh_appraisal)
    assert [row[1] for row in rows if row[1].startswith("Option ")] == [f"Option {bau.name}"]
    criteria = Criterion.objects.filter(appraisal=dh_appraisal)
    assert {row[1] for row in rows if row[1].startswith("Criterion ")} == {f"Criterion {c.name}" for c in criteria}
