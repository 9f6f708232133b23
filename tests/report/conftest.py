import hashlib
import io
import re
import signal
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from appraisal.models import Appraisal, Scenario
from appraisal.report.selectors import cabinet_report_data
from appraisal.scenarios.services import scenario_create, scenario_status_update
from councils.models import Council
from councils.services import council_upsert, user_role_set

SLUG = "darlington-hartlepool-2011"
# The task backend production runs (APPRAISE_TASK_BACKEND=database): tasks wait in the database for db_worker.
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def pdf_text(pdf: bytes) -> str:
    """Every page's text, as pypdf extracts it (what a member's screen reader or search would find)."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def cells(html: str, element_id: str) -> str:
    """The text of the element with that id in the dashboard's HTML (tags dropped)."""
    match = re.search(rf'id="{element_id}">(.*?)</', html, re.S)
    assert match, f"no #{element_id} on the page"
    return match.group(1).strip()


def edit_form(dh_appraisal, **changes) -> dict:
    """The form as the page sends it when nothing is changed, with `changes`."""
    data = cabinet_report_data(appraisal=dh_appraisal)
    form = {
        "presenting_council": str(data.dashboard.figures.councils[0].pk),
        "meeting": "Cabinet",
        "meeting_date": "2011-08-08",
        "title": dh_appraisal.title,
        "cabinet_members": "",
        "directors": "",
        "author": "",
        "contact": "",
        "scenario": "",
        "compared_scenarios": [str(pk) for pk in data.compared_ids],  # the boxes the page shows ticked
        "version": str(data.report.version if data.report.pk else 0),
    }
    form.update({key: section.text for key, section in data.sections.items()})
    form.update(changes)
    return form


def scenario_added(appraisal: Appraisal, name: str, *, shown: bool = False, years: int = 5) -> Scenario:
    """A scenario as an officer adds it (a draft, every cluster at its midpoint, no costs), shown to members if
    `shown`, as the editor's Status control does."""
    scenario = scenario_create(appraisal=appraisal, name=name, first_year=2012, years=years, user=None)
    if shown:
        scenario_status_update(scenario_id=scenario.pk, status=Scenario.Status.SHOWN, was=None, user=None)
    return Scenario.objects.get(pk=scenario.pk)


@pytest.fixture
def user_with(client, django_user_model, dh_appraisal):
    """A signed-in client with a role: 'officer' or 'member' of Darlington, 'hbc_officer', 'outsider', 'admin'."""

    def make(role: str, username: str | None = None):
        user = django_user_model.objects.create_user(username or role, password="pw", first_name="", last_name="")
        if role == "admin":
            user.is_superuser = True
            user.save()
        elif role == "outsider":
            stockton = council_upsert(code="SBC", name="Stockton-on-Tees Borough Council", council_type="unitary")
            user_role_set(user=user, role="officer", council=stockton)
        else:
            code = "HBC" if role == "hbc_officer" else "DBC"
            user_role_set(user=user, role="member" if role == "member" else "officer",
                          council=Council.objects.get(code=code))  # fmt: skip
        client.force_login(user)
        return client, user

    return make


# Each distinct report HTML rendered by WeasyPrint once per test worker (some 3 s each): most tests here read the
# same demo report, as members would, and the task, its storage and its views all still run for real.
_RENDERED: dict[str, bytes] = {}


@pytest.fixture(autouse=True)
def each_report_rendered_once(monkeypatch):
    from appraisal.report import services

    real = services.html_to_pdf

    def render_once(html: str) -> bytes:
        key = hashlib.sha256(html.encode()).hexdigest()
        if key not in _RENDERED:
            _RENDERED[key] = real(html)
        return _RENDERED[key]

    monkeypatch.setattr(services, "html_to_pdf", render_once)


@contextmanager
def _signal_handlers_kept():
    """db_worker sets its own SIGINT/SIGTERM handlers (to finish a task before stopping): put the test run's back."""
    kept = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        yield
    finally:
        for s, handler in kept.items():
            signal.signal(s, handler)


def run_worker_once() -> None:
    """What `python manage.py db_worker` does beside gunicorn, once: run every queued task, then stop."""
    with _signal_handlers_kept():
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
