"""Issue 15, defect 6: the report presents and compares only scenarios shown to members, exactly those ticked in
its settings, and its text reads only those (a draft's "£0 to £8.0m" of implementation costs never reaches it)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from appraisal.models import CabinetReport
from appraisal.report.selectors import cabinet_report_data
from appraisal.report.services import NOT_SHOWN, cabinet_report_update
from tests.helpers.html import cells, fragment
from tests.report.conftest import SLUG, edit_form, pdf_text, scenario_added

pytestmark = pytest.mark.django_db
EDIT = reverse("cabinet_report_edit", args=[SLUG])
REPORT = reverse("cabinet_report", args=[SLUG])


def _ticked(html: str) -> list[str]:
    """The names of the ticked "Scenarios compared" boxes on the settings page."""
    boxes = re.findall(r'<input type="checkbox" name="compared_scenarios"([^>]*)><label[^>]*>([^<]+)</label>', html)
    assert boxes, "no Scenarios compared boxes on the page"
    return [name for attributes, name in boxes if attributes.endswith(" checked")]


def _options(html: str) -> list[str]:
    """The choices of "Scenario the report presents"."""
    return re.findall(r"<option[^>]*>([^<]+)</option>", fragment(html, "id_scenario"))


def test_a_draft_is_not_offered_presented_or_compared_and_the_boxes_show_what_is_compared(user_with, dh_appraisal):
    scenario_added(dh_appraisal, "Scratch test")  # a draft with no costs: its £0 made the text say "£0.0m to £8.0m"
    client, _ = user_with("officer")
    page = client.get(EDIT).content.decode()
    assert _options(page) == ["The first scenario", "Low", "High"]
    # Nothing saved yet: the report compares the first four scenarios shown, and the boxes are ticked to say so.
    assert _ticked(page) == ["Low", "High"]
    html = client.get(REPORT).content.decode()
    assert "Scratch test" not in html
    assert cells(html, "comparison-table")[0] == ["Figure", "Low", "High"]
    assert "Implementation costs are estimated at £5.0m to £8.0m across the scenarios compared." in html
    assert "£0" not in fragment(html, "summary")


def test_the_report_compares_exactly_the_scenarios_ticked(user_with, dh_appraisal):
    scenario_added(dh_appraisal, "Shared payroll", shown=True)
    client, _ = user_with("officer")
    before = client.get(REPORT).content.decode()
    assert cells(before, "comparison-table")[0] == ["Figure", "Low", "High", "Shared payroll"]
    data = cabinet_report_data(appraisal=dh_appraisal)
    low, high = (s.pk for s in data.shown[:2])
    r = client.post(EDIT, edit_form(dh_appraisal, compared_scenarios=[str(low), str(high)]))
    assert r.status_code == 302
    assert _ticked(client.get(EDIT).content.decode()) == ["Low", "High"]
    html = client.get(REPORT).content.decode()
    assert cells(html, "comparison-table")[0] == ["Figure", "Low", "High"]
    assert "Shared payroll" not in html


def test_with_no_box_ticked_nothing_is_compared_and_the_text_gives_the_presented_costs(user_with, dh_appraisal):
    client, _ = user_with("officer")
    r = client.post(EDIT, edit_form(dh_appraisal, compared_scenarios=[]))
    assert r.status_code == 302
    assert _ticked(client.get(EDIT).content.decode()) == []
    html = client.get(REPORT).content.decode()
    assert 'id="comparison-table"' not in html
    assert "Implementation costs are estimated at £8.0m under the Low scenario." in html
    text = pdf_text(client.get(reverse("cabinet_report_pdf", args=[SLUG])).content)
    assert "Scenarios compared" not in text and "across the scenarios compared" not in text


def test_a_draft_sent_as_the_presented_or_a_compared_scenario_is_refused(user_with, dh_appraisal):
    draft = scenario_added(dh_appraisal, "Scratch test")
    client, _ = user_with("officer")
    sent_as = [
        ({"scenario": str(draft.pk)}, "Scenario the report presents"),
        ({"compared_scenarios": [str(draft.pk)]}, "Scenarios compared side by side (up to 4)"),
    ]
    for sent, label in sent_as:
        html = client.post(EDIT, edit_form(dh_appraisal, **sent)).content.decode()
        assert f"{label}: {NOT_SHOWN}</a>" in html  # in the error summary, and at the field
        assert f'<span class="visually-hidden">Error:</span> {NOT_SHOWN}</p>' in html
    assert not CabinetReport.objects.exists()
    # The service refuses it too, whoever calls it.
    data = cabinet_report_data(appraisal=dh_appraisal)
    with pytest.raises(ValidationError) as refused:
        cabinet_report_update(appraisal=dh_appraisal, values={"scenario": draft}, compared_ids=[],
                              generated=data.generated, expected_version=0)  # fmt: skip
    assert refused.value.message_dict == {"scenario": [NOT_SHOWN]}


def test_a_scenario_returned_to_draft_leaves_the_report_for_the_first_shown(user_with, dh_appraisal):
    client, _ = user_with("officer")
    data = cabinet_report_data(appraisal=dh_appraisal)
    high = data.shown[1]
    assert client.post(EDIT, edit_form(dh_appraisal, scenario=str(high.pk))).status_code == 302
    assert "The High scenario" in client.get(REPORT).content.decode()
    high.status = high.Status.DRAFT
    high.save()
    html = client.get(REPORT).content.decode()
    assert "The Low scenario" in html and "High" not in fragment(html, "summary")
    assert 'id="comparison-table"' not in html  # Low alone is left to compare


def test_a_draft_asked_for_by_name_is_not_found(user_with, dh_appraisal):
    scenario_added(dh_appraisal, "Scratch test")
    client, _ = user_with("member")
    assert client.get(REPORT + "?scenario=Scratch+test").status_code == 404
    assert client.get(reverse("cabinet_report_pdf", args=[SLUG]) + "?scenario=Scratch+test").status_code == 404
    assert client.get(REPORT + "?scenario=high").status_code == 200


def test_with_no_scenario_shown_the_report_presents_none(user_with, dh_appraisal):
    dh_appraisal.scenarios.update(status="draft")
    client, _ = user_with("member")
    html = client.get(REPORT).content.decode()
    assert 'id="scenario-headlines"' not in html and 'id="comparison-table"' not in html
    assert "Low" not in fragment(html, "summary") and "Implementation costs are estimated" not in html
    assert "No scenario is presented, so no optimism bias is applied to the savings range." in html
