import os
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import settings as hypothesis_settings

from appraisal.demo.services import fixture_load
from appraisal.models import Appraisal
from tests.helpers.db_snapshot import Snapshot, snapshot_capture, snapshot_load

# Property tests: the same bounded number of examples everywhere. On CI (CI=true) the examples are derandomised,
# so a red build means a change in the code, never an unlucky draw; elsewhere they are drawn afresh each run.
# HYPOTHESIS_PROFILE=thorough searches ten times as hard (before a release, or after changing a calculation).
# Defects found so far are kept as @example()s, which every profile runs.
hypothesis_settings.register_profile("dev", max_examples=50, deadline=None)
hypothesis_settings.register_profile("ci", max_examples=50, deadline=None, derandomize=True, database=None)
hypothesis_settings.register_profile("thorough", max_examples=500, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

DH_SLUG = "darlington-hartlepool-2011"
DH_FIXTURE = Path(settings.FIXTURES_DIR) / f"{DH_SLUG}.json"


def _dh_fixture_load() -> None:
    fixture_load(path=DH_FIXTURE)


@pytest.fixture(scope="session")
def dh_snapshot(django_db_setup, django_db_blocker) -> Snapshot:
    """The rows the Darlington & Hartlepool fixture writes, captured once per test process."""
    with django_db_blocker.unblock():
        return snapshot_capture(_dh_fixture_load)


def dh_load(snapshot: Snapshot) -> Appraisal:
    """The database as `fixture_load(path=DH_FIXTURE)` leaves it, and the appraisal, fetched fresh."""
    snapshot_load(snapshot, _dh_fixture_load)
    return Appraisal.objects.get(slug=DH_SLUG)


@pytest.fixture
def dh_appraisal(db, dh_snapshot) -> Appraisal:
    """The Darlington & Hartlepool appraisal of seed 001, as loaded from the shipped fixture."""
    return dh_load(dh_snapshot)


@pytest.fixture
def signed_in(client, django_user_model, dh_appraisal):
    """A function that signs the test client in with a role at a council of the Darlington & Hartlepool case (the
    options, scenario and staffing pages' tests)."""
    from councils.models import Council
    from councils.services import user_role_set

    def _sign_in(role, code="DBC"):
        user = django_user_model.objects.create_user(f"{code.lower()}-{role}-user", password="pw")
        user_role_set(user=user, role=role, council=Council.objects.get(code=code))
        client.force_login(user)
        return client

    return _sign_in


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("programme-admin", "admin@example.org", "pw")
    client.force_login(user)
    return client
