"""Saves that meet another at the same moment (issue 13): the loser hears "a colleague was saving", never a 500.

The races run on a database that threads really share. pytest-django's SQLite test database is in memory with a
shared cache, where a second connection gets "database table is locked" at once, whatever the settings; so on
SQLite the test database is copied to a file and each thread connects to the copy with the project's own
OPTIONS (IMMEDIATE transactions, busy timeout). On PostgreSQL each thread connects to the test database.
"""

import html as htmllib
import re
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import psycopg.errors
import pytest
from django.db import DatabaseError, IntegrityError, OperationalError, connection, connections, transaction
from django.db.models import F
from django.test import Client
from django.urls import reverse

import appraisal.baselines.services
import appraisal.baselines.views
import appraisal.scenarios.parts
import appraisal.scenarios.services
from appraisal.models import SavingsRange, Scenario, ScenarioCluster
from appraise.concurrency import WRITE_CONFLICT, is_write_conflict
from councils.models import Council
from councils.services import user_role_set
from services.models import Baseline, ServiceCluster
from tests.conftest import DH_SLUG
from tests.helpers.grid import CELL, HTMX, cell_data, cell_id, hr, input_id
from tests.helpers.html import fragment, hidden_fields, text
from tests.helpers.savings import SAVINGS, saved_range, savings_form

LOCKED = OperationalError("database is locked")
SQLITE = connection.vendor == "sqlite"


def visible(html: str) -> str:
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


# --- A database threads share ------------------------------------------------------------------------------


class SharedDatabase:
    """Runs functions in threads, each on its own connection to the same database, and closes them after."""

    def __init__(self, settings_dict: dict):
        self.settings_dict = settings_dict
        self.backend = type(connections["default"])

    def _run(self, fn):
        connections["default"] = self.backend(self.settings_dict, "default")
        try:
            return fn()
        finally:
            connections["default"].close()

    def run(self, *fns) -> list:
        """Each function in a thread of its own, all at once; their results in order (or the first exception)."""
        with ThreadPoolExecutor(len(fns)) as pool:
            futures = [pool.submit(self._run, fn) for fn in fns]
            return [future.result(timeout=120) for future in futures]


def _officer(django_user_model, username: str, first_name: str):
    user = django_user_model.objects.create_user(username, password="pw", first_name=first_name)
    user_role_set(user=user, role="officer", council=Council.objects.get(code="DBC"))
    return user


@pytest.fixture
def officers(transactional_db, dh_appraisal, django_user_model):
    """Two officers of Darlington, committed (transactional_db) so that other connections see them."""
    return _officer(django_user_model, "dana", "Dana"), _officer(django_user_model, "dev", "Dev")


def _shared(tmp_path, *, lock_wait: float | None = None) -> SharedDatabase:
    """The test database as threads can share it, with the project's OPTIONS; `lock_wait`: seconds a write waits
    for another's lock before giving up (SQLite's busy timeout, PostgreSQL's lock_timeout)."""
    settings_dict = {**connection.settings_dict, "OPTIONS": {**connection.settings_dict.get("OPTIONS", {})}}
    if SQLITE:
        path = tmp_path / "shared.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        settings_dict["NAME"] = str(path)
        if lock_wait is not None:
            settings_dict["OPTIONS"]["timeout"] = lock_wait
    elif lock_wait is not None:
        settings_dict["OPTIONS"]["options"] = f"-c lock_timeout={round(lock_wait * 1000)}"
    return SharedDatabase(settings_dict)


@pytest.fixture
def shared(officers, tmp_path) -> SharedDatabase:
    return _shared(tmp_path)


def _signed_in(user) -> Client:
    client = Client(raise_request_exception=False)  # a server error comes back as the 500 a browser would get
    client.force_login(user)
    return client


# --- Two officers save the same cell at the same moment ---------------------------------------------------


