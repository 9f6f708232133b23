import pytest

from councils.models import Council
from councils.services import user_role_set


@pytest.fixture
def sign_in(client, django_user_model, dh_appraisal):
    def _sign_in(role, code=None, username=None):
        user = django_user_model.objects.create_user(username or f"{(code or 'x').lower()}-{role}", password="pw")
        user_role_set(user=user, role=role, council=Council.objects.get(code=code) if code else None)
        client.force_login(user)
        return client

    return _sign_in


@pytest.fixture
def officer(client, django_user_model, dh_appraisal):
    """Di Bell, Darlington's officer, signed in on `client`: the person the history pages name for a change she made.
    A test may then sign in someone else with `sign_in` to read the page."""
    user = django_user_model.objects.create_user("dbc-officer", password="pw", first_name="Di", last_name="Bell")
    user_role_set(user=user, role="officer", council=Council.objects.get(code="DBC"))
    client.force_login(user)
    return user
