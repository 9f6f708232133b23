import pytest
from django.conf import settings

from appraisal.demo.services import demo_fixture_paths, fixture_load
from tests.helpers.db_snapshot import Snapshot, snapshot_capture, snapshot_load


def _demo_load() -> None:
    for path in demo_fixture_paths(settings.FIXTURES_DIR):
        fixture_load(path=path)


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker) -> Snapshot:
    """Every fixture load_demo loads, captured once per test process (tests/helpers/db_snapshot.py)."""
    with django_db_blocker.unblock():
        return snapshot_capture(_demo_load)


@pytest.fixture
def demo(db, demo_snapshot) -> None:
    """The database as load_demo's fixtures leave it (without the demo users)."""
    snapshot_load(demo_snapshot, _demo_load)