def test_two_saves_of_the_same_cell_at_once_one_is_saved_and_the_other_told_a_colleague_changed_it(
    shared, officers, monkeypatch
):
    dana, dev = officers
    barrier = threading.Barrier(2, timeout=60)
    save = appraisal.baselines.views.baseline_update

    def together(**kwargs):
        barrier.wait()  # both requests reach the save at the same moment
        return save(**kwargs)

    monkeypatch.setattr(appraisal.baselines.views, "baseline_update", together)
    clients = dict(zip(officers, shared.run(lambda: _signed_in(dana), lambda: _signed_in(dev)), strict=True))
    history = shared.run(lambda: hr("DBC").history.count())[0]
    for round in range(1, 6):  # the SQLite defect lost nearly every round; five show it is no accident of timing
        typed = {dana: f"1,30{round},000", dev: f"1,40{round},000"}
        _race(shared, clients, typed, history)
        history += 1


def _race(shared: SharedDatabase, clients: dict, typed: dict, history: int) -> None:
    """Both officers save the same cell from the same version: one is saved, the other hears who changed it."""
    before = shared.run(lambda: hr("DBC"))[0]
    posts = [
        lambda client=client, value=typed[user]: client.post(CELL, cell_data(before, "gross_budget", value), **HTMX)
        for user, client in clients.items()
    ]
    responses = dict(zip(clients, shared.run(*posts), strict=True))
    assert {user.first_name: r.status_code for user, r in responses.items()} == {"Dana": 200, "Dev": 200}

    saved = [user for user, r in responses.items() if "Saved DBC gross budget for HR" in r.content.decode()]
    assert len(saved) == 1, "exactly one of the two saves goes through"
    winner = saved[0]
    loser = next(user for user in clients if user != winner)
    html = responses[loser].content.decode()
    cell = visible(fragment(html, cell_id(before, "gross_budget")))
    assert re.search(
        rf"{winner.first_name} changed this to £{typed[winner]} at \d\d:\d\d — your value was not saved\. "
        r"Check and save again\.",
        cell,
    ), cell
    assert re.search(rf'<input[^>]*value="{typed[loser]}"[^>]*id="{input_id(before, "gross_budget")}"', html)

    after, count, last = shared.run(lambda: (hr("DBC"), hr("DBC").history.count(), hr("DBC").history.first()))[0]
    assert after.gross_budget == Decimal(typed[winner].replace(",", ""))
    assert (after.version, after.updated_by_id) == (before.version + 1, winner.pk)
    assert count == history + 1, "the history has one change"
    assert (last.history_user_id, last.gross_budget) == (winner.pk, after.gross_budget)


def test_a_save_that_waits_out_the_lock_timeout_is_told_a_colleague_was_saving_and_saves_nothing(
    officers, tmp_path, monkeypatch
):
    # A colleague's long write (an import) holds the row (SQLite: the whole database) for longer than the save
    # will wait for it, here 0.5 s.
    shared = _shared(tmp_path, lock_wait=0.5)
    client = shared.run(lambda: _signed_in(officers[0]))[0]
    before, history = shared.run(lambda: (hr("DBC"), hr("DBC").history.count()))[0]
    holding, done = threading.Event(), threading.Event()

    def long_write():
        with transaction.atomic():
            Baseline.objects.filter(pk=before.pk).update(fte=F("fte"))  # the row locked, nothing changed
            holding.set()
            done.wait(timeout=60)

    save = appraisal.baselines.views.baseline_update

    def save_then_let_go(**kwargs):
        try:
            return save(**kwargs)
        finally:
            done.set()  # the import finishes once the save has given up, so the rest of the request can write

    monkeypatch.setattr(appraisal.baselines.views, "baseline_update", save_then_let_go)

    def post():
        holding.wait(timeout=60)
        return client.post(CELL, cell_data(before, "gross_budget", "1,234,567"), **HTMX)

    response = shared.run(long_write, post)[1]
    assert response.status_code == 200
    cell = fragment(response.content.decode(), cell_id(before, "gross_budget"))
    assert f"Error: {WRITE_CONFLICT}" in visible(cell)
    assert 'value="1,234,567"' in cell  # what was typed stays, to save again
    assert f'name="version" value="{before.version}"' in cell
    after, history_after = shared.run(lambda: (hr("DBC"), hr("DBC").history.count()))[0]
    assert (after.gross_budget, after.version, history_after) == (before.gross_budget, before.version, history)


