"""Signing in as an officer or a member of a partner council, for the options pages' tests."""

import pytest

from councils.models import Council
from councils.services import user_role_set


@pytest.fixture
def signed_in(client, django_user_model, dh_appraisal):
    """A function that signs the test client in with a role at a council of the Darlington & Hartlepool case."""

    def _sign_in(role, code="DBC"):
        user = django_user_model.objects.create_user(f"{code.lower()}-{role}-user", password="pw")
        user_role_set(user=user, role=role, council=Council.objects.get(code=code))
        client.force_login(user)
        return client

    return _sign_in
