"""Nothing a member reads shows internal notes (issue 15, defect 10): no seed report named by its number or section,
nothing called illustrative. Where the demo's figures come from is told in fixtures/README.md instead."""

import json
import re

import pytest
from django.urls import reverse

from appraisal.models import Scenario
from councils.models import Council
from councils.services import user_role_set
from tests.conftest import DH_FIXTURE, DH_SLUG

INTERNAL = re.compile(r"seed 0|§|illustrative", re.IGNORECASE)


def internal_notes(text: str) -> list[str]:
    return [text[max(m.start() - 40, 0) : m.end() + 40] for m in INTERNAL.finditer(text)]


def test_the_demo_fixture_writes_no_internal_note_where_users_read_it():
    data = json.loads(DH_FIXTURE.read_text(encoding="utf-8"))
    read = [s.get("reason", "") for c in data["clusters"] for s in c["services"]]
    read += [c.get("description", "") for c in data["clusters"]]
    for a in data["appraisals"]:
        read += [a["title"], a.get("description", "")]
        read += [s.get("description", "") for s in a.get("scenarios", [])]
        read += [c.get("description", "") for s in a.get("scenarios", []) for c in s.get("costs", [])]
    assert [note for text in read for note in internal_notes(text)] == []


def read_in(data: dict) -> list[str]:
    """Everything of a fixture a user reads: names, descriptions, reasons, risks, as written."""
    texts = [c.get("description", "") for c in data.get("clusters", [])]
    texts += [t for c in data.get("clusters", []) for s in c["services"] for t in (s["name"], s.get("reason", ""))]
    for a in data.get("appraisals", []):
        texts += [a.get("title", ""), a.get("description", "")]
        texts += [c["name"] for c in a.get("criteria", [])]
        for s in a.get("scenarios", []) + [o["scenario"] for o in a.get("options", []) if "scenario" in o]:
            texts += [s.get("name", ""), s.get("description", "")] + [c.get("description", "") for c in s["costs"]]
        for o in a.get("options", []):
            texts += [o.get("name", ""), o.get("description", ""), o.get("preferred_reason", "")]
            texts += [score.get("reason", "") for score in o.get("scores", {}).values()]
            texts += [t for r in o.get("risks", []) for t in (r["description"], r.get("owner", ""), r["mitigation"])]
    return texts


def test_no_fixture_writes_an_internal_note_where_users_read_it():
    for path in sorted(DH_FIXTURE.parent.glob("*.json")):
        texts = read_in(json.loads(path.read_text(encoding="utf-8")))
        assert [note for text in texts for note in internal_notes(text)] == [], path.name
        assert not [t for t in texts if "TODO" in t or "XXX" in t or "lorem" in t.lower()], path.name


def test_the_fixtures_readme_tells_where_the_figures_come_from():
    readme = (DH_FIXTURE.parent / "README.md").read_text(encoding="utf-8")
    assert "## darlington-hartlepool-2011.json" in readme
    assert "### From the report, to the pound" in readme and "### Illustrative" in readme
    assert "£147,968,591" in readme
    for path in DH_FIXTURE.parent.glob("*.json"):
        assert f"## {path.name}" in readme


@pytest.mark.django_db
def test_no_page_a_member_reads_shows_an_internal_note(client, django_user_model, dh_appraisal):
    member = django_user_model.objects.create_user("cllr", password="pw")
    user_role_set(user=member, role="member", council=Council.objects.get(code="DBC"))
    client.force_login(member)
    scenarios = list(Scenario.objects.filter(appraisal=dh_appraisal))
    assert [s.name for s in scenarios] == ["Low", "High"]
    pages = [reverse("home"), reverse("appraisal_detail", args=[DH_SLUG])]
    pages += [f"{reverse('appraisal_detail', args=[DH_SLUG])}?scenario={s.pk}" for s in scenarios]
    pages += [f"{reverse('cabinet_report', args=[DH_SLUG])}?scenario={s.name}" for s in scenarios]
    pages += [reverse(name, args=[DH_SLUG]) for name in ("cabinet_report", "baseline_grid", "appraisal_scope")]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert internal_notes(response.content.decode()) == [], url
    # The appraisal's description tells members what it is for.
    dashboard = client.get(reverse("appraisal_detail", args=[DH_SLUG])).content.decode()
    assert "looks at whether integrating services and sharing management across the two councils" in dashboard