# --- A service that meets a lock: each editor's answer -----------------------------------------------------


def refuse(*args, **kwargs):
    raise LOCKED


@pytest.fixture
def dana(client, django_user_model, dh_appraisal):
    client.force_login(_officer(django_user_model, "dana", "Dana"))
    return client


@pytest.mark.parametrize("hx", [True, False])
def test_a_grid_cell_whose_save_meets_a_lock_says_a_colleague_was_saving_beside_the_cell(dana, monkeypatch, hx):
    monkeypatch.setattr(appraisal.baselines.views, "baseline_update", refuse)
    before = hr("DBC")
    r = dana.post(CELL, cell_data(before, "gross_budget", "1,300,000"), **(HTMX if hx else {}))
    assert r.status_code == 200
    html = r.content.decode()
    cell = fragment(html, cell_id(before, "gross_budget"))
    assert f"Error: {WRITE_CONFLICT}" in visible(cell)
    assert 'value="1,300,000"' in cell and 'aria-invalid="true"' in cell
    assert f'name="version" value="{before.version}"' in cell
    if not hx:
        assert "Baseline budgets 2011/12" in html  # the whole page again
    assert hr("DBC").gross_budget == before.gross_budget


def test_a_savings_form_whose_save_meets_a_lock_keeps_what_was_typed_and_saves_no_row(dana, monkeypatch):
    # The second of two rows meets the lock: the first, already written, is rolled back with it.
    write = appraisal.baselines.services.savings_range_update
    calls = []

    def second_refused(**kwargs):
        calls.append(kwargs["cluster"].name)
        if len(calls) == 2:
            raise LOCKED
        return write(**kwargs)

    monkeypatch.setattr(appraisal.baselines.services, "savings_range_update", second_refused)
    form = dana.get(SAVINGS)
    strategic = ServiceCluster.objects.get(name="Strategic Management").pk
    corporate = ServiceCluster.objects.get(name="Corporate Services").pk
    before, history = (saved_range(), saved_range("Corporate Services")), SavingsRange.history.count()
    r = dana.post(SAVINGS, savings_form(form, **{f"min-{strategic}": "1,250,000", f"max-{corporate}": "3,000,000"}))
    assert r.status_code == 200 and len(calls) == 2
    page = text(r)
    assert "There is a problem" in page
    assert f"Strategic Management: {WRITE_CONFLICT}" in page and f"Corporate Services: {WRITE_CONFLICT}" in page
    assert "You had typed 1,250,000 – 1,600,000." in page
    fields = hidden_fields(r)
    assert fields[f"min-{strategic}"] == "1,250,000" and fields[f"max-{corporate}"] == "3,000,000"
    assert fields[f"version-{strategic}"] == hidden_fields(form)[f"version-{strategic}"]
    assert (saved_range(), saved_range("Corporate Services")) == before  # nothing half-written
    assert SavingsRange.history.count() == history


@pytest.mark.parametrize("hx", [True, False])
def test_a_scenario_edit_that_meets_a_lock_says_a_colleague_was_saving_beside_the_field(dana, monkeypatch, hx):
    monkeypatch.setattr(appraisal.scenarios.parts, "scenario_cluster_update", refuse)
    low = Scenario.objects.get(name="Low")
    cluster = ServiceCluster.objects.get(name="Corporate Services")
    url = reverse("scenario_cluster_update", args=[DH_SLUG, low.pk, cluster.pk])
    data = {"was-included": "1", "was-point": "min", "was-custom_value": "", "point": "max", "included": "1"}
    r = dana.post(url, data, **(HTMX if hx else {}))
    assert r.status_code == 200
    html = r.content.decode()
    row = visible(fragment(html, f"cluster-{cluster.pk}"))
    assert f"Error: {WRITE_CONFLICT}" in row
    assert f"Corporate Services: {WRITE_CONFLICT}" in visible(fragment(html, "scenario-errors"))
    if hx:
        assert "Not saved: see the message beside the field." in visible(fragment(html, "scenario-status"))
    assert '<option value="min" selected>Minimum</option>' in html  # the figure as it stands
    assert ScenarioCluster.objects.get(scenario=low, cluster=cluster).point == "min"


