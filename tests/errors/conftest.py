import pytest

from councils.models import Council
from councils.services import user_role_set


@pytest.fixture
def member(client, django_user_model, dh_appraisal):
    user = django_user_model.objects.create_user("dbc-member", password="pw", first_name="Dana", last_name="Member")
    user_role_set(user=user, role="member", council=Council.objects.get(code="DBC"))
    client.force_login(user)
    return client
