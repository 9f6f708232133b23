"""A scenario is a draft until an officer shows it to members (issue 15, defect 6): members never see a draft on the
dashboard (its choice of scenario, the panel, the comparison), in the scenarios list or in the editor; officers see
drafts marked "Draft", and show a scenario to members or return it to draft from the editor."""

import re

import pytest
from django.urls import reverse

from appraisal.models import Scenario
from appraisal.scenarios.selectors import scenarios_for, scenarios_shown
from appraisal.scenarios.services import scenario_create, scenario_status_update
from tests.helpers.html import cells, fragment

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"
DASHBOARD = reverse("appraisal_detail", args=[SLUG])
LIST = reverse("appraisal_scenarios", args=[SLUG])
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def draft(dh_appraisal):
    """An officer's scratch scenario: every cluster at its midpoint from 2012/13, never shown to members."""
    return scenario_create(appraisal=dh_appraisal, name="Test only", first_year=2012, years=5, user=None)


def status_url(scenario):
    return reverse("scenario_status_update", args=[SLUG, scenario.pk])


def editor_url(scenario):
    return reverse("scenario_editor", args=[SLUG, scenario.pk])


def options(html: str) -> list[str]:
    select = re.search(r'<select class="select" id="id_scenario".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


# --- The selectors other surfaces use ------------------------------------------------------------------------


def test_the_selectors_give_members_the_shown_scenarios_only(signed_in, draft, dh_appraisal):
    assert [s.name for s in scenarios_shown(appraisal=dh_appraisal)] == ["Low", "High"]
    member = signed_in("member").get(DASHBOARD).wsgi_request.user
    assert [s.name for s in scenarios_for(appraisal=dh_appraisal, user=member)] == ["Low", "High"]
    officer = signed_in("officer", code="HBC").get(DASHBOARD).wsgi_request.user
    assert [s.name for s in scenarios_for(appraisal=dh_appraisal, user=officer)] == ["Low", "High", "Test only"]


# --- Members ------------------------------------------------------------------------------------------------


def test_a_member_never_sees_a_draft_on_the_dashboard(signed_in, draft):
    member = signed_in("member")
    html = member.get(DASHBOARD).content.decode()
    assert options(html) == ["Low", "High"]
    assert "Test only" not in html and "Draft" not in html
    assert cells(html, "comparison-table")[0][1:] == ["Low", "High"]


def test_a_member_asking_for_a_draft_by_its_id_is_shown_no_trace_of_it(signed_in, draft):
    member = signed_in("member")
    html = member.get(DASHBOARD, {"scenario": draft.pk, "compare": [draft.pk]}).content.decode()
    assert "Test only" not in html
    assert 'id="headline-npv"' not in html  # no scenario is chosen: the draft's figures are not shown
    assert cells(html, "comparison-table")[0][1:] == ["Low", "High"]  # the draft's tick is ignored
    panel = member.get(DASHBOARD, {"scenario": draft.pk}, HTTP_HX_TARGET="scenario-panel", **HX).content.decode()
    assert panel.lstrip().startswith('<div id="scenario-panel"') and "Test only" not in panel
    assert 'id="headline-npv"' not in panel
    comparison = member.get(DASHBOARD, {"compare": [draft.pk]}, HTTP_HX_TARGET="comparison", **HX).content.decode()
    assert "Test only" not in comparison


def test_a_member_does_not_find_a_draft_in_the_scenarios_list(signed_in, draft):
    html = signed_in("member").get(LIST).content.decode()
    assert [row[0] for row in cells(html, "scenario-list")[1:]] == ["Low", "High"]
    assert "Test only" not in html and "Status" not in cells(html, "scenario-list")[0]


def test_a_member_asking_for_a_drafts_editor_is_told_there_is_no_such_page(signed_in, draft):
    member = signed_in("member")
    assert member.get(editor_url(draft)).status_code == 404
    assert member.post(status_url(draft), {"status": "shown", "was-status": "draft"}).status_code == 404
    assert member.get(editor_url(Scenario.objects.get(name="Low"))).status_code == 403  # a shown one: refused
    assert Scenario.objects.get(pk=draft.pk).status == Scenario.Status.DRAFT


def test_a_scenario_shown_to_members_reaches_their_dashboard_and_returned_to_draft_leaves_it(signed_in, draft):
    scenario_status_update(scenario_id=draft.pk, status=Scenario.Status.SHOWN, was="draft", user=None)
    member = signed_in("member")
    assert options(member.get(DASHBOARD).content.decode()) == ["Low", "High", "Test only"]
    scenario_status_update(scenario_id=draft.pk, status=Scenario.Status.DRAFT, was="shown", user=None)
    assert options(member.get(DASHBOARD).content.decode()) == ["Low", "High"]


# --- Officers -----------------------------------------------------------------------------------------------


def test_an_officer_sees_drafts_marked_on_the_dashboard(signed_in, draft):
    officer = signed_in("officer")
    html = officer.get(DASHBOARD, {"scenario": draft.pk}).content.decode()
    assert options(html) == ["Low", "High", "Test only (draft)"]
    panel = fragment(html, "scenario-draft")
    assert "Draft" in panel and "Not shown to members" in panel
    assert re.search(r'id="headline-npv">£[\d,]+<', html)  # the draft's own figures
    compared = officer.get(DASHBOARD, {"compare": [draft.pk, Scenario.objects.get(name="Low").pk]})
    assert cells(compared.content.decode(), "comparison-table")[0][1:] == ["Test only Draft", "Low"]


def test_an_officer_sees_each_scenarios_status_in_the_list(signed_in, draft):
    rows = cells(signed_in("officer").get(LIST).content.decode(), "scenario-list")
    assert rows[0][:2] == ["Scenario", "Status"]
    assert [row[:2] for row in rows[1:]] == [["Low", "Shown to members"], ["High", "Shown to members"],
                                             ["Test only", "Draft"]]  # fmt: skip


def test_a_new_scenario_added_on_the_page_is_a_draft(signed_in, dh_appraisal):
    officer = signed_in("officer")
    form = {"name": "Midpoint", "description": "", "first_year": "2012/13", "years": "5", "delivery_option": "2"}
    officer.post(reverse("scenario_create", args=[SLUG]), form)
    added = Scenario.objects.get(name="Midpoint")
    assert added.status == Scenario.Status.DRAFT
    section = fragment(officer.get(editor_url(added)).content.decode(), "section-status")
    assert "Status: Draft" in re.sub(r"<[^>]+>", "", section)
    assert '<input type="hidden" name="status" value="shown">' in section and "Show to members" in section


def test_an_officer_shows_a_draft_to_members_without_javascript(signed_in, draft):
    officer = signed_in("officer")
    r = officer.post(status_url(draft), {"status": "shown", "was-status": "draft"})
    assert r.status_code == 302 and r["Location"] == editor_url(draft) + "#status"
    assert Scenario.objects.get(pk=draft.pk).status == Scenario.Status.SHOWN
    page = officer.get(r["Location"]).content.decode()
    assert "Shown to members: their dashboard shows it" in page
    assert "Return to draft" in fragment(page, "section-status")
    assert draft.history.first().history_user.username == "dbc-officer-user"


def test_an_officer_returns_a_scenario_to_draft_with_htmx(signed_in):
    officer = signed_in("officer")
    high = Scenario.objects.get(name="High")
    r = officer.post(status_url(high), {"status": "draft", "was-status": "shown"}, **HX)
    html = r.content.decode()
    assert html.lstrip().startswith('<section class="scenario-section scenario-section--status" id="section-status"')
    assert "Show to members" in fragment(html, "section-status")
    assert "Returned to draft: members no longer see it." in html  # the status line, out of band
    assert Scenario.objects.get(pk=high.pk).status == Scenario.Status.DRAFT


def test_a_status_changed_by_a_colleague_meanwhile_is_not_overwritten(signed_in, draft):
    officer = signed_in("officer")
    scenario_status_update(scenario_id=draft.pk, status=Scenario.Status.SHOWN, was="draft", user=None)
    # The page still showed "Draft" and offered to show it: the click is refused and says what it is now.
    r = officer.post(status_url(draft), {"status": "shown", "was-status": "draft"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "Changed by someone else" in html and "to shown to members while you were editing" in html
    assert '<a href="#section-status">Status: Changed by someone else' in html


def test_an_unknown_status_is_refused_beside_the_control(signed_in, draft):
    r = signed_in("officer").post(status_url(draft), {"status": "published", "was-status": "draft"}, **HX)
    assert "Select a valid choice" in r.content.decode()
    assert Scenario.objects.get(pk=draft.pk).status == Scenario.Status.DRAFT


def test_the_status_control_answers_only_posts(signed_in, draft):
    assert signed_in("officer").get(status_url(draft)).status_code == 405