# --- Any other write: the middleware's answer ------------------------------------------------------------


def test_another_write_that_meets_a_lock_goes_back_to_its_page_with_the_message(dana, monkeypatch):
    monkeypatch.setattr(appraisal.scenarios.services, "scenario_create", refuse)
    scenarios = reverse("appraisal_scenarios", args=[DH_SLUG])
    data = {"name": "Stretch", "first_year": "2012/13", "years": "5", "delivery_option": "1"}
    r = dana.post(reverse("scenario_create", args=[DH_SLUG]), data, HTTP_REFERER=f"http://testserver{scenarios}")
    assert r.status_code == 302 and r["Location"] == f"http://testserver{scenarios}"
    page = dana.get(r["Location"]).content.decode()
    assert WRITE_CONFLICT in visible(page)
    assert not Scenario.objects.filter(name="Stretch").exists()


def test_another_write_that_meets_a_lock_without_a_page_to_go_back_to_gets_the_message_on_a_page(dana, monkeypatch):
    monkeypatch.setattr(appraisal.scenarios.services, "scenario_create", refuse)
    data = {"name": "Stretch", "first_year": "2012/13", "years": "5", "delivery_option": "1"}
    r = dana.post(reverse("scenario_create", args=[DH_SLUG]), data)
    assert r.status_code == 409
    assert WRITE_CONFLICT in visible(r.content.decode()) and "Sign out" in visible(r.content.decode())


def test_another_htmx_write_that_meets_a_lock_shows_the_message_above_the_page(dana, monkeypatch):
    monkeypatch.setattr(appraisal.baselines.views, "service_scope_set", refuse)
    service = hr("DBC").service
    r = dana.post(reverse("service_scope_update", args=[DH_SLUG]), {"service": service.pk, "scope": "excluded"}, **HTMX)
    assert r.status_code == 200
    assert (r["HX-Retarget"], r["HX-Reswap"]) == ("#main-content", "afterbegin")
    assert 'role="alert"' in r.content.decode() and WRITE_CONFLICT in visible(r.content.decode())


def test_a_database_error_that_is_not_a_conflict_is_still_an_error(dana, monkeypatch):
    def broken(**kwargs):
        raise OperationalError("no such table: services_baseline")

    monkeypatch.setattr(appraisal.baselines.views, "baseline_update", broken)
    with pytest.raises(OperationalError, match="no such table"):
        dana.post(CELL, cell_data(hr("DBC"), "gross_budget", "1,300,000"), **HTMX)


# --- Which errors are conflicts ------------------------------------------------------------------------------


def _wrapped(cause: Exception) -> OperationalError:
    """As Django raises a driver's error: its own class, the driver's error as the cause."""
    error = OperationalError(*cause.args)
    error.__cause__ = cause
    return error


def _sqlite_error(code: int) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError("database is busy")
    error.sqlite_errorcode = code
    return error


@pytest.mark.parametrize(
    "error",
    [
        LOCKED,
        _wrapped(_sqlite_error(5)),  # SQLITE_BUSY
        _wrapped(_sqlite_error(5 | 2 << 8)),  # SQLITE_BUSY_SNAPSHOT
        _wrapped(_sqlite_error(6)),  # SQLITE_LOCKED
        _wrapped(psycopg.errors.SerializationFailure("could not serialize access due to concurrent update")),
        _wrapped(psycopg.errors.DeadlockDetected("deadlock detected")),
        _wrapped(psycopg.errors.LockNotAvailable("canceling statement due to lock timeout")),
    ],
    ids=repr,
)
def test_lock_serialization_and_deadlock_errors_are_conflicts(error):
    assert is_write_conflict(error)


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("no such table: services_baseline"),
        IntegrityError("UNIQUE constraint failed: services_baseline.council_id"),
        _wrapped(psycopg.errors.UndefinedTable("relation does not exist")),
        DatabaseError("server closed the connection unexpectedly"),
        ValueError("database is locked"),  # not a database's error at all
    ],
    ids=repr,
)
def test_other_errors_are_not_conflicts(error):
    assert not is_write_conflict(error)
