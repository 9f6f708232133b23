from pathlib import Path

import pytest
from django.conf import settings

from appraisal.models import Appraisal
from appraisal.services import fixture_load

DH_SLUG = "darlington-hartlepool-2011"
DH_FIXTURE = Path(settings.FIXTURES_DIR) / f"{DH_SLUG}.json"


@pytest.fixture
def dh_appraisal(db) -> Appraisal:
    """The Darlington & Hartlepool appraisal of seed 001, loaded from the shipped fixture."""
    fixture_load(path=DH_FIXTURE)
    return Appraisal.objects.get(slug=DH_SLUG)


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("programme-admin", "admin@example.org", "pw")
    client.force_login(user)
    return client
